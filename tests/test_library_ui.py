"""The library in the window, driven with pytest-qt: adding a folder lists
its papers, the calendar marks the issue days, 下一期 opens the next issue,
and a library search lists hits in several issues and highlights the one
opened."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from conftest import highlighted_points, shown_window
from library_data import HERALD, WEEKLY, three_issues


@pytest.fixture(autouse=True)
def _private_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("HERALD_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("HERALD_DATA_DIR", str(tmp_path / "data"))
    from viewer.ui import i18n, settings

    settings.set_language("zh")
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.fixture
def shelf(tmp_path):
    root = tmp_path / "papers"
    return root, three_issues(root)


@pytest.fixture
def window(qtbot):
    win = shown_window(qtbot)
    yield win
    assert win.errors == [], win.errors
    win.close()


def _add(qtbot, win, root):
    """File > Add to Library, as the reader does it: indexed by a child process."""
    assert win.library.add_folder(root)
    assert win.library_dock.isVisible()
    qtbot.waitUntil(lambda: not win.library.scanning, timeout=60_000)


def _indexed(win, root):
    """A library indexed before the window looks at it (quicker than a child process)."""
    from viewer.library.index import Library

    with Library() as lib:
        lib.add_folder(root)
        lib.scan()
    win.library.show_panel()


def test_adding_a_folder_of_three_issues_lists_both_papers_and_marks_the_days(qtbot, window, shelf):
    root, paths = shelf
    _add(qtbot, window, root)
    panel = window.library_panel
    assert panel.paper_names() == [HERALD, WEEKLY]
    assert panel.status.text() == "3 期，49 版可搜索"
    # the herald: its two issues, newest first, and the two days marked in December 2025
    assert panel.current_paper() == HERALD
    assert panel.issue_texts() == ["2025-12-31 星期三 第49期 · 24 版", "2025-12-29 星期一 第48期 · 24 版"]
    assert (panel.calendar.yearShown(), panel.calendar.monthShown()) == (2025, 12)
    assert panel.marked_days() == [dt.date(2025, 12, 29), dt.date(2025, 12, 31)]
    assert panel.year_view.marked() == [dt.date(2025, 12, 29), dt.date(2025, 12, 31)]
    panel.select_paper(WEEKLY)
    assert panel.marked_days() == [dt.date(2025, 12, 30)]
    # a marked day opens its issue at the front page; the title names paper and date
    panel.select_paper(HERALD)
    panel.calendar.clicked.emit(QDate(2025, 12, 29))
    assert window.path == paths["herald-29"]
    assert window.view.current_page == 1
    assert window.windowTitle() == f"{HERALD} 2025年12月29日 — Herald 电子报"
    # the year view: a click on a filled day opens that issue
    panel.views.setCurrentIndex(1)
    canvas = panel.year_view.canvas
    canvas.repaint()
    rect = next(r for r, d in canvas.cells if d == dt.date(2025, 12, 31))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.path == paths["herald-31"]


def test_next_issue_opens_the_next_issue_of_the_same_paper(qtbot, window, shelf):
    root, paths = shelf
    _indexed(window, root)
    assert window.open_path(paths["herald-29"], page=5)
    assert window.act_next_issue.isEnabled() and not window.act_prev_issue.isEnabled()
    assert window.act_next_issue in window.menu_go.actions() and window.act_next_issue in window.toolbar.actions()
    assert [window.act_prev_issue.text(), window.act_next_issue.text()] == ["上一期", "下一期"]
    window.show_search()
    window.search.set_scope(True)
    window.search.field.setText("高铁")
    window.act_next_issue.trigger()  # the weekly of 2025-12-30 is another paper: skipped
    assert window.path == paths["herald-31"]
    assert window.view.current_page == 1
    assert window.windowTitle() == f"{HERALD} 2025年12月31日 — Herald 电子报"
    assert not window.act_next_issue.isEnabled() and window.act_prev_issue.isEnabled()
    assert window.search.field.text() == "高铁"  # a library query outlives the issue it was typed in
    window.act_prev_issue.trigger()
    assert window.path == paths["herald-29"]


def test_a_library_search_lists_hits_in_several_issues_and_opens_one_highlighted(qtbot, window, shelf):
    root, paths = shelf
    _indexed(window, root)
    window.act_find.trigger()
    search = window.search
    search.set_scope(True)
    search.field.setText("高铁")  # QTest cannot type non-ASCII keys
    qtbot.keyClick(search.field, Qt.Key.Key_Return)
    listed = window.library.results.texts()
    assert [issue for issue, _ in listed] == [f"{HERALD} 2025-12-31 第49期（1 处）", f"{WEEKLY} 2025-12-30 第1期（1 处）",
                                              f"{HERALD} 2025-12-29 第48期（1 处）"]
    assert listed[1][1] == ["第 1 版 · 高铁客流创新高 · 高铁客流创新高 京沪高铁今年客流再创新高，国产芯片用在了新一…"]
    assert search.count.text() == "3 处结果，共 3 期"
    # open the result in the issue of 2025-12-31: page 1, the caption's 高铁 highlighted
    item = window.library.results.hit_items()[0]
    window.library.results.itemActivated.emit(item)
    assert window.path == paths["herald-31"]
    assert window.view.current_page == 1
    assert search.field.text() == "高铁" and search.in_library()
    page, rects = window.view._current_hit
    assert page == 1 and rects
    assert highlighted_points(window.view, 1, rects[0]) > 10, "the hit is not highlighted on the page"
    # back to this issue: the same words searched in the open issue only
    search.set_scope(False)
    assert not search.in_library() and search.stack.currentWidget() is search.results
    assert search.hits and {h.page for h in search.hits} == {1}
    assert search.count.text() == f"{len(search.hits)} 处结果"
    search.set_scope(True)
    assert search.stack.currentWidget() is window.library.results
    # a query of punctuation only: a message, no rows
    search.field.setText("，。")
    qtbot.keyClick(search.field, Qt.Key.Key_Return)
    assert window.library.results.texts() == []
    assert search.count.text() == "没有可搜索的内容：请输入词语或文字，不要只输入标点或空格"


def test_an_issue_with_problems_is_listed_with_them_and_a_missing_folder_greyed(qtbot, window, tmp_path):
    from library_data import weekly_issue

    root = tmp_path / "weekly"
    weekly_issue(root / "2025-12-30")
    bad = weekly_issue(root / "2025-12-23", "2025-12-23", text="高铁新闻", frame="col = 7, span = 4, line = 5, lines = 30")
    _add(qtbot, window, root)
    panel = window.library_panel
    assert panel.issue_texts() == ["2025-12-30 星期二 第1期 · 1 版", "2025-12-23 星期二 第1期 · 1 版（有问题，不参与搜索）"]
    assert panel.marked_days() == [dt.date(2025, 12, 23), dt.date(2025, 12, 30)]
    panel.issues.setCurrentRow(1)
    assert panel.details.isVisible()
    assert panel.details.toPlainText() == (f"{bad}\n此期有 1 个问题：\n{bad}/pages/01.toml：blocks[0].frames[0]："
                                           "框超出网格：占第 7 至 10 栏，而网格只有 8 栏")
    root.rename(tmp_path / "away")
    window.library.refresh()
    assert panel.issue_texts() == ["2025-12-30 星期二 第1期 · 1 版（文件夹不在）",
                                   "2025-12-23 星期二 第1期 · 1 版（有问题，不参与搜索；文件夹不在）"]
    panel.issues.itemActivated.emit(panel.issues.item(0))  # cannot open: a message, no error
    assert window.path is None
    assert "现在不在" in window.last_message.text()


def test_an_issue_whose_folder_could_not_be_read_is_greyed_and_says_so(qtbot, window, shelf, monkeypatch):
    from library_data import unlistable

    from viewer.library.index import Library

    root, _ = shelf
    _indexed(window, root)
    with unlistable(root / "weekly", monkeypatch), Library() as lib:
        assert lib.scan().unreadable == 1
    window.library.refresh()
    panel = window.library_panel
    panel.select_paper(WEEKLY)
    assert panel.issue_texts() == ["2025-12-30 星期二 第1期 · 1 版（文件夹无法读取）"]
    window.show_search()
    window.search.set_scope(True)
    window.library.search("芯片")
    assert [head for head, _ in window.library.results.texts()] == [f"{WEEKLY} 2025-12-30 第1期（1 处）（文件夹无法读取）"]


def test_a_damaged_index_is_reported_with_an_offer_to_rebuild(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    data = tmp_path / "data"
    data.mkdir()
    (data / "library.sqlite3").write_bytes(b"not a database" * 100)
    window.act_library.trigger()
    box = window.last_message
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text().startswith(f"报库索引 {data / 'library.sqlite3'} 已损坏（文件不是数据库）")
    rebuild = next(b for b in box.buttons() if b.text() == "重建索引")
    rebuild.click()
    qtbot.waitUntil(lambda: not window.library.scanning, timeout=60_000)
    assert window.library_panel.status.text() == "报库是空的：添加一个存放报纸的文件夹。"
    import sqlite3

    from viewer.library.index import SCHEMA_VERSION

    assert sqlite3.connect(data / "library.sqlite3").execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_indexing_left_unfinished_is_resumed_in_the_background(qtbot, window, shelf):
    from viewer.library.index import Library

    root, _ = shelf
    with Library() as lib:  # a folder added, nothing indexed yet: as after a kill half-way
        lib.add_folder(root)
    window.library.resume()
    assert window.library.scanning
    assert not window.library_panel.progress.isHidden()
    qtbot.waitUntil(lambda: not window.library.scanning, timeout=60_000)
    with Library() as lib:
        assert [i.state for i in lib.issues()] == ["ok", "ok", "ok"]
    window.library.resume()
    assert not window.library.scanning  # nothing left to do


def test_an_indexer_that_cannot_start_is_reported_and_the_panel_is_usable_again(qtbot, window, shelf, monkeypatch):
    import viewer.ui.library as ui_library

    root, _ = shelf
    monkeypatch.setattr(ui_library.sys, "executable", str(root / "no-such-python"))
    assert window.library.add_folder(root)
    qtbot.waitUntil(lambda: not window.library.scanning, timeout=10_000)
    assert window.library.last_error
    assert window.statusBar().currentMessage().startswith("索引未能完成：")
    assert window.library_panel.scan_button.isEnabled()
    assert window.library_panel.issue_texts() == []  # found nothing: nothing was scanned
