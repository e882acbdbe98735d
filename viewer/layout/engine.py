"""The layout engine: a loaded issue in, frozen page layouts out.

Articles are measured and split through their frames in reading order, like
platypus' wrap/split: what does not fit a frame goes to the next one, and
what does not fit the page goes to the continuation block on another page,
with jump lines (下转/上接) naming the real pages. Where paragraphs fall in
the columns is chosen for the whole article at once, so that no paragraph
leaves its last line alone at a column's top or its first at a column's foot.
Rules, photos and boxes keep half a grid line of white from body text.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from ..model.geometry import PageGeometry, mm, union
from ..model.load import IssueData, PageData, _inside
from ..model.types import Advert, Article, Box, Continuation, Frame, Guide, Head, Image, Masthead, Photo, Rule
from . import images
from .fit import ink_box, overprints, page_fit_problems
from .setting import RunBuilder, baseline_in, place_set_line, place_vertical_column, set_simple
from .text import (FULL_WIDTH, OPEN, ParagraphOption, Tokens, balanced_breaks, best_breaks, justify, natural_width,
                   paragraph_options, plain, tokenize, vertical_extents)
from .values import (ArticleLayout, ArticleOnPage, BoxItem, ImageItem, IssueLayout, LinkItem, PageLayout, Rect, Region,
                     RuleItem, TextLine)

RED = "#B0191E"
INDENT_EM = 2.0
CLEARANCE_LINES = 0.5  # white between body text and photos, captions, rules and box edges, on the ink
CAPTION_GAP_LINES = 0.35  # between a photo and its caption
RULE_HEAD_GAP_LINES = 0.35  # between a rule and a headline group it runs along
# costs of where paragraphs fall in the columns (see text.py for the costs within a paragraph)
COST_WIDOW = 6000.0  # a paragraph's last line alone at the top of a column
COST_ORPHAN = 6000.0  # a paragraph's first line alone at the foot of a column
COST_OVERFLOW = 1e7  # each line that does not fit
COST_UNDERSET = 1200.0  # each empty line at the end of the article, up to UNDERSET_FILL_LINES of them
UNDERSET_FILL_LINES = 3  # an article shorter than its frames by more is left as it is


@dataclass(frozen=True)
class Slot:
    """Room for one body line."""

    page: int
    x: float
    top: float
    width: float
    block: int | None = None  # the block whose frame holds it
    frame: int = 0  # that frame's index in the block's frames


@dataclass
class PageBuild:
    """A page's items while it is being built."""

    pd: PageData
    lines: list[TextLine] = field(default_factory=list)
    rules: list[RuleItem] = field(default_factory=list)
    boxes: list[BoxItem] = field(default_factory=list)
    images: list[ImageItem] = field(default_factory=list)
    links: list[LinkItem] = field(default_factory=list)
    articles: list[tuple[str, str, list[Rect], list[int], bool]] = field(default_factory=list)
    overflow: list[dict] = field(default_factory=list)
    underset: list[dict] = field(default_factory=list)
    misfits: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    marks: list[Rect] = field(default_factory=list)
    block: int | None = None  # the block being laid out
    body: list[tuple[int, int, float, float, float, float]] = field(default_factory=list)  # body columns: block, frame, x, width, first top, bottom
    blocked: set[tuple[int, int]] = field(default_factory=set)  # body slots (x, top, rounded) kept empty

    def add(self, line: TextLine | None) -> int | None:
        if line is None:
            return None
        if line.block is None and self.block is not None:
            line = dataclasses.replace(line, block=self.block)
        self.lines.append(line)
        return len(self.lines) - 1

    @property
    def clearance(self) -> float:
        return self.pd.geometry.pitch_pt * CLEARANCE_LINES

    @property
    def ink_gap(self) -> float:
        """The white between a body line's ink (its em box) and the edge of its grid line."""
        geo = self.pd.geometry
        return max(0.0, (geo.pitch_pt - geo.body_size_pt) / 2)

    def body_ink_above(self, x0: float, x1: float, y: float) -> float | None:
        """The ink bottom of body text whose column ends at ``y`` over [x0, x1]."""
        pitch = self.pd.geometry.pitch_pt
        found = None
        for _, _, cx, cw, _, bottom in self.body:
            if min(x1, cx + cw) - max(x0, cx) > 1 and y - pitch < bottom <= y + 0.5:
                ink = bottom - self.ink_gap
                found = ink if found is None else max(found, ink)
        return found

    def body_ink_below(self, x0: float, x1: float, y: float) -> float | None:
        """The ink top of body text whose column starts at ``y`` over [x0, x1]."""
        pitch = self.pd.geometry.pitch_pt
        found = None
        for _, _, cx, cw, top, _ in self.body:
            if min(x1, cx + cw) - max(x0, cx) > 1 and y - 0.5 <= top < y + pitch:
                ink = top + self.ink_gap
                found = ink if found is None else min(found, ink)
        return found

    def clear_of_body(self, rect: Rect, top: bool = True, bottom: bool = True) -> Rect:
        """``rect`` with its top and bottom moved in where body text above or
        below would come nearer than the clearance."""
        x0, y0, x1, y1 = rect
        if top:
            above = self.body_ink_above(x0, x1, y0)
            if above is not None:
                y0 = max(y0, above + self.clearance)
        if bottom:
            below = self.body_ink_below(x0, x1, y1)
            if below is not None:
                y1 = min(y1, below - self.clearance)
        return (x0, y0, x1, max(y1, y0))


def dateline_gap(byline: str) -> str:
    """What separates a byline from the text after it: nothing after a
    closing bracket (本报讯（记者 张伟）12月…), an ideographic space after a
    bare dateline (本报讯 12月22日…) or name (本报记者 {陈思远}: the
    no-break mark is not a bracket)."""
    return "" if plain(byline).strip().endswith(("）", ")", "】")) else "\u3000"


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; single newlines join."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        para = "".join(part.strip() for part in block.split("\n"))
        if para:
            out.append(para)
    return out


# ------------------------------------------------------------ headlines


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _part_lines(text: str, role: str, size: float, width: float):
    """Tokens and balanced line breaks of a headline part."""
    out = []
    for piece in _pieces(text):
        tk = tokenize([(piece, role)])
        for a, b in balanced_breaks(tk, width / size):
            out.append((tk, a, b))
    return out


def _grid_lines(size: float, pitch: float, factor: float = 1.2) -> int:
    return max(1, math.ceil(size * factor / pitch - 1e-6))


def head_parts(head: Head, kicker: str | None, headline: str, subtitle: str | None):
    """(kind, role, size, text) of a headline group, top to bottom."""
    ks = head.kicker_size_pt or max(14.0, round(head.size_pt * 0.5))
    ss = head.subtitle_size_pt or ks
    role = "sans_bold" if head.face == "sans" else "serif_bold"
    parts = []
    if kicker:
        parts.append(("kicker", "sans", ks, kicker))
    parts.append(("headline", role, head.size_pt, headline))
    if subtitle:
        parts.append(("subtitle", "sans", ss, subtitle))
    return parts


def head_bands(parts, width: float, pitch: float):
    """Each part of a headline group broken into lines for ``width``:
    (kind, role, size, band height in points, [(tokens, start, end), ...])."""
    return [(kind, role, size, _grid_lines(size, pitch, 1.15 if kind == "headline" else 1.3) * pitch,
             _part_lines(text, role, size, width))
            for kind, role, size, text in parts]


def bands_height(bands) -> float:
    return sum(band * len(lines) for _, _, _, band, lines in bands)


def _bands_width(bands) -> float:
    """The widest line of a headline group, in points."""
    return max((_ragged_width(tk, a, b) * size for _, _, size, _, lines in bands for tk, a, b in lines), default=0.0)


def _ragged_width(tk: Tokens, a: int, b: int) -> float:
    """A ragged line's width in em: an opening mark at its start loses its blank half."""
    return natural_width(tk, a, b) - (0.5 if tk.kind[a] == OPEN and tk.width[a] >= 1.0 else 0.0)


def _aligned_top(y0: float, y1: float, height: float, valign: str) -> float:
    if valign == "top":
        return y0
    if valign == "bottom":
        return y1 - height
    return y0 + (y1 - y0 - height) / 2


def set_head_horizontal(pb: PageBuild, bands, rect: Rect, align: str, article: str | None, valign: str = "center") -> list[int]:
    x0, y0, x1, y1 = rect
    width = x1 - x0
    top = _aligned_top(y0, y1, bands_height(bands), valign)
    idx = []
    for kind, role, size, band, lines in bands:
        for tk, a, b in lines:
            sl = justify(tk, a, b, _ragged_width(tk, a, b), last=True, trim_start=True)
            nat = sl.width * size
            if align == "left":
                sx = x0
            elif align == "right":
                sx = x1 - nat
            else:
                sx = x0 + (width - nat) / 2
            rb = RunBuilder()
            place_set_line(rb, tk, sl, sx, baseline_in(top, band, size), size)
            i = pb.add(rb.line(pb.pd.page.number, kind, article, block=pb.block))
            if i is not None:
                idx.append(i)
            top += band
    return idx


VERTICAL_COLUMN_FACTOR = 1.3  # a vertical headline column's width, in type sizes
VERTICAL_COLUMN_GAP = 0.2  # between columns, in type sizes


def vertical_columns(parts, height: float):
    """A vertical headline group broken into columns of at most ``height``
    points, by the line rules: (kind, role, size, tokens, extents, start, end)."""
    columns = []
    for kind, role, size, text in parts:
        for piece in _pieces(text):
            tk = tokenize([(piece, role)])
            ext = vertical_extents(tk)
            # break by the heights the tokens take in a column: a copy of the
            # tokens whose widths are those heights, without horizontal glue
            vt = dataclasses.replace(tk, width=ext, gap_nat=[0.0] * len(tk))
            for a, b in balanced_breaks(vt, height / size):
                columns.append((kind, role, size, tk, ext, a, b))
    return columns


def set_head_vertical(pb: PageBuild, parts, rect: Rect, article: str | None, valign: str = "center") -> tuple[list[int], float, float]:
    """竖排: upright glyphs top to bottom, columns right to left; the kicker to
    the right of the headline, the subtitle to its left. The group is centred
    across the frame and placed along it by ``valign``. Returns the line
    indexes and the group's width and height in points."""
    x0, y0, x1, y1 = rect
    columns = vertical_columns(parts, y1 - y0)
    widths = [size * VERTICAL_COLUMN_FACTOR for _, _, size, *_ in columns]
    gaps = [size * VERTICAL_COLUMN_GAP for _, _, size, *_ in columns[1:]]
    group_w = sum(widths) + sum(gaps)
    group_h = max((sum(ext[a:b]) * size for _, _, size, _, ext, a, b in columns), default=0.0)
    top = _aligned_top(y0, y1, group_h, valign)
    x = x1 - max(0.0, (x1 - x0 - group_w) / 2)
    idx = []
    for n, (kind, role, size, tk, ext, a, b) in enumerate(columns):
        cx = x - widths[n] / 2
        rb = RunBuilder()
        place_vertical_column(rb, tk, a, b, ext, cx, top, size)
        text = "".join(tk.text[a:b])
        i = pb.add(rb.line(pb.pd.page.number, kind, article, vertical=True, text=text, block=pb.block))
        if i is not None:
            idx.append(i)
        x -= widths[n] + (gaps[n] if n < len(gaps) else 0.0)
    return idx, group_w, group_h


def head_skip(geo: PageGeometry, head: Head, kicker, headline: str, subtitle, first: Frame) -> int:
    """The grid lines a headline group without a frame of its own takes
    from the top of the first body frame."""
    if head.frame is not None:
        return 0
    fr = geo.frame_rect(first)
    parts = head_parts(head, kicker, headline, subtitle)
    if head.direction == "vertical":
        h = max((sum(ext[a:b]) * size for _, _, size, _, ext, a, b in vertical_columns(parts, fr[3] - fr[1])), default=0.0)
        return math.ceil(h / geo.pitch_pt - 1e-6) + 1
    return round(bands_height(head_bands(parts, fr[2] - fr[0], geo.pitch_pt)) / geo.pitch_pt) + 1


# ------------------------------------------------------------ body text


def frame_slots(geo: PageGeometry, page: int, frame: Frame, skip_lines: int = 0, block: int | None = None,
                index: int = 0) -> list[Slot]:
    x0, y0, x1, y1 = geo.frame_rect(frame)
    n_lines = int(round((y1 - y0) / geo.pitch_pt))
    slots = []
    for cx, cw in frame_columns(geo, frame):
        for ln in range(skip_lines, n_lines):
            slots.append(Slot(page, cx, y0 + ln * geo.pitch_pt, cw, block, index))
    return slots


def frame_columns(geo: PageGeometry, frame: Frame) -> list[tuple[float, float]]:
    """(x, width) of each text column of a body frame."""
    x0, _, x1, _ = geo.frame_rect(frame)
    if frame.on_grid:
        cols = frame.columns or frame.span
        if cols == frame.span:
            return [(geo.col_x(frame.col + c), geo.column_width_pt) for c in range(frame.span)]
    else:
        cols = frame.columns or 1
    w = (x1 - x0 - (cols - 1) * geo.gutter_pt) / cols
    return [(x0 + c * (w + geo.gutter_pt), w) for c in range(cols)]


@dataclass
class FlowResult:
    lines: list[TextLine]
    unused_tail: int  # empty slots at the end of the last part
    left_over: int  # characters that did not fit
    last_slot: Slot | None
    lines_left: int = 0  # lines that did not fit
    last_words: str = ""  # the last line that was set, when text did not fit


def _columns_edges(slots: list[Slot], pitch: float) -> tuple[list[bool], list[bool]]:
    """Whether each slot is the first, and whether it is the last, of its column."""
    n = len(slots)
    top = [True] * n
    foot = [True] * n
    for i in range(1, n):
        a, b = slots[i - 1], slots[i]
        if a.page == b.page and abs(a.x - b.x) < 0.01 and abs(a.top + pitch - b.top) < 0.01:
            top[i] = False
            foot[i - 1] = False
    return top, foot


def _paragraph_segments(article: Article, i: int, p: str):
    segs = []
    if i == 0 and article.byline:
        segs.append((article.byline.strip(), "serif_bold", "byline"))
        gap = dateline_gap(article.byline)
        if gap:
            segs.append((gap, "serif"))
    segs.append((p, "serif"))
    return segs


def plan_paragraphs(tks: list[Tokens], slots: list[Slot], body_size: float, pitch: float,
                    tail: int = 0) -> list[tuple[int, ParagraphOption]]:
    """Where each paragraph goes and how it is broken: (first slot, option)
    per paragraph, chosen for the article as a whole (total cost of the
    paragraphs' settings, widows, orphans, overflow and empty lines).
    ``tail``: slots needed after the last paragraph (a sign-off). When the
    text does not fit, settings far costlier than the best are tried too
    (squeezing marks, as 先挤进 does) before any line is left over."""
    plan = _plan(tks, slots, body_size, pitch, tail, 3000.0, 4)
    if plan and plan[-1][0] + len(plan[-1][1].lines) + tail > len(slots):
        wider = _plan(tks, slots, body_size, pitch, tail, 1e6, 8)
        if wider:
            plan = wider
    return plan


def _plan(tks: list[Tokens], slots: list[Slot], body_size: float, pitch: float, tail: int, spread: float,
          limit: int) -> list[tuple[int, ParagraphOption]]:
    n_slots = len(slots)
    widths = [s.width / body_size for s in slots] or [10.0]
    col_top, col_foot = _columns_edges(slots, pitch)
    uniform = len(set(widths)) == 1  # the usual case: one paragraph setting serves every start
    cache: dict[tuple, dict[int, ParagraphOption]] = {}
    lengths = [natural_width(tk) for tk in tks]

    def options(p: int, s: int) -> dict[int, ParagraphOption]:
        if uniform:
            key = (p,)
            ws = widths[:1]
        else:
            est = int(lengths[p] / max(1.0, min(widths[s:s + 4] or widths[-1:]))) + 3
            ws = widths[s:s + est] or widths[-1:]
            key = (p, tuple(ws))
        got = cache.get(key)
        if got is None:
            lw = [w - (INDENT_EM if i == 0 else 0.0) for i, w in enumerate(ws)] + ws[-1:]
            got = cache[key] = paragraph_options(tks[p], lw, spread, limit)
        return got

    states: dict[int, float] = {0: 0.0}
    back: list[dict[int, tuple[int, int]]] = []
    for p in range(len(tks)):
        new: dict[int, float] = {}
        choice: dict[int, tuple[int, int]] = {}
        for s, c0 in states.items():
            for n, opt in options(p, min(s, max(0, n_slots - 1))).items():
                e = s + n
                c = c0 + opt.cost
                if n >= 2 and e - 1 < n_slots and col_top[e - 1]:
                    c += COST_WIDOW
                if n >= 2 and s < n_slots and col_foot[s]:
                    c += COST_ORPHAN
                if e > n_slots:
                    c += COST_OVERFLOW * (e - max(s, n_slots))
                if c < new.get(e, float("inf")):
                    new[e] = c
                    choice[e] = (s, n)
        if new:
            floor = min(new.values())
            states = {e: c for e, c in new.items() if c <= floor + 20000.0}
        else:
            states = {}
        back.append(choice)
    if not states:
        return []
    # loosening fills a few empty lines at the end; an article far shorter keeps its natural setting
    end = min(states, key=lambda e: states[e] + COST_UNDERSET * min(UNDERSET_FILL_LINES, max(0, n_slots - e - tail))
              + COST_OVERFLOW * max(0, e + tail - n_slots))
    plan = []
    for p in range(len(tks) - 1, -1, -1):
        s, n = back[p][end]
        plan.append((s, options(p, min(s, max(0, n_slots - 1)))[n]))
        end = s
    plan.reverse()
    return plan


def flow_article(article: Article, text: str, parts: list[tuple[PageBuild, list[Slot]]], body_size: float,
                 pitch: float, style: str = FULL_WIDTH) -> FlowResult:
    """Set the body through the slots of each part; jump lines between parts."""
    paras = paragraphs(text)
    pages = [pb.pd.page.number for pb, _ in parts]
    # reserve jump lines: last slot of every part but the last, first slot of every part but the first
    queues: list[list[Slot]] = []
    jump_out: list[Slot | None] = []
    jump_in: list[Slot | None] = []
    for i, (pb, slots) in enumerate(parts):
        s = list(slots)
        jin = s.pop(0) if i > 0 and s else None
        jout = s.pop() if i < len(parts) - 1 and s else None
        queues.append(s)
        jump_in.append(jin)
        jump_out.append(jout)
    slots = [s for q in queues for s in q]
    n_slots = len(slots)

    tks = [tokenize(_paragraph_segments(article, i, p), style=style) for i, p in enumerate(paras)]
    plan = plan_paragraphs(tks, slots, body_size, pitch, tail=1 if article.signoff else 0)

    out: list[TextLine] = []
    left_over = 0
    lines_left = 0
    last_slot = None
    last_words = ""
    used = 0
    for tk, (s, opt) in zip(tks, plan):
        n = len(tk)
        for i, (a, b) in enumerate(opt.lines):
            k = s + i
            if k >= n_slots:
                if not left_over:
                    last_words = out[-1].text if out else ""
                left_over += sum(len(t) for t in tk.text[a:])
                lines_left += len(opt.lines) - i
                break
            slot = slots[k]
            indent = INDENT_EM * body_size if i == 0 else 0.0
            width_em = (slot.width - indent) / body_size
            sl = justify(tk, a, b, width_em, last=b >= n)
            rb = RunBuilder()
            place_set_line(rb, tk, sl, slot.x + indent, baseline_in(slot.top, pitch, body_size), body_size)
            ln = rb.line(slot.page, "body", article.id, block=slot.block)
            if ln is not None:
                out.append(ln)
            last_slot = slot
            used = k + 1
    if article.signoff:
        if used >= n_slots or left_over:
            left_over += len(plain(article.signoff))
            lines_left += 1
            if not last_words and out:
                last_words = out[-1].text
        else:
            slot = slots[used]
            ln = set_simple(slot.page, "signoff", "serif", body_size, plain(article.signoff), slot.x, slot.top, pitch,
                            width=slot.width, align="right", article=article.id, block=slot.block)
            out.append(ln)
            last_slot = slot
            used += 1
    # jump lines
    for i in range(len(parts)):
        if jump_out[i] is not None:
            s = jump_out[i]
            ln = set_simple(s.page, "jump", "sans_bold", body_size, f"（下转第{pages[i + 1]}版）", s.x, s.top, pitch,
                            width=s.width, align="right", article=article.id, block=s.block)
            out.append(ln)
        if jump_in[i] is not None:
            s = jump_in[i]
            ln = set_simple(s.page, "jump", "sans_bold", body_size, f"（上接第{pages[i - 1]}版）", s.x, s.top, pitch,
                            width=s.width, align="left", article=article.id, block=s.block)
            out.append(ln)
    unused = n_slots - used if not left_over else 0
    return FlowResult(out, unused, left_over, last_slot, lines_left, last_words)


# ------------------------------------------------------------ the engine


class Engine:
    def __init__(self, data: IssueData):
        self.data = data
        self.issue = data.issue
        self.builds: dict[int, PageBuild] = {pd.page.number: PageBuild(pd) for pd in data.pages}
        self.style = getattr(self.issue, "punctuation", FULL_WIDTH) if self.issue is not None else FULL_WIDTH

    # ---- helpers
    def rect(self, pb: PageBuild, frame: Frame) -> Rect:
        return pb.pd.geometry.frame_rect(frame)

    def _guarded(self, pb: PageBuild, i: int, b, fn, *args):
        pb.block = i
        try:
            return fn(*args)
        except Exception as exc:  # one bad block must not cost the page
            pb.warnings.append(f"page {pb.pd.page.number}: block {i} ({type(b).__name__.lower()}) could not be laid out: {exc}")
            return None
        finally:
            pb.block = None

    def run(self) -> IssueLayout:
        conts: dict[str, tuple[PageBuild, Continuation, int]] = {}
        for pb in self.builds.values():
            for i, b in enumerate(pb.pd.page.blocks):
                if isinstance(b, Continuation):
                    conts[b.article] = (pb, b, i)
        article_lines: dict[str, list[TextLine]] = {}
        article_regions: dict[str, list[Region]] = {}
        article_pages: dict[str, list[int]] = {}
        photos_of: dict[str, list[tuple[PageBuild, Rect]]] = {}

        for pb in self.builds.values():
            pb.body = self.body_columns(pb)
            if pb.pd.page.number > 1:
                self.page_header(pb)
            blocks = pb.pd.page.blocks
            # rules first: they keep clear of body text, and the rest keeps clear of them
            for i, b in enumerate(blocks):
                if isinstance(b, Rule):
                    self._guarded(pb, i, b, self.rule, pb, b)
            for i, b in enumerate(blocks):
                if isinstance(b, Masthead):
                    self._guarded(pb, i, b, self.masthead, pb, b)
                elif isinstance(b, Box):
                    pb.boxes.append(BoxItem(self.rect(pb, b.frame), b.weight_pt, b.fill))
                elif isinstance(b, Photo):
                    r = self._guarded(pb, i, b, self.photo, pb, b)
                    if b.article and r is not None:
                        photos_of.setdefault(b.article, []).append((pb, r))
                elif isinstance(b, Image):
                    self._guarded(pb, i, b, self.image_block, pb, b)
                elif isinstance(b, Guide):
                    self._guarded(pb, i, b, self.guide, pb, b)
                elif isinstance(b, Advert):
                    self._guarded(pb, i, b, self.advert, pb, b)

        for pb in self.builds.values():
            for i, b in enumerate(pb.pd.page.blocks):
                if isinstance(b, Article):
                    self.article(pb, b, i, conts.get(b.id), article_lines, article_regions, article_pages)

        for aid, items in photos_of.items():
            for pb, r in items:
                article_regions.setdefault(aid, []).append(_region(pb.pd.page.number, r))
                for entry in pb.articles:
                    if entry[0] == aid:
                        entry[2].append(r)

        pages = []
        for number in sorted(self.builds):
            pb = self.builds[number]
            arts = tuple(
                ArticleOnPage(id=aid, headline=hl, regions=tuple(_region(number, r) for r in rects), lines=tuple(idx), continued=cont)
                for aid, hl, rects, idx, cont in sorted(pb.articles, key=lambda a: self._block_order(pb, a[0], a[4]))
            )
            over = overprints(pb.lines, pb.images)
            pb.marks.extend(o["rect"] for o in over)
            page = PageLayout(
                number=number,
                section=pb.pd.page.section,
                width_pt=pb.pd.geometry.width_pt,
                height_pt=pb.pd.geometry.height_pt,
                lines=tuple(pb.lines),
                rules=tuple(pb.rules),
                boxes=tuple(pb.boxes),
                images=tuple(pb.images),
                links=tuple(pb.links),
                articles=arts,
                overflow=tuple(pb.overflow),
                underset=tuple(pb.underset),
                warnings=tuple(pb.warnings),
                debug_marks=tuple(pb.marks),
                misfits=tuple(pb.misfits),
                overprints=tuple(over),
            )
            fit = page_fit_problems(pb.pd, page)
            if fit:
                page = dataclasses.replace(page, fit_problems=tuple(fit), warnings=page.warnings + tuple(
                    f"{p.file}: {p.where}: {p.message}" for p in fit))
            pages.append(page)
        articles = {
            aid: ArticleLayout(id=aid, pages=tuple(article_pages.get(aid, ())), regions=tuple(article_regions.get(aid, ())),
                               lines=tuple(lines))
            for aid, lines in article_lines.items()
        }
        return IssueLayout(pages=tuple(pages), articles=articles)

    @staticmethod
    def _block_order(pb: PageBuild, article_id: str, continued: bool) -> int:
        """Reading order on a page: the order of the article blocks in the descriptor."""
        for i, b in enumerate(pb.pd.page.blocks):
            if continued and isinstance(b, Continuation) and b.article == article_id:
                return i
            if not continued and isinstance(b, Article) and b.id == article_id:
                return i
        return len(pb.pd.page.blocks)

    # ---- body columns, rules and clearances
    def head_skip(self, pb: PageBuild, head: Head, kicker, headline: str, subtitle, first: Frame) -> int:
        return head_skip(pb.pd.geometry, head, kicker, headline, subtitle, first)

    def _continued_headline(self, cb: Continuation) -> str:
        if cb.headline:
            return cb.headline
        found = self.data.article(cb.article)
        return found[1].headline if found else ""

    def body_columns(self, pb: PageBuild) -> list[tuple[int, int, float, float, float, float]]:
        """Every column of body text the page's frames hold: (block, frame,
        x, width, top of its first body line, bottom)."""
        geo = pb.pd.geometry
        out = []
        for i, b in enumerate(pb.pd.page.blocks):
            if isinstance(b, Article):
                skip = self.head_skip(pb, b.head, b.kicker, b.headline, b.subtitle, b.frames[0])
            elif isinstance(b, Continuation):
                skip = self.head_skip(pb, b.head, None, self._continued_headline(b), None, b.frames[0])
            else:
                continue
            for j, f in enumerate(b.frames):
                _, y0, _, y1 = self.rect(pb, f)
                top = y0 + (skip if j == 0 else 0) * geo.pitch_pt
                if top >= y1 - 0.5:
                    continue
                for cx, cw in frame_columns(geo, f):
                    out.append((i, j, cx, cw, top, y1))
        return out

    def rule(self, pb: PageBuild, b: Rule) -> None:
        """A rule; a horizontal one moves to keep the clearance from body text
        beside it, into the middle of the white when text is on both sides
        (the first body line under it stays empty when the white is too little)."""
        x0, y0, x1, y1 = pb.pd.geometry.rule_line(b)
        if abs(y1 - y0) < 0.01:
            up, down = _rule_extent(b.weight_pt, b.style)
            clear = pb.clearance
            above = pb.body_ink_above(x0, x1, y0)
            below = pb.body_ink_below(x0, x1, y0)
            y = y0
            if above is not None and below is not None:
                if below - above < 2 * clear + up + down:
                    pitch = pb.pd.geometry.pitch_pt
                    for _, _, cx, cw, top, _ in pb.body:
                        if min(x1, cx + cw) - max(x0, cx) > 1 and y0 - 0.5 <= top < y0 + pitch:
                            pb.blocked.add((round(cx), round(top)))
                    below += pitch
                y = (above + clear + up + below - clear - down) / 2
            elif above is not None:
                y = max(y0, above + clear + up)
            elif below is not None:
                y = min(y0, below - clear - down)
            y0 = y1 = y
        pb.rules.append(RuleItem((x0, y0, x1, y1), b.weight_pt, b.style))

    def clear_of_rules(self, pb: PageBuild, rect: Rect, gap: float) -> Rect:
        """``rect`` with its top and bottom moved in to keep ``gap`` from
        horizontal rules running along its edges."""
        x0, y0, x1, y1 = rect
        mid = (y0 + y1) / 2
        for r in pb.rules:
            rx0, ry0, rx1, ry1 = r.line
            if abs(ry1 - ry0) > 0.01 or min(x1, max(rx0, rx1)) - max(x0, min(rx0, rx1)) <= 1:
                continue
            up, down = _rule_extent(r.weight_pt, r.style)
            if y0 - gap - down <= ry0 <= mid:
                y0 = max(y0, ry0 + down + gap)
            elif mid < ry0 <= y1 + gap + up:
                y1 = min(y1, ry0 - up - gap)
        return (x0, y0, x1, max(y0, y1))

    def obstacles(self, pb: PageBuild) -> list[Rect]:
        """What body text keeps clear of: images, rules, box edges and the
        lines already set other than body text (captions, mastheads, guides,
        headlines)."""
        out: list[Rect] = [im.rect for im in pb.images]
        for r in pb.rules:
            x0, y0, x1, y1 = r.line
            up, down = _rule_extent(r.weight_pt, r.style)
            if abs(y1 - y0) < 0.01:
                out.append((min(x0, x1), y0 - up, max(x0, x1), y0 + down))
        for b in pb.boxes:
            x0, y0, x1, y1 = b.rect
            w = b.weight_pt / 2
            out.append((x0, y0 - w, x1, y0 + w))
            out.append((x0, y1 - w, x1, y1 + w))
        out.extend(ink_box(ln) for ln in pb.lines if ln.kind not in ("body", "signoff", "jump"))
        return out

    def usable_slots(self, pb: PageBuild, slots: list[Slot], obstacles: list[Rect]) -> list[Slot]:
        """The slots whose line keeps the clearance from every obstacle above and below it."""
        if not slots:
            return slots
        geo = pb.pd.geometry
        clear, gap = pb.clearance, pb.ink_gap
        out = []
        near: dict[tuple[float, float], list[Rect]] = {}
        for s in slots:
            if (round(s.x), round(s.top)) in pb.blocked:
                continue
            key = (s.x, s.width)
            obs = near.get(key)
            if obs is None:
                obs = near[key] = [o for o in obstacles if min(o[2], s.x + s.width) - max(o[0], s.x) > 1]
            ink0, ink1 = s.top + gap - clear + 0.01, s.top + gap + geo.body_size_pt + clear - 0.01
            if any(o[3] > ink0 and o[1] < ink1 for o in obs):
                continue
            out.append(s)
        return out

    # ---- articles
    def article(self, pb: PageBuild, art: Article, index: int, cont, article_lines, article_regions, article_pages) -> None:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        text = self.data.texts.get(art.id, "")
        rects: list[Rect] = []
        pb.block = index
        head_lines, skip, head_rect = self.head(pb, art.head, art.kicker, art.headline, art.subtitle, art.frames[0], art.id)
        pb.block = None
        rects.append(head_rect)
        obstacles = self.obstacles(pb)
        slots = []
        for j, f in enumerate(art.frames):
            slots += frame_slots(geo, number, f, skip if j == 0 else 0, index, j)
            rects.append(self.rect(pb, f))
        parts = [(pb, self.usable_slots(pb, slots, obstacles))]
        cont_rects: list[Rect] = []
        cont_idx: list[int] = []
        cpb = None
        last_block = (pb, index, len(art.frames) - 1)
        if cont is not None and art.continued_on == cont[0].pd.page.number:
            cpb, cb, cindex = cont
            cgeo = cpb.pd.geometry
            cpb.block = cindex
            ch_lines, cskip, ch_rect = self.head(cpb, cb.head, None, cb.headline or art.headline, None, cb.frames[0], art.id)
            cpb.block = None
            cont_idx.extend(ch_lines)
            cont_rects.append(ch_rect)
            cobstacles = self.obstacles(cpb)
            cslots = []
            for j, f in enumerate(cb.frames):
                cslots += frame_slots(cgeo, cpb.pd.page.number, f, cskip if j == 0 else 0, cindex, j)
                cont_rects.append(self.rect(cpb, f))
            parts.append((cpb, self.usable_slots(cpb, cslots, cobstacles)))
            last_block = (cpb, cindex, len(cb.frames) - 1)
        res = flow_article(art, text, parts, geo.body_size_pt, geo.pitch_pt, self.style)
        own_idx = list(head_lines)
        by_page = {number: own_idx}
        if cpb is not None:
            by_page[cpb.pd.page.number] = cont_idx
        # body lines go to their pages in reading order (jump-in lines first)
        ordered = sorted(res.lines, key=lambda l: (l.page != number, 0 if l.text.startswith("（上接") else 1))
        for ln in ordered:
            target = self.builds[ln.page]
            by_page[ln.page].append(target.add(ln))
        if art.boxed:
            dy = max(geo.gutter_pt / 2, pb.clearance - pb.ink_gap)
            x0, y0, x1, y1 = union(rects)
            pb.boxes.append(BoxItem((x0 - geo.gutter_pt / 2, y0 - dy, x1 + geo.gutter_pt / 2, y1 + dy), 0.75))
        pb.articles.append((art.id, plain(art.headline), rects, own_idx, False))
        if cpb is not None:
            cpb.articles.append((art.id, plain(art.headline), cont_rects, cont_idx, True))
            for ln in res.lines:
                if ln.text.startswith("（下转") or ln.text.startswith("（上接"):
                    target = cpb.pd.page.number if ln.text.startswith("（下转") else number
                    self.builds[ln.page].links.append(LinkItem(ln.bbox, target, art.id))
        last_page, last_index, last_frame = last_block
        if res.left_over:
            last_page.overflow.append({"article": art.id, "characters_left": res.left_over, "lines_left": res.lines_left,
                                       "last_words": res.last_words, "block": last_index, "frame": last_frame})
            if res.last_slot is not None:
                s = res.last_slot
                last_page.marks.append((s.x, s.top, s.x + s.width, s.top + geo.pitch_pt))
        elif res.unused_tail > 0:
            last_page.underset.append({"article": art.id, "empty_lines": res.unused_tail, "block": last_index,
                                       "frame": last_frame})
        all_lines = [pb.lines[i] for i in own_idx] + ([cpb.lines[i] for i in cont_idx] if cpb is not None else [])
        article_lines[art.id] = all_lines
        regs = [_region(number, r) for r in rects] + ([_region(cpb.pd.page.number, r) for r in cont_rects] if cpb else [])
        article_regions.setdefault(art.id, []).extend(regs)
        article_pages[art.id] = [number] + ([cpb.pd.page.number] if cpb else [])

    def head(self, pb: PageBuild, head: Head, kicker, headline, subtitle, first: Frame, article_id) -> tuple[list[int], int, Rect]:
        """Set a headline group; returns its line indexes, the grid lines it
        takes from the first body frame (when it has no frame of its own) and its area."""
        geo = pb.pd.geometry
        parts = head_parts(head, kicker, headline, subtitle)
        if head.frame is not None:
            rect = self.rect(pb, head.frame)
            skip = 0
            where = "head.frame"
        else:
            fr = self.rect(pb, first)
            skip = self.head_skip(pb, head, kicker, headline, subtitle, first)
            rect = (fr[0], fr[1], fr[2], fr[1] + skip * geo.pitch_pt)
            where = "frames[0]"
        area = self.clear_of_rules(pb, rect, geo.pitch_pt * RULE_HEAD_GAP_LINES)
        if head.direction == "vertical":
            idx, w, h = set_head_vertical(pb, parts, area, article_id, head.vertical_align)
            need_w, need_h = w, h
        else:
            bands = head_bands(parts, area[2] - area[0], geo.pitch_pt)
            idx = set_head_horizontal(pb, bands, area, head.align, article_id, head.vertical_align)
            need_w, need_h = _bands_width(bands), bands_height(bands)
        have_w, have_h = area[2] - area[0], area[3] - area[1]
        if (need_h > have_h + 0.5 or need_w > have_w + 0.5) and pb.block is not None:
            pb.misfits.append({"block": pb.block, "frame": where, "what": "headline",
                               "needed_pt": (round(need_w, 1), round(need_h, 1)),
                               "available_pt": (round(have_w, 1), round(have_h, 1))})
            pb.marks.append(rect)
        return idx, skip, rect

    # ---- photos and images
    def photo(self, pb: PageBuild, ph: Photo) -> Rect:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        rect = self.rect(pb, ph.frame)
        frame_x0, frame_y0, frame_x1, frame_y1 = rect
        # keep clear of body text above and below, and of rules along the edges
        x0, y0, x1, y1 = self.clear_of_rules(pb, pb.clear_of_body(rect), pb.clearance - pb.ink_gap)
        size = max(7.5, geo.body_size_pt - 1.5)
        pitch = geo.pitch_pt
        cap_lines: list[TextLine] = []
        n_cap = 0
        if ph.caption or ph.credit:
            tk = tokenize([(ph.caption or "", "kai")], style=self.style)
            width_em = (x1 - x0) / size
            sets = list(best_breaks(tk, [width_em])) if len(tk) else []
            credit = plain(ph.credit) if ph.credit else ""
            credit_w = natural_width(tokenize([(credit, "kai")])) * size if credit else 0
            last_free = (x1 - x0) - (natural_width(tk, *sets[-1]) * size if sets else 0)
            credit_own_line = bool(credit) and (not sets or last_free < credit_w + size)
            n_cap = len(sets) + (1 if credit_own_line else 0)
            # the caption's last line keeps its ink inside the (cleared) frame bottom
            top = y1 - n_cap * pitch
            for i, (a, b) in enumerate(sets):
                last = i == len(sets) - 1
                sl = justify(tk, a, b, width_em, last=last)
                rb = RunBuilder()
                place_set_line(rb, tk, sl, x0, baseline_in(top + i * pitch, pitch, size), size)
                cap_lines.append(rb.line(number, "caption", ph.article, block=pb.block))
                if last and credit and not credit_own_line:
                    cap_lines.append(set_simple(number, "credit", "kai", size, credit, x0, top + i * pitch, pitch,
                                                width=x1 - x0, align="right", article=ph.article, block=pb.block))
            if credit_own_line:
                cap_lines.append(set_simple(number, "credit", "kai", size, credit, x0, top + len(sets) * pitch, pitch,
                                            width=x1 - x0, align="right", article=ph.article, block=pb.block))
            if y1 < frame_y1 - 0.01 and cap_lines:
                # moved up for the text below: keep the caption's ink clear of it
                ink_bottom = max(ink_box(ln)[3] for ln in cap_lines if ln is not None)
                lift = max(0.0, ink_bottom - y1)
                if lift:
                    cap_lines = [_shifted(ln, -lift) for ln in cap_lines]
                    top -= lift
            caption_top = min((ink_box(ln)[1] for ln in cap_lines if ln is not None), default=top)
            y1 = caption_top - pitch * CAPTION_GAP_LINES
        self.place_image(pb, ph.image, (x0, y0, x1, y1), ph.fit, ph.crop, ph.id, ph.placeholder)
        for ln in cap_lines:
            pb.add(ln)
        return rect

    def place_image(self, pb: PageBuild, rel: str, rect: Rect, fit: str, crop, block_id, placeholder) -> None:
        path = _inside(self.data.root, rel)
        info = images.probe(path) if path is not None else images.ImageInfo(None, 0, 0, "the path leads outside the issue folder")
        if info.error:
            pb.warnings.append(f"page {pb.pd.page.number}: image '{rel}' cannot be used ({info.error}); a placeholder is shown")
            pb.images.append(ImageItem(rect, None, None, block_id, placeholder, info.error, block=pb.block))
            return
        if info.warning:
            pb.warnings.append(f"page {pb.pd.page.number}: image '{rel}': {info.warning}")
        src, dst = images.fit_rect(info.width, info.height, rect, fit, crop)
        pb.images.append(ImageItem(dst, str(path), src, block_id, placeholder, None, block=pb.block))

    def image_block(self, pb: PageBuild, im: Image) -> None:
        geo = pb.pd.geometry
        x0, y0, x1, y1 = pb.clear_of_body(self.rect(pb, im.frame))
        label_h = geo.pitch_pt * 1.2 if im.label else 0
        self.place_image(pb, im.image, (x0, y0, x1, y1 - label_h), im.fit, None, im.id, im.placeholder)
        if im.label:
            pb.add(set_simple(pb.pd.page.number, "label", "sans_bold", geo.body_size_pt, plain(im.label), x0, y1 - label_h,
                              label_h, width=x1 - x0, align="center"))

    # ---- guide box 本期导读
    def guide(self, pb: PageBuild, g: Guide) -> None:
        """The entries share one left edge; each page number sits at the right
        of its entry's last line; the white is shared out evenly above, between
        and below the entries."""
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = pb.clear_of_body(self.rect(pb, g.frame))
        pitch = geo.pitch_pt
        size = geo.body_size_pt
        pad = size * 0.6
        pb.boxes.append(BoxItem((x0, y0, x1, y1), 0.75))
        title_h = 2 * pitch
        pb.boxes.append(BoxItem((x0, y0, x1, y0 + title_h), 0, RED))
        pb.add(set_simple(number, "guide", "sans_bold", size * 1.6, plain(g.title), x0, y0, title_h, width=x1 - x0,
                          align="center", color="#FFFFFF", tracking=size * 0.4))
        inner_w = x1 - x0 - 2 * pad
        entries = []
        for e in g.entries:
            ref = f"{e.page:02d}版"
            ref_w = natural_width(tokenize([(ref, "sans_bold")]))
            tk = tokenize([(e.title, "sans")])
            lines = balanced_breaks(tk, inner_w / size, last_reserve=ref_w + 1.0)
            entries.append((e, tk, lines, ref))
        top = y0 + title_h
        total = sum(len(lines) for _, _, lines, _ in entries) * pitch
        free = y1 - top - total
        if free < 0:
            pb.misfits.append({"block": pb.block, "frame": "frame", "what": "guide",
                               "needed_pt": (round(x1 - x0, 1), round(y1 - y0 - free, 1)),
                               "available_pt": (round(x1 - x0, 1), round(y1 - y0, 1))})
        gap = max(0.0, free / (len(entries) + 1))
        top += gap
        for n, (e, tk, lines, ref) in enumerate(entries):
            e_top = top
            for i, (a, b) in enumerate(lines):
                rb = RunBuilder()
                sl = justify(tk, a, b, _ragged_width(tk, a, b), last=True, trim_start=True)
                place_set_line(rb, tk, sl, x0 + pad, baseline_in(top, pitch, size), size)
                pb.add(rb.line(number, "guide"))
                if i == len(lines) - 1:
                    pb.add(set_simple(number, "guide", "sans_bold", size, ref, x0 + pad, top, pitch, width=inner_w,
                                      align="right", color=RED))
                top += pitch
            pb.links.append(LinkItem((x0, e_top, x1, top), e.page, e.article))
            if n < len(entries) - 1:
                pb.rules.append(RuleItem((x0 + pad, top + gap / 2, x1 - pad, top + gap / 2), 0.4, "dotted"))
            top += gap

    # ---- adverts
    def advert(self, pb: PageBuild, ad: Advert) -> None:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = pb.clear_of_body(self.rect(pb, ad.frame))
        size = geo.body_size_pt
        pb.boxes.append(BoxItem((x0, y0, x1, y1), 1.0))
        # the 广告 label, required on every advert
        lw = size * 3
        pb.boxes.append(BoxItem((x1 - lw - 4, y0 + 4, x1 - 4, y0 + 4 + size * 1.6), 0.5))
        pb.add(set_simple(number, "label", "sans", size, "广告", x1 - lw - 4, y0 + 4, size * 1.6, width=lw, align="center"))
        top = y0 + size * 3
        if ad.headline:
            headline = plain(ad.headline)
            hs = min(36.0, max(16.0, (x1 - x0) / max(4, len(headline)) * 0.7))
            pb.add(set_simple(number, "advert", "sans_bold", hs, headline, x0, top, hs * 1.6, width=x1 - x0, align="center"))
            top += hs * 2
        text_h = 0.0
        if ad.text:
            text_h = size * 2.2 * len(ad.text.split("\n"))
        if ad.image:
            self.place_image(pb, ad.image, (x0 + size, top, x1 - size, y1 - text_h - size), "contain", None, ad.id, ad.placeholder)
        if ad.text:
            ty = y1 - text_h - size * 0.5
            for part in ad.text.split("\n"):
                pb.add(set_simple(number, "advert", "sans", size * 1.3, plain(part), x0, ty, size * 2.2, width=x1 - x0,
                                  align="center"))
                ty += size * 2.2

    # ---- masthead 报头 and page header 报眉
    def masthead(self, pb: PageBuild, mh: Masthead) -> None:
        iss = self.issue
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = self.rect(pb, mh.frame)
        w, h = x1 - x0, y1 - y0
        info_w = min(w * 0.3, 3 * (geo.column_width_pt + geo.gutter_pt))
        name_area = w - info_w - geo.gutter_pt * 2
        n = len(iss.paper)
        size = min(h * 0.5, name_area / (n * 1.08))
        track = size * 0.08
        name_top = y0 + h * 0.06
        pb.add(set_simple(number, "masthead", "serif_bold", size, iss.paper, x0, name_top, size * 1.1, width=name_area,
                          align="left", color=RED, tracking=track))
        yy = name_top + size * 1.15
        if iss.paper_en:
            es = max(9.0, size * 0.2)
            pb.add(set_simple(number, "masthead", "serif_bold", es, iss.paper_en, x0, yy, es * 1.4, width=name_area,
                              align="left", color=RED, tracking=es * 0.18))
            yy += es * 1.5
        org = " ".join(t for t in ((f"{iss.supervisor}主管" if iss.supervisor else ""), (f"{iss.publisher}主办" if iss.publisher else "")) if t)
        name_h = yy - y0
        if org:
            os_ = geo.body_size_pt * 1.1
            pb.add(set_simple(number, "masthead", "sans", os_, org, x0, y1 - os_ * 1.8, os_ * 1.6, width=name_area, align="left"))
            name_h += os_ * 1.8
        # the information panel
        ix0 = x1 - info_w
        pb.rules.append(RuleItem((ix0 - geo.gutter_pt, y0 + h * 0.08, ix0 - geo.gutter_pt, y1 - h * 0.08), 0.75))
        d = iss.date
        rows = [
            ("sans_bold", 1.5, f"{d.year}年{d.month}月{d.day}日"),
            ("sans_bold", 1.5, iss.weekday_text),
        ]
        num = f"第{iss.issue_number}期"
        if iss.serial_number:
            num += f"（总第{iss.serial_number}期）"
        rows.append(("sans", 1.15, num))
        rows.append(("sans_bold", 1.15, f"今日{iss.page_count}版"))
        if iss.cn_number:
            rows.append(("sans", 1.0, "国内统一连续出版物号"))
            rows.append(("sans", 1.0, iss.cn_number))
        if iss.postal_code:
            rows.append(("sans", 1.0, f"邮发代号 {iss.postal_code}"))
        base = geo.body_size_pt
        total = sum(base * f * 1.55 for _, f, _ in rows)
        if max(total, name_h) > h + 0.5:
            pb.misfits.append({"block": pb.block, "frame": "frame", "what": "masthead",
                               "needed_pt": (round(w, 1), round(max(total, name_h), 1)),
                               "available_pt": (round(w, 1), round(h, 1))})
            pb.marks.append((x0, y0, x1, y1))
        ty = y0 + max(0.0, (h - total) / 2)
        for role, f, text in rows:
            s = base * f
            pb.add(set_simple(number, "masthead", role, s, text, ix0, ty, s * 1.55, width=info_w, align="left"))
            ty += s * 1.55

    def page_header(self, pb: PageBuild) -> None:
        iss = self.issue
        geo = pb.pd.geometry
        page = pb.pd.page
        number = page.number
        left, right = geo.left_pt, geo.left_pt + geo.type_width_pt
        base = geo.top_pt - mm(4)
        band_top = geo.top_pt - mm(16)
        band_h = mm(11)
        pb.rules.append(RuleItem((left, base, right, base), 2.0, "thick-thin", RED))
        even = number % 2 == 0
        num_text = f"{number:02d}"
        ns = band_h * 0.9
        nw = natural_width(tokenize([(num_text, "sans_bold")])) * ns + ns * 0.6
        box_x = left if even else right - nw
        pb.boxes.append(BoxItem((box_x, band_top, box_x + nw, band_top + band_h), 0, RED))
        pb.add(set_simple(number, "header", "sans_bold", ns, num_text, box_x, band_top, band_h, width=nw, align="center",
                          color="#FFFFFF"))
        ss = band_h * 0.62
        sec_w = natural_width(tokenize([(page.section, "sans_bold")])) * ss * 1.0 + ss * 0.25 * len(page.section)
        sec_x = box_x + nw + ss * 0.6 if even else box_x - ss * 0.6 - sec_w
        pb.add(set_simple(number, "header", "sans_bold", ss, page.section, sec_x, band_top, band_h, width=sec_w,
                          align="left", tracking=ss * 0.25))
        d = iss.date
        date_text = f"{d.year}年{d.month}月{d.day}日  {iss.weekday_text}"
        small = 9.0
        ed = page.editors
        ed_text = "  ".join(t for t in ((f"责任编辑 {ed.responsible}" if ed and ed.responsible else ""),
                                         (f"美编 {ed.art}" if ed and ed.art else ""),
                                         (f"校对 {ed.proof}" if ed and ed.proof else "")) if t)
        # the paper's name and date on the outer side
        info_x0 = left + nw + sec_w + ss * 2 if even else left
        info_x1 = right if even else right - nw - sec_w - ss * 2
        pb.add(set_simple(number, "header", "serif_bold", 12.0, iss.paper, info_x0, band_top, band_h * 0.55,
                          width=info_x1 - info_x0, align="right" if even else "left", color=RED))
        sub = date_text + (f"    {ed_text}" if ed_text else "")
        pb.add(set_simple(number, "header", "sans", small, sub, info_x0, band_top + band_h * 0.55, band_h * 0.45,
                          width=info_x1 - info_x0, align="right" if even else "left"))



def _rule_extent(weight: float, style: str) -> tuple[float, float]:
    """How far a horizontal rule's ink reaches above and below its line (see paint_page)."""
    if style in ("double", "thick-thin"):
        thick = weight if style == "thick-thin" else weight / 3
        gap = weight * 0.8
        return thick + gap / 2, gap / 2 + weight / 3
    return weight / 2, weight / 2


def _shifted(line: TextLine | None, dy: float) -> TextLine | None:
    """The line moved down by ``dy`` points."""
    if line is None:
        return None
    from array import array

    runs = []
    for r in line.runs:
        xy = array("d", r.xy)
        for i in range(1, len(xy), 2):
            xy[i] += dy
        runs.append(dataclasses.replace(r, xy=xy.tobytes()))
    x0, y0, x1, y1 = line.bbox
    return dataclasses.replace(line, runs=tuple(runs), bbox=(x0, y0 + dy, x1, y1 + dy))

def _region(page: int, r: Rect) -> Region:
    x0, y0, x1, y1 = r
    return Region(page, ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))


def layout_issue(data: IssueData, pages: list[int] | None = None) -> IssueLayout:
    """Lay out every valid page of a loaded issue (or only ``pages``; an
    article continued onto a page left out then reports its rest as overflow)."""
    data.raise_if_unusable()
    engine = Engine(data)
    if pages is not None:
        engine.builds = {n: b for n, b in engine.builds.items() if n in pages}
    return engine.run()
