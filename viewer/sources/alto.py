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
import re
import types
from contextlib import contextmanager
from dataclasses import dataclass, field

from lxml import etree

from ..model.geometry import union
from ..model.problems import Problem
from .model import Block, Line, Point, Rect, Word
from .xmlsafe import XmlRefused, local_name, namespace, parse_bytes, parse_head

# points per unit, for the units that are lengths
UNIT_PT = {"mm10": 72 / 254, "inch1200": 72 / 1200}
UNITS = ("pixel", "mm10", "inch1200")
DEFAULT_UNIT = "mm10"  # the schema's default when MeasurementUnit is absent

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
            raise XmlRefused(Problem(file, "", f"the root element is <{local_name(root.tag)}>, not <alto>: "
                                               "this is not an ALTO file"))
        ns = namespace(root.tag)
        self._t = {n: (f"{{{ns}}}{n}" if ns else n) for n in _NAMES}
        self.problems: list[Problem] = []
        self.unit = DEFAULT_UNIT
        self.image_name: str | None = None
        self._text_styles: dict[str, tuple[float | None, bool, bool]] = {}
        t = self._t
        description = root.find(t["Description"])
        unit_el = None if description is None else description.find(t["MeasurementUnit"])
        if unit_el is None:
            self.problems.append(Problem(file, "", "no MeasurementUnit; the schema's default, "
                                                   "mm10 (tenths of a millimetre), is assumed", "warning"))
        else:
            unit = (unit_el.text or "").strip()
            if unit.lower() not in UNITS:
                raise XmlRefused(Problem(file, f"line {unit_el.sourceline}",
                                         f"unknown MeasurementUnit '{unit}': expected pixel, mm10 or inch1200"))
            self.unit = unit.lower()
        if description is not None:
            name = description.findtext(f"{t['sourceImageInformation']}/{t['fileName']}")
            self.image_name = name.strip() if name and name.strip() else None
        styles = root.find(t["Styles"])
        if styles is not None:
            for st in styles.iterchildren(t["TextStyle"]):
                self._text_styles[st.get("ID", "")] = _text_style(st)
        layout = root.find(t["Layout"])
        pages = [] if layout is None else layout.findall(t["Page"])
        if not pages:
            raise XmlRefused(Problem(file, "", "the ALTO file has no Layout/Page element"))
        if len(pages) > 1:
            self.problems.append(Problem(file, f"line {pages[1].sourceline}",
                                         f"the file describes {len(pages)} pages; only the first is read",
                                         "warning"))
        self._page = pages[0]
        self.page_id = self._page.get("ID")
        self.width = _num(self._page.get("WIDTH"))
        self.height = _num(self._page.get("HEIGHT"))
        if not self.width or not self.height:
            # some producers leave the page size out: the print space, else the blocks, bound the page
            ps = self._page.find(t["PrintSpace"])
            box = None if ps is None else _box(ps, 1.0, 1.0)
            self.width, self.height = (box[2], box[3]) if box else (None, None)

    def page(self, sx: float, sy: float) -> AltoPage:
        """The page's blocks in points: x * sx, y * sy."""
        if not self.whole:
            raise ValueError(f"only the header of {self.file} was read")
        self._sx, self._sy = sx, sy
        self._style_cache: dict[str | None, tuple[float | None, bool, bool] | None] = {}
        blocks: list[Block] = []
        composed: dict[str, tuple[int, ...]] = {}
        with gc_paused():
            for space in self._page.iterchildren(*(self._t[n] for n in _PAGE_SPACES)):
                self._blocks(space, None, blocks, composed)
        width, height = self.width, self.height
        if not width or not height:
            xs = [b.box[2] / sx for b in blocks] or [0.0]
            ys = [b.box[3] / sy for b in blocks] or [0.0]
            width, height = max(xs) or None, max(ys) or None
        return AltoPage(self.file, self.unit, width, height, self.image_name, self.page_id, tuple(blocks),
                        composed, list(self.problems), (sx, sy))

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
                box = _box(el, self._sx, self._sy) or (0.0, 0.0, 0.0, 0.0)
                out.append(Block(el.get("ID"), kind, box, self._polygon(el), (), parent))

    def _text_block(self, el, parent: str | None) -> Block:
        t = self._t
        block_style = self._style(el.get("STYLEREFS")) or _PLAIN
        lines = [self._line(ln, block_style) for ln in el.iterchildren(t["TextLine"])]
        box = _box(el, self._sx, self._sy) or _extent([ln.box for ln in lines])
        return Block(el.get("ID"), "text", box, self._polygon(el), tuple(lines), parent,
                     el.get("LANG") or el.get("language") or el.get("lang"))

    def _line(self, el, block_style: tuple[float | None, bool, bool]) -> Line:
        sx, sy = self._sx, self._sy
        tag_string, tag_hyp = self._t["String"], self._t["HYP"]
        words: list[Word] = []
        append = words.append
        hyphen = None
        style_of, cache = self._style, self._style_cache
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
                    x = float(g(b"HPOS")) * sx
                    y = float(g(b"VPOS")) * sy
                    box = (x, y, x + float(g(b"WIDTH")) * sx, y + float(g(b"HEIGHT")) * sy)
                    confidence = float(wc) if wc else None
                except (TypeError, ValueError):
                    box = _partial_box(w, sx, sy)
                    confidence = _num(wc)
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
        box = _box(el, sx, sy) or _extent([w.box for w in words])
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
        return parse_points(poly.get("POINTS", ""), self._sx, self._sy)


def parse_points(points: str, sx: float = 1.0, sy: float = 1.0) -> tuple[Point, ...] | None:
    """ALTO POINTS in either form, "x,y x,y ..." or "x y x y ...", scaled;
    None when they do not make a polygon."""
    parts = [p for p in _NUMBERS.split(points.strip()) if p]
    if len(parts) < 6 or len(parts) % 2:
        return None
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        return None
    return tuple((nums[i] * sx, nums[i + 1] * sy) for i in range(0, len(nums), 2))


def _text_style(el) -> tuple[float | None, bool, bool]:
    size = _num(el.get("FONTSIZE"))
    styles = (el.get("FONTSTYLE") or "").lower().split()
    return (size or None, "bold" in styles, "italics" in styles or "italic" in styles)


def _num(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _float(value: str | None) -> float:
    if not value:
        return 0.0
    try:
        return float(value)
    except ValueError:
        return 0.0


def _box(el, sx: float, sy: float) -> Rect | None:
    g = el.get
    x, y, w, h = g("HPOS"), g("VPOS"), g("WIDTH"), g("HEIGHT")
    if x is None or y is None or w is None or h is None:
        return None
    x0, y0 = _float(x) * sx, _float(y) * sy
    return (x0, y0, x0 + _float(w) * sx, y0 + _float(h) * sy)


def _partial_box(el, sx: float, sy: float) -> Rect:
    """The box of an element whose position is partly missing or not a number."""
    g = el.get
    x0, y0 = _float(g("HPOS")) * sx, _float(g("VPOS")) * sy
    return (x0, y0, x0 + _float(g("WIDTH")) * sx, y0 + _float(g("HEIGHT")) * sy)


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
        return event == "end" or bool(_num(el.get("WIDTH")) and _num(el.get("HEIGHT")))
    if name == "PrintSpace" and event == "start":
        page = el.getparent()
        return page is not None and local_name(page.tag) == "Page" and _box(el, 1.0, 1.0) is not None
    return False


def read_alto(data: bytes, file: str, dpi: float = 300.0) -> AltoPage:
    """One ALTO file in points without a scan: lengths convert exactly,
    pixels at ``dpi``."""
    doc = parse_alto(data, file)
    s = UNIT_PT.get(doc.unit, 72 / dpi)
    return doc.page(s, s)
