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

The scan of a page is the image its METS names (a service or access copy
before a master; JPEG, PNG, TIFF or JPEG 2000), else the page PDF it names
(PyMuPDF reads the page's size and its image's pixel size), else the image
ALTO's sourceImageInformation names, looked up by its file name in the
ALTO file's folder and the package folder (or, when that file is not
there, an image or page PDF of the same name: NDNP's ALTO names the master
TIFF beside which the batch ships a JPEG 2000). Image sizes come from the
headers; no image is decoded.

Coordinates: mm10 and inch1200 convert exactly. Pixel coordinates belong to
the image the OCR read; they map to the scan by the ratio of the ALTO page
size to the scan's size. The page's size in points is the scan's pixel size
at the resolution the scan states, the PDF page's size for a PDF, else the
ALTO page at 300 dpi (the page's notes say so).
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..model.problems import IssueLoadError, Problem
from .alto import UNIT_PT, AltoDocument, AltoPage, gc_paused, parse_alto, parse_points, read_alto_head
from .files import Refused, check_regular, href_to_relative, inside, open_regular
from .mets import MetsArea, MetsArticle, MetsFile, MetsIssue, MetsPage, file_kind, read_mets, scan_rank
from .model import Block, Once, Point, Rect, Scan, ScannedArticle, ScannedIssue, ScannedPage, Span
from .xmlsafe import XmlRefused, root_name

ASSUMED_DPI = 300.0
# stated resolutions below this are the defaults of image tools (72, 96), not a scan's
MIN_CREDIBLE_DPI = 100.0
# the scan's other names, in the order they are looked for when the file ALTO
# names is not there: images of the same name, then a page PDF
DERIVATIVES = (".jp2", ".jpg", ".jpeg", ".tif", ".tiff", ".png", ".pdf")
NOTE_NO_SCAN = "The scan is not in the package: the page is reconstructed from its OCR text."
NOTE_DPI_ASSUMED = "The OCR measures in pixels and no resolution is stated: 300 dpi is assumed for the page size."
SNIFF_BYTES = 64 * 1024
_IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "TIFF": "TIFF", "JPEG2000": "JPEG2000"}


# ---------------------------------------------------------------- what a path is


def _sniff(path: Path) -> str | None:
    """The root element's local name of an XML file, from its first bytes."""
    try:
        if not check_regular(path, path.name):
            return None
        with open_regular(path, path.name) as f:
            return root_name(f, SNIFF_BYTES)
    except (Refused, OSError):
        return None


def _xml_files(folder: Path) -> list[Path]:
    try:
        return sorted((p for p in folder.iterdir() if p.suffix.lower() == ".xml"), key=_natural)
    except OSError:
        return []


def _natural(p: Path):
    return [int(s) if s.isdigit() else s.lower() for s in re.split(r"(\d+)", p.name)]


def package_kind(path: str | Path) -> str | None:
    """"mets" when ``path`` is a METS file or a folder holding one, "alto" for
    an ALTO file or a folder of them, else None. Reads only the first bytes
    of each XML file in the folder (not its subfolders)."""
    path = Path(path)
    if path.is_dir():
        names = [_sniff(p) for p in _xml_files(path)]
        if "mets" in names:
            return "mets"
        return "alto" if "alto" in names else None
    name = _sniff(path)
    return name if name in ("mets", "alto") else None


# ---------------------------------------------------------------- opening


def open_package(path: str | Path) -> ScannedIssue:
    """Read a METS/ALTO package. Every problem found is in the issue's
    ``problems``; raises IssueLoadError, with every problem, when no page at
    all can be opened."""
    with gc_paused():
        return _open(Path(path))


def _open(path: Path) -> ScannedIssue:
    if not path.exists():
        raise IssueLoadError([Problem(str(path), "", "no such file or folder")])
    if path.is_dir():
        files = _xml_files(path)
        kinds = {p: _sniff(p) for p in files}
        mets = [p for p in files if kinds[p] == "mets"]
        altos = [p for p in files if kinds[p] == "alto"]
        if mets:
            return _Reader(path).open_mets(mets[0].name, others=[p.name for p in mets[1:]])
        if altos:
            return _Reader(path).open_altos([p.name for p in altos])
        raise IssueLoadError([Problem(str(path), "", "the folder holds no METS or ALTO file")])
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
    raise IssueLoadError([Problem(path.name, "", "this is neither a METS nor an ALTO file")])


def _read_or_fail(path: Path) -> bytes:
    try:
        with open_regular(path, path.name) as f:
            return f.read()
    except Refused as exc:
        raise IssueLoadError([Problem(path.name, "", str(exc))]) from None


@dataclass
class _Page:
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
    articles: Once[list[ScannedArticle]] | None = None  # its text blocks, when the METS gives no articles
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


@dataclass
class _Selection:
    """What one METS area names on its page."""

    page: int
    segments: list[tuple[int, int, int, int]] = field(default_factory=list)  # (block, line, first, end)
    blocks: list[int] = field(default_factory=list)  # blocks named whole (text or not)
    regions: list[tuple[Point, ...]] = field(default_factory=list)


@dataclass
class _Article:
    """An article of the METS: what the issue lists, and its problems."""

    mets: MetsArticle
    pages: tuple[int, ...]  # those its areas name, in reading order
    found: list[Problem]  # the METS's problems of its areas; once its words are read, all of them, in order
    value: ScannedArticle | None = None

    def problems(self) -> list[Problem]:
        return self.found


class _Reader:
    """Opens a package, and reads the rest of it on demand for the
    ScannedIssue it made (model.IssueReader)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        # the problems in the order they are told: lists, and the pages and articles whose
        # problems are found when they are read. ``problems`` is the list being added to.
        self.problems: list[Problem] = []
        self._parts: list = [self.problems]
        self._pymupdf = None
        self.pages: list[_Page] = []
        self.several_pages = False
        self.mets: MetsIssue | None = None
        self.page_of_file: dict[str, _Page] = {}
        self.mets_articles: list[_Article] | None = None  # None: each text block is an article
        self._by_id: dict[str, _Article] = {}
        self._on_page: dict[int, list[int]] = {}  # page -> indexes of the METS articles on it

    def _part(self, holder) -> None:
        """Tell ``holder``'s problems (a page's, an article's) here in the order."""
        self._parts += [holder, []]
        self.problems = self._parts[-1]

    # ------------------------------------------------------------ files

    def _locate(self, href: str, owner: str, line: int, what: str) -> tuple[Path | None, bool]:
        """The package file a reference names and whether it was refused:
        (path, False) when it is there, (None, False) when it is missing
        (the caller says what that means), (None, True) when it is refused,
        which is an error."""
        try:
            rel = href_to_relative(href)
            path = inside(self.root, rel, href)
            return (path if check_regular(path, href) else None), False
        except Refused as exc:
            self.problems.append(Problem(owner, f"line {line}" if line else "", f"{what}: {exc}"))
            return None, True

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # ------------------------------------------------------------ METS packages

    def open_mets(self, name: str, others: list[str] = ()) -> ScannedIssue:
        for other in others:
            self.problems.append(Problem(other, "", f"a second METS file in the folder; '{name}' is read",
                                         "warning"))
        data = _read_or_fail(self.root / name)
        try:
            mets = read_mets(data, name)
        except XmlRefused as exc:
            raise IssueLoadError([exc.problem]) from None
        self.problems += mets.problems
        for mp in mets.pages:
            page = self._mets_page(mets, mp)
            if page is None:
                continue
            self.pages.append(page)
            for fid in mp.file_ids:
                self.page_of_file[fid] = page
        self.several_pages = len(self.pages) > 1
        if mets.articles:
            self.mets = mets
            self.mets_articles = [self._mets_article(art) for art in mets.articles]
            for i, a in enumerate(self.mets_articles):
                self._by_id.setdefault(a.value.id, a)
                for n in a.pages:
                    self._on_page.setdefault(n, []).append(i)
        issue = ScannedIssue(self.root, name, mets.profile, mets.title or self.root.name, mets.date,
                             mets.issue_label, mets.language, [p.value for p in self.pages], reader=self)
        if not issue.pages:
            raise IssueLoadError(self.found_problems() or [Problem(name, "", "the issue has no page that can be "
                                                                             "opened")])
        return issue

    def _mets_page(self, mets: MetsIssue, mp: MetsPage) -> _Page | None:
        files = mets.page_files(mp)
        altos = [f for f in files if file_kind(f) == "alto" and f.href]
        if not altos:
            self.problems.append(Problem(mets.file, f"line {mp.line}",
                                         f"page {mp.number} names no OCR (ALTO) file; the page is left out",
                                         code="missing-page"))
            return None
        alto_file = min(altos, key=lambda f: not any(k in f.use for k in ("alto", "ocr", "text", "content")))
        path, refused = self._locate(alto_file.href, mets.file, alto_file.line, f"the OCR file of page {mp.number}")
        if path is None:
            if not refused:
                self.problems.append(Problem(mets.file, f"line {alto_file.line}",
                                             f"the OCR file '{alto_file.href}' of page {mp.number} is not in the "
                                             "package; the page is left out", code="missing-page"))
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
        self.several_pages = len(self.pages) > 1
        issue = ScannedIssue(self.root, names[0], "alto", self.root.name, pages=[p.value for p in self.pages],
                             reader=self)
        if not issue.pages:
            raise IssueLoadError(self.found_problems())
        return issue

    # ------------------------------------------------------------ what the issue reads on demand

    def articles(self) -> list[ScannedArticle]:
        if self.mets_articles is None:
            return [a for p in self.pages for a in p.articles.get()]
        return [a.value for a in self.mets_articles if not a.value.empty]

    def articles_on(self, numbers: set[int]) -> list[ScannedArticle]:
        if self.mets_articles is None:
            return [a for p in self.pages if p.number in numbers for a in p.articles.get()]
        found = sorted({i for n in numbers for i in self._on_page.get(n, ())})
        return [a.value for a in (self.mets_articles[i] for i in found) if not a.value.empty]

    def article(self, article_id: str) -> ScannedArticle | None:
        if self.mets_articles is None:
            # a block's article id names its page, unless the issue has one page (_block_articles)
            m = re.match(r"p(\d+):", article_id)
            pages = [p for p in self.pages if not self.several_pages or (m and p.number == int(m.group(1)))]
            return next((a for p in pages for a in p.articles.get() if a.id == article_id), None)
        record = self._by_id.get(article_id)
        if record is None:
            return None
        record.value.spans  # its words read now: an article that names nothing is none
        return None if record.value.empty else record.value

    def linked_pages(self) -> list[tuple[int, ...]]:
        if self.mets_articles is None:
            return []  # a text block is on one page
        return [a.pages for a in self.mets_articles if len(a.pages) > 1]

    def found_problems(self) -> list[Problem]:
        out: list[Problem] = []
        for part in self._parts:
            out += part if isinstance(part, list) else part.problems()
        return out

    def load_all(self) -> None:
        for p in self.pages:
            p.readable()
        for a in self.mets_articles or ():
            a.value.spans

    # ------------------------------------------------------------ one page

    def _page(self, number: int, label: str, alto_path: Path, candidates: list[MetsFile],
              mets_file: str | None) -> _Page | None:
        """The page, from the start of its ALTO file and its scan's header;
        its words are read on first use (at once only when the page's size
        must be taken from its blocks)."""
        rel = self._rel(alto_path)
        try:
            with open_regular(alto_path, rel) as f:
                doc = read_alto_head(f, rel)
        except Refused as exc:
            self.problems.append(Problem(rel, "", str(exc)))
            return None
        except XmlRefused as exc:
            self.problems.append(exc.problem)
            return None
        told = len(self.problems)  # the scan's problems are the page's, told after its ALTO file's
        scan, named = None, []
        for f in candidates:
            path, refused = self._locate(f.href, mets_file, f.line, f"the scan of page {number}")
            if not refused:
                named.append(f.href)
            if path is not None:
                scan = self._probe(path, file_kind(f), mets_file or rel, f.line)
                if scan is not None:
                    break
        if scan is None and doc.image_name:
            named.append(doc.image_name)
            scan = self._image_by_name(doc.image_name, alto_path.parent, rel)
        notes: list[str] = []
        if scan is None:
            notes.append(NOTE_NO_SCAN)
            names = dict.fromkeys(PurePosixPath(n.replace("\\", "/")).name for n in named)
            shown = ", ".join(f"'{n}'" for n in list(names)[:3])
            self.problems.append(Problem(rel, "", f"the scan of page {number} is not in the package"
                                                  + (f" ({shown})" if shown else "")
                                                  + "; the page is reconstructed from its OCR text", "warning"))
        sx, sy, rect_scale = self._scale(doc, scan, notes, rel)
        page = _Page(number, label, rel, alto_path, doc, scan, tuple(notes), (sx, sy), rect_scale,
                     self.problems[told:])
        del self.problems[told:]
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
        page.articles = Once(lambda: _block_articles(page, self.several_pages))
        self._part(page)
        return page

    def _read_words(self, page: _Page) -> tuple[Block, ...]:
        """The page's blocks, from its whole ALTO file (ScannedPage.blocks
        keeps them); an unreadable file gives none, and says why."""
        try:
            with gc_paused():
                with open_regular(page.alto_path, page.alto_rel) as f:
                    data = f.read()
                doc = parse_alto(data, page.alto_rel)
                page.alto = doc.page(*page.scale)
        except Refused as exc:
            page.failed = Problem(page.alto_rel, "", str(exc))
        except XmlRefused as exc:
            page.failed = exc.problem
        return page.alto.blocks if page.failed is None else ()

    def _scale(self, doc: AltoDocument, scan: Scan | None, notes: list[str], rel: str):
        """Points per ALTO unit (x, y), and points per pixel of the METS's
        image rectangles."""
        if doc.unit in UNIT_PT:
            s = UNIT_PT[doc.unit]
            if scan is not None and scan.pixel_width:
                w_pt = (doc.width or 0) * s
                rect = (w_pt / scan.pixel_width, (doc.height or 0) * s / scan.pixel_height) if w_pt else (
                    72 / ASSUMED_DPI, 72 / ASSUMED_DPI)
            else:
                rect = (72 / ASSUMED_DPI, 72 / ASSUMED_DPI)
            return s, s, rect
        # pixels
        if (not doc.width or not doc.height) and scan is not None and scan.kind == "image":
            doc.width, doc.height = float(scan.pixel_width), float(scan.pixel_height)
        if not doc.width or not doc.height:
            s = 72 / ASSUMED_DPI
            notes.append(NOTE_DPI_ASSUMED)
            return s, s, (s, s)
        if scan is not None and scan.kind == "pdf":
            w_pt, h_pt = scan.page_size_pt
        elif scan is not None and scan.dpi:
            w_pt, h_pt = scan.pixel_width * 72 / scan.dpi[0], scan.pixel_height * 72 / scan.dpi[1]
        else:
            w_pt, h_pt = doc.width * 72 / ASSUMED_DPI, doc.height * 72 / ASSUMED_DPI
            notes.append(NOTE_DPI_ASSUMED)
        if scan is not None:
            alto_ratio = doc.width / doc.height
            scan_ratio = scan.pixel_width / scan.pixel_height if scan.pixel_height else alto_ratio
            if abs(scan_ratio / alto_ratio - 1) > 0.03:
                self.problems.append(Problem(rel, "", f"the scan is {scan.pixel_width}×{scan.pixel_height} px, "
                                                      f"the OCR's page {doc.width:g}×{doc.height:g} px: their "
                                                      "proportions differ, so the words may not lie on the scan",
                                             "warning"))
        s = (w_pt / doc.width, h_pt / doc.height)
        return s[0], s[1], s

    # ------------------------------------------------------------ scans

    def _image_by_name(self, name: str, alto_dir: Path, owner: str) -> Scan | None:
        """ALTO's sourceImageInformation names the file on the computer that
        ran the OCR: only its file name is looked up, beside the ALTO file and
        in the package folder."""
        base = PurePosixPath(name.replace("\\", "/")).name
        if not base:
            return None
        stem = PurePosixPath(base).stem
        # the named file first; else the library's derivative of it under the
        # same name (NDNP's ALTO names the master TIFF, the batch ships a
        # JPEG 2000 and a page PDF of the same name)
        names = [base] + [stem + ext for ext in DERIVATIVES if (stem + ext).lower() != base.lower()]
        folders = dict.fromkeys((alto_dir.resolve(), self.root))
        for candidate in names:
            for folder in folders:
                try:
                    path = inside(self.root, (folder / candidate).relative_to(self.root).as_posix())
                    if check_regular(path, candidate):
                        kind = "pdf" if candidate.lower().endswith(".pdf") else "image"
                        return self._probe(path, kind, owner, 0)
                except (Refused, ValueError):
                    continue
        return None

    def _probe(self, path: Path, kind: str, owner: str, line: int) -> Scan | None:
        rel = self._rel(path)
        where = f"line {line}" if line else ""
        if kind == "pdf":
            return self._probe_pdf(path, rel, owner, where)
        from PIL import Image, UnidentifiedImageError

        try:
            # only the header is read here: Pillow's warning about a large image
            # (a 600 dpi broadsheet has 140 million pixels) is for decoding, not for this
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with open_regular(path, rel) as f, Image.open(f) as im:
                    fmt = _IMAGE_FORMATS.get(im.format or "")
                    w, h = im.size
                    dpi = _credible_dpi(im.info.get("dpi"))
                    found = im.format
            if fmt is None:
                self.problems.append(Problem(owner, where, f"the scan '{rel}' is a {found} image; "
                                                           "JPEG, PNG, TIFF or JPEG 2000 is shown", "warning"))
                return None
        except (Refused, UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
            self.problems.append(Problem(owner, where, f"the scan '{rel}' cannot be read: {exc}", "warning"))
            return None
        return Scan(path, "image", w, h, 0, fmt, dpi)

    def _probe_pdf(self, path: Path, rel: str, owner: str, where: str) -> Scan | None:
        pymupdf = self._load_pymupdf()
        try:
            with pymupdf.open(path) as doc:
                if doc.page_count < 1:
                    raise ValueError("it has no page")
                page = doc[0]
                w_pt, h_pt = page.rect.width, page.rect.height
                images = page.get_images(full=True)
                if images:
                    _xref, _smask, px_w, px_h = max(images, key=lambda i: i[2] * i[3])[:4]
                else:
                    px_w, px_h = round(w_pt / 72 * ASSUMED_DPI), round(h_pt / 72 * ASSUMED_DPI)
        except Exception as exc:  # noqa: BLE001  (MuPDF raises its own kinds for damaged files)
            self.problems.append(Problem(owner, where, f"the page PDF '{rel}' cannot be read: {exc}", "warning"))
            return None
        return Scan(path, "pdf", int(px_w), int(px_h), 0, "PDF", None, (w_pt, h_pt))

    def _load_pymupdf(self):
        if self._pymupdf is None:
            from ..mupdf import load_pymupdf

            self._pymupdf = load_pymupdf()
        return self._pymupdf

    # ------------------------------------------------------------ articles from the METS

    def _mets_article(self, art: MetsArticle) -> _Article:
        """The article as the METS alone gives it: its pages are those its
        areas name; its words are read when first asked for."""
        found_problems: list[Problem] = []
        pages: list[int] = []
        for _part, found in self._areas(art, found_problems):
            # the order of its spans (_words): the areas naming words, then those that give only a shape
            on_words = [page.number for page, _area, poly in found if poly is None]
            for n in [*on_words, *(page.number for page, _area, poly in found if poly is not None)]:
                if n not in pages:
                    pages.append(n)
        record = _Article(art, tuple(pages), found_problems)
        record.value = ScannedArticle.read_later(art.id, art.kind, record.pages, Once(lambda: self._words(record)))
        if not pages:
            record.value.spans  # nothing to read: made now, and known to be empty
        self._part(record)
        return record

    def _areas(self, art: MetsArticle, problems: list[Problem]):
        """Each part of the article with the areas that can name something
        on a page that was opened, as (page, area, polygon); the polygon of
        an area that gives one, else None (an area naming ALTO ids)."""
        mets = self.mets
        for part in art.parts:
            found = []
            for area in part.areas:
                page = self.page_of_file.get(area.file_id)
                if area.file_id not in mets.files:
                    problems.append(Problem(mets.file, f"line {area.line}",
                                            f"the area names file '{area.file_id}', which the fileSec does not "
                                            "list"))
                    continue
                if page is None:
                    continue  # its page was left out, and said so
                if area.shape in ("RECT", "POLY", "POLYGON") and area.coords:
                    poly = _shape(area.shape, area.coords, page.rect_scale)
                    if poly:
                        found.append((page, area, poly))
                    continue
                if not area.begin or file_kind(mets.files[area.file_id]) != "alto":
                    continue
                found.append((page, area, None))
            yield part, found

    def _words(self, record: _Article) -> tuple[str, tuple[Span, ...], str]:
        """An article's headline, spans and text, from the ALTO files of its
        pages; its problems are told in its place among the issue's."""
        art = record.mets
        problems: list[Problem] = []
        spans: list[dict] = []
        paragraphs: list[str] = []
        heading_text: dict[str, str] = {}
        first_line = ""
        for part, found in self._areas(art, problems):
            rects: dict[int, list[tuple[Point, ...]]] = {}
            sels: list[tuple[_Page, _Selection]] = []
            for page, area, poly in found:
                if not page.readable():
                    continue  # its ALTO file cannot be read, and that is said
                if poly is not None:
                    rects.setdefault(page.number, []).append(poly)
                    continue
                sel = self._select(page, area, problems)
                if sel is not None:
                    sels.append((page, sel))
            role = part.role
            part_text = []
            for page, sel in sels:
                regions = rects.pop(page.number, None) or sel.regions
                _add_span(spans, page.number, role, sel, regions)
                paragraphs += _paragraphs(page.blocks, sel.segments)
                part_text.append(_line_text(page.blocks, sel.segments))
                if not first_line and sel.segments:
                    first_line = _line_text(page.blocks, sel.segments[:1])
            for key in ("TITLE", "HEADING", "HEADLINE"):
                if key in part.path and key not in heading_text and any(part_text):
                    heading_text[key] = " ".join(part_text)
            for number, polys in rects.items():  # rectangles with no words named beside them
                _add_span(spans, number, role, _Selection(number), polys)
        record.found = problems
        text = "\n\n".join(p for p in paragraphs if p)
        headline = next((heading_text[k] for k in ("TITLE", "HEADING", "HEADLINE") if heading_text.get(k)), None)
        headline = headline or art.title or first_line
        return (_squash(headline),
                tuple(Span(s["page"], s["role"], tuple(s["lines"]), tuple(s["regions"]), tuple(s["blocks"]))
                      for s in spans), text)

    def _select(self, page: _Page, area: MetsArea, problems: list[Problem]) -> _Selection | None:
        mets_file = self.mets.file
        ids = page.ids()
        first = ids.get(area.begin)
        last = ids.get(area.end) if area.end else first
        missing = [n for n, t in ((area.begin, first), (area.end, last)) if n and t is None]
        if missing:
            problems.append(Problem(mets_file, f"line {area.line}",
                                    f"the area names '{missing[0]}', which is not in {page.alto_rel}"))
            return None
        sel = _Selection(page.number)
        blocks = page.blocks
        if area.end in (None, area.begin):
            if first[0] == "blocks":
                for bi in first[1]:
                    b = blocks[bi]
                    sel.blocks.append(bi)
                    sel.regions.append(b.polygon or _rect_polygon(b.box))
                    sel.segments += [(bi, li, 0, len(ln.words)) for li, ln in enumerate(b.lines)]
                return sel
            if first[0] == "line":
                _, bi, li = first
                sel.segments.append((bi, li, 0, len(blocks[bi].lines[li].words)))
            else:
                _, bi, li, wi = first
                sel.segments.append((bi, li, wi, wi + 1))
        else:
            start = _end_word(first, page, last=False)
            end = _end_word(last, page, last=True)
            if start is None or end is None or end < start:
                problems.append(Problem(mets_file, f"line {area.line}",
                                        f"the area's range '{area.begin}'…'{area.end}' names no words of "
                                        f"{page.alto_rel}"))
                return None
            lines, starts, _order = page.line_index()
            for k in range(bisect_right(starts, start) - 1, len(lines)):
                bi, li, n = lines[k]
                if starts[k] > end:
                    break
                w0, w1 = max(start - starts[k], 0), min(end - starts[k] + 1, n)
                if w0 < w1:
                    sel.segments.append((bi, li, w0, w1))
        # a part of a block: the box around its words, block by block
        by_block: dict[int, list[Rect]] = {}
        for bi, li, w0, w1 in sel.segments:
            by_block.setdefault(bi, []).extend(w.box for w in blocks[bi].lines[li].words[w0:w1])
        sel.regions += [_rect_polygon(_union(boxes)) for boxes in by_block.values() if boxes]
        return sel


# ---------------------------------------------------------------- helpers


def _credible_dpi(dpi) -> tuple[float, float] | None:
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return None
    return (x, y) if x >= MIN_CREDIBLE_DPI and y >= MIN_CREDIBLE_DPI else None


def _rect_polygon(box: Rect) -> tuple[Point, ...]:
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _union(boxes: list[Rect]) -> Rect:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _shape(shape: str, coords: str, scale: tuple[float, float]) -> tuple[Point, ...] | None:
    if shape == "RECT":
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", coords)]
        if len(nums) != 4:
            return None
        x0, y0, x1, y1 = nums
        return _rect_polygon((x0 * scale[0], y0 * scale[1], x1 * scale[0], y1 * scale[1]))
    return parse_points(coords, scale[0], scale[1])


def _end_word(target: tuple, page: _Page, last: bool) -> int | None:
    """The position, among the page's words, of the first (or last) word
    that an ALTO ID names."""
    if target[0] == "word":
        return page.position(*target[1:])
    spots = [target[1:]] if target[0] == "line" else [(bi, li) for bi in target[1]
                                                        for li in range(len(page.blocks[bi].lines))]
    for bi, li in (reversed(spots) if last else spots):
        n = len(page.blocks[bi].lines[li].words)
        if n:
            return page.position(bi, li, n - 1 if last else 0)
    return None


def _add_span(spans: list[dict], page: int, role: str, sel: _Selection, regions) -> None:
    if spans and spans[-1]["page"] == page and spans[-1]["role"] == role:
        s = spans[-1]
    else:
        s = {"page": page, "role": role, "lines": [], "regions": [], "blocks": []}
        spans.append(s)
    s["lines"] += sel.segments
    s["regions"] += [r for r in regions if r not in s["regions"]]
    s["blocks"] += [b for b in sel.blocks if b not in s["blocks"]]


_HYPHENS = "-¬\u00ad\u2010\u2011\u2E17="


def _segment_words(blocks, segments):
    """(word, line end, line hyphen) for the words of ``segments`` in order."""
    for bi, li, w0, w1 in segments:
        line = blocks[bi].lines[li]
        words = line.words[w0:w1]
        for k, w in enumerate(words):
            at_end = w0 + k == len(line.words) - 1
            yield w, at_end, line.hyphen if at_end else None


def join_words(items) -> str:
    """Words of consecutive lines as running text: joined with spaces, a
    word broken at a line end rejoined (its SUBS_CONTENT when the file gives
    one, else the two parts without the hyphen)."""
    out: list[str] = []
    pending: str | None = None  # the first part of a broken word, waiting for its second
    skip_second = False
    for w, at_end, hyphen in items:
        if pending is not None:
            if skip_second and w.hyphen_part == 2:
                out.append(pending)
            else:
                out.append(pending + w.text)
            pending, skip_second = None, False
            continue
        if at_end and (w.hyphen_part == 1 or hyphen):
            if w.full_word:
                pending, skip_second = w.full_word, True
            else:
                pending, skip_second = w.text.rstrip(_HYPHENS), False
            continue
        out.append(w.text)
    if pending is not None:
        out.append(pending)
    return " ".join(t for t in out if t)


def _paragraphs(blocks, segments) -> list[str]:
    """One paragraph a block, in the order the segments give."""
    out: list[str] = []
    run: list = []
    for seg in segments:
        if run and run[-1][0] != seg[0]:
            out.append(join_words(_segment_words(blocks, run)))
            run = []
        run.append(seg)
    if run:
        out.append(join_words(_segment_words(blocks, run)))
    return [p for p in out if p]


def _line_text(blocks, segments) -> str:
    return join_words(_segment_words(blocks, segments))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _block_articles(page: _Page, several_pages: bool) -> list[ScannedArticle]:
    """Without METS articles: each text block with words is an article of
    its own, in the ALTO file's order. Its id is the block's ID; in an issue
    of several pages (NDNP numbers every page's blocks from TB1), and for a
    block without an ID or with one its page repeats, it is "p<page>:<ID>"
    or "p<page>:b<index>": ids apart, and known without reading the other
    pages."""
    blocks = page.blocks
    seen = Counter(b.id for b in blocks if b.id)
    out = []
    for bi, b in enumerate(blocks):
        if b.kind != "text" or not any(ln.words for ln in b.lines):
            continue
        segments = [(bi, li, 0, len(ln.words)) for li, ln in enumerate(b.lines)]
        text = join_words(_segment_words(blocks, segments))
        first = next(li for li, ln in enumerate(b.lines) if ln.words)
        headline = join_words(_segment_words(blocks, [segments[first]]))
        span = Span(page.number, "", tuple(segments), (b.polygon or _rect_polygon(b.box),), (bi,))
        aid = b.id if b.id and seen[b.id] == 1 and not several_pages else f"p{page.number}:{b.id or f'b{bi + 1}'}"
        out.append(ScannedArticle(aid, "block", _squash(headline), (span,), text))
    return out
