"""Chinese text setting: tokens, paragraph-wide line breaking and justification.

The rules are those of Chinese layout (clreq §3, GB/T 15834): prohibited
line starts and ends, —— and …… kept whole, punctuation widths in one
consistent style (全角式 by default: marks are full width and compressed
only at a line's end and in adjacent pairs; 开明式 as an option), Latin
words and digit runs spaced ¼ em from Han characters.

Line breaking is total-fit, in the spirit of Knuth and Plass: every break of
a paragraph is chosen together, by the least total cost of stretching lines,
squeezing a mid-line mark (a last resort), breaking a digit run after its
hyphen, and leaving a one-character last line. What a line must absorb is
spread evenly over all its gaps.

Widths here are in em of the run's type size; the caller turns them into
points. Glyph advances come from the bundled fonts, unhinted.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

from ..model.marks import KEEP_CLOSE, KEEP_OPEN, plain
from ..typefaces import typeface

# ------------------------------------------------------------ character classes

HAN, LATIN, OPEN, CLOSE, COMMA, STOP, MIDDLE, DASH, ELLIPSIS, CONNECTOR, SOLIDUS, SYMBOL = range(12)

OPENING = set("“‘「『（《〈【〖〔［｛")
CLOSING = set("”’」』）》〉】〗〕］｝")
COMMAS = set("，、；：")
STOPS = set("。．！？‼⁇")
MIDDLES = set("·・‧")
CONNECTORS = set("～–")
SOLIDI = set("／")
# may not start a line (clreq; —— and …… are tokens of their own)
NO_START_KINDS = {CLOSE, COMMA, STOP, MIDDLE, DASH, ELLIPSIS, CONNECTOR, SOLIDUS}
NO_END_KINDS = {OPEN, SOLIDUS}
RIGHT_BLANK = {CLOSE, COMMA, STOP}  # glyph on the left, blank on the right
MARKS = {OPEN, CLOSE, COMMA, STOP, MIDDLE, DASH, ELLIPSIS, CONNECTOR, SOLIDUS}
PAUSES = COMMAS | set("。！？")  # the pause and stop marks of a sentence

LATIN_CHARS = set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    ".,%+-/:'&_@#$°*=<>^~!?;\"()[]"
)

SPACE_NAT, SPACE_MIN, SPACE_MAX = 1 / 3, 1 / 4, 1 / 2
GAP_HAN_LATIN = 1 / 4  # between Han and a Latin word or digit run, everywhere
SQ_SPACE, SQ_GAP = 2, 6  # gap classes: a word space, the Han-Latin gap

FULL_WIDTH, KAIMING = "full-width", "kaiming"  # punctuation styles: 全角式, 开明式

# Costs of the paragraph breaker (demerits; lower is better).
COST_LINE = 10.0  # every line: fewer lines are better
COST_STRETCH = 4000.0  # times (extra space per gap, em)²
LETTERSPACED_EM = 0.095  # gaps this much wider read as letter-spaced
COST_LETTERSPACED = 400.0
LOOSE_EM = 0.25  # gaps wider than this leave a hole in the line
COST_LOOSE = 20000.0
COST_SQUEEZE = 350.0  # each mid-line pause or stop mark set narrower than full width
COST_SQUEEZE_BRACKET = 120.0  # each mid-line closing bracket or quote that loses its blank half
COST_WORD_SHRINK = 20.0  # times (word-space shrink used / available)²
MAX_TIGHTEN_EM = 0.06  # the most a line's gaps may close up, each, to take in a mark that may not start the next line
COST_TIGHTEN = 150.0  # a line set that much tighter (plus COST_STRETCH times four times the square of the amount)
COST_HYPHEN = 250.0  # a Latin or digit run broken after its hyphen or en dash
COST_NUMBER_UNIT = 300.0  # a number parted from the character after it (2364|家, 2026|年)
COST_SHORT_LAST = 460.0  # a paragraph's last line of one character
NO_BREAK = 1e6  # a break inside a kept-together run: only when nothing else fits
MAX_SLACK_PER_EM = 0.14  # lines short by more than this times their width are not considered
PRUNE_SPREAD = 1500.0  # ways to reach a break that cost this much more than the best way there are dropped


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
    # CJK Unified Ideographs and Extension A, Compatibility Ideographs, kana,
    # and the Supplementary and Tertiary Ideographic Planes (Extensions B to J)
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o < 0x40000 or 0x3040 <= o <= 0x30FF:
        return HAN
    return SYMBOL


# ------------------------------------------------------------ metrics


class Metrics:
    """Glyph indexes and unhinted advances (in em) of the bundled fonts."""

    def __init__(self) -> None:
        self._cache: dict[str, dict[str, tuple[int, float]]] = {}

    def prepare(self, role: str, text: str) -> dict[str, tuple[int, float]]:
        table = self._cache.setdefault(role, {})
        if len(text) == 1:
            if text in table:
                return table
            missing = text
        else:
            missing = sorted({c for c in text if c not in table})
        if missing:
            face = typeface(role)
            for ch in missing:
                g = face.glyph_index(ch)
                table[ch] = (g, face.advance(g))
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

    ``gap_*[k]`` is the glue before token k (0 for k = 0); ``penalty[k]`` the
    cost of a line break before token k (beyond the line rules, which forbid
    it outright); ``space[k]`` whether the text has white space before token
    k (set as a space glyph, so the text layer keeps it).
    """

    text: list[str]
    role: list[str]
    kind: list[int]
    width: list[float]  # natural width, em
    trim_left: list[float]  # blank removed from the left by adjacent-mark compression
    shrink: list[float]  # how much a mid-line mark may be squeezed as a last resort, em
    gap_nat: list[float]
    gap_shrink: list[float]
    gap_stretch: list[float]
    gap_class: list[int]
    penalty: list[float]
    space: list[bool]

    def __len__(self) -> int:
        return len(self.text)


def tokenize(segments, m: Metrics | None = None, style: str = FULL_WIDTH) -> Tokens:
    """Split ``[(text, role), ...]`` into tokens.

    A segment may carry a third item, ``"byline"``: inside it a line breaks
    only at a space or beside a bracket, so a reporter's name stays whole.
    Runs between the no-break marks ``{`` and ``}`` stay on one line."""
    m = m or _metrics
    text: list[str] = []
    role: list[str] = []
    kind: list[int] = []
    space_before: list[bool] = []
    keep: list[int] = []  # the kept-together run a token belongs to (0: none)
    byline: list[bool] = []
    split_after_hyphen: list[bool] = []
    pending_space = False
    run_id = 0
    in_run = 0
    tables = {}
    kind_of = _KIND_CACHE.get
    for seg in segments:
        s, r = seg[0], seg[1]
        is_byline = len(seg) > 2 and seg[2] == "byline"
        tables[r] = m.prepare(r, plain(s))
        i, n = 0, len(s)
        while i < n:
            ch = s[i]
            if ch in " \t\n\u3000\u00a0":
                pending_space = True
                i += 1
                continue
            if ch == KEEP_OPEN:
                run_id += 1
                in_run = run_id
                i += 1
                continue
            if ch == KEEP_CLOSE:
                in_run = 0
                i += 1
                continue
            k = kind_of(ch)
            if k is None:
                k = char_kind(ch)
            hyphen = False
            if k == HAN:
                tok = ch
                i += 1
            elif ch == "—" and i + 1 < n and s[i + 1] == "—":
                tok, k = "——", DASH
                i += 2
            elif ch == "…":
                j = i
                while j < n and s[j] == "…":
                    j += 1
                tok, k = s[i:j], ELLIPSIS
                i = j
            elif k == LATIN:
                j = i + 1
                while j < n and char_kind(s[j]) == LATIN:
                    # a run may break after a hyphen that joins two parts
                    if s[j - 1] == "-" and j - 1 > i:
                        hyphen = True
                        break
                    j += 1
                tok = s[i:j]
                i = j
            else:
                tok = ch
                i += 1
            text.append(tok)
            role.append(r)
            kind.append(k)
            space_before.append(pending_space and len(text) > 1)
            keep.append(in_run)
            byline.append(is_byline)
            split_after_hyphen.append(hyphen)
            pending_space = False

    n = len(text)
    width = [0.0] * n
    trim_left = [0.0] * n
    shrink = [0.0] * n
    kaiming = style == KAIMING
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
        elif k in (SOLIDUS, MIDDLE) or k == CONNECTOR and text[t] == "–":
            width[t] = 0.5  # always half width, never compressed
        elif k == SYMBOL:
            width[t] = max(tab[text[t]][1], 0.25)
        elif kaiming and (k in (OPEN, CLOSE) or k == COMMA):
            width[t] = 0.5  # 开明式: only 。？！ keep their full width
        else:
            width[t] = 1.0
            if k in (CLOSE, COMMA, STOP):
                shrink[t] = 0.5  # a last resort mid-line; at a line's end always
    # two adjacent marks that would take 2 em take 1.5 em
    for t in range(n - 1):
        a, b = kind[t], kind[t + 1]
        if a in RIGHT_BLANK and b in (OPEN, CLOSE, COMMA, STOP, MIDDLE) and width[t] == 1.0:
            width[t], shrink[t] = 0.5, 0.0
        elif b == OPEN and a in (OPEN, CLOSE, COMMA, STOP, MIDDLE) and width[t + 1] == 1.0:
            width[t + 1], trim_left[t + 1] = 0.5, 0.5

    gap_nat = [0.0] * n
    gap_shrink = [0.0] * n
    gap_stretch = [0.0] * n
    gap_class = [0] * n
    penalty = [0.0] * n
    tight = (OPEN, CLOSE, COMMA, STOP)
    for t in range(1, n):
        a, b = kind[t - 1], kind[t]
        if space_before[t] and a not in tight and b not in tight:
            gap_nat[t], gap_shrink[t], gap_stretch[t], gap_class[t] = SPACE_NAT, SPACE_NAT - SPACE_MIN, SPACE_MAX - SPACE_NAT, SQ_SPACE
        elif (a == LATIN and b == HAN) or (a == HAN and b == LATIN):
            gap_nat[t], gap_class[t] = GAP_HAN_LATIN, SQ_GAP
        if split_after_hyphen[t - 1] or (a == CONNECTOR and b == LATIN and t > 1 and kind[t - 2] == LATIN):
            penalty[t] = COST_HYPHEN
        elif a == LATIN and b == HAN and text[t - 1][-1:].isdigit():
            penalty[t] = COST_NUMBER_UNIT  # a figure and its unit or measure word stay together
        if keep[t] and keep[t] == keep[t - 1]:
            penalty[t] = NO_BREAK
        elif byline[t] and byline[t - 1] and not space_before[t] and a not in (CLOSE, COMMA, STOP) and b != OPEN:
            penalty[t] = NO_BREAK  # a name in a byline stays whole
    return Tokens(text, role, kind, width, trim_left, shrink, gap_nat, gap_shrink, gap_stretch, gap_class, penalty,
                  space_before)


def can_break_before(tk: Tokens, k: int) -> bool:
    """Whether the line rules let a line end after token k-1 and start with token k."""
    if k <= 0 or k >= len(tk):
        return True
    if tk.kind[k] in NO_START_KINDS or tk.kind[k - 1] in NO_END_KINDS:
        return False
    # ASCII / and - are set with Latin text, but the rules are the same: a
    # solidus neither starts nor ends a line, a hyphen does not start one
    return not (tk.kind[k] == LATIN and tk.text[k][:1] in "/-" or tk.kind[k - 1] == LATIN and tk.text[k - 1][-1:] == "/")


def natural_width(tk: Tokens, start: int = 0, end: int | None = None) -> float:
    """The width of tokens start..end-1 set as one line, its end mark at half width."""
    end = len(tk) if end is None else end
    total = sum(tk.width[start:end]) + sum(tk.gap_nat[start + 1:end])
    if end > start and tk.kind[end - 1] in RIGHT_BLANK and tk.width[end - 1] >= 1.0:
        total -= 0.5
    return total


# ------------------------------------------------------------ the paragraph breaker


class _Prefix:
    """Prefix sums of a paragraph, so that a line's widths cost O(1)."""

    __slots__ = ("nat", "word_shrink", "marks", "brackets", "letters", "ok", "end_mark", "content")

    def __init__(self, tk: Tokens):
        text, kind, width, shrink = tk.text, tk.kind, tk.width, tk.shrink
        gap_nat, gap_shrink, gap_class = tk.gap_nat, tk.gap_shrink, tk.gap_class
        n = len(text)
        nat, word_shrink, content = [0.0] * (n + 1), [0.0] * (n + 1), [0.0] * (n + 1)
        marks, brackets, letters = [0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
        a = b = c = 0.0
        m = q = lt = 0
        for t in range(n):
            k, w = kind[t], width[t]
            a += w + gap_nat[t]
            if gap_class[t] == SQ_SPACE:
                b += gap_shrink[t]
            if shrink[t] > 0:
                m += 1
                if k == CLOSE:
                    q += 1
            if k == LATIN:
                lt += len(text[t]) - 1
            if k not in MARKS:
                c += w
            nat[t + 1], word_shrink[t + 1], content[t + 1] = a, b, c
            marks[t + 1], brackets[t + 1], letters[t + 1] = m, q, lt
        self.nat, self.word_shrink, self.content = nat, word_shrink, content
        self.marks, self.brackets, self.letters = marks, brackets, letters
        # a full-width mark at a line's end is set half width
        self.end_mark = [k in RIGHT_BLANK and w >= 1.0 for k, w in zip(kind, width)]
        # where the line rules let a line break (a break inside a kept-together
        # run is legal but costs NO_BREAK: taken only when the run is wider than the line)
        self.ok = [k == 0 or k == n or can_break_before(tk, k) for k in range(n + 1)]


@dataclass(frozen=True)
class ParagraphOption:
    """One way to set a paragraph: its cost and its lines as (start, end) token ranges."""

    cost: float
    lines: tuple[tuple[int, int], ...]


def paragraph_options(tk: Tokens, widths: Sequence[float], spread: float = 3000.0, limit: int = 4,
                      pre: _Prefix | None = None) -> dict[int, ParagraphOption]:
    """The best way to set the paragraph in n lines, for each n that costs
    at most ``spread`` more than the best (at most ``limit`` of them).

    ``widths[i]`` is line i's width in em (the last applies beyond the end).
    A line costs COST_LINE, plus its break's penalty, plus: when it is short,
    COST_STRETCH times the square of what each gap must take, with
    surcharges for letter-spaced and loose lines; when it is long, the
    shrink of its word spaces and COST_SQUEEZE for each mid-line mark it
    squeezes; a paragraph's last line of one character costs COST_SHORT_LAST."""
    n = len(tk.text)
    if n == 0:
        return {0: ParagraphOption(0.0, ())}
    pre = pre or _Prefix(tk)
    nat, ok, wsh, marks, end_mark, content = pre.nat, pre.ok, pre.word_shrink, pre.marks, pre.end_mark, pre.content
    brackets, letters = pre.brackets, pre.letters
    gap_nat, penalty = tk.gap_nat, tk.penalty
    last_w = len(widths) - 1
    wl = widths[last_w]
    # from line ``settled`` on every line has the last width: states at a break
    # with that many lines or more have the same lines ahead and may be pruned
    settled = last_w
    while settled > 0 and widths[settled - 1] == wl:
        settled -= 1
    bisect_left = bisect.bisect_left
    # states[k] = {lines: (cost, previous break)}
    states: list[dict[int, tuple[float, int]] | None] = [None] * (n + 1)
    states[0] = {0: (0.0, -1)}
    slack_floor = 1.0 - MAX_SLACK_PER_EM
    # what a line ending before token k adds whatever its start: its length
    # with the end mark at half width, and the cost of the break
    reach = [nat[k] - (0.5 if k and end_mark[k - 1] else 0.0) for k in range(n + 1)]
    fixed = [COST_LINE + (penalty[k] if k < n else 0.0) for k in range(n + 1)]
    for j in range(n):
        here = states[j]
        if here is None:
            continue
        ceiling = float("inf")
        if len(here) > 1:
            alike = [c for i, (c, _) in here.items() if i >= settled]
            if len(alike) > 1:
                ceiling = min(alike) + min(spread, PRUNE_SPREAD)
        base = nat[j] + gap_nat[j]
        for i, (c0, _) in here.items():
            if c0 > ceiling and i >= settled:
                continue
            w = widths[i] if i < last_w else wl
            i1 = i + 1
            # the first end worth considering: a line not much shorter than its width
            k = bisect_left(nat, base + w * slack_floor - 1.0, j + 1)
            if k > n:
                k = n
            ends = []  # (end, cost) of every line worth setting from j
            cheapest = float("inf")
            while k <= n:
                if not ok[k]:
                    k += 1
                    continue
                over = reach[k] - base - w
                c = c0 + fixed[k]
                if over > 1e-6:
                    shr = wsh[k] - wsh[j + 1] if k > j + 1 else 0.0
                    if over <= shr + 1e-9:
                        c += COST_WORD_SHRINK * (over / shr) ** 2
                    else:
                        way = shorten(over - shr, k - j - 1, brackets[k - 1] - brackets[j] if k - 1 > j else 0,
                                      marks[k - 1] - marks[j] if k - 1 > j else 0)
                        if way is None:
                            break  # a longer line cannot be taken in either
                        c += (COST_WORD_SHRINK if shr > 0 else 0.0) + way[0]
                elif k == n:
                    if i and content[k] - content[j] <= 1.0 + 1e-6:
                        c += COST_SHORT_LAST
                elif over < -1e-6:
                    gaps = k - j - 1
                    e = -over / gaps if gaps > 0 else LOOSE_EM * 2
                    if e > LOOSE_EM:
                        # too loose between words: the letters of Latin words and digit runs share it
                        more = letters[k] - letters[j]
                        if more:
                            e = -over / (gaps + more)
                    if gaps + (letters[k] - letters[j]) <= 0:
                        c += COST_LOOSE  # a lone character cannot be justified
                    else:
                        c += COST_STRETCH * e * e
                        if e >= LETTERSPACED_EM:
                            c += COST_LETTERSPACED
                            if e > LOOSE_EM:
                                c += COST_LOOSE
                ends.append((k, c))
                if c < cheapest:
                    cheapest = c
                k += 1
            if cheapest - c0 >= NO_BREAK:
                # nothing fits, or only by breaking a kept-together run: the
                # longest line outside such runs that is too short (or, when
                # nothing else is left, one that runs over)
                k = _fallback_end(tk, pre, j, w)
                if not ends or reach[k] - base <= w + 1e-6:
                    ends.append((k, c0 + COST_LOOSE * 10))
            for k, c in ends:
                d = states[k]
                if d is None:
                    states[k] = {i1: (c, j)}
                else:
                    old = d.get(i1)
                    if old is None or c < old[0]:
                        d[i1] = (c, j)
    final = states[n] or {}
    if not final:
        return {}
    best = min(c for c, _ in final.values())
    out: dict[int, ParagraphOption] = {}
    for count in sorted(final, key=lambda x: final[x][0])[:limit]:
        c = final[count][0]
        if c > best + spread:
            continue
        lines = []
        k, i = n, count
        while k > 0:
            j = states[k][i][1]
            lines.append((j, k))
            k, i = j, i - 1
        lines.reverse()
        out[count] = ParagraphOption(c, tuple(lines))
    return out


def shorten(need: float, gaps: int, brackets: int, marks: int) -> tuple[float, float, int] | None:
    """The cheapest way to take ``need`` em out of a line with ``gaps`` gaps
    and ``marks`` mid-line marks that may be squeezed (``brackets`` of them
    closing brackets): (cost, how much each gap closes up, how many marks
    are squeezed), or None when it cannot be done. Either every gap closes
    up a little (at most MAX_TIGHTEN_EM), or as few marks as will do lose
    their blank half, closing brackets first."""
    best = None
    if gaps > 0 and need <= MAX_TIGHTEN_EM * gaps + 1e-9:
        t = need / gaps
        best = (COST_TIGHTEN + 4 * COST_STRETCH * t * t, t, 0)
    if need <= 0.5 * marks + 1e-9:
        count = int(need / 0.5 - 1e-9) + 1
        nb = min(count, brackets)
        c = COST_SQUEEZE_BRACKET * nb + COST_SQUEEZE * (count - nb)
        if best is None or c < best[0]:
            best = (c, 0.0, count)
    return best


def _fallback_end(tk: Tokens, pre: _Prefix, j: int, width_em: float) -> int:
    """The end of a line from ``j`` when no end fits well: the last legal
    break outside a kept-together run that keeps the line within its width,
    or else the next such break."""
    n = len(tk)
    best = None
    for k in range(j + 1, n + 1):
        if k < n and (not pre.ok[k] or tk.penalty[k] >= NO_BREAK):
            continue
        if pre.nat[k] - pre.nat[j] - tk.gap_nat[j] <= width_em + 1e-6:
            best = k
        else:
            return best if best is not None else k
    return best if best is not None else n


def best_breaks(tk: Tokens, widths: Sequence[float]) -> tuple[tuple[int, int], ...]:
    """The least-cost lines of a paragraph."""
    opts = paragraph_options(tk, widths, spread=0.0, limit=1)
    if not opts:
        return ()
    return next(iter(opts.values())).lines


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


# the order in which a line too long for its width is squeezed: word
# spaces, then the blank of closing brackets, then pause and stop marks
_SQUEEZE_KINDS = ((CLOSE,), (COMMA,), (STOP,))


def justify(tk: Tokens, start: int, end: int, width_em: float, last: bool, trim_start: bool = False) -> SetLine:
    """Place tokens start..end-1 on a line of ``width_em``.

    Every line but a paragraph's last is flush with both edges. A mark at
    the line's end is set half width. A line that is short spreads what is
    missing evenly over all its gaps; one that is long shrinks word spaces,
    then closes up all its gaps a little or squeezes as few mid-line marks
    as it must, whichever ``shorten`` finds cheaper. ``trim_start``: an
    opening mark at the line's start loses its blank half (for ragged lines)."""
    idx = range(start, end)
    w = [tk.width[k] for k in idx]
    shift = [tk.trim_left[k] for k in idx]
    gaps = [0.0] + [tk.gap_nat[k] for k in range(start + 1, end)]
    n = len(w)
    kind = tk.kind
    if n and kind[end - 1] in RIGHT_BLANK and w[-1] >= 1.0:
        w[-1] -= 0.5
    if trim_start and n and kind[start] == OPEN and w[0] >= 1.0:
        w[0] -= 0.5
        shift[0] += 0.5
    natural = sum(w) + sum(gaps)
    delta = width_em - natural
    track = [0.0] * n
    if delta < -1e-9:
        need = -delta
        spaces = [i for i in range(1, n) if tk.gap_class[start + i] == SQ_SPACE]
        cap = sum(tk.gap_shrink[start + i] for i in spaces)
        if cap > 0:
            take = min(cap, need)
            for i in spaces:
                gaps[i] -= tk.gap_shrink[start + i] * take / cap
            need -= take
        if need > 1e-9:
            squeezable = [i for i in range(n - 1) if tk.shrink[start + i] > 0 and w[i] >= 1.0]
            way = shorten(need, n - 1, sum(1 for i in squeezable if kind[start + i] == CLOSE), len(squeezable))
            if way is not None and way[1] > 0:
                for i in range(1, n):
                    gaps[i] -= way[1]
                need = 0.0
            for kinds in _SQUEEZE_KINDS:
                # squeeze from the line's end back, a mark at a time
                for i in range(n - 2, -1, -1):
                    if need <= 1e-9:
                        break
                    k = start + i
                    if kind[k] in kinds and tk.shrink[k] > 0 and w[i] >= 1.0:
                        take = min(tk.shrink[k], need)
                        w[i] -= take
                        need -= take
    elif delta > 1e-9 and not last:
        # spread evenly over every gap, avoiding those beside connectors when possible
        spots = [i for i in range(1, n) if kind[start + i] != CONNECTOR and kind[start + i - 1] != CONNECTOR]
        if not spots:
            spots = list(range(1, n))
        letters = [len(tk.text[start + i]) - 1 if kind[start + i] == LATIN else 0 for i in range(n)]
        if not spots and not sum(letters):
            per = 0.0  # a lone character: nothing to spread over
        elif not spots or (delta / len(spots) > LOOSE_EM and sum(letters)):
            # too loose between words (or one word alone): the letters of Latin words share it
            per = delta / (len(spots) + sum(letters))
            for i in range(n):
                if letters[i]:
                    track[i] = per
                    w[i] += per * letters[i]
        else:
            per = delta / len(spots)
        for i in spots:
            gaps[i] += per
    xs = []
    x = 0.0
    for i in range(n):
        x += gaps[i]
        xs.append(x)
        x += w[i]
    return SetLine(start, end, tuple(xs), tuple(w), tuple(shift), x, tuple(track))


def set_paragraph(tk: Tokens, widths) -> list[SetLine]:
    """Break and justify a whole paragraph; ``widths(i)`` gives line i's width in em."""
    n = len(tk)
    if n == 0:
        return []
    table = [widths(i) for i in range(n)]
    return [justify(tk, a, b, table[i], last=b >= n) for i, (a, b) in enumerate(best_breaks(tk, table))]


# ------------------------------------------------------------ headlines and ragged lines


def balanced_breaks(tk: Tokens, width_em: float, forced: set[int] | None = None,
                    last_reserve: float = 0.0) -> list[tuple[int, int]]:
    """Ragged breaking (headlines, guide entries): the fewest lines that fit,
    as even as possible, preferring breaks after punctuation and between
    Latin words. ``last_reserve`` em are kept free at the end of the last line."""
    n = len(tk)
    if n == 0:
        return []
    INF = float("inf")
    best: list[tuple[float, int, int]] = [(INF, 0, -1)] * (n + 1)
    best[0] = (0.0, 0, -1)
    forced = forced or set()
    for k in range(1, n + 1):
        if k < n and (not can_break_before(tk, k) or tk.penalty[k] >= NO_BREAK) and k not in forced:
            continue
        room = width_em - (last_reserve if k == n else 0.0)
        for j in range(k - 1, -1, -1):
            if best[j][0] == INF:
                continue
            if any(f for f in forced if j < f < k):
                continue
            wd = natural_width(tk, j, k) - (0.5 if tk.kind[j] == OPEN and tk.width[j] >= 1.0 else 0.0)
            if wd > room + 1e-6 and k - j > 1:
                break  # starting earlier only makes the line longer
            slack = max(0.0, room - wd)
            cost = best[j][0] + 1000.0 + slack * slack + (tk.penalty[k] if k < n else 0.0)
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


def vertical_extents(tk: Tokens) -> list[float]:
    """Each token's height in em when set upright in a vertical column (竖排):
    one cell for a character, a mark, or one or two Latin letters or digits
    side by side (纵中横); a longer Latin run is turned and takes its width."""
    out = []
    for t, tok in enumerate(tk.text):
        k = tk.kind[t]
        if k == LATIN:
            out.append(1.0 if len(tok) <= 2 else tk.width[t] + 0.25)
        elif k in (DASH, ELLIPSIS):
            out.append(float(len(tok)))
        else:
            out.append(1.0)
    return out
