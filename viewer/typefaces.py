"""The bundled font files and the metrics layout takes from them, without Qt.

Layout measures glyphs at a reference size of 100 px, unhinted, so that line
breaks never depend on the paint device. The values here are read from the
font tables (cmap, hmtx, hhea, OS/2, glyf, CFF) and rounded the way Qt's
QRawFont rounds them through FreeType, so that a page set from them is the
page set from QRawFont to the last bit:

- an advance is ``hmtx`` scaled to 16.16 px and truncated to 1/64 px (1,000
  units come out as 99.984375 px, not 100);
- the ascent and descent are OS/2's usWin values (or typo values when the
  font asks for them; hhea when OS/2 has none), truncated to 1/64 px;
- an ink box is the glyph's control box (every outline point, off-curve
  points included) scaled to 1/64 px and widened to whole pixels.

``tools/check_metrics.py`` compares every value with QRawFont's, for every
code point and glyph of every bundled font. ``viewer.fonts`` keeps the Qt
side: registering the fonts, QFonts for widgets, raw fonts for painting.
"""

from __future__ import annotations

import bisect
import functools
import struct
from array import array
from sys import byteorder

from .messages import Msg
from .resources_path import FONT_DIR

# role -> font file
ROLE_FILES = {
    "serif": "HeraldSerifSC-Regular.otf",
    "serif_bold": "HeraldSerifSC-Bold.otf",
    "sans": "HeraldSansSC-Regular.otf",
    "sans_bold": "HeraldSansSC-Bold.otf",
    "kai": "HeraldKai-Regular.ttf",
    # fallbacks: what the Chinese fonts lack (Latin, Greek, Cyrillic, symbols)
    "serif_lgc": "HeraldSerifLGC-Regular.ttf",
    "serif_lgc_bold": "HeraldSerifLGC-Bold.ttf",
    "symbols": "HeraldSymbols-Regular.ttf",
}
ROLES = tuple(ROLE_FILES)

# The fonts that draw, in this order, the characters a role's own font
# lacks, where text is set word by word on its OCR boxes (pages rebuilt from
# a library's OCR: œ, ſ, Greek, Cyrillic, ►, ☞ ...). Typeset pages use the
# role's font alone.
FALLBACKS = {
    "serif": ("serif_lgc", "symbols"),
    "serif_bold": ("serif_lgc_bold", "symbols"),
}

# Glyphs are measured at this pixel size and scaled; unhinted.
REFERENCE_PX = 100.0

# the roles whose fonts must show every character of an issue's text
TEXT_ROLES = ("serif", "serif_bold", "sans_bold")


class NotAFont(ValueError):
    """The bytes are not a font this module can read (or a damaged one)."""


@functools.cache
def font_bytes(role: str) -> bytes:
    """The bundled font file of ``role``."""
    path = FONT_DIR / ROLE_FILES[role]
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RuntimeError(Msg("the bundled font {file} is missing from {folder}: reinstall the program", file=path.name,
                               folder=str(FONT_DIR))) from exc


@functools.cache
def typeface(role: str) -> "Typeface":
    """The metrics of a role's bundled font at the reference size."""
    try:
        return Typeface(font_bytes(role))
    except (NotAFont, struct.error, IndexError) as exc:
        raise RuntimeError(Msg("the bundled font {file} is not a valid font", file=ROLE_FILES[role])) from exc


# per (role, fallback): each character's verdict, True when it is missing
_lacks: dict[tuple[str | None, bool], dict[str, bool]] = {}


@functools.lru_cache(maxsize=4096)
def missing_chars(text: str, role: str | None = None, fallback: bool = False) -> str:
    """The distinct characters of ``text`` that a role's font (by default:
    every role used for text) cannot show, in order of first appearance.
    With ``fallback``, a character counts as shown when one of the role's
    FALLBACKS has it (as pages rebuilt from OCR draw it). Each distinct
    character is looked up in the fonts once: an issue's texts share most
    of theirs, and the window and the commands ask again."""
    known = _lacks.setdefault((role, fallback), {})
    chains = None
    out = []
    for ch in dict.fromkeys(text):
        lacks = known.get(ch)
        if lacks is None:
            if ch.isspace() or ch in "\u200b\ufeff":
                lacks = False
            else:
                if chains is None:
                    roles = [role] if role else TEXT_ROLES
                    chains = [[typeface(r) for r in ((r, *FALLBACKS.get(r, ())) if fallback else (r,))]
                              for r in roles]
                lacks = not all(any(f.covers(ch) for f in chain) for chain in chains)
            known[ch] = lacks
        if lacks:
            out.append(ch)
    return "".join(out)


_drawn_by: dict[tuple[str, str], str] = {}


def drawn_by(role: str, ch: str) -> str:
    """The role whose font draws ``ch`` in text of ``role`` set with its
    fallbacks: the role's own font when it has the character, else the first
    of its FALLBACKS that has it; the role itself when none has (its
    .notdef box is drawn)."""
    key = (role, ch)
    got = _drawn_by.get(key)
    if got is None:
        got = role
        if not typeface(role).covers(ch):
            got = next((r for r in FALLBACKS.get(role, ()) if typeface(r).covers(ch)), role)
        _drawn_by[key] = got
    return got


# ------------------------------------------------------------ FreeType's fixed-point arithmetic


def _mul_fix(a: int, b: int) -> int:
    """FT_MulFix: a * b / 65536, rounded half away from zero."""
    p = abs(a * b)
    c = (p + 0x8000) >> 16
    return -c if (a < 0) != (b < 0) else c


def _div_fix(a: int, b: int) -> int:
    """FT_DivFix: a * 65536 / b, rounded half away from zero."""
    q = ((abs(a) << 16) + (abs(b) >> 1)) // abs(b)
    return -q if (a < 0) != (b < 0) else q


def _mul_div(a: int, b: int, c: int) -> int:
    """FT_MulDiv: a * b / c, rounded half away from zero."""
    q = (abs(a * b) + (abs(c) >> 1)) // abs(c)
    return -q if (a < 0) != ((b < 0) != (c < 0)) else q


def _be(code: str, data, start: int, count: int) -> array:
    """``count`` big-endian numbers of type ``code`` from ``data[start:]``."""
    a = array(code, bytes(data[start:start + count * array(code).itemsize]))
    if len(a) != count:
        raise NotAFont  # a table ends early
    if byteorder == "little":
        a.byteswap()
    return a


# ------------------------------------------------------------ one font


class Typeface:
    """Glyph indexes, advances, line extents and ink boxes of one font file
    (TrueType or CFF outlines; cmap formats 4 and 12).

    Advances, extents and ink boxes are in em: the pixel value at
    ``pixel_size`` divided by ``pixel_size``, as layout has always divided
    QRawFont's values."""

    def __init__(self, data: bytes, pixel_size: float = REFERENCE_PX):
        self.data = memoryview(data)
        self.pixel_size = pixel_size
        self._tables: dict[str, tuple[int, int]] = {}
        (num_tables,) = struct.unpack_from(">H", data, 4)
        for i in range(num_tables):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            self._tables[tag.decode("latin-1")] = (offset, length)
        for tag in ("cmap", "head", "hhea", "hmtx", "maxp"):
            if tag not in self._tables:
                raise NotAFont  # a table it must have
        head = self.table("head")
        self.units_per_em = struct.unpack_from(">H", head, 18)[0]
        self._long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        self.glyph_count = struct.unpack_from(">H", self.table("maxp"), 4)[0]
        n_metrics = struct.unpack_from(">H", self.table("hhea"), 34)[0]
        if not self.units_per_em or not n_metrics:
            raise NotAFont  # no units per em or no horizontal metrics
        self._advances = _be("H", self.table("hmtx"), 0, 2 * n_metrics)[0::2]
        self._lsb_tail = _be("h", self.table("hmtx"), 4 * n_metrics, max(0, self.glyph_count - n_metrics))
        self._n_metrics = n_metrics
        # the size FreeType is asked for (26.6) and its scale, font units to 26.6 px
        self._x_scale = _div_fix(round(pixel_size * 64), self.units_per_em)
        self._read_cmap()
        self._cff: _CFF | None = None

    def table(self, tag: str) -> memoryview:
        """A table's bytes (empty when the font has none)."""
        offset, length = self._tables.get(tag, (0, 0))
        return self.data[offset:offset + length]

    # ---------------------------------------------------------------- cmap

    def _read_cmap(self) -> None:
        """Use the Unicode subtable FreeType and Qt use: the last one listed."""
        cmap = self.table("cmap")
        base = self._tables["cmap"][0]
        chosen = None
        for i in range(struct.unpack_from(">H", cmap, 2)[0]):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            if (platform == 0 and encoding != 5) or (platform == 3 and encoding in (1, 10)):
                chosen = offset
        if chosen is None:
            raise NotAFont  # no Unicode cmap
        fmt = struct.unpack_from(">H", cmap, chosen)[0]
        if fmt == 4:
            n = struct.unpack_from(">H", cmap, chosen + 6)[0] // 2
            ends = chosen + 14
            self._ends = _be("H", cmap, ends, n)
            self._starts = _be("H", cmap, ends + 2 * n + 2, n)
            self._deltas = _be("H", cmap, ends + 4 * n + 2, n)
            self._range_offsets = _be("H", cmap, ends + 6 * n + 2, n)
            self._range_base = base + ends + 6 * n + 2  # where idRangeOffset[0] is, in the file
            self._lookup = self._lookup4
        elif fmt == 12:
            n = struct.unpack_from(">I", cmap, chosen + 12)[0]
            groups = _be("I", cmap, chosen + 16, 3 * n)
            self._starts, self._ends, self._first_glyphs = groups[0::3], groups[1::3], groups[2::3]
            self._lookup = self._lookup12
        else:
            raise NotAFont  # a cmap format this module does not read

    def _lookup4(self, code: int) -> int:
        if code > 0xFFFF:
            return 0
        i = bisect.bisect_left(self._ends, code)
        if i == len(self._ends) or self._starts[i] > code:
            return 0
        offset = self._range_offsets[i]
        if offset == 0:
            return (code + self._deltas[i]) & 0xFFFF
        at = self._range_base + 2 * i + offset + 2 * (code - self._starts[i])
        if at + 2 > len(self.data):
            return 0
        g = struct.unpack_from(">H", self.data, at)[0]
        return (g + self._deltas[i]) & 0xFFFF if g else 0

    def _lookup12(self, code: int) -> int:
        i = bisect.bisect_left(self._ends, code)
        if i == len(self._ends) or self._starts[i] > code:
            return 0
        return self._first_glyphs[i] + code - self._starts[i]

    def glyph_index(self, ch: str) -> int:
        """The glyph of a character; 0 when the font has none. A tab or a
        no-break space the font lacks gets the space's glyph, as in Qt."""
        code = ord(ch)
        g = self._lookup(code)
        if g >= self.glyph_count:
            g = 0
        if not g and code in (0x09, 0xA0):
            return self.glyph_index(" ")
        return g

    def covers(self, ch: str) -> bool:
        """Whether the font can show ``ch``."""
        return self.glyph_index(ch) != 0

    # ---------------------------------------------------------------- metrics

    def advance(self, glyph: int) -> float:
        """A glyph's advance in em: ``hmtx`` scaled to 16.16 px as FreeType
        scales it, truncated to 1/64 px as Qt reads it."""
        if not 0 <= glyph < self.glyph_count:
            return 0.0
        units = self._advances[min(glyph, self._n_metrics - 1)]
        fixed = _mul_div(units, self._x_scale, 64) >> 10
        return fixed / 64 / self.pixel_size

    @functools.cached_property
    def extent(self) -> tuple[float, float]:
        """(ascent, descent) in em, as QRawFont reports them: OS/2 typo
        values when the font sets USE_TYPO_METRICS, else its usWin values;
        hhea when OS/2 has none of these."""
        px, upm = self.pixel_size, float(self.units_per_em)

        def fixed(v: float) -> float:  # QFixed::fromReal truncates to 1/64 px
            return int(v * px / upm * 64) / 64

        os2, hhea = self.table("OS/2"), self.table("hhea")
        if len(os2) >= 78:
            fs_selection = struct.unpack_from(">H", os2, 62)[0]
            typo_ascent, typo_descent = struct.unpack_from(">hh", os2, 68)
            win_ascent, win_descent = struct.unpack_from(">HH", os2, 74)
            if fs_selection & 0x80:
                if typo_ascent or typo_descent:
                    return fixed(typo_ascent) / px, -fixed(typo_descent) / px
            elif win_ascent or win_descent:
                return fixed(win_ascent) / px, fixed(win_descent) / px
        ascender, descender = struct.unpack_from(">hh", hhea, 4)
        return fixed(ascender) / px, -fixed(descender) / px

    @property
    def ascent(self) -> float:
        return self.extent[0]

    @property
    def descent(self) -> float:
        return self.extent[1]

    # ---------------------------------------------------------------- ink

    def ink_box(self, glyph: int) -> tuple[float, float, float, float]:
        """The ink box of a glyph in em, relative to its origin on the
        baseline, y down: (left, top, right, bottom). It is the control box
        of the outline scaled to 1/64 px, widened to whole pixels (QRawFont's
        boundingRect); (0, 0, 0, 0) for a glyph without outline."""
        if not 0 <= glyph < self.glyph_count:
            return (0.0, 0.0, 0.0, 0.0)
        points = self._outline(glyph)
        if not points:
            return (0.0, 0.0, 0.0, 0.0)
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        left, right = min(xs) >> 6, -(-max(xs) >> 6)
        top, bottom = -(-max(ys) >> 6), min(ys) >> 6
        px = self.pixel_size
        return (left / px, -top / px, right / px, -bottom / px)

    def _outline(self, glyph: int) -> list[tuple[int, int]]:
        """Every point of a glyph's outline, scaled as FreeType scales it
        without hinting, in 1/64 px."""
        s = self._x_scale
        if "glyf" in self._tables:
            points = self._glyf_points(glyph, 0)
            record = self._glyf_record(glyph)
            if points and record is not None:
                # the origin is where hmtx's left side bearing puts it
                shift = _mul_fix(struct.unpack_from(">h", record, 2)[0] - self._lsb(glyph), s)
                if shift:
                    points = [(x - shift, y) for x, y in points]
            return points
        if "CFF " in self._tables:
            if self._cff is None:
                self._cff = _CFF(self.table("CFF "), self.glyph_count)
            # the CFF engine draws an unhinted glyph in font units (at 1/64
            # unit), then FreeType scales the points
            return [(_mul_fix(x, s), _mul_fix(y, s)) for x, y in self._cff.points(glyph)]
        raise NotAFont  # no outlines this module reads

    def _glyf_points(self, glyph: int, depth: int) -> list[tuple[int, int]]:
        """The scaled points of a TrueType glyph, components placed as
        FreeType places them unhinted: each component scaled, then turned by
        its matrix, then moved by its scaled offset (not scaled by the
        matrix: FreeType's default without SCALED_COMPONENT_OFFSET)."""
        record = self._glyf_record(glyph)
        if record is None or depth > 8:
            return []
        contours = struct.unpack_from(">h", record, 0)[0]
        s = self._x_scale
        if contours >= 0:
            return [(_mul_fix(x, s), _mul_fix(y, s)) for x, y in _simple_glyf_points(record, contours)]
        points: list[tuple[int, int]] = []
        at = 10
        while True:
            flags, component = struct.unpack_from(">HH", record, at)
            at += 4
            if flags & 0x0001:  # ARG_1_AND_2_ARE_WORDS
                a1, a2 = struct.unpack_from(">hh" if flags & 0x0002 else ">HH", record, at)
                at += 4
            else:
                a1, a2 = struct.unpack_from(">bb" if flags & 0x0002 else ">BB", record, at)
                at += 2
            matrix = None
            if flags & 0x0008:  # WE_HAVE_A_SCALE
                (v,) = struct.unpack_from(">h", record, at)
                matrix, at = (v * 4, 0, 0, v * 4), at + 2
            elif flags & 0x0040:  # WE_HAVE_AN_X_AND_Y_SCALE
                xx, yy = struct.unpack_from(">hh", record, at)
                matrix, at = (xx * 4, 0, 0, yy * 4), at + 4
            elif flags & 0x0080:  # WE_HAVE_A_TWO_BY_TWO
                xx, yx, xy, yy = struct.unpack_from(">hhhh", record, at)
                matrix, at = (xx * 4, xy * 4, yx * 4, yy * 4), at + 8
            part = self._glyf_points(component, depth + 1)
            if matrix is not None:
                xx, xy, yx, yy = matrix
                part = [(_mul_fix(x, xx) + _mul_fix(y, xy), _mul_fix(x, yx) + _mul_fix(y, yy)) for x, y in part]
            if flags & 0x0002:  # ARGS_ARE_XY_VALUES
                dx, dy = _mul_fix(a1, s), _mul_fix(a2, s)
            elif a1 < len(points) and a2 < len(part):  # matching points
                dx, dy = points[a1][0] - part[a2][0], points[a1][1] - part[a2][1]
            else:
                dx = dy = 0
            points += [(x + dx, y + dy) for x, y in part]
            if not flags & 0x0020:  # MORE_COMPONENTS
                break
        return points

    def _lsb(self, glyph: int) -> int:
        hmtx = self.table("hmtx")
        if glyph < self._n_metrics:
            return struct.unpack_from(">h", hmtx, 4 * glyph + 2)[0]
        return self._lsb_tail[glyph - self._n_metrics]

    def _glyf_record(self, glyph: int) -> memoryview | None:
        loca = self.table("loca")
        if self._long_loca:
            start, end = struct.unpack_from(">II", loca, 4 * glyph)
        else:
            start, end = (2 * v for v in struct.unpack_from(">HH", loca, 2 * glyph))
        return self.table("glyf")[start:end] if end > start else None


def _simple_glyf_points(record, contours: int) -> list[tuple[int, int]]:
    """The points of a simple TrueType glyph, in font units."""
    if contours == 0:
        return []
    n = struct.unpack_from(">H", record, 10 + 2 * (contours - 1))[0] + 1
    at = 10 + 2 * contours
    at += 2 + struct.unpack_from(">H", record, at)[0]  # the instructions
    flags = []
    while len(flags) < n:
        f = record[at]
        at += 1
        repeat = 1
        if f & 0x08:
            repeat += record[at]
            at += 1
        flags += [f] * repeat
    del flags[n:]
    coords = []
    for short, same in ((0x02, 0x10), (0x04, 0x20)):
        v, out = 0, []
        for f in flags:
            if f & short:
                d = record[at]
                at += 1
                v += d if f & same else -d
            elif not f & same:
                v += struct.unpack_from(">h", record, at)[0]
                at += 2
            out.append(v)
        coords.append(out)
    return list(zip(coords[0], coords[1]))


# ------------------------------------------------------------ CFF outlines


def _cff_index(data, at: int) -> tuple[list[tuple[int, int]], int]:
    """An INDEX at ``at``: the (start, end) of each item, and where it ends."""
    count = struct.unpack_from(">H", data, at)[0]
    if count == 0:
        return [], at + 2
    size = data[at + 2]
    raw = bytes(data[at + 3:at + 3 + (count + 1) * size])
    offsets = [int.from_bytes(raw[i:i + size], "big") for i in range(0, len(raw), size)]
    base = at + 2 + (count + 1) * size  # offsets count from the byte before the data
    return [(base + offsets[i], base + offsets[i + 1]) for i in range(count)], base + offsets[-1]


def _cff_dict(data, start: int, end: int) -> dict[int, list[float]]:
    """A DICT: operator (12 x as 1200 + x) -> operands."""
    out: dict[int, list[float]] = {}
    operands: list[float] = []
    at = start
    while at < end:
        b = data[at]
        if b <= 21:
            if b == 12:
                b, at = 1200 + data[at + 1], at + 1
            out[b] = operands
            operands = []
            at += 1
        elif b == 28:
            operands.append(struct.unpack_from(">h", data, at + 1)[0])
            at += 3
        elif b == 29:
            operands.append(struct.unpack_from(">i", data, at + 1)[0])
            at += 5
        elif b == 30:  # a real, in nibbles
            text, at = "", at + 1
            while True:
                byte = data[at]
                at += 1
                hi, lo = byte >> 4, byte & 15
                if hi == 15:
                    break
                text += "0123456789.EE?-"[hi] + ("-" if hi == 12 else "")
                if lo == 15:
                    break
                text += "0123456789.EE?-"[lo] + ("-" if lo == 12 else "")
            operands.append(float(text) if text else 0.0)
        elif 32 <= b <= 246:
            operands.append(b - 139)
            at += 1
        elif 247 <= b <= 250:
            operands.append((b - 247) * 256 + data[at + 1] + 108)
            at += 2
        elif 251 <= b <= 254:
            operands.append(-(b - 251) * 256 - data[at + 1] - 108)
            at += 2
        else:
            raise NotAFont  # a byte no DICT has
    return out


def _bias(n: int) -> int:
    return 107 if n < 1240 else 1131 if n < 33900 else 32768


class _CFF:
    """The charstrings of a CFF table (CID-keyed or not), run only to
    collect the points of an outline."""

    def __init__(self, data, glyph_count: int):
        self.data = data
        at = data[2]  # header size
        _, at = _cff_index(data, at)  # names
        tops, at = _cff_index(data, at)
        _, at = _cff_index(data, at)  # strings
        self.global_subrs, _ = _cff_index(data, at)
        top = _cff_dict(data, *tops[0])
        self.charstrings, _ = _cff_index(data, int(top[17][0]))
        if len(self.charstrings) < glyph_count:
            raise NotAFont  # fewer charstrings than glyphs
        if 1236 in top:  # FDArray: CID-keyed, each glyph's local subrs from its font dict
            fonts, _ = _cff_index(data, int(top[1236][0]))
            self.local_subrs = [self._private_subrs(_cff_dict(data, *f)) for f in fonts]
            self.fd_select = self._fd_select(int(top[1237][0]), len(self.charstrings))
        else:
            self.local_subrs = [self._private_subrs(top)]
            self.fd_select = None

    def _private_subrs(self, font_dict) -> list[tuple[int, int]]:
        if 18 not in font_dict:
            return []
        size, offset = (int(v) for v in font_dict[18])
        private = _cff_dict(self.data, offset, offset + size)
        if 19 not in private:
            return []
        return _cff_index(self.data, offset + int(private[19][0]))[0]

    def _fd_select(self, at: int, n: int) -> bytes | list[int]:
        fmt = self.data[at]
        if fmt == 0:
            return bytes(self.data[at + 1:at + 1 + n])
        if fmt == 3:
            ranges = struct.unpack_from(">H", self.data, at + 1)[0]
            out = [0] * n
            for i in range(ranges):
                first, fd = struct.unpack_from(">HB", self.data, at + 3 + 3 * i)
                last = struct.unpack_from(">H", self.data, at + 6 + 3 * i)[0]
                out[first:last] = [fd] * (min(last, n) - first)
            return out
        raise NotAFont  # an FDSelect format CFF does not have

    def points(self, glyph: int) -> list[tuple[int, int]]:
        """The points of a glyph's outline (on and off the curve) in font
        units at 1/64 unit, as FreeType's CFF engine puts them without
        hinting: 16.16 coordinates times 1/64, shifted down to 26.6."""
        fd = self.fd_select[glyph] if self.fd_select is not None else 0
        run = _Charstring(self.data, self.global_subrs, self.local_subrs[fd] if fd < len(self.local_subrs) else [])
        run.execute(*self.charstrings[glyph])
        return [(_mul_fix(0x400, x) >> 10, _mul_fix(0x400, y) >> 10) for x, y in run.points]


class _Charstring:
    """A Type 2 charstring interpreter that keeps only the outline's points
    (16.16 font units). A moveto's point counts only once something is
    drawn from it, as in FreeType."""

    def __init__(self, data, global_subrs, local_subrs):
        self.data = data
        self.global_subrs, self.local_subrs = global_subrs, local_subrs
        self.stack: list[int] = []
        self.points: list[tuple[int, int]] = []
        self.x = self.y = 0
        self.pending = True  # the current point is a moveto's, not yet drawn from
        self.stems = 0
        self.width_seen = False
        self.done = False

    def _take_width(self, even: bool) -> None:
        """Drop the optional width before the first stack-clearing operator:
        it is there when the count of arguments has the wrong parity."""
        if not self.width_seen:
            self.width_seen = True
            if (len(self.stack) % 2 == 1) == even and self.stack:
                del self.stack[0]

    def _point(self, x: int, y: int) -> None:
        if self.pending:
            self.points.append((self.x, self.y))
            self.pending = False
        self.points.append((x, y))
        self.x, self.y = x, y

    def _line(self, dx: int, dy: int) -> None:
        self._point(self.x + dx, self.y + dy)

    def _curve(self, dx1, dy1, dx2, dy2, dx3, dy3) -> None:
        x1, y1 = self.x + dx1, self.y + dy1
        x2, y2 = x1 + dx2, y1 + dy2
        self._point(x1, y1)
        self._point(x2, y2)
        self._point(x2 + dx3, y2 + dy3)

    def _move(self, dx: int, dy: int) -> None:
        self.x += dx
        self.y += dy
        self.pending = True

    def execute(self, start: int, end: int, depth: int = 0) -> None:
        if depth > 10:
            raise NotAFont  # subroutines nest too deep
        data, s = self.data, self.stack
        at = start
        while at < end and not self.done:
            b = data[at]
            at += 1
            if b >= 32 or b == 28:
                if b == 28:
                    v, at = struct.unpack_from(">h", data, at)[0] << 16, at + 2
                elif b <= 246:
                    v = (b - 139) << 16
                elif b <= 250:
                    v, at = ((b - 247) * 256 + data[at] + 108) << 16, at + 1
                elif b <= 254:
                    v, at = (-(b - 251) * 256 - data[at] - 108) << 16, at + 1
                else:  # 16.16
                    v, at = struct.unpack_from(">i", data, at)[0], at + 4
                s.append(v)
                continue
            if b in (1, 3, 18, 23):  # hstem, vstem, hstemhm, vstemhm
                self._take_width(even=True)
                self.stems += len(s) // 2
                s.clear()
            elif b in (19, 20):  # hintmask, cntrmask: arguments are vstems
                self._take_width(even=True)
                self.stems += len(s) // 2
                s.clear()
                at += (self.stems + 7) // 8
            elif b == 21:  # rmoveto
                self._take_width(even=True)
                self._move(s[-2], s[-1])
                s.clear()
            elif b in (22, 4):  # hmoveto, vmoveto
                self._take_width(even=False)
                self._move(s[-1], 0) if b == 22 else self._move(0, s[-1])
                s.clear()
            elif b == 5:  # rlineto
                for i in range(0, len(s) - 1, 2):
                    self._line(s[i], s[i + 1])
                s.clear()
            elif b in (6, 7):  # hlineto, vlineto
                horizontal = b == 6
                for v in s:
                    self._line(v, 0) if horizontal else self._line(0, v)
                    horizontal = not horizontal
                s.clear()
            elif b == 8:  # rrcurveto
                for i in range(0, len(s) - 5, 6):
                    self._curve(*s[i:i + 6])
                s.clear()
            elif b == 24:  # rcurveline
                n = len(s) - 2
                for i in range(0, n - 5, 6):
                    self._curve(*s[i:i + 6])
                self._line(s[n], s[n + 1])
                s.clear()
            elif b == 25:  # rlinecurve
                n = len(s) - 6
                for i in range(0, n - 1, 2):
                    self._line(s[i], s[i + 1])
                self._curve(*s[n:n + 6])
                s.clear()
            elif b == 26:  # vvcurveto
                i, dx1 = (1, s[0]) if len(s) % 2 else (0, 0)
                while i + 4 <= len(s):
                    self._curve(dx1, s[i], s[i + 1], s[i + 2], 0, s[i + 3])
                    dx1, i = 0, i + 4
                s.clear()
            elif b == 27:  # hhcurveto
                i, dy1 = (1, s[0]) if len(s) % 2 else (0, 0)
                while i + 4 <= len(s):
                    self._curve(s[i], dy1, s[i + 1], s[i + 2], s[i + 3], 0)
                    dy1, i = 0, i + 4
                s.clear()
            elif b in (30, 31):  # vhcurveto, hvcurveto
                horizontal = b == 31
                i = 0
                while i + 4 <= len(s):
                    last = s[i + 4] if len(s) - i == 5 else 0
                    if horizontal:
                        self._curve(s[i], 0, s[i + 1], s[i + 2], last, s[i + 3])
                    else:
                        self._curve(0, s[i], s[i + 1], s[i + 2], s[i + 3], last)
                    horizontal = not horizontal
                    i += 4
                s.clear()
            elif b in (10, 29):  # callsubr, callgsubr
                subrs = self.local_subrs if b == 10 else self.global_subrs
                n = (s.pop() >> 16) + _bias(len(subrs))
                if not 0 <= n < len(subrs):
                    raise NotAFont  # a subroutine that is not there
                self.execute(*subrs[n], depth + 1)
            elif b == 11:  # return
                return
            elif b == 14:  # endchar
                self._take_width(even=True)
                s.clear()
                self.done = True
            elif b == 12:
                b, at = data[at], at + 1
                self._flex(b)
            else:
                raise NotAFont  # an operator this interpreter does not know

    def _flex(self, op: int) -> None:
        s = self.stack
        if op == 35:  # flex
            self._curve(*s[0:6])
            self._curve(*s[6:12])
        elif op == 34:  # hflex
            y0 = self.y
            self._curve(s[0], 0, s[1], s[2], s[3], 0)
            self._curve(s[4], 0, s[5], y0 - self.y, s[6], 0)
        elif op == 36:  # hflex1
            y0 = self.y
            self._curve(s[0], s[1], s[2], s[3], s[4], 0)
            self._curve(s[5], 0, s[6], s[7], s[8], y0 - self.y - s[7])
        elif op == 37:  # flex1
            x0, y0 = self.x, self.y
            dx = sum(s[0:10:2])
            dy = sum(s[1:10:2])
            self._curve(*s[0:6])
            if abs(dx) > abs(dy):
                self._curve(s[6], s[7], s[8], s[9], s[10], y0 - self.y - s[7] - s[9])
            else:
                self._curve(s[6], s[7], s[8], s[9], x0 - self.x - s[6] - s[8], s[10])
        else:
            raise NotAFont  # an operator this interpreter does not know
        s.clear()
