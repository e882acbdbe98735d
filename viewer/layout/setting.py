"""Turning set lines into glyph runs: the bridge from tokens to values."""

from __future__ import annotations

import functools
from array import array

from ..typefaces import typeface
from .text import LATIN, MIDDLE, OPEN, Metrics, SetLine, Tokens, justify, metrics, natural_width, tokenize
from .values import GlyphRun, TextLine

# Vertical presentation forms for upright vertical setting (竖排). Double
# quotes turn into double corner brackets and single quotes into single ones
# (GB/T 15834—2011 §5.2). The pause and stop marks keep their own glyphs and
# are moved into the upper right quarter of their cell instead.
VERTICAL_FORMS = {
    "（": "︵", "）": "︶", "｛": "︷", "｝": "︸", "〔": "︹", "〕": "︺", "【": "︻", "】": "︼",
    "《": "︽", "》": "︾", "〈": "︿", "〉": "﹀", "「": "﹁", "」": "﹂", "『": "﹃", "』": "﹄",
    "“": "﹃", "”": "﹄", "‘": "﹁", "’": "﹂", "—": "︱", "…": "︙", "［": "﹇", "］": "﹈",
}
VERTICAL_UPPER_RIGHT = set("，、。：；！？")


@functools.cache
def font_extent(role: str) -> tuple[float, float]:
    """(ascent, descent) of a role's font in em, as PDF readers measure lines.

    MuPDF (through FreeType) takes a line's box from the ``hhea`` ascender
    and descender. Qt's ascent and descent (``Typeface.ascent``/``descent``)
    are the OS/2 usWin values for some fonts instead (HeraldKai: 1.032/0.285
    against hhea 0.928/0.256), which put caption boxes 0.9 pt off the PDF's;
    so read ``hhea`` itself."""
    import struct

    f = typeface(role)
    hhea, head = bytes(f.table("hhea")), bytes(f.table("head"))
    if len(hhea) >= 8 and len(head) >= 20:
        ascender, descender = struct.unpack(">hh", hhea[4:8])
        upm = struct.unpack(">H", head[18:20])[0]
        if upm and ascender > 0 and descender <= 0:
            return ascender / upm, -descender / upm
    return f.ascent, f.descent


# The ideographic em box: CJK glyphs sit between these, relative to the baseline.
EM_ASCENT = 0.88
EM_DESCENT = 0.12


def baseline_in(top: float, height: float, size: float) -> float:
    """The baseline that centres an em box of ``size`` in a band."""
    return top + (height - size) / 2 + EM_ASCENT * size


class RunBuilder:
    """Collects glyphs of one line into runs (one per role) and its box.

    The line's text is the runs' texts in the order the runs were started:
    within a line a role never resumes after another (byline, then body)."""

    def __init__(self, m: Metrics | None = None):
        self.m = m or metrics()
        self.runs: dict[tuple, tuple[list, list, list]] = {}
        self.x0 = float("inf")
        self.x1 = float("-inf")
        self.y0 = float("inf")
        self.y1 = float("-inf")

    def add(self, role: str, size: float, ch: str, x: float, baseline: float, color: str = "#000000",
            angle: float = 0.0) -> float:
        """Add one glyph with its origin at (x, baseline); returns its font advance.
        ``angle`` 90 turns the glyph clockwise: it then advances downwards."""
        gid, adv = self.m.glyph(role, ch)
        key = (role, size, color) if not angle else (role, size, color, angle)
        glyphs, pos, text = self.runs.setdefault(key, ([], [], []))
        glyphs.append(gid)
        pos.append(x)
        pos.append(baseline)
        text.append(ch)
        a, d = font_extent(role)
        if angle:
            self.x0 = min(self.x0, x - d * size)
            self.x1 = max(self.x1, x + a * size)
            self.y0 = min(self.y0, baseline)
            self.y1 = max(self.y1, baseline + adv * size)
        else:
            self.x0 = min(self.x0, x)
            self.x1 = max(self.x1, x + adv * size)
            self.y0 = min(self.y0, baseline - a * size)
            self.y1 = max(self.y1, baseline + d * size)
        return adv * size

    def line(self, page: int, kind: str, article: str | None = None, vertical: bool = False, text: str | None = None,
             block: int | None = None) -> TextLine | None:
        if not self.runs:
            return None
        runs = tuple(
            GlyphRun(role=key[0], size_pt=key[1], glyph_data=array("I", g).tobytes(), xy=array("d", p).tobytes(),
                     text="".join(t), color=key[2], angle=key[3] if len(key) > 3 else 0.0)
            for key, (g, p, t) in self.runs.items()
        )
        return TextLine(
            page=page,
            kind=kind,
            text=text if text is not None else "".join(r.text for r in runs),
            bbox=(self.x0, self.y0, self.x1, self.y1),
            runs=runs,
            article=article,
            vertical=vertical,
            block=block,
        )


def place_set_line(rb: RunBuilder, tk: Tokens, sl: SetLine, x: float, baseline: float, size: float, color: str = "#000000") -> None:
    """Put a justified line's glyphs at their positions (em → points)."""
    if sl.end <= sl.start:
        return
    m = rb.m
    runs = rb.runs
    texts, roles, kinds, spaces = tk.text, tk.role, tk.kind, tk.space
    xs, ws, shifts, track = sl.x, sl.w, sl.shift, sl.track
    cur_role = None
    table = glyphs = pos = text = None
    first_x = None
    last_right = None
    for i in range(sl.end - sl.start):
        k = sl.start + i
        gx = x + (xs[i] - shifts[i]) * size
        role = roles[k]
        if role != cur_role:
            cur_role = role
            table = m.table(role)
            run = runs.get((role, size, color))
            if run is None:
                run = runs[(role, size, color)] = ([], [], [])
            glyphs, pos, text = run
        tok = texts[k]
        kind = kinds[k]
        if first_x is None:
            first_x = gx
        if i and spaces[k]:
            # the text's own space, kept in the text layer: an invisible glyph in the gap
            sgid = table[" "][0] if " " in table else m.glyph(role, " ")[0]
            glyphs.append(sgid)
            pos.append(x + (xs[i - 1] + ws[i - 1]) * size)
            pos.append(baseline)
            text.append(" ")
        if len(tok) == 1:
            gid, adv = table[tok]
            if kind == MIDDLE:
                gx += (ws[i] - adv) * size / 2  # an interpunct is centred in its half-em box
            elif adv < 0.99 and kind == OPEN:
                # an opening mark narrower than its 1-em cell (Kai quotes) hugs the right of the cell
                gx += (1.0 - adv) * size
            glyphs.append(gid)
            pos.append(gx)
            pos.append(baseline)
            text.append(tok)
            last_right = gx + adv * size
        else:
            # Latin words use their own advances; —— and …… one em per glyph
            extra = track[i] * size if track else 0.0
            for ch in tok:
                gid, adv = table[ch]
                glyphs.append(gid)
                pos.append(gx)
                pos.append(baseline)
                text.append(ch)
                last_right = gx + adv * size
                gx += (adv * size if kind == LATIN else size) + extra
    rb.x0 = min(rb.x0, first_x)
    rb.x1 = max(rb.x1, last_right)
    for role in {roles[k] for k in range(sl.start, sl.end)}:
        a, d = font_extent(role)
        rb.y0 = min(rb.y0, baseline - a * size)
        rb.y1 = max(rb.y1, baseline + d * size)


def set_simple(page: int, kind: str, role: str, size: float, text: str, x: float, top: float, band: float,
               width: float | None = None, align: str = "left", article: str | None = None,
               color: str = "#000000", tracking: float = 0.0, block: int | None = None) -> TextLine | None:
    """One unbroken line of text, aligned in [x, x + width], centred in a band."""
    rb = RunBuilder()
    tk = tokenize([(text, role)])
    nat = natural_width(tk) * size + tracking * max(0, len(tk) - 1 - sum(
        1 for k in range(1, len(tk)) if tk.kind[k] == tk.kind[k - 1] == LATIN and not tk.space[k]))
    if width is None or align == "left":
        sx = x
    elif align == "right":
        sx = x + width - nat
    else:
        sx = x + (width - nat) / 2
    sl = justify(tk, 0, len(tk), (nat / size) if size else 0, last=True)
    if tracking:
        # tracking between characters and words, not inside a word broken at its hyphen
        steps, n = [], 0
        for k in range(len(tk)):
            if k and not (tk.kind[k] == tk.kind[k - 1] == LATIN and not tk.space[k]):
                n += 1
            steps.append(n)
        sl = SetLine(sl.start, sl.end, tuple(v + steps[i] * tracking / size for i, v in enumerate(sl.x)), sl.w, sl.shift,
                     sl.width, sl.track)
    place_set_line(rb, tk, sl, sx, baseline_in(top, band, size), size, color)
    return rb.line(page, kind, article, block=block)


@functools.cache
def _ink(role: str, ch: str) -> tuple[float, float, float, float]:
    """The ink box of a glyph in em, relative to its origin on the baseline (y up is negative)."""
    f = typeface(role)
    return f.ink_box(f.glyph_index(ch))


LATIN_TURN_GAP = 0.125  # em above and below a turned Latin run in a vertical column
TATE_CHU_YOKO_EM = 0.92  # the widest a pair of letters or digits may be in one cell


def place_vertical_column(rb: RunBuilder, tk: Tokens, start: int, end: int, extents: list[float], cx: float, top: float,
                          size: float, color: str = "#000000") -> float:
    """Set tokens start..end-1 top to bottom in a column centred on ``cx``
    (竖排): characters upright; 。，、：；！？ in the upper right quarter of
    their cell; brackets, quotes, dashes and ellipses in their vertical
    forms; one or two Latin letters or digits side by side in one cell
    (纵中横); a longer Latin run turned a quarter clockwise. Returns the
    column's bottom."""
    m = rb.m
    y = top
    for k in range(start, end):
        tok, role = tk.text[k], tk.role[k]
        if tk.kind[k] == LATIN:
            if len(tok) <= 2:
                adv = sum(m.glyph(role, c)[1] for c in tok)
                s = size * min(1.0, TATE_CHU_YOKO_EM / adv) if adv else size
                x = cx - adv * s / 2
                base = y + size / 2 + 0.36 * s  # figures and capitals centred in the cell
                for c in tok:
                    x += rb.add(role, s, c, x, base, color)
            else:
                # turned: the letters' tops face right, the run reads downwards
                yy = y + LATIN_TURN_GAP * size
                for c in tok:
                    yy += rb.add(role, size, c, cx - 0.36 * size, yy, color, angle=90.0)
        else:
            for n, c in enumerate(tok):  # —— and …… take a cell per glyph
                cy = y + n * size
                if c in VERTICAL_UPPER_RIGHT:
                    x0, y0, x1, y1 = _ink(role, c)
                    # in the cell's upper right quarter: a small mark centred in it,
                    # a tall one (：；！？) in the right half from near the cell's top
                    mid = size / 4 if y1 - y0 <= 0.5 else (0.08 + (y1 - y0) / 2) * size
                    rb.add(role, size, c, cx + size / 4 - (x0 + x1) / 2 * size, cy + mid - (y0 + y1) / 2 * size, color)
                else:
                    vc = VERTICAL_FORMS.get(c, c)
                    _, adv = m.glyph(role, vc)
                    rb.add(role, size, vc, cx - adv * size / 2, cy + EM_ASCENT * size, color)
        y += extents[k] * size
    return y
