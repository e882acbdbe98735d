"""Checks beyond types: the grid, overlaps, page numbers, references, files."""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from ..messages import Msg, Names
from .geometry import Rect
from .load import IssueData, PageData, not_a_file, refuse_path
from .marks import unbalanced_mark
from .problems import Problem, named_chars
from .types import Advert, Article, Continuation, Guide, Image, Masthead, Photo, Rule

# Blocks whose areas must not overlap each other (rules and boxes may).
_SOLID = (Masthead, Article, Continuation, Photo, Guide, Image, Advert)


def _solid_rects(pd: PageData) -> list[tuple[str, Rect]]:
    """(place, rect) for every area a solid block occupies on the page."""
    geo = pd.geometry
    out = []
    for i, b in enumerate(pd.page.blocks):
        if isinstance(b, (Article, Continuation)):
            if b.head.frame is not None:
                out.append((f"blocks[{i}].head.frame", geo.frame_rect(b.head.frame)))
            for j, f in enumerate(b.frames):
                out.append((f"blocks[{i}].frames[{j}]", geo.frame_rect(f)))
        elif isinstance(b, _SOLID):
            out.append((f"blocks[{i}].frame", geo.frame_rect(b.frame)))
    return out


def _overlap(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0.01 and h > 0.01 else 0.0


def _frames(b) -> Iterable[tuple[str, object]]:
    if isinstance(b, (Article, Continuation)):
        if b.head.frame is not None:
            yield "head.frame", b.head.frame
        for j, f in enumerate(b.frames):
            yield f"frames[{j}]", f
    elif hasattr(b, "frame"):
        yield "frame", b.frame


def check_issue(data: IssueData, missing_chars: Callable[[str], str] | None = None) -> list[Problem]:
    """Every problem of the issue: those found while loading, then these checks.

    ``missing_chars(text)`` returns the characters of ``text`` that the
    bundled fonts cannot show; it is passed in so that this module needs no
    font code.
    """
    problems = list(data.problems)
    issue = data.issue
    if issue is None or not data.pages:
        if not any(p.severity == "error" for p in problems):
            problems.append(Problem(data.issue_file, "", Msg("the issue has no pages")))
        return problems
    ifile = data.issue_file

    # page numbers: 1..N, unique, N == page_count
    numbers = Counter(pd.page.number for pd in data.pages)
    for n, c in sorted(numbers.items()):
        if c > 1:
            files = Names((pd.file for pd in data.pages if pd.page.number == n), quote="")
            problems.append(Problem(ifile, "page_count", Msg("page {number} is described {times} times ({files})",
                                                             number=n, times=c, files=files)))
    if "page_count" not in data.placeholders:  # a wrong page_count is reported already
        count = issue.page_count
        for n in range(1, count + 1):
            # a page whose file has errors is reported there, not as missing
            if n not in numbers and n not in data.broken_pages:
                problems.append(Problem(ifile, "page_count", Msg("page {number} is missing: the issue states {count} page{s}",
                                                                 number=n, count=count, s="s" if count != 1 else "")))
        for pd in data.pages:
            if pd.page.number > count:
                problems.append(Problem(pd.file, "number", Msg("page {number} is beyond the issue's page_count of {count}",
                                                               number=pd.page.number, count=count)))

    # ids
    ids: dict[str, str] = {}
    articles: dict[str, tuple[PageData, Article]] = {}
    for pd in data.pages:
        for i, b in enumerate(pd.page.blocks):
            bid = getattr(b, "id", None)
            if bid is None:
                continue
            if bid in ids:
                problems.append(Problem(pd.file, f"blocks[{i}].id",
                                        Msg("duplicate id '{id}' (also used in {file})", id=bid, file=ids[bid])))
            else:
                ids[bid] = pd.file
            if isinstance(b, Article):
                articles.setdefault(bid, (pd, b))

    pages_by_number = {pd.page.number: pd for pd in data.pages}
    continued_in: dict[str, str] = {}  # article id -> place of its first continuation block
    # pages that exist but did not load: references to them are not errors of
    # their own, and an article looked for may be on them
    broken = data.broken_pages
    broken_files = Names(sorted(set(broken.values())), quote="")

    def no_article(article: str) -> Msg:
        if broken:
            return Msg("no article '{id}' in the issue (it may be in {files}, which has errors)", id=article, files=broken_files)
        return Msg("no article '{id}' in the issue", id=article)

    for pd in data.pages:
        geo = pd.geometry
        f = pd.file
        if geo.type_width_pt <= 0 or geo.type_height_pt <= 0:
            problems.append(Problem(f, "margins", Msg("the margins leave no type area on the page")))
        # frames inside the grid
        for i, b in enumerate(pd.page.blocks):
            if isinstance(b, Rule):
                why = geo.rule_fits(b)
                if why:
                    problems.append(Problem(f, f"blocks[{i}]", why))
                continue
            for where, frame in _frames(b):
                why = geo.frame_fits(frame)
                if why:
                    problems.append(Problem(f, f"blocks[{i}].{where}", Msg("frame outside the grid: {why}", why=why)))
        # overlaps
        rects = _solid_rects(pd)
        for a in range(len(rects)):
            for b in range(a + 1, len(rects)):
                if _overlap(rects[a][1], rects[b][1]) > 0:
                    problems.append(Problem(f, rects[b][0], Msg("overlaps {other}", other=rects[a][0])))
        # references
        for i, b in enumerate(pd.page.blocks):
            if isinstance(b, Article) and b.continued_on is not None:
                target = pages_by_number.get(b.continued_on)
                if target is None:
                    if b.continued_on not in broken:
                        problems.append(Problem(f, f"blocks[{i}].continued_on",
                                                Msg("page {number} does not exist", number=b.continued_on)))
                elif not any(isinstance(c, Continuation) and c.article == b.id for c in target.page.blocks):
                    problems.append(Problem(f, f"blocks[{i}].continued_on",
                                            Msg("page {number} has no continuation block for article '{id}'",
                                                number=b.continued_on, id=b.id)))
                elif b.continued_on == pd.page.number:
                    problems.append(Problem(f, f"blocks[{i}].continued_on", Msg("an article cannot continue on its own page")))
            elif isinstance(b, Continuation):
                src = articles.get(b.article)
                if b.article in continued_in:
                    problems.append(Problem(f, f"blocks[{i}].article", Msg("article '{id}' already continues in {place}",
                                                                           id=b.article, place=continued_in[b.article])))
                elif src is None:
                    problems.append(Problem(f, f"blocks[{i}].article", no_article(b.article)))
                elif src[1].continued_on != pd.page.number:
                    problems.append(Problem(f, f"blocks[{i}].article",
                                            Msg("article '{id}' (page {page}) does not say continued_on = {number}",
                                                id=b.article, page=src[0].page.number, number=pd.page.number)))
                continued_in.setdefault(b.article, f"{f} blocks[{i}]")
            elif isinstance(b, Guide):
                for j, e in enumerate(b.entries):
                    if e.page not in pages_by_number and e.page not in broken:
                        problems.append(Problem(f, f"blocks[{i}].entries[{j}].page",
                                                Msg("page {number} does not exist", number=e.page)))
                    if e.article is not None:
                        src = articles.get(e.article)
                        if src is None:
                            problems.append(Problem(f, f"blocks[{i}].entries[{j}].article", no_article(e.article)))
                        elif src[0].page.number != e.page:
                            problems.append(Problem(f, f"blocks[{i}].entries[{j}].article",
                                                    Msg("article '{id}' is on page {page}, not {number}",
                                                        id=e.article, page=src[0].page.number, number=e.page)))
            elif isinstance(b, Photo) and b.article is not None and b.article not in articles:
                problems.append(Problem(f, f"blocks[{i}].article", no_article(b.article)))
            # image files
            image = getattr(b, "image", None)
            if isinstance(b, (Photo, Image, Advert)) and image:
                refused = refuse_path(data.root, image)
                why = not_a_file(data.root / image) if not refused else None
                if refused:
                    problems.append(Problem(f, f"blocks[{i}].image", refused))
                elif why:
                    problems.append(Problem(f, f"blocks[{i}].image", Msg("the image file '{file}' {why}", file=image, why=why),
                                            code="image"))

    problems.extend(_mark_problems(data))
    if missing_chars is not None:
        for pd, i, where, text in issue_texts(data):
            missing = missing_chars(text)
            if missing:
                problems.append(Problem(pd.file if pd else ifile, where,
                                        Msg("characters not in the bundled fonts: {chars}", chars=named_chars(missing))))
    return problems


_MARKED_FIELDS = ("kicker", "headline", "subtitle", "byline", "signoff", "caption", "credit", "label", "title", "text")


def _mark_problems(data: IssueData) -> list[Problem]:
    """No-break marks that do not pair up, in a descriptor field or an article's text file."""
    out = []
    for pd in data.pages:
        for i, b in enumerate(pd.page.blocks):
            for name in _MARKED_FIELDS:
                v = getattr(b, name, None)
                bad = unbalanced_mark(v) if isinstance(v, str) else None
                if bad:
                    out.append(Problem(pd.file, f"blocks[{i}].{name}", bad[1]))
            if isinstance(b, Guide):
                for j, e in enumerate(b.entries):
                    bad = unbalanced_mark(e.title)
                    if bad:
                        out.append(Problem(pd.file, f"blocks[{i}].entries[{j}].title", bad[1]))
            if isinstance(b, Article) and b.text_file and b.id in data.texts:
                text = data.texts[b.id]
                bad = unbalanced_mark(text)
                if bad:
                    line = text.count("\n", 0, bad[0]) + 1
                    out.append(Problem(b.text_file, Msg("line {line}", line=line), bad[1]))
    return out


def issue_texts(data: IssueData):
    """(page, block index, field path, text) for every text the issue prints."""
    issue = data.issue
    head = [issue.paper, issue.paper_en, issue.weekday_text, issue.cn_number, issue.postal_code,
            issue.supervisor, issue.publisher, issue.website]
    yield None, None, "", "".join(t for t in head if t)
    for pd in data.pages:
        page_bits = [pd.page.section]
        if pd.page.editors:
            page_bits += [pd.page.editors.responsible or "", pd.page.editors.art or "", pd.page.editors.proof or ""]
        yield pd, None, "section", "".join(page_bits)
        for i, b in enumerate(pd.page.blocks):
            parts = []
            for name in ("kicker", "headline", "subtitle", "byline", "signoff", "caption", "credit", "label", "title", "advertiser", "text"):
                v = getattr(b, name, None)
                if isinstance(v, str):
                    parts.append(v)
            if isinstance(b, Guide):
                parts += [e.title for e in b.entries]
            if isinstance(b, Article) and b.id in data.texts:
                parts.append(data.texts[b.id])
            if parts:
                yield pd, i, f"blocks[{i}]", "".join(parts)
