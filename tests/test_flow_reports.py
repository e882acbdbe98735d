"""What the flow reports: overflow on the page where the text runs out, a
sign-off that does not fit, jump lines naming the right pages. Through
layout_issue only, so that the tests hold for any flow engine."""

from __future__ import annotations

from conftest import write_issue

from viewer.layout import layout_issue
from viewer.model import load_issue

ARTICLE = """
[[blocks]]
type = "article"
id = "a1"
headline = "测试标题"
text_file = "text/a1.txt"
frames = [{frames}]
{extra}
"""

CONTINUATION = """
[[blocks]]
type = "continuation"
article = "a1"
frames = [{ col = 1, span = 1, line = 1, lines = 12 }]
"""

SENTENCE = "这是一段用来填满文字框的示例文字，它比文字框能容纳的更长。"


def _two_pages(tmp_path, text: str):
    root = write_issue(tmp_path / "issue", {
        1: ARTICLE.format(frames="{ col = 1, span = 1, line = 1, lines = 12 }", extra="continued_on = 2"),
        2: CONTINUATION}, texts={"a1.txt": text})
    return layout_issue(load_issue(root))


def test_overflow_of_a_continued_article_is_reported_on_the_page_where_it_runs_out(tmp_path):
    layout = _two_pages(tmp_path, "\n\n".join([SENTENCE * 3] * 8))
    assert layout.page(1).overflow == ()
    assert [o["article"] for o in layout.page(2).overflow] == ["a1"]
    assert layout.page(2).overflow[0]["characters_left"] > 200
    assert layout.page(2).debug_marks and not layout.page(1).debug_marks


def test_jump_lines_name_the_other_page(tmp_path):
    layout = _two_pages(tmp_path, "\n\n".join([SENTENCE * 2] * 2))
    jumps = {(ln.page, ln.text) for p in layout.pages for ln in p.lines if ln.kind == "jump"}
    assert jumps == {(1, "（下转第2版）"), (2, "（上接第1版）")}


def _fills(tmp_path, n: int, signoff: str | None):
    extra = f'signoff = "{signoff}"' if signoff else ""
    root = write_issue(tmp_path / f"issue-{n}-{bool(signoff)}",
                       {1: ARTICLE.format(frames="{ col = 1, span = 1, line = 1, lines = 12 }", extra=extra)},
                       texts={"a1.txt": "字" * n})
    return layout_issue(load_issue(root)).page(1)


def test_a_signoff_that_does_not_fit_is_reported_as_overflow(tmp_path):
    # the longest body that still fits the frame with nothing left over
    n = 1
    while not _fills(tmp_path, n + 16, None).overflow:
        n += 16
    while not _fills(tmp_path, n + 1, None).overflow:
        n += 1
    page = _fills(tmp_path, n, None)
    assert page.overflow == () and page.underset == ()
    body_lines = [ln for ln in page.lines if ln.kind == "body"]
    assert body_lines[-1].text.endswith("字")
    # the body fills the last line of the frame: the sign-off has no line left
    page = _fills(tmp_path, n, "（完）")
    # the sign-off's three characters, on the article's one frame
    assert [{k: o[k] for k in ("article", "characters_left", "lines_left", "block", "frame")} for o in page.overflow] == [
        {"article": "a1", "characters_left": 3, "lines_left": 1, "block": 0, "frame": 0}]
    assert not [ln for ln in page.lines if ln.kind == "signoff"]
