"""An issue as the window and the commands use it, whatever it came from:
our own descriptors (laid out by the engine) or a digitised newspaper, a
METS/ALTO package (laid out by the scanned-page importer). Both give page
numbers, page groups, frozen page layouts, the articles to read, and their
problems; nothing above this module asks which kind it has, except to word
a message.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from .model import IssueData, Problem, load_issue
from .model.types import Article, Photo


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
        if self.weekday:
            return self.weekday
        return "星期" + "一二三四五六日"[self.date.weekday()] if self.date else ""


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


class OpenIssue:
    """The common face of an opened issue."""

    kind = ""
    root: Path
    source_file: str  # the issue's main file, relative to root, for problems
    problems: list[Problem]

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

    def no_page(self, number: int) -> str:
        """Why page ``number``, not among ``numbers``, cannot be shown. A
        command that says so has printed the issue's problems, as
        ``load_checked`` does, before: a page left out has its reason there."""
        if number in self.left_out():
            return f"page {number} could not be read (see the problems above)"
        return f"page {number} is not in the issue (its pages: {number_ranges(self.numbers)})"

    def page_label(self, number: int) -> str:
        """The page's name as the paper prints it: 01版, or a library's page number."""
        return f"{number:02d}版"

    def page_size(self, number: int) -> tuple[float, float] | None:
        raise NotImplementedError

    def title(self) -> str:
        m = self.meta
        if m.date is None:
            return m.paper
        return f"{m.paper} {m.date.year}年{m.date.month}月{m.date.day}日"

    def file_stem(self) -> str:
        """A name for files exported from the issue."""
        return self.meta.date.isoformat() if self.meta.date else self.root.name

    # ---- layout
    def groups(self) -> list[tuple[int, ...]]:
        raise NotImplementedError

    def layout(self, pages: list[int] | None = None):
        """The IssueLayout of ``pages`` (default: every page)."""
        raise NotImplementedError

    def layout_for(self, pages: list[int] | None):
        """The layout of ``pages`` laid out with the page groups they belong
        to, so that those pages are what a whole-issue layout gives."""
        if pages is None:
            return self.layout()
        wanted = set(pages)
        needed = sorted({n for g in self.groups() if wanted & set(g) for n in g})
        return self.layout(needed)

    # ---- articles
    def article_ids(self) -> list[str]:
        raise NotImplementedError

    def article_home(self, article_id: str) -> int | None:
        raise NotImplementedError

    def reading(self, article_id: str) -> Reading | None:
        raise NotImplementedError

    # ---- problems
    def check(self) -> list[Problem]:
        """Every problem, as ``validate`` lists them."""
        return list(self.problems)

    def file_page(self, file: str) -> int | None:
        return None


# ------------------------------------------------------------ our descriptors


class DescriptorIssue(OpenIssue):
    kind = "descriptors"

    def __init__(self, data: IssueData):
        self.data = data
        self.root = Path(data.root)
        self.source_file = data.issue_file
        self.problems = list(data.problems)

    @property
    def usable(self) -> bool:
        return self.data.issue is not None and bool(self.data.pages)

    def left_out(self) -> list[int]:
        return sorted(self.data.broken_pages)

    @property
    def meta(self) -> IssueMeta:
        iss = self.data.issue
        if iss is None:
            return IssueMeta(paper=self.root.name)
        return IssueMeta(paper=iss.paper, date=iss.date, paper_en=iss.paper_en, weekday=iss.weekday_text,
                         issue_number=iss.issue_number, serial_number=iss.serial_number, page_count=iss.page_count,
                         language=iss.language, publisher=iss.publisher)

    @property
    def numbers(self) -> list[int]:
        return sorted({pd.page.number for pd in self.data.pages})

    def section(self, number: int) -> str:
        pd = self.data.page(number)
        return pd.page.section if pd else ""

    def page_size(self, number: int) -> tuple[float, float] | None:
        pd = self.data.page(number)
        return (pd.geometry.width_pt, pd.geometry.height_pt) if pd else None

    def groups(self) -> list[tuple[int, ...]]:
        from .layout.groups import page_groups

        return page_groups(self.data)

    def layout(self, pages: list[int] | None = None):
        from .layout import layout_issue

        return layout_issue(self.data, pages=pages)

    def article_ids(self) -> list[str]:
        return [a.id for _, a in self.data.articles()]

    def article_home(self, article_id: str) -> int | None:
        found = self.data.article(article_id)
        return found[0].page.number if found else None

    def reading(self, article_id: str) -> Reading | None:
        from .layout.engine import paragraphs
        from .model.load import _inside

        found = self.data.article(article_id)
        if found is None:
            return None
        from .model.marks import plain

        def printed(text):  # as printed: without the descriptors' no-break marks
            return plain(text) if text else text

        art: Article = found[1]
        photos = []
        for pd in self.data.pages:
            for b in pd.page.blocks:
                if isinstance(b, Photo) and b.article == article_id:
                    path = _inside(self.root, b.image)
                    photos.append(ReadingPhoto(path if path is not None and path.is_file() else None,
                                               printed(b.caption), printed(b.credit), b.placeholder))
        paras = tuple(printed(p) for p in paragraphs(self.data.texts.get(art.id, "")))
        return Reading(id=art.id, headline=printed(art.headline), paragraphs=paras, kicker=printed(art.kicker),
                       subtitle=printed(art.subtitle), byline=printed(art.byline), signoff=printed(art.signoff),
                       sample=art.sample, photos=tuple(photos))

    def check(self) -> list[Problem]:
        from .common import issue_problems

        return issue_problems(self.data)

    def file_page(self, file: str) -> int | None:
        for pd in self.data.pages:
            if pd.file == file:
                return pd.page.number
        return None


# ------------------------------------------------------------ digitised newspapers


@dataclass
class ScannedSource(OpenIssue):
    """A METS/ALTO package."""

    issue: object  # viewer.sources.model.ScannedIssue
    kind: str = field(default="scanned", init=False)

    def __post_init__(self):
        self.root = Path(self.issue.root)
        self.source_file = self.issue.source_file
        self.problems = list(self.issue.problems)

    @property
    def meta(self) -> IssueMeta:
        iss = self.issue
        number = int(iss.issue_label) if iss.issue_label and str(iss.issue_label).isdigit() else None
        return IssueMeta(paper=iss.title, date=iss.date, issue_number=number, issue_label=iss.issue_label,
                         page_count=len(iss.pages), language=iss.language)

    @property
    def numbers(self) -> list[int]:
        return [p.number for p in self.issue.pages]

    def left_out(self) -> list[int]:
        return list(self.issue.left_out)

    def page_label(self, number: int) -> str:
        sp = self.issue.page(number)
        label = sp.label if sp else str(number)
        return f"p. {label}"

    def page_size(self, number: int) -> tuple[float, float] | None:
        sp = self.issue.page(number)
        return (sp.width_pt, sp.height_pt) if sp else None

    def title(self) -> str:
        m = self.meta
        return f"{m.paper}, {m.date.isoformat()}" if m.date else m.paper

    def groups(self) -> list[tuple[int, ...]]:
        from .layout.scanned import scanned_page_groups

        return scanned_page_groups(self.issue)

    def layout(self, pages: list[int] | None = None):
        from .layout.scanned import layout_scanned

        return layout_scanned(self.issue, pages)

    def article_ids(self) -> list[str]:
        return [a.id for a in self.issue.articles]

    def article_home(self, article_id: str) -> int | None:
        art = self.issue.article(article_id)
        return art.pages[0] if art and art.pages else None

    def reading(self, article_id: str) -> Reading | None:
        art = self.issue.article(article_id)
        if art is None:
            return None
        paras = [" ".join(p.split()) for p in art.text.split("\n\n") if p.strip()]
        # the headline is the article's first block, or its first line: not twice
        head = " ".join(art.headline.split())
        if paras and head and paras[0].startswith(head):
            rest = paras[0][len(head):].strip()
            paras = ([rest] if rest else []) + paras[1:]
        return Reading(id=art.id, headline=art.headline, paragraphs=paras, ocr=True)

    def check(self) -> list[Problem]:
        # a package's pages and articles are read on first use: all of them now
        self.issue.load_all()
        self.problems = list(self.issue.problems)
        return list(self.problems)

    def file_page(self, file: str) -> int | None:
        for p in self.issue.pages:
            if p.alto_file == file:
                return p.number
        return None


def number_ranges(numbers: list[int]) -> str:
    """Page numbers as runs: [1, 2, 3, 5] -> "1-3, 5"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in runs)


# ------------------------------------------------------------ opening


def is_descriptor_path(path: str | Path) -> bool:
    """Whether ``path`` is one of our issue folders or issue files."""
    from .model.load import ISSUE_FILES

    p = Path(path)
    if p.is_dir():
        return any((p / name).is_file() for name in ISSUE_FILES)
    return p.is_file() and (p.name in ISSUE_FILES or p.suffix.lower() in (".toml", ".json"))


def open_issue(path: str | Path) -> OpenIssue:
    """Read whatever ``path`` holds (an issue folder or file, a METS file or
    a folder holding one, ALTO files); problems are collected, never raised."""
    p = Path(path)
    if not is_descriptor_path(p):
        from .sources.package import open_package, package_kind

        if package_kind(p) is not None:
            return ScannedSource(open_package(p))
    return DescriptorIssue(load_issue(p))
