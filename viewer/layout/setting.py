"""Turning set lines into glyph runs: the bridge from tokens to values."""

from __future__ import annotations

import functools
from array import array

from ..fonts import REFERENCE_PX, raw_font
from .text import LATIN, MIDDLE, OPEN, Metrics, SetLine, Tokens, justify, metrics, natural_width, tokenize
from .values import GlyphRun, TextLine

# Vertical presentation forms for upright vertical setting (竖排).
VERTICAL_FORMS = {
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖",
    "（": "︵", "）": "︶", "｛": "︷", "｝": "︸", "〔": "︹", "〕": "︺", "【": "︻", "】": "︼",
    "《": "︽", "》": "︾", "〈": "︿", "〉": "﹀", "「": "﹁", "」": "﹂", "『": "﹃", "』": "﹄",
    "“": "﹁", "”": "﹂", "‘": "﹃", "’": "﹄", "—": "︱", "…": "︙", "［": "﹇", "］": "﹈",
}


@functools.cache
def font_extent(role: str) -> tuple[float, float]:
    """(ascent, descent) of a role's font in em, as PDF readers measure lines.

    MuPDF (through FreeType) takes a line's box from the ``hhea`` ascender
    and descender. QRawFont.ascent()/descent() report the OS/2 usWin values
    for some fonts instead (HeraldKai: 1.032/0.285 against hhea 0.928/0.256),
    which put caption boxes 0.9 pt off the PDF's; so read ``hhea`` itself."""
    import struct

    f = raw_font(role)
    hhea, head = bytes(f.fontTable("hhea")), bytes(f.fontTable("head"))
    if len(hhea) >= 8 and len(head) >= 20:
        ascender, descender = struct.unpack(">hh", hhea[4:8])
        upm = struct.unpack(">H", head[18:20])[0]
        if upm and ascender > 0 and descender <= 0:
            return ascender / upm, -descender / upm
    return f.ascent() / REFERENCE_PX, f.descent() / REFERENCE_PX


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
        self.runs: dict[tuple[str, float, str], tuple[list, list, list]] = {}
        self.x0 = float("inf")
        self.x1 = float("-inf")
        self.y0 = float("inf")
        self.y1 = float("-inf")

    def add(self, role: str, size: float, ch: str, x: float, baseline: float, color: str = "#000000") -> float:
        """Add one glyph with its origin at (x, baseline); returns its font advance."""
        gid, adv = self.m.glyph(role, ch)
        glyphs, pos, text = self.runs.setdefault((role, size, color), ([], [], []))
        glyphs.append(gid)
        pos.append(x)
        pos.append(baseline)
        text.append(ch)
        a, d = font_extent(role)
        self.x0 = min(self.x0, x)
        self.x1 = max(self.x1, x + adv * size)
        self.y0 = min(self.y0, baseline - a * size)
        self.y1 = max(self.y1, baseline + d * size)
        return adv * size

    def line(self, page: int, kind: str, article: str | None = None, vertical: bool = False, text: str | None = None) -> TextLine | None:
        if not self.runs:
            return None
        runs = tuple(
            GlyphRun(role=r, size_pt=s, glyph_data=array("I", g).tobytes(), xy=array("d", p).tobytes(), text="".join(t),
                     color=c)
            for (r, s, c), (g, p, t) in self.runs.items()
        )
        return TextLine(
            page=page,
            kind=kind,
            text=text if text is not None else "".join(r.text for r in runs),
            bbox=(self.x0, self.y0, self.x1, self.y1),
            runs=runs,
            article=article,
            vertical=vertical,
        )


def place_set_line(rb: RunBuilder, tk: Tokens, sl: SetLine, x: float, baseline: float, size: float, color: str = "#000000") -> None:
    """Put a justified line's glyphs at their positions (em → points)."""
    if sl.end <= sl.start:
        return
    m = rb.m
    runs = rb.runs
    texts, roles, kinds = tk.text, tk.role, tk.kind
    xs, shifts, track = sl.x, sl.shift, sl.track
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
        if len(tok) == 1:
            gid, adv = table[tok]
            if adv < 0.99 and (kind == OPEN or kind == MIDDLE):
                # a mark narrower than its 1-em cell (Kai quotes, Latin middle
                # dots): opening marks hug the right of the cell, interpuncts centre
                gx += (1.0 - adv) * size * (1.0 if kind == OPEN else 0.5)
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
               color: str = "#000000", tracking: float = 0.0) -> TextLine | None:
    """One unbroken line of text, aligned in [x, x + width], centred in a band."""
    rb = RunBuilder()
    tk = tokenize([(text, role)])
    nat = natural_width(tk) * size + tracking * max(0, len(tk) - 1)
    if width is None or align == "left":
        sx = x
    elif align == "right":
        sx = x + width - nat
    else:
        sx = x + (width - nat) / 2
    sl = justify(tk, 0, len(tk), (nat / size) if size else 0, last=True)
    if tracking:
        sl = SetLine(sl.start, sl.end, tuple(v + i * tracking / size for i, v in enumerate(sl.x)), sl.w, sl.shift, sl.width,
                     sl.track)
    place_set_line(rb, tk, sl, sx, baseline_in(top, band, size), size, color)
    return rb.line(page, kind, article, text=text)
