"""The scan of a page of a package, and the scale from its ALTO to points.

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

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..messages import Msg, Names
from ..model.problems import Problem
from .alto import UNIT_PT, AltoDocument
from .files import Refused, check_regular, inside, locate
from .mets import MetsFile, file_kind
from .model import Scan
from .scan_check import NOT_SHOWN, judge_image, judge_pdf

ASSUMED_DPI = 300.0
# stated resolutions below this are the defaults of image tools (72, 96), not a scan's;
# above the other, a mistake
MIN_CREDIBLE_DPI = 100.0
MAX_CREDIBLE_DPI = 4800.0
# the scan's other names, in the order they are looked for when the file ALTO
# names is not there: images of the same name, then a page PDF
DERIVATIVES = (".jp2", ".jpg", ".jpeg", ".tif", ".tiff", ".png", ".pdf")
NOTE_NO_SCAN = Msg("The scan is not in the package: the page is reconstructed from its OCR text.")
NOTE_DPI_ASSUMED = Msg("The OCR measures in pixels and no resolution is stated: 300 dpi is assumed for the page size.")
NOTE_SCAN_REFUSED = Msg("The scan cannot be shown: the page is reconstructed from its OCR text.")


@dataclass
class PageScan:
    """What the scan of a page gives: the scan (None when there is none),
    the page's notes, points per ALTO unit (x, y), points per pixel of the
    METS's image rectangles, and the problems found, in the order told."""

    scan: Scan | None
    notes: tuple[Msg, ...]
    scale: tuple[float, float]
    rect_scale: tuple[float, float]
    problems: list[Problem]


class Scans:
    """Finds and judges the scans of the pages of the package in ``root``."""

    def __init__(self, root: Path):
        self.root = root
        self._pymupdf = None
        self._located: dict[str, tuple[Path | None, str | None]] = {}  # what each METS reference names
        self._named: dict[tuple[str, Path], tuple[Path, str] | None] = {}  # what an ALTO image name finds
        self._probed: dict[tuple[Path, str], tuple[Scan | None, str | None]] = {}  # a file's scan, or why not

    def of_page(self, number: int, candidates: list[MetsFile], owner: str | None, doc: AltoDocument,
                alto_path: Path, rel: str) -> PageScan:
        """The scan of page ``number``: the first of the METS's ``candidates``
        (images in order of preference, then PDFs) that can be read, else the
        image the ALTO header ``doc`` names. ``owner``: the METS file, None
        for ALTO files alone; ``rel``: the ALTO file, relative to the root."""
        problems: list[Problem] = []
        scan, named = None, []
        refusal = None  # the index in problems of the last warning that refuses a scan found
        for f in candidates:
            path, refused = locate(self.root, f.href, owner, f.line, Msg("the scan of page {number}", number=number),
                                   problems, self._located)
            if not refused:
                named.append(f.href)
            if path is not None:
                scan = self._probe(path, file_kind(f), owner or rel, f.line, problems)
                if scan is not None:
                    break
                refusal = len(problems) - 1
        if scan is None and doc.image_name:
            named.append(doc.image_name)
            told = len(problems)
            scan = self._image_by_name(doc.image_name, alto_path.parent, rel, problems)
            if scan is None and len(problems) > told:
                refusal = len(problems) - 1
        notes: list[Msg] = []
        if scan is None and refusal is not None:
            # a scan is there and cannot be shown: its warning says so, and what is shown instead
            last = problems[refusal]
            problems[refusal] = Problem(last.file, last.where, Msg("{problem}; {outcome}", problem=last.message,
                                                                   outcome=NOT_SHOWN), last.severity)
            notes.append(NOTE_SCAN_REFUSED)
        elif scan is None:
            notes.append(NOTE_NO_SCAN)
            names = list(dict.fromkeys(PurePosixPath(n.replace("\\", "/")).name for n in named))[:3]
            why = (Msg("the scan of page {number} is not in the package ({files}); the page is reconstructed from "
                       "its OCR text", number=number, files=Names(names)) if names else
                   Msg("the scan of page {number} is not in the package; the page is reconstructed from its OCR text",
                       number=number))
            problems.append(Problem(rel, "", why, "warning"))
        sx, sy, rect_scale = self._scale(doc, scan, notes, rel, problems)
        return PageScan(scan, tuple(notes), (sx, sy), rect_scale, problems)

    # ------------------------------------------------------------ the scale

    def _scale(self, doc: AltoDocument, scan: Scan | None, notes: list[Msg], rel: str, problems: list[Problem]):
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
                problems.append(Problem(rel, "", Msg("the scan is {width}×{height} px, the OCR's page "
                                                     "{ocr_width}×{ocr_height} px: their proportions differ, so "
                                                     "the words may not lie on the scan", width=scan.pixel_width,
                                                     height=scan.pixel_height, ocr_width=f"{doc.width:g}",
                                                     ocr_height=f"{doc.height:g}"), "warning"))
        s = (w_pt / doc.width, h_pt / doc.height)
        return s[0], s[1], s

    # ------------------------------------------------------------ finding and reading scans

    def _image_by_name(self, name: str, alto_dir: Path, owner: str, problems: list[Problem]) -> Scan | None:
        """ALTO's sourceImageInformation names the file on the computer that
        ran the OCR: only its file name is looked up, beside the ALTO file and
        in the package folder (once for each name and folder)."""
        key = (name, alto_dir)
        if key not in self._named:
            self._named[key] = self._find_by_name(name, alto_dir)
        found = self._named[key]
        return None if found is None else self._probe(*found, owner, 0, problems)

    def _find_by_name(self, name: str, alto_dir: Path) -> tuple[Path, str] | None:
        """The file, and its kind ("image" or "pdf"), ``_image_by_name`` finds."""
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
                        return path, "pdf" if candidate.lower().endswith(".pdf") else "image"
                except (Refused, ValueError):
                    continue
        return None

    def _probe(self, path: Path, kind: str, owner: str, line: int, problems: list[Problem]) -> Scan | None:
        """The scan in ``path``, or None with a warning of ``owner`` at
        ``line`` saying why it cannot be shown. Each file is probed once,
        however many pages name it."""
        key = (path, kind)
        if key not in self._probed:
            self._probed[key] = self._probe_pdf(path) if kind == "pdf" else self._probe_image(path)
        scan, why = self._probed[key]
        if why:
            problems.append(Problem(owner, Msg("line {line}", line=line) if line else "", why, "warning"))
        return scan

    def _probe_image(self, path: Path) -> tuple[Scan | None, str | None]:
        rel = path.relative_to(self.root).as_posix()
        head, why = judge_image(path, rel)
        if head is None:
            return None, why
        return Scan(path, "image", head.width, head.height, 0, head.format, _credible_dpi(head.dpi)), None

    def _probe_pdf(self, path: Path) -> tuple[Scan | None, str | None]:
        rel = path.relative_to(self.root).as_posix()
        head, why = judge_pdf(path, rel, self._load_pymupdf())
        if head is None:
            return None, why
        return Scan(path, "pdf", head.pixel_width, head.pixel_height, 0, "PDF", None,
                    (head.width_pt, head.height_pt)), None

    def _load_pymupdf(self):
        if self._pymupdf is None:
            from ..mupdf import load_pymupdf

            self._pymupdf = load_pymupdf()
        return self._pymupdf


def _credible_dpi(dpi) -> tuple[float, float] | None:
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return None
    credible = MIN_CREDIBLE_DPI <= x <= MAX_CREDIBLE_DPI and MIN_CREDIBLE_DPI <= y <= MAX_CREDIBLE_DPI
    return (x, y) if credible else None
