"""Saved e-paper sites (viewer.sources.epaper) read from the fixtures of
tests/data/epaper/ (made by tools/make_epaper_fixtures.py after real saved
pages): pages in the day's order, zones on their articles' words in the
page PDFs, articles with their headline groups, continuations and photos,
the issues of a site; and hostile or broken copies, each with its exact
message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from viewer.mupdf import load_pymupdf
from viewer.sources.epaper import epaper_kind, open_site
from viewer.sources.epaper.issue import read_date

DATA = Path(__file__).resolve().parent / "data" / "epaper"
CLASSIC = DATA / "classic-gbk"
NEWER = DATA / "founder-utf8"
MIRROR = DATA / "rmrb-mirror"
RMRB = MIRROR / "paper.people.com.cn" / "rmrb"


def translated(issue):
    """Every problem is a message by id, and reads in Chinese too."""
    from test_messages import english_left

    from viewer.messages import Msg

    for p in issue.problems:
        assert isinstance(p.message, Msg), repr(p.message)
        zh = p.message.translated("zh")
        assert english_left(zh) == [], (p.message, zh)
    return issue


def messages(issue) -> list[str]:
    return [str(p) for p in translated(issue).problems]


# ---------------------------------------------------------------- what a path is


def test_epaper_kind_tells_sites_date_folders_and_page_files(tmp_path):
    assert epaper_kind(CLASSIC) == "site"
    assert epaper_kind(MIRROR) == "site"
    assert epaper_kind(RMRB) == "site"
    assert epaper_kind(CLASSIC / "html" / "2025-03" / "14") == "date"
    assert epaper_kind(CLASSIC / "html" / "2025-03" / "14" / "node_2.htm") == "page"
    assert epaper_kind(NEWER / "pc" / "layout" / "202512" / "29" / "node_01.html") == "page"
    assert epaper_kind(RMRB / "html" / "2017-10" / "16" / "nbs.D110000renmrb_01.htm") == "page"
    assert epaper_kind(RMRB / "html" / "2017-10" / "16" / "nw.D110000renmrb_20171016_1-01.htm") == "page"
    assert epaper_kind(CLASSIC / "html" / "2025-03" / "14" / "content_1001.htm") is None
    assert epaper_kind(tmp_path) is None
    assert epaper_kind(tmp_path / "nothing") is None
    assert epaper_kind(Path(__file__)) is None


# ---------------------------------------------------------------- Founder classic, GBK


def test_a_site_folder_opens_its_newest_issue_and_lists_the_others():
    issue = open_site(CLASSIC)
    assert messages(issue) == []
    assert (issue.paper, issue.date) == ("滨江日报", dt.date(2025, 3, 15))
    assert [d for d, _ in issue.site.dates()] == [dt.date(2025, 3, 14), dt.date(2025, 3, 15)]
    older = read_date(issue.site, dt.date(2025, 3, 14))
    assert older.date == dt.date(2025, 3, 14)
    assert [p.label for p in older.pages] == ["第01版", "第02版"]
    assert read_date(issue.site, dt.date(2000, 1, 1)) is None


def test_pages_come_in_the_order_of_the_page_list_with_labels_sections_pdfs_and_sizes():
    issue = open_site(CLASSIC / "html" / "2025-03" / "14" / "node_3.htm")
    assert messages(issue) == []
    assert issue.start_page == 2
    assert issue.source_file == "html/2025-03/14/node_3.htm"
    assert [(p.number, p.label, p.section, p.file) for p in issue.pages] == [
        (1, "第01版", "要闻", "html/2025-03/14/node_2.htm"),
        (2, "第02版", "综合", "html/2025-03/14/node_3.htm"),  # "综 合" in the list: spaced to a width
    ]
    p1, p2 = issue.pages
    assert p1.pdf == (CLASSIC / "images/2025-03/14/01/BJRB2025031401.pdf").resolve()
    assert p1.preview == (CLASSIC / "images/2025-03/14/01/BJRB2025031401_b.jpg").resolve()
    assert (p1.width_pt, p1.height_pt, p1.size_from) == (700.0, 1100.0, "pdf")
    assert p2.pdf.name == "BJRB2025031402.pdf"


def test_zones_are_scaled_from_the_displayed_image_and_repeated_areas_count_once():
    issue = open_site(CLASSIC / "html" / "2025-03" / "14")
    p1, p2 = issue.pages
    # width=350 height=550 over a 700 × 1100 pt page: coordinates double
    by_article = {}
    for z in p1.zones:
        by_article.setdefault(z.article, []).append(z.bounds)
    assert by_article == {
        "content_1001": [(20, 20, 680, 300)],  # written twice, with a repeated point: one zone
        "content_1002": [(20, 320, 340, 600), (20, 320, 340, 1080)],  # ?div=0 (the photo) and ?div=-1
        "content_1003": [(360, 320, 680, 680)],  # shape=rect, unquoted
        "content_1004": [(360, 700, 680, 1080)],  # an L of six points
    }
    assert len(next(z for z in p1.zones if z.article == "content_1004").points) == 6
    # page 2's image has no width and height: its zones are in its own 525 × 825 pixels
    circle = next(z for z in p2.zones if z.article == "content_1006")
    assert len(circle.points) == 24
    assert [round(v) for v in circle.bounds] == [200, 500, 500, 800]
    assert p2.zone_at(350, 650) == "content_1006" and p2.zone_at(210, 510) is None


def test_the_headline_list_gives_the_tab_order():
    p1 = open_site(CLASSIC / "html" / "2025-03" / "14").pages[0]
    assert p1.headlines == ("content_1001", "content_1003", "content_1002", "content_1004")
    assert p1.titles["content_1003"] == "滨江图书馆延长开放时间"


def test_articles_read_in_gbk_with_headline_group_property_photo_and_continuations():
    issue = open_site(CLASSIC / "html" / "2025-03" / "14")
    lead = issue.article("content_1001")
    assert (lead.kicker, lead.headline, lead.subtitle, lead.author) == (
        "稳中求进 开局有力", "滨江新区春季开工项目全面启动", "四十个重点项目同日开工", "本报记者 王喆")
    assert lead.paragraphs == ("全市重点项目集中开工仪式昨日举行。", "项目总投资超过三百亿元。")
    assert (lead.property_id, lead.property_date, lead.property_section) == ("1001", "2025-03-14 09:28:27.0", "要闻")
    assert (lead.file, lead.pages) == ("html/2025-03/14/content_1001.htm", (1,))
    farm = issue.article("content_1002")
    assert farm.author == "记者 周堃"  # 堃 and 喆 are GBK, not GB2312
    assert [(p.path.name, p.caption, p.src) for p in farm.photos] == [
        ("pic1002.jpg", "图为科技小院的农技人员在田间指导。", "../../../images/2025-03/14/01/pic1002.jpg")]
    assert issue.article("content_1004").continued_on == (2,)
    assert issue.article("content_1005").continued_from == (1,)
    assert [a.id for a in issue.articles] == ["content_1001", "content_1003", "content_1002", "content_1004",
                                              "content_1005", "content_1006"]


def _zones_lie_on_their_words(issue):
    pymupdf = load_pymupdf()
    checked = 0
    for page in issue.pages:
        with pymupdf.open(page.pdf) as doc:
            pdf_page = doc[0]
            for aid in {z.article for z in page.zones}:
                headline = issue.article(aid).headline
                hits = pdf_page.search_for(headline)
                assert hits, (page.number, headline)
                for r in hits:
                    assert page.zone_at((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2) == aid, (page.number, headline)
                    checked += 1
    return checked


@pytest.mark.parametrize("site", [CLASSIC / "html" / "2025-03" / "14", NEWER, MIRROR,
                                  RMRB / "html" / "2017-10" / "16"], ids=lambda p: p.name)
def test_each_zone_lies_on_its_articles_words_in_the_page_pdf(site):
    issue = open_site(site)
    assert messages(issue) == []
    assert _zones_lie_on_their_words(issue) >= 3


# ---------------------------------------------------------------- newer Founder, UTF-8


def test_positioned_hot_zones_in_pixels_and_per_cent():
    issue = open_site(NEWER)
    assert messages(issue) == []
    assert (issue.paper, issue.date) == ("海城晚报", dt.date(2025, 12, 29))
    p1, p2 = issue.pages
    assert [(z.article, [round(v, 1) for v in z.bounds]) for z in p1.zones] == [
        ("content_2001", [20, 20, 680, 400]), ("content_2002", [20, 420, 680, 1080])]
    # per cent of the image; this page file starts with a BOM and has CRLF line ends
    assert [(z.article, [round(v, 1) for v in z.bounds]) for z in p2.zones] == [
        ("content_2003", [35, 110, 665, 550]), ("content_2004", [35, 605, 665, 1045])]
    assert (p2.label, p2.section) == ("02版", "民生")
    assert p1.titles == {"content_2001": "数字经济核心产业增加值稳步提升", "content_2002": "冬季文旅消费持续升温"}
    a = issue.article("content_2001")
    assert (a.kicker, a.headline, a.subtitle, a.author) == (
        "高质量发展", "数字经济核心产业增加值稳步提升", "前十一个月同比增长百分之九", "本报记者 陈静")
    assert a.paragraphs == ("数字经济核心产业增加值稳步提升。", "新型基础设施建设加快推进。")


# ---------------------------------------------------------------- People's Daily


def test_a_mirror_of_peoples_daily_lists_both_forms_and_opens_the_newer():
    issue = open_site(MIRROR)
    assert messages(issue) == []
    assert issue.root == MIRROR.resolve()
    assert [d for d, _ in issue.site.dates()] == [dt.date(2017, 10, 16), dt.date(2024, 12, 25)]
    assert (issue.paper, issue.date) == ("人民日报", dt.date(2024, 12, 25))
    p1, p2 = issue.pages
    assert p1.preview.name == "0f88d5f4-cdbd-4b8b-a600-8b44f707a067.jpg.2"
    assert p1.pdf.name == "58d97d37-6229-4f3b-872d-3911f85cb11b.pdf"
    # page 2 names its PDF by an https address of the site's own host: the copy's file is used
    assert p2.pdf == (RMRB / "pc/attachement/202412/25/6e1c2a10-1111-4f3b-872d-3911f85cb11c.pdf").resolve()
    assert (p1.width_pt, p1.height_pt) == (800.0, 1150.0)
    zone = next(z for z in p1.zones if z.article == "content_30048054")
    assert [round(v, 2) for v in zone.bounds] == [7.44, 185.61, 388.8, 647.11]  # float coordinates kept
    a = issue.article("content_30048054")
    assert (a.kicker, a.headline, a.author) == ("总书记的人民情怀", "为老百姓提供用得上的信息服务", "本报记者 李四")
    assert [(p.path.name, p.caption) for p in a.photos] == [("photo-30048054.jpg", "图为社区工作人员为老人讲解信息服务。")]


def test_an_article_file_of_the_older_form_opens_its_page_with_headlines_from_the_articles():
    issue = open_site(RMRB / "html" / "2017-10" / "16" / "nw.D110000renmrb_20171016_1-02.htm")
    assert messages(issue) == []
    assert issue.root == (MIRROR / "paper.people.com.cn").resolve()  # the host folder around the paper
    assert (issue.date, issue.start_page) == (dt.date(2017, 10, 16), 2)
    assert [(p.label, p.section) for p in issue.pages] == [("第01版", "要闻"), ("第02版", "评论")]
    p1 = issue.pages[0]
    assert p1.headlines == ("nw.D110000renmrb_20171016_1-01", "nw.D110000renmrb_20171016_2-01")
    assert p1.titles == {}  # the list is written by a script: the headlines are the articles'
    talk = issue.article("nw.D110000renmrb_20171016_2-01")
    assert (talk.headline, talk.subtitle, talk.author) == ("座谈会征求各方意见", "征求对测试报告的意见", "本报记者 张三")
    assert talk.paragraphs == ("座谈会在京召开。", "与会者发言。（下转第二版）")  # the copy for copying is not read twice
    assert talk.continued_on == (2,)
    assert issue.article("nw.D110000renmrb_20171016_1-02").continued_from == (1,)


def test_nothing_outside_the_site_folder_is_opened(monkeypatch):
    """The People's Daily pages link their templates six folders up, out of
    the copy; an audit hook sees every file Python opens."""
    import sys

    opened: list[str] = []
    active = [True]

    def hook(event, args):
        if active[0] and event == "open" and isinstance(args[0], (str, bytes, Path)):
            opened.append(str(args[0]))

    sys.addaudithook(hook)
    try:
        issue = open_site(RMRB / "pc" / "layout" / "202412" / "25" / "node_01.html")
    finally:
        active[0] = False
    root = str((MIRROR / "paper.people.com.cn").resolve())
    data_files = [p for p in opened if not p.endswith((".py", ".pyc")) and "site-packages" not in p
                  and "/lib/python" not in p]
    assert data_files and all(p.startswith(root) for p in data_files), data_files
    assert issue.pages and messages(issue) == []
