"""Rules of Chinese text setting at the level of characters, tokens and line
costs: which class a character belongs to (Unicode block edges included),
how a paragraph is cut into tokens and glue, where the line rules let a line
break, how wide a line and a vertical column are, and what the paragraph
breaker prefers. Every expected value is written out here (characters,
classes, widths in em, line breaks); Latin advances are read from the bundled
font files with PyMuPDF, a second reader of the same fonts."""

from __future__ import annotations

import functools

import pymupdf
import pytest

import viewer.layout.text as text_module
from viewer.fonts import ROLE_FILES
from viewer.layout.text import (CONNECTOR, HAN, LATIN, SYMBOL, Metrics, can_break_before, char_kind, natural_width,
                                paragraph_options, set_paragraph, tokenize, vertical_extents)
from viewer.resources_path import FONT_DIR


@functools.cache
def _font(role: str) -> pymupdf.Font:
    return pymupdf.Font(fontfile=str(FONT_DIR / ROLE_FILES[role]))


def advance(text: str, role: str = "serif") -> float:
    """The design advance of ``text`` in em, as PyMuPDF reads it from the font file."""
    return sum(_font(role).glyph_advance(ord(c)) for c in text)


@pytest.fixture(autouse=True)
def fresh_classes(monkeypatch):
    """Each test classifies its characters afresh, whatever earlier tests cached."""
    monkeypatch.setattr(text_module, "_KIND_CACHE", {})


def _tk(text: str, role: str = "serif"):
    return tokenize([(text, role)])


def _lines(segments, width: float) -> list[str]:
    if isinstance(segments, str):
        segments = [(segments, "serif")]
    tk = tokenize(segments)
    out = []
    for ln in set_paragraph(tk, lambda i: width):
        out.append("".join((" " if tk.space[k] and k > ln.start else "") + tk.text[k] for k in range(ln.start, ln.end)))
    return out


# ------------------------------------------------------------ character classes

CLASSES = [
    # an em dash alone is a connector (—— is a token of its own)
    ("—", CONNECTOR),
    # Latin letters of Latin-1 and Latin Extended-A and -B, U+00C0 to U+024F
    ("X", LATIN), ("é", LATIN), ("\u00c0", LATIN), ("\u024f", LATIN),
    ("\u00bf", SYMBOL), ("±", SYMBOL), ("§", SYMBOL), ("\u0250", SYMBOL),
    # CJK Unified Ideographs and Extension A: U+3400 to U+9FFF
    ("\u33ff", SYMBOL), ("\u3400", HAN), ("中", HAN), ("\u9fff", HAN), ("\ua000", SYMBOL),
    # CJK Compatibility Ideographs: U+F900 to U+FAFF
    ("\uf8ff", SYMBOL), ("\uf900", HAN), ("\ufaff", HAN), ("\ufb00", SYMBOL),
    # kana are set in full cells like Han: U+3040 to U+30FF
    ("\u303f", SYMBOL), ("\u3040", HAN), ("あ", HAN), ("カ", HAN), ("\u30ff", HAN), ("\u3100", SYMBOL),
    # the Supplementary and Tertiary Ideographic Planes: Extensions B to J (G starts plane 3, J follows H)
    ("\U0001ffff", SYMBOL), ("\U00020000", HAN), ("\U0002a6df", HAN), ("\U0002ebf0", HAN),
    ("\U00030000", HAN), ("\U00030ede", HAN), ("\U000323af", HAN), ("\U000323b0", HAN), ("\U0003fffd", HAN),
    ("\U00040000", SYMBOL),
]


@pytest.mark.parametrize("ch, kind", CLASSES, ids=[f"U+{ord(c):04X}" for c, _ in CLASSES])
def test_character_classes_up_to_the_edges_of_their_unicode_blocks(ch, kind):
    assert char_kind(ch) == kind
    # the tokenizer agrees, and a Han character of any plane is one token one em wide
    tk = _tk("甲" + ch + "乙")
    assert tk.text == ["甲", ch, "乙"]
    assert tk.kind == [HAN, kind, HAN]
    if kind == HAN:
        assert tk.width[1] == 1.0


def test_the_biang_of_biangbiang_noodles_is_set_as_han():
    """U+30EDE (CJK Extension G, plane 3) between Han characters: no Han-Latin gap, breaks on both sides."""
    tk = _tk("一碗\U00030ede\U00030ede面")
    assert tk.kind == [HAN, HAN, HAN, HAN, HAN]
    assert tk.gap_nat == [0.0, 0.0, 0.0, 0.0, 0.0]
    assert _lines("一碗\U00030ede\U00030ede面", 2) == ["一碗", "\U00030ede\U00030ede", "面"]


def test_a_single_em_dash_is_a_connector_and_may_not_start_a_line():
    tk = _tk("甲—乙")
    assert tk.text == ["甲", "—", "乙"]
    assert tk.width == [1.0, 1.0, 1.0]
    assert _lines("甲乙丙丁戊己—庚辛壬癸", 6) == ["甲乙丙丁戊", "己—庚辛壬癸"]


# ------------------------------------------------------------ tokens

TOKENS = [
    ("X光片", ["X", "光", "片"]),
    ("{甲乙}丙", ["甲", "乙", "丙"]),
    ("“——”", ["“", "——", "”"]),
    ("他说——", ["他", "说", "——"]),
    ("甲—", ["甲", "—"]),
    ("等等……", ["等", "等", "……"]),
    ("…好", ["…", "好"]),
    ("零下-5度", ["零", "下", "-5", "度"]),
    ("X-ray", ["X-", "ray"]),
    ("COVID-19", ["COVID-", "19"]),
    ("公里/小时", ["公", "里", "/", "小", "时"]),
]


@pytest.mark.parametrize("text, tokens", TOKENS)
def test_tokens(text, tokens):
    assert _tk(text).text == tokens


def test_white_space_before_a_token_is_recorded_but_never_before_the_first():
    assert _tk("A B").space == [False, True]
    assert _tk(" 甲乙").space == [False, False]
    assert _tk("甲 乙 丙").space == [False, True, True]


def test_glue_word_spaces_and_the_han_latin_gap():
    # a word space is a third of an em, shrinks to a quarter, stretches to a half
    tk = _tk("A B")
    assert tk.gap_nat == pytest.approx([0.0, 1 / 3])
    assert tk.gap_shrink == pytest.approx([0.0, 1 / 12])
    assert tk.gap_stretch == pytest.approx([0.0, 1 / 6])
    # between Han characters there is no glue at all
    tk = _tk("甲乙丙")
    assert (tk.gap_nat, tk.gap_shrink, tk.gap_stretch) == ([0.0] * 3, [0.0] * 3, [0.0] * 3)
    # a quarter em between Han and Latin, none before the first token
    assert _tk("甲A").gap_nat == [0.0, 0.25]
    assert _tk("中文ABC").gap_nat == [0.0, 0.0, 0.25]
    # no space beside Chinese punctuation, even where the text has one
    assert _tk("好， OK").gap_nat == [0.0, 0.0, 0.0]
    assert _tk("OK （注）").gap_nat == [0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize("text, penalised", [
    ("甲乙丙", []),  # a break between Han characters costs nothing beyond the line
    ("iPhone手机", []),  # nor one beside a Latin word
    ("New York Times", []),
    ("in 2024 and", []),  # a figure followed by a Latin word
    ("甲～乙", []),  # after a connector between Han characters
    ("1990–今", []),  # after a dash that is not inside a Latin or digit run
    ("– see also", []),  # after a dash that opens the text
    ("X-ray", [1]),  # a Latin run broken after its hyphen
    ("1990–2000年", [2, 3]),  # a digit run broken after its en dash; 2000|年
    ("2024年", [1]),  # a figure and its unit stay together
    ("在2024年", [2]),
    ("5年", [1]),
    ("A4纸", [1]),
])
def test_breaks_that_cost_more_than_a_plain_break(text, penalised):
    tk = _tk(text)
    assert [k for k in range(len(tk)) if tk.penalty[k] > 0] == penalised


def test_two_kept_runs_side_by_side_may_be_parted():
    assert _lines("{甲乙丙}{丁戊己}", 4) == ["甲乙丙", "丁戊己"]


def test_a_kept_run_at_the_end_of_a_paragraph_stays_whole():
    assert _lines("甲乙丙丁戊己{陈思远}", 7) == ["甲乙丙丁戊己", "陈思远"]


def test_a_byline_name_after_plain_text_stays_whole():
    segs = [("本报记者", "serif"), ("陈思远", "serif", "byline"), ("报道", "serif")]
    assert _lines(segs, 5) == ["本报记者", "陈思远报道"]


# ------------------------------------------------------------ widths

def test_short_connector_interpunct_and_solidus_are_half_width_other_connectors_full():
    tk = _tk("甲／乙·丙–丁～戊—己")
    assert tk.text == ["甲", "／", "乙", "·", "丙", "–", "丁", "～", "戊", "—", "己"]
    assert tk.width == [1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0]


def test_a_mid_line_pause_mark_may_lose_only_its_blank_half():
    tk = _tk("甲，乙。丙）丁")
    assert tk.shrink == [0.0, 0.5, 0.0, 0.5, 0.0, 0.5, 0.0]


def test_a_symbol_takes_its_advance_but_never_less_than_a_quarter_em():
    tk = _tk("甲§|‚乙")
    assert tk.kind == [HAN, SYMBOL, SYMBOL, SYMBOL, HAN]
    assert advance("‚") < 0.25  # U+201A is narrower than a quarter em in the serif font
    assert tk.width[1:4] == pytest.approx([advance("§"), advance("|"), 0.25], abs=1e-3)
    assert tk.width[1:4] == pytest.approx([1.0, 0.316, 0.25], abs=1e-3)


def test_two_adjacent_marks_at_the_end_of_a_text_take_one_and_a_half_em():
    assert _tk("好。」").width == [1.0, 0.5, 1.0]


def test_an_opening_mark_after_an_opening_mark_loses_its_left_half():
    tk = _tk("“《Nature》”")
    assert tk.text == ["“", "《", "Nature", "》", "”"]
    assert [tk.width[k] for k in (0, 1, 3, 4)] == [1.0, 0.5, 0.5, 1.0]
    assert tk.trim_left == [0.0, 0.5, 0.0, 0.0, 0.0]


# ------------------------------------------------------------ line rules

@pytest.mark.parametrize("text, k, allowed", [
    ("，甲乙“", 0, True),  # a paragraph's start and end are always breaks
    ("，甲乙“", 4, True),
    ("甲，乙", 1, False),  # a comma may not start a line
    ("甲乙，", 1, True),
    ("零下-5度", 2, False),  # a hyphen (or minus) may not start a line
    ("甲乙XYZ", 2, True),  # a Latin word may
    ("公里/小时", 2, False),  # a solidus may neither start
    ("公里/小时", 3, False),  # nor end a line
    ("每km/时", 2, False),  # nor end one as the end of a Latin run
    ("km/h时", 1, True),
])
def test_where_the_line_rules_let_a_line_break(text, k, allowed):
    assert can_break_before(_tk(text), k) is allowed


def test_a_comma_does_not_start_a_line_even_in_a_two_character_column():
    assert _lines("甲，乙丙丁戊己庚", 2) == ["甲，", "乙丙", "丁戊", "己庚"]


# ------------------------------------------------------------ natural width

def test_natural_width_of_a_line():
    assert natural_width(_tk("甲乙丙")) == 3.0
    assert natural_width(_tk("甲，")) == 1.5  # its end mark at half width
    assert natural_width(_tk("好。」")) == 2.0  # 。」 at the end: 1 em together
    assert natural_width(_tk("甲，乙"), 2, 2) == 0.0  # no tokens, no width
    assert natural_width(_tk("")) == 0.0
    assert natural_width(_tk("甲A")) == pytest.approx(1.0 + 0.25 + advance("A"), abs=1e-3)
    assert natural_width(_tk("甲AB乙"), 1, 3) == pytest.approx(advance("AB") + 0.25 + 1.0, abs=1e-3)


def test_vertical_extents():
    tk = _tk("甲AB，ABC——……好…")
    assert tk.text == ["甲", "AB", "，", "ABC", "——", "……", "好", "…"]
    # one cell for a character, a mark, or two Latin letters side by side (纵中横);
    # a longer run is turned and takes its width plus a quarter em; —— and …… take two cells
    assert vertical_extents(tk) == pytest.approx([1.0, 1.0, 1.0, advance("ABC") + 0.25, 2.0, 2.0, 1.0, 1.0],
                                                abs=1e-3)


# ------------------------------------------------------------ metrics

def test_a_fresh_metrics_measures_glyphs_from_the_bundled_fonts():
    gid, adv = Metrics().glyph("serif", "中")
    assert gid > 0 and adv == pytest.approx(1.0, abs=1e-3)
    m = Metrics()
    assert m.table("serif") == {}  # nothing prepared yet
    gid, adv = m.glyph("serif", "中")
    assert gid > 0 and adv == pytest.approx(1.0, abs=1e-3)
    assert m.width("serif", "中文") == pytest.approx(2.0, abs=1e-3)
    assert m.width("sans_bold", "Herald") == pytest.approx(advance("Herald", "sans_bold"), abs=1e-3)
    assert set(m.table("serif")) == {"中", "文"}
    tk = tokenize([("Herald报", "kai")], Metrics())
    assert tk.width[0] == pytest.approx(advance("Herald", "kai"), abs=1e-3)


# ------------------------------------------------------------ the paragraph breaker

def test_word_spaces_shrink_to_a_quarter_em_before_a_word_is_pushed_on():
    # at natural spacing the first four words are too wide for 9 em, with quarter-em spaces they fit
    assert advance("bymanypeoplein") + 3 / 3 > 9.0 >= advance("bymanypeoplein") + 3 / 4
    assert _lines("by many people in the city", 9) == ["by many people in", "the city"]
    # eight words, seven spaces: 0.91 em too wide at natural spacing; quarter-em spaces take 0.58 em
    # out, every gap closing up by 0.05 em the rest (closing up alone would be 0.13 em a gap)
    assert advance("thenewsofthedayisreadby") + 7 / 3 == pytest.approx(14.91, abs=0.01)
    tk = _tk("the news of the day is read by many")
    first = set_paragraph(tk, lambda i: 14)[0]
    assert (first.start, first.end) == (0, 8)
    spaces = [first.x[i] - first.x[i - 1] - first.w[i - 1] for i in range(1, 8)]
    assert spaces == pytest.approx([0.25 - 0.047] * 7, abs=0.002)


def test_a_mark_that_may_not_start_a_line_is_squeezed_in_on_the_first_line():
    """先挤进，后推出: the first line takes in the comma by setting its mid-line comma half width."""
    assert _lines("甲，乙丙，丁戊己", 4) == ["甲，乙丙，", "丁戊己"]


def _cost(text: str, width: float) -> float:
    opts = paragraph_options(_tk(text), [width], spread=0.0, limit=1)
    return next(iter(opts.values())).cost


def _squeezes(a: str, b: str) -> str:
    """Two 7-em lines, each of which must take in a comma by squeezing its mid-line mark a, then b."""
    return f"甲{a}乙丙丁戊己，庚{b}辛壬子丑寅，卯辰巳"


def test_closing_brackets_are_squeezed_before_pause_marks():
    pairs = (("）", "）"), ("）", "，"), ("，", "）"), ("，", "，"))
    bb, bc, cb, cc = (_cost(_squeezes(a, b), 7) for a, b in pairs)
    assert bb < bc < cc
    assert bc == pytest.approx(cb)  # a squeeze costs the same on every line


def test_a_squeeze_costs_the_same_on_the_first_line_as_on_the_second():
    first = _cost("甲乙丙）丁戊己，庚辛壬癸子丑寅卯辰巳", 7)
    second = _cost("庚辛壬癸子丑寅甲乙丙）丁戊己，卯辰巳", 7)
    assert first == pytest.approx(second)


def test_two_squeezed_brackets_cost_less_than_a_bracket_and_a_comma():
    # the first line must take in "，”" (1 em at its end) by squeezing two mid-line marks
    two_brackets = _cost("甲）乙）丙丁戊，”己庚辛", 7)
    bracket_and_comma = _cost("甲）乙，丙丁戊，”己庚辛", 7)
    assert two_brackets < bracket_and_comma


def test_the_letters_of_a_lone_word_share_a_short_line_as_gaps_between_han_do():
    """Five letters short by half an em cost what five Han characters short by half an em cost."""
    word = "abcde"
    latin = paragraph_options(_tk(word + "甲乙丙"), [advance(word) + 0.5, 20.0], spread=0.0, limit=1)
    han = paragraph_options(_tk("甲乙丙丁戊己庚辛"), [5.5, 20.0], spread=0.0, limit=1)
    (lat,), (hn,) = latin.values(), han.values()
    assert lat.lines == ((0, 1), (1, 4))
    assert hn.lines == ((0, 5), (5, 8))
    assert lat.cost == pytest.approx(hn.cost, abs=0.5)


def test_a_word_wider_than_the_column_goes_on_a_line_of_its_own():
    url = "https://www.example.org/news/2025"
    assert _lines("详见" + url, 4) == ["详见", url]
    assert _lines("甲乙丙丁戊己详见" + url, 6) == ["甲乙丙丁戊己", "详见", url]
