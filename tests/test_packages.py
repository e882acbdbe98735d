"""Whole packages opened into ScannedIssue values: the British Library's
Statesman (BL-style METS), a Library of Congress NDNP page with its page PDF,
and small ENMAP, BL, METS-with-service-image and ALTO-only packages written
for these tests (tests/data/README.md)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import etree

from viewer.model.problems import IssueLoadError
from viewer.mupdf import load_pymupdf
from viewer.sources.package import NOTE_DPI_ASSUMED, NOTE_NO_SCAN, open_package, package_kind

DATA = Path(__file__).resolve().parent / "data"
STATESMAN = DATA / "bl-statesman-1824-02-17"
NDNP = DATA / "ndnp-mnhi-1878-01-03"
FIXTURES = DATA / "fixtures"
NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}


def flat(points):
    return [c for p in points for c in p]


# ---------------------------------------------------------------- the Statesman (British Library)


@pytest.fixture(scope="module")
def statesman():
    return open_package(STATESMAN)


def test_statesman_pages(statesman):
    assert statesman.profile == "bl"
    assert (statesman.title, statesman.date, statesman.language) == ("The Statesman.", dt.date(1824, 2, 17), "en")
    assert statesman.source_file == "0002647_18240217_mets.xml"
    assert [(p.number, p.label, p.alto_file) for p in statesman.pages] == [
        (n, str(n), f"0002647_18240217_000{n}.xml") for n in (1, 2, 3, 4)]
    for p in statesman.pages:
        # 4169 x 6177 px without a scan: 300 dpi assumed, and said
        assert (p.width_pt, p.height_pt) == pytest.approx((1000.56, 1482.48))
        assert p.scan is None
        assert p.notes == (NOTE_NO_SCAN, NOTE_DPI_ASSUMED)
    assert statesman.errors == []
    assert [p.message for p in statesman.problems] == [
        f"the scan of page {n} is not in the package ('0002647_18240217_000{n}.jp2', "
        f"'2019-07-11_09_03_0{3117 + n}.tif'); the page is reconstructed from its OCR text" for n in (1, 2, 3, 4)]


def test_statesman_has_exactly_the_articles_its_mets_defines(statesman):
    tree = etree.parse(str(STATESMAN / "0002647_18240217_mets.xml"))
    ids = tree.xpath("//mets:structMap[@TYPE='LOGICAL']//mets:div[@TYPE='ARTICLE' or @TYPE='ADVERT']/@ID",
                     namespaces=NS)
    assert len(ids) == 27
    assert [a.id for a in statesman.articles] == ids
    for a in statesman.articles:
        assert a.spans and a.text.strip(), a.id
        for s in a.spans:
            assert s.lines and s.regions, (a.id, s.page)
    assert statesman.article("sect0001").kind == "advertisement"


def test_statesman_article_regions_are_the_mets_rectangles(statesman):
    a = statesman.article("art0002")
    assert a.headline == "COAL DUTIES."
    assert [(s.page, s.role) for s in a.spans] == [(1, "headline"), (1, "textblock")]
    # pa0001011: <area SHAPE="RECT" COORDS="1352,2756,1557,2777"/>, pixels at 300 dpi
    assert flat(a.spans[0].regions[0]) == pytest.approx(
        [v * 0.24 for v in (1352, 2756, 1557, 2756, 1557, 2777, 1352, 2777)])
    assert a.text.startswith("COAL DUTIES.\n\nThe Bishop of EX Eifiltpreae")


def test_statesman_article_over_two_pages_is_one(statesman):
    a = statesman.article("art0010")
    assert a.pages == (2, 3)
    # the word ranges of the METS: art0010's areas begin on page 2 and end on page 3
    tree = etree.parse(str(STATESMAN / "0002647_18240217_mets.xml"))
    targets = tree.xpath("//mets:smLinkGrp[mets:smLocatorLink[@xlink:href='#art0010']]"
                         "/mets:smLocatorLink[@xlink:label!='article']/@xlink:href", namespaces=NS)
    pages = {t[3:7] for t in targets}  # "#pa0002001" -> "0002"
    assert pages == {"0002", "0003"}


def test_statesman_words_of_a_span_are_its_mets_range(statesman):
    """pa0001012 names String IDs word001922 to word001948: the span's lines
    hold exactly those words."""
    a = statesman.article("art0002")
    page = statesman.page(1)
    ids = [w.id for b, ln, w0, w1 in a.spans[1].lines for w in page.blocks[b].lines[ln].words[w0:w1]]
    assert ids == [f"word{n:06d}" for n in range(1922, 1949)]


# ---------------------------------------------------------------- NDNP (Library of Congress)


@pytest.fixture(scope="module")
def ndnp():
    return open_package(NDNP / "1878010301.xml")


def test_ndnp_opens_its_one_page_with_the_pdf_scan(ndnp):
    assert ndnp.profile == "ndnp"
    assert (ndnp.title, ndnp.date) == ("Der Nordstern (St. Cloud, Minn.)", dt.date(1878, 1, 3))
    assert [p.number for p in ndnp.pages] == [1]
    page = ndnp.pages[0]
    assert page.label == "1"  # the page MODS: part/extent/start
    assert (page.width_pt, page.height_pt) == pytest.approx((1030.5, 1458.36))
    scan = page.scan
    assert (scan.kind, scan.format, scan.pixel_width, scan.pixel_height) == ("pdf", "PDF", 2146, 3038)
    assert scan.path == (NDNP / "0011.pdf").resolve()
    assert page.notes == ()


def test_ndnp_missing_pages_are_errors_and_the_rest_opens(ndnp):
    """The METS names 8 pages; the package holds page 1's files only."""
    assert [str(p) for p in ndnp.errors] == [
        f"1878010301.xml: line {240 + 14 * n}: the OCR file './00{11 + n}.xml' of page {n + 1} is not in the "
        "package; the page is left out" for n in range(1, 8)]


def test_ndnp_word_boxes_lie_on_the_pdf_text_layer(ndnp):
    """Each ALTO word against the same word in the page PDF's own text layer."""
    pymupdf = load_pymupdf()
    with pymupdf.open(NDNP / "0011.pdf") as doc:
        pdf_words = doc[0].get_text("words")
    by_text = defaultdict(list)
    for x0, y0, x1, y1, text, *_ in pdf_words:
        by_text[text].append((x0, y0, x1, y1))
    page = ndnp.pages[0]
    alto_words = [w for b in page.blocks for ln in b.lines for w in ln.words]
    assert len(alto_words) == 2787
    compared = close = 0
    for w in alto_words:
        boxes = by_text.get(w.text)
        if not boxes:
            continue
        compared += 1
        if min(max(abs(a - b) for a, b in zip(w.box, box)) for box in boxes) <= 2.0:
            close += 1
    assert compared >= 0.9 * len(alto_words)
    assert close >= 0.95 * compared, (close, compared)


def test_ndnp_blocks_are_articles_with_words_rejoined(ndnp):
    tree = etree.parse(str(NDNP / "0011.xml"))
    ns = {"a": "http://www.loc.gov/standards/alto/ns-v2#"}
    ids = tree.xpath("//a:TextBlock[.//a:String]/@ID", namespaces=ns)
    assert [a.id for a in ndnp.articles] == ids
    assert {a.kind for a in ndnp.articles} == {"block"}
    # ST35 "Abon" + ST36 "nement", SUBS_CONTENT="Abonnement"
    holder = next(a for a in ndnp.articles if "Abonnement" in a.text)
    assert "Abon " not in holder.text and "nement" not in holder.text.replace("Abonnement", "")


def test_ndnp_service_jpeg2000_is_preferred_to_the_pdf(tmp_path):
    """The METS names ./0011.jp2 as the service image: once it is there, it
    is the scan. It is made here from the page PDF's own JPEG."""
    from PIL import Image

    for name in ("1878010301.xml", "0011.xml", "0011.pdf"):
        shutil.copy(NDNP / name, tmp_path / name)
    pymupdf = load_pymupdf()
    with pymupdf.open(NDNP / "0011.pdf") as doc:
        xref = doc[0].get_images()[0][0]
        jpeg = doc.extract_image(xref)["image"]
    (tmp_path / "scan.jpg").write_bytes(jpeg)
    with Image.open(tmp_path / "scan.jpg") as im:
        im.save(tmp_path / "0011.jp2", quality_mode="rates", quality_layers=[40], irreversible=True)
    (tmp_path / "scan.jpg").unlink()
    issue = open_package(tmp_path)
    scan = issue.pages[0].scan
    assert (scan.kind, scan.format, scan.pixel_width, scan.pixel_height) == ("image", "JPEG2000", 2146, 3038)
    assert scan.path == (tmp_path / "0011.jp2").resolve()
    # inch1200 converts exactly, whatever the scan
    assert (issue.pages[0].width_pt, issue.pages[0].height_pt) == pytest.approx((1030.5, 1458.36))


# ---------------------------------------------------------------- an ENMAP package (ALTO v3, mm10)


@pytest.fixture(scope="module")
def enmap():
    return open_package(FIXTURES / "enmap-v3" / "mets.xml")


def test_enmap_issue(enmap):
    assert enmap.profile == "enmap"
    assert (enmap.title, enmap.date, enmap.issue_label, enmap.language) == (
        "The Coast Gazette", dt.date(1901, 3, 5), "12", "en")
    # PHYSICAL order by ORDER, labels from ORDERLABEL; hrefs file://./ALTO/... against the METS's folder
    assert [(p.number, p.label, p.alto_file) for p in enmap.pages] == [(1, "i", "ALTO/0001.xml"),
                                                                        (2, "ii", "ALTO/0002.xml")]
    assert [(p.width_pt, p.height_pt) for p in enmap.pages] == [(720.0, 1080.0), (720.0, 1080.0)]
    assert enmap.errors == []


def test_enmap_articles(enmap):
    got = [(a.id, a.kind, a.headline, a.pages) for a in enmap.articles]
    assert got == [
        ("DIVL4", "section", "LOCAL NEWS", (1,)),
        ("DIVL7", "article", "Harbour traffic", (1, 2)),
        ("DIVL16", "illustration", "The quay", (1,)),
        ("DIVL19", "advertisement", "Rope sold", (2,)),
        ("DIVL21", "article", "winds light.", (2,)),
    ]


def test_enmap_article_spans_roles_and_text(enmap):
    a = enmap.article("DIVL7")
    assert [(s.page, s.role, s.blocks) for s in a.spans] == [(1, "title", (1,)), (1, "paragraph", (2, 3)),
                                                              (2, "paragraph", (0,))]
    # P1_TB2 has a polygon; P1_TB3 a rectangle
    assert flat(a.spans[1].regions[0]) == pytest.approx([72, 216, 360, 216, 360, 360, 72, 360])
    assert flat(a.spans[1].regions[1]) == pytest.approx([72, 360, 360, 360, 360, 396, 72, 396])
    # broken words rejoined: "har-"/"bour" by SUBS_CONTENT, "Lon¬"/"don" without it
    assert a.text == ("Harbour traffic\n\nShips entered the harbour today. Trade with London grew.\n\n"
                      "Continued overleaf\n\nFishing resumed.")


def test_enmap_composed_block_line_range_and_illustration(enmap):
    ad = enmap.article("DIVL19")
    assert ad.spans[0].blocks == (1, 2)  # ComposedBlock P2_CB1 holds P2_TB2 and P2_TB3
    assert ad.text == "Rope sold\n\nhere"
    weather = enmap.article("DIVL21")  # BEGIN="P2_TL5" END="P2_TL6"
    assert weather.spans[0].lines == ((3, 1, 0, 2), (3, 2, 0, 2))
    assert weather.text == "winds light. Tides high."
    ill = enmap.article("DIVL16")
    assert [(s.role, s.blocks) for s in ill.spans] == [("image", (4,)), ("caption", (5,))]
    assert ill.spans[0].lines == ()


# ---------------------------------------------------------------- BL word ranges inside lines


def test_bl_ranges_that_begin_and_end_inside_a_line():
    issue = open_package(FIXTURES / "bl-partial")
    assert (issue.profile, issue.title, issue.date, issue.issue_label) == ("bl", "The Evening Lamp",
                                                                         dt.date(1850, 7, 4), "318")
    one, two = issue.articles
    assert [s.lines for s in one.spans] == [((0, 0, 0, 3),)]
    assert [(s.role, s.lines) for s in two.spans] == [("headline", ((0, 0, 3, 5),)), ("textblock", ((0, 1, 0, 2),))]
    assert (one.headline, one.text) == ("End of one.", "End of one.")
    assert (two.headline, two.text) == ("SECOND STORY", "SECOND STORY\n\nbegins here.")
    # COORDS="440,100,860,150" in pixels, 300 dpi
    assert flat(two.spans[0].regions[0]) == pytest.approx([105.6, 24, 206.4, 24, 206.4, 36, 105.6, 36])


# ---------------------------------------------------------------- scans and their sizes


def test_service_image_at_half_size_is_chosen_and_boxes_land_on_it():
    from PIL import Image

    issue = open_package(FIXTURES / "service-half")
    page = issue.pages[0]
    scan = page.scan
    assert (scan.format, scan.pixel_width, scan.pixel_height, scan.dpi) == ("JPEG", 1000, 1500, (150.0, 150.0))
    assert scan.path.name == "0001-service.jpg"
    # 1000 px at the 150 dpi the JPEG states
    assert (page.width_pt, page.height_pt) == (480.0, 720.0)
    assert page.notes == ()
    words = [w for b in page.blocks for ln in b.lines for w in ln.words]
    assert words[0].box == pytest.approx((48, 48, 201.6, 76.8))  # W1: 200,200 640x120 px of the 2000 px master
    px = 1000 / 480  # service pixels per point
    with Image.open(scan.path) as im:
        im = im.convert("L")
        for w in words:
            x0, y0, x1, y1 = (round(v * px) for v in w.box)
            inner = im.crop((x0 + 2, y0 + 2, x1 - 2, y1 - 2))
            assert inner.getextrema()[1] < 60, w.text  # the word's box is black on the scan
            below = im.crop((x0, y1 + 2, x1, y1 + 6))
            assert below.getextrema()[0] > 200, w.text  # and white just under it


def test_alto_alone_finds_its_scan_by_file_name_and_assumes_300_dpi():
    for path in (FIXTURES / "alto-v4", FIXTURES / "alto-v4" / "0001.xml"):
        issue = open_package(path)
        assert (issue.profile, issue.source_file) == ("alto", "0001.xml")
        page = issue.pages[0]
        # <fileName>D:\scans\polar\0001.png</fileName>: only the name is looked up, beside the ALTO
        assert (page.scan.path.name, page.scan.format, page.scan.dpi) == ("0001.png", "PNG", None)
        assert (page.width_pt, page.height_pt) == (480.0, 720.0)  # 2000 x 3000 px at 300 dpi
        assert page.notes == (NOTE_DPI_ASSUMED,)
        assert [(a.id, a.kind, a.headline, a.text) for a in issue.articles] == [
            ("TB1", "block", "NORTHERN LIGHTS", "NORTHERN LIGHTS"),
            ("TB2", "block", "Seen from Tromsø", "Seen from Tromsø tonight.")]


def test_folder_of_alto_files_in_file_name_order(tmp_path):
    tiny = (FIXTURES / "bad" / "missing-alto" / "ALTO" / "0002.xml").read_bytes()
    for name in ("page-10.xml", "page-2.xml", "page-1.xml"):
        (tmp_path / name).write_bytes(tiny)
    (tmp_path / "notes.txt").write_text("not XML")
    issue = open_package(tmp_path)
    with_bad = tmp_path / "with-bad"
    with_bad.mkdir()
    for name in ("p1.xml", "p3.xml"):
        (with_bad / name).write_bytes(tiny)
    (with_bad / "p2.xml").write_bytes(tiny.replace(b"</TextLine>", b""))
    bad = open_package(with_bad)
    # p2.xml breaks after its Page's start tag: it is listed, and found broken when its words are read
    assert [(p.number, p.alto_file) for p in bad.pages] == [(1, "p1.xml"), (2, "p2.xml"), (3, "p3.xml")]
    assert bad.errors == []
    bad.load_all()
    assert bad.page(2).blocks == ()
    # the TextLine left open is found at the TextBlock's end tag, line 14
    assert [(p.file, p.where) for p in bad.errors] == [("p2.xml", "line 14, column 21")]
    assert [(p.number, p.alto_file) for p in issue.pages] == [(1, "page-1.xml"), (2, "page-2.xml"),
                                                             (3, "page-10.xml")]
    # the same block ID on every page: the page keeps the articles' ids apart
    assert [(a.id, a.pages) for a in issue.articles] == [("p1:P1_TB1", (1,)), ("p2:P1_TB1", (2,)),
                                                        ("p3:P1_TB1", (3,))]
    assert issue.pages[0].width_pt == pytest.approx(612.0)  # 10200 inch1200: US letter


# ---------------------------------------------------------------- located problems


def test_missing_alto_pages_are_left_out():
    issue = open_package(FIXTURES / "bad" / "missing-alto")
    assert [p.number for p in issue.pages] == [2]
    assert [str(p) for p in issue.errors] == [
        "mets.xml: line 6: the OCR file 'ALTO/0001.xml' of page 1 is not in the package; the page is left out",
        "mets.xml: line 8: the OCR file 'ALTO/0003.xml' of page 3 is not in the package; the page is left out"]


def test_area_naming_no_block_is_a_located_error():
    issue = open_package(FIXTURES / "bad" / "bad-area")
    issue.load_all()
    assert [str(p) for p in issue.errors] == [
        "mets.xml: line 20: the area names 'P1_TB99', which is not in ALTO/0001.xml",
        "mets.xml: line 25: the area names file 'ALTO00009', which the fileSec does not list"]
    assert [(a.id, a.text) for a in issue.articles] == [("ART1", "Tiny page")]


def test_nothing_to_open_raises_with_the_reason(tmp_path):
    with pytest.raises(IssueLoadError) as exc:
        open_package(tmp_path)
    assert [p.message for p in exc.value.problems] == ["the folder holds no METS or ALTO file"]
    with pytest.raises(IssueLoadError) as exc:
        open_package(FIXTURES / "bad" / "unknown-unit.xml")
    assert [str(p) for p in exc.value.problems] == [
        "unknown-unit.xml: line 5: unknown MeasurementUnit 'inch': expected pixel, mm10 or inch1200"]
    with pytest.raises(IssueLoadError) as exc:
        open_package(NDNP / "0011.pdf")
    assert exc.value.problems[0].where == "line 1, column 1"


def test_package_kind(tmp_path):
    assert package_kind(STATESMAN) == "mets"
    assert package_kind(STATESMAN / "0002647_18240217_mets.xml") == "mets"
    assert package_kind(STATESMAN / "0002647_18240217_0001.xml") == "alto"
    assert package_kind(FIXTURES / "alto-v4") == "alto"
    assert package_kind(NDNP / "0011.pdf") is None
    assert package_kind(tmp_path) is None
    assert package_kind(tmp_path / "nothing-here") is None
    # a document that declares entities is still recognised, to be refused when opened
    assert package_kind(FIXTURES / "unsafe" / "xxe-alto.xml") == "alto"
    assert package_kind(FIXTURES / "unsafe" / "xxe-mets") == "mets"


def test_a_scan_that_is_no_image_or_another_format_is_a_warning(tmp_path):
    from PIL import Image

    pkg = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "service-half", pkg)
    (pkg / "images" / "0001-service.jpg").write_bytes(b"not a JPEG at all")
    Image.new("L", (2000, 3000), 255).save(pkg / "images" / "0001-master.tif", format="GIF")
    issue = open_package(pkg)
    assert issue.pages[0].scan is None
    # the last scan refused says what the page is instead; no second warning that the scan is missing
    assert [(p.severity, p.where, p.message.split(":")[0]) for p in issue.problems] == [
        ("warning", "line 10", "the scan 'images/0001-service.jpg' cannot be read"),
        ("warning", "line 7",
         "the scan 'images/0001-master.tif' is a GIF image; JPEG, PNG, TIFF or JPEG 2000 is shown; "
         "the page is reconstructed from its OCR text"),
    ]


def test_the_master_is_the_scan_when_the_service_copy_is_missing(tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "service-half", pkg)
    (pkg / "images" / "0001-service.jpg").unlink()
    issue = open_package(pkg)
    scan = issue.pages[0].scan
    # the 1-bit TIFF master: 2000 x 3000 px at the 300 dpi it states, so the page keeps its size
    assert (scan.path.name, scan.format, scan.pixel_width, scan.pixel_height, scan.dpi) == (
        "0001-master.tif", "TIFF", 2000, 3000, (300.0, 300.0))
    assert (issue.pages[0].width_pt, issue.pages[0].height_pt) == (480.0, 720.0)
    assert issue.problems == []
