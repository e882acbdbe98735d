"""Chinese text setting: tokens, line breaking and justification.

The rules are those of GB-style Chinese layout (clreq §3, GB/T 15834):
prohibited line starts and ends, —— and …… kept whole, punctuation widths
and compression of adjacent marks, half-width marks at a line's end,
squeezing before stretching in a fixed order, Latin words and digit runs
never broken and spaced ¼ em from Han characters.

Widths here are in em of the run's type size; the caller turns them into
points. Glyph advances come from the bundled fonts, unhinted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QRawFont

from ..fonts import REFERENCE_PX, raw_font

# ------------------------------------------------------------ character classes

HAN, LATIN, OPEN, CLOSE, COMMA, STOP, MIDDLE, DASH, ELLIPSIS, CONNECTOR, SOLIDUS, SYMBOL = range(12)

OPENING = set("“‘「『（《〈【〖〔［｛")
CLOSING = set("”’」』）》〉】〗〕］｝")
COMMAS = set("，、；：")  # squeezed in step 5 (：too, set in the lower left in GB style)
STOPS = set("。．！？‼⁇")
MIDDLES = set("·・‧")
CONNECTORS = set("～–")
SOLIDI = set("／")
# may not start a line (clreq; —— and …… are tokens of their own)
NO_START_KINDS = {CLOSE, COMMA, STOP, MIDDLE, DASH, ELLIPSIS, CONNECTOR, SOLIDUS}
NO_END_KINDS = {OPEN, SOLIDUS}
RIGHT_BLANK = {CLOSE, COMMA, STOP}  # glyph on the left, blank on the right

LATIN_CHARS = set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    ".,%+-/:'&_@#$°*=<>^~!?;\"()[]"
)

# squeeze classes, in the order of clreq §3.5 (1, the line-end mark, is applied
# to the natural width of the line's last token)
SQ_SPACE, SQ_MIDDLE, SQ_BRACKET, SQ_COMMA, SQ_GAP, SQ_STOP = 2, 3, 4, 5, 6, 7
SQUEEZE_ORDER = (SQ_SPACE, SQ_MIDDLE, SQ_BRACKET, SQ_COMMA, SQ_GAP, SQ_STOP)

SPACE_NAT, SPACE_MIN, SPACE_MAX = 1 / 3, 1 / 4, 1 / 2
GAP_NAT, GAP_MIN, GAP_MAX = 1 / 4, 1 / 8, 1 / 2


_KIND_CACHE: dict[str, int] = {}


def char_kind(ch: str) -> int:
    k = _KIND_CACHE.get(ch)
    if k is None:
        k = _KIND_CACHE[ch] = _char_kind(ch)
    return k


def _char_kind(ch: str) -> int:
    if ch in OPENING:
        return OPEN
    if ch in CLOSING:
        return CLOSE
    if ch in COMMAS:
        return COMMA
    if ch in STOPS:
        return STOP
    if ch in MIDDLES:
        return MIDDLE
    if ch in CONNECTORS or ch == "—":
        return CONNECTOR
    if ch in SOLIDI:
        return SOLIDUS
    if ch in LATIN_CHARS or ("\u00c0" <= ch <= "\u024f"):
        return LATIN
    o = ord(ch)
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF or 0x3040 <= o <= 0x30FF:
        return HAN
    return SYMBOL


# ------------------------------------------------------------ metrics


class Metrics:
    """Glyph indexes and unhinted advances (in em) of the bundled fonts."""

    def __init__(self) -> None:
        self._cache: dict[str, dict[str, tuple[int, float]]] = {}

    def _font(self, role: str) -> QRawFont:
        return raw_font(role)

    def prepare(self, role: str, text: str) -> dict[str, tuple[int, float]]:
        table = self._cache.setdefault(role, {})
        if len(text) == 1:
            if text in table:
                return table
            missing = text
        else:
            missing = "".join(sorted({c for c in text if c not in table}))
        if missing:
            font = self._font(role)
            gids = font.glyphIndexesForString(missing)
            advs = font.advancesForGlyphIndexes(gids, QRawFont.LayoutFlag.UseDesignMetrics)
            for ch, g, a in zip(missing, gids, advs):
                table[ch] = (g, a.x() / REFERENCE_PX)
        return table

    def table(self, role: str) -> dict[str, tuple[int, float]]:
        """The glyph table of a role: every character prepared so far."""
        return self._cache.setdefault(role, {})

    def glyph(self, role: str, ch: str) -> tuple[int, float]:
        table = self._cache.get(role)
        if table is None or ch not in table:
            table = self.prepare(role, ch)
        return table[ch]

    def width(self, role: str, text: str) -> float:
        table = self.prepare(role, text)
        return sum(table[c][1] for c in text)


_metrics = Metrics()


def metrics() -> Metrics:
    return _metrics


# ------------------------------------------------------------ tokens


@dataclass
class Tokens:
    """A paragraph as unbreakable tokens with the glue between them.

    ``gap_*[k]`` is the glue before token k (0 for k = 0).
    """

    text: list[str]
    role: list[str]
    kind: list[int]
    width: list[float]  # natural width, em
    trim_left: list[float]  # blank removed from the left by adjacent-mark compression
    shrink: list[float]  # how much more the token may be squeezed, em
    sclass: list[int]
    gap_nat: list[float]
    gap_shrink: list[float]
    gap_stretch: list[float]
    gap_class: list[int]

    def __len__(self) -> int:
        return len(self.text)


_SQUEEZE = {MIDDLE: SQ_MIDDLE, OPEN: SQ_BRACKET, CLOSE: SQ_BRACKET, COMMA: SQ_COMMA, STOP: SQ_STOP}


def tokenize(segments: list[tuple[str, str]], m: Metrics | None = None) -> Tokens:
    """Split ``[(text, role), ...]`` into tokens."""
    m = m or _metrics
    text: list[str] = []
    role: list[str] = []
    kind: list[int] = []
    space_before: list[bool] = []
    pending_space = False
    tables = {}
    for seg, r in segments:
        tables[r] = m.prepare(r, seg)
        i, n = 0, len(seg)
        while i < n:
            ch = seg[i]
            if ch in " \t\n\u3000":
                pending_space = True
                i += 1
                continue
            k = char_kind(ch)
            if ch == "—" and i + 1 < n and seg[i + 1] == "—":
                tok, k = "——", DASH
                i += 2
            elif ch == "…":
                j = i
                while j < n and seg[j] == "…":
                    j += 1
                tok, k = seg[i:j], ELLIPSIS
                i = j
            elif k == LATIN:
                j = i + 1
                while j < n and char_kind(seg[j]) == LATIN:
                    j += 1
                tok = seg[i:j]
                i = j
            else:
                tok = ch
                i += 1
            text.append(tok)
            role.append(r)
            kind.append(k)
            space_before.append(pending_space and len(text) > 1)
            pending_space = False

    n = len(text)
    width = [0.0] * n
    trim_left = [0.0] * n
    shrink = [0.0] * n
    sclass = [0] * n
    for t in range(n):
        k = kind[t]
        if k == HAN:
            width[t] = 1.0
            continue
        tab = tables[role[t]]
        if k == LATIN:
            width[t] = sum(tab[c][1] for c in text[t])
        elif k in (DASH, ELLIPSIS):
            width[t] = float(len(text[t]))
        elif k == SOLIDUS or k == CONNECTOR and text[t] == "–":
            width[t] = 0.5
        elif k == SYMBOL:
            width[t] = max(tab[text[t]][1], 0.25)
        else:
            width[t] = 1.0
        sq = _SQUEEZE.get(k)
        if sq is not None:
            shrink[t], sclass[t] = 0.5, sq
    # two adjacent marks that would take 2 em take 1.5 em
    for t in range(n - 1):
        a, b = kind[t], kind[t + 1]
        if a in RIGHT_BLANK and b in (OPEN, CLOSE, COMMA, STOP, MIDDLE) and width[t] == 1.0 and shrink[t] > 0:
            width[t], shrink[t] = 0.5, 0.0
        elif b == OPEN and a in (OPEN, CLOSE, COMMA, STOP, MIDDLE) and width[t + 1] == 1.0 and shrink[t + 1] > 0:
            width[t + 1], shrink[t + 1], trim_left[t + 1] = 0.5, 0.0, 0.5

    gap_nat = [0.0] * n
    gap_shrink = [0.0] * n
    gap_stretch = [0.0] * n
    gap_class = [0] * n
    for t in range(1, n):
        a, b = kind[t - 1], kind[t]
        if a == b == HAN and not space_before[t]:
            continue
        if space_before[t] and a not in (OPEN, CLOSE, COMMA, STOP) and b not in (OPEN, CLOSE, COMMA, STOP):
            gap_nat[t], gap_shrink[t], gap_stretch[t], gap_class[t] = SPACE_NAT, SPACE_NAT - SPACE_MIN, SPACE_MAX - SPACE_NAT, SQ_SPACE
        elif (a == LATIN and b == HAN) or (a == HAN and b == LATIN):
            gap_nat[t], gap_shrink[t], gap_stretch[t], gap_class[t] = GAP_NAT, GAP_NAT - GAP_MIN, GAP_MAX - GAP_NAT, SQ_GAP
    return Tokens(text, role, kind, width, trim_left, shrink, sclass, gap_nat, gap_shrink, gap_stretch, gap_class)


def can_break_before(tk: Tokens, k: int) -> bool:
    """Whether a line may end after token k-1 and start with token k."""
    if k <= 0 or k >= len(tk):
        return True
    return tk.kind[k] not in NO_START_KINDS and tk.kind[k - 1] not in NO_END_KINDS


def break_line(tk: Tokens, start: int, width_em: float) -> int:
    """Greedy: the end (exclusive) of the line that starts at ``start``.

    Tokens are added while the line can still be squeezed to the width
    (先挤进); then the line ends at the last legal break (后推出).
    """
    n = len(tk)
    nat = 0.0
    shr = 0.0
    eps = 1e-6
    for k in range(start, n):
        if k > start:
            nat += tk.gap_nat[k]
            shr += tk.gap_shrink[k]
        nat += tk.width[k]
        shr += tk.shrink[k]
        if nat - shr > width_em + eps:
            for j in range(k, start, -1):
                if can_break_before(tk, j):
                    return j
            return k if k > start else start + 1  # one token wider than the line
    return n


@dataclass(frozen=True)
class SetLine:
    """A line's tokens with their final box positions (em from the line start)."""

    start: int
    end: int
    x: tuple[float, ...]  # left edge of each token's box
    w: tuple[float, ...]  # width of each token's box
    shift: tuple[float, ...]  # how far left of its box the glyph is drawn
    width: float  # total width of the set line
    track: tuple[float, ...] = ()  # extra space between the letters of a token


def justify(tk: Tokens, start: int, end: int, width_em: float, last: bool) -> SetLine:
    """Place tokens start..end-1 on a line of ``width_em``.

    Every line but a paragraph's last is flush with both edges: squeeze in
    clreq order when too long, otherwise stretch spaces, Han-Latin gaps and
    then every inter-character gap.
    """
    idx = range(start, end)
    w = [tk.width[k] for k in idx]
    shift = [tk.trim_left[k] for k in idx]
    shrink = [tk.shrink[k] for k in idx]
    gaps = [0.0] + [tk.gap_nat[k] for k in range(start + 1, end)]
    n = len(w)
    # 1. a full-width mark at the line's end is set half width
    if n and tk.kind[end - 1] in RIGHT_BLANK and w[-1] >= 1.0:
        w[-1] -= 0.5
        shrink[-1] = 0.0
    natural = sum(w) + sum(gaps)
    delta = width_em - natural
    track = [0.0] * n
    if delta < -1e-9:
        need = -delta
        for cls in SQUEEZE_ORDER:
            if need <= 1e-12:
                break
            items = []
            for i in range(n):
                k = start + i
                if tk.sclass[k] == cls and shrink[i] > 0:
                    items.append(("t", i, shrink[i]))
                if i > 0 and tk.gap_class[k] == cls and tk.gap_shrink[k] > 0:
                    items.append(("g", i, tk.gap_shrink[k]))
            cap = sum(c for _, _, c in items)
            if cap <= 0:
                continue
            take = min(cap, need)
            f = take / cap
            for what, i, c in items:
                if what == "g":
                    gaps[i] -= c * f
                else:
                    w[i] -= c * f
                    k = start + i
                    if tk.kind[k] == OPEN:
                        shift[i] += c * f  # opening marks lose their left blank
                    elif tk.kind[k] == MIDDLE:
                        shift[i] += c * f / 2
            need -= take
    elif delta > 1e-9 and not last and n > 1:
        slack = delta
        for cls in (SQ_SPACE, SQ_GAP):
            items = [i for i in range(1, n) if tk.gap_class[start + i] == cls]
            if not items or slack <= 1e-12:
                continue
            cap = sum(tk.gap_stretch[start + i] for i in items)
            take = min(cap, slack)
            for i in items:
                gaps[i] += tk.gap_stretch[start + i] * take / cap
            slack -= take
        if slack > 1e-12:
            # spread evenly between characters, avoiding connectors when possible
            spots = [i for i in range(1, n) if tk.kind[start + i] != CONNECTOR and tk.kind[start + i - 1] != CONNECTOR]
            if not spots:
                spots = list(range(1, n))
            per = slack / len(spots)
            for i in spots:
                gaps[i] += per
    elif delta > 1e-9 and not last and n == 1 and tk.kind[start] == LATIN and len(tk.text[start]) > 1:
        # a lone Latin word: letter-space it rather than leave the line short
        track[0] = delta / (len(tk.text[start]) - 1)
        w[0] += delta
    xs = []
    x = 0.0
    for i in range(n):
        x += gaps[i]
        xs.append(x)
        x += w[i]
    return SetLine(start, end, tuple(xs), tuple(w), tuple(shift), x, tuple(track))


def set_paragraph(tk: Tokens, widths) -> list[SetLine]:
    """Break and justify a whole paragraph; ``widths(i)`` gives line i's width in em."""
    lines = []
    start = 0
    i = 0
    n = len(tk)
    while start < n:
        wd = widths(i)
        end = break_line(tk, start, wd)
        lines.append(justify(tk, start, end, wd, last=end >= n))
        start = end
        i += 1
    return lines


def natural_width(tk: Tokens, start: int = 0, end: int | None = None) -> float:
    end = len(tk) if end is None else end
    total = sum(tk.width[start:end]) + sum(tk.gap_nat[start + 1:end])
    if end > start and tk.kind[end - 1] in RIGHT_BLANK and tk.width[end - 1] >= 1.0:
        total -= 0.5
    return total


def balanced_breaks(tk: Tokens, width_em: float, forced: set[int] | None = None) -> list[tuple[int, int]]:
    """Headline breaking: the fewest lines that fit, as even as possible,
    preferring breaks after punctuation and between Latin words."""
    n = len(tk)
    if n == 0:
        return []
    INF = float("inf")
    # best[k] = (cost, lines, prev) for a break before token k
    best: list[tuple[float, int, int]] = [(INF, 0, -1)] * (n + 1)
    best[0] = (0.0, 0, -1)
    forced = forced or set()
    for k in range(1, n + 1):
        if k < n and not can_break_before(tk, k) and k not in forced:
            continue
        for j in range(k - 1, -1, -1):
            if best[j][0] == INF:
                continue
            if any(f for f in forced if j < f < k):
                continue
            wd = natural_width(tk, j, k)
            if wd > width_em + 1e-6 and k - j > 1:
                break  # starting earlier only makes the line longer
            slack = max(0.0, width_em - wd)
            cost = best[j][0] + 1000.0 + slack * slack
            if k < n and (tk.kind[k - 1] in (COMMA, STOP, CLOSE) or tk.gap_class[k] == SQ_SPACE):
                cost -= 0.1 * width_em * width_em  # a break after a mark reads best
            if cost < best[k][0]:
                best[k] = (cost, best[j][1] + 1, j)
    if best[n][0] == INF:
        # nothing fits: one token per line at worst
        return [(i, i + 1) for i in range(n)]
    out = []
    k = n
    while k > 0:
        j = best[k][2]
        out.append((j, k))
        k = j
    out.reverse()
    return out
