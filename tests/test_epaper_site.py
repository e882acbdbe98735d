"""The sample e-paper site of the bundled issue (tools/make_epaper_site.py):
written for pages 1-3 and two dates, it opens as an issue with the bundled
issue's pages, sections and headlines, each hot zone lies on its article's
words in the page PDF, a continued article is two article files joined
again, and the earlier date shares the first one's PDFs."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from viewer.issue import open_issue
from viewer.mupdf import load_pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from make_epaper_site import make_site, parse_pages, split_text  # noqa: E402

PAGES = [1, 2, 3]


def plain(text: str | None) -> str:
    return "".join((text or "").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("epaper") / "gxdb", dates=2, pages=PAGES)


@pytest.fixture(scope="module")
def opened(site):
    issue = open_issue(site)
    return issue, issue.layout()


@pytest.fixture(scope="module")
def bundled(bundled_layout):
    from viewer.issue import as_issue

    data, layout = bundled_layout
    return as_issue(data), layout


def test_the_site_opens_with_the_bundled_pages_and_sections(site, opened, bundled):
    issue, layout = opened
    source, _ = bundled
    assert issue.kind == "epaper"
    assert issue.problems == []
    assert (issue.meta.paper, issue.meta.date) == ("中国高新技术产业导报", dt.date(2025, 12, 29))
    assert issue.numbers == PAGES
    assert [issue.section(n) for n in PAGES] == [source.section(n) for n in PAGES]
    assert [issue.page_label(n) for n in PAGES] == ["01版", "02版", "03版"]
    for n in PAGES:
        page = layout.page(n)
        assert (page.width_pt, page.height_pt) == pytest.approx((1105.51, 1547.72), abs=0.01)
        assert page.images[0].kind == "pdf"  # drawn from the page PDF, not the preview
        assert issue.background(n) is None  # nothing to decode before the first paint


def test_articles_have_the_bundled_headlines_and_text(opened, bundled):
    issue, layout = opened
    source, source_layout = bundled
    for n in PAGES:
        ours = [plain(a.headline) for a in layout.page(n).articles]
        theirs = [plain(a.headline) for a in source_layout.page(n).articles]
        assert ours == theirs and ours, n
    lead = layout.page(1).articles[0]
    theirs = source.reading("p01-miit-2026")
    ours = issue.reading(lead.id)
    assert lead.id.startswith("content_")
    assert ours.paragraphs == theirs.paragraphs
    assert ours.byline == theirs.byline
    second = issue.reading(layout.page(2).articles[0].id)  # kicker, subtitle and photo
    p02 = source.reading("p02-lead")
    assert (second.kicker, second.headline, second.subtitle) == (p02.kicker, p02.headline, p02.subtitle)
    assert [p.caption for p in second.photos] == [f"{p.caption} {p.credit}" for p in p02.photos]
    assert all(p.path is not None and p.path.is_file() for p in second.photos)


def test_each_zone_lies_on_its_articles_words_in_the_page_pdf(opened):
    issue, layout = opened
    pymupdf = load_pymupdf()
    checked = 0
    for n in PAGES:
        page = issue.issue.page(n)
        with pymupdf.open(page.pdf) as doc:
            words = doc[0].get_text("words")
        for art in layout.page(n).articles:
            a = issue.issue.article(art.id)
            text = plain("".join([a.kicker, a.headline, a.subtitle, a.author, *a.paragraphs,
                                  *(ph.caption for ph in a.photos)]))
            for region in art.regions:
                x0, y0, x1, y1 = region.bounds
                inside = [plain(w[4]) for w in words
                          if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1 and len(plain(w[4])) >= 4]
                ours = [w for w in inside if w in text]
                assert ours, (n, a.headline, region.bounds, inside[:5])
                assert len(ours) >= 0.8 * len(inside), (n, a.headline, [w for w in inside if w not in text][:5])
                checked += 1
    assert checked >= 25


def test_the_first_part_of_a_continued_article_holds_its_page_text(site, bundled):
    _, source_layout = bundled
    two = open_issue(site / "html" / "2025-12" / "29")
    assert two.numbers == PAGES  # page 4 is not written: the first part says where it goes on
    part = next(a for a in two.issue.articles if a.headline == "示例：跨版接转的报道")
    assert part.paragraphs[-1] == "（下转第4版）" and part.continued_on == ()  # no page 4 to go on to
    body = "".join(ln.text for ln in source_layout.article("p03-cont").lines if ln.page == 3 and ln.kind == "body")
    assert plain("".join(part.paragraphs[:-1])) == plain(body)


def test_a_whole_continuation_reads_as_the_bundled_article(tmp_path, bundled):
    source, _ = bundled
    site = make_site(tmp_path / "gxdb", pages=[21, 22])
    issue = open_issue(site)
    first, second = (a for a in issue.issue.articles if a.headline.startswith("2026攻坚年"))
    assert issue.numbers == [1, 2]  # positions in the page list, labelled as printed
    assert [issue.page_label(n) for n in issue.numbers] == ["21版", "22版"]
    assert (first.pages, second.pages) == ((1,), (2,))
    assert (first.continued_on, second.continued_from) == ((2,), (1,))
    assert issue.parts.of(first.id) == (first.id, second.id)
    reading = issue.reading(first.id)
    jumps = {"（下转第22版）", "（上接第21版）"}
    assert plain("".join(p for p in reading.paragraphs if p not in jumps)) == \
        plain("".join(source.reading("p21-lead").paragraphs))
    assert [p for p in reading.paragraphs if p in jumps] == ["（下转第22版）", "（上接第21版）"]
    layout = issue.layout()
    assert [(link.page, link.article) for link in layout.page(1).links] == [(2, second.id)]
    assert [(link.page, link.article) for link in layout.page(2).links] == [(1, first.id)]


def test_the_earlier_date_shares_the_files_and_has_its_own_ids(site, opened):
    issue, _ = opened
    dates = issue.issue.site.dates()
    assert [d for d, _ in dates] == [dt.date(2025, 12, 28), dt.date(2025, 12, 29)]
    earlier = open_issue(dates[0][1])
    assert earlier.meta.date == dt.date(2025, 12, 28) and earlier.problems == []
    assert earlier.neighbour_path(1) is not None
    assert [a.headline for a in earlier.issue.articles] == [a.headline for a in issue.issue.articles]
    assert not set(earlier.article_ids()) & set(issue.article_ids())
    for n in PAGES:
        assert earlier.issue.page(n).pdf.stat().st_ino == issue.issue.page(n).pdf.stat().st_ino
        assert earlier.issue.page(n).pdf.name == f"GXDB20251228{n:02d}.pdf"


def test_split_text_cuts_at_a_count_of_characters():
    assert split_text(["ab cd", "efg"], [3]) == [["ab c"], ["d", "efg"]]
    assert split_text(["abcd", "efg"], [4]) == [["abcd"], ["efg"]]
    assert split_text(["ab", "cd", "ef"], [1, 3]) == [["a"], ["b", "cd"], ["ef"]]
    assert split_text(["ab"], [5]) == [["ab"], []]
    assert parse_pages("1-3, 5") == [1, 2, 3, 5]
