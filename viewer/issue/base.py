"""What every opened issue offers, whatever its source: the facts a
masthead, a window title and a PDF's metadata give, its pages (numbers,
labels, sections, sizes, page groups, layouts), its articles as the reader
shows them, its text for the library, its description for ``info``, and
its problems. The window, the commands, export and the library ask an
``Issue`` and never which kind it is.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from ..messages import Msg
from ..model.problems import Problem

WEEKDAYS = "一二三四五六日"


def weekday_text(date: _dt.date | None) -> str:
    """星期一 … 星期日 for a date; "" without one."""
    return "星期" + WEEKDAYS[date.weekday()] if date else ""


def issue_title(paper: str, date: _dt.date | None) -> str:
    """The paper and the date as a Chinese title: 中国高新技术产业导报 2025年12月29日."""
    return f"{paper} {date.year}年{date.month}月{date.day}日" if date else paper


def number_ranges(numbers) -> str:
    """Page numbers as runs: [1, 2, 3, 5] -> "1-3, 5"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in runs)


@dataclass(frozen=True)
class IssueMeta:
    """What a masthead, a window title and a PDF's metadata say of an issue."""

    paper: str
    date: _dt.date | None = None
    paper_en: str | None = None
    weekday: str | None = None
    issue_number: int | None = None
    issue_label: str | None = None  # an issue number as a library gives it (scanned issues)
    serial_number: int | None = None
    page_count: int = 0
    language: str | None = None
    publisher: str | None = None

    @property
    def weekday_text(self) -> str:
        return self.weekday or weekday_text(self.date)


@dataclass(frozen=True)
class ReadingPhoto:
    path: Path | None  # the picture file, inside the issue folder, when it exists
    caption: str | None = None
    credit: str | None = None
    placeholder: bool = False


@dataclass(frozen=True)
class Reading:
    """An article as the reader pane shows it."""

    id: str
    headline: str
    paragraphs: tuple[str, ...]
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    signoff: str | None = None
    sample: bool = False  # the body is sample copy
    ocr: bool = False  # the text was read from a scan by OCR
    photos: tuple[ReadingPhoto, ...] = ()
    notice: Msg | None = None  # what the reader says above the article (a part of it is not in the copy)


# How the interface names a page, by form: the message ids a page is named
# with when it is an edition page (版) with a section, and when a library
# gives it a printed page number (页).
EDITION_CAPTIONS = {"label": "page.label.section", "status": "page.status", "desc": "page.view.desc",
                    "header": "articles.page_header", "short": "search.hit.page", "ref": "reader.page_ref"}
PRINTED_CAPTIONS = {"label": "scan.label", "status": "scan.status", "desc": "scan.view.desc",
                    "header": "scan.label", "short": "scan.label", "ref": "page.printed_label"}


class Issue:
    """The common face of an opened issue; one subclass per kind of source."""

    kind = ""  # one of viewer.issue.KINDS: for the library's records and info's "kind", never to branch on
    captions = EDITION_CAPTIONS
    ocr_layer = False  # the pages are pictures under an invisible text layer that can be shown
    root: Path
    source_file: str  # the issue's main file, relative to root, for problems
    problems: list[Problem]
    # the layout cache (cache.py): whether the kind gives ``cache_key``, and
    # how the issue was named when that changes what is read
    caches = False
    cache_opened = ""

    # ---- facts
    @property
    def meta(self) -> IssueMeta:
        raise NotImplementedError

    @property
    def usable(self) -> bool:
        """Whether there is anything to show."""
        return bool(self.numbers)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def numbers(self) -> list[int]:
        raise NotImplementedError

    def section(self, number: int) -> str:
        return ""

    def left_out(self) -> list[int]:
        """The numbers of the pages the issue lists but left out, each with
        a problem among ``problems`` saying why."""
        return []

    def no_page(self, number: int) -> Msg:
        """Why page ``number``, not among ``numbers``, cannot be shown. A
        command that says so has printed the issue's problems, as
        ``load_checked`` does, before: a page left out has its reason there."""
        if number in self.left_out():
            return Msg("page {number} could not be read (see the problems above)", number=number)
        return Msg("page {number} is not in the issue (its pages: {pages})", number=number,
                   pages=number_ranges(self.numbers))

    def page_label(self, number: int) -> str:
        """The page's name as the paper prints it: 01版, or a library's page number."""
        return f"{number:02d}版"

    def caption(self, number: int, form: str = "label") -> tuple[str, dict]:
        """The message id and values that name page ``number`` in the
        interface; ``form``: label, status, desc, header, short or ref."""
        return self.captions[form], {"number": number, "section": self.section(number),
                                     "label": self.page_label(number)}

    def page_size(self, number: int) -> tuple[float, float] | None:
        raise NotImplementedError

    @property
    def start_page(self) -> int | None:
        """The page to show first when it is not the first page (the issue
        was opened by one of its page files)."""
        return None

    def neighbour_path(self, step: int) -> Path | None:
        """The path of the previous (-1) or next (1) issue that the source
        itself lists (an e-paper site's date folders), else None."""
        return None

    def title(self) -> str:
        return issue_title(self.meta.paper, self.meta.date)

    def summary(self) -> Msg:
        """The issue in a few words, as ``validate`` names a valid one."""
        n_pages, n_articles = len(self.numbers), len(self.article_ids())
        return Msg("{title}, {pages} page{s}, {articles} article{t}", title=self.title(), pages=n_pages,
                   s="s" if n_pages != 1 else "", articles=n_articles, t="s" if n_articles != 1 else "")

    def file_stem(self) -> str:
        """A name for files exported from the issue."""
        return self.meta.date.isoformat() if self.meta.date else self.root.name

    # ---- layout
    def groups(self) -> list[tuple[int, ...]]:
        raise NotImplementedError

    def layout(self, pages: list[int] | None = None):
        """The IssueLayout of ``pages`` (default: every page): each page
        group from the layout cache when it holds it, else laid out by the
        kind (``lay_out``) and stored. Every command and the window lay
        pages out through here."""
        from .cache import cached_layout

        return cached_layout(self, pages)

    def lay_out(self, pages: list[int] | None = None):
        """The kind's own layout of ``pages`` (default: every page), without the cache."""
        raise NotImplementedError

    @property
    def layouts_kept(self) -> bool:
        """Whether the layout cache keeps this issue's layouts (laying a page
        out again then costs only reading it back)."""
        from .cache import store_of

        return self.caches and store_of(self) is not None

    def cache_key(self, pages: tuple[int, ...] | None) -> str | None:
        """A digest of everything the layout of ``pages`` (None: the whole
        issue, and what ``validate`` finds) depends on, besides the program
        and its fonts; None when it cannot be told (nothing is then cached).
        A kind that gives it sets ``caches``."""
        return None

    def layout_for(self, pages: list[int] | None):
        """The layout of ``pages`` laid out with the page groups they belong
        to, so that those pages are what a whole-issue layout gives."""
        if pages is None:
            return self.layout()
        wanted = set(pages)
        needed = sorted({n for g in self.groups() if wanted & set(g) for n in g})
        return self.layout(needed)

    def background(self, number: int):
        """The picture page ``number`` is drawn on (an ImageItem), when it is
        known before layout, so that its decoding can start at once."""
        return None

    def photo_ids(self) -> frozenset:
        """The block ids of the issue's news photos (an export keeps them at
        their own resolution)."""
        return frozenset()

    # ---- articles
    def article_ids(self) -> list[str]:
        raise NotImplementedError

    def article_home(self, article_id: str) -> int | None:
        raise NotImplementedError

    def reading(self, article_id: str) -> Reading | None:
        raise NotImplementedError

    # ---- problems
    def check(self) -> list[Problem]:
        """Every problem found without laying out, as ``validate`` lists them."""
        return list(self.problems)

    @staticmethod
    def fit_problems(pages) -> list[Problem]:
        """What the fit checks found on laid-out pages (the layout made them)."""
        return [p for page in pages for p in page.fit_problems]

    def validate(self) -> list[Problem]:
        """``check``, then, when nothing is wrong, the whole issue laid out and
        what the fit checks found (kept in the layout cache)."""
        from ..layout.codec import problems_in, problems_out
        from .cache import remembered

        def find() -> list[Problem]:
            problems = self.check()
            if not any(p.severity == "error" for p in problems):
                problems += self.fit_problems(self.layout().pages)
            return problems

        return remembered(self, "validate", find, problems_out, problems_in)

    def file_page(self, file: str) -> int | None:
        """The page a file of the issue belongs to (for a problem's file)."""
        return None

    # ---- text and description
    def search_text(self, missing_chars=None):
        """The issue's searchable text and problems (a viewer.issue.text.IssueText)."""
        raise NotImplementedError

    def describe(self, with_layout: bool = True, pages: list[int] | None = None) -> dict:
        """The issue's structure with all its text as plain JSON values (``info --json``)."""
        raise NotImplementedError

    def describe_heading(self, info: dict) -> Msg:
        """The first line of ``info``'s text output."""
        n = info["page_count"]
        return Msg("{title} ({pages} page{s})", title=self.title(), pages=n, s="s" if n != 1 else "")


class SourceIssue(Issue):
    """An issue read by a source reader (viewer.sources): the reader's
    issue object, its folder, main file and problems, and its pages in
    order, each with its number."""

    caches = True

    def __init__(self, issue):
        self.issue = issue
        self.root = Path(issue.root)
        self.source_file = issue.source_file
        self.problems = list(issue.problems)

    @property
    def numbers(self) -> list[int]:
        return [p.number for p in self.issue.pages]
