"""PDF export: the pages painted by paint_page onto a QPdfWriter, finished
with PyMuPDF (page labels, outline, internal links, metadata).

Qt writes the vector page (text as glyph runs in subset fonts, rules, boxes)
at 72 dpi, so one device unit is one point and the layout's coordinates go
into the file unchanged. Qt would re-encode every photo (as JPEG when that is
smaller), so paint_page is handed a one-pixel stand-in for each image and the
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
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..layout.values import ImageItem, IssueLayout, PageLayout, Rect
from ..render.paint import PaintOptions, paint_page
from .atomic import OutputError, atomic_path, check_writable

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


def page_label(number: int) -> str:
    """The page's name as the paper prints it: 01版."""
    return f"{number:02d}版"


# ------------------------------------------------------------ articles


def _union(rects) -> Rect:
    rects = list(rects)
    return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))


def _intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def article_parts(layout: IssueLayout, article_id: str) -> list[tuple[PageLayout, Rect]]:
    """Each page part of an article, as (a page holding only that article's
    items, the part's bounding box in points), home page first.

    Other articles' lines are left out, so a clip's text layer holds only
    this article; rules and images that reach into the box stay and are
    clipped."""
    parts = []
    for page in layout.pages:
        for art in page.articles:
            if art.id != article_id:
                continue
            boxes = [r.bounds for r in art.regions] + [page.lines[i].bbox for i in art.lines]
            if not boxes:
                continue
            box = _union(boxes)
            keep = set(art.lines)
            lines = tuple(
                ln for i, ln in enumerate(page.lines)
                if i in keep or ln.article == article_id
                or (ln.article is None and box[0] <= (ln.bbox[0] + ln.bbox[2]) / 2 <= box[2]
                    and box[1] <= (ln.bbox[1] + ln.bbox[3]) / 2 <= box[3])
            )
            only = dataclasses.replace(
                page,
                lines=lines,
                rules=tuple(r for r in page.rules if _intersects(_rule_box(r.line, r.weight_pt), box)),
                boxes=tuple(b for b in page.boxes if _intersects(b.rect, box)),
                images=tuple(im for im in page.images if _intersects(im.rect, box)),
                links=(),
                articles=(art,),
                debug_marks=(),
            )
            parts.append((art.continued, only, box))
    parts.sort(key=lambda p: p[0])  # the home part first
    return [(pl, box) for _, pl, box in parts]


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
    rect: Rect  # where it lands on the sheet, in points


def _proxied(sheets: list[Sheet], folder: Path) -> tuple[list[Sheet], list[_Proxy]]:
    """Sheets whose images are tiny stand-ins, and the list of them."""
    from PySide6.QtGui import QColor, QImage

    out, proxies = [], []
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
            path = folder / f"stand-in-{n}.png"
            if not img.save(str(path), "PNG"):
                raise OutputError(f"cannot write a temporary file in '{folder}'")
            ox, oy = sheet.origin
            x0, y0, x1, y1 = item.rect
            proxies.append(_Proxy(si, item, (x0 + ox, y0 + oy, x1 + ox, y1 + oy)))
            images.append(dataclasses.replace(item, path=str(path), crop=(0.0, 0.0, 4.0, 4.0)))
        out.append(dataclasses.replace(sheet, layout=dataclasses.replace(sheet.layout, images=tuple(images))))
    return out, proxies


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


def _image_streams(path: str) -> tuple[dict, bytes, tuple[dict, bytes] | None]:
    """(image dict, stream, optional soft mask) with the file's own
    compressed data where PDF can carry it."""
    raw = Path(path).read_bytes()
    if raw[:3] == b"\xff\xd8\xff":
        from PIL import Image as PILImage

        with PILImage.open(path) as im:
            mode, (w, h) = im.mode, im.size
        if mode in ("RGB", "L"):  # CMYK JPEGs are often Adobe-inverted: decode those
            return ({"Width": w, "Height": h, "BitsPerComponent": 8,
                     "ColorSpace": "/DeviceRGB" if mode == "RGB" else "/DeviceGray",
                     "Filter": "/DCTDecode"}, raw, None)
    passed = _png_passthrough(raw)
    if passed is not None:
        return passed[0], passed[1], None
    from ..layout import images as image_io

    pil = image_io.load_rgb(path, Path(path).stat().st_mtime)
    w, h = pil.size
    smask = None
    if pil.mode == "RGBA":
        alpha = pil.getchannel("A").tobytes()
        smask = ({"Width": w, "Height": h, "BitsPerComponent": 8, "ColorSpace": "/DeviceGray",
                  "Filter": "/FlateDecode"}, zlib.compress(alpha, 6))
        pil = pil.convert("RGB")
    return ({"Width": w, "Height": h, "BitsPerComponent": 8, "ColorSpace": "/DeviceRGB", "Filter": "/FlateDecode"},
            zlib.compress(pil.tobytes(), 6), smask)


def _new_stream(doc, keys: dict, data: bytes) -> int:
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, data, new=True, compress=False)
    for k, v in keys.items():
        doc.xref_set_key(xref, k, str(v))
    return xref


def _put_images(doc, proxies: list[_Proxy]) -> None:
    """Turn each stand-in image into a form that draws the original file,
    cropped by a clip, in the unit square where Qt drew the stand-in."""
    by_sheet: dict[int, list[_Proxy]] = {}
    for px in proxies:
        by_sheet.setdefault(px.sheet, []).append(px)
    originals: dict[str, int] = {}
    for si, items in by_sheet.items():
        page = doc[si]
        placed = [(info["xref"], tuple(info["bbox"])) for info in page.get_image_info(xrefs=True) if info.get("xref")]
        used: set[int] = set()
        for px in items:
            best, best_d = None, None
            for xref, bbox in placed:
                if xref in used:
                    continue
                d = sum(abs(a - b) for a, b in zip(bbox, px.rect))
                if best_d is None or d < best_d:
                    best, best_d = xref, d
            if best is None or best_d > 2.0:
                raise ExportError(f"internal error: the image {Path(px.item.path).name} was not found on PDF page {si + 1}")
            used.add(best)
            path = px.item.path
            if path not in originals:
                keys, data, smask = _image_streams(path)
                keys = {"Type": "/XObject", "Subtype": "/Image", **keys}
                if smask is not None:
                    mkeys = {"Type": "/XObject", "Subtype": "/Image", **smask[0]}
                    keys["SMask"] = f"{_new_stream(doc, mkeys, smask[1])} 0 R"
                originals[path] = _new_stream(doc, keys, data)
            img = originals[path]
            w = int(doc.xref_get_key(img, "Width")[1])
            h = int(doc.xref_get_key(img, "Height")[1])
            cx0, cy0, cx1, cy1 = px.item.crop
            cw, ch = cx1 - cx0, cy1 - cy0
            content = (f"q 0 0 1 1 re W n {w / cw:.6f} 0 0 {h / ch:.6f} {-cx0 / cw:.6f} {(cy1 - h) / ch:.6f} cm "
                       f"/I Do Q").encode()
            doc.update_object(best, f"<</Type/XObject/Subtype/Form/BBox[0 0 1 1]"
                                    f"/Resources<</XObject<</I {img} 0 R>>>>>>")
            doc.update_stream(best, content, new=True, compress=False)


# ------------------------------------------------------------ writing


def _page_size(w: float, h: float):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageSize

    return QPageSize(QSizeF(w, h), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)


def paint_sheets(sheets: list[Sheet], path: Path, title: str = "") -> None:
    """Paint the sheets into a PDF at ``path`` with QPdfWriter, one page each."""
    from PySide6.QtCore import QMarginsF, QRectF
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
                m = sheet.margin
                painter.setClipRect(QRectF(m, m, sheet.clip[2] - sheet.clip[0], sheet.clip[3] - sheet.clip[1]))
                painter.translate(*sheet.origin)
            paint_page(painter, sheet.layout, PaintOptions())
            painter.restore()
    finally:
        painter.end()


def _fix_boxes(doc, sheets: list[Sheet]) -> None:
    """Qt rounds page sizes to whole points (QPageSize keeps integer points);
    cut the media box to the real size, keeping its top-left corner, where
    Qt's coordinates start."""
    for i, sheet in enumerate(sheets):
        page = doc[i]
        mb = page.mediabox  # PDF coordinates, y up
        w, h = sheet.width_pt, sheet.height_pt
        if abs(mb.width - w) < 1e-3 and abs(mb.height - h) < 1e-3:
            continue
        top = mb.y1
        doc.xref_set_key(page.xref, "MediaBox", f"[0 {top - h:.4f} {w:.4f} {top:.4f}]")
        doc.xref_set_key(page.xref, "CropBox", "null")


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


def write_pdf(sheets: list[Sheet], target: str | os.PathLike, finish=None, title: str = "") -> int:
    """Paint ``sheets`` into a PDF at ``target`` atomically; ``finish(doc)``
    may add outline, links and metadata. Returns the file's size."""
    import pymupdf

    if not sheets:
        raise ExportError("nothing to export")
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="herald-pdf-") as tmp_dir:
        folder = Path(tmp_dir)
        raw = folder / "qt.pdf"
        painted, proxies = _proxied(sheets, folder)
        with atomic_path(target) as out:
            paint_sheets(painted, raw, title)
            if not raw.is_file() or raw.stat().st_size == 0:
                raise OutputError(f"Qt wrote no PDF for '{target}'")
            doc = pymupdf.open(str(raw))
            try:
                if doc.page_count != len(sheets):
                    raise ExportError(f"internal error: Qt wrote {doc.page_count} pages for {len(sheets)}")
                _fix_boxes(doc, sheets)
                _put_images(doc, proxies)
                _tag_fonts(doc)
                if finish is not None:
                    finish(doc)
                _save(doc, out)
            finally:
                doc.close()
            size = out.stat().st_size
    return size


# ------------------------------------------------------------ the issue


def _issue_title(issue) -> str:
    d = issue.date
    return f"{issue.paper} {d.year}年{d.month}月{d.day}日"


def _issue_subject(issue) -> str:
    s = f"第{issue.issue_number}期"
    if issue.serial_number:
        s += f"（总第{issue.serial_number}期）"
    return s + f" 今日{issue.page_count}版"


def _metadata(doc, issue, extra_title: str = "") -> None:
    import pymupdf

    title = _issue_title(issue) + extra_title
    doc.set_metadata({
        "title": title,
        "author": issue.publisher or issue.paper,
        "subject": _issue_subject(issue),
        "keywords": ", ".join(k for k in (issue.paper, issue.paper_en, issue.date.isoformat()) if k),
        "creator": CREATOR,
        "producer": f"PyMuPDF {pymupdf.VersionBind}, Qt",
    })
    cat = doc.pdf_catalog()
    doc.xref_set_key(cat, "Lang", pymupdf.get_pdf_str(issue.language or LANGUAGE))
    doc.xref_set_key(cat, "ViewerPreferences", "<</DisplayDocTitle true>>")


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
    import pymupdf

    toc = []
    for idx, n in enumerate(numbers):
        page = layout.page(n)
        toc.append([1, f"{page_label(n)} {page.section}", idx + 1,
                    {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(0, 0), "zoom": 0}])
        for art in page.articles:
            x, y = _target_point(page, art.id)
            title = art.headline.replace("\n", " ").strip()
            if art.continued:
                home = layout.article(art.id)
                src = home.pages[0] if home and home.pages else None
                title = f"{title}（上接第{src}版）" if src else f"{title}（续）"
            toc.append([2, title, idx + 1, {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(x, y), "zoom": 0}])
    return toc


def _links(doc, layout: IssueLayout, numbers: list[int]) -> int:
    import pymupdf

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
    issue = data.issue

    def finish(doc):
        doc.set_page_labels([{"startpage": i, "prefix": page_label(n), "style": "", "firstpagenum": 1}
                             for i, n in enumerate(numbers)])
        doc.set_toc(_outline(layout, numbers))
        _links(doc, layout, numbers)
        _metadata(doc, issue)
        doc.xref_set_key(doc.pdf_catalog(), "PageMode", "/UseOutlines")

    size = write_pdf(sheets, target, finish, _issue_title(issue))
    return ExportResult(Path(target), tuple(numbers), size, time.perf_counter() - t0)


def export_article_pdf(data, layout: IssueLayout, article_id: str, target: str | os.PathLike,
                       margin: float = ARTICLE_MARGIN_PT) -> ExportResult:
    """One article as a PDF clip for sharing: a page per part (its home page
    and a continuation, if any), each the vector crop of the part's region
    with a white margin."""
    t0 = time.perf_counter()
    parts = article_parts(layout, article_id)
    if not parts:
        raise ExportError(f"no article '{article_id}' in this issue")
    check_writable(Path(target))
    sheets = [Sheet(pl, box, margin) for pl, box in parts]
    issue = data.issue
    headline = parts[0][0].articles[0].headline.replace("\n", " ").strip()

    def finish(doc):
        doc.set_page_labels([{"startpage": i, "prefix": page_label(s.layout.number), "style": "", "firstpagenum": 1}
                             for i, s in enumerate(sheets)])
        _metadata(doc, issue, f" {page_label(sheets[0].layout.number)} {headline}")

    size = write_pdf(sheets, target, finish, f"{headline}")
    return ExportResult(Path(target), tuple(s.layout.number for s in sheets), size, time.perf_counter() - t0)
