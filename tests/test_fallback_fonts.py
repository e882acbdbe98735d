"""Pages rebuilt from a library's OCR draw what the Chinese fonts lack with
the bundled fallback fonts (Herald Serif LGC, Herald Symbols): the œ of the
Luxemburger Zeitung of 1858, ►, polytonic Greek, Ukrainian and Serbian
Cyrillic are glyphs on screen and in the exported PDF, not boxes; a
character no bundled font has is named in a warning."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from viewer.issue import open_issue
from viewer.layout.values import GlyphRun
from viewer.mupdf import load_pymupdf
from viewer.render.paint import PaintOptions, paint_page
from viewer.typefaces import FALLBACKS, drawn_by, missing_chars, typeface

DATA = Path(__file__).resolve().parent / "data"
LUXZEIT = DATA / "bnl-luxzeit-1858-12-07"
DPI = 600


@pytest.fixture(scope="module")
def luxzeit():
    issue = open_issue(LUXZEIT)
    return issue, issue.layout([2, 3])


def fallback_runs(page, ch: str):
    """(line, run) of each run on the page that draws ``ch``."""
    return [(ln, r) for ln in page.lines for r in ln.runs if ch in r.text]


def run_box(run: GlyphRun) -> tuple[float, float, float, float]:
    """The points a run's glyphs take: their advances, a size above the
    baseline and a third below."""
    x0, y = run.positions[0]
    table = [typeface(run.role).advance(g) for g in run.glyphs]
    x1 = run.positions[-1][0] + table[-1] * run.size_pt * run.x_scale
    return x0 - 0.5, y - run.size_pt, x1 + 0.5, y + run.size_pt / 3


def tofu(run: GlyphRun) -> GlyphRun:
    """The run as the serif alone draws it: its box (.notdef) for each glyph."""
    return dataclasses.replace(run, role="serif", glyph_data=bytes(len(run.glyph_data)))


def one_line(page, line):
    """The page with nothing on it but ``line``."""
    return dataclasses.replace(page, lines=(line,), boxes=(), images=(), articles=(), rules=())


def with_boxes(line, run):
    """The line with ``run`` drawn as boxes."""
    return dataclasses.replace(line, runs=tuple(tofu(r) if r is run else r for r in line.runs))


def render_area(page, line, box, dpi: float = DPI) -> QImage:
    """``line`` alone on the page, the area ``box`` (points) at ``dpi``."""
    k = dpi / 72
    x0, y0, x1, y1 = box
    img = QImage(math.ceil((x1 - x0) * k), math.ceil((y1 - y0) * k), QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    one = one_line(page, line)
    p = QPainter(img)
    p.scale(k, k)
    p.translate(-x0, -y0)
    paint_page(p, one, PaintOptions(ocr_overlay=True))
    p.end()
    return img


def grey(img: QImage) -> list[int]:
    return [QColor(img.pixel(x, y)).lightness() for y in range(img.height()) for x in range(img.width())]


def differ(a: list[int], b: list[int]) -> float:
    """The share of pixels that one has inked and the other not."""
    return sum((u < 128) != (v < 128) for u, v in zip(a, b)) / len(a)


def assert_drawn_not_boxed(page, line, run) -> list[int]:
    """The run is ink on the page, and not the ink of its boxes."""
    box = run_box(run)
    mine = grey(render_area(page, line, box))
    theirs = grey(render_area(page, with_boxes(line, run), box))
    assert sum(v < 128 for v in mine) > 0.03 * len(mine), run.text
    assert sum(v < 128 for v in theirs) > 0.01 * len(theirs)  # the box is drawn: a fair reference
    assert differ(mine, theirs) > 0.05, f"{run.text!r} looks like the box"
    return mine


# ------------------------------------------------------------ the fonts


def test_the_fallbacks_have_what_the_ocr_of_european_papers_needs():
    for ch in "œŒſłőŕ€₤№™⅓Ἀῆΐїєђћ↑→⇒∑≈►■●◆★☞☛✓✠❧ﬁ⸗":
        assert missing_chars(ch, "serif", fallback=True) == "", ch
        assert missing_chars(ch, "serif_bold", fallback=True) == "", ch
    # the Chinese serif keeps what it has (Latin-1, GB 2312's Greek and Cyrillic) ...
    assert [drawn_by("serif", c) for c in "aé中ΩЖ"] == ["serif"] * 5
    # ... and its fallbacks draw the rest, Latin and Greek before the symbols
    assert [drawn_by("serif", c) for c in "œἈї►☞"] == ["serif_lgc"] * 3 + ["symbols"] * 2
    assert [drawn_by("serif_bold", c) for c in "œ►"] == ["serif_lgc_bold", "symbols"]
    assert drawn_by("serif", "\U00010380") == "serif"  # none has it: the serif's box
    assert FALLBACKS["serif"] == ("serif_lgc", "symbols")
    # a typeset page uses the role's font alone, and validate says so
    assert missing_chars("cœur ►") == "œ►"


def test_the_fallback_fonts_are_small_and_licensed():
    from viewer.resources_path import FONT_DIR

    sizes = {f: (FONT_DIR / f).stat().st_size for f in
             ("HeraldSerifLGC-Regular.ttf", "HeraldSerifLGC-Bold.ttf", "HeraldSymbols-Regular.ttf")}
    assert sum(sizes.values()) < 600_000, sizes
    ofl = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    for name in sizes:
        assert name in ofl
    assert "NotoSerif-Regular.ttf (Noto Serif Regular, version 2.004)" in ofl
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl


# ------------------------------------------------------------ the Luxemburger Zeitung


def test_the_luxemburger_zeitung_has_no_box_and_no_warning(luxzeit):
    issue, layout = luxzeit
    assert [p.where for p in issue.check() if "bundled font" in p.message] == []
    for page in layout.pages:
        assert all(0 not in r.glyphs for ln in page.lines for r in ln.runs), page.number
    runs = fallback_runs(layout.page(2), "œ")
    assert sum(r.text.count("œ") for _, r in runs) == 10
    oe = typeface("serif_lgc").glyph_index("œ")
    assert oe and all(r.role == "serif_lgc" and oe in r.glyphs for _, r in runs)
    # "cœur": three runs, two fonts, one word
    line = next(ln for ln, r in runs if "cœur" in ln.text)
    at = next(i for i, r in enumerate(line.runs) if r.text == "œ")
    assert (line.runs[at - 1].text[-1], line.runs[at + 1].text[0]) == ("c", "u")
    assert line.runs[at - 1].role == line.runs[at + 1].role == "serif"


def test_the_oe_of_the_luxemburger_zeitung_is_drawn(luxzeit):
    _, layout = luxzeit
    page = layout.page(2)
    for line, run in fallback_runs(page, "œ")[:3]:
        assert_drawn_not_boxed(page, line, run)


def test_the_pointing_triangle_of_page_3_is_drawn(luxzeit):
    _, layout = luxzeit
    page = layout.page(3)
    ((line, run),) = fallback_runs(page, "►")
    assert run.role == "symbols" and run.text == "►"
    assert_drawn_not_boxed(page, line, run)


def test_the_exported_pdf_embeds_the_fallback_and_keeps_the_oe(luxzeit, tmp_path):
    from PIL import Image

    from viewer.export.pdf import export_issue_pdf
    from viewer.export.sheets import Sheet
    from viewer.export.writing import write_pdf

    issue, layout = luxzeit
    target = tmp_path / "p2.pdf"
    export_issue_pdf(issue, layout, target, [2])
    page = layout.page(2)
    with load_pymupdf().open(str(target)) as doc:
        text = doc[0].get_text()
        assert text.count("œ") == 10
        for word in ("cœur", "cœurs", "vœux", "désœuvrement", "nœuds"):
            assert word in text, word
        fonts = {f[3] for f in doc[0].get_fonts()}
        assert any(f.endswith("+HeraldSerifLGC-Regular") for f in fonts), fonts
    # the PDF shows what the screen shows: œ, not its box
    for line, run in fallback_runs(page, "œ")[:2]:
        box = run_box(run)
        screen = assert_drawn_not_boxed(page, line, run)
        boxed = grey(render_area(page, with_boxes(line, run), box))
        size = render_area(page, line, box).size()
        alone = tmp_path / "line.pdf"
        write_pdf([Sheet(one_line(page, line), (0.0, 0.0, page.width_pt, page.height_pt))], alone)
        with load_pymupdf().open(str(alone)) as doc:
            pix = doc[0].get_pixmap(dpi=DPI, clip=box)
            img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples).convert("L")
        pdf = list(img.resize((size.width(), size.height())).tobytes())
        assert differ(pdf, screen) < differ(pdf, boxed) / 2


# ------------------------------------------------------------ other alphabets and signs


def alto(words: list[str]) -> str:
    """A page of ALTO v2 in 1/1200 inch: each word on a line of its own."""
    lines = []
    for i, w in enumerate(words):
        y = 1200 + 700 * i
        width = 400 * len(w)
        lines.append(f'<TextLine ID="L{i}" HPOS="1200" VPOS="{y}" WIDTH="{width}" HEIGHT="500">'
                     f'<String ID="S{i}" CONTENT="{w}" HPOS="1200" VPOS="{y}" WIDTH="{width}" HEIGHT="500"/>'
                     "</TextLine>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<alto xmlns="http://www.loc.gov/standards/alto/ns-v2#">'
            "<Description><MeasurementUnit>inch1200</MeasurementUnit></Description>"
            '<Layout><Page ID="P1" WIDTH="10200" HEIGHT="13200"><PrintSpace HPOS="0" VPOS="0" WIDTH="10200" '
            'HEIGHT="13200"><TextBlock ID="B1" HPOS="1200" VPOS="1200" WIDTH="8000" HEIGHT="11000">'
            + "".join(lines) + "</TextBlock></PrintSpace></Page></Layout></alto>\n")


WORDS = ["Ἀθῆναι", "ἐφημερίς", "Київ", "Україна", "Ђурђевдан", "►", "☞", "✠", "cœur"]


def test_greek_cyrillic_and_signs_are_drawn(tmp_path):
    (tmp_path / "page-1.xml").write_text(alto(WORDS), encoding="utf-8")
    issue = open_issue(tmp_path)
    assert [p for p in issue.check() if "bundled font" in p.message] == []
    page = issue.layout().page(1)
    lines = {ln.text: ln for ln in page.lines if ln.kind == "ocr"}
    assert list(lines) == WORDS
    for word, line in lines.items():
        assert all(0 not in r.glyphs for r in line.runs), word
        for run in line.runs:
            if run.role != "serif":
                assert_drawn_not_boxed(page, line, run)
    assert {r.role for ln in lines.values() for r in ln.runs} == {"serif", "serif_lgc", "symbols"}


def test_a_character_no_font_has_is_a_warning_naming_it_and_the_page(tmp_path):
    from viewer.messages import Msg

    words = ["Ugarit", "\U00010380\U00010381", "mark\ue000", "\U00010380", "cœur"]
    (tmp_path / "page-1.xml").write_text(alto(["fine"]), encoding="utf-8")
    (tmp_path / "page-2.xml").write_text(alto(words), encoding="utf-8")
    issue = open_issue(tmp_path)
    (warning,) = [p for p in issue.check() if "bundled font" in p.message]
    assert warning.severity == "warning"
    assert str(warning) == ("page-2.xml: warning: page 2 (rebuilt from the OCR): characters no bundled font has, "
                            "drawn as boxes: 𐎀 (U+10380) 𐎁 (U+10381) U+E000")
    assert isinstance(warning.message, Msg)
    assert warning.message.translated("zh") == ("第 2 版（由 OCR 重建）：自带字体都没有这些字符，显示为方框："
                                                   "𐎀 (U+10380) 𐎁 (U+10381) U+E000")
    # validate lists it and the issue stays valid
    assert warning in issue.validate()
    assert not [p for p in issue.validate() if p.severity == "error"]


def test_a_word_in_two_fonts_over_a_scan_is_one_word_of_the_pdf_text_layer(tmp_path):
    """Over a scan the words are invisible text the export writes itself: a
    word drawn in two fonts is still one word there."""
    from viewer.export.pdf import export_issue_pdf

    src = DATA / "fixtures" / "alto-v4"
    (tmp_path / "0001.png").write_bytes((src / "0001.png").read_bytes())
    xml = (src / "0001.xml").read_text(encoding="utf-8")
    (tmp_path / "0001.xml").write_text(xml.replace('CONTENT="Seen"', 'CONTENT="Sœen►"'), encoding="utf-8")
    issue = open_issue(tmp_path)
    layout = issue.layout()
    (line,) = [ln for ln in layout.page(1).lines if "Sœen►" in ln.text]
    assert [r.role for r in line.runs[:4]] == ["serif", "serif_lgc", "serif", "symbols"]
    target = tmp_path / "out.pdf"
    export_issue_pdf(issue, layout, target)
    with load_pymupdf().open(str(target)) as doc:
        words = [w[4] for w in doc[0].get_text("words")]
    assert "Sœen►" in words and "from" in words


def test_the_reader_pane_font_falls_back_to_the_same_fonts():
    from PySide6.QtGui import QTextLayout

    from viewer.fonts import qfont

    for role in ("serif", "serif_bold"):
        tl = QTextLayout("cœur ► Київ 中", qfont(role, 12))
        tl.beginLayout()
        tl.createLine()
        tl.endLayout()
        runs = {r.rawFont().familyName(): list(r.glyphIndexes()) for r in tl.glyphRuns()}
        assert set(runs) == {"Herald Serif SC", "Herald Serif LGC", "Herald Symbols"}, role
        assert all(0 not in g for g in runs.values())


def test_the_windows_problems_panel_lists_the_warning_in_chinese(tmp_path, ui_settings):
    from viewer.ui.document import IssueDocument
    from viewer.ui.messages import problem_text

    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "page-1.xml").write_text(alto(["Ugarit", "\U00010380"]), encoding="utf-8")
    doc = IssueDocument(open_issue(folder))
    (warning,) = [p for p in doc.check() if "bundled font" in p.message]
    assert problem_text(warning) == "page-1.xml：警告：第 1 版（由 OCR 重建）：自带字体都没有这些字符，显示为方框：𐎀 (U+10380)"
