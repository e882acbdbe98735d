"""Saved e-paper sites as issues: opened by every command and the window,
drawn from the publisher's page PDFs, searched on the PDFs' own words,
exported with the page PDFs passed through, indexed by the library date by
date, and stepped through by 上一期/下一期."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_export import page_labels

from viewer.mupdf import load_pymupdf

DATA = Path(__file__).resolve().parent / "data" / "epaper"
CLASSIC = DATA / "classic-gbk"
DAY14 = CLASSIC / "html" / "2025-03" / "14"
NEWER = DATA / "founder-utf8"
RMRB = DATA / "rmrb-mirror" / "paper.people.com.cn" / "rmrb"
SITES = [CLASSIC, NEWER, DATA / "rmrb-mirror"]
DATES = [DAY14, NEWER, RMRB / "pc" / "layout" / "202412" / "25"]


def _open(path):
    from viewer.issue import open_issue

    return open_issue(path)


def _words_inside(pdf: Path, bounds) -> str:
    """The characters of the PDF's first page inside ``bounds`` (MuPDF's own clip)."""
    pymupdf = load_pymupdf()
    with pymupdf.open(pdf) as doc:
        return "".join(doc[0].get_text("text", clip=pymupdf.Rect(*bounds)).split())


# ------------------------------------------------------------ the issue


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_every_fixture_site_opens_as_an_issue_of_its_newest_date(site):
    from viewer.issue import issue_kind

    assert issue_kind(site) == "epaper"
    issue = _open(site)
    assert issue.kind == "epaper" and issue.usable and not issue.errors
    assert issue.numbers == list(range(1, len(issue.numbers) + 1))
    assert all(issue.section(n) for n in issue.numbers)
    assert issue.page_label(1) == "01版"
    layout = issue.layout()
    for page in layout.pages:
        assert (page.width_pt, page.height_pt) == issue.page_size(page.number)
        assert [im.kind for im in page.images] == ["pdf"]  # every fixture page has its PDF


def test_pages_sections_and_articles_of_the_classic_site():
    issue = _open(DAY14)
    assert issue.title() == "滨江日报 2025年3月14日"
    assert [(issue.page_label(n), issue.section(n)) for n in issue.numbers] == [("01版", "要闻"), ("02版", "综合")]
    layout = issue.layout()
    # the Tab order: the page's headline list
    assert [a.id for a in layout.page(1).articles] == ["content_1001", "content_1003", "content_1002", "content_1004"]
    r = issue.reading("content_1001")
    assert (r.kicker, r.headline, r.subtitle, r.byline) == ("稳中求进 开局有力", "滨江新区春季开工项目全面启动",
                                                           "四十个重点项目同日开工", "本报记者 王喆")
    assert r.paragraphs == ("全市重点项目集中开工仪式昨日举行。", "项目总投资超过三百亿元。")


@pytest.mark.parametrize("site", DATES, ids=lambda p: p.parts[-4])
def test_each_region_lies_on_its_articles_words_in_the_page_pdf(site):
    issue = _open(site)
    layout = issue.layout()
    checked = 0
    for page in layout.pages:
        pdf = Path(next(im.path for im in page.images if im.kind == "pdf"))
        for art in page.articles:
            words = "".join(_words_inside(pdf, r.bounds) for r in art.regions)
            headline = issue.reading(art.id).headline
            assert headline and headline[:6] in words, (site.name, page.number, art.id, words[:60])
            # the PDF's lines inside the zone are the article's, for search
            assert any(headline[:6] in page.lines[i].text for i in art.lines)
            checked += 1
    assert checked >= 3


def test_a_continued_article_reads_on_and_its_jump_line_links_back():
    issue = _open(DAY14)
    layout = issue.layout()
    assert issue.groups() == [(1, 2)]  # the article ties its two pages
    r = issue.reading("content_1004")
    assert r.paragraphs[-1] == "（上接第1版）改造工作将于年底前完成。"  # page 2's part follows page 1's
    assert layout.article("content_1004").pages == (1, 2)
    part = next(a for a in layout.page(2).articles if a.id == "content_1005")
    assert part.continued
    (link,) = layout.page(2).links
    assert (link.page, link.article) == (1, "content_1004")
    words = _words_inside(CLASSIC / "images" / "2025-03" / "14" / "02" / "BJRB2025031402.pdf", link.rect)
    assert words == "上接第1版"
    assert link.rect[2] - link.rect[0] < 60  # the jump words, not the whole line


def test_search_lands_on_the_words_of_the_page_pdf():
    from viewer.layout.search import search_page

    issue = _open(DAY14)
    page = issue.layout().page(1)
    hits = search_page(page, "图书馆")
    assert hits and hits[0].article == "content_1003"
    pymupdf = load_pymupdf()
    with pymupdf.open(CLASSIC / "images" / "2025-03" / "14" / "01" / "BJRB2025031401.pdf") as doc:
        truth = doc[0].search_for("图书馆")
    x0, y0, x1, y1 = hits[0].rects[0]
    assert any(abs(x0 - t.x0) < 1.5 and abs(x1 - t.x1) < 1.5 and y0 <= (t.y0 + t.y1) / 2 <= y1 for t in truth)


def test_the_page_is_drawn_from_its_pdf_sharp_at_any_zoom():
    from viewer.render.paint import render_image

    issue = _open(DAY14)
    page = issue.layout().page(1)
    pymupdf = load_pymupdf()
    with pymupdf.open(CLASSIC / "images" / "2025-03" / "14" / "01" / "BJRB2025031401.pdf") as doc:
        ref = doc[0].get_pixmap(dpi=288, alpha=False)
    img = render_image(page, dpi=288)
    assert (img.width(), img.height()) == (ref.width, ref.height)
    # the pixels are MuPDF's at this resolution: the same ink, not a scaled-up picture
    dark_ours = sum(1 for y in range(0, img.height(), 3) for x in range(0, img.width(), 3)
                    if (img.pixel(x, y) & 0xFF) < 96)
    dark_ref = sum(1 for y in range(0, ref.height, 3) for x in range(0, ref.width, 3) if ref.pixel(x, y)[0] < 96)
    assert dark_ref > 500 and abs(dark_ours - dark_ref) <= 0.02 * dark_ref


def test_a_page_without_its_pdf_is_drawn_from_its_preview(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(CLASSIC, site)
    (site / "images" / "2025-03" / "14" / "02" / "BJRB2025031402.pdf").unlink()
    issue = _open(site / "html" / "2025-03" / "14")
    page = issue.layout().page(2)
    assert [im.kind for im in page.images] == ["scan"] and page.images[0].path.endswith(".jpg")
    assert {ln.kind for ln in page.lines} == {"region"}  # no PDF: the articles' text, on their zones
    assert any("BJRB2025031402.pdf" in str(p) for p in issue.problems)


def test_an_area_whose_article_file_is_missing_still_highlights_and_says_so(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(CLASSIC, site)
    (site / "html" / "2025-03" / "14" / "content_1003.htm").unlink()
    issue = _open(site / "html" / "2025-03" / "14")
    art = next(a for a in issue.layout().page(1).articles if a.id == "content_1003")
    assert art.regions
    r = issue.reading("content_1003")
    assert r.headline == "滨江图书馆延长开放时间"  # from the page's headline list
    assert r.notice == "the article file of this area is not in the saved copy; its headline is the page's"
    assert r.notice.translated("zh") == "保存的副本中没有这一区域的文章文件；标题取自版面"


# ------------------------------------------------------------ the commands


def test_info_json_gives_the_common_keys_and_the_source_files(cli):
    code, out, err = cli("info", DAY14, "--json")
    assert code == 0, err
    info = json.loads(out)
    assert info["kind"] == "epaper" and info["paper"] == "滨江日报" and info["date"] == "2025-03-14"
    page = info["pages"][0]
    assert {"number", "name", "label", "width_pt", "height_pt", "articles", "files"} <= set(page)
    assert page["files"] == {"page": "html/2025-03/14/node_2.htm", "pdf": "images/2025-03/14/01/BJRB2025031401.pdf",
                             "preview": "images/2025-03/14/01/BJRB2025031401_b.jpg"}
    art = page["articles"][0]
    assert {"id", "kicker", "headline", "subtitle", "byline", "text", "regions", "file"} <= set(art)
    assert art["file"] == "html/2025-03/14/content_1001.htm" and art["regions"]


def test_every_command_opens_a_page_file(cli, tmp_path):
    node3 = DAY14 / "node_3.htm"
    code, out, err = cli("validate", node3)
    assert (code, out) == (0, "valid: 滨江日报 2025年3月14日, 2 pages, 6 articles\n"), err
    code, out, _ = cli("render", node3, "--page", "2", "--dpi", "30", "-o", tmp_path / "p2.png")
    assert code == 0 and (tmp_path / "p2.png").is_file()


def test_export_passes_the_page_pdfs_through_with_outline_and_links(cli, tmp_path):
    target = tmp_path / "day.pdf"
    code, out, err = cli("export", DAY14, "-o", target)
    assert code == 0, err
    pymupdf = load_pymupdf()
    sources = [CLASSIC / "images" / "2025-03" / "14" / f"0{n}" / f"BJRB202503140{n}.pdf" for n in (1, 2)]
    with pymupdf.open(target) as doc:
        assert doc.page_count == 2
        for page, src_path in zip(doc, sources):
            with pymupdf.open(src_path) as src:
                assert page.get_text() == src[0].get_text()  # the text once, as the publisher set it
                ours = sorted(f[3] for f in page.get_fonts(full=True))
                theirs = sorted(f[3] for f in src[0].get_fonts(full=True))
                assert ours == theirs  # the publisher's fonts, no other
                assert not page.get_images()  # nothing rasterised
        toc = doc.get_toc()
        assert [t[1] for t in toc if t[0] == 1] == ["01版 要闻", "02版 综合"]
        assert [2, "滨江新区春季开工项目全面启动", 1] in [t[:3] for t in toc]
        links = doc[1].get_links()
        assert [(l["page"], round(l["from"].x0)) for l in links] == [(0, 36)]
        assert page_labels(doc) == ["01版", "02版"]
    # a page and an article alone
    code, _, err = cli("export", DAY14, "--pages", "2", "-o", tmp_path / "p2.pdf")
    assert code == 0, err
    with pymupdf.open(tmp_path / "p2.pdf") as doc:
        assert doc.page_count == 1 and "春日赏花地图发布" in doc[0].get_text()
    code, _, err = cli("export", DAY14, "--article", "content_1002", "-o", tmp_path / "a.pdf")
    assert code == 0, err
    with pymupdf.open(tmp_path / "a.pdf") as doc:
        text = doc[0].get_text()
        assert "科技小院里的春耕新图景" in text and "滨江新区" not in text  # the article's part of the page


# ------------------------------------------------------------ the library


def test_the_library_indexes_each_date_of_a_site_and_finds_article_text(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("HERALD_DATA_DIR", str(tmp_path / "data"))
    site = tmp_path / "site"
    shutil.copytree(CLASSIC, site)
    code, out, err = cli("library", "add", site)
    assert code == 0, err
    code, out, err = cli("library", "list")
    assert "滨江日报" in out and "2025-03-14" in out and "2025-03-15" in out, out
    code, out, err = cli("search", "候鸟")
    assert code == 0 and "2025-03-15" in out and "滨江湿地迎来候鸟高峰" in out, (out, err)


# ------------------------------------------------------------ the window


def test_the_window_opens_a_site_clicks_an_area_and_steps_to_the_earlier_issue(qtbot, make_window):
    from PySide6.QtCore import Qt

    win = make_window(path=CLASSIC)
    assert win.doc.source.kind == "epaper" and "2025年3月15日" in win.windowTitle()
    assert win.act_prev_issue.isEnabled() and not win.act_next_issue.isEnabled()
    win.act_prev_issue.trigger()
    assert "2025年3月14日" in win.windowTitle()
    assert win.act_next_issue.isEnabled()
    page = win.doc.page(1)
    art = next(a for a in page.articles if a.id == "content_1002")
    x0, y0, x1, y1 = art.regions[0].bounds
    pos = win.view.map_to_viewport(1, (x0 + x1) / 2, (y0 + y1) / 2)
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=pos.toPoint())
    assert win.reader.isVisible() and win.reader.article_id == "content_1002"
    assert "农技人员指导春耕" in win.reader.browser.toPlainText()
    assert win.articles.article_ids()[:4] == ["content_1001", "content_1003", "content_1002", "content_1004"]
    win.close()


def test_the_window_opens_a_page_file_at_its_page(qtbot, make_window):
    win = make_window(path=DAY14 / "node_3.htm", page=None)
    assert win.view.current_page == 2
    win.close()


def test_a_search_in_the_window_lands_on_the_words_box_in_the_pdf(qtbot, make_window):
    win = make_window(path=DAY14)
    win.show_search()
    win.search.field.setText("图书馆")
    hits = win.run_search("图书馆")
    assert hits and hits[0].page == 1 and hits[0].article == "content_1003"
    assert win.view.search_hits()[1][0] == hits[0].rects[0]
    pymupdf = load_pymupdf()
    with pymupdf.open(CLASSIC / "images" / "2025-03" / "14" / "01" / "BJRB2025031401.pdf") as doc:
        truth = doc[0].search_for("图书馆")[0]
    x0, y0, x1, y1 = hits[0].rects[0]
    assert abs(x0 - truth.x0) < 1.5 and abs(x1 - truth.x1) < 1.5 and y0 <= (truth.y0 + truth.y1) / 2 <= y1
    win.close()


def test_a_page_drawn_from_its_preview_is_searched_by_its_articles_text_on_their_zones(tmp_path):
    from viewer.layout.search import search_page

    site = tmp_path / "site"
    shutil.copytree(CLASSIC, site)
    (site / "images" / "2025-03" / "14" / "02" / "BJRB2025031402.pdf").unlink()
    issue = _open(site / "html" / "2025-03" / "14")
    page = issue.layout().page(2)
    (hit,) = search_page(page, "赏花点位")
    zone = next(a for a in page.articles if a.id == "content_1006").regions[0].bounds
    assert hit.article == "content_1006" and hit.rects == (zone,)
    target = tmp_path / "p2.pdf"
    from viewer.export.pdf import export_issue_pdf

    export_issue_pdf(issue, issue.layout([2]), target, [2])
    with load_pymupdf().open(target) as doc:
        assert "赏花点位" not in doc[0].get_text()  # text without a place is no text layer
