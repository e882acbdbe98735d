"""Printing: print_pages through a PDF printer, the print command and the preview."""

from __future__ import annotations

import contextlib
import io
import math
import re
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.export import printing
from viewer.export.printing import (MARGIN_MM, TILE_LABEL_PT, TILE_MARK_PT, TILE_OVERLAP_MM, PrintError,
                                    open_print_preview, prepare_printer, print_pages)
from viewer.model.geometry import mm
from viewer.mupdf import load_pymupdf

pymupdf = load_pymupdf()

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"
A4 = (595, 842)  # Qt's A4 in whole points
A3 = (842, 1191)


def run_cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def pdf_printer(path: Path):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def sizes(path: Path) -> list[tuple[int, int]]:
    with pymupdf.open(path) as doc:
        return [(round(p.rect.width), round(p.rect.height)) for p in doc]


def expected_tiles(page_w: float, page_h: float, paper_w: float, paper_h: float) -> int:
    """Sheets for one page at actual size: the printable area less the
    crop-mark band (and the label under it), tiles overlapping by 10 mm."""
    area_w = paper_w - 2 * mm(MARGIN_MM) - 2 * TILE_MARK_PT
    area_h = paper_h - 2 * mm(MARGIN_MM) - 2 * TILE_MARK_PT - TILE_LABEL_PT
    overlap = mm(TILE_OVERLAP_MM)

    def n(length, room):
        return 1 if length <= room else math.ceil((length - overlap) / (room - overlap))

    return n(page_w, area_w) * n(page_h, area_h)


# ------------------------------------------------------------ the command


def test_print_fit_makes_one_a4_sheet_per_page(tmp_path):
    out = tmp_path / "fit.pdf"
    code, stdout, stderr = run_cli("print", BUNDLED, "--to-pdf", out, "--paper", "A4", "--mode", "fit")
    assert code == 0, stderr
    assert "24 A4 sheets" in stdout
    got = sizes(out)
    assert len(got) == 24
    assert all(s in (A4, A4[::-1]) for s in got)
    assert got[0] == A4  # a portrait broadsheet goes on portrait paper


def test_print_tile_makes_the_expected_number_of_sheets_with_labels(tmp_path, bundled_layout):
    _, layout = bundled_layout
    out = tmp_path / "tile.pdf"
    code, stdout, stderr = run_cli("print", BUNDLED, "--to-pdf", out, "--paper", "A4", "--mode", "tile", "--pages", "2")
    assert code == 0, stderr
    n = expected_tiles(layout.page(2).width_pt, layout.page(2).height_pt, *A4)
    assert n > 1
    got = sizes(out)
    assert len(got) == n
    assert all(s == A4 for s in got)
    with pymupdf.open(out) as doc:
        texts = [p.get_text() for p in doc]
    labels = [re.search(r"第 (\d+) 版 第 (\d+)/(\d+) 张", t) for t in texts]
    assert all(labels)
    assert [(int(m[1]), int(m[2]), int(m[3])) for m in labels] == [(2, k, n) for k in range(1, n + 1)]
    assert [re.search(r"page 2, sheet (\d+) of (\d+)", t).group(0) for t in texts] == [
        f"page 2, sheet {k} of {n}" for k in range(1, n + 1)]  # the label in English too


def test_tiles_are_actual_size_and_overlap(tmp_path, bundled_layout):
    _, layout = bundled_layout
    out = tmp_path / "tile1.pdf"
    printer = pdf_printer(out)
    prepare_printer(printer, layout, [1], "tile", "A4")
    w, h = printing.printable_area(printer)
    plan = printing.plan(layout, [1], "tile", w, h)
    assert all(p.scale == 1.0 for p in plan)
    rows, cols = plan[0].tile[2], plan[0].tile[3]
    xs = sorted({p.sheet.clip[0] for p in plan})
    ys = sorted({p.sheet.clip[1] for p in plan})
    assert len(xs) == cols and len(ys) == rows
    tw = plan[0].sheet.clip[2] - plan[0].sheet.clip[0]
    th = plan[0].sheet.clip[3] - plan[0].sheet.clip[1]
    # neighbours overlap by at least 10 mm and the last tile reaches the page's edge
    assert all(b - a <= tw - mm(TILE_OVERLAP_MM) + 1e-6 for a, b in zip(xs, xs[1:]))
    assert all(b - a <= th - mm(TILE_OVERLAP_MM) + 1e-6 for a, b in zip(ys, ys[1:]))
    assert max(p.sheet.clip[2] for p in plan) == pytest.approx(layout.page(1).width_pt)
    assert max(p.sheet.clip[3] for p in plan) == pytest.approx(layout.page(1).height_pt)
    # the text on a tile is at actual size: a body line keeps its width
    print_pages(printer, layout, [1], "tile")
    body = next(ln for ln in layout.page(1).lines if ln.kind == "body" and len(ln.text) > 8)
    first = next(p for p in plan if p.sheet.clip[0] <= body.bbox[0] and body.bbox[2] <= p.sheet.clip[2]
                 and p.sheet.clip[1] <= body.bbox[1] and body.bbox[3] <= p.sheet.clip[3])
    with pymupdf.open(out) as doc:
        page = doc[plan.index(first)]
        hits = page.search_for(body.text[:6])
    assert hits and hits[0].height == pytest.approx(body.bbox[3] - body.bbox[1], abs=0.5)


def test_print_article_scales_one_article_to_the_paper(tmp_path, bundled_layout):
    data, layout = bundled_layout
    out = tmp_path / "article.pdf"
    code, stdout, stderr = run_cli("print", BUNDLED, "--to-pdf", out, "--paper", "A4", "--article", "p03-lead")
    assert code == 0, stderr
    assert len(sizes(out)) == 1
    with pymupdf.open(out) as doc:
        text = re.sub(r"\s+", "", doc[0].get_text())
        page = doc[0]
        width = page.rect.width
        blocks = page.get_text("blocks")
    assert "高阶智驾时代大幕开启" in text
    assert re.sub(r"\s+", "", data.texts["p03-lead"])[:100] in text
    assert "示例：嵌入" not in text  # the article below it is not printed
    # scaled to fit: the text spans (nearly) the printable width
    used = max(b[2] for b in blocks) - min(b[0] for b in blocks)
    assert used > (width - 2 * mm(MARGIN_MM)) * 0.9


def test_print_pages_on_a3_through_the_function(tmp_path, bundled_layout):
    _, layout = bundled_layout
    out = tmp_path / "a3.pdf"
    printer = pdf_printer(out)
    prepare_printer(printer, layout, [1, 2, 3], "fit", "A3")
    assert print_pages(printer, layout, [1, 2, 3], "fit") == 3
    assert sizes(out) == [A3] * 3
    with pymupdf.open(out) as doc:
        assert "工信部部署2026年十大重点工作" in re.sub(r"\s+", "", doc[0].get_text())


def test_a_wide_article_turns_the_paper():
    """Orientation follows the job: fit chooses the one that prints larger."""
    from PySide6.QtGui import QPageLayout

    from viewer.layout.values import IssueLayout, PageLayout

    wide = PageLayout(number=1, section="测试", width_pt=1200, height_pt=400, lines=(), rules=(), boxes=(), images=(),
                      links=(), articles=())
    printer = pdf_printer(Path("/dev/null"))
    prepare_printer(printer, IssueLayout(pages=(wide,)), None, "fit", "A4")
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize("argv, message", [
    (["--mode", "article"], "--mode article needs --article"),
    (["--mode", "fit", "--article", "p03-lead"], "--article prints in --mode article"),
    (["--article", "p03-nothing"], "no article 'p03-nothing'"),
    (["--pages", "25"], "page 25 is outside the issue (1-24)"),
])
def test_print_bad_input_is_one_message(tmp_path, argv, message):
    out = tmp_path / "x.pdf"
    code, _, stderr = run_cli("print", BUNDLED, "--to-pdf", out, *argv)
    assert code == 1 and message in stderr, stderr
    assert not out.exists() and not list(tmp_path.iterdir())


def test_print_to_an_unwritable_place_is_refused(tmp_path):
    code, _, stderr = run_cli("print", BUNDLED, "--to-pdf", tmp_path / "nowhere" / "x.pdf")
    assert code == 1 and "does not exist" in stderr


def test_printing_without_a_printer_says_what_to_do(monkeypatch):
    from PySide6.QtPrintSupport import QPrinterInfo

    monkeypatch.setattr(QPrinterInfo, "defaultPrinterName", staticmethod(lambda: ""))
    code, _, stderr = run_cli("print", BUNDLED, "--pages", "1")
    assert code == 1 and "--to-pdf" in stderr


def test_a_print_that_fails_half_way_leaves_the_earlier_file(tmp_path, monkeypatch):
    out = tmp_path / "fit.pdf"
    out.write_bytes(b"%PDF-1.4 earlier\n" * 50)
    before = out.read_bytes()
    real = printing.paint_page
    calls = []

    def failing(painter, page, options):
        calls.append(page.number)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(painter, page, options)

    monkeypatch.setattr(printing, "paint_page", failing)
    code, _, stderr = run_cli("print", BUNDLED, "--to-pdf", out, "--pages", "1-3")
    assert code == 1
    assert stderr.splitlines()[-1] == f"error: no space left on device while writing '{out}' (the earlier file is unchanged)"
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["fit.pdf"]


def test_unknown_modes_and_papers_are_errors(bundled_layout):
    _, layout = bundled_layout
    with pytest.raises(PrintError):
        printing.plan(layout, [1], "poster", 500, 800)
    with pytest.raises(PrintError):
        printing.page_size_of("B7")
    with pytest.raises(PrintError):
        printing.plan(layout, None, "article", 500, 800, "nothing-here")


# ------------------------------------------------------------ the preview


def test_the_preview_widget_counts_the_sheets_print_pages_draws(qtbot, bundled_layout):
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

    _, layout = bundled_layout
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    state = {"mode": "fit", "pages": [1, 2, 3]}
    prepare_printer(printer, layout, state["pages"], "fit", "A4")
    widget = QPrintPreviewWidget(printer)
    qtbot.addWidget(widget)
    widget.paintRequested.connect(lambda pr: print_pages(pr, layout, state["pages"], state["mode"]))
    widget.updatePreview()
    assert widget.pageCount() == 3
    state.update(mode="tile", pages=[1])
    prepare_printer(printer, layout, [1], "tile", "A4")
    widget.updatePreview()
    assert widget.pageCount() == expected_tiles(layout.page(1).width_pt, layout.page(1).height_pt, *A4)


def test_open_print_preview_opens_without_exec_and_offers_mode_and_paper(qtbot, bundled_layout):
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QWidget

    _, layout = bundled_layout
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = open_print_preview(parent, layout, [1], "fit", article="p03-lead")
    try:
        assert isinstance(dialog, QPrintPreviewDialog)
        assert dialog.isVisible()  # open() returned at once
        preview = dialog.preview
        assert preview.pageCount() == 1
        modes = [dialog.mode_box.itemData(i) for i in range(dialog.mode_box.count())]
        papers = [dialog.paper_box.itemData(i) for i in range(dialog.paper_box.count())]
        assert modes == ["fit", "tile", "article"] and papers == ["A4", "A3"]

        dialog.paper_box.setCurrentIndex(papers.index("A3"))  # the preview follows at once
        assert preview.pageCount() == 1
        assert round(dialog.printer_.pageLayout().fullRectPoints().height()) == A3[1]

        dialog.mode_box.setCurrentIndex(modes.index("tile"))
        assert preview.pageCount() == expected_tiles(layout.page(1).width_pt, layout.page(1).height_pt, *A3)
        assert dialog.printer_.pageLayout().orientation() == QPageLayout.Orientation.Portrait

        dialog.mode_box.setCurrentIndex(modes.index("article"))
        assert preview.pageCount() == 1
    finally:
        dialog.close()
    assert not dialog.isVisible()


def test_the_preview_without_an_article_cannot_choose_article_mode(qtbot, bundled_layout):
    _, layout = bundled_layout
    dialog = open_print_preview(None, layout, [1], "fit")
    try:
        item = dialog.mode_box.model().item(2)
        assert dialog.mode_box.itemData(2) == "article" and not item.isEnabled()
    finally:
        dialog.close()
        dialog.deleteLater()
    with pytest.raises(PrintError):
        open_print_preview(None, layout, [1], "article")


# ------------------------------------------------------------ tiles hold only their part


def test_each_tile_holds_only_the_items_that_fall_on_it_and_together_all_of_them(bundled_layout):
    _, layout = bundled_layout
    page = layout.page(2)
    placements = printing.plan(layout, [2], "tile", 561.0, 807.0)
    assert len(placements) == 9
    seen = set()
    for pl in placements:
        part = printing.clip_layout(page, pl.sheet.clip)
        x0, y0, x1, y1 = pl.sheet.clip
        assert 0 < len(part.lines) < len(page.lines) / 2
        for ln in part.lines:
            bx0, by0, bx1, by1 = ln.bbox
            assert bx0 <= x1 + 4 and bx1 >= x0 - 4 and by0 <= y1 + 4 and by1 >= y0 - 4
        for im in part.images:
            assert im.rect[0] <= x1 and im.rect[2] >= x0 and im.rect[1] <= y1 and im.rect[3] >= y0
        seen.update(part.lines)
    assert seen == set(page.lines)


def test_the_preview_gives_its_memory_back_when_it_closes(qtbot, bundled_layout):
    import shiboken6
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    _, layout = bundled_layout
    dialog = open_print_preview(None, layout, [1], "tile")
    printer = dialog.printer_
    assert dialog.preview.pageCount() == 9
    dialog.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert not shiboken6.isValid(dialog)  # deleted, with the pictures of its sheets
    assert not shiboken6.isValid(printer)  # the printer, which holds the recorded pages, too
