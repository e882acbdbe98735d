"""Digitised newspapers through the one pipeline: the commands, the page
layouts, search, PDF export and the window on real METS/ALTO packages (the
British Library's Statesman of 1824 without scans, a Library of Congress
page with its page PDF) and on small packages written for the tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtGui import QColor, QImage

from viewer.issue import PackageIssue, open_issue
from viewer.layout.search import search_page
from viewer.mupdf import load_pymupdf

DATA = Path(__file__).resolve().parent / "data"
STATESMAN = DATA / "bl-statesman-1824-02-17"
NDNP = DATA / "ndnp-mnhi-1878-01-03"
FIXTURES = DATA / "fixtures"
NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}


def herald(*args, timeout=300):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "viewer", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env)


def statesman_article_ids() -> list[str]:
    """The articles the Statesman's METS defines: the LOGICAL divs its
    structLink ties to page areas, read here with XPath."""
    tree = etree.parse(str(STATESMAN / "0002647_18240217_mets.xml"))
    linked = set()
    for grp in tree.xpath("//mets:structLink/mets:smLinkGrp", namespaces=NS):
        labels = {loc.get(f"{{{NS['xlink']}}}label"): loc.get(f"{{{NS['xlink']}}}href").lstrip("#")
                  for loc in grp.xpath("mets:smLocatorLink", namespaces=NS)}
        for arc in grp.xpath("mets:smArcLink", namespaces=NS):
            linked.add(labels[arc.get(f"{{{NS['xlink']}}}from")])
    return [i for i in tree.xpath("//mets:structMap[@TYPE='LOGICAL']//mets:div/@ID", namespaces=NS)
            if i in linked and i != "log1"]


@pytest.fixture(scope="module")
def statesman():
    return open_issue(STATESMAN)


@pytest.fixture(scope="module")
def ndnp():
    return open_issue(NDNP)


# ------------------------------------------------------------ the Statesman: commands


def test_statesman_validates(statesman):
    proc = herald("validate", STATESMAN)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    n = len(statesman_article_ids())
    assert proc.stdout.splitlines()[-1] == f"valid: The Statesman., 1824-02-17, 4 pages, {n} articles"


def test_statesman_info_lists_its_pages_and_exactly_the_mets_articles():
    proc = herald("info", STATESMAN, "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["kind"] == "mets-alto" and info["profile"] == "bl"
    assert [p["number"] for p in info["pages"]] == [1, 2, 3, 4]
    for p in info["pages"]:
        # 4169 x 6177 OCR pixels at the 300 dpi assumed: 1000.56 x 1482.48 pt
        assert (p["width_pt"], p["height_pt"]) == pytest.approx((4169 * 0.24, 6177 * 0.24))
        assert p["scan"] is None and p["notes"]
        # the keys every page has, typeset or scanned
        assert {"masthead", "photos", "guide", "images", "adverts", "header", "articles"} <= set(p)
    articles = [a for p in info["pages"] for a in p["articles"]]
    assert sorted(a["id"] for a in articles) == sorted(statesman_article_ids())
    for a in articles:
        assert a["regions"] and a["text"].strip() and a["lines"], a["id"]
        for ln in a["lines"]:
            x0, y0, x1, y1 = ln["bbox"]
            assert 0 <= x0 < x1 <= 1000.6 and 0 <= y0 < y1 <= 1482.5


def test_statesman_page_1_renders_as_a_reconstruction(tmp_path, statesman):
    target = tmp_path / "p1.png"
    proc = herald("render", STATESMAN, "--page", "1", "--dpi", "72", "-o", target)
    assert proc.returncode == 0, proc.stderr
    img = QImage(str(target))
    assert (img.width(), img.height()) == (1001, 1482)
    layout = statesman.layout([1])
    page = layout.page(1)
    # every set word is ink on the page: sample the middle of line boxes
    ocr = [ln for ln in page.lines if ln.kind == "ocr" and ln.bbox[2] - ln.bbox[0] > 60]
    assert len(ocr) > 500
    inked = 0
    for ln in ocr[::25]:
        x0, y0, x1, y1 = ln.bbox
        row = round((y0 + y1) / 2)
        dark = sum(QColor(img.pixel(x, row)).lightness() < 128 for x in range(round(x0), round(x1)))
        inked += dark > (x1 - x0) * 0.05
    assert inked >= len(ocr[::25]) * 0.9
    # the page says that it is a reconstruction
    note = [ln for ln in page.lines if ln.kind == "note"]
    assert note and "Reconstructed from the OCR" in note[0].text


def test_statesman_page_layout_carries_articles_regions_and_reading_order(statesman):
    layout = statesman.layout()
    ids = statesman_article_ids()
    assert list(layout.articles) == ids  # reading order: the METS's
    first = layout.page(1).articles[0]
    assert first.id == ids[0] and first.regions and first.lines
    x, y = [(r.bounds[0] + r.bounds[2]) / 2 for r in first.regions[:1]][0], first.regions[0].bounds[1] + 5
    assert layout.page(1).article_at(x, y).id == first.id


# ------------------------------------------------------------ NDNP: the scan in a page PDF


def test_ndnp_page_shows_its_scan_from_the_page_pdf(ndnp, tmp_path):
    assert isinstance(ndnp, PackageIssue) and ndnp.numbers == [1]
    page = ndnp.layout().page(1)
    (scan,) = [im for im in page.images if im.kind == "scan"]
    assert scan.path.endswith("0011.pdf") and scan.pdf_page == 0
    assert scan.rect == pytest.approx((0, 0, 1030.5, 1458.36), abs=0.01)
    # the words are a text layer: present, not drawn
    assert all(r.color == "#00000000" for ln in page.lines if ln.kind == "ocr" for r in ln.runs)
    target = tmp_path / "p.png"
    proc = herald("render", NDNP, "--dpi", "40", "-o", target)
    assert proc.returncode == 0, proc.stderr
    assert "page 2 is not in the package" in proc.stderr  # the METS names eight pages: warned, not fatal
    img = QImage(str(target))
    # the masthead "Der Nordstern" is black print on the scan's paper
    dark = sum(QColor(img.pixel(x, y)).lightness() < 100 for x in range(60, 520, 4) for y in range(20, 70, 4))
    assert dark > 80


def test_ndnp_search_highlights_the_word_where_the_pdf_has_it(ndnp):
    page = ndnp.layout().page(1)
    pdf = load_pymupdf().open(str(NDNP / "0011.pdf"))
    words = pdf[0].get_text("words")
    checked = 0
    for word in ("Nordstern,", "Herausgegeben", "Minnesota,", "Donnerstag", "Telegraph."):
        ours = search_page(page, word)
        theirs = [w for w in words if w[4] == word]
        assert ours and theirs, word
        x0, y0, x1, y1 = ours[0].rects[0]
        best = min(theirs, key=lambda w: abs(w[0] - x0) + abs(w[1] - y0))
        assert abs(best[0] - x0) <= 2 and abs(best[2] - x1) <= 2, (word, ours[0].rects[0], best[:4])
        assert abs((best[1] + best[3]) / 2 - (y0 + y1) / 2) <= 2, (word, ours[0].rects[0], best[:4])
        checked += 1
    assert checked == 5


def test_ndnp_export_is_a_searchable_pdf_of_the_scan(tmp_path, ndnp):
    target = tmp_path / "ndnp.pdf"
    proc = herald("export", NDNP, "-o", target)
    assert proc.returncode == 0, proc.stderr
    pymupdf = load_pymupdf()
    with pymupdf.open(str(target)) as doc, pymupdf.open(str(NDNP / "0011.pdf")) as source:
        assert doc.page_count == 1
        text = doc[0].get_text()
        # every ALTO word, in reading order
        alto = [w.text for b in ndnp.issue.pages[0].blocks for ln in b.lines for w in ln.words if w.text]
        assert len(alto) > 2500
        pos, missing = 0, []
        for w in alto:
            k = text.find(w, pos)
            if k < 0:
                missing.append(w)
            else:
                pos = k + len(w)
        assert missing == []
        assert "🌊🤖🤭 Hemu^gegchc»" in text  # characters no bundled font has, through /ActualText
        # the scan is the library's own image, passed through
        (ours,) = doc[0].get_images(full=True)
        (theirs,) = source[0].get_images(full=True)
        a, b = doc.extract_image(ours[0])["image"], source.extract_image(theirs[0])["image"]
        assert abs(len(a) - len(b)) <= 0.1 * len(b)
        assert a == b
        assert doc[0].get_label() == "p. 1"
        # the outline names the page; a page without METS articles has no article entries
        assert doc.get_toc() == [[1, "p. 1", 1]]


# ------------------------------------------------------------ packages written for the tests


@pytest.mark.parametrize("folder", ["service-half", "alto-v4"])
def test_word_boxes_land_on_the_scan(folder, tmp_path):
    """The fixture images draw every word as a black box: rendered, the
    middle of each word's line box is black, whatever the image's size
    (a service copy at half the OCR's resolution, a PNG without a stated
    resolution)."""
    issue = open_issue(FIXTURES / folder)
    page = issue.layout().page(1)
    target = tmp_path / "p.png"
    proc = herald("render", FIXTURES / folder, "--dpi", "72", "-o", target)
    assert proc.returncode == 0, proc.stderr
    img = QImage(str(target))
    runs = [r for ln in page.lines if ln.kind == "ocr" for r in ln.runs]
    assert len(runs) >= 5
    for r in runs:
        (x, y), last = r.positions[0], r.positions[-1]
        cx = round((x + last[0]) / 2 + 1)
        ln = next(ln for ln in page.lines if r in ln.runs)
        cy = round((ln.bbox[1] + ln.bbox[3]) / 2)
        assert QColor(img.pixel(cx, cy)).lightness() < 60, (folder, r.text, cx, cy)


def test_enmap_articles_through_the_pipeline():
    issue = open_issue(FIXTURES / "enmap-v3")
    layout = issue.layout()
    assert [p.number for p in layout.pages] == [1, 2]
    spanning = [a for a in layout.articles.values() if len(a.pages) == 2]
    assert spanning, "an article over two pages is one article"
    art = spanning[0]
    assert {r.page for r in art.regions} == {1, 2}
    assert [p.number for p in layout.pages if any(x.id == art.id for x in p.articles)] == [1, 2]
    continued = next(x for x in layout.page(2).articles if x.id == art.id)
    assert continued.continued
    reading = issue.reading(art.id)
    assert reading.ocr and reading.paragraphs


def test_an_entity_names_a_file_that_appears_in_no_output(tmp_path):
    secret = (FIXTURES / "unsafe" / "secret.txt").read_text(encoding="utf-8").split(":")[0]
    outputs = []
    for target in (FIXTURES / "unsafe" / "xxe-mets", FIXTURES / "unsafe" / "xxe-alto.xml",
                   FIXTURES / "unsafe" / "billion-laughs.xml"):
        for args in (["validate", target], ["info", target, "--json"],
                     ["render", target, "-o", tmp_path / "x.png"], ["export", target, "-o", tmp_path / "x.pdf"]):
            proc = herald(*args, timeout=60)
            assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
            assert "Traceback" not in proc.stderr and "unexpected failure" not in proc.stderr
            outputs.append(proc.stdout + proc.stderr)
    assert all(secret not in out for out in outputs)
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "x.pdf").exists()
    assert any("entit" in out for out in outputs)


# ------------------------------------------------------------ the window


def _click(qtbot, win, page, x_pt, y_pt):
    from PySide6.QtCore import Qt

    pos = win.view.map_to_viewport(page, x_pt, y_pt)
    assert pos is not None
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=pos.toPoint())


def test_window_opens_the_statesman_and_a_click_reads_an_article(qtbot, make_window):
    win = make_window(path=STATESMAN)
    assert win.doc.source.kind == "mets-alto" and win.doc.numbers == [1, 2, 3, 4]
    assert win.act_ocr_overlay.isEnabled()
    page = win.doc.page(1)
    art = next(a for a in page.articles if a.kind == "article" and len(a.lines) > 20)
    x0, y0, x1, y1 = art.regions[0].bounds
    _click(qtbot, win, 1, (x0 + x1) / 2, (y0 + y1) / 2)
    assert win.reader.isVisible() and win.reader.article_id == art.id
    html = win.reader.browser.toHtml()
    assert "OCR" in win.reader.browser.toPlainText()
    assert "herald-clip:" in html  # the article's part of the page, as a picture
    first_words = " ".join(win.doc.source.issue.article(art.id).text.split()[:4])
    assert first_words in " ".join(win.reader.browser.toPlainText().split())
    assert win.articles.article_ids()[: len(page.articles)] == [a.id for a in page.articles]
    win.close()


def test_window_search_on_a_scan_highlights_the_word_box(qtbot, make_window):
    win = make_window(path=NDNP)
    win.show_search()
    win.search.field.setText("Herausgegeben")
    hits = win.run_search("Herausgegeben")
    assert hits and hits[0].page == 1
    assert win.view.search_hits()[1][0] == hits[0].rects[0]
    # the OCR text over the scan: the view renders again, with the words in ink
    before = win.view.render_page(win.doc.page(1), 2.0)
    win.act_ocr_overlay.trigger()
    assert win.view.ocr_overlay
    after = win.view.render_page(win.doc.page(1), 2.0)
    assert before != after
    x0, y0, x1, y1 = hits[0].rects[0]
    inked = set()
    for i in range(1, 40):
        for j in range(1, 10):
            c = QColor(after.pixel(round((x0 + (x1 - x0) * i / 40) * 2), round((y0 + (y1 - y0) * j / 10) * 2)))
            if c.blue() > c.red() + 40 and c.lightness() < 140:
                inked.add(i)
    assert len(inked) >= 8  # overlay ink (dark blue) along the word
    win.close()


def test_a_page_turn_does_not_wait_for_its_scan(qtbot, make_window):
    """The page shows at once on paper; its scan, decoded in the background,
    follows (and a scan that was decoded once is drawn at once)."""
    win = make_window(path=FIXTURES / "service-half")
    view = win.view
    qtbot.wait(50)  # the window settles: its fit zoom is final
    view.wait_for_scans()
    view.cache.clear()
    from viewer.render import paint

    paint.image_cache.clear()
    page = win.doc.page(1)
    scale = view.zoom * view.devicePixelRatioF()
    first = view.render_page(page, scale)
    assert 1 in view._interim and view.cache.get(view._key(1, scale)) is None
    run = next(r for ln in page.lines if ln.kind == "ocr" for r in ln.runs)
    (x, _), last = run.positions[0], run.positions[-1]
    ln = next(ln for ln in page.lines if run in ln.runs)
    px, py = round((x + last[0]) / 2 * scale), round((ln.bbox[1] + ln.bbox[3]) / 2 * scale)
    assert QColor(first.pixel(px, py)).lightness() > 200  # paper, the word not there yet
    with qtbot.waitSignal(view.scansDecoded, timeout=20000):
        pass
    exact = view.cache.get(view._key(1, scale))
    assert exact is not None and 1 not in view._interim
    assert QColor(exact.pixel(px, py)).lightness() < 60  # the scan's black word box
    win.close()


# ------------------------------------------------------------ printing


def test_printing_a_scanned_page_and_a_scanned_article(tmp_path):
    pymupdf = load_pymupdf()
    fit = tmp_path / "fit.pdf"
    proc = herald("print", NDNP, "--to-pdf", fit, "--paper", "A4", "--mode", "fit")
    assert proc.returncode == 0, proc.stderr
    with pymupdf.open(str(fit)) as doc:
        assert doc.page_count == 1
        (img,) = doc[0].get_images(full=True)
        assert img[2] >= 1000  # the scan, at the printer's resolution
        assert "Nordstern" in doc[0].get_text()  # the OCR text goes along, invisibly
    ids = statesman_article_ids()
    art = next(i for i in ids if i.startswith("art"))
    clip = tmp_path / "article.pdf"
    proc = herald("print", STATESMAN, "--to-pdf", clip, "--article", art)
    assert proc.returncode == 0, proc.stderr
    issue = open_issue(STATESMAN)
    parts = issue.layout().article(art).pages
    with pymupdf.open(str(clip)) as doc:
        assert doc.page_count == len(parts)
        words = " ".join(doc[0].get_text().split())
    first = " ".join(issue.issue.article(art).text.split()[:3])
    assert first in words


def _jpeg_2000_from_the_page_pdf(target: Path) -> None:
    from PIL import Image

    pymupdf = load_pymupdf()
    with pymupdf.open(NDNP / "0011.pdf") as doc:
        jpeg = doc.extract_image(doc[0].get_images()[0][0])["image"]
    scratch = target.with_suffix(".jpg")
    scratch.write_bytes(jpeg)
    with Image.open(scratch) as im:
        im.save(target, quality_mode="rates", quality_layers=[40], irreversible=True)
    scratch.unlink()


def test_an_alto_file_without_its_mets_finds_the_derivative_of_the_master_it_names(tmp_path):
    """NDNP's ALTO names the master TIFF (…/0011.tif), which batches do not
    ship: opened without the issue METS, the page shows the JPEG 2000 of the
    same name, else the page PDF, and says which file it looked for only
    when neither is there."""
    import shutil

    shutil.copy(NDNP / "0011.xml", tmp_path / "0011.xml")
    proc = herald("validate", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "0011.xml: warning: the scan of page 1 is not in the package ('0011.tif')" in proc.stdout
    shutil.copy(NDNP / "0011.pdf", tmp_path / "0011.pdf")
    (scan,) = [im for im in open_issue(tmp_path).layout().page(1).images if im.kind == "scan"]
    assert scan.path.endswith("0011.pdf") and scan.pdf_page == 0
    _jpeg_2000_from_the_page_pdf(tmp_path / "0011.jp2")
    (scan,) = [im for im in open_issue(tmp_path).layout().page(1).images if im.kind == "scan"]
    assert scan.path.endswith("0011.jp2") and scan.pdf_page is None
    proc = herald("validate", tmp_path)
    assert proc.returncode == 0 and "warning" not in proc.stdout + proc.stderr, proc.stdout


def test_a_jpeg_2000_scan_is_shown_and_passed_into_the_pdf(tmp_path):
    """The NDNP page with its JPEG 2000 service image (made here from the
    page PDF's JPEG, as the METS names ./0011.jp2): shown, decoded at a
    reduced level, and carried into the exported PDF as the file is."""
    import shutil


    for name in ("1878010301.xml", "0011.xml", "0011.pdf"):
        shutil.copy(NDNP / name, tmp_path / name)
    _jpeg_2000_from_the_page_pdf(tmp_path / "0011.jp2")
    pymupdf = load_pymupdf()
    page = open_issue(tmp_path).layout().page(1)
    (scan,) = [im for im in page.images if im.kind == "scan"]
    assert scan.path.endswith("0011.jp2") and scan.pdf_page is None
    target = tmp_path / "p.png"
    proc = herald("render", tmp_path, "--dpi", "40", "-o", target)
    assert proc.returncode == 0, proc.stderr
    img = QImage(str(target))
    dark = sum(QColor(img.pixel(x, y)).lightness() < 100 for x in range(60, 520, 4) for y in range(20, 70, 4))
    assert dark > 80  # the masthead "Der Nordstern"
    out = tmp_path / "p.pdf"
    proc = herald("export", tmp_path, "-o", out)
    assert proc.returncode == 0, proc.stderr
    with pymupdf.open(str(out)) as doc:
        (info,) = doc[0].get_images(full=True)
        assert info[8] == "JPXDecode"
        assert doc.xref_stream_raw(info[0]) == (tmp_path / "0011.jp2").read_bytes()
        assert "Nordstern" in doc[0].get_text()
