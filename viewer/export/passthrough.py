"""Images in the PDF as their files hold them.

Qt would re-encode every photo it paints into a PDF (as JPEG when that is
smaller), so paint_page is handed a tiny stand-in for each image (proxied)
and, once Qt has written the file, put_images puts the original file's
data in its place: JPEG and JPEG 2000 bytes as they are, a PNG's compressed
rows with the PNG predictor, anything else decoded once and deflated. A
photo placed at more than PDF_MAX_DPI goes in downsampled to that
(pdf_scale). The picture is drawn whole under a clip, so the layout's crop
costs no pixels either.
"""

from __future__ import annotations

import dataclasses
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..layout import images as image_io
from ..layout.values import ImageItem
from ..messages import Msg
from ..mupdf import load_pymupdf
from .sheets import ExportError, Sheet


@dataclass(frozen=True)
class _Proxy:
    sheet: int
    item: ImageItem  # the original item


def proxied(sheets: list[Sheet]) -> tuple[list[Sheet], dict[int, _Proxy], dict[str, object]]:
    """Sheets whose images are tiny stand-ins, the stand-ins by number, and
    their pictures by the name put in their ImageItem's path."""
    from PySide6.QtGui import QColor, QImage

    out, proxies, pictures = [], {}, {}
    n = 0
    for si, sheet in enumerate(sheets):
        images = []
        for item in sheet.layout.images:
            if item.path is None or item.crop is None or not os.path.isfile(item.path):
                images.append(item)  # paint_page draws its placeholder
                continue
            n += 1
            if n >= 1 << 16:
                images.append(item)  # Qt paints (and encodes) the rest itself
                continue
            # a 4 x 4 pattern of its own per stand-in: Qt shares one XObject
            # between images it finds equal (and 1-pixel ones look equal to it)
            img = QImage(4, 4, QImage.Format.Format_RGB32)
            for b in range(16):
                img.setPixelColor(b % 4, b // 4, QColor("#202020" if (n >> b) & 1 else "#C8C8C8"))
            name = f"stand-in:{n}"
            pictures[name] = img
            proxies[n] = _Proxy(si, item)
            images.append(dataclasses.replace(item, path=name, crop=(0.0, 0.0, 4.0, 4.0)))
        out.append(dataclasses.replace(sheet, layout=dataclasses.replace(sheet.layout, images=tuple(images))))
    return out, proxies, pictures


def _png_passthrough(raw: bytes) -> tuple[dict, bytes] | None:
    """The compressed rows of an 8-bit grey or RGB, non-interlaced PNG without
    transparency, for a FlateDecode stream with the PNG predictor."""
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos = 8
    idat = []
    ihdr = None
    while pos + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        body = raw[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind in (b"tRNS", b"PLTE"):
            return None
        elif kind == b"IEND":
            break
        pos += 12 + length
    if ihdr is None or not idat:
        return None
    w, h, depth, color, _comp, _filter, interlace = ihdr
    if depth != 8 or interlace or color not in (0, 2):
        return None
    colors = 3 if color == 2 else 1
    d = {
        "Width": w, "Height": h, "BitsPerComponent": 8,
        "ColorSpace": "/DeviceRGB" if colors == 3 else "/DeviceGray",
        "Filter": "/FlateDecode",
        "DecodeParms": f"<</Predictor 15/Colors {colors}/BitsPerComponent 8/Columns {w}>>",
    }
    return d, b"".join(idat)


PDF_MAX_DPI = 300.0  # photos placed at a higher resolution go in downsampled to this


def pdf_scale(info, items, photos: frozenset = frozenset()) -> float:
    """The fraction of an image's full size that goes into the PDF: for a
    photo (its block id in ``photos``), all of it up to PDF_MAX_DPI at the
    largest size it is placed at (``items``, the ImageItems that show it),
    less above that. The one place this is decided: anything that is not a
    photo (a QR code, whose modules must stay sharp; a page scan, whose
    original bytes pass) goes in whole."""
    if not items or any(item.block_id not in photos for item in items):
        return 1.0
    dpi = 0.0
    for item in items:
        x0, y0, x1, y1 = item.rect
        sx0, sy0, sx1, sy1 = item.crop
        dpi = max(dpi, (sx1 - sx0) / max((x1 - x0) / 72, 1e-9), (sy1 - sy0) / max((y1 - y0) / 72, 1e-9))
    return 1.0 if dpi <= PDF_MAX_DPI else PDF_MAX_DPI / dpi


def _image_streams(path: str, scale: float = 1.0, pdf_page: int | None = None) -> tuple[dict, bytes, tuple[dict, bytes] | None]:
    """(image dict, stream, optional soft mask): the file's own compressed
    data where PDF can carry it and nothing is to change (full size, upright):
    JPEG, JPEG 2000 and plain PNG pass as they are; else the picture decoded
    at ``scale`` of its size (see pdf_scale). ``pdf_page``: the picture on
    that page of a PDF file (a library's page PDF), passed on likewise."""
    from PIL import Image as PILImage

    from ..model.load import read_regular

    info = image_io.probe(Path(path), pdf_page)
    if info.error:
        raise ExportError(Msg("the image {file} cannot be used: {reason}", file=Path(path).name, reason=info.error))
    whole = scale >= 1.0 and info.orientation == 1
    if whole:
        raw = read_regular(Path(path)) if pdf_page is None else image_io.pdf_picture(path, pdf_page)
        if raw[:3] == b"\xff\xd8\xff":
            with image_io.open_image(path, pdf_page) as im:
                mode, (w, h) = im.mode, im.size
            if mode in ("RGB", "L"):  # CMYK JPEGs are often Adobe-inverted: decode those
                return ({"Width": w, "Height": h, "BitsPerComponent": 8,
                         "ColorSpace": "/DeviceRGB" if mode == "RGB" else "/DeviceGray",
                         "Filter": "/DCTDecode"}, raw, None)
        if raw[:12] == b"\x00\x00\x00\x0cjP  \r\n\x87\n" or raw[:4] == b"\xff\x4f\xff\x51":
            # JPEG 2000 (a library's scan): PDF 1.5 carries the file as it is
            return {"Width": info.width, "Height": info.height, "Filter": "/JPXDecode"}, raw, None
        passed = _png_passthrough(raw)
        if passed is not None:
            return passed[0], passed[1], None
    w, h = max(1, round(info.width * scale)), max(1, round(info.height * scale))
    pil = image_io.decode(info, w, h)
    if pil.size != (w, h) and pil.width * pil.height > w * h:
        pil = pil.resize((w, h), PILImage.Resampling.LANCZOS)
    w, h = pil.size
    smask = None
    if pil.mode == "RGBA":
        alpha = pil.getchannel("A").tobytes()
        smask = ({"Width": w, "Height": h, "BitsPerComponent": 8, "ColorSpace": "/DeviceGray",
                  "Filter": "/FlateDecode"}, zlib.compress(alpha, 6))
        pil = pil.convert("RGB")
    import io

    space = "/DeviceGray" if pil.mode == "L" else "/DeviceRGB"
    buf = io.BytesIO()
    if info.format == "JPEG":  # a photo stays a JPEG
        pil.save(buf, "JPEG", quality=90)
        return ({"Width": w, "Height": h, "BitsPerComponent": 8, "ColorSpace": space, "Filter": "/DCTDecode"},
                buf.getvalue(), smask)
    return ({"Width": w, "Height": h, "BitsPerComponent": 8, "ColorSpace": space, "Filter": "/FlateDecode"},
            zlib.compress(pil.tobytes(), 6), smask)


def new_stream(doc, keys: dict, data: bytes) -> int:
    """A new stream object of ``data`` as it is, with ``keys`` in its
    dictionary; returns its xref."""
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, data, new=True, compress=False)
    for k, v in keys.items():
        doc.xref_set_key(xref, k, str(v))
    return xref


def _stand_in_number(doc, xref: int) -> int | None:
    """The number a 4 x 4 stand-in image carries in its pattern."""
    pymupdf = load_pymupdf()
    pix = pymupdf.Pixmap(doc, xref)
    if pix.width != 4 or pix.height != 4:
        return None
    n = 0
    for b in range(16):
        r, g, bl = pix.pixel(b % 4, b // 4)[:3]
        if (r + g + bl) / 3 < 116:
            n |= 1 << b
    return n


def _put_page(doc, xref: int, item: ImageItem, forms: dict) -> None:
    """Turn a stand-in into a form that draws page ``item.pdf_page`` of the
    PDF ``item.path`` as it is (its text, fonts and drawings: a publisher's
    page passes through), its ``crop`` (points from the page's top left)
    filling the unit square where Qt drew the stand-in.

    MuPDF makes the page a form on a page of its own at the source page's
    size, appended for the purpose and deleted once every stand-in is
    done (``forms["temporary pages"]``)."""
    from ..model.load import read_regular

    pymupdf = load_pymupdf()
    source = ("pdf", item.path, item.pdf_page or 0)
    if source not in forms:
        with pymupdf.open(stream=read_regular(Path(item.path)), filetype="pdf") as src:
            page = src[item.pdf_page or 0]
            w, h = page.rect.width, page.rect.height
            temp = doc.new_page(-1, width=w, height=h)
            forms.setdefault("temporary pages", []).append(temp.number)
            forms[source] = (temp.show_pdf_page(temp.rect, src, item.pdf_page or 0), h)
    form, h = forms[source]
    cx0, cy0, cx1, cy1 = item.crop
    cw, ch = cx1 - cx0, cy1 - cy0
    content = f"q 0 0 1 1 re W n {1 / cw:.8f} 0 0 {1 / ch:.8f} {-cx0 / cw:.8f} {(cy1 - h) / ch:.8f} cm /P Do Q".encode()
    doc.update_object(xref, f"<</Type/XObject/Subtype/Form/BBox[0 0 1 1]/Resources<</XObject<</P {form} 0 R>>>>>>")
    doc.update_stream(xref, content, new=True, compress=False)


def put_images(doc, proxies: dict[int, _Proxy], photos: frozenset = frozenset()) -> None:
    """Turn each stand-in image into a form that draws the original file,
    cropped by a clip, in the unit square where Qt drew the stand-in."""
    originals: dict[str, int] = {}
    done: set[int] = set()
    found: set[int] = set()
    placed: dict[tuple, list] = {}
    for px in proxies.values():
        placed.setdefault((px.item.path, px.item.pdf_page), []).append(px.item)
    for page in doc:
        for info in page.get_images(full=True):
            xref, width, height = info[0], info[2], info[3]
            if xref in done or width != 4 or height != 4:
                continue
            done.add(xref)
            n = _stand_in_number(doc, xref)
            px = proxies.get(n)
            if px is None:
                continue
            found.add(n)
            path, page_no = px.item.path, px.item.pdf_page
            source = (path, page_no)
            if px.item.kind == "pdf":
                _put_page(doc, xref, px.item, originals)
                continue
            if source not in originals:
                info = image_io.probe(Path(path), page_no)
                keys, data, smask = _image_streams(path, pdf_scale(info, placed[source], photos), page_no)
                keys = {"Type": "/XObject", "Subtype": "/Image", **keys}
                if smask is not None:
                    mkeys = {"Type": "/XObject", "Subtype": "/Image", **smask[0]}
                    keys["SMask"] = f"{new_stream(doc, mkeys, smask[1])} 0 R"
                originals[source] = new_stream(doc, keys, data)
            img = originals[source]
            w = int(doc.xref_get_key(img, "Width")[1])
            h = int(doc.xref_get_key(img, "Height")[1])
            k = w / image_io.probe(Path(path), page_no).width  # the crop is in full-size pixels
            cx0, cy0, cx1, cy1 = (v * k for v in px.item.crop)
            cw, ch = cx1 - cx0, cy1 - cy0
            content = (f"q 0 0 1 1 re W n {w / cw:.6f} 0 0 {h / ch:.6f} {-cx0 / cw:.6f} {(cy1 - h) / ch:.6f} cm "
                       f"/I Do Q").encode()
            doc.update_object(xref, f"<</Type/XObject/Subtype/Form/BBox[0 0 1 1]"
                                    f"/Resources<</XObject<</I {img} 0 R>>>>>>")
            doc.update_stream(xref, content, new=True, compress=False)
    for temp in reversed(originals.get("temporary pages", [])):
        doc.delete_page(temp)
    lost = set(proxies) - found
    if lost:
        name = Path(proxies[min(lost)].item.path).name
        raise ExportError(Msg("internal error: the image {file} went missing from the PDF", file=name))
