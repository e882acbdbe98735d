"""The synthetic-issue generator used by the benchmarks (tools/make_synthetic_issue.py):
a 48-page issue made from the bundled one validates cleanly and lays out
with no overflow, with every reference kept inside its own copy."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from viewer.model import load_issue
from viewer.model.types import Article, Continuation, Guide, Photo
from viewer.model.validate import check_issue

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "make_synthetic_issue.py"


def _tool():
    spec = importlib.util.spec_from_file_location("make_synthetic_issue", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = _tool().make_synthetic_issue(48, tmp_path_factory.mktemp("synthetic") / "issue")
    return load_issue(folder)


def test_a_48_page_synthetic_issue_validates_cleanly(synthetic):
    from viewer.fonts import missing_chars

    assert synthetic.issue.page_count == 48
    assert [pd.page.number for pd in synthetic.pages] == list(range(1, 49))
    assert check_issue(synthetic, missing_chars) == []


def test_each_copy_has_its_own_ids_and_references(synthetic):
    ids = [b.id for pd in synthetic.pages for b in pd.page.blocks if getattr(b, "id", None)]
    assert len(ids) == len(set(ids))
    page_of = {b.id: pd.page.number for pd in synthetic.pages for b in pd.page.blocks if isinstance(b, Article)}
    seen = {"guide": 0, "continuation": 0, "photo": 0}
    for pd in synthetic.pages:
        n = pd.page.number
        copy = (n - 1) // 24
        for b in pd.page.blocks:
            if isinstance(b, Guide):
                for e in b.entries:
                    assert (e.page - 1) // 24 == copy and page_of[e.article] == e.page
                seen["guide"] += 1
            elif isinstance(b, Continuation):
                assert (page_of[b.article] - 1) // 24 == copy
                seen["continuation"] += 1
            elif isinstance(b, Photo) and b.article:
                assert page_of[b.article] == n
                seen["photo"] += 1
            elif isinstance(b, Article) and b.continued_on:
                assert (b.continued_on - 1) // 24 == copy
    assert seen["guide"] == 2 and seen["continuation"] >= 2 and seen["photo"] >= 2


def test_the_synthetic_issue_lays_out_without_overflow(synthetic):
    from viewer.layout import layout_issue

    layout = layout_issue(synthetic)
    assert [p.number for p in layout.pages] == list(range(1, 49))
    for page in layout.pages:
        assert page.overflow == (), (page.number, page.overflow)
        assert page.underset == (), (page.number, page.underset)
        assert page.warnings == (), (page.number, page.warnings)
    # the second copy sets the same lines as the first, on its own pages
    for n in (1, 3, 4, 24):
        a, b = layout.page(n), layout.page(n + 24)
        assert [ln.text for ln in a.lines if ln.kind == "body"] == [ln.text for ln in b.lines if ln.kind == "body"]


def test_the_page_count_must_be_a_multiple_of_the_source(tmp_path):
    with pytest.raises(ValueError, match="multiple of 24"):
        _tool().make_synthetic_issue(30, tmp_path / "x")


def test_a_seeded_issue_of_another_day_and_paper_has_its_own_text(tmp_path):
    tool = _tool()
    a = tool.make_synthetic_issue(24, tmp_path / "a", date=tool.dt.date(2024, 3, 1), paper="中国科技导报周刊", seed=7, link=True)
    b = tool.make_synthetic_issue(24, tmp_path / "b", seed=7)
    c = tool.make_synthetic_issue(24, tmp_path / "c", seed=8)
    from viewer.fonts import missing_chars

    data = load_issue(a)
    assert check_issue(data, missing_chars) == []
    assert (data.issue.paper, data.issue.date.isoformat(), data.issue.weekday_text) == ("中国科技导报周刊", "2024-03-01", "星期五")
    source = load_issue(ROOT / "layouts" / "2025-12-29")
    body = "p01-tech-transfer"
    varied = data.texts[body]
    # as long as the source's, punctuation and digits where they were, other characters
    assert len(varied) == len(source.texts[body])
    assert [c for c in varied if not "\u3400" <= c <= "\u9fff"] == [c for c in source.texts[body] if not "\u3400" <= c <= "\u9fff"]
    assert varied != source.texts[body]
    assert load_issue(b).texts[body] == varied  # the same seed, the same text
    assert load_issue(c).texts[body] != varied
    assert data.article(body)[1].headline != source.article(body)[1].headline
    # the source issue is untouched by the hard links
    assert load_issue(ROOT / "layouts" / "2025-12-29").texts[body] == source.texts[body]


def test_a_synthetic_library_has_two_papers_by_date():
    plan = _tool().library_plan(8)
    assert [(p, d.isoformat(), n) for p, d, n in plan] == [
        ("", "2023-01-02", 1), ("", "2023-01-03", 2), ("", "2023-01-04", 3), ("中国科技导报周刊", "2023-01-02", 1),
        ("", "2023-01-05", 4), ("", "2023-01-06", 5), ("", "2023-01-07", 6), ("中国科技导报周刊", "2023-01-09", 2)]
