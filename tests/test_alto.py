"""One ALTO file read into points: every dialect, the three units, styles,
hyphenated words, shapes and composed blocks, on real files of the British
Library and the Library of Congress and on small files written for these
tests (tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.sources.alto import parse_alto, read_alto
from viewer.sources.xmlsafe import XmlRefused

DATA = Path(__file__).resolve().parent / "data"
STATESMAN = DATA / "bl-statesman-1824-02-17"
NDNP = DATA / "ndnp-mnhi-1878-01-03"
FIXTURES = DATA / "fixtures"


def read(path: Path, dpi: float = 300.0):
    return read_alto(path.read_bytes(), path.name, dpi)


def words(page):
    return [w for b in page.blocks for ln in b.lines for w in ln.words]


def flat(points):
    return [c for p in points for c in p]


# ---------------------------------------------------------------- real files


def test_statesman_alto_1x_without_namespace_in_pixels():
    page = read(STATESMAN / "0002647_18240217_0001.xml")
    assert page.unit == "pixel"
    assert (page.width, page.height) == (4169, 6177)
    # 300 dpi: 4169 px = 1000.56 pt
    assert page.width_pt == pytest.approx(1000.56)
    assert page.height_pt == pytest.approx(1482.48)
    assert len(page.blocks) == 62  # TextBlocks in the file (3 of them inside ComposedBlocks)
    assert len(words(page)) == 5140  # String elements in the file
    assert page.image_name == "//NP1-STOR2/data01/blend6/2019-07-11_09_03/2019-07-11_09_03_03118.tif"
    first = page.blocks[5].lines[0].words[0]
    # <String ID="P1_ST00061" HPOS="3494" VPOS="637" WIDTH="137" HEIGHT="39" CONTENT="PRICE" WC="0.58" ...>
    # in a TextBlock whose STYLEREFS="TXT_2 PAR_RIGHT" names a bold TextStyle of FONTSIZE="0"
    assert (first.id, first.text, first.confidence, first.bold, first.size_pt) == ("P1_ST00061", "PRICE", 0.58, True,
                                                                                   None)
    assert first.box == pytest.approx((3495 * 0.24, 637 * 0.24, 3632 * 0.24, 676 * 0.24))


def test_statesman_composed_blocks_are_flattened():
    page = read(STATESMAN / "0002647_18240217_0001.xml")
    # <ComposedBlock ID="pa0001041" TYPE="Illustration"> holds TextBlock P1_TB00060
    inner = [b for b in page.blocks if b.parent == "pa0001041"]
    assert [b.id for b in inner] == ["P1_TB00060"]
    assert page.composed["pa0001041"] == (page.blocks.index(inner[0]),)
    assert [w.text for w in inner[0].lines[0].words] == ["11", "1"]


def test_statesman_polygon_in_comma_form():
    page = read(STATESMAN / "0002647_18240217_0001.xml")
    shaped = [b for b in page.blocks if b.polygon]
    assert len(shaped) == 4  # the file has four Shape/Polygon elements
    # <Polygon POINTS="1918,1281 1918,733 2829,733 2829,1243 2111,1243 2111,1271 1932,1271 1932,1281"/>
    assert flat(shaped[0].polygon) == pytest.approx([v * 0.24 for v in (
        1918, 1281, 1918, 733, 2829, 733, 2829, 1243, 2111, 1243, 2111, 1271, 1932, 1271, 1932, 1281)])


def test_ndnp_alto_v2_in_inch1200_converts_exactly():
    page = read(NDNP / "0011.xml", dpi=1)  # the dpi must not matter for a unit that is a length
    assert page.unit == "inch1200"
    assert (page.width_pt, page.height_pt) == pytest.approx((17175 * 0.06, 24306 * 0.06))
    w = next(w for w in words(page) if w.id == "ST11")
    # <String CONTENT="Herausgegeben" HEIGHT="110" HPOS="1770" ID="ST11" STYLEREFS="F1" VPOS="4756" WC="1.00"
    #  WIDTH="908"/>
    # F1: FONTSIZE="6", Helvetica-Bold (bold is in the family name, not FONTSTYLE)
    assert w.text == "Herausgegeben"
    assert w.box == pytest.approx((106.2, 285.36, 160.68, 291.96))
    assert (w.size_pt, w.confidence) == (6.0, 1.0)
    assert page.blocks[1].language == "ger"


def test_ndnp_hyphenated_word_parts():
    page = read(NDNP / "0011.xml")
    by_id = {w.id: w for w in words(page)}
    assert (by_id["ST35"].text, by_id["ST35"].hyphen_part, by_id["ST35"].full_word) == ("Abon", 1, "Abonnement")
    assert (by_id["ST36"].text, by_id["ST36"].hyphen_part, by_id["ST36"].full_word) == ("nement", 2, "Abonnement")
    assert by_id["ST11"].full_word is None and by_id["ST11"].hyphen_part == 0


# ---------------------------------------------------------------- dialects


TINY = """<?xml version="1.0" encoding="UTF-8"?>
<alto{ns}>
  <Description><MeasurementUnit>mm10</MeasurementUnit></Description>
  <Layout><Page ID="P1" WIDTH="2540" HEIGHT="3810"><PrintSpace>
    <TextBlock ID="TB1" HPOS="254" VPOS="508" WIDTH="1016" HEIGHT="127">
      <TextLine ID="TL1" HPOS="254" VPOS="508" WIDTH="1016" HEIGHT="127">
        <String ID="S1" CONTENT="Dialect" HPOS="254" VPOS="508" WIDTH="508" HEIGHT="127"/><SP/>
        <String ID="S2" CONTENT="test" HPOS="812" VPOS="508" WIDTH="458" HEIGHT="127"/>
      </TextLine>
    </TextBlock>
  </PrintSpace></Page></Layout>
</alto>
"""


@pytest.mark.parametrize("namespace", [
    None,  # 1.x, CCS docWorks
    "http://schema.ccs-gmbh.com/ALTO",
    "http://www.loc.gov/standards/alto/ns-v2#",
    "http://www.loc.gov/standards/alto/ns-v3#",
    "http://www.loc.gov/standards/alto/ns-v4#",
    "http://bibnum.bnf.fr/ns/alto_prod",
], ids=["1.x", "ccs", "v2", "v3", "v4", "bnf"])
def test_every_dialect_reads_the_same(namespace):
    ns = f' xmlns="{namespace}"' if namespace else ""
    page = read_alto(TINY.format(ns=ns).encode(), "tiny.xml")
    assert (page.width_pt, page.height_pt) == pytest.approx((720.0, 1080.0))
    assert [(w.id, w.text) for w in words(page)] == [("S1", "Dialect"), ("S2", "test")]
    assert words(page)[0].box == pytest.approx((72.0, 144.0, 216.0, 180.0))


def test_a_prefixed_alto_namespace_reads_the_same():
    xml = TINY.format(ns=' xmlns:a="http://www.loc.gov/standards/alto/ns-v3#"')
    xml = xml.replace("<", "<a:").replace("<a:/", "</a:").replace("<a:?xml", "<?xml")
    page = read_alto(xml.encode(), "prefixed.xml")
    assert [w.text for w in words(page)] == ["Dialect", "test"]


# ---------------------------------------------------------------- units


def test_pixel_units_take_the_callers_resolution():
    xml = TINY.format(ns="").replace(">mm10<", ">pixel<")
    page = read_alto(xml.encode(), "px.xml", dpi=254)
    assert page.width_pt == pytest.approx(2540 * 72 / 254)
    doc = parse_alto(xml.encode(), "px.xml")
    assert doc.page(0.5, 0.25).blocks[0].lines[0].words[0].box == (127.0, 127.0, 381.0, 158.75)


def test_unknown_measurement_unit_is_a_located_error():
    with pytest.raises(XmlRefused) as exc:
        read(FIXTURES / "bad" / "unknown-unit.xml")
    assert str(exc.value.problem) == ("unknown-unit.xml: line 5: unknown MeasurementUnit 'inch': "
                                      "expected pixel, mm10 or inch1200")


def test_missing_measurement_unit_means_mm10_with_a_warning():
    xml = TINY.format(ns="").replace("<Description><MeasurementUnit>mm10</MeasurementUnit></Description>", "")
    page = read_alto(xml.encode(), "nounit.xml")
    assert page.unit == "mm10" and page.width_pt == pytest.approx(720.0)
    assert [(p.severity, p.message) for p in page.problems] == [
        ("warning", "no MeasurementUnit; the schema's default, mm10 (tenths of a millimetre), is assumed")]


def test_a_file_that_is_not_alto_is_refused():
    with pytest.raises(XmlRefused) as exc:
        read(STATESMAN / "0002647_18240217_mets.xml")
    assert exc.value.problem.message == "the root element is <mets>, not <alto>: this is not an ALTO file"


def test_malformed_alto_names_line_and_column():
    with pytest.raises(XmlRefused) as exc:
        read(FIXTURES / "bad" / "malformed.xml")
    p = exc.value.problem
    assert (p.file, p.where) == ("malformed.xml", "line 9, column 17")
    assert p.message == "malformed XML: Opening and ending tag mismatch: TextLine line 7 and TextBlock"


# ---------------------------------------------------------------- the v3 fixture: styles, hyphens, shapes


@pytest.fixture(scope="module")
def v3_page():
    return read(FIXTURES / "enmap-v3" / "ALTO" / "0001.xml")


def test_stylerefs_with_several_ids_and_inheritance(v3_page):
    by_id = {w.id: w for w in words(v3_page)}
    # TextBlock STYLEREFS="PAR_LEFT TXT_1": the TextStyle among the ids, 24 pt bold
    assert (by_id["P1_S3"].size_pt, by_id["P1_S3"].bold, by_id["P1_S3"].italic) == (24.0, True, False)
    # TextBlock STYLEREFS="TXT_0 PAR_LEFT", 9 pt, inherited by its Strings
    assert (by_id["P1_S5"].size_pt, by_id["P1_S5"].bold, by_id["P1_S5"].italic) == (9.0, False, False)
    # String STYLE="italics" on top of the block's style
    assert (by_id["P1_S6"].size_pt, by_id["P1_S6"].italic) == (9.0, True)
    # String STYLEREFS="TXT_2": 9.5 pt bold italics, its own style wins
    assert (by_id["P1_S10"].size_pt, by_id["P1_S10"].bold, by_id["P1_S10"].italic) == (9.5, True, True)


def test_hyphen_elements_and_subs_content(v3_page):
    tb2 = v3_page.blocks[2]
    assert tb2.id == "P1_TB2"
    assert [ln.hyphen for ln in tb2.lines] == ["-", None, "¬", None]
    last, first = tb2.lines[0].words[-1], tb2.lines[1].words[0]
    assert (last.text, last.hyphen_part, last.full_word) == ("har", 1, "harbour")
    assert (first.text, first.hyphen_part, first.full_word) == ("bour", 2, "harbour")
    assert tb2.lines[2].words[-1].hyphen_part == 0  # "Lon¬" has a HYP but no SUBS_TYPE


def test_polygon_in_space_form_and_language(v3_page):
    tb2 = v3_page.blocks[2]
    # <Polygon POINTS="254 762 1270 762 1270 1270 254 1270"/> in tenths of a millimetre
    assert flat(tb2.polygon) == pytest.approx([72, 216, 360, 216, 360, 360, 72, 360])
    assert tb2.language == "en"


def test_illustration_and_graphical_element(v3_page):
    kinds = [(b.id, b.kind) for b in v3_page.blocks]
    assert kinds == [("P1_TB5", "text"), ("P1_TB1", "text"), ("P1_TB2", "text"), ("P1_TB3", "text"),
                     ("P1_IL1", "illustration"), ("P1_TB4", "text"), ("P1_GE1", "graphic")]
    ill = v3_page.blocks[4]
    assert ill.box == pytest.approx((432, 144, 648, 360))
    assert flat(ill.polygon) == pytest.approx([432, 144, 648, 144, 648, 360, 432, 360])
    assert v3_page.blocks[6].box == pytest.approx((72, 432, 648, 432 + 10 * 72 / 254))


def test_source_image_file_name_is_kept_as_written(v3_page):
    assert v3_page.image_name == "\\\\SCANSTATION\\images\\0001.tif"


def test_v4_pixel_file(tmp_path):
    page = read(FIXTURES / "alto-v4" / "0001.xml")
    assert page.unit == "pixel" and (page.width, page.height) == (2000, 3000)
    w = words(page)
    assert [x.text for x in w] == ["NORTHERN", "LIGHTS", "Seen", "from", "Trom", "sø", "tonight."]
    assert w[0].box == pytest.approx((48, 48, 201.6, 76.8))
    assert (w[0].size_pt, w[0].bold, w[0].confidence) == (20.0, True, 0.98)
    assert [b.kind for b in page.blocks] == ["text", "text", "illustration"]


def test_missing_or_broken_numbers_do_not_stop_the_page():
    xml = TINY.format(ns="").replace('HPOS="254" VPOS="508" WIDTH="508"', 'HPOS="25x" VPOS="508"')
    xml = xml.replace('<String ID="S2" CONTENT="test" HPOS="812"', '<String ID="S2" CONTENT="test" HPOS=""')
    page = read_alto(xml.encode(), "broken-numbers.xml")
    w1, w2 = words(page)
    # an unreadable number counts as 0, a missing one too: the word keeps its place in the text
    assert (w1.text, w1.box) == ("Dialect", pytest.approx((0.0, 144.0, 0.0, 180.0)))
    assert (w2.text, w2.box) == ("test", pytest.approx((0.0, 144.0, 129.826, 180.0), abs=1e-3))
