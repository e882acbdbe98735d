"""One ALTO file: its page size, and its blocks, lines and words in points.

ALTO (Analyzed Layout and Text Object) describes one scanned page: text
blocks, lines and words with their boxes, illustrations, and type styles.
Every dialect in use is read, matching elements by their local name: 1.x
without a namespace (CCS docWorks), the CCS namespace, the Library of
Congress v2, v3 and v4 namespaces, and the BnF's production namespace.

The file's unit (``MeasurementUnit``) is converted once: ``mm10`` (tenths
of a millimetre) and ``inch1200`` convert exactly; ``pixel`` coordinates
belong to the image that was read by the OCR and need a scale from the
caller (the scan's size, or an assumed resolution). The tree is parsed by
lxml and walked once, with the tags of the file's namespace compared as
strings and only the element kinds needed asked for, so a word costs a few
attribute reads (bench/alto_bench.py measures it).
"""

from __future__ import annotations

import dataclasses
import gc
import math
import re
import types
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from ..messages import Msg
from ..model.geometry import union
from ..model.problems import Problem
from .model import Block, Line, Point, Rect, Word
from .xmlsafe import XmlRefused, local_name, namespace, parse_bytes, parse_head, shown

# points per unit, for the units that are lengths
UNIT_PT = {"mm10": 72 / 254, "inch1200": 72 / 1200}
UNITS = ("pixel", "mm10", "inch1200")
DEFAULT_UNIT = "mm10"  # the schema's default when MeasurementUnit is absent

# How large a page may be: at most 2 m a side, more than any newspaper's (a
# broadsheet is about 0.6 by 0.75 m), and at least 1 mm. In pixels, the most is
# 2 m at 1200 dpi, the finest resolution a library scans at. A page outside these
# sizes is left out with an error (package.py checks the size in points, whatever
# gave it: the ALTO file, its PrintSpace or blocks, the scan).
MAX_PAGE_MM = 2000.0
MIN_PAGE_MM = 1.0
MAX_SCAN_DPI = 1200.0
MAX_PAGE_PT = MAX_PAGE_MM / 25.4 * 72  # 5669.3 pt
MIN_PAGE_PT = MIN_PAGE_MM / 25.4 * 72  # 2.8 pt
# the most a page's WIDTH or HEIGHT may be in each unit; a position on the page
# (HPOS, VPOS, a polygon's points) lies between minus and plus this, a size
# (WIDTH, HEIGHT) between 0 and this
MAX_PAGE_UNITS = {"mm10": MAX_PAGE_MM * 10, "inch1200": MAX_PAGE_MM / 25.4 * 1200,
                  "pixel": MAX_PAGE_MM / 25.4 * MAX_SCAN_DPI}
MAX_FONT_PT = 1000.0  # the largest type size a TextStyle may give (a headline is seldom 200 pt)
# numbers out of range told one by one in a file; the rest are counted in one more problem
MAX_TOLD = 10

_NAMES = ("Description", "MeasurementUnit", "sourceImageInformation", "fileName", "Styles", "TextStyle",
          "Layout", "Page", "TopMargin", "LeftMargin", "RightMargin", "BottomMargin", "PrintSpace",
          "TextBlock", "ComposedBlock", "Illustration", "GraphicalElement", "TextLine", "String", "SP",
          "HYP", "Shape", "Polygon")
_PAGE_SPACES = ("TopMargin", "LeftMargin", "RightMargin", "BottomMargin", "PrintSpace")
_NUMBERS = re.compile(r"[\s,]+")
_PLAIN = (None, False, False)  # size, bold, italic when no TextStyle applies


@contextmanager
def gc_paused():
    """The cyclic garbage collector off while a page's values are made.
    They hold no cycles, but tens of thousands of new objects set off
    collections that walk every object alive, the pages read before
    included (docs/benchmarks.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_WORD_FIELDS = ("id", "text", "box", "confidence", "hyphen_part", "full_word", "size_pt", "bold", "italic")


def _word_maker():
    """A function that makes a Word from its nine fields in order, setting
    the slots directly. The frozen dataclass's own __init__ sets each field
    through object.__setattr__ and was a third of the time spent turning a
    String into a value. Should Word's fields ever differ from these, the
    class itself is used."""
    names = tuple(f.name for f in dataclasses.fields(Word))
    slots = [Word.__dict__.get(n) for n in names]
    if names != _WORD_FIELDS or not all(isinstance(s, types.MemberDescriptorType) for s in slots):
        return Word
    s0, s1, s2, s3, s4, s5, s6, s7, s8 = (s.__set__ for s in slots)
    new = object.__new__

    def make(id, text, box, confidence, hyphen_part, full_word, size_pt, bold, italic):  # noqa: A002
        w = new(Word)
        s0(w, id)
        s1(w, text)
        s2(w, box)
        s3(w, confidence)
        s4(w, hyphen_part)
        s5(w, full_word)
        s6(w, size_pt)
        s7(w, bold)
        s8(w, italic)
        return w

    return make


make_word = _word_maker()


@dataclass
class AltoPage:
    """What one ALTO file says about its page."""

    file: str
    unit: str  # pixel, mm10 or inch1200
    width: float | None  # Page WIDTH and HEIGHT, in ``unit``
    height: float | None
    image_name: str | None  # sourceImageInformation/fileName, as written
    page_id: str | None = None
    blocks: tuple[Block, ...] = ()  # in points, in the file's order
    # ComposedBlock ID -> indexes of the blocks it holds (at any depth)
    composed: dict[str, tuple[int, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    scale: tuple[float, float] = (1.0, 1.0)  # points per unit, x and y

    @property
    def width_pt(self) -> float | None:
        return None if self.width is None else self.width * self.scale[0]

    @property
    def height_pt(self) -> float | None:
        return None if self.height is None else self.height * self.scale[1]


class AltoDocument:
    """A parsed ALTO file whose header (unit, page size, image name) is read;
    ``page(sx, sy)`` reads the blocks with a scale from units to points.
    ``whole``: False when ``root`` is the tree of the file's beginning only
    (``read_alto_head``): the header is read from it, and ``page`` cannot be."""

    def __init__(self, root: etree._Element, file: str, whole: bool = True):
        self.file = file
        self.whole = whole
        if local_name(root.tag) != "alto":
            raise XmlRefused(Problem(file, "", Msg("the root element is <{name}>, not <alto>: this is not an ALTO "
                                                   "file", name=local_name(root.tag))))
        ns = namespace(root.tag)
        self._t = {n: (f"{{{ns}}}{n}" if ns else n) for n in _NAMES}
        self.problems: list[Problem] = []
        self._found = self.problems  # where numbers out of range are told
        self.unit = DEFAULT_UNIT
        self.image_name: str | None = None
        self._text_styles: dict[str, tuple[float | None, bool, bool]] = {}
        t = self._t
        description = root.find(t["Description"])
        unit_el = None if description is None else description.find(t["MeasurementUnit"])
        if unit_el is None:
            self.problems.append(Problem(file, "", Msg("no MeasurementUnit; the schema's default, "
                                                       "mm10 (tenths of a millimetre), is assumed"), "warning"))
        else:
            unit = (unit_el.text or "").strip()
            if unit.lower() not in UNITS:
                raise XmlRefused(Problem(file, Msg("line {line}", line=unit_el.sourceline),
                                         Msg("unknown MeasurementUnit '{unit}': expected pixel, mm10 or inch1200",
                                             unit=unit)))
            self.unit = unit.lower()
        if description is not None:
            name = description.findtext(f"{t['sourceImageInformation']}/{t['fileName']}")
            self.image_name = name.strip() if name and name.strip() else None
        self._limit = MAX_PAGE_UNITS[self.unit]
        self._told = 0  # numbers out of range found so far
        styles = root.find(t["Styles"])
        if styles is not None:
            for st in styles.iterchildren(t["TextStyle"]):
                self._text_styles[st.get("ID", "")] = self._text_style(st)
        layout = root.find(t["Layout"])
        pages = [] if layout is None else layout.findall(t["Page"])
        if not pages:
            raise XmlRefused(Problem(file, "", Msg("the ALTO file has no Layout/Page element")))
        if len(pages) > 1:
            self.problems.append(Problem(file, Msg("line {line}", line=pages[1].sourceline),
                                         Msg("the file describes {count} pages; only the first is read",
                                             count=len(pages)), "warning"))
        self._page = pages[0]
        self.page_id = self._page.get("ID")
        self.page_line = self._page.sourceline or 0
        self.width = self._page_size("WIDTH")
        self.height = self._page_size("HEIGHT")
        if self.width is None or self.height is None:
            # some producers leave the page size out: the print space, else the blocks, bound the page
            ps = self._page.find(t["PrintSpace"])
            box = None if ps is None else self._box(ps, 1.0, 1.0)
            self.width, self.height = (box[2], box[3]) if box else (None, None)

    # ---------------------------------------------------------------- numbers in range

    def _page_size(self, attr: str) -> float | None:
        """The Page's WIDTH or HEIGHT; None when it is not given. A value
        that is no number more than 0 and at most MAX_PAGE_UNITS leaves
        the page out (XmlRefused)."""
        raw = self._page.get(attr)
        if raw is None:
            return None
        value = _num(raw)
        if value is None or not 0 < value <= self._limit:
            values = {"attr": attr, "value": shown(raw), "limit": self._limit, "unit": self.unit,
                      "metres": MAX_PAGE_MM / 1000}
            if self.unit == "pixel":
                why = Msg("Page[@{attr}] is '{value}', not a number more than 0 and at most {limit:g} ({unit}, "
                          "{metres:g} m at {dpi:g} dpi): the page is left out", dpi=MAX_SCAN_DPI, **values)
            else:
                why = Msg("Page[@{attr}] is '{value}', not a number more than 0 and at most {limit:g} ({unit}, "
                          "{metres:g} m): the page is left out", **values)
            raise XmlRefused(Problem(self.file, Msg("line {line}", line=self.page_line), why))
        return value

    def _bad(self, el, attr: str, reason: Msg) -> None:
        """Tell an attribute whose number is out of range, and ``reason``,
        what is wanted and what is done instead: the first MAX_TOLD of a
        file one by one, then how many more there are."""
        self._told += 1
        if self._told <= MAX_TOLD:
            self._found.append(Problem(self.file, Msg("line {line}", line=el.sourceline),
                                       Msg("{element}[@{attr}] is '{value}', {reason}", element=local_name(el.tag),
                                           attr=attr, value=shown(el.get(attr)), reason=reason)))

    def _coordinate(self, el, attr: str, size: bool) -> float:
        """HPOS or VPOS (``size`` False), WIDTH or HEIGHT (True) of an
        element in the file's unit: 0 when not given, and, told, when it is
        no number in range."""
        raw = el.get(attr)
        if raw is None:
            return 0.0
        value = _num(raw)
        lo, hi = (0.0 if size else -self._limit), self._limit
        if value is None or not lo <= value <= hi:
            self._bad(el, attr, Msg("not a number from {least:g} to {most:g} ({unit}); it is taken as 0",
                                    least=lo, most=hi, unit=self.unit))
            return 0.0
        return value

    def _box(self, el, sx: float, sy: float) -> Rect | None:
        """The element's box in points; None when its position or size is
        not given whole."""
        g = el.get
        if g("HPOS") is None or g("VPOS") is None or g("WIDTH") is None or g("HEIGHT") is None:
            return None
        return self._partial_box(el, sx, sy)

    def _partial_box(self, el, sx: float, sy: float) -> Rect:
        """The box of an element whose position is partly missing or out of range."""
        x0, y0 = self._coordinate(el, "HPOS", False) * sx, self._coordinate(el, "VPOS", False) * sy
        return (x0, y0, x0 + self._coordinate(el, "WIDTH", True) * sx, y0 + self._coordinate(el, "HEIGHT", True) * sy)

    def _confidence(self, el) -> float | None:
        raw = el.get("WC")
        if not raw:
            return None
        value = _num(raw)
        if value is None or not 0.0 <= value <= 1.0:
            self._bad(el, "WC", Msg("not a number from 0 to 1; it is not used"))
            return None
        return value

    def _text_style(self, el) -> tuple[float | None, bool, bool]:
        raw = el.get("FONTSIZE")
        size = _num(raw) if raw else None
        if raw and (size is None or not 0.0 <= size <= MAX_FONT_PT):
            self._bad(el, "FONTSIZE", Msg("not a number from 0 to {most:g} (pt); it is not used", most=MAX_FONT_PT))
            size = None
        styles = (el.get("FONTSTYLE") or "").lower().split()
        return (size or None, "bold" in styles, "italics" in styles or "italic" in styles)

    def page(self, sx: float, sy: float) -> AltoPage:
        """The page's blocks in points: x * sx, y * sy."""
        if not self.whole:
            raise ValueError(Msg("only the header of {file} was read", file=self.file))
        self._sx, self._sy = sx, sy
        self._style_cache: dict[str | None, tuple[float | None, bool, bool] | None] = {}
        blocks: list[Block] = []
        composed: dict[str, tuple[int, ...]] = {}
        told, self._found = self._told, []
        with gc_paused():
            for space in self._page.iterchildren(*(self._t[n] for n in _PAGE_SPACES)):
                self._blocks(space, None, blocks, composed)
        found, self._found = self._found, self.problems
        if self._told > MAX_TOLD:
            found.append(Problem(self.file, "", Msg("{count} more numbers out of range in this file are not listed",
                                                    count=self._told - MAX_TOLD)))
        self._told = told
        width, height = self.width, self.height
        if not width or not height:
            xs = [b.box[2] / sx for b in blocks] or [0.0]
            ys = [b.box[3] / sy for b in blocks] or [0.0]
            width, height = max(xs) or None, max(ys) or None
        return AltoPage(self.file, self.unit, width, height, self.image_name, self.page_id, tuple(blocks),
                        composed, [*self.problems, *found], (sx, sy))

    # ---------------------------------------------------------------- the walk

    def _blocks(self, container, parent: str | None, out: list[Block], composed: dict) -> None:
        t = self._t
        for el in container.iterchildren(t["TextBlock"], t["Illustration"], t["GraphicalElement"],
                                         t["ComposedBlock"]):
            tag = el.tag
            if tag == t["TextBlock"]:
                out.append(self._text_block(el, parent))
            elif tag == t["ComposedBlock"]:
                start = len(out)
                cid = el.get("ID")
                self._blocks(el, cid or parent, out, composed)
                if cid:
                    composed[cid] = tuple(range(start, len(out)))
            else:
                kind = "illustration" if tag == t["Illustration"] else "graphic"
                box = self._box(el, self._sx, self._sy) or (0.0, 0.0, 0.0, 0.0)
                out.append(Block(el.get("ID"), kind, box, self._polygon(el), (), parent))

    def _text_block(self, el, parent: str | None) -> Block:
        t = self._t
        block_style = self._style(el.get("STYLEREFS")) or _PLAIN
        lines = [self._line(ln, block_style) for ln in el.iterchildren(t["TextLine"])]
        box = self._box(el, self._sx, self._sy) or _extent([ln.box for ln in lines])
        return Block(el.get("ID"), "text", box, self._polygon(el), tuple(lines), parent,
                     el.get("LANG") or el.get("language") or el.get("lang"))

    def _line(self, el, block_style: tuple[float | None, bool, bool]) -> Line:
        sx, sy = self._sx, self._sy
        tag_string, tag_hyp = self._t["String"], self._t["HYP"]
        words: list[Word] = []
        append = words.append
        hyphen = None
        style_of, cache = self._style, self._style_cache
        hi = self._limit
        lo = -hi
        line_style = style_of(el.get("STYLEREFS")) or block_style
        # iterating over every child and comparing tags is as fast as lxml's
        # tag filter; SP elements are passed over. Attribute names as bytes
        # spare lxml an encoding a call.
        for w in el:
            tag = w.tag
            if tag == tag_string:
                g = w.get
                wc = g(b"WC")
                try:
                    x, y, width, height = float(g(b"HPOS")), float(g(b"VPOS")), float(g(b"WIDTH")), float(g(b"HEIGHT"))
                    confidence = float(wc) if wc else None
                    # NaN fails every comparison
                    if not (lo <= x <= hi and lo <= y <= hi and 0.0 <= width <= hi and 0.0 <= height <= hi
                            and (confidence is None or 0.0 <= confidence <= 1.0)):
                        raise ValueError
                    x *= sx
                    y *= sy
                    box = (x, y, x + width * sx, y + height * sy)
                except (TypeError, ValueError):
                    box = self._partial_box(w, sx, sy)
                    confidence = self._confidence(w)
                refs = g(b"STYLEREFS")
                if refs:
                    size, bold, italic = (cache[refs] if refs in cache else style_of(refs)) or line_style
                else:
                    size, bold, italic = line_style
                font_style = g(b"STYLE")
                if font_style:
                    bold = bold or "bold" in font_style
                    italic = italic or "italic" in font_style
                subs = g(b"SUBS_TYPE")
                if subs:
                    part = 1 if subs == "HypPart1" else 2 if subs == "HypPart2" else 0
                    full = g(b"SUBS_CONTENT") if part else None
                else:
                    part, full = 0, None
                append(make_word(g(b"ID"), g(b"CONTENT") or "", box, confidence, part, full, size, bold, italic))
            elif tag == tag_hyp:
                hyphen = w.get("CONTENT") or "-"
        box = self._box(el, sx, sy) or _extent([w.box for w in words])
        return Line(el.get("ID"), box, tuple(words), hyphen)

    def _style(self, refs: str | None) -> tuple[float | None, bool, bool] | None:
        """Size, bold, italic of the first TextStyle among the STYLEREFS ids
        (a STYLEREFS may name a ParagraphStyle too); None when none is one."""
        try:
            return self._style_cache[refs]
        except KeyError:
            hit = next((self._text_styles[r] for r in (refs or "").split() if r in self._text_styles), None)
            self._style_cache[refs] = hit
            return hit

    def _polygon(self, el) -> tuple[Point, ...] | None:
        t = self._t
        shape = el.find(t["Shape"])
        if shape is None:
            return None
        poly = shape.find(t["Polygon"])
        if poly is None:
            return None
        points = parse_points(poly.get("POINTS", ""), self._sx, self._sy, self._limit)
        if points is False:
            self._bad(poly, "POINTS", Msg("which holds a number not from {least:g} to {most:g} ({unit}); the polygon "
                                          "is not used", least=-self._limit, most=self._limit, unit=self.unit))
            return None
        return points


def parse_points(points: str, sx: float = 1.0, sy: float = 1.0,
                 limit: float | None = None) -> tuple[Point, ...] | None | Literal[False]:
    """ALTO POINTS in either form, "x,y x,y ..." or "x y x y ...", scaled;
    None when they do not make a polygon; False when one of them is no
    number from -``limit`` to ``limit`` (infinite or NaN when no limit)."""
    parts = [p for p in _NUMBERS.split(points.strip()) if p]
    if len(parts) < 6 or len(parts) % 2:
        return None
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        return None
    bound = math.inf if limit is None else limit
    if not all(-bound <= n <= bound for n in nums) or not all(math.isfinite(n) for n in nums):
        return False
    return tuple((nums[i] * sx, nums[i + 1] * sy) for i in range(0, len(nums), 2))


def _num(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _extent(boxes: list[Rect]) -> Rect:
    """The union of the boxes that have a size; an empty box when none has."""
    boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]]
    return union(boxes) if boxes else (0.0, 0.0, 0.0, 0.0)


def parse_alto(data: bytes, file: str) -> AltoDocument:
    """Parse an ALTO file's bytes and read its header. Raises XmlRefused for
    malformed or refused XML, a root that is not <alto>, an unknown unit or a
    file without a page."""
    return AltoDocument(parse_bytes(data, file), file)


def read_alto_head(f, file: str) -> AltoDocument:
    """The header of an ALTO file (unit, page size, image name, and the
    problems they show), read from the file object ``f`` only as far as the
    first Page's start tag, or its PrintSpace's when the Page gives no size.
    Raises XmlRefused as parse_alto does for what comes before; what comes
    after is read, and its problems found, by parse_alto. ALTO puts the
    Description, which holds the unit and the image name, before the Layout."""
    doc = AltoDocument(parse_head(f, file, _head_enough), file, whole=False)
    doc._page = None  # the header is read: the tree of the file's beginning need not be kept
    return doc


def _head_enough(event: str, el) -> bool:
    """Whether the page's size is known once ``el`` has started or ended:
    at the first Page's start tag when it has WIDTH and HEIGHT, else at its
    PrintSpace's when that has a box, else at the Page's end."""
    name = local_name(el.tag)
    if name == "Page":
        return event == "end" or (el.get("WIDTH") is not None and el.get("HEIGHT") is not None)
    if name == "PrintSpace" and event == "start":
        page = el.getparent()
        return page is not None and local_name(page.tag) == "Page" and all(
            el.get(a) is not None for a in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
    return False


def read_alto(data: bytes, file: str, dpi: float = 300.0) -> AltoPage:
    """One ALTO file in points without a scan: lengths convert exactly,
    pixels at ``dpi``."""
    doc = parse_alto(data, file)
    s = UNIT_PT.get(doc.unit, 72 / dpi)
    return doc.page(s, s)
