"""The articles of a package: as its METS gives them, else one a text block.

A METS's articles (``MetsArticles``) are listed when the package opens,
with the pages their areas name; the words of each (its spans, headline
and text) are read with the ALTO files of its pages when first asked for.
Without articles in the METS (NDNP, ALTO files alone), each text block with
words is an article of its own (``BlockArticles``), made when its page is
read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..messages import Msg
from ..model.geometry import union
from ..model.problems import Problem
from .alto import MAX_PAGE_UNITS, parse_points
from .mets import MetsArea, MetsArticle, MetsIssue, file_kind
from .model import Block, Once, Point, Rect, ScannedArticle, Span
from .xmlsafe import shown

if TYPE_CHECKING:
    from .package import PackagePage

# a METS area's COORDS are pixels of the page's image: no more than a page's in pixels
_COORDS_LIMIT = MAX_PAGE_UNITS["pixel"]


@dataclass
class _Selection:
    """What one METS area names on its page."""

    page: int
    segments: list[tuple[int, int, int, int]] = field(default_factory=list)  # (block, line, first, end)
    blocks: list[int] = field(default_factory=list)  # blocks named whole (text or not)
    regions: list[tuple[Point, ...]] = field(default_factory=list)


@dataclass
class _Article:
    """An article of the METS: what the issue lists, and its problems."""

    mets: MetsArticle
    pages: tuple[int, ...]  # those its areas name, in reading order
    found: list[Problem]  # the METS's problems of its areas; once its words are read, all of them, in order
    value: ScannedArticle | None = None

    def problems(self) -> list[Problem]:
        return self.found


class MetsArticles:
    """The articles of a METS, over the pages that were opened
    (``page_of_file``: METS file ID -> its page). ``tell`` is given each
    article's record, in order, to tell its problems among the issue's."""

    def __init__(self, mets: MetsIssue, page_of_file: dict[str, PackagePage],
                 tell: Callable[[_Article], None]):
        self.mets = mets
        self.page_of_file = page_of_file
        self.records = [self._article(art, tell) for art in mets.articles]
        self._by_id: dict[str, _Article] = {}
        self._on_page: dict[int, list[int]] = {}  # page -> indexes of the articles on it
        for i, a in enumerate(self.records):
            self._by_id.setdefault(a.value.id, a)
            for n in a.pages:
                self._on_page.setdefault(n, []).append(i)

    def all(self) -> list[ScannedArticle]:
        return [a.value for a in self.records if not a.value.empty]

    def on(self, numbers: set[int]) -> list[ScannedArticle]:
        found = sorted({i for n in numbers for i in self._on_page.get(n, ())})
        return [a.value for a in (self.records[i] for i in found) if not a.value.empty]

    def get(self, article_id: str) -> ScannedArticle | None:
        record = self._by_id.get(article_id)
        if record is None:
            return None
        record.value.spans  # its words read now: an article that names nothing is none
        return None if record.value.empty else record.value

    def linked_pages(self) -> list[tuple[int, ...]]:
        return [a.pages for a in self.records if len(a.pages) > 1]

    def load_all(self) -> None:
        for a in self.records:
            a.value.spans

    # ------------------------------------------------------------ reading them

    def _article(self, art: MetsArticle, tell: Callable[[_Article], None]) -> _Article:
        """The article as the METS alone gives it: its pages are those its
        areas name; its words are read when first asked for."""
        found_problems: list[Problem] = []
        pages: list[int] = []
        for _part, found in self._areas(art, found_problems):
            # the order of its spans (_words): the areas naming words, then those that give only a shape
            on_words = [page.number for page, _area, poly in found if poly is None]
            for n in [*on_words, *(page.number for page, _area, poly in found if poly is not None)]:
                if n not in pages:
                    pages.append(n)
        record = _Article(art, tuple(pages), found_problems)
        record.value = ScannedArticle.read_later(art.id, art.kind, record.pages, Once(lambda: self._words(record)))
        if not pages:
            record.value.spans  # nothing to read: made now, and known to be empty
        tell(record)
        return record

    def _areas(self, art: MetsArticle, problems: list[Problem]):
        """Each part of the article with the areas that can name something
        on a page that was opened, as (page, area, polygon); the polygon of
        an area that gives one, else None (an area naming ALTO ids)."""
        mets = self.mets
        for part in art.parts:
            found = []
            for area in part.areas:
                page = self.page_of_file.get(area.file_id)
                if area.file_id not in mets.files:
                    problems.append(Problem(mets.file, Msg("line {line}", line=area.line),
                                            Msg("the area names file '{id}', which the fileSec does not list",
                                                id=area.file_id)))
                    continue
                if page is None:
                    continue  # its page was left out, and said so
                if area.shape in ("RECT", "POLY", "POLYGON") and area.coords:
                    poly = _shape(area.shape, area.coords, page.rect_scale)
                    if poly is False:
                        problems.append(Problem(mets.file, Msg("line {line}", line=area.line),
                                                Msg("area[@COORDS] is '{value}', which holds a number not from "
                                                    "{least:g} to {most:g} (pixel); the shape is not used",
                                                    value=shown(area.coords), least=-_COORDS_LIMIT,
                                                    most=_COORDS_LIMIT)))
                        continue
                    if poly:
                        found.append((page, area, poly))
                    continue
                if not area.begin or file_kind(mets.files[area.file_id]) != "alto":
                    continue
                found.append((page, area, None))
            yield part, found

    def _words(self, record: _Article) -> tuple[str, tuple[Span, ...], str]:
        """An article's headline, spans and text, from the ALTO files of its
        pages; its problems are told in its place among the issue's."""
        art = record.mets
        problems: list[Problem] = []
        spans: list[dict] = []
        paragraphs: list[str] = []
        heading_text: dict[str, str] = {}
        first_line = ""
        for part, found in self._areas(art, problems):
            rects: dict[int, list[tuple[Point, ...]]] = {}
            sels: list[tuple[PackagePage, _Selection]] = []
            for page, area, poly in found:
                if not page.readable():
                    continue  # its ALTO file cannot be read, and that is said
                if poly is not None:
                    rects.setdefault(page.number, []).append(poly)
                    continue
                sel = self._select(page, area, problems)
                if sel is not None:
                    sels.append((page, sel))
            role = part.role
            part_text = []
            for page, sel in sels:
                regions = rects.pop(page.number, None) or sel.regions
                _add_span(spans, page.number, role, sel, regions)
                paragraphs += _paragraphs(page.blocks, sel.segments)
                part_text.append(_line_text(page.blocks, sel.segments))
                if not first_line and sel.segments:
                    first_line = _line_text(page.blocks, sel.segments[:1])
            for key in ("TITLE", "HEADING", "HEADLINE"):
                if key in part.path and key not in heading_text and any(part_text):
                    heading_text[key] = " ".join(part_text)
            for number, polys in rects.items():  # rectangles with no words named beside them
                _add_span(spans, number, role, _Selection(number), polys)
        record.found = problems
        text = "\n\n".join(p for p in paragraphs if p)
        headline = next((heading_text[k] for k in ("TITLE", "HEADING", "HEADLINE") if heading_text.get(k)), None)
        headline = headline or art.title or first_line
        return (_squash(headline),
                tuple(Span(s["page"], s["role"], tuple(s["lines"]), tuple(s["regions"]), tuple(s["blocks"]))
                      for s in spans), text)

    def _select(self, page: PackagePage, area: MetsArea, problems: list[Problem]) -> _Selection | None:
        mets_file = self.mets.file
        ids = page.ids()
        first = ids.get(area.begin)
        last = ids.get(area.end) if area.end else first
        missing = [n for n, t in ((area.begin, first), (area.end, last)) if n and t is None]
        if missing:
            problems.append(Problem(mets_file, Msg("line {line}", line=area.line),
                                    Msg("the area names '{id}', which is not in {file}", id=missing[0],
                                        file=page.alto_rel)))
            return None
        sel = _Selection(page.number)
        blocks = page.blocks
        if area.end in (None, area.begin):
            if first[0] == "blocks":
                for bi in first[1]:
                    b = blocks[bi]
                    sel.blocks.append(bi)
                    sel.regions.append(b.polygon or _rect_polygon(b.box))
                    sel.segments += [(bi, li, 0, len(ln.words)) for li, ln in enumerate(b.lines)]
                return sel
            if first[0] == "line":
                _, bi, li = first
                sel.segments.append((bi, li, 0, len(blocks[bi].lines[li].words)))
            else:
                _, bi, li, wi = first
                sel.segments.append((bi, li, wi, wi + 1))
        else:
            start = _end_word(first, page, last=False)
            end = _end_word(last, page, last=True)
            if start is None or end is None or end < start:
                problems.append(Problem(mets_file, Msg("line {line}", line=area.line),
                                        Msg("the area's range '{first}'…'{last}' names no words of {file}",
                                            first=area.begin, last=area.end, file=page.alto_rel)))
                return None
            lines, starts, _order = page.line_index()
            for k in range(bisect_right(starts, start) - 1, len(lines)):
                bi, li, n = lines[k]
                if starts[k] > end:
                    break
                w0, w1 = max(start - starts[k], 0), min(end - starts[k] + 1, n)
                if w0 < w1:
                    sel.segments.append((bi, li, w0, w1))
        # a part of a block: the box around its words, block by block
        by_block: dict[int, list[Rect]] = {}
        for bi, li, w0, w1 in sel.segments:
            by_block.setdefault(bi, []).extend(w.box for w in blocks[bi].lines[li].words[w0:w1])
        sel.regions += [_rect_polygon(union(boxes)) for boxes in by_block.values() if boxes]
        return sel


# ---------------------------------------------------------------- helpers


def _rect_polygon(box: Rect) -> tuple[Point, ...]:
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _shape(shape: str, coords: str, scale: tuple[float, float]) -> tuple[Point, ...] | None | Literal[False]:
    """The polygon, in points, of an area's COORDS (pixels of the page's
    image); None when they make none, False when a number is out of range."""
    if shape == "RECT":
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", coords)]
        if len(nums) != 4:
            return None
        if not all(-_COORDS_LIMIT <= n <= _COORDS_LIMIT for n in nums):
            return False
        x0, y0, x1, y1 = nums
        return _rect_polygon((x0 * scale[0], y0 * scale[1], x1 * scale[0], y1 * scale[1]))
    return parse_points(coords, scale[0], scale[1], _COORDS_LIMIT)


def _end_word(target: tuple, page: PackagePage, last: bool) -> int | None:
    """The position, among the page's words, of the first (or last) word
    that an ALTO ID names."""
    if target[0] == "word":
        return page.position(*target[1:])
    spots = [target[1:]] if target[0] == "line" else [(bi, li) for bi in target[1]
                                                        for li in range(len(page.blocks[bi].lines))]
    for bi, li in (reversed(spots) if last else spots):
        n = len(page.blocks[bi].lines[li].words)
        if n:
            return page.position(bi, li, n - 1 if last else 0)
    return None


def _add_span(spans: list[dict], page: int, role: str, sel: _Selection, regions) -> None:
    if spans and spans[-1]["page"] == page and spans[-1]["role"] == role:
        s = spans[-1]
    else:
        s = {"page": page, "role": role, "lines": [], "regions": [], "blocks": []}
        spans.append(s)
    s["lines"] += sel.segments
    s["regions"] += [r for r in regions if r not in s["regions"]]
    s["blocks"] += [b for b in sel.blocks if b not in s["blocks"]]


_HYPHENS = "-¬\u00ad\u2010\u2011\u2E17="


def _segment_words(blocks, segments):
    """(word, line end, line hyphen) for the words of ``segments`` in order."""
    for bi, li, w0, w1 in segments:
        line = blocks[bi].lines[li]
        words = line.words[w0:w1]
        for k, w in enumerate(words):
            at_end = w0 + k == len(line.words) - 1
            yield w, at_end, line.hyphen if at_end else None


def join_words(items) -> str:
    """Words of consecutive lines as running text: joined with spaces, a
    word broken at a line end rejoined (its SUBS_CONTENT when the file gives
    one, else the two parts without the hyphen)."""
    out: list[str] = []
    pending: str | None = None  # the first part of a broken word, waiting for its second
    skip_second = False
    for w, at_end, hyphen in items:
        if pending is not None:
            if skip_second and w.hyphen_part == 2:
                out.append(pending)
            else:
                out.append(pending + w.text)
            pending, skip_second = None, False
            continue
        if at_end and (w.hyphen_part == 1 or hyphen):
            if w.full_word:
                pending, skip_second = w.full_word, True
            else:
                pending, skip_second = w.text.rstrip(_HYPHENS), False
            continue
        out.append(w.text)
    if pending is not None:
        out.append(pending)
    return " ".join(t for t in out if t)


def _paragraphs(blocks, segments) -> list[str]:
    """One paragraph a block, in the order the segments give."""
    out: list[str] = []
    run: list = []
    for seg in segments:
        if run and run[-1][0] != seg[0]:
            out.append(join_words(_segment_words(blocks, run)))
            run = []
        run.append(seg)
    if run:
        out.append(join_words(_segment_words(blocks, run)))
    return [p for p in out if p]


def _line_text(blocks, segments) -> str:
    return join_words(_segment_words(blocks, segments))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _block_texts(blocks: tuple[Block, ...]) -> list[tuple[int, tuple, str, str, tuple[Point, ...], str]]:
    """What each text block with words makes of an article, in the ALTO
    file's order, page numbers aside: (index, lines, headline, text,
    region, id: its ID when the page does not repeat it, else "")."""
    seen = Counter(b.id for b in blocks if b.id)
    out = []
    for bi, b in enumerate(blocks):
        if b.kind != "text" or not any(ln.words for ln in b.lines):
            continue
        segments = [(bi, li, 0, len(ln.words)) for li, ln in enumerate(b.lines)]
        text = join_words(_segment_words(blocks, segments))
        first = next(li for li, ln in enumerate(b.lines) if ln.words)
        headline = join_words(_segment_words(blocks, [segments[first]]))
        unique = b.id if b.id and seen[b.id] == 1 else ""
        out.append((bi, tuple(segments), _squash(headline), text, b.polygon or _rect_polygon(b.box), unique))
    return out


def _block_articles(page: PackagePage, several_pages: bool, texts) -> list[ScannedArticle]:
    """Without METS articles: each text block with words is an article of
    its own, in the ALTO file's order (``texts``: ``_block_texts`` of the
    page's blocks). Its id is the block's ID; in an issue of several pages
    (NDNP numbers every page's blocks from TB1), and for a block without an
    ID or with one its page repeats, it is "p<page>:<ID>" or
    "p<page>:b<index>": ids apart, and known without reading the other
    pages."""
    blocks = page.blocks
    out = []
    for bi, segments, headline, text, region, unique in texts:
        span = Span(page.number, "", segments, (region,), (bi,))
        b = blocks[bi]
        aid = unique if unique and not several_pages else f"p{page.number}:{b.id or f'b{bi + 1}'}"
        out.append(ScannedArticle(aid, "block", headline, (span,), text))
    return out


class BlockArticles:
    """The articles of an issue whose METS gives none: each page's text
    blocks, made when the page is first asked for its articles."""

    def __init__(self, pages: list[PackagePage]):
        self.pages = pages
        self.several_pages = len(pages) > 1
        self._of: dict[int, Once[list[ScannedArticle]]] = {
            p.number: Once(lambda p=p: _block_articles(p, self.several_pages, self._texts(p.blocks)))
            for p in pages}
        # pages that name one ALTO file share its blocks, and the text made of them
        self._made: dict[int, tuple[tuple[Block, ...], Once[list]]] = {}

    def _on(self, page: PackagePage) -> list[ScannedArticle]:
        return self._of[page.number].get()

    def _texts(self, blocks: tuple[Block, ...]) -> list:
        made = self._made.get(id(blocks))
        if made is None:  # the blocks are kept beside their id: it stays theirs
            made = self._made.setdefault(id(blocks), (blocks, Once(lambda: _block_texts(blocks))))
        return made[1].get()

    def all(self) -> list[ScannedArticle]:
        return [a for p in self.pages for a in self._on(p)]

    def on(self, numbers: set[int]) -> list[ScannedArticle]:
        return [a for p in self.pages if p.number in numbers for a in self._on(p)]

    def get(self, article_id: str) -> ScannedArticle | None:
        # a block's article id names its page, unless the issue has one page (_block_articles)
        m = re.match(r"p(\d+):", article_id)
        pages = [p for p in self.pages if not self.several_pages or (m and p.number == int(m.group(1)))]
        return next((a for p in pages for a in self._on(p) if a.id == article_id), None)

    def linked_pages(self) -> list[tuple[int, ...]]:
        return []  # a text block is on one page

    def load_all(self) -> None:
        pass  # the pages are read by the package
