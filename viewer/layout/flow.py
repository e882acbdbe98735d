"""Body text through its frames. A frame's columns are cut into slots, one
body line each, and the slots that would come too near what is set already
(photos, rules, box edges, headlines) are left empty. Articles are set
through their slots in reading order, like platypus' wrap/split: what does
not fit a frame goes to the next one, and what does not fit the page goes
to the continuation block on another page, with jump lines (下转/上接)
naming the real pages. Where paragraphs fall in the columns is chosen for
the whole article at once, so that no paragraph leaves its last line alone
at a column's top or its first at a column's foot.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.geometry import PageGeometry
from ..model.load import IssueData
from ..model.types import Article, Continuation, Frame
from .fit import ink_box
from .headlines import continued_headline, head_skip
from .page_build import PageBuild, Slot, rule_extent
from .setting import RunBuilder, baseline_in, place_set_line, set_simple
from .text import (FULL_WIDTH, ParagraphOption, Tokens, justify, natural_width, paragraph_options, plain,
                   tokenize)
from .values import Rect, TextLine

INDENT_EM = 2.0
# costs of where paragraphs fall in the columns (see text.py for the costs within a paragraph)
COST_WIDOW = 6000.0  # a paragraph's last line alone at the top of a column
COST_ORPHAN = 6000.0  # a paragraph's first line alone at the foot of a column
COST_OVERFLOW = 1e7  # each line that does not fit
COST_UNDERSET = 1200.0  # each empty line at the end of the article, up to UNDERSET_FILL_LINES of them
UNDERSET_FILL_LINES = 3  # an article shorter than its frames by more is left as it is


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


def body_columns(pb: PageBuild, data: IssueData) -> list[tuple[int, int, float, float, float, float]]:
    """Every column of body text the page's frames hold: (block, frame,
    x, width, top of its first body line, bottom)."""
    geo = pb.pd.geometry
    out = []
    for i, b in enumerate(pb.pd.page.blocks):
        if isinstance(b, Article):
            skip = head_skip(geo, b.head, b.kicker, b.headline, b.subtitle, b.frames[0])
        elif isinstance(b, Continuation):
            skip = head_skip(geo, b.head, None, continued_headline(b, data), None, b.frames[0])
        else:
            continue
        for j, f in enumerate(b.frames):
            _, y0, _, y1 = pb.frame_rect(f)
            top = y0 + (skip if j == 0 else 0) * geo.pitch_pt
            if top >= y1 - 0.5:
                continue
            for cx, cw in frame_columns(geo, f):
                out.append((i, j, cx, cw, top, y1))
    return out


def obstacles(pb: PageBuild) -> list[Rect]:
    """What body text keeps clear of: images, rules, box edges and the
    lines already set other than body text (captions, mastheads, guides,
    headlines)."""
    out: list[Rect] = [im.rect for im in pb.images]
    for r in pb.rules:
        x0, y0, x1, y1 = r.line
        up, down = rule_extent(r.weight_pt, r.style)
        if abs(y1 - y0) < 0.01:
            out.append((min(x0, x1), y0 - up, max(x0, x1), y0 + down))
    for b in pb.boxes:
        x0, y0, x1, y1 = b.rect
        w = b.weight_pt / 2
        out.append((x0, y0 - w, x1, y0 + w))
        out.append((x0, y1 - w, x1, y1 + w))
    out.extend(ink_box(ln) for ln in pb.lines if ln.kind not in ("body", "signoff", "jump"))
    return out


def usable_slots(pb: PageBuild, slots: list[Slot], obstacles: list[Rect]) -> list[Slot]:
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
