"""Opening a METS/ALTO package reads the METS and the start of each ALTO
file; a page's words are read when first used, once, and an article's with
the pages it is on. What is read is counted here by the calls of the ALTO
parser that reads a whole file (viewer.sources.package.parse_alto)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from viewer.issue import PackageIssue
from viewer.sources import package
from viewer.sources.package import open_package

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
STATESMAN = DATA / "bl-statesman-1824-02-17"
FIXTURES = DATA / "fixtures"
TINY = FIXTURES / "bad" / "missing-alto" / "ALTO" / "0002.xml"  # one page of two words, inch1200


def calls_of(monkeypatch, name: str, which: int) -> list[str]:
    """The ``which``-th argument of each call of viewer.sources.package's
    function ``name`` (and of the sniffer's, which tells a package by its
    first bytes), in the order of the calls."""
    import viewer.sources.sniff as sniff

    calls: list[str] = []
    for module in (package, sniff):
        if not hasattr(module, name):
            continue
        real = getattr(module, name)

        def counting(*args, real=real):
            calls.append(args[which])
            return real(*args)

        monkeypatch.setattr(module, name, counting)
    return calls


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The ALTO files read whole, in the order they are read."""
    return calls_of(monkeypatch, "parse_alto", 1)


@pytest.fixture(scope="module")
def twelve(tmp_path_factory) -> Path:
    """A 12-page package as tools/make_scanned_issue.py makes it for the
    benchmark (the Statesman's four ALTO files in turn, a JPEG scan a page,
    an NDNP-like METS without articles), with small scans."""
    sys.path.insert(0, str(ROOT / "tools"))
    from make_scanned_issue import make_scanned_issue

    return make_scanned_issue(12, tmp_path_factory.mktemp("twelve") / "package", size=(300, 450))


# ---------------------------------------------------------------- what opening reads


def test_opening_twelve_pages_reads_no_words_and_page_3_reads_its_own(twelve, parsed):
    issue = open_package(twelve)
    assert parsed == []
    assert [p.number for p in issue.pages] == list(range(1, 13))
    assert not any(p.loaded for p in issue.pages)
    # 4169 x 6177 OCR pixels, the scan's stated resolution making them 300 dpi
    for p in issue.pages:
        assert (p.width_pt, p.height_pt) == pytest.approx((1000.56, 1482.48), abs=0.01)
        assert (p.scan.format, p.scan.pixel_width, p.scan.pixel_height) == ("JPEG", 300, 450)
    source = PackageIssue(issue)
    assert source.groups() == [(n,) for n in range(1, 13)]  # no METS articles: no page ties another
    assert parsed == []
    layout = source.layout_for([3])
    assert parsed == ["ALTO/00003.xml"]
    assert [p.loaded for p in issue.pages] == [n == 3 for n in range(1, 13)]
    assert [p.number for p in layout.pages] == [3]
    assert sum(ln.kind == "ocr" for ln in layout.page(3).lines) > 500
    source.layout_for([3])
    assert parsed == ["ALTO/00003.xml"]  # read once, and kept


def test_block_articles_read_only_the_page_they_are_on(twelve, parsed):
    issue = open_package(twelve)
    on_7 = issue.articles_on(7)
    assert parsed == ["ALTO/00007.xml"]
    # page 7 has the OCR of the Statesman's page 3; in an issue of several pages a block's id names its page
    assert [a.id for a in on_7[:3]] == ["p7:pa0003001", "p7:pa0003002", "p7:pa0003003"]
    assert {a.pages for a in on_7} == {(7,)}
    assert issue.article("p5:pa0001001").pages == (5,)
    assert parsed == ["ALTO/00007.xml", "ALTO/00005.xml"]
    assert issue.article("p9:no-such-block") is None
    assert issue.article("pa0003001") is None  # not an id in an issue of several pages
    assert parsed == ["ALTO/00007.xml", "ALTO/00005.xml", "ALTO/00009.xml"]
    everything = issue.articles  # listing every article reads every page
    assert sorted(parsed) == [f"ALTO/{n:05d}.xml" for n in range(1, 13)]
    assert everything[0].id == "p1:P1_TB00001" and everything[-1].pages == (12,)


def test_mets_articles_are_listed_from_the_mets_and_read_with_their_pages(parsed):
    issue = open_package(STATESMAN)
    assert len(issue.articles) == 27
    art = next(a for a in issue.articles if a.id == "art0010")
    assert (art.kind, art.pages, art.loaded) == ("article", (2, 3), False)
    assert issue.linked_pages() == [(2, 3)]
    assert PackageIssue(issue).groups() == [(1,), (2, 3), (4,)]
    assert parsed == []
    layout = PackageIssue(issue).layout_for([3])  # page 3 with page 2, which art0010 ties to it
    assert sorted(parsed) == ["0002647_18240217_0002.xml", "0002647_18240217_0003.xml"]
    assert [p.number for p in layout.pages] == [2, 3]
    assert [p.loaded for p in issue.pages] == [False, True, True, False]
    assert art.loaded and art.pages == (2, 3)
    # the articles of pages 1 and 4 alone are not read; asking for one reads it, with its page
    assert not any(a.loaded for a in issue.articles_on(1, 4))
    assert issue.article("art0002").headline == "COAL DUTIES."
    assert sorted(parsed) == ["0002647_18240217_0001.xml", "0002647_18240217_0002.xml",
                              "0002647_18240217_0003.xml"]


def test_a_page_is_read_once_when_two_threads_ask_at_once(monkeypatch):
    """The first thread's read is held up until the second has asked: the
    second waits for it instead of reading the file again."""
    calls: list[str] = []
    asked = threading.Event()
    real = package.parse_alto

    def slow(data, file):
        calls.append(file)
        asked.wait(10)
        time.sleep(0.2)  # the second thread is at the page's lock by now
        return real(data, file)

    monkeypatch.setattr(package, "parse_alto", slow)
    page = open_package(STATESMAN).page(2)
    got: list = []
    first = threading.Thread(target=lambda: got.append(page.blocks))
    second = threading.Thread(target=lambda: (asked.set(), got.append(page.blocks)))
    first.start()
    while not calls:
        time.sleep(0.01)
    second.start()
    first.join(20)
    second.join(20)
    assert calls == ["0002647_18240217_0002.xml"]
    assert len(got) == 2 and got[0] is got[1] and len(got[0]) == 24  # the file's 24 TextBlocks


# ---------------------------------------------------------------- problems found when reading


def _late_broken(tmp_path: Path) -> Path:
    """The ENMAP package with page 1's ALTO broken after its Page's start tag."""
    pkg = tmp_path / "enmap"
    shutil.copytree(FIXTURES / "enmap-v3", pkg)
    alto = pkg / "ALTO" / "0001.xml"
    text = alto.read_text()
    alto.write_text(text.replace("</TextLine>", "", 1))
    return pkg


def test_a_page_broken_after_its_header_is_found_broken_when_read(tmp_path, parsed):
    issue = open_package(_late_broken(tmp_path))
    assert [p.number for p in issue.pages] == [1, 2]
    assert [p.message for p in issue.problems] == [
        "the scan of page 1 is not in the package ('0001.tif'); the page is reconstructed from its OCR text",
        "the scan of page 2 is not in the package ('0002.tif'); the page is reconstructed from its OCR text"]
    assert [a.id for a in issue.articles] == ["DIVL4", "DIVL7", "DIVL16", "DIVL19", "DIVL21"]
    assert issue.page(1).blocks == ()
    # the page's problem takes the place of its others, as when a broken page was left out at once
    assert [str(p) for p in issue.problems] == [
        "ALTO/0001.xml: line 26, column 21: malformed XML: Opening and ending tag mismatch: TextLine line 21 and "
        "TextBlock",
        "ALTO/0002.xml: warning: the scan of page 2 is not in the package ('0002.tif'); the page is reconstructed "
        "from its OCR text"]
    # the articles read: those on page 1 alone name nothing that can be read, and are no articles
    assert issue.article("DIVL4") is None
    issue.load_all()
    assert [(a.id, a.pages) for a in issue.articles] == [("DIVL7", (2,)), ("DIVL19", (2,)), ("DIVL21", (2,))]
    assert sorted(parsed) == ["ALTO/0001.xml", "ALTO/0002.xml"]


def test_validate_lists_the_problems_found_when_reading(tmp_path):
    pkg = _late_broken(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "viewer", "validate", str(pkg)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{pkg.resolve()}/ALTO/0001.xml: line 26, column 21: malformed XML: Opening and ending tag mismatch: "
        "TextLine line 21 and TextBlock",
        f"{pkg.resolve()}/ALTO/0002.xml: warning: the scan of page 2 is not in the package ('0002.tif'); the page is "
        "reconstructed from its OCR text"]
    assert proc.stderr.splitlines() == [f"1 problem found in {pkg.resolve()}"]


def test_a_page_broken_in_its_header_is_left_out_at_once(tmp_path, parsed):
    tiny = TINY.read_text()
    for name in ("p1.xml", "p3.xml"):
        (tmp_path / name).write_text(tiny)
    (tmp_path / "p2.xml").write_text(tiny.replace("<MeasurementUnit>inch1200", "<MeasurementUnit>inch"))
    issue = open_package(tmp_path)
    assert [p.number for p in issue.pages] == [1, 3]
    assert [str(p) for p in issue.errors] == [
        "p2.xml: line 4: unknown MeasurementUnit 'inch': expected pixel, mm10 or inch1200"]
    assert parsed == []


def test_no_page_that_can_be_read_is_told_when_read(tmp_path):
    """Opening cannot know it; the commands say so after reading every page."""
    (tmp_path / "p1.xml").write_text(TINY.read_text().replace("</TextLine>", ""))
    issue = open_package(tmp_path)
    issue.load_all()
    assert (issue.page(1).blocks, issue.articles) == ((), [])
    assert [(p.file, p.where) for p in issue.errors] == [("p1.xml", "line 14, column 21")]
    proc = subprocess.run([sys.executable, "-m", "viewer", "info", str(tmp_path)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "p1.xml: line 14, column 21: malformed XML: Opening and ending tag mismatch: TextLine line 9 and TextBlock",
        "error: the issue cannot be used (1 problem)"]


# ---------------------------------------------------------------- the page's size


def _alto(page: str, blocks: str) -> str:
    return ('<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Description>'
            f'<MeasurementUnit>mm10</MeasurementUnit></Description><Layout>{page}{blocks}</PrintSpace></Page>'
            '</Layout></alto>')


BLOCK = ('<TextBlock ID="B1" HPOS="0" VPOS="0" WIDTH="1270" HEIGHT="254"><TextLine HPOS="0" VPOS="0" WIDTH="1270" '
         'HEIGHT="254"><String CONTENT="Word" HPOS="0" VPOS="0" WIDTH="1270" HEIGHT="254"/></TextLine></TextBlock>')


def test_the_print_space_sizes_a_page_without_a_size(tmp_path, parsed):
    (tmp_path / "p.xml").write_text(_alto('<Page><PrintSpace HPOS="0" VPOS="0" WIDTH="2540" HEIGHT="3810">', BLOCK))
    page = open_package(tmp_path).pages[0]
    assert (page.width_pt, page.height_pt, page.loaded) == (720.0, 1080.0, False)
    assert parsed == []


def test_the_blocks_size_a_page_without_a_size_or_print_space(tmp_path, parsed):
    (tmp_path / "p.xml").write_text(_alto("<Page><PrintSpace>", BLOCK))
    page = open_package(tmp_path).pages[0]
    # 1270 x 254 tenths of a millimetre: read at once, for the page's size
    assert (page.width_pt, page.height_pt, page.loaded) == (360.0, 72.0, True)
    assert parsed == ["p.xml"]


# ---------------------------------------------------------------- an issue of values given whole


def test_an_issue_of_values_given_whole():
    from viewer.layout.scanned import layout_scanned, scanned_page_groups
    from viewer.sources.model import ScannedArticle, ScannedIssue, ScannedPage, Span

    pages = [ScannedPage(n, str(n), f"alto/{n}.xml", 595.0, 842.0, ()) for n in (1, 2, 3)]
    square = (((0.0, 0.0), (9.0, 0.0), (9.0, 9.0), (0.0, 9.0)),)
    over = ScannedArticle("a1", "article", "OVER TWO PAGES", (Span(1, "body", (), square), Span(2, "body", (), square)),
                          "Text.")
    ad = ScannedArticle("a2", "advertisement", "", (Span(3, "", (), square),), "Sold.")
    issue = ScannedIssue(Path("/nowhere"), "mets.xml", "mets", "The Paper", None, None, "en", pages, [over, ad])
    assert [a.id for a in issue.articles] == ["a1", "a2"]
    assert [a.id for a in issue.articles_on(2, 3)] == ["a1", "a2"]
    assert issue.article("a2") is ad and issue.article("a3") is None
    assert scanned_page_groups(issue) == [(1, 2), (3,)]
    assert issue.problems == [] and all(p.loaded for p in issue.pages)
    layout = layout_scanned(issue, [1, 2])
    assert [p.number for p in layout.pages] == [1, 2] and list(layout.articles) == ["a1"]
    assert layout.articles["a1"].pages == (1, 2)


# ---------------------------------------------------------------- many pages naming one file


def _many_pages(folder: Path, pages: int, alto: Path = TINY) -> Path:
    """A METS of ``pages`` pages in ``folder``, every one naming one ALTO file,
    as bench/mets_pages.py makes it."""
    sys.path.insert(0, str(ROOT / "bench"))
    from mets_pages import make_package

    return make_package(folder, pages, alto)


def test_pages_that_name_one_alto_file_read_it_once(tmp_path, parsed, monkeypatch):
    opened = calls_of(monkeypatch, "open_regular", 1)  # the files opened, by their names in the package
    issue = open_package(_many_pages(tmp_path, 40))
    assert [p.number for p in issue.pages] == list(range(1, 41))
    # the METS (its first bytes, to know it, then the whole), and the ALTO file's header once
    assert opened == ["mets.xml", "mets.xml", "ALTO/page.xml"]
    issue.load_all()
    assert opened == ["mets.xml", "mets.xml", "ALTO/page.xml", "ALTO/page.xml"]  # then the whole file once
    assert parsed == ["ALTO/page.xml"]
    first = issue.page(1).blocks
    assert len(first) == 1 and all(p.blocks is first for p in issue.pages)  # one copy of the words
    assert [(a.id, a.text) for a in issue.articles_on(2, 40)] == [("p2:P1_TB1", "Tiny page"),
                                                                   ("p40:P1_TB1", "Tiny page")]


def test_a_mets_of_more_pages_than_an_issue_may_have_is_refused(tmp_path):
    from viewer.model.problems import IssueLoadError
    from viewer.sources.model import MAX_PAGES

    assert MAX_PAGES == 10_000
    with pytest.raises(IssueLoadError) as caught:
        open_package(_many_pages(tmp_path, MAX_PAGES + 5))
    assert [str(p) for p in caught.value.problems] == [
        "mets.xml: line 10010: the METS lists 10005 pages, more than the 10000 an issue may have; it is not read"]


def test_a_folder_of_more_alto_files_than_an_issue_may_have_is_refused(tmp_path, monkeypatch):
    from viewer.model.problems import IssueLoadError

    monkeypatch.setattr(package, "MAX_PAGES", 3)  # four files stand for ten thousand and one
    for n in range(1, 5):
        shutil.copyfile(TINY, tmp_path / f"{n}.xml")
    with pytest.raises(IssueLoadError) as caught:
        open_package(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path}: the folder holds 4 ALTO files, more than the 3 pages an issue may have; it is not read"]
