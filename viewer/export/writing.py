"""Writing a PDF: sheets painted by paint_page onto a QPdfWriter, mended
with PyMuPDF, and written atomically.

Qt writes the vector page (text as glyph runs in subset fonts, rules, boxes)
at 72 dpi, so one device unit is one point and the layout's coordinates go
into the file unchanged. write_pdf then gives each page its exact size,
adds the invisible text paint_page leaves to the export, puts the images'
own data in (passthrough.py), names the subset fonts as PDF wants them,
closes the gaps a reader would take for spaces (textlayer.py), lets the
caller finish the file (finishing.py) and saves it.

Every write goes to a temporary file that replaces the target only when all
of it succeeded, and only once the file reads back whole.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import __version__
from ..mupdf import load_pymupdf
from ..render.paint import PaintOptions, paint_page
from ..layout.values import NOT_A_TEXT_LAYER
from ..atomic import OutputError, atomic_path, part_file, write_error
from ..messages import Msg
from .passthrough import new_stream, proxied, put_images
from .sheets import ExportError, Sheet, set_clip
from .textlayer import close_gaps

CREATOR = f"Herald viewer {__version__}"


def _page_size(w: float, h: float):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageSize

    return QPageSize(QSizeF(w, h), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)


def paint_sheets(sheets: list[Sheet], path: Path, title: str = "", stand_ins: dict | None = None) -> None:
    """Paint the sheets into a PDF at ``path`` with QPdfWriter, one page each."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPainter, QPdfWriter

    from ..fonts import ensure_app

    ensure_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(72)  # one device unit = one point
    writer.setCreator(CREATOR)
    writer.setTitle(title)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    writer.setPageSize(_page_size(sheets[0].width_pt, sheets[0].height_pt))
    painter = QPainter()
    if not painter.begin(writer):
        raise OutputError(Msg("Qt could not open '{path}' for writing", path=str(path)))
    try:
        for i, sheet in enumerate(sheets):
            if i:
                writer.setPageSize(_page_size(sheet.width_pt, sheet.height_pt))
                writer.newPage()
            painter.save()
            if not sheet.whole_page:
                painter.translate(*sheet.origin)
                set_clip(painter, sheet)
            paint_page(painter, sheet.layout, PaintOptions(stand_ins=stand_ins, text_layer="apart"))
            painter.restore()
    finally:
        painter.end()


def _fix_boxes(doc, sheets: list[Sheet]) -> None:
    """Qt rounds page sizes to whole points (QPageSize keeps integer points)
    and draws from the top of that box; set the real size and move the
    drawing up by the difference, so that the page's top-left stays the
    layout's (0, 0) and every PyMuPDF coordinate agrees with the layout."""
    for i, sheet in enumerate(sheets):
        page = doc[i]
        mb = page.mediabox  # PDF coordinates, y up
        w, h = sheet.width_pt, sheet.height_pt
        if abs(mb.width - w) < 1e-4 and abs(mb.height - h) < 1e-4:
            continue
        shift = mb.y1 - h
        contents = page.get_contents()
        pre = new_stream(doc, {}, f"1 0 0 1 0 {-shift:.5f} cm\n".encode())
        refs = " ".join(f"{x} 0 R" for x in [pre, *contents])
        doc.xref_set_key(page.xref, "Contents", f"[{refs}]")
        doc.xref_set_key(page.xref, "MediaBox", f"[0 0 {w:.5f} {h:.5f}]")
        doc.xref_set_key(page.xref, "CropBox", "null")


def _unicode_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def _text_layer_ops(run, ox: float, oy: float, height: float, space: bool) -> str:
    """One run as invisible text (render mode 3) on its place: Helvetica
    stretched to the run's width, the run's own characters where WinAnsi has
    them, else placeholders inside a span whose /ActualText is the run's text
    (OCR text can hold any character), so that search and copying find it.
    ``space``: a word follows on the line, so a space is shown after it (a
    reader's gap detection would not find every gap between stretched words)."""
    from ..layout.text import metrics

    pos = run.positions
    _, adv = metrics().glyph(run.role, run.text[-1])
    x0 = pos[0][0] + ox
    x1 = pos[-1][0] + max(adv, 0.5) * run.size_pt * run.x_scale + ox
    baseline = height - (pos[0][1] + oy)
    try:
        if "\xad" in run.text:  # WinAnsi's soft hyphen reads back as a hyphen
            raise UnicodeEncodeError("cp1252", run.text, 0, 1, "soft hyphen")
        shown = run.text.encode("cp1252")
        actual = None
    except UnicodeEncodeError:
        shown, actual = b"x" * len(run.text), run.text
    natural = sum(_HELVETICA.get(b, 556) for b in shown) / 1000 * run.size_pt
    tz = 100.0 * (x1 - x0) / max(natural, 1e-6)
    if space:
        shown += b" "
        actual = actual + " " if actual is not None else None
    literal = "".join(chr(b) if 32 <= b < 127 and chr(b) not in "()\\" else f"\\{b:03o}" for b in shown)
    ops = f"BT 3 Tr /HeraldTL {run.size_pt:.3f} Tf {tz:.3f} Tz 1 0 0 1 {x0:.3f} {baseline:.3f} Tm ({literal}) Tj ET"
    if actual is not None:
        ops = f"/Span <</ActualText <{_unicode_hex(actual)}>>> BDC {ops} EMC"
    return ops


# Helvetica's advance widths (1/1000 em) for the characters a text layer shows most
_HELVETICA = {**{b: 556 for b in b"0123456789abdeghnopqu$#_"}, **dict(zip(
    b" !\"'()*+,-./:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^`cfijklmrstvwxyz{|}~",
    (278, 278, 355, 191, 333, 333, 389, 584, 278, 333, 278, 278, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722,
     667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
     278, 278, 469, 333, 500, 278, 222, 222, 500, 222, 833, 333, 500, 278, 500, 500, 500, 500, 334, 260, 334, 584)))}


def _spaced_runs(line) -> list[bool]:
    """For each run of a line, whether a space follows it in the line's
    text: a word drawn in two fonts is two runs with no space between. When
    the runs do not spell the line's text, a space after each run but the
    last."""
    text, at, out = line.text, 0, []
    for run in line.runs:
        found = text.find(run.text, at) if run.text else -1
        if found < 0:
            return [k + 1 < len(line.runs) for k in range(len(line.runs))]
        at = found + len(run.text)
        out.append(at < len(text) and text[at].isspace())
    return out


def _text_layer(doc, sheets: list[Sheet]) -> None:
    """The text paint_page leaves to the export ("apart"): the invisible
    words of scanned pages, in reading order, and runs whose characters the
    bundled fonts lack (drawn as outlines), each as invisible text on its
    place, written before the page's drawing."""
    from ..render.paint import has_missing_glyphs

    for i, sheet in enumerate(sheets):
        ox, oy = sheet.origin
        ops = []
        for line in sheet.layout.lines:
            if line.kind in NOT_A_TEXT_LAYER:
                continue  # the page's own PDF, passed through, carries it; or text without a place
            runs = line.runs
            spaced = _spaced_runs(line)
            for k, run in enumerate(runs):
                invisible = len(run.color) == 9 and run.color.startswith("#00")
                if run.text and (invisible or has_missing_glyphs(run)):
                    ops.append(_text_layer_ops(run, ox, oy, sheet.height_pt, space=spaced[k]))
        if not ops:
            continue
        page = doc[i]
        font = doc.get_new_xref()
        doc.update_object(font, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>")
        res = doc.xref_get_key(page.xref, "Resources")
        if res[0] != "xref":
            raise ExportError(Msg("internal error: a page's resources are not an object of their own"))
        res_xref = int(res[1].split()[0])
        fonts = doc.xref_get_key(res_xref, "Font")
        if fonts[0] == "dict":
            doc.xref_set_key(res_xref, "Font", fonts[1][:-2] + f"/HeraldTL {font} 0 R>>")
        elif fonts[0] == "xref":
            doc.xref_set_key(int(fonts[1].split()[0]), "HeraldTL", f"{font} 0 R")
        else:
            doc.xref_set_key(res_xref, "Font", f"<</HeraldTL {font} 0 R>>")
        stream = new_stream(doc, {}, ("q\n" + "\n".join(ops) + "\nQ\n").encode())
        refs = " ".join(f"{x} 0 R" for x in [stream, *page.get_contents()])
        doc.xref_set_key(page.xref, "Contents", f"[{refs}]")


def _tag_fonts(doc) -> None:
    """Qt tags the subset's FontName (ABCDEF+Name) but not BaseFont; PDF
    wants both the same."""
    seen = set()
    for page in doc:
        for xref, *_, referencer in page.get_fonts(full=True):
            if xref in seen or referencer:
                continue  # a font of a form: a passed-through page's own, kept as it is
            seen.add(xref)
            desc = doc.xref_get_key(xref, "DescendantFonts")
            m = re.search(r"(\d+) 0 R", desc[1]) if desc[0] == "array" else None
            if not m:
                continue
            cid = int(m.group(1))
            fd = doc.xref_get_key(cid, "FontDescriptor")
            if fd[0] != "xref":
                continue
            name = doc.xref_get_key(int(fd[1].split()[0]), "FontName")
            if name[0] == "name" and re.match(r"^/[A-Z]{6}\+", name[1]):
                doc.xref_set_key(cid, "BaseFont", name[1])
                doc.xref_set_key(xref, "BaseFont", name[1])


def _save(doc, path: Path) -> None:
    doc.save(str(path), garbage=3, deflate=True)


def write_pdf(sheets: list[Sheet], target: str | os.PathLike, finish=None, title: str = "",
              photos: frozenset = frozenset()) -> int:
    """Paint ``sheets`` into a PDF at ``target`` atomically; ``finish(doc)``
    may add outline, links and metadata; ``photos`` are the ids of the
    photo blocks (see pdf_scale). Returns the file's size."""
    if not sheets:
        raise ExportError(Msg("nothing to export"))
    target = Path(target)
    painted, proxies, pictures = proxied(sheets)
    with atomic_path(target) as out, part_file(out.parent / target.name, "qt") as raw:
        paint_sheets(painted, raw, title, pictures)
        doc = open_written_pdf(raw, len(sheets), target)
        try:
            _fix_boxes(doc, sheets)
            _text_layer(doc, sheets)
            put_images(doc, proxies, photos)
            _tag_fonts(doc)
            close_gaps(doc)
            if finish is not None:
                finish(doc)
            try:
                _save(doc, out)
            except Exception as exc:
                if isinstance(exc, OSError) or type(exc).__name__.startswith("FzError"):
                    raise OutputError(write_error(exc, target)) from None
                raise
        finally:
            doc.close()
        open_written_pdf(out, len(sheets), target).close()
        size = out.stat().st_size
    return size


def _disk_full(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent if str(path.parent) else ".")
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 1024 * 1024


def open_written_pdf(path: Path, pages: int, target):
    """The PDF just written at ``path``, opened, when it is whole: Qt does
    not report a failed write (a full disk leaves a truncated file), so the
    file is read back: it must open without repair and hold ``pages`` pages."""
    pymupdf = load_pymupdf()
    damaged = not path.is_file() or path.stat().st_size == 0
    doc = None
    if not damaged:
        try:
            doc = pymupdf.open(str(path))
            damaged = doc.is_repaired or doc.page_count != pages
        except Exception:
            damaged = True
    if not damaged:
        return doc
    if doc is not None:
        doc.close()
    if _disk_full(path):
        raise OutputError(Msg("no space left on device while writing '{path}'", path=str(target)))
    raise OutputError(Msg("the PDF written for '{path}' came out damaged (the disk may be full or failing)",
                          path=str(target)))
