"""Digitised newspapers (METS/ALTO packages) as plain values: pages with
their blocks, lines and words, the page scans, and the articles made of
them. No Qt.

Every coordinate is in points on the page, origin at the top left, y
growing downwards: the reader converts ALTO's unit (pixel, mm10,
inch1200) once, so the layout stage never sees it.

An issue is read lazily: opening lists its pages and articles, and a
page's words are read from its ALTO file when first used (ScannedIssue
says what is read when).
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Literal, Protocol, TypeVar

from ..model.geometry import Point, Rect  # noqa: F401 (the readers take them from here)
from ..model.problems import Problem

T = TypeVar("T")
# the most pages an issue may have: a METS or a folder of ALTO files listing more is
# refused. The largest newspaper issues have a few hundred pages; this bounds the
# time and memory that opening and validating take (bench/mets_pages.py).
MAX_PAGES = 10_000


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


class Once(Generic[T]):
    """A value made on first use, once, and kept: a thread that asks while
    another is making it waits for it rather than making it again."""

    __slots__ = ("_make", "_value", "_lock")

    def __init__(self, make: Callable[[], T] | None = None, value: T | None = None):
        """``make``: the function that makes the value; None when ``value``
        is given already."""
        self._make = make
        self._value = value
        self._lock = threading.Lock() if make is not None else None

    @property
    def done(self) -> bool:
        return self._make is None

    def get(self) -> T:
        if self._make is not None:
            with self._lock:
                make = self._make
                if make is not None:
                    self._value = make()
                    self._make = None  # after the value: a thread that sees None finds the value
        return self._value


class ScannedPage:
    """One page. Its number, label, size, scan and notes are known when the
    issue opens; its blocks are read from its ALTO file on first use of
    ``blocks``, once, and kept (two threads asking at once read it once).
    A file that turns out to be unreadable then gives no blocks, and the
    issue's problems say why."""

    __slots__ = ("number", "label", "alto_file", "width_pt", "height_pt", "scan", "notes", "_blocks")

    def __init__(self, number: int, label: str, alto_file: str, width_pt: float, height_pt: float,
                 blocks: tuple[Block, ...] | Once[tuple[Block, ...]] = (), scan: Scan | None = None,
                 notes: tuple[str, ...] = ()):
        self.number = number  # position in the issue, 1-based (METS ORDER, else file order)
        self.label = label  # the printed page number when known (ORDERLABEL, MODS), else str(number)
        self.alto_file = alto_file  # relative to the package folder
        self.width_pt = width_pt
        self.height_pt = height_pt
        self.scan = scan  # None: the page is reconstructed from its ALTO
        self.notes = notes  # what the reader should know: no scan, resolution assumed
        self._blocks = blocks if isinstance(blocks, Once) else Once(value=tuple(blocks))

    @property
    def blocks(self) -> tuple[Block, ...]:
        """In the ALTO file's order; read from the file on first use."""
        return self._blocks.get()

    @property
    def loaded(self) -> bool:
        """Whether the blocks have been read."""
        return self._blocks.done

    def __repr__(self) -> str:
        blocks = repr(self._blocks.get()) if self._blocks.done else "(not read yet)"
        return (f"ScannedPage(number={self.number!r}, label={self.label!r}, alto_file={self.alto_file!r}, "
                f"width_pt={self.width_pt!r}, height_pt={self.height_pt!r}, blocks={blocks}, scan={self.scan!r}, "
                f"notes={self.notes!r})")


@dataclass(frozen=True)
class Span:
    """The part of an article on one page: its lines in reading order and
    the outline of the area it covers."""

    page: int  # ScannedPage.number
    role: str  # heading, title, body, caption, ... (lower case METS div TYPE; "" when not given)
    lines: tuple[tuple[int, int, int, int], ...]  # (block index, line index, first word, end word), end exclusive
    regions: tuple[tuple[Point, ...], ...]  # polygons in points (block polygons, or rectangles)
    blocks: tuple[int, ...] = ()  # indexes of the blocks the METS names whole (illustrations too)


class ScannedArticle:
    """An article. Its id, kind and pages are known when the issue opens
    (from the METS); its words, that is its spans, headline and text, are
    read on first use of any of them (with the ALTO files of its pages),
    once, and kept."""

    __slots__ = ("id", "kind", "_pages", "_words")

    def __init__(self, id: str, kind: str, headline: str, spans: tuple[Span, ...], text: str):  # noqa: A002
        self.id = id  # the METS div ID, or the ALTO block ID for a block without a METS article
        self.kind = kind  # article, advertisement, illustration, ... (lower case METS TYPE); "block" for a lone text block
        self._pages: tuple[int, ...] = ()
        self._words: Once[tuple[str, tuple[Span, ...], str]] = Once(value=(headline, spans, text))

    @classmethod
    def read_later(cls, id: str, kind: str, pages: tuple[int, ...],  # noqa: A002
                   words: Once[tuple[str, tuple[Span, ...], str]]) -> ScannedArticle:
        """An article whose headline, spans and text ``words`` makes when
        first asked; ``pages``: the pages its METS areas name, meanwhile."""
        art = cls.__new__(cls)
        art.id, art.kind, art._pages, art._words = id, kind, pages, words
        return art

    @property
    def headline(self) -> str:
        """Its HEADING/TITLE text, else its first line."""
        return self._words.get()[0]

    @property
    def spans(self) -> tuple[Span, ...]:
        """In reading order; an article over two pages has spans on both."""
        return self._words.get()[1]

    @property
    def text(self) -> str:
        """Paragraphs (a block each) separated by blank lines; lines joined, broken words rejoined."""
        return self._words.get()[2]

    @property
    def loaded(self) -> bool:
        """Whether its words have been read."""
        return self._words.done

    @property
    def empty(self) -> bool:
        """Whether its words have been read and it has none: its areas name
        nothing that could be read. Such an article is no article."""
        return self._words.done and not self._words.get()[1]

    @property
    def pages(self) -> tuple[int, ...]:
        """The pages its spans are on, in reading order. Until its words
        are read: the pages its METS areas name (the same, unless an area
        names nothing that can be read)."""
        if not self._words.done:
            return self._pages
        out: list[int] = []
        for s in self.spans:
            if s.page not in out:
                out.append(s.page)
        return tuple(out)

    def __repr__(self) -> str:
        words = (f"headline={self.headline!r}, spans={self.spans!r}, text={self.text!r}" if self.loaded
                 else "words not read yet")
        return f"ScannedArticle(id={self.id!r}, kind={self.kind!r}, pages={self.pages!r}, {words})"


class IssueReader(Protocol):
    """What a ScannedIssue asks of the reader that opened it
    (viewer.sources.package) for what it reads on demand."""

    def articles(self) -> list[ScannedArticle]: ...

    def articles_on(self, numbers: set[int]) -> list[ScannedArticle]: ...

    def article(self, article_id: str) -> ScannedArticle | None: ...

    def linked_pages(self) -> list[tuple[int, ...]]: ...

    def found_problems(self) -> list[Problem]: ...

    def load_all(self) -> None: ...


class _Given:
    """The articles and problems of an issue made of values given whole."""

    def __init__(self, articles: list[ScannedArticle], problems: list[Problem]):
        self._articles = articles
        self._problems = problems

    def articles(self) -> list[ScannedArticle]:
        return list(self._articles)

    def articles_on(self, numbers: set[int]) -> list[ScannedArticle]:
        return [a for a in self._articles if numbers.intersection(a.pages)]

    def article(self, article_id: str) -> ScannedArticle | None:
        return next((a for a in self._articles if a.id == article_id), None)

    def linked_pages(self) -> list[tuple[int, ...]]:
        return [a.pages for a in self._articles if len(a.pages) > 1]

    def found_problems(self) -> list[Problem]:
        return list(self._problems)

    def load_all(self) -> None:
        pass


class ScannedIssue:
    """Everything read from a METS/ALTO package.

    Opening reads the METS (or lists the ALTO files) and, of each page, what
    lists it: its number, label, size (from the start of its ALTO file) and
    scan (from the image's header). The rest is read on first use, once,
    and kept, safely from several threads:

    - a page's blocks, from its ALTO file (``ScannedPage.blocks``);
    - with articles in the METS: their ids, kinds and pages are known at
      once (``articles`` lists them without reading any ALTO; an article
      over several pages links them, ``linked_pages``); the words of an
      article (spans, headline, text) are read with the ALTO files of its
      pages when first asked for. An article whose areas turn out to name
      nothing that can be read is then left out of ``articles``;
    - without articles in the METS (NDNP, ALTO files alone), each text block
      with words is an article, which exists once its page is read: listing
      ``articles`` reads every page, while ``articles_on(n)`` and
      ``article(id)`` read only the page they need.

    ``problems`` are those found so far: the METS's, and each page's and
    article's once read, always in the order of the files (the METS, then
    page by page, then article by article). ``load_all()`` reads everything,
    after which they are every problem, as ``validate`` lists them.
    """

    def __init__(self, root: Path, source_file: str, profile: Literal["enmap", "bl", "ndnp", "mets", "alto"],
                 title: str, date: _dt.date | None = None, issue_label: str | None = None,
                 language: str | None = None, pages: list[ScannedPage] | None = None,
                 articles: list[ScannedArticle] | None = None, problems: list[Problem] | None = None,
                 reader: IssueReader | None = None, left_out: tuple[int, ...] = ()):
        """An issue of the ``pages``, ``articles`` and ``problems`` given, or,
        from ``open_package``, of the ``reader`` that reads them on demand."""
        self.root = root  # the package folder: nothing outside it is ever read
        self.source_file = source_file  # the METS file, or the first ALTO file, relative to root
        self.profile = profile  # how the articles were given
        self.title = title  # the paper's name (MODS title, METS LABEL, else the folder's name)
        self.date = date
        self.issue_label = issue_label  # issue number as the METS gives it
        self.language = language  # MODS language, e.g. en, de, fr
        self.pages = pages if pages is not None else []
        self.left_out = left_out  # the numbers of the pages listed but left out, each with a problem saying why
        self._reader = reader if reader is not None else _Given(list(articles or ()), list(problems or ()))

    @property
    def articles(self) -> list[ScannedArticle]:
        """Every article, in reading order, page by page (without articles
        in the METS this reads every page)."""
        return self._reader.articles()

    def articles_on(self, *numbers: int) -> list[ScannedArticle]:
        """The articles on any of the pages ``numbers``, in reading order.
        Without articles in the METS, only these pages are read; with them,
        nothing is read until an article's words are used."""
        return self._reader.articles_on(set(numbers))

    def article(self, article_id: str) -> ScannedArticle | None:
        """The article of that id, its words read (with the pages it is on,
        and no other), or None."""
        return self._reader.article(article_id)

    def linked_pages(self) -> list[tuple[int, ...]]:
        """The pages of each article over more than one page, from the METS
        alone: no ALTO file is read."""
        return self._reader.linked_pages()

    @property
    def problems(self) -> list[Problem]:
        return self._reader.found_problems()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def load_all(self) -> None:
        """Read every page and every article, so that ``problems`` lists
        every problem."""
        self._reader.load_all()

    def page(self, number: int) -> ScannedPage | None:
        for p in self.pages:
            if p.number == number:
                return p
        return None

    def __repr__(self) -> str:
        return (f"ScannedIssue(root={self.root!r}, source_file={self.source_file!r}, profile={self.profile!r}, "
                f"title={self.title!r}, date={self.date!r}, issue_label={self.issue_label!r}, "
                f"language={self.language!r}, pages={[p.number for p in self.pages]!r})")
