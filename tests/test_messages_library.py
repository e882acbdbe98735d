"""The library's messages in the Chinese window, and the same messages on
the command line in English.

Each test provokes what a reader meets (a broken issue, a folder gone or
unreadable, a damaged, read-only or busy index, a query of punctuation
only), and checks the exact Chinese the library panel, the search results
or the message boxes show, with no English word left (``english_left``);
and, for some, the exact English the command line prints for the same
thing. The library keeps its messages as ids and parameters, and the
indexer tells the window how far it got in JSON lines, so nothing here is
translated by matching English wording.
"""

from __future__ import annotations

import sqlite3

import pytest
from conftest import shown_window
from library_data import WEEKLY, three_issues, unlistable, unwritable, weekly_issue
from test_messages import english_left

REBUILD_QUESTION = "\n\n要重建索引吗？能读出时，文件夹列表会保留；旧文件改名保存在原处（.old）。"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch, ui_settings):
    """A data folder of the test's own (and settings, in the Chinese interface)."""
    monkeypatch.setenv("HERALD_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def window(qtbot, data_dir):
    win = shown_window(qtbot)
    yield win
    assert win.errors == [], win.errors
    win.close()


@pytest.fixture
def index(data_dir):
    from viewer.library.index import INDEX_NAME

    return data_dir / INDEX_NAME


def _indexed(*folders):
    from viewer.library.index import Library

    with Library() as lib:
        for folder in folders:
            lib.add_folder(folder)
        return lib.scan()


def _chinese(*texts: str) -> None:
    """Every text reads in Chinese: no English word outside names, paths and quotations."""
    assert [(t, english_left(t)) for t in texts if english_left(t)] == []


def _said(window) -> str:
    box = window.last_message
    assert box is not None and box.isVisible()
    return box.text()


# ------------------------------------------------------------ a broken issue's problems


def test_the_problems_of_broken_issues_read_in_chinese_in_the_library_panel(qtbot, window, tmp_path, cli):
    from test_descriptors import P1, edit, make_issue

    shelf = tmp_path / "shelf"
    outside = weekly_issue(shelf / "2025-12-23", "2025-12-23", text="高铁新闻",
                           frame="col = 7, span = 4, line = 5, lines = 30")
    syntax = shelf / "2025-12-24"
    syntax.mkdir()
    (syntax / "issue.toml").write_text(f'paper = "{WEEKLY}"\ndate = 2025-12-24\nissue_number = \n', encoding="utf-8")
    missing = make_issue(shelf / "2025-12-29")
    edit(missing / P1, "{ col = 1, span = 4, line = 1, lines = 20 }", "{ col = 3, span = 4, line = 1, lines = 20 }")
    (missing / "images" / "photo.png").unlink()
    (missing / "text" / "p1-lead.txt").unlink()
    assert len(_indexed(shelf).invalid) == 3
    window.library.show_panel()
    panel = window.library_panel

    panel.select_paper(WEEKLY)
    assert panel.issue_texts() == ["2025-12-23 星期二 第1期 · 1 版（有问题，不参与搜索）"]
    panel.issues.setCurrentRow(0)
    shown = panel.details.toPlainText()
    assert shown == (f"{outside}\n此期有 1 个问题：\n"
                     f"{outside}/pages/01.toml：blocks[0].frames[0]：框超出网格：占第 7 至 10 栏，而网格只有 8 栏")
    texts = [shown]
    panel.select_paper("测试导报")
    panel.issues.setCurrentRow(0)
    texts.append(panel.details.toPlainText())
    assert texts[-1].splitlines() == [
        str(missing), "此期有 3 个问题：",
        f"{missing}/{P1}：blocks[1].text_file：文件“text/p1-lead.txt”不存在",
        f"{missing}/{P1}：blocks[1].frames[0]：与 blocks[0].frame 重叠",
        f"{missing}/{P1}：blocks[0].image：图片文件“images/photo.png”不存在",
    ]
    panel.select_paper("")  # the issue whose issue.toml cannot be read has no paper
    assert panel.issue_texts() == ["2025-12-24 · 0 版（有问题，不参与搜索）"]
    panel.issues.setCurrentRow(0)
    texts.append(panel.details.toPlainText())
    assert texts[-1].splitlines()[1:] == ["此期有 1 个问题：", f"{syntax}/issue.toml：第 3 行第 16 列：TOML 语法错误：值无效"]
    _chinese(*texts)
    # the same problems on the command line, in English
    listed = cli("library", "list")[1]
    assert (f"      {outside}/pages/01.toml: blocks[0].frames[0]: frame outside the grid: columns 7..10 pass the "
            "grid's 8 columns\n") in listed
    assert f"      {syntax}/issue.toml: line 3, column 16: TOML syntax error: Invalid value\n" in listed


# ------------------------------------------------------------ folders gone or unreadable


def test_a_vanished_folder_is_said_in_chinese(qtbot, window, tmp_path, cli):
    root = tmp_path / "papers"
    paths = three_issues(root)
    _indexed(root)
    root.rename(tmp_path / "away")
    window.library.show_panel()
    panel = window.library_panel
    panel.select_paper(WEEKLY)
    assert panel.issue_texts() == ["2025-12-30 星期二 第1期 · 1 版（文件夹不在）"]
    panel.issues.itemActivated.emit(panel.issues.item(0))
    assert _said(window) == f"“{paths['weekly-30']}”所在的文件夹现在不在；重新接上后再打开。"
    window.show_search()
    window.search.set_scope(True)
    window.library.search("芯片")
    heads = [head for head, _ in window.library.results.texts()]
    assert heads == [f"{WEEKLY} 2025-12-30 第1期（1 处）（文件夹不在）"]
    _chinese(*panel.issue_texts(), _said(window), *heads)
    code, out, _ = cli("library", "scan")
    assert code == 0
    assert out == ("found 0 new, 0 changed, 0 removed\nindexed 0 issues, 0 pages\n"
                   f"folder missing (its issues stay listed until it is back or removed): {root}\n")


def test_a_folder_the_scan_cannot_read_is_said_in_chinese(qtbot, window, tmp_path, cli, monkeypatch):
    """The scan's own words reach the window as the indexer's JSON lines: a
    folder it could not read is named under the panel's status line."""
    root = tmp_path / "papers"
    three_issues(root)
    _indexed(root)
    with unlistable(root / "weekly", monkeypatch):
        code, out, err = cli("library", "scan", "--progress", "json")
        assert (code, err) == (0, "")
        english = cli("library", "scan")[1]
    assert english == ("found 0 new, 0 changed, 0 removed\nindexed 0 issues, 0 pages\n"
                       f"skipped: {root / 'weekly'}: cannot read the folder: Permission denied\n"
                       "kept as they were until a scan can read their folders: 1 issue\n")
    window.library.heard(out, last=True)  # as the window reads its child indexer
    window.library.show_panel()
    panel = window.library_panel
    status = f"3 期，49 版可搜索\n{root / 'weekly'}：无法读取文件夹：没有权限"  # kept, and searched
    assert panel.status.text() == status
    panel.select_paper(WEEKLY)
    assert panel.issue_texts() == ["2025-12-30 星期二 第1期 · 1 版（文件夹无法读取）"]
    window.show_search()
    window.search.set_scope(True)
    window.library.search("芯片")
    heads = [head for head, _ in window.library.results.texts()]
    assert heads == [f"{WEEKLY} 2025-12-30 第1期（1 处）（文件夹无法读取）"]
    _chinese(panel.status.text(), *panel.issue_texts(), *heads)
    window.set_language("en")
    try:
        assert panel.status.text() == (f"3 issues, 49 pages searchable\n"
                                       f"{root / 'weekly'}: cannot read the folder: Permission denied")
    finally:
        window.set_language("zh")
    assert panel.status.text() == status


# ------------------------------------------------------------ an index that cannot be used


def _damaged(index):
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_bytes(b"not a database" * 100)


def _foreign(index):
    index.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(index) as db:
        db.execute("CREATE TABLE customers(name TEXT)")


def _folder(index):
    index.mkdir(parents=True)


@pytest.mark.parametrize("make, chinese, english", [
    (_damaged, "已损坏（文件不是数据库）", "is damaged (file is not a database)"),
    (_foreign, "不是 Herald 的报库索引", "is not a Herald library index"),
    (_folder, "是文件夹，不是数据库文件", "is a folder, not a database file"),
])
def test_an_index_that_cannot_be_used_is_said_in_chinese_with_the_offer_to_rebuild(qtbot, window, index, tmp_path, cli,
                                                                                     make, chinese, english):
    make(index)
    assert window.library.add_folder(tmp_path) is False
    text = _said(window)
    assert text == f"报库索引 {index} {chinese}{REBUILD_QUESTION}"
    _chinese(text)
    assert cli("library", "list") == (1, "", (f"error: the library index {index} {english}\n"
                                              "run 'herald library rebuild' to make a new index "
                                              "(the list of folders is kept when it can be read)\n"))


def test_an_index_of_a_newer_herald_is_said_in_chinese(qtbot, window, index, tmp_path):
    from viewer.library.index import SCHEMA_VERSION, Library

    (tmp_path / "shelf").mkdir()
    with Library() as lib:
        lib.add_folder(tmp_path / "shelf")
        lib.db.execute("PRAGMA user_version = 99")
    window.act_library.trigger()
    text = _said(window)
    assert text == (f"报库索引 {index} 由较新版本的 Herald 建立（格式 99；本版本只能读取格式 {SCHEMA_VERSION}）"
                    f"{REBUILD_QUESTION}")
    _chinese(text)


# ------------------------------------------------------------ a read-only data folder


def test_a_read_only_data_folder_is_said_in_chinese(qtbot, window, data_dir, index, tmp_path, cli):
    shelf = tmp_path / "shelf"
    weekly_issue(shelf / "2025-12-30")
    _indexed(shelf)
    more = tmp_path / "more"
    more.mkdir()
    refused = f"报库索引所在的文件夹 {data_dir} 无法写入：报库只能搜索和浏览，不能更改"
    with unwritable(data_dir):
        assert window.library.add_folder(more) is False
        assert _said(window) == f"报库出错：{refused}"
        # a scan the panel asks for: the child indexer is refused, and says why in its JSON lines
        window.library_panel.scan_button.click()
        qtbot.waitUntil(lambda: not window.library.scanning, timeout=60_000)
        assert window.statusBar().currentMessage() == f"索引未能完成：{refused}"
        _chinese(f"报库出错：{refused}", window.statusBar().currentMessage())
        assert window.library_panel.issue_texts() == ["2025-12-30 星期二 第1期 · 1 版"]  # listed still
        assert cli("library", "add", more) == (1, "", (f"error: the folder {data_dir} of the library index cannot be "
                                                       "written: the library can be searched and listed, not changed\n"))
    window.library.close()
    with unwritable(index):
        assert window.library.add_folder(more) is False
        assert _said(window) == f"报库出错：报库索引 {index} 无法写入：报库只能搜索和浏览，不能更改"
        _chinese(_said(window))


# ------------------------------------------------------------ a busy index


def test_a_busy_index_is_said_in_chinese(qtbot, window, index, tmp_path, cli, monkeypatch):
    from viewer.library import store

    shelf = tmp_path / "shelf"
    weekly_issue(shelf / "2025-12-30")
    _indexed(shelf)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        window.library.show_panel()
        assert _said(window) == f"报库出错：报库索引 {index} 正忙（另一个 Herald 正在写入）；请稍后再试"
        _chinese(_said(window))
        assert cli("library", "list") == (1, "", (f"error: the library index {index} is busy (another Herald is "
                                                  "writing it); try again\n"))
    finally:
        holder.close()
    window.library.show_panel()
    assert window.library_panel.issue_texts() == ["2025-12-30 星期二 第1期 · 1 版"]


def test_another_indexer_at_work_is_said_in_chinese(qtbot, window, index, tmp_path):
    """The window's own scan waits for another Herald's, saying so in the
    panel; a rebuild, which never waits, says to try again."""
    from viewer.library.lock import IndexerLock

    shelf = tmp_path / "shelf"
    weekly_issue(shelf / "2025-12-30")
    _indexed(shelf)
    window.library.show_panel()
    panel = window.library_panel
    waiting = f"另一个 Herald 正在索引报库 {index}；等它完成后再继续"
    with IndexerLock(index):
        window.library.rebuild()
        assert _said(window) == f"报库出错：另一个 Herald 正在索引报库 {index}；请等它完成后再试"
        assert panel.status.text() == "1 期，1 版可搜索"
        window.library.scan()
        qtbot.waitUntil(lambda: panel.status.text() == waiting, timeout=60_000)
        assert window.library.scanning
        _chinese(waiting, _said(window))
    qtbot.waitUntil(lambda: not window.library.scanning, timeout=60_000)
    assert panel.status.text() == "1 期，1 版可搜索"


# ------------------------------------------------------------ a query of punctuation only


def test_a_query_of_punctuation_only_is_said_in_chinese(qtbot, window, tmp_path, cli):
    shelf = tmp_path / "shelf"
    weekly_issue(shelf / "2025-12-30")
    _indexed(shelf)
    window.show_search()
    window.search.set_scope(True)
    assert window.library.search("，。！") is None
    assert window.library.results.texts() == []
    said = window.search.count.text()
    assert said == "没有可搜索的内容：请输入词语或文字，不要只输入标点或空格"
    _chinese(said)
    assert cli("search", "，。！") == (1, "", ("error: the query has nothing to search for: give words or characters, "
                                              "not only punctuation or spaces\n"))
