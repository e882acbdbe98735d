"""Whether the scan of a page can be shown: one decision per file, made
when the package opens, from the file's header and its end, before any
pixel is decoded. Every command and the window follow it: a scan refused
here is not on the page at all, and the page is rebuilt from its OCR text
(the words drawn in ink, as for a package without scans), with a warning
that names the file and says why.

The pixel budget (Pillow's own bomb check, and its warning, are not used):

- no scan may claim more than SCAN_LIMIT_PX pixels (256 megapixels: a
  broadsheet of 17 x 23.5 in scanned at 800 dpi), so no larger picture is
  ever decoded, drawn or embedded in a PDF;
- its smallest decode may hold at most DECODE_LIMIT_PX (64 megapixels, the
  most one image is decoded at, ``layout.images.IMAGE_LIMIT_PX``): a JPEG
  decodes at 1/8 of its size, a JPEG 2000 at its lowest resolution level
  (at most 1/32), anything else (PNG, TIFF, a page PDF's picture that is
  not JPEG or JPEG 2000, a PDF page without a picture, rasterized at
  300 dpi) whole, so for those the limit is 64 megapixels.

A truncated file is found by its end, which costs a read of its last bytes
(see bench/scan_check.py): a JPEG ends with its EOI marker, a PNG with its
IEND chunk, a JPEG 2000 codestream with its EOC marker inside boxes that
fit the file, and a TIFF's strips or tiles lie inside the file. Only a file
whose end is not what it should be is decoded to be sure (a JPEG at 1/8
scale, a PNG's chunks checked): data after the end marker is no fault.
"""

from __future__ import annotations

import errno
import re
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from ..messages import Foreign, Msg
from .files import Refused, open_regular

SCAN_LIMIT_PX = 256_000_000
DECODE_LIMIT_PX = 64_000_000
JPEG_REDUCE = 8  # libjpeg's DCT scaling: 1/2, 1/4, 1/8
JPEG2000_MAX_LEVELS = 5  # the resolution levels a JPEG 2000 is decoded down by, at most (1/32)
PDF_RENDER_DPI = 300  # a page PDF without a picture is rasterized at this resolution
TAIL_BYTES = 4096  # how much of a file's end is read to find its end marker

# every pixel count is checked here, before decoding: Pillow's cruder check
# (a warning, then an error, at sizes of its own) is not used
Image.MAX_IMAGE_PIXELS = None
ImageFile.LOAD_TRUNCATED_IMAGES = False

SHOWN_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "TIFF": "TIFF", "JPEG2000": "JPEG2000"}
_FORMAT_NAMES = {"JPEG2000": "JPEG 2000"}
NOT_SHOWN = Msg("the page is reconstructed from its OCR text")


@dataclass(frozen=True)
class ImageScan:
    """What the header of a scan that can be shown says."""

    format: str  # JPEG, PNG, TIFF, JPEG2000
    width: int
    height: int
    dpi: object = None  # the resolution the file states, as Pillow reads it


@dataclass(frozen=True)
class PdfScan:
    """What a page PDF that can be shown holds: its first page's size in
    points and the pixel size of its picture (the largest image it draws,
    else the page at PDF_RENDER_DPI)."""

    width_pt: float
    height_pt: float
    pixel_width: int
    pixel_height: int


class _Refusal(Exception):
    def __init__(self, msg: Msg):
        super().__init__(msg)
        self.msg = msg


def limit_px(reduce: int) -> int:
    """The most pixels a scan may claim when its format decodes down to
    1/``reduce`` of its size."""
    return min(SCAN_LIMIT_PX, DECODE_LIMIT_PX * reduce * reduce)


def megapixels(n: float) -> str:
    return f"{n / 1e6:.0f}" if n >= 10e6 else f"{n / 1e6:.1f}"


def image_reason(exc: BaseException) -> Foreign | Msg | str:
    """What Pillow (or the system under it) says about a file it cannot
    read, as it says it, translated by the kind of failure: "unidentified"
    (no format knows the file), "truncated" (with the bytes left over,
    "truncated-bytes"), "broken-data" and "decoder-error" (a decoder gave
    up), "no-decoder", "malformed" (Pillow's SyntaxError: the file breaks
    its format's rules), "invalid-value"; an OSError of the system by its
    errno; else the exception's class name."""
    text = str(exc)
    if isinstance(exc, UnidentifiedImageError):
        # Pillow names the file object it was given ("<_io.BufferedReader name=3>"): not a name to show
        return Foreign("image", "unidentified", re.sub(r" <[^<>]*>$", "", text))
    if isinstance(exc, OSError) and isinstance(exc.errno, int) and exc.errno in errno.errorcode:
        return Foreign("errno", errno.errorcode[exc.errno], text)
    truncated = re.fullmatch(r"image file is truncated \((\d+) bytes not processed\)", text)
    if truncated:
        return Foreign("image", "truncated-bytes", text, count=int(truncated.group(1)))
    if isinstance(exc, EOFError) or text in ("image file is truncated", "Truncated File Read"):
        return Foreign("image", "truncated", text)
    if text == "broken data stream when reading image file":
        return Foreign("image", "broken-data", text)
    if text.endswith(" when reading image file"):
        return Foreign("image", "decoder-error", text)
    if text == "could not create decoder object":
        return Foreign("image", "no-decoder", text)
    if isinstance(exc, SyntaxError):
        return Foreign("image", "malformed", text)
    if isinstance(exc, ValueError):
        return Foreign("image", "invalid-value", text)
    return Foreign("image", type(exc).__name__, text)


def _too_large(rel: str, fmt: str, width: int, height: int, reduce: int) -> None:
    limit = limit_px(reduce)
    if width * height > limit:
        raise _Refusal(Msg("the scan '{file}' claims {width} × {height} px ({megapixels} megapixels), more than the "
                           "limit of {limit} megapixels for a {format} scan", file=rel, width=width, height=height,
                           megapixels=megapixels(width * height), limit=megapixels(limit),
                           format=_FORMAT_NAMES.get(fmt, fmt)))


def _truncated(rel: str, why: Msg) -> _Refusal:
    return _Refusal(Msg("the scan '{file}' is truncated: {why}", file=rel, why=why))


def _beyond_end(end: int, size: int) -> Msg:
    return Msg("its header places image data up to byte {end}, and the file has {size} bytes", end=end, size=size)


# ------------------------------------------------------------ images


def judge_image(path: Path, rel: str) -> tuple[ImageScan | None, Msg | None]:
    """The scan in the image file ``path`` (``rel``: its name in the
    package), or None and why it cannot be shown."""
    Image.MAX_IMAGE_PIXELS = None  # again: whoever set it since, the header is read, and judged here
    try:
        with warnings.catch_warnings():
            # Pillow warns of odd EXIF blocks and the like on stderr: the decision is said here
            warnings.simplefilter("ignore")
            with open_regular(path, rel) as f:
                size = f.seek(0, 2)
                f.seek(0)
                with Image.open(f) as im:
                    return _judge_open(im, f, size, rel), None
    except _Refusal as exc:
        return None, exc.msg
    except Refused as exc:
        return None, Msg("the scan '{file}' cannot be read: {reason}", file=rel, reason=str(exc))
    except MemoryError:
        return None, Msg("the scan '{file}' cannot be read: {reason}", file=rel,
                         reason=Msg("not enough memory to decode the image"))
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on damaged files
        return None, Msg("the scan '{file}' cannot be read: {reason}", file=rel, reason=image_reason(exc))


def _judge_open(im: Image.Image, f, size: int, rel: str) -> ImageScan:
    fmt = SHOWN_FORMATS.get(im.format or "")
    if fmt is None:
        raise _Refusal(Msg("the scan '{file}' is a {format} image; JPEG, PNG, TIFF or JPEG 2000 is shown", file=rel,
                           format=im.format or "?"))
    w, h = im.size
    if w <= 0 or h <= 0:
        raise _Refusal(Msg("the scan '{file}' cannot be read: {reason}", file=rel, reason=Msg("the image is empty")))
    if fmt == "JPEG":
        _too_large(rel, fmt, w, h, JPEG_REDUCE)
        if not _jpeg_ends(f, size):
            _confirm(rel, im, Msg("it ends before its end-of-image marker (EOI)"))
    elif fmt == "JPEG2000":
        _start, end, levels = _jp2_codestream(f, size, rel)
        _too_large(rel, fmt, w, h, 2 ** min(levels, JPEG2000_MAX_LEVELS))
        f.seek(end - 2)
        if f.read(2) != b"\xff\xd9":
            raise _truncated(rel, Msg("its codestream ends before its end-of-codestream marker (EOC)"))
    elif fmt == "PNG":
        _too_large(rel, fmt, w, h, 1)
        f.seek(max(0, size - 12))
        if f.read(12) != b"\x00\x00\x00\x00IEND\xaeB`\x82":
            _confirm(rel, im, Msg("it ends before its IEND chunk"))
    else:  # TIFF
        _too_large(rel, fmt, w, h, 1)
        end = _tiff_data_end(im)
        if end > size:
            raise _truncated(rel, _beyond_end(end, size))
    return ImageScan(fmt, w, h, im.info.get("dpi"))


def _jpeg_ends(f, size: int) -> bool:
    """Whether the JPEG's end marker is among its last bytes (entropy-coded
    data cannot hold it: a file cut short ends without it)."""
    f.seek(max(0, size - TAIL_BYTES))
    return b"\xff\xd9" in f.read(TAIL_BYTES)


def _confirm(rel: str, im: Image.Image, why: Msg) -> None:
    """A file whose end is not the end its format has: decoded (a JPEG at
    its smallest scale, a PNG's chunks read to the end) to tell a truncated
    file from one with data after its end."""
    try:
        if im.format == "PNG":
            im.verify()
        else:
            w, h = im.size
            im.draft(im.mode, (max(1, w // JPEG_REDUCE), max(1, h // JPEG_REDUCE)))
            im.load()
    except MemoryError:
        raise _truncated(rel, why) from None
    except Exception:  # noqa: BLE001 - the decoder's reason is less plain than ours
        raise _truncated(rel, why) from None


def _jp2_codestream(f, size: int, rel: str) -> tuple[int, int, int]:
    """(start, end, resolution levels) of a JPEG 2000 file's codestream:
    the file itself (a bare .j2k) or its jp2c box; every box on the way
    must fit in the file."""
    f.seek(0)
    if f.read(4) == b"\xff\x4f\xff\x51":
        start, end = 0, size
    else:
        pos, start, end = 0, -1, -1
        while pos < size:
            f.seek(pos)
            head = f.read(16)
            if len(head) < 8:
                raise _truncated(rel, _beyond_end(pos + 8, size))
            length, kind = struct.unpack(">I4s", head[:8])
            header = 8
            if length == 1:
                if len(head) < 16:
                    raise _truncated(rel, _beyond_end(pos + 16, size))
                length, header = struct.unpack(">Q", head[8:16])[0], 16
            elif length == 0:
                length = size - pos
            if length < header:
                raise _Refusal(Msg("the scan '{file}' cannot be read: {reason}", file=rel,
                                   reason=Msg("a box of the JPEG 2000 file has a length of {length} bytes",
                                              length=length)))
            if pos + length > size:
                raise _truncated(rel, _beyond_end(pos + length, size))
            if kind == b"jp2c":
                start, end = pos + header, pos + length
                break
            pos += length
        if start < 0:
            raise _Refusal(Msg("the scan '{file}' cannot be read: {reason}", file=rel,
                               reason=Msg("the JPEG 2000 file has no codestream")))
    return start, end, _jp2_levels(f, start, end)


def _jp2_levels(f, start: int, end: int) -> int:
    """The resolution levels of a codestream, from its COD marker in the
    main header (0, a whole decode, when it cannot be read)."""
    f.seek(start + 2)  # after SOC
    pos = start + 2
    while pos + 4 <= end:
        f.seek(pos)
        head = f.read(4)
        if len(head) < 4 or head[0] != 0xFF:
            return 0
        marker, length = head[1], struct.unpack(">H", head[2:4])[0]
        if marker == 0x52:  # COD: Scod, progression, layers (2), MCT, then the decomposition levels
            body = f.read(6)
            return body[5] if len(body) == 6 else 0
        if marker == 0x90 or length < 2:  # SOT: the main header is over
            return 0
        pos += 2 + length
    return 0


def _tiff_data_end(im: Image.Image) -> int:
    """Where the last strip or tile of a TIFF's first image ends, by its
    header (0 when the header does not say)."""
    tags = im.tag_v2
    for offsets_tag, counts_tag in ((273, 279), (324, 325)):
        offsets, counts = tags.get(offsets_tag), tags.get(counts_tag)
        if offsets is None or counts is None:
            continue
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        counts = counts if isinstance(counts, tuple) else (counts,)
        return max((int(o) + int(c) for o, c in zip(offsets, counts)), default=0)
    return 0


# ------------------------------------------------------------ page PDFs


def judge_pdf(path: Path, rel: str, pymupdf) -> tuple[PdfScan | None, Msg | None]:
    """The scan in the page PDF ``path``: its first page, drawn from its
    largest image (MuPDF reads the sizes without decoding), or None and why
    it cannot be shown."""
    try:
        with pymupdf.open(path) as doc:
            if doc.page_count < 1:
                raise ValueError(Msg("it has no page"))
            page = doc[0]
            w_pt, h_pt = page.rect.width, page.rect.height
            images = page.get_images(full=True)
            if images:
                best = max(images, key=lambda i: i[2] * i[3])
                xref, px_w, px_h, kind = best[0], best[2], best[3], best[8]
                raw = None
                if kind in ("DCTDecode", "JPXDecode"):
                    raw = doc.xref_stream_raw(xref)
            else:
                px_w, px_h = round(w_pt / 72 * PDF_RENDER_DPI), round(h_pt / 72 * PDF_RENDER_DPI)
                kind, raw = "", None
    except Exception as exc:  # noqa: BLE001  (MuPDF raises its own kinds for damaged files)
        reason = exc.args[0] if isinstance(exc, ValueError) and exc.args and isinstance(exc.args[0], Msg) else str(exc)
        return None, Msg("the page PDF '{file}' cannot be read: {reason}", file=rel, reason=reason)
    try:
        px_w, px_h = int(px_w), int(px_h)
        if kind == "DCTDecode":
            _too_large(rel, "PDF", px_w, px_h, JPEG_REDUCE)
            _check_picture_jpeg(rel, raw)
        elif kind == "JPXDecode":
            _check_picture_jp2(rel, px_w, px_h, raw)
        else:
            _too_large(rel, "PDF", px_w, px_h, 1)
    except _Refusal as exc:
        return None, exc.msg
    return PdfScan(w_pt, h_pt, px_w, px_h), None


def _check_picture_jpeg(rel: str, raw: bytes | None) -> None:
    if raw is None or b"\xff\xd9" in raw[-TAIL_BYTES:]:
        return
    import io

    try:
        with Image.open(io.BytesIO(raw)) as im:
            _confirm(rel, im, Msg("its picture ends before its end-of-image marker (EOI)"))
    except _Refusal:
        raise
    except Exception:  # noqa: BLE001 - no JPEG to decode at all
        raise _truncated(rel, Msg("its picture ends before its end-of-image marker (EOI)")) from None


def _check_picture_jp2(rel: str, width: int, height: int, raw: bytes | None) -> None:
    import io

    data = raw or b""
    f = io.BytesIO(data)
    _start, end, levels = _jp2_codestream(f, len(data), rel)
    _too_large(rel, "PDF", width, height, 2 ** min(levels, JPEG2000_MAX_LEVELS))
    if data[end - 2:end] != b"\xff\xd9":
        raise _truncated(rel, Msg("its picture's codestream ends before its end-of-codestream marker (EOC)"))
