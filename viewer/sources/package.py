"""Open a digitised newspaper: a METS/ALTO package, or ALTO files alone.

``open_package(path)`` takes an issue METS file, a folder holding one, a
single ALTO file, or a folder of ALTO files without a METS (pages in
file-name order, numbers compared as numbers), and gives a ScannedIssue.
``package_kind(path)`` tells cheaply which of these a path is.

Nothing outside the package folder (the folder of the METS file or of the
ALTO files) is read: see ``files.py``. A page whose ALTO is missing or
unusable is left out with an error; the rest opens.

Opening reads the METS and, of each ALTO file, only its beginning: as far
as the first Page's start tag, where its size is (``read_alto_head``); the
whole file is read when the page's blocks are first used, and the METS's
articles are made of the pages' words when first used (ScannedIssue says
what is read when). A file broken further on than its header is found
broken then: its page stays in the issue, without words, and its problem
takes the place of the page's others, which is what opening told of a page
left out. ``ScannedIssue.load_all()`` reads everything, for ``validate``.

The scan of each page and the scale of its ALTO are found by ``scans.py``;
the articles (the METS's, else one a text block) are made by
``articles.py``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from ..messages import Msg, said
from ..model.problems import IssueLoadError, Problem
from .alto import (MAX_PAGE_MM, MAX_PAGE_PT, MIN_PAGE_MM, MIN_PAGE_PT, AltoDocument, AltoPage, gc_paused,
                   parse_alto, read_alto_head)
from .articles import BlockArticles, MetsArticles
from .files import Refused, locate, open_regular
from .mets import MetsFile, MetsIssue, MetsPage, file_kind, read_mets, scan_rank
from .model import MAX_PAGES, Block, Once, Scan, ScannedArticle, ScannedIssue, ScannedPage
from .scans import NOTE_DPI_ASSUMED, NOTE_NO_SCAN, Scans
from .sniff import _sniff, _xml_files, package_kind
from .xmlsafe import XmlRefused

__all__ = ["NOTE_DPI_ASSUMED", "NOTE_NO_SCAN", "PackagePage", "open_package", "package_kind"]

# ---------------------------------------------------------------- opening


def open_package(path: str | Path) -> ScannedIssue:
    """Read a METS/ALTO package. Every problem found is in the issue's
    ``problems``; raises IssueLoadError, with every problem, when no page at
    all can be opened."""
    with gc_paused():
        return _open(Path(path))


def _open(path: Path) -> ScannedIssue:
    if not path.exists():
        raise IssueLoadError([Problem(str(path), "", Msg("no such file or folder"))])
    if path.is_dir():
        files = _xml_files(path)
        kinds = {p: _sniff(p) for p in files}
        mets = [p for p in files if kinds[p] == "mets"]
        altos = [p for p in files if kinds[p] == "alto"]
        if mets:
            return _Reader(path).open_mets(mets[0].name, others=[p.name for p in mets[1:]])
        if len(altos) > MAX_PAGES:
            raise IssueLoadError([Problem(str(path), "", Msg("the folder holds {count} ALTO files, more than the "
                                                             "{limit} pages an issue may have; it is not read",
                                                             count=len(altos), limit=MAX_PAGES))])
        if altos:
            return _Reader(path).open_altos([p.name for p in altos])
        raise IssueLoadError([Problem(str(path), "", Msg("the folder holds no METS or ALTO file"))])
    kind = _sniff(path)
    reader = _Reader(path.parent)
    if kind == "mets":
        return reader.open_mets(path.name)
    if kind == "alto":
        return reader.open_altos([path.name])
    # not XML, or XML of another kind: let the parser say which
    data = _read_or_fail(path)
    try:
        parse_alto(data, path.name)
    except XmlRefused as exc:
        raise IssueLoadError([exc.problem]) from None
    raise IssueLoadError([Problem(path.name, "", Msg("this is neither a METS nor an ALTO file"))])


def _read_or_fail(path: Path) -> bytes:
    try:
        with open_regular(path, path.name) as f:
            return f.read()
    except Refused as exc:
        raise IssueLoadError([Problem(path.name, "", said(exc))]) from None


@dataclass
class PackagePage:
    """A page of the issue: its ALTO file's header, its scan, and, once its
    words are read, its ALTO page and the place of each ALTO id."""

    number: int
    label: str
    alto_rel: str
    alto_path: Path
    head: AltoDocument  # the ALTO file's header (unit, size, image name) and its problems
    scan: Scan | None
    notes: tuple[str, ...]
    scale: tuple[float, float]  # points per ALTO unit, x and y
    rect_scale: tuple[float, float]  # points per pixel of the METS's image rectangles
    scan_problems: list[Problem]  # the scan's and the page size's
    value: ScannedPage | None = None
    alto: AltoPage | None = None  # once read
    failed: Problem | None = None  # why the ALTO file could not be read, once tried
    _ids: dict | None = None
    _lines: tuple | None = None

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.value.blocks  # read on first use

    def readable(self) -> bool:
        """Whether the page's ALTO file can be read (reading it now if it was not)."""
        self.value.blocks
        return self.failed is None

    def problems(self) -> list[Problem]:
        """The page's problems, in the order they have always been told: its
        ALTO file's (those of the whole file once read), then its scan's. A
        page whose file cannot be read has that one problem."""
        if self.failed is not None:
            return [self.failed]
        return [*(self.alto.problems if self.alto is not None else self.head.problems), *self.scan_problems]

    def ids(self) -> dict[str, tuple]:
        """ALTO ID -> ("blocks", indexes) | ("line", b, l) | ("word", b, l, w)."""
        if self._ids is None:
            ids: dict[str, tuple] = {}
            every = tuple(range(len(self.blocks)))
            if self.alto.page_id:
                ids[self.alto.page_id] = ("blocks", every)
            for cid, members in self.alto.composed.items():
                ids[cid] = ("blocks", members)
            for bi, b in enumerate(self.blocks):
                if b.id:
                    ids[b.id] = ("blocks", (bi,))
                for li, ln in enumerate(b.lines):
                    if ln.id:
                        ids[ln.id] = ("line", bi, li)
                    for wi, w in enumerate(ln.words):
                        if w.id:
                            ids[w.id] = ("word", bi, li, wi)
            self._ids = ids
        return self._ids

    def line_index(self) -> tuple[list[tuple[int, int, int]], list[int], dict[tuple[int, int], int]]:
        """The lines in document order as (block, line, words), the position
        of each line's first word among all the page's words, and the order
        of each (block, line)."""
        if self._lines is None:
            lines, starts, order = [], [], {}
            pos = 0
            for bi, b in enumerate(self.blocks):
                for li, ln in enumerate(b.lines):
                    order[(bi, li)] = len(lines)
                    lines.append((bi, li, len(ln.words)))
                    starts.append(pos)
                    pos += len(ln.words)
            self._lines = (lines, starts, order)
        return self._lines

    def position(self, bi: int, li: int, wi: int) -> int:
        lines, starts, order = self.line_index()
        return starts[order[(bi, li)]] + wi


class _Reader:
    """Opens a package, and reads the rest of it on demand for the
    ScannedIssue it made (model.IssueReader)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        # the problems in the order they are told: lists, and the pages and articles whose
        # problems are found when they are read. ``problems`` is the list being added to.
        self.problems: list[Problem] = []
        self._parts: list = [self.problems]
        self.pages: list[PackagePage] = []
        self.left_out: list[int] = []  # the numbers of the pages listed but left out, each told why
        self.page_of_file: dict[str, PackagePage] = {}
        self.scans = Scans(self.root)
        self.articles_of: MetsArticles | BlockArticles | None = None
        # each ALTO file is read once however many pages name it: its header when the
        # issue opens, the whole file when a page naming it is first used. An entry a
        # file (at most MAX_PAGES); the values are those the pages hold anyway.
        self._located: dict[str, tuple[Path | None, Msg | None]] = {}
        self._heads: dict[Path, AltoDocument | Problem] = {}
        self._files: dict[tuple[Path, tuple[float, float]], Once[AltoPage | Problem]] = {}

    def _part(self, holder) -> None:
        """Tell ``holder``'s problems (a page's, an article's) here in the order."""
        self._parts += [holder, []]
        self.problems = self._parts[-1]

    def _locate(self, href: str, owner: str, line: int, what: Msg) -> tuple[Path | None, bool]:
        return locate(self.root, href, owner, line, what, self.problems, self._located)

    # ------------------------------------------------------------ METS packages

    def open_mets(self, name: str, others: list[str] = ()) -> ScannedIssue:
        for other in others:
            self.problems.append(Problem(other, "", Msg("a second METS file in the folder; '{name}' is read",
                                                        name=name), "warning"))
        data = _read_or_fail(self.root / name)
        try:
            mets = read_mets(data, name)
        except XmlRefused as exc:
            raise IssueLoadError([exc.problem]) from None
        self.problems += mets.problems
        for mp in mets.pages:
            page = self._mets_page(mets, mp)
            if page is None:
                self.left_out.append(mp.number)
                continue
            self.pages.append(page)
            for fid in mp.file_ids:
                self.page_of_file[fid] = page
        if mets.articles:
            self.articles_of = MetsArticles(mets, self.page_of_file, self._part)
        else:
            self.articles_of = BlockArticles(self.pages)
        issue = ScannedIssue(self.root, name, mets.profile, mets.title or self.root.name, mets.date,
                             mets.issue_label, mets.language, [p.value for p in self.pages], reader=self,
                             left_out=tuple(self.left_out))
        if not issue.pages:
            raise IssueLoadError(self.found_problems() or [Problem(name, "", Msg("the issue has no page that can "
                                                                                 "be opened"))])
        return issue

    def _mets_page(self, mets: MetsIssue, mp: MetsPage) -> PackagePage | None:
        files = mets.page_files(mp)
        altos = [f for f in files if file_kind(f) == "alto" and f.href]
        if not altos:
            self.problems.append(Problem(mets.file, Msg("line {line}", line=mp.line),
                                         Msg("page {number} names no OCR (ALTO) file; the page is left out",
                                             number=mp.number), code="missing-page"))
            return None
        alto_file = min(altos, key=lambda f: not any(k in f.use for k in ("alto", "ocr", "text", "content")))
        path, refused = self._locate(alto_file.href, mets.file, alto_file.line,
                                     Msg("the OCR file of page {number}", number=mp.number))
        if path is None:
            if not refused:
                self.problems.append(Problem(mets.file, Msg("line {line}", line=alto_file.line),
                                             Msg("the OCR file '{file}' of page {number} is not in the package; the "
                                                 "page is left out", file=alto_file.href, number=mp.number),
                                             code="missing-page"))
            return None
        images = sorted((f for f in files if file_kind(f) == "image" and f.href and scan_rank(f) is not None),
                        key=scan_rank)
        pdfs = [f for f in files if file_kind(f) == "pdf" and f.href]
        return self._page(mp.number, mp.label or str(mp.number), path, [*images, *pdfs], mets.file)

    # ------------------------------------------------------------ ALTO files alone

    def open_altos(self, names: list[str]) -> ScannedIssue:
        for number, name in enumerate(names, 1):  # a file that cannot be read leaves a gap, as in a METS
            page = self._page(number, str(number), self.root / name, [], None)
            if page is not None:
                self.pages.append(page)
            else:
                self.left_out.append(number)
        self.articles_of = BlockArticles(self.pages)
        issue = ScannedIssue(self.root, names[0], "alto", self.root.name, pages=[p.value for p in self.pages],
                             reader=self, left_out=tuple(self.left_out))
        if not issue.pages:
            raise IssueLoadError(self.found_problems())
        return issue

    # ------------------------------------------------------------ what the issue reads on demand

    def articles(self) -> list[ScannedArticle]:
        return self.articles_of.all()

    def articles_on(self, numbers: set[int]) -> list[ScannedArticle]:
        return self.articles_of.on(numbers)

    def article(self, article_id: str) -> ScannedArticle | None:
        return self.articles_of.get(article_id)

    def linked_pages(self) -> list[tuple[int, ...]]:
        return self.articles_of.linked_pages()

    def found_problems(self) -> list[Problem]:
        out: list[Problem] = []
        for part in self._parts:
            out += part if isinstance(part, list) else part.problems()
        return out

    def load_all(self) -> None:
        for p in self.pages:
            p.readable()
        self.articles_of.load_all()

    # ------------------------------------------------------------ one page

    def _page(self, number: int, label: str, alto_path: Path, candidates: list[MetsFile],
              mets_file: str | None) -> PackagePage | None:
        """The page, from the start of its ALTO file and its scan's header;
        its words are read on first use (at once only when the page's size
        must be taken from its blocks)."""
        rel = alto_path.relative_to(self.root).as_posix()
        doc = self._head(alto_path, rel)
        if isinstance(doc, Problem):
            self.problems.append(doc)
            return None
        found = self.scans.of_page(number, candidates, mets_file, doc, alto_path, rel)
        sx, sy = found.scale
        scan = found.scan
        # the scan's problems are the page's, told after its ALTO file's
        page = PackagePage(number, label, rel, alto_path, doc, scan, found.notes, found.scale, found.rect_scale,
                           found.problems)
        if doc.width and doc.height:
            page.value = ScannedPage(number, label, rel, doc.width * sx, doc.height * sy,
                                     Once(lambda: self._read_words(page)), scan, page.notes)
        else:
            # no size in the file's header: the blocks bound the page
            blocks = self._read_words(page)
            if page.failed is not None:
                self.problems.append(page.failed)
                return None
            page.value = ScannedPage(number, label, rel, page.alto.width_pt or 0.0, page.alto.height_pt or 0.0,
                                     blocks, scan, page.notes)
        w, h = page.value.width_pt, page.value.height_pt
        if not (MIN_PAGE_PT <= w <= MAX_PAGE_PT and MIN_PAGE_PT <= h <= MAX_PAGE_PT):
            # whatever gave the size (the file's Page, its PrintSpace or blocks, the scan): a page
            # of no usable size is left out, as one whose file cannot be read
            self.problems.append(Problem(rel, Msg("line {line}", line=doc.page_line) if doc.page_line else "",
                                         Msg("the page comes to {width:.1f} × {height:.1f} pt; a page is at least "
                                             "{least:.1f} and at most {most:.1f} pt a side ({mm:g} mm to {m:g} m): "
                                             "the page is left out", width=w, height=h, least=MIN_PAGE_PT,
                                             most=MAX_PAGE_PT, mm=MIN_PAGE_MM, m=MAX_PAGE_MM / 1000)))
            return None
        self._part(page)
        return page

    def _head(self, path: Path, rel: str) -> AltoDocument | Problem:
        """The header of the ALTO file ``path`` (a copy of its own for each
        page: the scale may complete its size), or why it cannot be read."""
        head = self._heads.get(path)
        if head is None:
            try:
                with open_regular(path, rel) as f:
                    head = read_alto_head(f, rel)
            except Refused as exc:
                head = Problem(rel, "", said(exc))
            except XmlRefused as exc:
                head = exc.problem
            self._heads[path] = head
        return head if isinstance(head, Problem) else copy.copy(head)

    def _read_words(self, page: PackagePage) -> tuple[Block, ...]:
        """The page's blocks, from its whole ALTO file (ScannedPage.blocks
        keeps them; pages that name one file at one scale share them); an
        unreadable file gives none, and says why."""
        key = (page.alto_path, page.scale)
        once = self._files.get(key)
        if once is None:
            once = self._files.setdefault(key, Once(lambda: _read_alto(page.alto_path, page.alto_rel, page.scale)))
        found = once.get()
        if isinstance(found, Problem):
            page.failed = found
            return ()
        page.alto = found
        return found.blocks


def _read_alto(path: Path, rel: str, scale: tuple[float, float]) -> AltoPage | Problem:
    """The whole ALTO file in points, or why it cannot be read."""
    try:
        with gc_paused():
            with open_regular(path, rel) as f:
                data = f.read()
            return parse_alto(data, rel).page(*scale)
    except Refused as exc:
        return Problem(rel, "", said(exc))
    except XmlRefused as exc:
        return exc.problem
