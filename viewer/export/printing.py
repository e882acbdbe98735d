"""Printing: one function, print_pages, for the printer, the print preview
and ``herald print --to-pdf``.

Three modes:

- ``fit``: each newspaper page scaled onto one sheet, centred;
- ``tile``: each page at actual size across several sheets that overlap,
  with crop marks at the tile's corners, ticks where the neighbouring tile
  begins, and a label saying which tile of which page a sheet is;
- ``article``: one article's region, clipped to it and scaled to fit.

The page itself is always drawn by paint_page, in points: a sheet only
sets the transform (and a clip). ``prepare_printer`` chooses the paper,
orientation and margins before a job; print_pages then follows whatever
the printer is set to, so the preview's own orientation buttons work.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from ..layout.values import IssueLayout, PageLayout
from ..messages import Msg, Names
from ..model.geometry import intersects, mm
from ..render.paint import PaintOptions, paint_page
from .sheets import Sheet, article_sheets, rule_box, set_clip

MODES = ("fit", "tile", "article")
PAPERS = ("A4", "A3")
# the modes as the print preview offers them
MODE_NAMES = {"fit": Msg("Fit to the sheet"), "tile": Msg("Tiles at actual size"), "article": Msg("One article")}

MARGIN_MM = 6.0  # printable-area margin asked of the printer
PRINT_IMAGE_DPI = 300.0  # photos go to paper at most at this resolution
PREVIEW_DPI = 80.0  # a print preview's sheets are images of this resolution
CLIP_SLACK_PT = 4.0  # how far past a tile's edge an item may reach and still be drawn on it
TILE_OVERLAP_MM = 10.0  # each tile repeats this much of its neighbour
TILE_MARK_PT = 14.0  # band around a tile for crop marks
TILE_LABEL_PT = 12.0  # band under a tile's bottom marks for its label


class PrintError(Exception):
    """The job cannot be printed; the message says why."""


def _unknown_mode(mode: str) -> Msg:
    return Msg("unknown mode '{mode}' (use {names})", mode=mode, names=Names(MODES, quote="", quoted=True))


@dataclass(frozen=True)
class Placement:
    """One printed sheet: ``sheet`` drawn at ``scale`` with the top-left of
    its area at ``offset`` (points from the printable area's top-left)."""

    sheet: Sheet
    scale: float
    offset: tuple[float, float]
    label: Msg | None = None  # a tile's: which tile of which page the sheet is
    tile: tuple[int, int, int, int] | None = None  # row, column, rows, columns
    ticks: tuple[tuple[str, float], ...] = ()  # ("x"|"y", position in sheet points) where a neighbour begins/ends


def page_size_of(paper: str):
    from PySide6.QtGui import QPageSize

    ids = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3, "A5": QPageSize.PageSizeId.A5,
           "LETTER": QPageSize.PageSizeId.Letter, "LEGAL": QPageSize.PageSizeId.Legal,
           "TABLOID": QPageSize.PageSizeId.Tabloid}
    key = paper.upper()
    if key not in ids:
        raise PrintError(Msg("unknown paper '{paper}' (use {names})", paper=paper, names=Names(PAPERS, quote="")))
    return QPageSize(ids[key])


# ------------------------------------------------------------ planning


def tile_grid(length: float, room: float, overlap: float) -> list[float]:
    """Where tiles of ``room`` points start along a page ``length`` points
    long, overlapping by at least ``overlap``: spread evenly, the first at
    0 and the last ending at the page's edge."""
    if length <= room + 1e-6:
        return [0.0]
    if room <= overlap:
        raise PrintError(Msg("the paper is too small for tiling"))
    n = math.ceil((length - overlap) / (room - overlap) - 1e-9)
    n = max(n, 2)
    step = (length - room) / (n - 1)
    return [i * step for i in range(n)]


def tile_area(area_w: float, area_h: float) -> tuple[float, float, float, float]:
    """The part of the printable area a tile fills: (x, y, width, height)."""
    return (TILE_MARK_PT, TILE_MARK_PT, area_w - 2 * TILE_MARK_PT, area_h - 2 * TILE_MARK_PT - TILE_LABEL_PT)


def tile_count(page_w: float, page_h: float, area_w: float, area_h: float, overlap: float = mm(TILE_OVERLAP_MM)) -> int:
    _, _, tw, th = tile_area(area_w, area_h)
    return len(tile_grid(page_w, tw, overlap)) * len(tile_grid(page_h, th, overlap))


def _whole(layout: IssueLayout, n: int) -> Sheet:
    page = layout.page(n)
    if page is None:
        raise PrintError(Msg("page {number} is not in the issue", number=n))
    return Sheet(page, (0.0, 0.0, page.width_pt, page.height_pt))


def _sources(layout: IssueLayout, pages, mode: str, article: str | None) -> list[Sheet]:
    if mode == "article":
        if not article:
            raise PrintError(Msg("article mode needs an article"))
        sheets = article_sheets(layout, article)
        if not sheets:
            raise PrintError(Msg("no article '{id}' in this issue", id=article))
        return sheets
    numbers = list(pages) if pages else [p.number for p in layout.pages]
    return [_whole(layout, n) for n in numbers]


def _fit(sheet: Sheet, area_w: float, area_h: float) -> Placement:
    w, h = sheet.width_pt, sheet.height_pt
    s = min(area_w / w, area_h / h)
    return Placement(sheet, s, ((area_w - w * s) / 2, (area_h - h * s) / 2))


def plan(layout: IssueLayout, pages, mode: str, area_w: float, area_h: float, article: str | None = None) -> list[Placement]:
    """Every sheet of a job on a printable area of ``area_w`` x ``area_h`` points."""
    if mode not in MODES:
        raise PrintError(_unknown_mode(mode))
    sources = _sources(layout, pages, mode, article)
    if mode != "tile":
        return [_fit(s, area_w, area_h) for s in sources]
    out = []
    ax, ay, tw, th = tile_area(area_w, area_h)
    overlap = mm(TILE_OVERLAP_MM)
    for src in sources:
        page = src.layout
        xs = tile_grid(page.width_pt, tw, overlap)
        ys = tile_grid(page.height_pt, th, overlap)
        total = len(xs) * len(ys)
        k = 0
        for r, y in enumerate(ys):
            for c, x in enumerate(xs):
                k += 1
                clip = (x, y, min(x + tw, page.width_pt), min(y + th, page.height_pt))
                ticks = []
                if c + 1 < len(xs):
                    ticks.append(("x", xs[c + 1] - x))
                if c > 0:
                    ticks.append(("x", xs[c - 1] + tw - x))
                if r + 1 < len(ys):
                    ticks.append(("y", ys[r + 1] - y))
                if r > 0:
                    ticks.append(("y", ys[r - 1] + th - y))
                label = Msg("page {number}, sheet {sheet} of {sheets} (row {row}, column {column})",
                            number=page.number, sheet=k, sheets=total, row=r + 1, column=c + 1)
                out.append(Placement(Sheet(page, clip), 1.0, (ax, ay), label, (r, c, len(ys), len(xs)), tuple(ticks)))
    return out


# ------------------------------------------------------------ the printer


def printable_area(printer) -> tuple[float, float]:
    """The printable area's size in points."""
    from PySide6.QtPrintSupport import QPrinter

    r = printer.pageRect(QPrinter.Unit.Point)
    return r.width(), r.height()


def prepare_printer(printer, layout: IssueLayout, pages=None, mode: str = "fit", paper: str = "A4",
                    article: str | None = None) -> None:
    """Set paper, margins and the orientation that suits the job: for fit
    and article the one that prints larger; tiles go on portrait sheets."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout

    printer.setPageSize(page_size_of(paper))
    printer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    portrait, landscape = QPageLayout.Orientation.Portrait, QPageLayout.Orientation.Landscape
    if mode == "tile":
        printer.setPageOrientation(portrait)
        return
    sources = _sources(layout, pages, mode, article)
    best, best_scale = portrait, -1.0
    for orientation in (portrait, landscape):
        printer.setPageOrientation(orientation)
        w, h = printable_area(printer)
        scale = min(min(w / s.width_pt, h / s.height_pt) for s in sources)
        if scale > best_scale + 1e-9:
            best, best_scale = orientation, scale
    printer.setPageOrientation(best)


def sheet_label(label: Msg) -> str:
    """A tile's label as it is printed: in Chinese and in English, for a
    sheet of paper has no interface language."""
    return f"{label.translated('zh')}   {label}"


def _draw_furniture(painter, pl: Placement, k: float) -> None:
    """Crop marks, overlap ticks and the label of a tile, in device units."""
    from PySide6.QtCore import QLineF, QRectF, Qt
    from PySide6.QtGui import QColor, QPen

    from ..fonts import qfont

    x0, y0 = pl.offset
    w = pl.sheet.clip[2] - pl.sheet.clip[0]
    h = pl.sheet.clip[3] - pl.sheet.clip[1]
    x1, y1 = x0 + w, y0 + h
    gap, length = 3.0, TILE_MARK_PT - 5.0
    pen = QPen(QColor("#000000"))
    pen.setWidthF(0.3 * k)
    painter.setPen(pen)
    lines = []
    for cx, dx in ((x0, -1), (x1, 1)):
        for cy, dy in ((y0, -1), (y1, 1)):
            lines.append(QLineF((cx + dx * gap) * k, cy * k, (cx + dx * (gap + length)) * k, cy * k))
            lines.append(QLineF(cx * k, (cy + dy * gap) * k, cx * k, (cy + dy * (gap + length)) * k))
    pen2 = QPen(QColor("#808080"))
    pen2.setWidthF(0.3 * k)
    for axis, pos in pl.ticks:
        if axis == "x":
            x = x0 + pos
            lines.append(QLineF(x * k, (y0 - gap - length / 2) * k, x * k, (y0 - gap) * k))
            lines.append(QLineF(x * k, (y1 + gap) * k, x * k, (y1 + gap + length / 2) * k))
        else:
            y = y0 + pos
            lines.append(QLineF((x0 - gap - length / 2) * k, y * k, (x0 - gap) * k, y * k))
            lines.append(QLineF((x1 + gap) * k, y * k, (x1 + gap + length / 2) * k, y * k))
    painter.drawLines(lines)
    if pl.label:
        painter.setFont(qfont("sans", 7.0))
        painter.setPen(QColor("#000000"))
        band = QRectF(x0 * k, (y1 + TILE_MARK_PT - 2) * k, w * k, (TILE_LABEL_PT + 2) * k)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(band, flags, sheet_label(pl.label))


def clip_layout(page: PageLayout, clip) -> PageLayout:
    """The page with only the items that fall on ``clip`` (in points): a
    tile's sheet holds its own part of the page, not the whole page under a
    clip. Lines and rules reach a little past their boxes (ascenders,
    weights), so they are kept when they come within a few points."""
    near = rule_box(clip, CLIP_SLACK_PT)
    return dataclasses.replace(
        page,
        lines=tuple(ln for ln in page.lines if intersects(ln.bbox, near)),
        rules=tuple(r for r in page.rules if intersects(rule_box(r.line, r.weight_pt), near)),
        boxes=tuple(b for b in page.boxes if intersects(rule_box(b.rect, b.weight_pt), near)),
        images=tuple(im for im in page.images if intersects(im.rect, clip)),
        debug_marks=(),
    )


def _draw_sheet(painter, pl: Placement, scale: float, image_dpi: float, text_layer: str = "") -> None:
    """The page part of one placement, in a painter whose unit is ``scale``
    device units a point, at the printable area's top-left (``text_layer``:
    see PaintOptions; "qt" when printing into a PDF file)."""
    painter.save()
    painter.scale(scale, scale)
    painter.translate(*pl.offset)
    painter.scale(pl.scale, pl.scale)
    painter.translate(-pl.sheet.clip[0], -pl.sheet.clip[1])
    set_clip(painter, pl.sheet)
    page = clip_layout(pl.sheet.layout, pl.sheet.clip) if not pl.sheet.whole_page else pl.sheet.layout
    paint_page(painter, page, PaintOptions(image_dpi=image_dpi, text_layer=text_layer))
    painter.restore()


def _preview_image(pl: Placement, area_w: float, area_h: float):
    """The sheet's page part drawn into an image at PREVIEW_DPI: what a print
    preview records of it. A preview records glyph runs as outlines (about
    5 MB a sheet, and most of the time of a tiled issue); an image of the
    sheet is smaller, and quick to make."""
    from PySide6.QtGui import QColor, QImage, QPainter

    s = PREVIEW_DPI / 72
    img = QImage(max(1, round(area_w * s)), max(1, round(area_h * s)), QImage.Format.Format_RGB16)
    img.fill(QColor("#FFFFFF"))
    p = QPainter(img)
    try:
        _draw_sheet(p, pl, s, PREVIEW_DPI)
    finally:
        p.end()
    return img


def print_pages(printer, layout: IssueLayout, pages=None, mode: str = "fit", article: str | None = None) -> int:
    """Print ``pages`` (default: all) or ``article`` in ``mode`` on the
    printer as it is set; returns the number of sheets.

    A real printer (or PDF) gets vector pages, each sheet only the items
    that fall on it and photos at PRINT_IMAGE_DPI at most; a print preview
    gets each sheet as an image at PREVIEW_DPI."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter, QPaintEngine

    from ..fonts import ensure_app

    ensure_app()
    area_w, area_h = printable_area(printer)
    placements = plan(layout, pages, mode, area_w, area_h, article)
    k = printer.resolution() / 72.0  # device units per point
    # printed into a PDF file, a scanned page keeps its words as a text layer
    options = PaintOptions(text_layer="qt" if printer.outputFormat() == type(printer.outputFormat()).PdfFormat else "")
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(Msg("the printer could not be opened"))
    preview = painter.paintEngine() is not None and painter.paintEngine().type() == QPaintEngine.Type.Picture
    try:
        for i, pl in enumerate(placements):
            if i and not printer.newPage():
                raise PrintError(Msg("the printer refused a new sheet"))
            if preview:
                painter.save()
                painter.scale(k * 72 / PREVIEW_DPI, k * 72 / PREVIEW_DPI)
                painter.drawImage(QPointF(0, 0), _preview_image(pl, area_w, area_h))
                painter.restore()
            else:
                _draw_sheet(painter, pl, k, PRINT_IMAGE_DPI, options.text_layer)
            if pl.tile is not None:
                painter.save()
                _draw_furniture(painter, pl, k)
                painter.restore()
    finally:
        painter.end()
    return len(placements)


def sheet_count(printer, layout: IssueLayout, pages=None, mode: str = "fit", article: str | None = None) -> int:
    area_w, area_h = printable_area(printer)
    return len(plan(layout, pages, mode, area_w, area_h, article))


# ------------------------------------------------------------ the preview


def _give_back_memory(held: list) -> None:
    """Delete a closed preview's printer, with the pages it recorded, and
    hand the freed memory back to the system (glibc keeps freed memory of
    many small blocks otherwise)."""
    import ctypes
    import ctypes.util

    import shiboken6

    for obj in held:
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)
    held.clear()

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is not None and hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)
    except OSError:
        pass


def open_print_preview(parent, layout: IssueLayout, pages=None, mode: str = "fit", article: str | None = None,
                       paper: str = "A4", start_page: int | None = None, lang: str | None = None):
    """Open (never exec) a QPrintPreviewDialog driven by print_pages, with
    the mode and the paper added to its tool bar, showing the first sheet of
    ``start_page`` (the page the reader is on), its own words in ``lang``
    (the window's language; None: English). Returns the dialog; its
    ``mode_box``, ``paper_box`` and ``preview`` are there for callers."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLabel, QToolBar
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget

    if mode not in MODES:
        raise PrintError(_unknown_mode(mode))
    if mode == "article" and not article:
        raise PrintError(Msg("article mode needs an article"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, layout, pages, mode, paper, article)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(Msg("Print preview").translated(lang))
    # the preview holds a recorded picture of every sheet: they go when it closes
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    held = [printer]  # the printer keeps the preview's pages: it goes with the dialog
    dialog.destroyed.connect(lambda *_: _give_back_memory(held))
    state = {"mode": mode, "paper": paper}
    dialog.printer_ = printer  # the dialog does not own its printer

    def paint(pr):
        try:
            print_pages(pr, layout, pages, state["mode"], article)
        except PrintError:
            pass  # the preview shows an empty job; the boxes say what was asked

    dialog.paintRequested.connect(paint)
    preview = dialog.findChild(QPrintPreviewWidget)
    bars = dialog.findChildren(QToolBar)
    bar = bars[0] if bars else None

    mode_box = QComboBox(dialog)
    for m in MODES:
        mode_box.addItem(MODE_NAMES[m].translated(lang), m)
    if not article:
        item = mode_box.model().item(MODES.index("article"))
        item.setEnabled(False)
    mode_box.setCurrentIndex(MODES.index(mode))
    paper_box = QComboBox(dialog)
    for p in PAPERS:
        paper_box.addItem(p, p)
    if paper.upper() in PAPERS:
        paper_box.setCurrentIndex(PAPERS.index(paper.upper()))

    def first_sheet_of(number: int | None) -> int:
        """The 1-based sheet on which page ``number`` starts in the current job."""
        if number is None:
            return 1
        try:
            placements = plan(layout, pages, state["mode"], *printable_area(printer), article)
        except PrintError:
            return 1
        return next((i + 1 for i, pl in enumerate(placements) if pl.sheet.layout.number == number), 1)

    def page_on_sheet(sheet: int) -> int | None:
        try:
            placements = plan(layout, pages, state["mode"], *printable_area(printer), article)
        except PrintError:
            return None
        return placements[sheet - 1].sheet.layout.number if 0 < sheet <= len(placements) else None

    def changed(_=None):
        shown = page_on_sheet(preview.currentPage()) if preview is not None else None
        state["mode"] = mode_box.currentData()
        state["paper"] = paper_box.currentData()
        prepare_printer(printer, layout, pages, state["mode"], state["paper"], article)
        if preview is not None:
            preview.updatePreview()
            preview.setCurrentPage(first_sheet_of(shown))

    mode_box.currentIndexChanged.connect(changed)
    paper_box.currentIndexChanged.connect(changed)
    if bar is not None:
        bar.addSeparator()
        bar.addWidget(QLabel(f" {Msg('Mode').translated(lang)} ", dialog))
        bar.addWidget(mode_box)
        bar.addWidget(QLabel(f" {Msg('Paper').translated(lang)} ", dialog))
        bar.addWidget(paper_box)
    dialog.mode_box = mode_box
    dialog.paper_box = paper_box
    dialog.preview = preview
    dialog.changed_ = changed
    dialog.open()
    if preview is not None and start_page is not None:
        preview.updatePreview()
        preview.setCurrentPage(first_sheet_of(start_page))
    return dialog
