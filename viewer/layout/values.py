"""Frozen layout results, in points with the origin at the page's top left.

These values know no device: the painter draws them onto a screen, an
image, a PDF or a printer by setting a transform from points.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from ..model.geometry import Point, Rect, union  # noqa: F401 (union: the layout's importers take it from here)


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Glyphs of one font role and size, each at its own baseline position.

    The glyph indexes and positions are kept packed (machine-order unsigned
    32-bit ints and doubles): an issue holds about 4,000 glyphs a page, and
    as tuples of tuples of floats they were half of a laid-out issue's
    memory. ``glyphs`` and ``positions`` give them as tuples."""

    role: str
    size_pt: float
    glyph_data: bytes  # array("I") of glyph indexes
    xy: bytes  # array("d"): x0, y0, x1, y1, … the baseline origin of each glyph
    text: str  # one character per glyph
    color: str = "#000000"  # #RRGGBB, or #AARRGGBB (#00000000: a text layer, not drawn on screen)
    x_scale: float = 1.0  # glyphs stretched horizontally (a word fitted to its box on a scan)
    angle: float = 0.0  # degrees clockwise each glyph is turned about its origin (90: Latin in a vertical column)

    @classmethod
    def of(cls, role: str, size_pt: float, glyphs, positions, text: str, color: str = "#000000",
           angle: float = 0.0) -> "GlyphRun":
        """A run from glyph indexes and (x, y) positions."""
        return cls(role, size_pt, array("I", glyphs).tobytes(), array("d", [v for xy in positions for v in xy]).tobytes(),
                   text, color, angle)

    @property
    def glyphs(self) -> tuple[int, ...]:
        return tuple(memoryview(self.glyph_data).cast("I"))

    @property
    def positions(self) -> tuple[Point, ...]:
        """The baseline origin of each glyph."""
        it = iter(memoryview(self.xy).cast("d"))
        return tuple(zip(it, it))


# TextLine.kind of text a page's own PDF carries (an e-paper page): drawn by
# the PDF itself, so an export that passes the PDF through writes it no more
PDF_TEXT = "pdf"
# TextLine.kind of an article's text known without its place on the page (an
# e-paper page drawn from its preview): every glyph's box is the article's
# zone, so a search hit is shown on the zone; not part of an export's text
REGION_TEXT = "region"
NOT_A_TEXT_LAYER = frozenset({PDF_TEXT, REGION_TEXT})


@dataclass(frozen=True, slots=True)
class TextLine:
    """One set line: its runs, its text and its box."""

    page: int
    kind: str  # body, byline, signoff, jump, kicker, headline, subtitle, caption, credit, guide, masthead, header, advert, label
    text: str
    bbox: Rect
    runs: tuple[GlyphRun, ...]
    article: str | None = None
    vertical: bool = False
    block: int | None = None  # the index of the page's block that set the line (None: the page header)


@dataclass(frozen=True)
class RuleItem:
    line: tuple[float, float, float, float]
    weight_pt: float
    style: str = "solid"
    color: str = "#000000"


@dataclass(frozen=True)
class BoxItem:
    rect: Rect
    weight_pt: float
    fill: str | None = None
    color: str = "#000000"


@dataclass(frozen=True)
class ImageItem:
    """An image placed into ``rect``, showing the pixel area ``crop`` of the file."""

    rect: Rect
    path: str | None  # absolute path, or None when missing
    crop: Rect | None  # source pixel rectangle (x0, y0, x1, y1)
    block_id: str | None = None
    placeholder: bool = False
    missing_reason: str | None = None  # set when the file could not be used
    kind: str = "photo"  # photo; scan: a page's own picture (its bytes pass into a PDF as they are); pdf: page
    # pdf_page of a PDF file drawn as vectors, ``crop`` in its points (it passes into a PDF as a form)
    pdf_page: int | None = None  # the picture is the image of this page of a PDF file
    label: str | None = None  # what a placeholder says, when not the default
    block: int | None = None  # the index of the page's block that placed it


@dataclass(frozen=True)
class LinkItem:
    """A clickable area that leads to another page (guide entries, jump lines)."""

    rect: Rect
    page: int
    article: str | None = None


@dataclass(frozen=True)
class Region:
    page: int
    points: tuple[Point, ...]  # polygon, clockwise from the top left

    @classmethod
    def of_rect(cls, page: int, r: Rect) -> "Region":
        """A rectangle as a region."""
        x0, y0, x1, y1 = r
        return cls(page, ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))

    @property
    def bounds(self) -> Rect:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return (min(xs), min(ys), max(xs), max(ys))

    def contains(self, x: float, y: float) -> bool:
        # rectangles and rectilinear polygons: even-odd ray casting
        inside = False
        pts = self.points
        n = len(pts)
        for i in range(n):
            x1, y1 = pts[i]
            x2, y2 = pts[(i + 1) % n]
            if (y1 > y) != (y2 > y):
                xc = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                if x < xc:
                    inside = not inside
        return inside


@dataclass(frozen=True)
class ArticleOnPage:
    """The part of an article that lies on one page."""

    id: str
    headline: str
    regions: tuple[Region, ...]
    lines: tuple[int, ...]  # indexes into PageLayout.lines, in reading order
    continued: bool = False  # this is a continuation part
    kind: str = "article"  # or, on scanned pages, advertisement, illustration, block (a text block of a page without articles)


@dataclass(frozen=True)
class PageLayout:
    number: int
    section: str
    width_pt: float
    height_pt: float
    lines: tuple[TextLine, ...]
    rules: tuple[RuleItem, ...]
    boxes: tuple[BoxItem, ...]
    images: tuple[ImageItem, ...]
    links: tuple[LinkItem, ...]
    articles: tuple[ArticleOnPage, ...]  # in reading order
    overflow: tuple[dict, ...] = ()  # body text that did not fit, per article
    underset: tuple[dict, ...] = ()  # empty lines at the end of an article, per article
    warnings: tuple[str, ...] = ()
    debug_marks: tuple[Rect, ...] = ()  # where text overflowed, overprinted or did not fit
    label: str | None = None  # the page's printed number when it is not its position (scanned pages)
    misfits: tuple[dict, ...] = ()  # headline groups, mastheads, guide boxes that do not fit their frames
    overprints: tuple[dict, ...] = ()  # set items that print over each other
    fit_problems: tuple = ()  # what the fit checks found on the page (viewer.model.problems.Problem)

    def article_at(self, x: float, y: float) -> ArticleOnPage | None:
        for art in self.articles:
            for r in art.regions:
                b = r.bounds
                if b[0] <= x <= b[2] and b[1] <= y <= b[3] and r.contains(x, y):
                    return art
        return None


@dataclass(frozen=True)
class ArticleLayout:
    """An article across all the pages it is set on."""

    id: str
    pages: tuple[int, ...]
    regions: tuple[Region, ...]
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class IssueLayout:
    pages: tuple[PageLayout, ...]
    articles: dict = field(default_factory=dict)  # id -> ArticleLayout

    def page(self, number: int) -> PageLayout | None:
        for p in self.pages:
            if p.number == number:
                return p
        return None

    def article(self, article_id: str) -> ArticleLayout | None:
        return self.articles.get(article_id)

    @property
    def warnings(self) -> list[str]:
        return [w for p in self.pages for w in p.warnings]
