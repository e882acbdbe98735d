"""PDF export: the pages painted by paint_page onto a QPdfWriter, finished
with PyMuPDF (page labels, outline, internal links, metadata).

Qt writes the vector page (text as glyph runs in subset fonts, rules, boxes)
at 72 dpi, so one device unit is one point and the layout's coordinates go
into the file unchanged. Qt would re-encode every photo (as JPEG when that is
smaller), so paint_page is handed a tiny stand-in for each image and the
post-processing puts the original file's data in its place: JPEG bytes as
they are, a PNG's compressed rows with the PNG predictor, anything else
decoded once and deflated. The photo is drawn whole under a clip, so the
layout's crop costs no pixels either.

Every write goes to a temporary file that replaces the target only when all
of it succeeded.
"""

from __future__ import annotations

import dataclasses
import os
import re
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..layout import images as image_io
from ..layout.values import ImageItem, IssueLayout, PageLayout
from ..model.geometry import Rect, union
from ..mupdf import load_pymupdf
from ..render.paint import PaintOptions, paint_page
from .atomic import OutputError, atomic_path, check_writable, part_file, write_error
from .textlayer import close_gaps

CREATOR = f"Herald viewer {__version__}"
ARTICLE_MARGIN_PT = 9.0  # white border around an article clip
LANGUAGE = "zh-CN"


class ExportError(Exception):
    """The PDF could not be made; the message says why."""


@dataclass(frozen=True)
class Sheet:
    """One PDF page: the area ``clip`` of a laid-out page, with ``margin``
    points of white around it."""

    layout: PageLayout
    clip: Rect
    margin: float = 0.0
    areas: tuple[Rect, ...] = ()  # when set, only these parts of ``clip`` show

    @property
    def width_pt(self) -> float:
        return self.clip[2] - self.clip[0] + 2 * self.margin

    @property
    def height_pt(self) -> float:
        return self.clip[3] - self.clip[1] + 2 * self.margin

    @property
    def origin(self) -> tuple[float, float]:
        """Where the page's (0, 0) lands on the sheet."""
        return self.margin - self.clip[0], self.margin - self.clip[1]

    @property
    def whole_page(self) -> bool:
        return self.clip == (0.0, 0.0, self.layout.width_pt, self.layout.height_pt) and not self.margin


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: tuple[int, ...]  # newspaper page of each PDF page
    size_bytes: int
    seconds: float


def page_label(page: PageLayout) -> str:
    """The page's name as the paper prints it: 01版 (a library's page
    number, p. 11, for a scanned page)."""
    return f"p. {page.label}" if page.label else f"{page.number:02d}版"


def issue_meta(issue):
    """The IssueMeta of an opened issue, of a descriptor issue's data, or
    the meta itself."""
    from ..issue import IssueMeta, as_issue

    if isinstance(issue, IssueMeta):
        return issue
    return as_issue(issue).meta


# ------------------------------------------------------------ articles


def _intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def article_parts(layout: IssueLayout, article_id: str) -> list[tuple[PageLayout, Rect, tuple[Rect, ...]]]:
    """Each page part of an article, home page first, as (a page holding
    only that article's items, the part's bounding box, the rectangles of
    its region), all in points.

    Other articles' lines are left out, so a clip's text layer holds only
    this article; rules and images that reach into the region stay, to be
    clipped."""
    parts = []
    for page in layout.pages:
        for art in page.articles:
            if art.id != article_id:
                continue
            regions = tuple(r.bounds for r in art.regions)
            # line boxes reach past a region by a little (a font's ascent exceeds its em)
            areas = regions + tuple(
                b for b in (page.lines[i].bbox for i in art.lines)
                if not any(r[0] <= b[0] and r[1] <= b[1] and b[2] <= r[2] and b[3] <= r[3] for r in regions))
            if not areas:
                continue
            cores = [(a[0] + 1, a[1] + 1, a[2] - 1, a[3] - 1) for a in regions or areas]

            def inside(r: Rect) -> bool:
                # a rule along a region's edge, in the gutter, belongs to the neighbour
                return any(r[0] <= c[2] and c[0] <= r[2] and r[1] <= c[3] and c[1] <= r[3] for c in cores)

            # a box drawn around the article (boxed = true) lies outside its region: show it
            frames = tuple(
                (b.rect[0] - b.weight_pt, b.rect[1] - b.weight_pt, b.rect[2] + b.weight_pt, b.rect[3] + b.weight_pt)
                for b in page.boxes
                if any(b.rect[0] <= r[0] and b.rect[1] <= r[1] and r[2] <= b.rect[2] and r[3] <= b.rect[3] for r in regions)
                and b.rect[2] - b.rect[0] < page.width_pt * 0.9)
            areas = areas + frames
            box = union(areas)

            keep = set(art.lines)
            lines = tuple(
                ln for i, ln in enumerate(page.lines)
                if i in keep or ln.article == article_id
                or (ln.article is None and any(a[0] <= (ln.bbox[0] + ln.bbox[2]) / 2 <= a[2]
                                               and a[1] <= (ln.bbox[1] + ln.bbox[3]) / 2 <= a[3] for a in areas))
            )
            only = dataclasses.replace(
                page,
                lines=lines,
                rules=tuple(r for r in page.rules if inside(_rule_box(r.line, 0.0))),
                boxes=tuple(b for b in page.boxes if inside(b.rect)),
                images=tuple(im for im in page.images if inside(im.rect)),
                links=(),
                articles=(art,),
                debug_marks=(),
            )
            parts.append((art.continued, only, box, areas))
    parts.sort(key=lambda p: p[0])  # the home part first
    return [(pl, box, areas) for _, pl, box, areas in parts]


def article_sheets(layout: IssueLayout, article_id: str, margin: float = 0.0) -> list[Sheet]:
    """The article's parts as sheets clipped to its region."""
    return [Sheet(pl, box, margin, areas) for pl, box, areas in article_parts(layout, article_id)]


def _rule_box(line, weight: float) -> Rect:
    x0, y0, x1, y1 = line
    w = max(weight, 0.1)
    return (min(x0, x1) - w, min(y0, y1) - w, max(x0, x1) + w, max(y0, y1) + w)


def article_ids(layout: IssueLayout) -> list[str]:
    return [a.id for p in layout.pages for a in p.articles if not a.continued]


# ------------------------------------------------------------ images


@dataclass(frozen=True)
class _Proxy:
    sheet: int
    item: ImageItem  # the original item


def _proxied(sheets: list[Sheet]) -> tuple[list[Sheet], dict[int, _Proxy], dict[str, object]]:
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
        raise ExportError(f"the image {Path(path).name} cannot be used: {info.error}")
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


def _new_stream(doc, keys: dict, data: bytes) -> int:
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


def _put_images(doc, proxies: dict[int, _Proxy], photos: frozenset = frozenset()) -> None:
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
            if source not in originals:
                info = image_io.probe(Path(path), page_no)
                keys, data, smask = _image_streams(path, pdf_scale(info, placed[source], photos), page_no)
                keys = {"Type": "/XObject", "Subtype": "/Image", **keys}
                if smask is not None:
                    mkeys = {"Type": "/XObject", "Subtype": "/Image", **smask[0]}
                    keys["SMask"] = f"{_new_stream(doc, mkeys, smask[1])} 0 R"
                originals[source] = _new_stream(doc, keys, data)
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
    lost = set(proxies) - found
    if lost:
        name = Path(proxies[min(lost)].item.path).name
        raise ExportError(f"internal error: the image {name} went missing from the PDF")


# ------------------------------------------------------------ writing


def _page_size(w: float, h: float):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageSize

    return QPageSize(QSizeF(w, h), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)


def set_clip(painter, sheet: Sheet) -> None:
    """Clip to the sheet's area, in page points (after the sheet's translate)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPainterPath

    if not sheet.areas:  # one rectangle: the painters' fast clip
        x0, y0, x1, y1 = sheet.clip
        painter.setClipRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        return
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)  # rectangles all run one way: their union
    for x0, y0, x1, y1 in sheet.areas:
        path.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    painter.setClipPath(path)


def paint_sheets(sheets: list[Sheet], path: Path, title: str = "", stand_ins: dict | None = None) -> None:
    """Paint the sheets into a PDF at ``path`` with QPdfWriter, one page each."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPainter, QPdfWriter

    from ..fonts import ensure_app

    ensure_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(72)  # one device unit = one point
    writer.setCreator(CREATOR)
    writer.setTitle(title)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    writer.setPageSize(_page_size(sheets[0].width_pt, sheets[0].height_pt))
    painter = QPainter()
    if not painter.begin(writer):
        raise OutputError(f"Qt could not open '{path}' for writing")
    try:
        for i, sheet in enumerate(sheets):
            if i:
                writer.setPageSize(_page_size(sheet.width_pt, sheet.height_pt))
                writer.newPage()
            painter.save()
            if not sheet.whole_page:
                painter.translate(*sheet.origin)
                set_clip(painter, sheet)
            paint_page(painter, sheet.layout, PaintOptions(stand_ins=stand_ins, text_layer="apart"))
            painter.restore()
    finally:
        painter.end()


def _fix_boxes(doc, sheets: list[Sheet]) -> None:
    """Qt rounds page sizes to whole points (QPageSize keeps integer points)
    and draws from the top of that box; set the real size and move the
    drawing up by the difference, so that the page's top-left stays the
    layout's (0, 0) and every PyMuPDF coordinate agrees with the layout."""
    for i, sheet in enumerate(sheets):
        page = doc[i]
        mb = page.mediabox  # PDF coordinates, y up
        w, h = sheet.width_pt, sheet.height_pt
        if abs(mb.width - w) < 1e-4 and abs(mb.height - h) < 1e-4:
            continue
        shift = mb.y1 - h
        contents = page.get_contents()
        pre = _new_stream(doc, {}, f"1 0 0 1 0 {-shift:.5f} cm\n".encode())
        refs = " ".join(f"{x} 0 R" for x in [pre, *contents])
        doc.xref_set_key(page.xref, "Contents", f"[{refs}]")
        doc.xref_set_key(page.xref, "MediaBox", f"[0 0 {w:.5f} {h:.5f}]")
        doc.xref_set_key(page.xref, "CropBox", "null")


def _unicode_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def _text_layer_ops(run, ox: float, oy: float, height: float, space: bool) -> str:
    """One run as invisible text (render mode 3) on its place: Helvetica
    stretched to the run's width, the run's own characters where WinAnsi has
    them, else placeholders inside a span whose /ActualText is the run's text
    (OCR text can hold any character), so that search and copying find it.
    ``space``: a word follows on the line, so a space is shown after it (a
    reader's gap detection would not find every gap between stretched words)."""
    from ..layout.text import metrics

    pos = run.positions
    _, adv = metrics().glyph(run.role, run.text[-1])
    x0 = pos[0][0] + ox
    x1 = pos[-1][0] + max(adv, 0.5) * run.size_pt * run.x_scale + ox
    baseline = height - (pos[0][1] + oy)
    try:
        if "\xad" in run.text:  # WinAnsi's soft hyphen reads back as a hyphen
            raise UnicodeEncodeError("cp1252", run.text, 0, 1, "soft hyphen")
        shown = run.text.encode("cp1252")
        actual = None
    except UnicodeEncodeError:
        shown, actual = b"x" * len(run.text), run.text
    natural = sum(_HELVETICA.get(b, 556) for b in shown) / 1000 * run.size_pt
    tz = 100.0 * (x1 - x0) / max(natural, 1e-6)
    if space:
        shown += b" "
        actual = actual + " " if actual is not None else None
    literal = "".join(chr(b) if 32 <= b < 127 and chr(b) not in "()\\" else f"\\{b:03o}" for b in shown)
    ops = f"BT 3 Tr /HeraldTL {run.size_pt:.3f} Tf {tz:.3f} Tz 1 0 0 1 {x0:.3f} {baseline:.3f} Tm ({literal}) Tj ET"
    if actual is not None:
        ops = f"/Span <</ActualText <{_unicode_hex(actual)}>>> BDC {ops} EMC"
    return ops


# Helvetica's advance widths (1/1000 em) for the characters a text layer shows most
_HELVETICA = {**{b: 556 for b in b"0123456789abdeghnopqu$#_"}, **dict(zip(
    b" !\"'()*+,-./:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^`cfijklmrstvwxyz{|}~",
    (278, 278, 355, 191, 333, 333, 389, 584, 278, 333, 278, 278, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722,
     667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
     278, 278, 469, 333, 500, 278, 222, 222, 500, 222, 833, 333, 500, 278, 500, 500, 500, 500, 334, 260, 334, 584)))}


def _text_layer(doc, sheets: list[Sheet]) -> None:
    """The text paint_page leaves to the export ("apart"): the invisible
    words of scanned pages, in reading order, and runs whose characters the
    bundled fonts lack (drawn as outlines), each as invisible text on its
    place, written before the page's drawing."""
    from ..render.paint import has_missing_glyphs

    for i, sheet in enumerate(sheets):
        ox, oy = sheet.origin
        ops = []
        for line in sheet.layout.lines:
            runs = line.runs
            for k, run in enumerate(runs):
                invisible = len(run.color) == 9 and run.color.startswith("#00")
                if run.text and (invisible or has_missing_glyphs(run)):
                    ops.append(_text_layer_ops(run, ox, oy, sheet.height_pt, space=k + 1 < len(runs)))
        if not ops:
            continue
        page = doc[i]
        font = doc.get_new_xref()
        doc.update_object(font, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>")
        res = doc.xref_get_key(page.xref, "Resources")
        if res[0] != "xref":
            raise ExportError("internal error: a page's resources are not an object of their own")
        res_xref = int(res[1].split()[0])
        fonts = doc.xref_get_key(res_xref, "Font")
        if fonts[0] == "dict":
            doc.xref_set_key(res_xref, "Font", fonts[1][:-2] + f"/HeraldTL {font} 0 R>>")
        elif fonts[0] == "xref":
            doc.xref_set_key(int(fonts[1].split()[0]), "HeraldTL", f"{font} 0 R")
        else:
            doc.xref_set_key(res_xref, "Font", f"<</HeraldTL {font} 0 R>>")
        stream = _new_stream(doc, {}, ("q\n" + "\n".join(ops) + "\nQ\n").encode())
        refs = " ".join(f"{x} 0 R" for x in [stream, *page.get_contents()])
        doc.xref_set_key(page.xref, "Contents", f"[{refs}]")


def _page_labels(doc, labels: list[str]) -> None:
    """/PageLabels with a prefix per page (01版 ...). PyMuPDF's
    set_page_labels writes non-ASCII prefixes as UTF-8 bytes, which PDF
    readers take for PDFDocEncoding; write UTF-16 strings instead."""
    pymupdf = load_pymupdf()
    nums = "".join(f"{i}<</P{pymupdf.get_pdf_str(label)}>>" for i, label in enumerate(labels))
    doc.xref_set_key(doc.pdf_catalog(), "PageLabels", f"<</Nums[{nums}]>>")


def _tag_fonts(doc) -> None:
    """Qt tags the subset's FontName (ABCDEF+Name) but not BaseFont; PDF
    wants both the same."""
    seen = set()
    for page in doc:
        for xref, *_ in page.get_fonts(full=True):
            if xref in seen:
                continue
            seen.add(xref)
            desc = doc.xref_get_key(xref, "DescendantFonts")
            m = re.search(r"(\d+) 0 R", desc[1]) if desc[0] == "array" else None
            if not m:
                continue
            cid = int(m.group(1))
            fd = doc.xref_get_key(cid, "FontDescriptor")
            if fd[0] != "xref":
                continue
            name = doc.xref_get_key(int(fd[1].split()[0]), "FontName")
            if name[0] == "name" and re.match(r"^/[A-Z]{6}\+", name[1]):
                doc.xref_set_key(cid, "BaseFont", name[1])
                doc.xref_set_key(xref, "BaseFont", name[1])


def _save(doc, path: Path) -> None:
    doc.save(str(path), garbage=3, deflate=True)


def write_pdf(sheets: list[Sheet], target: str | os.PathLike, finish=None, title: str = "",
              photos: frozenset = frozenset()) -> int:
    """Paint ``sheets`` into a PDF at ``target`` atomically; ``finish(doc)``
    may add outline, links and metadata; ``photos`` are the ids of the
    photo blocks (see pdf_scale). Returns the file's size."""
    if not sheets:
        raise ExportError("nothing to export")
    target = Path(target)
    painted, proxies, pictures = _proxied(sheets)
    with atomic_path(target) as out, part_file(out.parent / target.name, "qt") as raw:
        paint_sheets(painted, raw, title, pictures)
        doc = open_written_pdf(raw, len(sheets), target)
        try:
            _fix_boxes(doc, sheets)
            _text_layer(doc, sheets)
            _put_images(doc, proxies, photos)
            _tag_fonts(doc)
            close_gaps(doc)
            if finish is not None:
                finish(doc)
            try:
                _save(doc, out)
            except Exception as exc:
                if isinstance(exc, OSError) or type(exc).__name__.startswith("FzError"):
                    raise OutputError(write_error(exc, target)) from None
                raise
        finally:
            doc.close()
        open_written_pdf(out, len(sheets), target).close()
        size = out.stat().st_size
    return size


def _disk_full(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent if str(path.parent) else ".")
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 1024 * 1024


def open_written_pdf(path: Path, pages: int, target):
    """The PDF just written at ``path``, opened, when it is whole: Qt does
    not report a failed write (a full disk leaves a truncated file), so the
    file is read back: it must open without repair and hold ``pages`` pages."""
    pymupdf = load_pymupdf()
    damaged = not path.is_file() or path.stat().st_size == 0
    doc = None
    if not damaged:
        try:
            doc = pymupdf.open(str(path))
            damaged = doc.is_repaired or doc.page_count != pages
        except Exception:
            damaged = True
    if not damaged:
        return doc
    if doc is not None:
        doc.close()
    if _disk_full(path):
        raise OutputError(f"no space left on device while writing '{target}'")
    raise OutputError(f"the PDF written for '{target}' came out damaged (the disk may be full or failing)")


# ------------------------------------------------------------ the issue


def _issue_title(issue) -> str:
    d = issue.date
    return f"{issue.paper} {d.year}年{d.month}月{d.day}日" if d else issue.paper


def _issue_subject(issue) -> str:
    if issue.issue_number is None:
        label = f"No. {issue.issue_label}, " if issue.issue_label else ""
        return f"{label}{issue.page_count} page{'s' if issue.page_count != 1 else ''}"
    s = f"第{issue.issue_number}期"
    if issue.serial_number:
        s += f"（总第{issue.serial_number}期）"
    return s + f" 今日{issue.page_count}版"


def _metadata(doc, issue, extra_title: str = "") -> None:
    """Document info, XMP (Qt's own names only the title) and /Lang."""
    pymupdf = load_pymupdf()
    title = _issue_title(issue) + extra_title
    language = issue.language or LANGUAGE
    meta = {
        "title": title,
        "author": issue.publisher or issue.paper,
        "subject": _issue_subject(issue),
        "keywords": ", ".join(k for k in (issue.paper, issue.paper_en, issue.date.isoformat() if issue.date else None)
                              if k),
        "creator": CREATOR,
        "producer": f"PyMuPDF {pymupdf.VersionBind}, Qt",
    }
    doc.set_metadata(meta)
    doc.set_xml_metadata(_xmp(meta, language))
    cat = doc.pdf_catalog()
    doc.xref_set_key(cat, "Lang", pymupdf.get_pdf_str(language))
    doc.xref_set_key(cat, "ViewerPreferences", "<</DisplayDocTitle true>>")


def _xmp(meta: dict, language: str) -> str:
    from xml.sax.saxutils import escape

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<dc:title>{alt(meta['title'])}</dc:title>"
        f"<dc:description>{alt(meta['subject'])}</dc:description>"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(meta['author'])}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"
        f"<pdf:Keywords>{escape(meta['keywords'])}</pdf:Keywords>"
        f"<pdf:Producer>{escape(meta['producer'])}</pdf:Producer>"
        f"<xmp:CreatorTool>{escape(meta['creator'])}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{now}</xmp:CreateDate><xmp:ModifyDate>{now}</xmp:ModifyDate>"
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )


def _target_point(page: PageLayout, article: str | None) -> tuple[float, float]:
    """The top-left of an article's part on a page (or the page's top)."""
    if article:
        for art in page.articles:
            if art.id == article:
                tops = [r.bounds for r in art.regions[:1]] + [page.lines[i].bbox for i in art.lines[:1]]
                if tops:
                    return max(0.0, min(t[0] for t in tops) - 4), max(0.0, min(t[1] for t in tops) - 4)
    return 0.0, 0.0


def _outline(layout: IssueLayout, numbers: list[int]) -> list:
    pymupdf = load_pymupdf()

    toc = []
    for idx, n in enumerate(numbers):
        page = layout.page(n)
        toc.append([1, f"{page_label(page)} {page.section}".strip(), idx + 1,
                    {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(0, 0), "zoom": 0}])
        for art in page.articles:
            if art.kind == "block":
                continue  # a text block of a page without articles: no entry of its own
            x, y = _target_point(page, art.id)
            title = art.headline.replace("\n", " ").replace("\xad", "").strip()
            if art.continued:
                home = layout.article(art.id)
                src = home.pages[0] if home and home.pages else None
                if page.label:  # a scanned page: its printed number
                    src_page = layout.page(src) if src else None
                    title = f"{title} (from {page_label(src_page)})" if src_page else f"{title} (continued)"
                else:
                    title = f"{title}（上接第{src}版）" if src else f"{title}（续）"
            toc.append([2, title, idx + 1, {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(x, y), "zoom": 0}])
    return toc


def _links(doc, layout: IssueLayout, numbers: list[int]) -> int:
    pymupdf = load_pymupdf()

    index = {n: i for i, n in enumerate(numbers)}
    count = 0
    for i, n in enumerate(numbers):
        page = layout.page(n)
        for link in page.links:
            if link.page not in index:
                continue  # the target page is not in this file
            target = layout.page(link.page)
            x, y = _target_point(target, link.article)
            x0, y0, x1, y1 = link.rect
            doc[i].insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(x0, y0, x1, y1),
                                "page": index[link.page], "to": pymupdf.Point(x, y), "zoom": 0})
            count += 1
    return count


def photo_ids(data) -> frozenset:
    """The block ids of an issue's news photos (exported at their own
    resolution; a scanned issue has none: its scans pass whole)."""
    from ..issue import as_issue

    return as_issue(data).photo_ids()


def export_issue_pdf(data, layout: IssueLayout, target: str | os.PathLike, pages: list[int] | None = None) -> ExportResult:
    """The issue (or ``pages`` of it) as a PDF: one PDF page per newspaper
    page at its own size, labelled 01版…, with an outline of pages and
    articles, the guide's and jump lines' links, and the issue's metadata."""
    t0 = time.perf_counter()
    numbers = list(pages) if pages else [p.number for p in layout.pages]
    missing = [n for n in numbers if layout.page(n) is None]
    if missing:
        raise ExportError(f"page {missing[0]} could not be laid out")
    check_writable(Path(target))
    sheets = [Sheet(layout.page(n), (0.0, 0.0, layout.page(n).width_pt, layout.page(n).height_pt)) for n in numbers]
    issue = issue_meta(data)

    def finish(doc):
        _page_labels(doc, [page_label(layout.page(n)) for n in numbers])
        doc.set_toc(_outline(layout, numbers))
        _links(doc, layout, numbers)
        _metadata(doc, issue)
        doc.xref_set_key(doc.pdf_catalog(), "PageMode", "/UseOutlines")

    size = write_pdf(sheets, target, finish, _issue_title(issue), photo_ids(data))
    return ExportResult(Path(target), tuple(numbers), size, time.perf_counter() - t0)


def export_article_pdf(data, layout: IssueLayout, article_id: str, target: str | os.PathLike,
                       margin: float = ARTICLE_MARGIN_PT) -> ExportResult:
    """One article as a PDF clip for sharing: a page per part (its home page
    and a continuation, if any), each the vector crop of the part's region
    with a white margin."""
    t0 = time.perf_counter()
    sheets = article_sheets(layout, article_id, margin)
    if not sheets:
        raise ExportError(f"no article '{article_id}' in this issue")
    check_writable(Path(target))
    issue = issue_meta(data)
    headline = sheets[0].layout.articles[0].headline.replace("\n", " ").strip()

    def finish(doc):
        _page_labels(doc, [page_label(s.layout) for s in sheets])
        _metadata(doc, issue, f" {page_label(sheets[0].layout)} {headline}")

    size = write_pdf(sheets, target, finish, f"{headline}", photo_ids(data))
    return ExportResult(Path(target), tuple(s.layout.number for s in sheets), size, time.perf_counter() - t0)
