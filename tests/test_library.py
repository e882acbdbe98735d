"""The library index (viewer/library): finding issues, indexing them in
SQLite FTS5, searching every issue at once, its commands, bad input, and a
real kill -9 of the indexer half-way."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from conftest import ROOT
from library_data import HERALD, WEEKLY, copy_bundled, three_issues, unlistable, unwritable, weekly_issue
from viewer.issue import DescriptorIssue, PackageIssue
from viewer.library.index import INDEX_NAME, SCHEMA_VERSION, IndexUnusable, Library, LibraryError
from viewer.messages import Msg
from viewer.model import Problem, load_issue
from viewer.library.text import QueryError, parse_query, short_grams


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("HERALD_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def shelf(tmp_path) -> tuple[Path, dict[str, Path]]:
    root = tmp_path / "papers"
    return root, three_issues(root)


@pytest.fixture
def lib(data_dir, shelf):
    root, _ = shelf
    with Library() as lib:
        lib.add_folder(root)
        lib.scan()
        yield lib


def _where(result) -> list[tuple[str, str, list[int]]]:
    return [(i.paper, i.date.isoformat(), [h.page for h in hits]) for i, hits in result.groups()]


# ------------------------------------------------------------ text and queries


def test_short_grams_are_every_character_and_pair_within_words():
    assert short_grams("高铁，AI芯片") == "高 铁 a i 芯 片 高铁 ai i芯 芯片"


def test_query_terms_phrases_and_punctuation():
    assert [t.text for t in parse_query('高铁  "Made in" 「西安至延安」 ，芯片。')] == ["高铁", "made in", "西安至延安", "芯片"]
    for q in ("", "   ", "，。！？", '"" 「」 ...'):
        with pytest.raises(QueryError, match="nothing to search for"):
            parse_query(q)


# ------------------------------------------------------------ extraction


def test_descriptor_text_has_every_printed_field(shelf):
    _, paths = shelf
    it = DescriptorIssue(load_issue(paths["herald-29"])).search_text()
    assert (it.paper, it.date, it.label, it.pages, it.usable) == (HERALD, dt.date(2025, 12, 29), "第48期", 24, True)
    lead = next(u for u in it.units if u.article == "p01-tech-transfer")
    assert lead.page == 1 and lead.headline == "我国科技成果转化实现量质齐升"
    assert "本报讯" in lead.text
    page1 = [u.text for u in it.units if u.page == 1]
    # the masthead's facts, the guide's entries and a photo caption are indexed too
    assert any("CN 11-0237" in t for t in page1)
    assert any("西安至延安高铁开通运营" in t for t in page1)


def test_scanned_issue_text_comes_from_its_articles():
    from viewer.sources.model import ScannedArticle, ScannedIssue, ScannedPage, Span

    page = ScannedPage(1, "1", "alto/0001.xml", 595.0, 842.0, ())
    page2 = ScannedPage(2, "2", "alto/0002.xml", 595.0, 842.0, ())
    issue = ScannedIssue(Path("/nowhere"), "mets.xml", "mets", "The Statesman", dt.date(1824, 2, 17), "No. 7",
                         "en", [page, page2], [
                             ScannedArticle("art1", "article", "HOUSE OF COMMONS", (Span(1, "body", (), ()), Span(2, "body", (), ())),
                                            "The House met at four o'clock.\n\nMr. Hume rose."),
                             ScannedArticle("art2", "advertisement", "", (Span(2, "", (), ()),), "To be sold by auction."),
                         ])
    it = PackageIssue(issue).search_text()
    assert (it.paper, it.date, it.label, it.pages, it.usable) == ("The Statesman", dt.date(1824, 2, 17), "No. 7", 2, True)
    assert [(u.page, u.article, u.headline) for u in it.units] == [(1, "art1", "HOUSE OF COMMONS"), (2, "art2", "")]
    assert it.units[0].text == "The House met at four o'clock.\n\nMr. Hume rose."


# ------------------------------------------------------------ scanning and searching


def test_a_folder_of_three_issues_lists_two_papers_by_date(lib, shelf):
    _, paths = shelf
    assert lib.papers() == [(HERALD, 2), (WEEKLY, 1)]
    assert [(i.paper, str(i.date), i.label, i.pages, i.state) for i in lib.issues()] == [
        (HERALD, "2025-12-29", "第48期", 24, "ok"), (HERALD, "2025-12-31", "第49期", 24, "ok"),
        (WEEKLY, "2025-12-30", "第1期", 1, "ok")]
    assert lib.neighbour(paths["herald-29"], 1).path == paths["herald-31"]
    assert lib.neighbour(paths["herald-31"], 1) is None
    assert lib.neighbour(paths["herald-31"], -1).path == paths["herald-29"]


def test_two_character_query_finds_every_issue_that_prints_it_newest_first(lib):
    r = lib.search("高铁")
    assert _where(r) == [(HERALD, "2025-12-31", [1]), (WEEKLY, "2025-12-30", [1]), (HERALD, "2025-12-29", [1])]
    assert (r.total, r.approximate) == (3, False)
    weekly = r.groups()[1][1][0]
    assert weekly.headline == "高铁客流创新高" and weekly.article == "w1"
    assert weekly.snippet[weekly.start:weekly.end] == "高铁" and weekly.count == 2
    caption = r.groups()[0][1][0]
    assert caption.snippet.startswith("2025年12月26日，西安至延安高铁开通运营")


def test_one_character_query_and_longer_ones(lib):
    assert _where(lib.search("芯")) == [(WEEKLY, "2025-12-30", [1])]
    assert _where(lib.search("科技成果转化")) == [(HERALD, "2025-12-31", [1]), (HERALD, "2025-12-29", [1])]
    # a phrase must stand as written; bare words need only all be there
    assert _where(lib.search('"西安至延安高铁"')) == [(HERALD, "2025-12-31", [1]), (HERALD, "2025-12-29", [1])]
    assert _where(lib.search('"延安西安"')) == []
    assert _where(lib.search("延安 西安")) == [(HERALD, "2025-12-31", [1]), (HERALD, "2025-12-29", [1])]
    assert _where(lib.search("高铁 芯片")) == [(WEEKLY, "2025-12-30", [1])]


def test_latin_words_without_case_and_as_words(lib):
    # the masthead prints CHINA HIGH-TECH INDUSTRY HERALD; the weekly "The Herald said"
    assert [i.paper for i, _ in lib.search("herald").groups()] == [HERALD, WEEKLY, HERALD]
    ai = lib.search("ai")
    assert _where(ai) == [(WEEKLY, "2025-12-30", [1])]
    hit = ai.hits[0]
    assert hit.match == "AI" and hit.count == 1  # not the "ai" of "said"
    assert _where(lib.search('"made IN shanghai"')) == [(WEEKLY, "2025-12-30", [1])]


def test_fts5_operator_characters_around_a_word_are_left_off(lib, cli):
    """^高 found nothing where 高 found every issue: the ^ (FTS5's
    start-of-column mark, a symbol, not punctuation) was searched for."""
    for plain, query in [("高", "^高"), ("Herald", "^Herald"), ("AI", "+AI^"), ("高铁", "高铁*"), ("芯片", "(芯片)"),
                         ("said", "{said}:")]:
        code, out, err = cli("search", plain)
        assert code == 0 and not out.startswith("no results"), out
        assert cli("search", query) == (0, out.replace(f" for {plain} in ", f" for {query} in ", 1), "")


def test_paper_and_date_filters(lib):
    assert _where(lib.search("高铁", paper=WEEKLY)) == [(WEEKLY, "2025-12-30", [1])]
    assert _where(lib.search("高铁", date_from=dt.date(2025, 12, 30))) == [(HERALD, "2025-12-31", [1]), (WEEKLY, "2025-12-30", [1])]
    assert _where(lib.search("高铁", date_to=dt.date(2025, 12, 30))) == [(WEEKLY, "2025-12-30", [1]), (HERALD, "2025-12-29", [1])]
    assert _where(lib.search("科技成果转化", paper=HERALD, date_from=dt.date(2025, 12, 30), date_to=dt.date(2025, 12, 31))) == [
        (HERALD, "2025-12-31", [1])]


def test_a_limited_search_counts_what_it_does_not_show(lib):
    r = lib.search("高铁", limit=2)
    assert [i.date.isoformat() for i, _ in r.groups()] == ["2025-12-31", "2025-12-30"]
    assert (r.total, r.approximate) == (3, True)


def test_a_broken_issue_is_listed_with_its_problems_and_not_searched(data_dir, shelf):
    root, _ = shelf
    bad = weekly_issue(root / "weekly" / "2025-12-23", "2025-12-23", text="高铁新闻", frame="col = 7, span = 4, line = 5, lines = 30")
    broken = root / "weekly" / "2025-12-24"
    broken.mkdir()
    (broken / "issue.toml").write_text('paper = "科学周报"\ndate = 2025-12-24\nissue_number = \n', encoding="utf-8")
    with Library() as lib:
        lib.add_folder(root)
        report = lib.scan()
        assert report.indexed == 5
        assert [i.path for i in report.invalid] == [bad, broken]
        by_path = {i.path: i for i in lib.issues()}
        assert by_path[bad].state == "invalid" and by_path[bad].date == dt.date(2025, 12, 23)
        assert [str(p) for p in by_path[bad].problems] == [f"{bad}/pages/01.toml: blocks[0].frames[0]: frame outside "
                                                           "the grid: columns 7..10 pass the grid's 8 columns"]
        assert by_path[broken].state == "invalid" and by_path[broken].paper is None
        assert [str(p) for p in by_path[broken].problems] == [
            f"{broken}/issue.toml: line 3, column 16: TOML syntax error: Invalid value"]
        assert all(isinstance(p, Problem) for p in by_path[bad].problems + by_path[broken].problems)
        assert [i.date.isoformat() for i, _ in lib.search("高铁").groups()] == ["2025-12-31", "2025-12-30", "2025-12-29"]


def test_rescan_picks_up_changed_and_removed_issues(lib, shelf):
    import shutil

    _, paths = shelf
    assert lib.db.execute("SELECT count(*) FROM units_short WHERE units_short MATCH '\"京沪\"'").fetchone() == (1,)
    text = paths["weekly-30"] / "text" / "w1.txt"
    text.write_text("磁悬浮列车试验成功。", encoding="utf-8")
    os.utime(text, ns=(1, 1))  # a new size and time: changed
    shutil.rmtree(paths["herald-31"])
    report = lib.scan()
    assert (report.new, report.changed, report.removed, report.indexed) == (0, 1, 1, 1)
    assert _where(lib.search("磁悬浮")) == [(WEEKLY, "2025-12-30", [1])]
    assert _where(lib.search("高铁")) == [(WEEKLY, "2025-12-30", [1]), (HERALD, "2025-12-29", [1])]  # its headline
    again = lib.scan()
    assert (again.new, again.changed, again.removed, again.indexed) == (0, 0, 0, 0)
    # the old text is gone from both full-text tables, not only from the results
    assert lib.db.execute("SELECT count(*) FROM units_short WHERE units_short MATCH '\"京沪\"'").fetchone() == (0,)
    assert lib.db.execute("SELECT count(*) FROM units_tri WHERE units_tri MATCH '\"京沪高铁\"'").fetchone() == (0,)
    lib.db.execute("INSERT INTO units_tri(units_tri) VALUES ('integrity-check')")
    lib.db.execute("INSERT INTO units_short(units_short) VALUES ('integrity-check')")


def test_a_folder_that_disappears_is_greyed_until_it_returns(lib, shelf):
    root, _ = shelf
    away = root.with_name("elsewhere")
    root.rename(away)
    assert lib.check_folders() == [root]
    assert [i.present for i in lib.issues()] == [False, False, False]
    report = lib.scan()
    assert report.missing_folders == [root] and report.removed == 0
    assert len(lib.issues()) == 3
    assert [h.issue.present for h in lib.search("高铁").hits] == [False, False, False]
    away.rename(root)
    report = lib.scan()
    assert (report.removed, report.indexed) == (0, 0)
    assert [i.present for i in lib.issues()] == [True, True, True]


@pytest.mark.parametrize("unreadable, kept", [("weekly", 1), ("weekly/2025-12-30", 1), ("", 3)])
def test_a_folder_that_cannot_be_read_keeps_its_issues_until_it_can(lib, shelf, cli, monkeypatch, unreadable, kept):
    """A moment of unreadable disk removes nothing: the issues under a folder
    that a scan cannot list (a subfolder, an issue's own folder, the library
    folder itself) stay listed and searchable, greyed, until a scan can read
    it."""
    root, paths = shelf
    folder = root / unreadable if unreadable else root
    with unlistable(folder, monkeypatch):
        code, out, err = cli("library", "scan")
        assert (code, err) == (0, "")
        assert out == ("found 0 new, 0 changed, 0 removed\nindexed 0 issues, 0 pages\n"
                       f"skipped: {folder}: cannot read the folder: Permission denied\n"
                       f"kept as they were until a scan can read their folders: {kept} issue{'s' if kept > 1 else ''}\n")
        grey = {i.path for i in lib.issues() if not i.present}
        assert grey == {p for p in paths.values() if p.is_relative_to(folder)} and len(grey) == kept
        assert all(i.unreadable == (i.path in grey) for i in lib.issues())
        assert [(h.issue.paper, h.issue.present) for h in lib.search("芯片").hits] == [(WEEKLY, False)]
        assert f"  2025-12-30 第1期, 1 page: {paths['weekly-30']}  [folder cannot be read]\n" in cli("library", "list")[1]
        assert cli("library", "scan")[1].startswith("found 0 new, 0 changed, 0 removed\n")  # still kept
        assert len(lib.issues()) == 3
    report = lib.scan()
    assert (report.new, report.changed, report.removed, report.indexed, report.unreadable) == (0, 0, 0, 0, 0)
    assert [(i.present, i.unreadable) for i in lib.issues()] == [(True, False)] * 3


def test_an_index_of_the_first_format_is_brought_up_to_date(lib, data_dir):
    """Format 1 had no issues.unreadable: it is added where the index can be
    written, and stood in for where it cannot."""
    lib.db.execute("ALTER TABLE issues DROP COLUMN unreadable")
    lib.db.execute("PRAGMA user_version = 1")
    lib.close()
    with unwritable(data_dir):
        with Library() as old:
            assert not old.writable
            assert [i.present for i in old.issues()] == [True] * 3 and len(old.search("高铁").hits) == 3
    with Library() as new:
        assert new.db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert [i.unreadable for i in new.issues()] == [False] * 3 and len(new.search("高铁").hits) == 3


def test_an_index_of_the_second_format_keeps_its_problem_lines_until_they_are_read_again(data_dir, shelf):
    """Format 2 kept each problem as a line of English: the lines are read
    as the plain strings they are, the issues that have them are read again
    by the next scan, and their problems are then kept as values."""
    root, _ = shelf
    bad = weekly_issue(root / "weekly" / "2025-12-23", "2025-12-23", text="高铁新闻",
                       frame="col = 7, span = 4, line = 5, lines = 30")
    line = (f"{bad}/pages/01.toml: blocks[0].frames[0]: frame outside the grid: "
            "columns 7..10 pass the grid's 8 columns")
    with Library() as lib:
        lib.add_folder(root)
        lib.scan()
        lib.db.execute("UPDATE issues SET problems = ? WHERE path = ?", (json.dumps([line]), str(bad)))
        lib.db.execute("PRAGMA user_version = 2")
    with unwritable(data_dir):
        with Library() as old:
            assert not old.writable and not old.unfinished()
            assert old.issue_at(bad).problems == (line,)
    with Library() as new:
        assert new.db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert new.issue_at(bad).problems == (line,)
        assert new.unfinished() and [p[1] for p in new.pending()] == [bad]  # only the issue with problems
        assert new.scan().indexed == 1
        [problem] = new.issue_at(bad).problems
        assert isinstance(problem, Problem) and str(problem) == line
        [kept] = json.loads(new.db.execute("SELECT problems FROM issues WHERE path = ?", (str(bad),)).fetchone()[0])
    assert {k: v for k, v in kept.items() if k != "message"} == {
        "file": f"{bad}/pages/01.toml", "where": "blocks[0].frames[0]", "severity": "error", "code": ""}
    assert Msg.from_json(kept["message"]) == "frame outside the grid: columns 7..10 pass the grid's 8 columns"


def test_a_damaged_index_is_reported_and_rebuilt(data_dir, shelf, cli):
    root, _ = shelf
    data_dir.mkdir()
    (data_dir / INDEX_NAME).write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(IndexUnusable, match="is damaged"):
        Library()
    code, out, err = cli("library", "list")
    assert code == 1 and out == ""
    assert err == (f"error: the library index {data_dir / INDEX_NAME} is damaged (file is not a database)\n"
                   "run 'herald library rebuild' to make a new index (the list of folders is kept when it can be read)\n")
    code, out, _ = cli("library", "rebuild")
    assert code == 0 and out.startswith(f"new index {data_dir / INDEX_NAME} for 0 folders\n"
                                        f"the old one is kept as {data_dir / INDEX_NAME}.old\n")
    assert (data_dir / f"{INDEX_NAME}.old").read_bytes() == b"this is not a database at all" * 200
    with Library() as lib:
        assert lib.issues() == []


def test_an_index_from_a_newer_version_is_not_touched_until_rebuilt(lib, data_dir):
    lib.db.execute("PRAGMA user_version = 7")
    lib.close()
    with pytest.raises(IndexUnusable, match="newer version of Herald") as exc:
        Library()
    assert exc.value.newer
    with Library.rebuild() as new:  # the folder list survives
        assert len(new.folders()) == 1
        assert new.scan().indexed == 3
        assert len(new.search("高铁").hits) == 3


def test_a_package_found_by_the_reader_is_indexed_through_it(data_dir, tmp_path, monkeypatch):
    """METS/ALTO packages: the scan asks the reader's package_kind, the
    index reads the ScannedIssue that open_package returns."""
    from viewer.sources.model import ScannedArticle, ScannedIssue, ScannedPage, Span

    folder = tmp_path / "scans" / "statesman-1824-02-17"
    folder.mkdir(parents=True)
    (folder / "mets.xml").write_text("<mets/>", encoding="utf-8")

    def open_package(path):
        page = ScannedPage(1, "1", "alto/0001.xml", 595.0, 842.0, ())
        art = ScannedArticle("a1", "article", "PARLIAMENT", (Span(1, "body", (), ()),), "The Parliament met on Monday.")
        return ScannedIssue(Path(path), "mets.xml", "mets", "The Statesman", dt.date(1824, 2, 17), None, "en", [page], [art])

    reader = types.ModuleType("viewer.sources.package")
    reader.package_kind = lambda path: "mets" if (Path(path) / "mets.xml").is_file() else None
    reader.open_package = open_package
    monkeypatch.setitem(sys.modules, "viewer.sources.package", reader)
    with Library() as lib:
        lib.add_folder(tmp_path / "scans")
        assert lib.scan().indexed == 1
        [info] = lib.issues()
        assert (info.path, info.kind, info.paper, info.date) == (folder, "mets-alto", "The Statesman", dt.date(1824, 2, 17))
        r = lib.search("PARLIAMENT met")
        assert _where(r) == [("The Statesman", "1824-02-17", [1])]
        assert r.hits[0].match == "Parliament"


# ------------------------------------------------------------ the command line


def test_cli_library_add_scan_list(data_dir, shelf, cli):
    root, paths = shelf
    code, out, err = cli("library", "add", root)
    assert code == 0, err
    assert out == f"added {root}\nfound 3 new, 0 changed, 0 removed\nindexed 3 issues, 49 pages\n"
    assert err.splitlines() == [
        f"indexing 1/3 issues, 0/49 pages: {paths['herald-29']}",
        f"indexing 2/3 issues, 24/49 pages: {paths['herald-31']}",
        f"indexing 3/3 issues, 48/49 pages: {paths['weekly-30']}"]
    code, out, _ = cli("library", "scan")
    assert (code, out) == (0, "found 0 new, 0 changed, 0 removed\nindexed 0 issues, 0 pages\n")
    code, out, _ = cli("library", "list")
    assert code == 0
    assert out == (f"folder {root}: 3 issues\n"
                   f"\n{HERALD}: 2 issues\n"
                   f"  2025-12-29 第48期, 24 pages: {paths['herald-29']}\n"
                   f"  2025-12-31 第49期, 24 pages: {paths['herald-31']}\n"
                   f"\n{WEEKLY}: 1 issue\n"
                   f"  2025-12-30 第1期, 1 page: {paths['weekly-30']}\n")
    code, out, _ = cli("library", "list", "--json")
    listed = json.loads(out)
    assert listed["folders"] == [{"path": str(root), "present": True, "issues": 3}]
    assert [(i["paper"], i["date"], i["state"], i["path"]) for i in listed["issues"]] == [
        (HERALD, "2025-12-29", "ok", str(paths["herald-29"])), (HERALD, "2025-12-31", "ok", str(paths["herald-31"])),
        (WEEKLY, "2025-12-30", "ok", str(paths["weekly-30"]))]
    code, out, err = cli("library", "add", root)
    assert (code, out, err) == (1, "", f"error: '{root}' is in the library already\n")
    code, out, _ = cli("library", "remove", root)
    assert (code, out) == (0, f"removed {root} (3 issues; the files are untouched)\n")
    assert paths["weekly-30"].is_dir()


def test_the_indexer_says_how_far_it_got_in_json_lines_for_the_window(data_dir, shelf, cli, capsys, monkeypatch):
    """--progress json: one object a line on stdout, nothing on stderr, every
    message by its id and parameters; not offered in the help."""
    root, paths = shelf
    code, out, err = cli("library", "add", root, "--progress", "json")
    assert (code, err) == (0, "")
    told = [json.loads(line) for line in out.splitlines()]
    assert told[0] == {"event": "added", "folder": str(root)}
    assert [t for t in told if t["event"] == "progress"] == [
        {"event": "progress", "issues_done": k, "issues_total": 3, "pages_done": pages, "pages_total": 49,
         "path": str(path) if path else None}
        for k, pages, path in [(0, 0, paths["herald-29"]), (1, 24, paths["herald-31"]), (2, 48, paths["weekly-30"]),
                               (3, 49, None)]]
    assert told[-1] == {"event": "report", "new": 3, "changed": 0, "removed": 0, "indexed": 3, "pages": 49,
                        "invalid": [], "missing_folders": [], "skipped": [], "unreadable": 0}
    with unlistable(root / "weekly", monkeypatch):
        code, out, err = cli("library", "scan", "--progress", "json")
    assert (code, err) == (0, "")
    assert json.loads(out.splitlines()[-1])["skipped"] == [
        {"id": "{folder}: cannot read the folder: {reason}",
         "params": {"folder": str(root / "weekly"), "reason": {"foreign": ["errno", "EACCES", "Permission denied", {}]}}}]
    assert cli("library", "add", root, "--progress", "json") == (1, json.dumps(
        {"event": "error", "message": {"id": "'{folder}' is in the library already", "params": {"folder": str(root)}},
         "rebuild": False}) + "\n", "")
    with pytest.raises(SystemExit):
        cli("library", "scan", "--help")
    assert "usage:" in (helped := capsys.readouterr().out) and "--progress" not in helped


def test_cli_search_json(data_dir, shelf, cli):
    root, paths = shelf
    assert cli("library", "add", root)[0] == 0
    code, out, err = cli("search", "芯片", "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "query": "芯片", "terms": ["芯片"], "total": 1, "approximate": False, "shown": 1,
        "issues": [{"path": str(paths["weekly-30"]), "kind": "descriptors", "paper": WEEKLY, "date": "2025-12-30",
                    "label": "第1期", "pages": 1, "state": "ok", "present": True, "problems": [],
                    "hits": [{"page": 1, "article": "w1", "headline": "高铁客流创新高",
                              "snippet": "高铁客流创新高 京沪高铁今年客流再创新高，国产芯片用在了新一代列车上。 The Herald said …",
                              "hit": [23, 25], "match": "芯片", "count": 1}]}]}
    code, out, _ = cli("search", "高铁", "--paper", HERALD, "--to", "2025-12-30")
    assert code == 0
    assert out == (f"1 results for 高铁 in 1 issue\n\n{HERALD} 2025-12-29 第48期: {paths['herald-29']}\n"
                   "  page 1: (page text)\n"
                   "    2025年12月26日，西安至延安[高铁]开通运营，革命老区延安迈入“高铁时代”。至此，中国高铁运…\n")


def test_cli_search_bad_input(data_dir, shelf, cli):
    root, _ = shelf
    assert cli("search", "高铁") == (1, "", "error: the library has no folders: add one with 'herald library add FOLDER'\n")
    assert cli("library", "add", root)[0] == 0
    assert cli("search", " ，。 ") == (
        1, "", "error: the query has nothing to search for: give words or characters, not only punctuation or spaces\n")
    assert cli("search", "高铁", "--from", "2025-13-01") == (1, "", "error: --from '2025-13-01' is not a date such as 2025-12-29\n")
    assert cli("search", "高铁", "--from", "2025-12-31", "--to", "2025-12-01") == (
        1, "", "error: --from 2025-12-31 is after --to 2025-12-01\n")
    assert cli("search", "磁悬浮") == (0, "no results for 磁悬浮\n", "")
    assert cli("library", "add", root / "nothing")[0:2] == (1, "")


# ------------------------------------------------------------ other Heralds, read-only folders


def test_heralds_opening_a_new_index_at_once_all_find_it_made(tmp_path):
    """The first makes the tables; the others wait for it and find them
    (they had said 'is damaged (table meta already exists)')."""
    import threading

    for round_ in range(4):
        path = tmp_path / f"data{round_}" / INDEX_NAME
        start = threading.Barrier(6)
        errors = []

        def open_it():
            start.wait()
            try:
                Library(path).close()
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(str(exc))

        threads = [threading.Thread(target=open_it) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        with Library(path) as lib:
            assert lib.folders() == []


def test_a_lock_held_too_long_is_busy_not_damage(lib, data_dir, shelf, cli, monkeypatch):
    """Another connection holding the file locked past the busy timeout: the
    index is busy, and a rebuild, which would replace a good index, is not
    offered."""
    import viewer.library.store as store

    lib.close()
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(data_dir / INDEX_NAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    busy = f"error: the library index {data_dir / INDEX_NAME} is busy (another Herald is writing it); try again\n"
    try:
        assert cli("library", "list") == (1, "", busy)
        assert cli("search", "高铁") == (1, "", busy)
    finally:
        holder.close()
    assert cli("search", "高铁")[0] == 0


def test_a_second_indexer_waits_for_the_first(data_dir, shelf, tmp_path):
    """herald library add while another Herald indexes: the folder is added,
    the scan says it waits, and runs when the other has finished."""
    import select

    from viewer.library.lock import IndexerLock

    root, _ = shelf
    index = data_dir / INDEX_NAME
    with Library() as lib:
        lib.add_folder(root)
    more = weekly_issue(tmp_path / "more" / "2026-01-06", "2026-01-06").parent
    with IndexerLock(index):
        proc = subprocess.Popen([sys.executable, "-m", "viewer", "library", "add", str(more)], cwd=ROOT,
                                env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert select.select([proc.stderr], [], [], 60)[0], "no word from the second indexer"
            assert proc.stderr.readline() == f"another Herald is indexing the library {index}; waiting until it has finished\n"
            time.sleep(0.3)
            assert proc.poll() is None
            with Library() as lib:
                assert [p for p, _, _ in lib.folders()] == sorted([root, more])
                with pytest.raises(LibraryError) as exc:  # the window's scan never waits
                    lib.scan()
                assert str(exc.value) == f"another Herald is indexing the library {index}; try again when it has finished"
        except BaseException:
            proc.kill()
            raise
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out == (f"added {more}\nfound 4 new, 0 changed, 0 removed\nindexed 4 issues, 50 pages\n")


def test_a_folder_removed_while_a_scan_reads_it_ends_the_scan_cleanly(data_dir, shelf):
    root, _ = shelf
    with Library() as lib:
        lib.add_folder(root)

        def progress(done, total, pages_done, pages_total, path):
            if done == 1 and path is not None:  # one issue written, the second about to be read
                with Library() as other:
                    assert other.remove_folder(root) == 3

        report = lib.scan(progress)
        assert (report.new, report.indexed) == (3, 1)
        assert lib.issues() == [] and lib.counts()["units"] == 0


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_library_is_searched_and_listed_and_not_changed(lib, data_dir, shelf, cli, what):
    """The data folder (or the index file) cannot be written: search and list
    work from the index opened read-only; every change says why it cannot be
    made, nothing calls the index damaged, and nothing is written."""
    root, _ = shelf
    lib.close()
    index = data_dir / INDEX_NAME
    listed = cli("library", "list")
    found = cli("search", "高铁")
    assert listed[0] == found[0] == 0

    def state():  # SQLite's -wal and -shm files aside: a reader may make them where the folder can be written
        return sorted(n for n in os.listdir(data_dir) if not n.endswith(("-wal", "-shm"))), index.read_bytes()

    before = state()
    if what == "folder":
        refused = (f"error: the folder {data_dir} of the library index cannot be written: "
                   "the library can be searched and listed, not changed\n")
    else:
        refused = (f"error: the library index {index} cannot be written: "
                   "the library can be searched and listed, not changed\n")
    with unwritable(data_dir if what == "folder" else index):
        assert cli("library", "list") == listed
        assert cli("search", "高铁") == found
        assert cli("search", "磁悬浮") == (0, "no results for 磁悬浮\n", "")
        for command in [("library", "scan"), ("library", "add", root / "herald"), ("library", "remove", root),
                        ("library", "rebuild")]:
            assert cli(*command) == (1, "", refused), command
        with Library() as ro:
            assert not ro.writable and not ro.unfinished()
            assert len(ro.search("高铁").hits) == 3
    assert state() == before


def test_a_read_only_folder_without_an_index_is_an_empty_library(data_dir, shelf, cli):
    root, _ = shelf
    data_dir.mkdir()
    with unwritable(data_dir):
        assert cli("library", "list") == (0, "the library is empty: add a folder with 'herald library add FOLDER'\n", "")
        assert cli("search", "高铁") == (
            1, "", "error: the library has no folders: add one with 'herald library add FOLDER'\n")
        assert cli("library", "add", root) == (
            1, "", f"error: the folder {data_dir} of the library index cannot be written: "
                   "the library can be searched and listed, not changed\n")
    assert os.listdir(data_dir) == []


def test_a_rebuild_never_deletes_an_old_index(data_dir, cli):
    """Each rebuild keeps the index it replaces under a name of its own."""
    data_dir.mkdir()
    index = data_dir / INDEX_NAME
    index.write_bytes(b"first damaged index" * 100)
    code, out, _ = cli("library", "rebuild")
    assert code == 0 and f"the old one is kept as {index}.old\n" in out
    index.unlink()
    for name in ("-wal", "-shm"):
        Path(f"{index}{name}").unlink(missing_ok=True)
    index.write_bytes(b"second damaged index" * 100)
    code, out, _ = cli("library", "rebuild")
    assert code == 0 and f"the old one is kept as {index}.old2\n" in out
    assert Path(f"{index}.old").read_bytes() == b"first damaged index" * 100
    assert Path(f"{index}.old2").read_bytes() == b"second damaged index" * 100


# ------------------------------------------------------------ kill -9


def test_an_indexer_killed_half_way_leaves_an_index_that_opens_and_completes(data_dir, tmp_path):
    root = tmp_path / "many"
    for k in range(6):
        copy_bundled(root / f"2026-01-0{k + 1}", f"2026-01-0{k + 1}", k + 1)
    with Library() as lib:
        lib.add_folder(root)
    proc = subprocess.Popen([sys.executable, "-m", "viewer", "library", "scan"], cwd=ROOT, env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if line.startswith("indexing 3/6 "):  # two issues written, the third being read
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=60)
    finally:
        proc.kill()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    db = sqlite3.connect(data_dir / INDEX_NAME)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.execute("INSERT INTO units_tri(units_tri) VALUES ('integrity-check')")
    done = db.execute("SELECT count(*) FROM issues WHERE state = 'ok'").fetchone()[0]
    db.close()
    assert 2 <= done < 6
    with Library() as lib:
        assert len(lib.pending()) == 6 - done
        report = lib.scan()
        assert (report.new, report.indexed) == (0, 6 - done)
        r = lib.search("科技成果转化")
        assert [i.date.isoformat() for i, _ in r.groups()] == [f"2026-01-0{k}" for k in (6, 5, 4, 3, 2, 1)]
        assert [h.page for h in r.hits] == [1] * 6
        units = lib.db.execute("SELECT count(*) FROM units").fetchone()[0]
        assert units == 6 * lib.db.execute("SELECT count(*) FROM units WHERE issue_id = 1").fetchone()[0]
        lib.db.execute("INSERT INTO units_tri(units_tri) VALUES ('integrity-check')")


def test_the_index_knows_nothing_of_qt():
    """Everything of viewer/library but its command-line module (which hands
    the fonts' coverage check in) runs without Qt."""
    from test_imports import QT_MODULES, _is, imported_modules

    files = sorted((ROOT / "viewer" / "library").glob("*.py"))
    assert len(files) >= 5
    for path in files:
        if path.name == "commands.py":
            continue
        bad = [(line, name) for line, name in imported_modules(path) if any(_is(name, q) for q in QT_MODULES)]
        assert bad == [], f"{path.name} imports Qt code: {bad}"


def test_real_library_packages_are_found_indexed_and_searched(data_dir, tmp_path, cli):
    """The British Library's Statesman (a METS package without scans) and the
    Library of Congress page (a METS naming eight pages, one of them here)
    beside one of our issues: all three are found, and a search of an
    English word names the package, its date and the article it is in."""
    import shutil

    root = tmp_path / "archive"
    shutil.copytree(ROOT / "tests" / "data" / "bl-statesman-1824-02-17", root / "statesman")
    shutil.copytree(ROOT / "tests" / "data" / "ndnp-mnhi-1878-01-03", root / "nordstern")
    copy_bundled(root / "herald", "2025-12-29", 48)
    assert cli("library", "add", root)[0] == 0
    code, out, err = cli("library", "list", "--json")
    assert code == 0, err
    issues = {i["path"]: i for i in json.loads(out)["issues"]}
    assert {Path(k).name for k in issues} == {"statesman", "nordstern", "herald"}
    statesman = issues[str(root / "statesman")]
    assert (statesman["paper"], statesman["date"], statesman["pages"]) == ("The Statesman.", "1824-02-17", 4)
    code, out, err = cli("search", "Usury Laws", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert [i["paper"] for i in result["issues"]] == ["The Statesman."]
    hit = result["issues"][0]["hits"][0]
    assert hit["page"] in (1, 2, 3, 4) and hit["article"].startswith("art")
    code, out, err = cli("search", "Nordstern", "--json")
    assert code == 0 and json.loads(out)["issues"][0]["date"] == "1878-01-03"
    plain = json.loads(out)
    code, out, err = cli("search", "^Nordstern", "--json")  # FTS5's start-of-column mark, left off
    assert (code, err) == (0, "")
    assert json.loads(out) == {**plain, "query": "^Nordstern"} and plain["total"] > 1
