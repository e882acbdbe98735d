"""Digitised newspapers (METS/ALTO packages) as plain values: pages with
their blocks, lines and words, the page scans, and the articles made of
them. No Qt.

Every coordinate is in points on the page, origin at the top left, y
growing downwards: the reader converts ALTO's unit (pixel, mm10,
inch1200) once, so the layout stage never sees it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..model.problems import Problem

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Word:
    """One ALTO String."""

    id: str | None
    text: str  # CONTENT
    box: Rect
    confidence: float | None = None  # WC, 0..1
    hyphen_part: int = 0  # 1: first part of a word broken at a line end (HypPart1), 2: its second part
    full_word: str | None = None  # SUBS_CONTENT: the whole word, on both parts of a broken word
    size_pt: float | None = None  # TextStyle FONTSIZE, through STYLEREFS
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """One ALTO TextLine: its words in reading order."""

    id: str | None
    box: Rect
    words: tuple[Word, ...]
    hyphen: str | None = None  # the HYP mark after the last word ("-", "¬"): drawn, not part of the text


@dataclass(frozen=True, slots=True)
class Block:
    """A TextBlock, Illustration or GraphicalElement (ComposedBlocks are
    flattened: their children carry ``parent``)."""

    id: str | None
    kind: Literal["text", "illustration", "graphic"]
    box: Rect
    polygon: tuple[Point, ...] | None = None  # Shape/Polygon, when the file gives one
    lines: tuple[Line, ...] = ()
    parent: str | None = None  # id of the enclosing ComposedBlock
    language: str | None = None


@dataclass(frozen=True)
class Scan:
    """The picture of a page: an image file, or a page of the library's PDF."""

    path: Path  # absolute; a regular file inside the package folder
    kind: Literal["image", "pdf"]
    pixel_width: int  # of the image (for a PDF: of its page image, or the page at 300 dpi)
    pixel_height: int
    pdf_page: int = 0  # page index in the PDF
    format: str = ""  # JPEG, PNG, TIFF, JPEG2000, PDF
    dpi: tuple[float, float] | None = None  # the resolution the image states, when it is a scan's (>= 100 dpi)
    page_size_pt: tuple[float, float] | None = None  # for a PDF: its page's width and height


@dataclass(frozen=True)
class ScannedPage:
    number: int  # position in the issue, 1-based (METS ORDER, else file order)
    label: str  # the printed page number when known (ORDERLABEL, MODS), else str(number)
    alto_file: str  # relative to the package folder
    width_pt: float
    height_pt: float
    blocks: tuple[Block, ...]  # in the ALTO file's order
    scan: Scan | None = None  # None: the page is reconstructed from its ALTO
    notes: tuple[str, ...] = ()  # what the reader should know: no scan, resolution assumed


@dataclass(frozen=True)
class Span:
    """The part of an article on one page: its lines in reading order and
    the outline of the area it covers."""

    page: int  # ScannedPage.number
    role: str  # heading, title, body, caption, ... (lower case METS div TYPE; "" when not given)
    lines: tuple[tuple[int, int, int, int], ...]  # (block index, line index, first word, end word), end exclusive
    regions: tuple[tuple[Point, ...], ...]  # polygons in points (block polygons, or rectangles)
    blocks: tuple[int, ...] = ()  # indexes of the blocks the METS names whole (illustrations too)


@dataclass(frozen=True)
class ScannedArticle:
    id: str  # the METS div ID, or the ALTO block ID for a block without a METS article
    kind: str  # article, advertisement, illustration, ... (lower case METS TYPE); "block" for a lone text block
    headline: str  # its HEADING/TITLE text, else its first line
    spans: tuple[Span, ...]  # in reading order; an article over two pages has spans on both
    text: str  # paragraphs (a block each) separated by blank lines; lines joined, broken words rejoined

    @property
    def pages(self) -> tuple[int, ...]:
        out: list[int] = []
        for s in self.spans:
            if s.page not in out:
                out.append(s.page)
        return tuple(out)


@dataclass
class ScannedIssue:
    """Everything read from a METS/ALTO package."""

    root: Path  # the package folder: nothing outside it is ever read
    source_file: str  # the METS file, or the first ALTO file, relative to root
    profile: Literal["enmap", "bl", "ndnp", "mets", "alto"]  # how the articles were given
    title: str  # the paper's name (MODS title, METS LABEL, else the folder's name)
    date: _dt.date | None = None
    issue_label: str | None = None  # issue number as the METS gives it
    language: str | None = None  # MODS language, e.g. en, de, fr
    pages: list[ScannedPage] = field(default_factory=list)
    articles: list[ScannedArticle] = field(default_factory=list)  # in reading order, page by page
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def page(self, number: int) -> ScannedPage | None:
        for p in self.pages:
            if p.number == number:
                return p
        return None

    def article(self, article_id: str) -> ScannedArticle | None:
        for a in self.articles:
            if a.id == article_id:
                return a
        return None
