"""Search the set text of an issue and find the exact glyphs of each hit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import metrics
from .values import IssueLayout, PageLayout, Rect, TextLine


def char_boxes(line: TextLine) -> list[tuple[str, Rect]]:
    """Each glyph of a line with its box, in reading order (the order of ``line.text``)."""
    m = metrics()
    items = []
    y0, y1 = line.bbox[1], line.bbox[3]
    for run in line.runs:
        for ch, (x, y) in zip(run.text, run.positions):
            _, adv = m.glyph(run.role, ch)
            if run.angle:  # a Latin run turned in a vertical line: it advances downwards
                items.append((y, ch, (x - 0.12 * run.size_pt, y, x + 0.88 * run.size_pt, y + adv * run.size_pt)))
            elif line.vertical:
                items.append((y, ch, (x, y - 0.88 * run.size_pt, x + adv * run.size_pt, y + 0.12 * run.size_pt)))
            else:
                items.append((x, ch, (x, y0, x + adv * run.size_pt * run.x_scale, y1)))
    items.sort(key=lambda t: t[0])
    return [(ch, box) for _, ch, box in items]


@dataclass(frozen=True)
class Hit:
    page: int
    article: str | None
    headline: str
    line: int  # index into PageLayout.lines of the hit's first line
    rects: tuple[Rect, ...]  # the hit's glyph boxes, merged per line
    context: str  # the hit with some text around it


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _gaps(line: TextLine, chars: list[str]) -> list[bool]:
    """For each glyph of a line (``chars``, in reading order), whether the
    line's text has white space before it: the words of a Latin line, for a
    result's context (the match itself ignores white space)."""
    text = line.text
    out, pos = [], 0
    for ch in chars:
        gap = False
        while pos < len(text) and text[pos] != ch:
            if not text[pos].isspace():
                return [False] * len(chars)  # the text is not in glyph order: no spaces known
            gap = True
            pos += 1
        out.append(gap and bool(out))
        pos += 1
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum() or "\u00c0" <= ch <= "\u024f"


def search_page(page: PageLayout, query: str, context: int = 12) -> list[Hit]:
    """Hits on one page. A hit may run across line ends within an article's
    body; matching ignores white space."""
    q = _norm(query)
    if not q:
        return []
    out: list[Hit] = []
    headlines = {a.id: a.headline for a in page.articles}
    # stream the page's lines in order, grouped by article (None: other text)
    groups: dict[str | None, list[int]] = {}
    for art in page.articles:
        groups.setdefault(art.id, []).extend(art.lines)
    in_articles = {i for idx in groups.values() for i in idx}
    groups[None] = [i for i in range(len(page.lines)) if i not in in_articles]
    for aid, idxs in groups.items():
        if aid is None:
            streams = [[i] for i in idxs]  # loose lines: each on its own
        else:
            streams = [idxs]
        for stream in streams:
            chars: list[tuple[str, int, Rect]] = []
            gaps: list[bool] = []
            for li in stream:
                line_chars = [(c, box) for c, box in char_boxes(page.lines[li])
                              if not c.isspace()]  # the text's spaces: matching ignores white space
                line_gaps = _gaps(page.lines[li], [c for c, _ in line_chars])
                if line_chars and chars and _latin(chars[-1][0]) and _latin(line_chars[0][0]):
                    line_gaps[0] = True  # Latin words at the end and start of two lines
                for (ch, box), gap in zip(line_chars, line_gaps):
                    chars.append((ch, li, box))
                    gaps.append(gap)
            text = "".join(c for c, _, _ in chars)
            start = 0
            while True:
                k = text.find(q, start)
                if k < 0:
                    break
                span = chars[k:k + len(q)]
                rects: list[Rect] = []
                cur_line = None
                for _, li, box in span:
                    if li == cur_line and rects:
                        r = rects[-1]
                        rects[-1] = (min(r[0], box[0]), min(r[1], box[1]), max(r[2], box[2]), max(r[3], box[3]))
                    else:
                        rects.append(box)
                        cur_line = li
                a, b = max(0, k - context), min(len(text), k + len(q) + context)
                ctx = "".join((" " + text[i]) if gaps[i] and i > a else text[i] for i in range(a, b))
                out.append(Hit(page.number, aid, headlines.get(aid, ""), span[0][1], tuple(rects), ctx))
                start = k + len(q)
    out.sort(key=lambda h: (h.line, h.rects[0][1], h.rects[0][0]))
    return out


def search_issue(layout: IssueLayout, query: str) -> list[Hit]:
    """Hits across the whole issue, page by page."""
    hits: list[Hit] = []
    for page in layout.pages:
        hits.extend(search_page(page, query))
    return hits
