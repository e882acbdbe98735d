"""One decision per scan (viewer/sources/scan_check.py): a scan whose header
claims more pixels than the budget, a truncated one and an unreadable one
are refused when the package opens, with one warning that names the file
and says why, and every command and the window show the page rebuilt from
its OCR text. The hostile files stand beside a real page's ALTO (the
Library of Congress page in tests/data, whose ALTO names its master TIFF,
so that the scan is found by that name or a derivative of it), made from
that page's own scan."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage

from viewer.issue import open_issue
from viewer.mupdf import load_pymupdf
from viewer.sources import scan_check

DATA = Path(__file__).resolve().parent / "data"
NDNP = DATA / "ndnp-mnhi-1878-01-03"
ROOT = Path(__file__).resolve().parent.parent
REBUILT = "; the page is reconstructed from its OCR text"


# the sample's OCR holds three emoji (a hostile test's): a page rebuilt from it says so
NO_GLYPHS = ("page 1 (rebuilt from the OCR): characters no bundled font has, drawn as boxes: "
             "\U0001F30A (U+1F30A) \U0001F916 (U+1F916) \U0001F92D (U+1F92D)")

def herald(*args, timeout=120):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "viewer", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def ndnp_jpeg() -> bytes:
    """The page's scan: the JPEG inside the library's page PDF (2146 x 3038 px)."""
    with load_pymupdf().open(NDNP / "0011.pdf") as doc:
        return doc.extract_image(doc[0].get_images()[0][0])["image"]


def jpeg_claiming(data: bytes, width: int, height: int) -> bytes:
    """The JPEG with its frame header (SOFn) claiming another size."""
    out = bytearray(data)
    pos = 2
    while pos + 4 <= len(out):
        marker, length = out[pos + 1], struct.unpack(">H", out[pos + 2:pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            struct.pack_into(">HH", out, pos + 5, height, width)
            return bytes(out)
        pos += 2 + length
    raise AssertionError("no frame header")


def png_claiming(data: bytes, width: int, height: int) -> bytes:
    """The PNG with its IHDR claiming another size (and a checksum to match)."""
    out = bytearray(data)
    struct.pack_into(">II", out, 16, width, height)
    struct.pack_into(">I", out, 29, zlib.crc32(bytes(out[12:29])))
    return bytes(out)


def package(tmp_path: Path, name: str) -> Path:
    """A folder with the page's ALTO alone (it names the master '0011.tif')."""
    pkg = tmp_path / name
    pkg.mkdir()
    shutil.copy(NDNP / "0011.xml", pkg / "0011.xml")
    return pkg


def hostile(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """(the package, the warning its scan gets) for a scan of ``kind``."""
    pkg = package(tmp_path, kind)
    scan = ndnp_jpeg()
    if kind == "jpeg-60000":
        (pkg / "0011.jpg").write_bytes(jpeg_claiming(scan, 60000, 60000))
        why = ("the scan '0011.jpg' claims 60000 × 60000 px (3600 megapixels), more than the limit of 256 megapixels "
               "for a JPEG scan")
    elif kind == "png-60000":
        buf = io.BytesIO()
        Image.open(io.BytesIO(scan)).save(buf, "PNG", compress_level=1)
        (pkg / "0011.png").write_bytes(png_claiming(buf.getvalue(), 60000, 60000))
        why = ("the scan '0011.png' claims 60000 × 60000 px (3600 megapixels), more than the limit of 64 megapixels "
               "for a PNG scan")
    else:  # a TIFF cut in half: its header and directory whole, half its strip gone
        buf = io.BytesIO()
        Image.open(io.BytesIO(scan)).save(buf, "TIFF")
        whole = buf.getvalue()
        with Image.open(io.BytesIO(whole)) as im:
            end = max(o + c for o, c in zip(im.tag_v2[273], im.tag_v2[279]))
        (pkg / "0011.tif").write_bytes(whole[:len(whole) // 2])
        why = (f"the scan '0011.tif' is truncated: its header places image data up to byte {end}, and the file has "
               f"{len(whole) // 2} bytes")
    return pkg, why + REBUILT


HOSTILE = ["jpeg-60000", "png-60000", "tiff-truncated"]
OCR_WORDS = ("Nordstern,", "Herausgegeben", "Donnerstag", "Telegraph.")


def ink_on_words(img: QImage, dpi: float, pkg: Path) -> float:
    """The share of points along the middle of the page's OCR lines that
    are dark: the words drawn in ink, not a grey or blank page."""
    page = open_issue(pkg).layout().page(1)
    k = dpi / 72
    pts = []
    for ln in page.lines:
        if ln.kind != "ocr" or not any(w in ln.text for w in OCR_WORDS):
            continue
        x0, y0, x1, y1 = ln.bbox
        pts += [(round((x0 + (x1 - x0) * i / 60) * k), round((y0 + y1) / 2 * k)) for i in range(60)]
    assert len(pts) >= 240
    # small type at 40 dpi is grey more than black; the placeholder's grey is lighter (228)
    return sum(QColor(img.pixel(x, y)).lightness() < 200 for x, y in pts) / len(pts)


def placeholder_share(img: QImage) -> float:
    """The share of the page in the grey of an image placeholder (#E4E4E4)."""
    grey = QColor("#E4E4E4").rgb()
    pts = [(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)]
    return sum(img.pixel(x, y) == grey for x, y in pts) / len(pts)


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_decision_is_made_once_when_the_package_opens(tmp_path, kind):
    pkg, said = hostile(tmp_path, kind)
    issue = open_issue(pkg)
    assert [str(p) for p in issue.check()] == [f"0011.xml: warning: {said}", f"0011.xml: warning: {NO_GLYPHS}"]
    (sp,) = issue.issue.pages
    assert sp.scan is None and sp.notes[0] == "The scan cannot be shown: the page is reconstructed from its OCR text."
    page = issue.layout().page(1)
    assert [im for im in page.images if im.kind == "scan"] == []
    assert issue.background(1) is None  # the window decodes nothing ahead of the page
    words = {r.text for ln in page.lines if ln.kind == "ocr" for r in ln.runs}
    assert set(OCR_WORDS) <= words
    assert all(r.color == "#000000" for ln in page.lines if ln.kind == "ocr" for r in ln.runs)  # drawn in ink
    note = next(ln for ln in page.lines if ln.kind == "note")
    assert note.text.endswith("Reconstructed from the OCR: the scan cannot be shown")


@pytest.mark.parametrize("kind", HOSTILE)
def test_every_command_says_it_and_shows_the_ocr_text(tmp_path, kind):
    pkg, said = hostile(tmp_path, kind)
    proc = herald("validate", pkg)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"{pkg / '0011.xml'}: warning: {said}", f"{pkg / '0011.xml'}: warning: {NO_GLYPHS}", f"valid: {kind}, 1 page, 166 articles"]

    png = tmp_path / "page.png"
    proc = herald("render", pkg, "--dpi", "40", "-o", png)
    assert (proc.returncode, proc.stderr.splitlines()) == (0, [f"0011.xml: warning: {said}", f"0011.xml: warning: {NO_GLYPHS}"])
    img = QImage(str(png))
    assert ink_on_words(img, 40, pkg) > 0.15  # the words in ink, not a grey page
    assert placeholder_share(img) < 0.01

    pymupdf = load_pymupdf()
    for argv in (("export", pkg, "-o", tmp_path / "issue.pdf"),
                 ("print", pkg, "--to-pdf", tmp_path / "print.pdf", "--paper", "A4", "--mode", "fit")):
        proc = herald(*argv)
        assert (proc.returncode, proc.stderr.splitlines()) == (0, [f"0011.xml: warning: {said}", f"0011.xml: warning: {NO_GLYPHS}"]), argv[0]
        with pymupdf.open(str(argv[-1] if argv[0] == "export" else argv[3])) as doc:
            text = doc[0].get_text()
            assert all(w in text for w in OCR_WORDS), argv[0]
            for page in doc:
                for info in page.get_images(full=True):
                    assert info[2] * info[3] <= scan_check.SCAN_LIMIT_PX, argv[0]
        assert (tmp_path / ("issue.pdf" if argv[0] == "export" else "print.pdf")).stat().st_size < 2_000_000


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_window_says_it_and_shows_the_ocr_text(qtbot, make_window, tmp_path, kind):
    pkg, said = hostile(tmp_path, kind)
    win = make_window(path=pkg)
    assert win.problems.lines() == [f"0011.xml: warning: {said}"]  # what opening found (the font check is validate's)
    (row,) = win.problems.rows()
    assert row[0] == "0011.xml" and ("“0011." in row[2] and "此页按 OCR 文字重建" in row[2])  # in Chinese
    page = win.doc.page(1)
    assert [im for im in page.images if im.kind == "scan"] == []
    win.view.wait_for_scans()
    img = win.view.render_page(page, 40 / 72)
    assert ink_on_words(img, 40, pkg) > 0.15
    assert placeholder_share(img) < 0.01
    win.close()


def test_the_library_keeps_the_warning(tmp_path, monkeypatch):
    pkg, said = hostile(tmp_path, "tiff-truncated")
    monkeypatch.setenv("HERALD_DATA_DIR", str(tmp_path / "data"))
    assert herald("library", "add", pkg).returncode == 0
    proc = herald("library", "list")
    assert f"      {pkg / '0011.xml'}: warning: {said}" in proc.stdout.splitlines()
    proc = herald("search", "Herausgegeben")
    assert proc.returncode == 0 and "Herausgegeben" in proc.stdout


# ------------------------------------------------------------ the checks, file by file


def judged(path: Path):
    return scan_check.judge_image(path, path.name)


def test_a_scan_within_the_budget_is_taken_whole_and_unread(tmp_path):
    path = tmp_path / "0011.jpg"
    path.write_bytes(ndnp_jpeg())
    assert judged(path) == (scan_check.ImageScan("JPEG", 2146, 3038, None), None)
    # data after the end marker is no fault: decoded at 1/8 to be sure, and taken
    path.write_bytes(ndnp_jpeg() + b"\0" * 10000)
    assert judged(path)[1] is None


def test_the_budget_is_ours_whatever_pillow_is_set_to(tmp_path, monkeypatch):
    """Pillow's bomb check (a warning, then an error, at its own sizes) is
    never what decides, nor its wording what is said."""
    path = tmp_path / "a.jpg"
    path.write_bytes(jpeg_claiming(ndnp_jpeg(), 17000, 16000))  # 272 megapixels: over ours, under Pillow's error
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 89_478_485)
    scan, why = judged(path)
    assert scan is None and why == ("the scan 'a.jpg' claims 17000 × 16000 px (272 megapixels), more than the limit "
                                    "of 256 megapixels for a JPEG scan")
    path.write_bytes(jpeg_claiming(ndnp_jpeg(), 15000, 17000))  # 255 megapixels: a JPEG decodes at 1/8, taken
    assert judged(path)[0].width == 15000
    # a PNG or a TIFF decodes whole: 64 megapixels
    buf = io.BytesIO()
    Image.new("L", (64, 64)).save(buf, "PNG")
    path = tmp_path / "b.png"
    path.write_bytes(png_claiming(buf.getvalue(), 8001, 8000))
    assert judged(path)[1] == ("the scan 'b.png' claims 8001 × 8000 px (64 megapixels), more than the limit of "
                               "64 megapixels for a PNG scan")
    path.write_bytes(png_claiming(buf.getvalue(), 8000, 8000))
    # taken: within the budget, and whole to its end (that its rows are too few is
    # found only by a decode, which the decision does not make)
    assert judged(path)[0].width == 8000


@pytest.mark.parametrize("fmt, why", [
    ("JPEG", "it ends before its end-of-image marker (EOI)"),
    ("PNG", "it ends before its IEND chunk"),
])
def test_a_file_cut_short_is_truncated(tmp_path, fmt, why):
    buf = io.BytesIO()
    Image.open(io.BytesIO(ndnp_jpeg())).save(buf, fmt)
    path = tmp_path / f"a.{fmt.lower()}"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) * 2 // 3])
    assert judged(path) == (None, f"the scan '{path.name}' is truncated: {why}")


def test_a_jpeg_2000_is_judged_by_its_boxes_and_its_codestream(tmp_path):
    buf = io.BytesIO()
    Image.open(io.BytesIO(ndnp_jpeg())).save(buf, "JPEG2000", quality_mode="rates", quality_layers=[40],
                                             irreversible=True)
    data = buf.getvalue()
    path = tmp_path / "0011.jp2"
    path.write_bytes(data)
    assert judged(path) == (scan_check.ImageScan("JPEG2000", 2146, 3038, None), None)
    with open(path, "rb") as f:
        start, end, levels = scan_check._jp2_codestream(f, len(data), "0011.jp2")
    assert (end, levels) == (len(data), 5)  # OpenJPEG's default: 6 resolutions
    path.write_bytes(data[:-1000])
    scan, why = judged(path)
    assert scan is None and why.startswith("the scan '0011.jp2' is truncated: its header places image data up to byte ")
    # a bare codestream ends with its EOC marker
    path = tmp_path / "0011.j2k"
    path.write_bytes(data[start:end - 2] + b"\0\0")
    assert judged(path)[1] == ("the scan '0011.j2k' is truncated: its codestream ends before its end-of-codestream "
                               "marker (EOC)")


def test_an_unreadable_scan_says_so_without_pillows_file_object(tmp_path):
    path = tmp_path / "0011.tif"
    path.write_bytes(b"II*\0" + b"\xff" * 100)
    scan, why = judged(path)
    assert scan is None and why == "the scan '0011.tif' cannot be read: cannot identify image file"


def test_a_page_pdf_is_judged_by_its_picture(tmp_path):
    pymupdf = load_pymupdf()
    path = tmp_path / "0011.pdf"
    shutil.copy(NDNP / "0011.pdf", path)
    head, why = scan_check.judge_pdf(path, "0011.pdf", pymupdf)
    assert why is None and (head.pixel_width, head.pixel_height) == (2146, 3038)
    with pymupdf.open(NDNP / "0011.pdf") as doc:
        xref = doc[0].get_images()[0][0]
        doc.xref_set_key(xref, "Width", "60000")
        doc.xref_set_key(xref, "Height", "60000")
        doc.save(path)
    assert scan_check.judge_pdf(path, "0011.pdf", pymupdf) == (None, (
        "the scan '0011.pdf' claims 60000 × 60000 px (3600 megapixels), more than the limit of 256 megapixels for a "
        "PDF scan"))
    with pymupdf.open(NDNP / "0011.pdf") as doc:
        xref = doc[0].get_images()[0][0]
        jpeg = doc.xref_stream_raw(xref)
        doc.update_stream(xref, jpeg[: len(jpeg) // 2], compress=False)
        doc.xref_set_key(xref, "Filter", "/DCTDecode")
        doc.save(path)
    assert scan_check.judge_pdf(path, "0011.pdf", pymupdf) == (
        None, "the scan '0011.pdf' is truncated: its picture ends before its end-of-image marker (EOI)")


def test_the_whole_decode_limit_is_the_painters():
    from viewer.layout import images

    assert scan_check.DECODE_LIMIT_PX == images.IMAGE_LIMIT_PX
