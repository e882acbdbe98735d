"""The layout's font metrics (viewer.typefaces, read from the font tables)
equal Qt's QRawFont's at the reference size, value for value: glyph
indexes, advances (Qt's 1/64 px included), ink boxes, ascent, descent and
coverage. tools/check_metrics.py compares every code point and glyph; this
checks a sample of each role: Chinese, Latin, figures, punctuation, the
vertical forms, spaces and characters the fonts lack."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QRawFont

from viewer.fonts import raw_font
from viewer.typefaces import REFERENCE_PX, ROLES, missing_chars, typeface

SAMPLE = ("中国高新技术产业导报要闻工信部部署年十大重点工作龘鬱"  # Chinese
          "HeraldCHINAhigh-techWfijgqy"  # Latin
          "0123456789%‰№"  # figures and signs
          "，。、：；！？“”‘’《》〈〉（）【】「」『』—…·～／－–-.,;:!?'\"()[]"  # punctuation
          "︵︶﹃﹄﹁﹂︱︙︽︾"  # vertical forms
          " \u3000\u00a0\t\u200b"  # spaces
          "𠀀\U0002a6a5\ue000\ufffd")  # not in the fonts


@pytest.mark.parametrize("role", ROLES)
def test_metrics_equal_qrawfonts(role):
    qt, face = raw_font(role), typeface(role)
    px = REFERENCE_PX
    glyphs = qt.glyphIndexesForString(SAMPLE)
    assert [face.glyph_index(ch) for ch in SAMPLE] == glyphs
    advances = qt.advancesForGlyphIndexes(glyphs, QRawFont.LayoutFlag.UseDesignMetrics)
    assert [face.advance(g) for g in glyphs] == [a.x() / px for a in advances]
    boxes = [qt.boundingRect(g) for g in glyphs]
    assert [face.ink_box(g) for g in glyphs] == [(r.left() / px, r.top() / px, r.right() / px, r.bottom() / px)
                                                  for r in boxes]
    assert [face.covers(ch) for ch in SAMPLE] == [qt.supportsCharacter(ord(ch)) for ch in SAMPLE]
    assert (face.ascent, face.descent) == (qt.ascent() / px, qt.descent() / px)


def test_the_sample_reaches_the_hard_cases():
    """What the comparison above would catch: a glyph the fonts lack, the
    space glyph a tab falls back to, an em advance Qt truncates to 1/64 px,
    and outlines of both kinds (TrueType in Kai, CFF in the others)."""
    serif = typeface("serif")
    assert serif.glyph_index("𠀀") == 0 and serif.glyph_index("\t") == serif.glyph_index(" ") != 0
    assert serif.advance(serif.glyph_index("中")) == 0.99984375  # 1,000 units: 6399/64 px, not 100
    assert typeface("kai").table("glyf") and serif.table("CFF ")
    assert serif.ink_box(serif.glyph_index("，"))[2] > 0


def test_missing_chars_reads_the_cmaps():
    assert missing_chars("头条𠀀龘标题，。ABC 123\u200b") == "𠀀龘"
    assert missing_chars("Herald", "kai") == ""
    assert missing_chars("\ue000\ue000𠀀") == "\ue000𠀀"


def test_missing_chars_keeps_each_roles_verdict_apart():
    """A character's verdict is remembered per role and fallback: asking
    in one order or the other gives each role its own answer, and a text
    whose characters were all seen in other texts gives the same answer as
    the font's cmap."""
    # œ is not in the Chinese serif; the Latin fallback has it
    assert missing_chars("aœ", "serif") == "œ"
    assert missing_chars("œa", "serif", fallback=True) == ""
    assert missing_chars("œ", "serif") == "œ"
    assert missing_chars("中œ") == "œ"
    assert missing_chars("中œ龘", "kai") == "".join(c for c in "中œ龘" if not typeface("kai").covers(c))



def test_the_window_registers_its_interface_font_first_and_the_page_fonts_when_a_page_is_drawn(tmp_path):
    """A window registers the interface's sans at start; the page fonts
    (serif, kai, the Latin serif, symbols) are added when a page is first
    drawn, and the page drawn then uses them: its ink equals a page drawn
    with every font registered from the start."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from PySide6.QtGui import QFontDatabase\n"
        "from viewer.ui.app import create_app\n"
        "from viewer.fonts import register_fonts\n"
        "from viewer.issue import open_issue\n"
        "from viewer.render.paint import render_image\n"
        "from viewer.resources_path import BUNDLED_ISSUE\n"
        "create_app()\n"
        "if sys.argv[1] == 'all':\n"
        "    register_fonts()\n"
        "print(sorted(f for f in QFontDatabase.families() if f.startswith('Herald')))\n"
        "img = render_image(open_issue(BUNDLED_ISSUE).layout([1]).pages[0], dpi=40)\n"
        "print(sorted(f for f in QFontDatabase.families() if f.startswith('Herald')))\n"
        "img.save(sys.argv[2])\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HERALD_CACHE_DIR=str(tmp_path / "cache"))
    out = {}
    for how in ("lazy", "all"):
        proc = subprocess.run([sys.executable, "-c", script, how, str(tmp_path / f"{how}.png")], env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        out[how] = proc.stdout.splitlines()
    every = ["Herald Kai", "Herald Sans SC", "Herald Serif LGC", "Herald Serif SC", "Herald Symbols"]
    assert out["lazy"] == [str(["Herald Sans SC"]), str(every)]
    assert out["all"] == [str(every), str(every)]
    from PySide6.QtGui import QImage

    assert QImage(str(tmp_path / "lazy.png")) == QImage(str(tmp_path / "all.png"))
