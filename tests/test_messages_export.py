"""Exporting and printing from the Chinese window: what goes wrong reads in
Chinese, and nothing is translated by matching English wording.

Each test provokes what a reader meets (a folder that cannot be written, a
write the system refuses, pages that are not in the issue, a page range
that is none) and checks the exact Chinese of the message box or the
dialog, with no English word left but file names (``english_left``). The
export and the window word their messages as values (viewer.messages.Msg),
which the window shows by their ids in the gettext catalogues.
"""

from __future__ import annotations

import os

import pytest
from library_data import unwritable
from test_descriptors import make_issue
from test_messages import english_left


@pytest.fixture
def window(qtbot, ui_settings):
    from conftest import shown_window

    win = shown_window(qtbot)
    yield win
    win.close()


@pytest.fixture
def small_issue(window, tmp_path):
    root = make_issue(tmp_path / "issue", pages=1)
    assert window.open_path(root) is True
    return root


def _box(window) -> str:
    box = window.last_message
    assert box is not None and box.isVisible()
    text = box.text()
    box.close()
    window.last_message = None
    return text


def test_an_export_into_a_folder_that_cannot_be_written_reads_in_chinese(window, small_issue, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with unwritable(out):
        assert window.export_to(out / "issue.pdf", "pages", [1]) is None
        assert _box(window) == f"操作未能完成：文件夹“{out}”不可写入"
        window.export_to(out / "lead.pdf", "article", "p1-lead")
        text = _box(window)
    assert text == f"操作未能完成：文件夹“{out}”不可写入"
    assert english_left(text) == []
    assert [e.split(":")[0] for e in window.errors] == ["OutputError"] * 2
    assert list(out.iterdir()) == []


def test_a_write_the_system_refuses_reads_in_chinese(window, small_issue, tmp_path, monkeypatch):
    """The folder looks writable (as a read-only mount may to root), and the
    system refuses the write itself: its reason is said by its errno."""
    from viewer import atomic

    out = tmp_path / "out"
    out.mkdir()
    target = out / "issue.pdf"
    with unwritable(out), monkeypatch.context() as m:
        m.setattr(atomic.os, "access", lambda *args, **kwargs: True)
        window.export_to(target, "pages", [1])
        text = _box(window)
    assert text in (f"操作未能完成：无法写入“{target}”：没有权限", f"操作未能完成：无法写入“{target}”：不允许此操作")
    assert english_left(text) == []
    assert [e.split(":")[0] for e in window.errors] == ["OutputError"]  # the system's error, worded as ours
    assert list(out.iterdir()) == []


def test_pages_not_in_the_issue_read_in_chinese_when_printing_and_exporting(window, small_issue, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    assert window.print_to(QPrinter(QPrinter.PrinterMode.HighResolution), [1, 9]) is None
    assert _box(window) == "操作未能完成：本期没有第 9 版"
    assert window.export_to(tmp_path / "x.pdf", "pages", [9]) is None
    assert _box(window) == "操作未能完成：第 9 版无法排版"
    assert window.print_preview(article="nope") is None
    text = _box(window)
    assert text == "操作未能完成：本期没有稿件“nope”"
    assert english_left(text) == []
    assert [e.split(":")[0] for e in window.errors] == ["PrintError", "ExportError", "PrintError"]
    assert not (tmp_path / "x.pdf").exists()


def test_a_page_range_that_is_none_reads_in_chinese_and_again_in_english(window, small_issue):
    from viewer.ui.dialogs import ExportDialog

    dlg = ExportDialog(window, 1, 1, None)
    dlg.range.setChecked(True)
    dlg.range_text.setText("2-1")
    dlg._accept()
    assert dlg.error.text() == "版面范围有误：版面范围 2-1 前大后小"
    dlg.range_text.setText("1-9")
    dlg._accept()
    assert dlg.error.text() == "版面范围有误：版面 9 超出本期范围（1-1）"
    assert english_left(dlg.error.text()) == []
    window.set_language("en")
    dlg._accept()
    assert dlg.error.text() == "The page range is not valid: page 9 is outside the issue (1-1)"
    dlg.close()


def test_the_print_preview_speaks_the_windows_language(window, small_issue):
    from PySide6.QtWidgets import QLabel

    dlg = window.print_preview()
    try:
        assert dlg.windowTitle() == "打印预览"
        assert [dlg.mode_box.itemText(i) for i in range(dlg.mode_box.count())] == ["整版缩放", "原大拼贴", "单篇文章"]
        labels = [w.text() for w in dlg.findChildren(QLabel)]
        assert " 方式 " in labels and " 纸张 " in labels
    finally:
        dlg.close()
    window.set_language("en")
    dlg = window.print_preview()
    try:
        assert dlg.windowTitle() == "Print preview"
        assert [dlg.mode_box.itemText(i) for i in range(dlg.mode_box.count())] == [
            "Fit to the sheet", "Tiles at actual size", "One article"]
    finally:
        dlg.close()


def test_a_tile_is_labelled_in_both_languages(window, small_issue):
    from viewer.export.printing import plan, sheet_label

    placements = plan(window.doc.layout(), [1], "tile", 400.0, 600.0)
    n = len(placements)
    assert n > 1
    last = placements[-1]
    rows, columns = last.tile[2], last.tile[3]
    assert sheet_label(placements[0].label) == (f"第 1 版 第 1/{n} 张（第 1 行 第 1 列）   "
                                                f"page 1, sheet 1 of {n} (row 1, column 1)")
    assert str(last.label) == f"page 1, sheet {n} of {n} (row {rows}, column {columns})"


def test_the_command_line_says_the_same_in_english(cli, small_issue, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with unwritable(out):
        code, _, err = cli("export", small_issue, "-o", out / "issue.pdf")
    assert code == 1
    assert err.splitlines()[-1] == f"error: the folder '{out}' is not writable"
    code, _, err = cli("print", small_issue, "--pages", "1", "--mode", "article", "--to-pdf", tmp_path / "a.pdf")
    assert (code, err.splitlines()[-1]) == (1, "error: --mode article needs --article ID")
    assert not os.path.exists(tmp_path / "a.pdf")
