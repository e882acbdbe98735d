"""Fit checks: whether what was set fits its frames, without printing over anything.

From a laid-out page and its descriptors come located problems: body text
that overflows its frames and items that print over each other are errors,
empty lines at the end of an article (underset) a warning, and a headline
group, masthead or guide box too large for its frame an error; each names
the page file, the block (``blocks[i]``) and its frame, with the figures.
``grid_report`` gives a page's grid and each body frame's capacity and fill.
"""

from __future__ import annotations

from ..messages import Msg
from ..model.load import IssueData, PageData
from ..model.problems import Problem
from ..model.types import Article, Continuation
from .headlines import continued_headline, head_skip
from .setting import EM_ASCENT, EM_DESCENT
from .text import metrics
from .values import ImageItem, IssueLayout, PageLayout, Rect, TextLine

MIN_OVERLAP_PT = 0.5  # overlaps smaller than this either way are not overprints

_HEAD = {"kicker", "headline", "subtitle"}
_BODY = {"body", "signoff", "jump"}
_CAPTION = {"caption", "credit"}


def ink_box(line: TextLine) -> Rect:
    """Where a line's ink lies: the em boxes of its glyphs (a turned glyph's
    box turned with it)."""
    if not line.vertical:
        x0, _, x1, _ = line.bbox
        y0 = y1 = None
        for run in line.runs:
            if len(run.xy) < 16:
                continue
            base = memoryview(run.xy).cast("d")[1]  # every glyph of a horizontal line sits on one baseline
            top, bottom = base - EM_ASCENT * run.size_pt, base + EM_DESCENT * run.size_pt
            y0 = top if y0 is None else min(y0, top)
            y1 = bottom if y1 is None else max(y1, bottom)
        return (x0, y0 if y0 is not None else line.bbox[1], x1, y1 if y1 is not None else line.bbox[3])
    m = metrics()
    xs0, ys0, xs1, ys1 = [], [], [], []
    for run in line.runs:
        s = run.size_pt
        for ch, (x, y) in zip(run.text, run.positions):
            adv = m.glyph(run.role, ch)[1] * s
            if run.angle:
                xs0.append(x - EM_DESCENT * s), xs1.append(x + EM_ASCENT * s), ys0.append(y), ys1.append(y + adv)
            else:
                xs0.append(x), xs1.append(x + adv), ys0.append(y - EM_ASCENT * s), ys1.append(y + EM_DESCENT * s)
    if not xs0:
        return line.bbox
    return (min(xs0), min(ys0), max(xs1), max(ys1))


def _part(kind: str) -> str:
    """Which part of its block a line belongs to: lines of one part may touch."""
    if kind in _HEAD:
        return "head"
    if kind in _BODY:
        return "body"
    if kind in _CAPTION:
        return "caption"
    return kind


def overprints(lines: list[TextLine] | tuple[TextLine, ...], images: list[ImageItem] | tuple[ImageItem, ...]) -> list[dict]:
    """Every two set items (lines by their ink, images by their area) from
    different blocks, or different parts of one block, that overlap."""
    items = [(ink_box(ln), ln.block, _part(ln.kind), ("line", i)) for i, ln in enumerate(lines)]
    items += [(im.rect, im.block, "image", ("image", j)) for j, im in enumerate(images)]
    items.sort(key=lambda t: t[0][1])
    out = []
    for a in range(len(items)):
        ra, ba, pa, ia = items[a]
        for b in range(a + 1, len(items)):
            rb, bb, pbart, ib = items[b]
            if rb[1] >= ra[3] - MIN_OVERLAP_PT:
                break
            if ba == bb and pa == pbart:
                continue
            w = min(ra[2], rb[2]) - max(ra[0], rb[0])
            h = min(ra[3], rb[3]) - max(ra[1], rb[1])
            if w > MIN_OVERLAP_PT and h > MIN_OVERLAP_PT:
                # a line before an image, then in page order
                first, second = sorted((ia, ib), key=lambda it: (it[0] != "line", it[1]))
                out.append({"items": (first, second),
                            "rect": (max(ra[0], rb[0]), max(ra[1], rb[1]), min(ra[2], rb[2]), min(ra[3], rb[3]))})
    out.sort(key=lambda o: o["items"])
    return out


# ------------------------------------------------------------ wording


def _frame_of(pd: PageData, block: int | None, box: Rect, head: bool = False) -> str:
    """The frame of block ``block`` that holds the centre of ``box``, as a field path."""
    if block is None or not 0 <= block < len(pd.page.blocks):
        return ""
    b = pd.page.blocks[block]
    geo = pd.geometry
    if isinstance(b, (Article, Continuation)):
        if head and b.head.frame is not None:
            return f"blocks[{block}].head.frame"
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        for j, f in enumerate(b.frames):
            x0, y0, x1, y1 = geo.frame_rect(f)
            if x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1:
                return f"blocks[{block}].frames[{j}]"
        return f"blocks[{block}].frames[0]" if head else f"blocks[{block}]"
    return f"blocks[{block}].frame" if hasattr(b, "frame") else f"blocks[{block}]"


def _shortened(text: str, n: int = 12) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def _pt(value: float) -> str:
    """A length in points as a message gives it."""
    return f"{value:.1f}"


_WHAT = {"body": Msg("the body text"), "signoff": Msg("the sign-off"), "jump": Msg("the jump line"),
         "kicker": Msg("the kicker"), "headline": Msg("the headline"), "subtitle": Msg("the subtitle"),
         "caption": Msg("the caption"), "credit": Msg("the credit"), "guide": Msg("the guide box"),
         "masthead": Msg("the masthead"), "header": Msg("the page header"), "label": Msg("the label"),
         "advert": Msg("the advert")}
_MISFIT = {"headline": Msg("the headline group"), "masthead": Msg("the masthead"), "guide": Msg("the guide box")}


def _describe(page: PageLayout, pd: PageData, item: tuple[str, int]) -> tuple[Msg, str | Msg]:
    """(what the item is, where it is: a field path, or the page header) for a message."""
    kind, i = item
    if kind == "image":
        im = page.images[i]
        name = Msg("the image of '{id}'", id=im.block_id) if im.block_id else Msg("the image")
        return name, _frame_of(pd, im.block, im.rect)
    ln = page.lines[i]
    what = Msg("{what} “{text}”", what=_WHAT.get(ln.kind, ln.kind), text=_shortened(ln.text))
    if ln.block is None:
        return what, Msg("page header")
    return what, _frame_of(pd, ln.block, ink_box(ln), head=ln.kind in _HEAD)


def page_fit_problems(pd: PageData, page: PageLayout) -> list[Problem]:
    """The fit problems of one laid-out page, located in its descriptor."""
    out: list[Problem] = []
    f = pd.file
    for o in page.overflow:
        block, frame = o.get("block"), o.get("frame", 0)
        where = f"blocks[{block}].frames[{frame}]" if block is not None else ""
        chars, lines = o.get("characters_left", 0), o.get("lines_left", 0)
        words = o.get("last_words", "")
        values = dict(id=o["article"], chars=chars, s="s" if chars != 1 else "", lines=lines, t="s" if lines != 1 else "")
        if words:
            msg = Msg("the body text of '{id}' overflows its frames: {chars} character{s} ({lines} line{t}) do not fit; "
                      "the last line set is “{words}”", words=words, **values)
        else:
            msg = Msg("the body text of '{id}' overflows its frames: {chars} character{s} ({lines} line{t}) do not fit",
                      **values)
        out.append(Problem(f, where, msg))
    for u in page.underset:
        block, frame = u.get("block"), u.get("frame", 0)
        n = u["empty_lines"]
        where = f"blocks[{block}].frames[{frame}]" if block is not None else ""
        out.append(Problem(f, where, Msg("the body text of '{id}' ends {lines} line{s} before its last frame does "
                                         "(underset)", id=u["article"], lines=n, s="s" if n != 1 else ""), "warning"))
    for m in page.misfits:
        (nw, nh), (aw, ah) = m["needed_pt"], m["available_pt"]
        where = f"blocks[{m['block']}].{m['frame']}"
        out.append(Problem(f, where, Msg("{what} does not fit its frame: it needs {width} × {height} pt, the frame "
                                         "holds {frame_width} × {frame_height} pt", what=_MISFIT.get(m["what"], m["what"]),
                                         width=_pt(nw), height=_pt(nh), frame_width=_pt(aw), frame_height=_pt(ah))))
    for o in page.overprints:
        a, b = o["items"]
        what_a, where_a = _describe(page, pd, a)
        what_b, where_b = _describe(page, pd, b)
        x0, y0, x1, y1 = o["rect"]
        out.append(Problem(f, where_a, Msg("{what} prints over {other} ({where}) across {width} × {height} pt at x {x}, "
                                           "y {y} pt", what=what_a, other=what_b, where=where_b, width=_pt(x1 - x0),
                                           height=_pt(y1 - y0), x=_pt(x0), y=_pt(y0))))
    return out


def fit_problems(data: IssueData, layout: IssueLayout) -> list[Problem]:
    """Every fit problem of a laid-out issue, page by page."""
    out: list[Problem] = []
    for page in layout.pages:
        pd = data.page(page.number)
        if pd is not None:
            out.extend(page_fit_problems(pd, page))
    return out


# ------------------------------------------------------------ the grid report


def grid_report(pd: PageData, page: PageLayout | None, data: IssueData | None = None) -> dict:
    """A page's grid (columns, characters per column, lines, pitch) and each
    body frame's capacity (the lines a headline group takes from it left
    out) and, when laid out, its fill."""
    geo = pd.geometry
    grid = {"columns": geo.columns, "characters_per_column": geo.chars_per_column, "lines": geo.lines,
            "pitch_pt": round(geo.pitch_pt, 3), "body_size_pt": geo.body_size_pt,
            "column_width_pt": round(geo.column_width_pt, 3), "gutter_pt": round(geo.gutter_pt, 3)}
    frames = []
    for i, b in enumerate(pd.page.blocks):
        if not isinstance(b, (Article, Continuation)):
            continue
        aid = b.id if isinstance(b, Article) else b.article
        for j, fr in enumerate(b.frames):
            x0, y0, x1, y1 = geo.frame_rect(fr)
            lines = int(round((y1 - y0) / geo.pitch_pt))
            if j == 0:
                headline = b.headline if isinstance(b, Article) else continued_headline(b, data)
                lines -= head_skip(geo, b.head, getattr(b, "kicker", None), headline or "", getattr(b, "subtitle", None), fr)
            cols = fr.columns or (fr.span if fr.on_grid else 1)
            col_w = (x1 - x0 - (cols - 1) * geo.gutter_pt) / cols
            per_line = int(col_w / geo.body_size_pt + 1e-6)
            entry = {"block": i, "frame": j, "article": aid, "columns": cols, "lines": lines,
                     "capacity_lines": cols * lines, "capacity_characters": cols * lines * per_line}
            if page is not None:
                set_lines = [ln for ln in page.lines if ln.article == aid and ln.kind in _BODY and ln.block == i
                             and x0 - 1 <= (ln.bbox[0] + ln.bbox[2]) / 2 <= x1 + 1
                             and y0 - 1 <= (ln.bbox[1] + ln.bbox[3]) / 2 <= y1 + 1]
                entry["lines_set"] = len(set_lines)
                entry["characters_set"] = sum(len("".join(ln.text.split())) for ln in set_lines)
            frames.append(entry)
    return {"grid": grid, "frames": frames}
