"""Images for photos, QR codes and adverts: one decision per file, and
decoding at the size a device needs.

``probe`` decides once whether a file can be used and at what size, and
everything that draws (screen, PNG, PDF, printer, thumbnails) follows it:
only a regular file is opened; the pixel count is read from the header
and checked before anything is decoded; the whole file is decoded once
(at the smallest scale the format allows) so that a truncated or damaged
file is refused everywhere alike; the EXIF orientation turns the picture.

``decode`` then gives the pixels at the smallest size that still fills what
the device shows: a JPEG decodes at 1/2, 1/4 or 1/8 scale (``draft``), a
JPEG 2000 at a reduced resolution level, anything else whole and then
reduced. No image is ever held at more than IMAGE_LIMIT_PX pixels.
Pillow handles JPEG, PNG and TIFF (1-, 8- and 16-bit, tiled), JPEG 2000,
and CMYK JPEGs (Adobe-inverted ones too).
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from PIL import Image as PILImage
from PIL import ImageFile, UnidentifiedImageError

from ..messages import Foreign, Msg, said
from ..model.geometry import Rect
from ..model.files import file_kind, not_a_file
from ..sources.scan_check import image_reason

# The most pixels one image is decoded at, at any time and on any device
# (a 6000 x 9000 px page scan has 54 million). A larger image that can be
# decoded at a reduced scale is drawn from that; one that cannot is refused.
IMAGE_LIMIT_PX = 64_000_000
# The most decoded pixels the images of one page may hold at once on one
# device; beyond it every image of the page is drawn at a lower resolution.
PAGE_LIMIT_PX = 128_000_000

# This module checks every pixel count before decoding (against the limits
# above), so Pillow's own, cruder bomb check and its warning are turned off.
PILImage.MAX_IMAGE_PIXELS = None
ImageFile.LOAD_TRUNCATED_IMAGES = False

# EXIF orientation -> the transpose that shows the picture upright
_ORIENT = {
    2: (PILImage.Transpose.FLIP_LEFT_RIGHT,),
    3: (PILImage.Transpose.ROTATE_180,),
    4: (PILImage.Transpose.FLIP_TOP_BOTTOM,),
    5: (PILImage.Transpose.TRANSPOSE,),
    6: (PILImage.Transpose.ROTATE_270,),
    7: (PILImage.Transpose.TRANSVERSE,),
    8: (PILImage.Transpose.ROTATE_90,),
}


class ImageError(Exception):
    """The image cannot be used; the message (a Msg) says why."""


@dataclass(frozen=True)
class ImageInfo:
    """What ``probe`` decided about one file. ``width`` and ``height`` are
    the picture's as shown, after its EXIF orientation."""

    path: Path | None
    width: int
    height: int
    error: Msg | None = None
    warning: Msg | None = None  # usable, but drawn from a reduced decode
    format: str = ""
    orientation: int = 1
    max_reduce: int = 1  # the largest factor the format can reduce by while decoding
    pdf_page: int | None = None  # the picture is that of this page of a PDF (a library's page PDF)

    @property
    def pixels(self) -> int:
        return self.width * self.height


def megapixels(n: float) -> str:
    return f"{n / 1e6:.0f}" if n >= 10e6 else f"{n / 1e6:.1f}"


# the image formats a message names, by Pillow's name for them
_FORMATS = {"JPEG": Msg("JPEG"), "PNG": Msg("PNG"), "TIFF": Msg("TIFF"), "GIF": Msg("GIF"), "BMP": Msg("BMP"),
            "WEBP": Msg("WEBP"), "JPEG2000": Msg("JPEG2000")}


def pillow_reason(exc: BaseException) -> Foreign | Msg:
    """What Pillow (or the system under it) says about a file it cannot
    read (``sources.scan_check.image_reason``); an ImageError says its own."""
    if isinstance(exc, ImageError):
        return said(exc)
    return image_reason(exc)


# a PDF page without an image of its own is rasterized at this resolution
PDF_RENDER_DPI = 300


@functools.lru_cache(maxsize=4)
def _pdf_picture(path: str, mtime: float, page: int) -> bytes:
    """The picture of a page of a PDF, as an image file's bytes: the largest
    image the page draws, as the file holds it (a library's page PDF is its
    scan with a text layer), else the page rasterized at PDF_RENDER_DPI."""
    from ..model.files import read_regular
    from ..mupdf import load_pymupdf

    pymupdf = load_pymupdf()
    with pymupdf.open(stream=read_regular(Path(path)), filetype="pdf") as doc:
        if not 0 <= page < doc.page_count:
            raise ImageError(Msg("the PDF has no page {number}", number=page + 1))
        images = doc[page].get_images(full=True)
        if images:
            xref = max(images, key=lambda i: i[2] * i[3])[0]
            return doc.extract_image(xref)["image"]
        pix = doc[page].get_pixmap(dpi=PDF_RENDER_DPI, alpha=False)
        return pix.tobytes("png")


def pdf_picture(path: str | os.PathLike, page: int) -> bytes:
    """``_pdf_picture`` of a regular file."""
    why = not_a_file(Path(path))
    if why:
        raise ImageError(Msg("the file {why}", why=why))
    return _pdf_picture(str(path), Path(path).stat().st_mtime, page)


@contextlib.contextmanager
def open_image(path: str | os.PathLike, pdf_page: int | None = None) -> Iterator[PILImage.Image]:
    """Pillow's image of a regular file (or of the picture on page
    ``pdf_page`` of a PDF file). The file is opened without blocking and
    checked again once open, so a FIFO or a device is never read from, even
    one put in the file's place after ``probe``."""
    if pdf_page is not None:
        import io

        with PILImage.open(io.BytesIO(pdf_picture(path, pdf_page))) as im:
            yield im
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind:
            raise ImageError(Msg("the file {why}", why=Msg("is {kind}, not a file", kind=kind)))
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        with PILImage.open(f) as im:
            yield im


def _max_reduce(im: PILImage.Image) -> int:
    if im.format == "JPEG":
        return 8  # libjpeg's DCT scaling: 1/2, 1/4, 1/8
    if im.format == "JPEG2000":
        return 32  # resolution levels; files with fewer fall back to a whole decode
    return 1


def _orientation(im: PILImage.Image) -> int:
    if im.format == "PNG" and "exif" not in im.info:
        return 1  # Pillow would decode the whole image to look for a late eXIf chunk
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # a damaged EXIF block is no reason to refuse the picture
        return 1
    return value if value in _ORIENT else 1


@functools.lru_cache(maxsize=512)
def _probe(path: str, mtime: float, size: int, pdf_page: int | None = None) -> ImageInfo:
    info = _header(path, mtime, size, pdf_page)
    if info.error or (path, mtime, size, pdf_page) in _verified:
        return info
    # decode it all once, at the smallest scale: a truncated or damaged file
    # is refused here, and so on every device alike
    try:
        if info.format != "PNG":
            decode(info, 1, 1).close()
    except MemoryError:
        return ImageInfo(info.path, 0, 0, Msg("not enough memory to decode the image"))
    except Exception as exc:
        return ImageInfo(info.path, 0, 0, Msg("the image is damaged: {reason}", reason=pillow_reason(exc)))
    return info


_verified: set[tuple] = set()  # files a whole decode (for a screen) has read without fault


@functools.lru_cache(maxsize=512)
def _header(path: str, mtime: float, size: int, pdf_page: int | None = None) -> ImageInfo:
    """What a file's header says: size, format, orientation, and whether its
    size is within the limits; the file's data is not read."""
    p = Path(path)
    try:
        with open_image(path, pdf_page) as im:
            w, h = im.size
            fmt = im.format or ""
            orientation = _orientation(im)
            reduce = _max_reduce(im)
        if fmt == "PNG":
            with open_image(path, pdf_page) as im:
                im.verify()  # every chunk's checksum, to the end: cheaper than a decode
    except ImageError as exc:
        return ImageInfo(p, 0, 0, said(exc))
    except FileNotFoundError:
        return ImageInfo(p, 0, 0, Msg("the file {why}", why=Msg("does not exist")))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        return ImageInfo(p, 0, 0, Msg("not a readable image: {reason}", reason=pillow_reason(exc)))
    except Exception as exc:  # Pillow raises others on odd files
        kind = type(exc).__name__
        return ImageInfo(p, 0, 0, Msg("not a readable image: {reason}", reason=Foreign("image", kind, f"{kind}: {exc}")))
    if w <= 0 or h <= 0:
        return ImageInfo(p, 0, 0, Msg("the image is empty"))
    if orientation in (5, 6, 7, 8):
        w, h = h, w
    smallest = w * h / (reduce * reduce)
    if smallest > IMAGE_LIMIT_PX:
        how = (Msg("even its smallest decode has {megapixels} megapixels", megapixels=megapixels(smallest))
               if reduce > 1 else Msg("a {format} cannot be decoded at a reduced size",
                                      format=_FORMATS.get(fmt, fmt) if fmt else Msg("file of this kind")))
        return ImageInfo(p, 0, 0, Msg("{width} x {height} pixels ({megapixels} megapixels), and {how}: more than the "
                                      "{limit} megapixels an image may be decoded at", width=w, height=h,
                                      megapixels=megapixels(w * h), how=how, limit=megapixels(IMAGE_LIMIT_PX)))
    info = ImageInfo(p, w, h, None, None, fmt, orientation, reduce, pdf_page)
    if w * h > IMAGE_LIMIT_PX:
        warning = Msg("{width} x {height} pixels ({megapixels} megapixels), more than the {limit} megapixels an image "
                      "may be decoded at: it is drawn from a decode at reduced size", width=w, height=h,
                      megapixels=megapixels(w * h), limit=megapixels(IMAGE_LIMIT_PX))
        info = ImageInfo(p, w, h, None, warning, fmt, orientation, reduce, pdf_page)
    return info


_decided: dict[tuple, ImageInfo] = {}  # what probe decided, for known()


def probe(path: Path, pdf_page: int | None = None) -> ImageInfo:
    """What ``path`` (or the picture on page ``pdf_page`` of that PDF) can
    be used as; decided once per file."""
    why = not_a_file(path)
    if why:
        return ImageInfo(path, 0, 0, Msg("the file {why}", why=why), pdf_page=pdf_page)
    st = path.stat()
    info = _probe(str(path), st.st_mtime, st.st_size, pdf_page)
    _decided[(str(path), st.st_mtime, st.st_size, pdf_page)] = info
    return info


def decode_checked(path: Path, pdf_page: int | None, want) -> tuple[ImageInfo, PILImage.Image]:
    """A page scan's header and its pixels at the size ``want(info)`` gives
    (a function of the header's ImageInfo: (width, height) in pixels), in one
    read of the file: the display decode reads all of its data, so it stands
    for probe's whole-file check, which is then not repeated. Raises
    ImageError with probe's reason when the file cannot be used."""
    why = not_a_file(path)
    if why:
        raise ImageError(Msg("the file {why}", why=why))
    st = path.stat()
    key = (str(path), st.st_mtime, st.st_size, pdf_page)
    info = _decided.get(key) or _header(*key)
    if info.error:
        raise ImageError(info.error)
    try:
        im = decode(info, *want(info))
    except MemoryError:
        raise ImageError(Msg("not enough memory to decode the image")) from None
    except Exception as exc:
        raise ImageError(Msg("the image is damaged: {reason}", reason=pillow_reason(exc))) from None
    _verified.add(key)
    _decided[key] = info
    return info, im


def header_info(path: Path, pdf_page: int | None = None) -> ImageInfo | None:
    """What the file's header says (size, format), without reading its data;
    None when it is not a regular file."""
    if not_a_file(path):
        return None
    st = path.stat()
    return _header(str(path), st.st_mtime, st.st_size, pdf_page)


def known(path: Path, pdf_page: int | None = None) -> ImageInfo | None:
    """What probe decided about the file, if it was asked already (it reads
    and decodes the whole file once, which a screen may not wait for)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return _decided.get((str(path), st.st_mtime, st.st_size, pdf_page))


def scale_for(info: ImageInfo, want_w: float, want_h: float, slack: float = 1.0) -> float:
    """The fraction of the full size to decode at so that the picture is at
    least ``want_w`` x ``want_h`` pixels (as shown), rounded up to a power of
    two (the steps JPEG and JPEG 2000 decode at, and a cache can share), at
    most 1 and within IMAGE_LIMIT_PX. ``slack`` below 1 accepts that much
    of the pixels wanted (a page scan shown at 93 % of the screen's pixels
    decodes at a quarter of a 1/2 decode's pixels and time)."""
    need = max(want_w / info.width, want_h / info.height, 1e-9) * slack
    if need >= 1:
        f = 1.0
    else:
        f = 2.0 ** math.ceil(math.log2(need))
    while f > 1e-9 and info.pixels * f * f > IMAGE_LIMIT_PX:
        f /= 2
    return f


def decode(info: ImageInfo, want_w: float, want_h: float) -> PILImage.Image:
    """The picture upright as RGB (RGBA when it has transparency), at least
    ``want_w`` x ``want_h`` pixels where the file has them, decoded at the
    smallest scale that gives that (see ``scale_for``)."""
    if info.error:
        raise ImageError(info.error)
    f = scale_for(info, want_w, want_h)
    w, h = max(1, math.ceil(info.width * f)), max(1, math.ceil(info.height * f))
    if info.orientation in (5, 6, 7, 8):
        w, h = h, w  # the file's own axes
    try:
        im = _decode_file(info, w, h, reduced=True)
    except Exception:
        if info.format != "JPEG2000":
            raise
        # OpenJPEG fails on some files' reduced levels ("broken data stream"):
        # a whole decode, when the limit allows one
        full_w, full_h = (info.height, info.width) if info.orientation in (5, 6, 7, 8) else (info.width, info.height)
        if full_w * full_h > IMAGE_LIMIT_PX:
            raise
        im = _decode_file(info, w, h, reduced=False)
    for step in _ORIENT.get(info.orientation, ()):
        im = im.transpose(step)
    return im


def _decode_file(info: ImageInfo, w: int, h: int, reduced: bool) -> PILImage.Image:
    with open_image(info.path, info.pdf_page) as im:
        fw, fh = im.size
        if reduced and info.format == "JPEG":
            im.draft(im.mode, (w, h))  # the smallest DCT scale at least w x h
        elif reduced and info.format == "JPEG2000":
            level = 0
            while level < 5 and (fw >> (level + 1)) >= w and (fh >> (level + 1)) >= h:
                level += 1
            im.reduce = level
        im.load()
        out = _plain_mode(im)
        k = min(out.width // max(w, 1), out.height // max(h, 1))
        if k >= 2:
            out = out.reduce(k)  # a box filter over k x k pixels
        elif out is im:
            out = im.copy()  # closing the file frees the pixels Pillow decoded
    return out


def _plain_mode(im: PILImage.Image) -> PILImage.Image:
    """RGB, or RGBA for images with transparency, or 8-bit grey for grey
    and 1-bit images (a newspaper scan is mostly grey: a quarter of the
    memory of RGB); 16-bit grey scaled to 8."""
    if im.mode.startswith("I;16") or im.mode == "I":
        return im.convert("I").point(lambda v: v / 256).convert("L")
    if im.mode == "RGBA" or im.mode == "LA" or im.mode == "PA" or (im.mode == "P" and "transparency" in im.info):
        return im.convert("RGBA")
    if im.mode in ("RGB", "L"):
        return im
    if im.mode == "1":
        return im.convert("L")
    return im.convert("RGB")


def fit_rect(width: int, height: int, rect: Rect, fit: str, crop=None) -> tuple[Rect, Rect]:
    """(source pixel rect, destination rect in points) for an image in ``rect``."""
    sx0, sy0, sx1, sy1 = 0.0, 0.0, float(width), float(height)
    if crop is not None:
        l, t, r, b = crop
        sx0, sy0, sx1, sy1 = l * width, t * height, r * width, b * height
    sw, sh = sx1 - sx0, sy1 - sy0
    x0, y0, x1, y1 = rect
    dw, dh = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    if fit == "cover":
        scale = max(dw / sw, dh / sh)
        cw, ch = dw / scale, dh / scale
        cx0 = sx0 + (sw - cw) / 2
        cy0 = sy0 + (sh - ch) / 2
        return (cx0, cy0, cx0 + cw, cy0 + ch), rect
    scale = min(dw / sw, dh / sh)
    w, h = sw * scale, sh * scale
    ox, oy = x0 + (dw - w) / 2, y0 + (dh - h) / 2
    return (sx0, sy0, sx1, sy1), (ox, oy, ox + w, oy + h)


def load_rgb(path: str, mtime: float | None = None) -> PILImage.Image:
    """The whole picture at full size (within IMAGE_LIMIT_PX), upright."""
    info = probe(Path(path))
    return decode(info, info.width, info.height)
