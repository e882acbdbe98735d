"""Rules of the paragraph breaker, justification and ragged (headline) breaking,
each checked on a crafted line with its expected widths, positions, breaks or
costs written out here: Han characters are 1 em, a word space is 1/3 em and
may close to 1/4 em, a line may close up each gap by at most 0.06 em, a
full-width mark at a line's end is set half width. Costs are those the module
documents (COST_LINE 10 a line, COST_WORD_SHRINK 20, COST_TIGHTEN 150 plus 4 ×
COST_STRETCH 4000 × the square of the close-up, COST_SQUEEZE 350 a mark,
COST_SQUEEZE_BRACKET 120 a closing bracket, COST_STRETCH 4000 × the square of
the stretch per gap, COST_LETTERSPACED 400 from 0.095 em a gap, COST_LOOSE
20000, COST_SHORT_LAST 460)."""

from __future__ import annotations

import pytest

from viewer.layout.text import (ParagraphOption, balanced_breaks, best_breaks, justify, natural_width,
                                paragraph_options, set_paragraph, shorten, tokenize)


def _tk(text: str):
    return tokenize([(text, "serif")])


def _texts(tk, ranges) -> list[str]:
    return ["".join(tk.text[a:b]) for a, b in ranges]


# ------------------------------------------------------------ shorten


@pytest.mark.parametrize("need, gaps, brackets, marks, expected", [
    # one gap may close up by as much as 0.06 em
    (0.05, 1, 0, 0, (150 + 16000 * 0.05 ** 2, 0.05, 0)),
    (0.06, 1, 0, 0, (207.6, 0.06, 0)),
    # exactly 0.06 em a gap is still allowed
    (0.12, 2, 0, 0, (207.6, 0.06, 0)),
    (0.13, 2, 0, 0, None),
    # no gap to close up and no mark: it cannot be done
    (0.2, 0, 0, 0, None),
    # a mark gives up half an em: one mark takes in up to 0.5 em, two up to 1 em
    (0.5, 0, 0, 1, (350.0, 0.0, 1)),
    (0.5, 0, 0, 2, (350.0, 0.0, 1)),
    (0.51, 0, 0, 2, (700.0, 0.0, 2)),
    (0.51, 0, 0, 1, None),
    # a closing bracket goes first, and costs less than a pause mark
    (0.5, 0, 1, 1, (120.0, 0.0, 1)),
    (0.9, 0, 1, 2, (470.0, 0.0, 2)),
    (1.0, 0, 2, 2, (240.0, 0.0, 2)),
    # a bracket's half is cheaper than closing up ten gaps by 0.03 em (164.4)
    (0.3, 10, 1, 1, (120.0, 0.0, 1)),
    # closing up 0.03 em ten times is cheaper than squeezing a pause mark
    (0.3, 10, 0, 1, (164.4, 0.03, 0)),
])
def test_shorten_takes_the_cheapest_of_closing_up_and_squeezing(need, gaps, brackets, marks, expected):
    got = shorten(need, gaps, brackets, marks)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert got[0] == pytest.approx(expected[0])
        assert got[1] == pytest.approx(expected[1])
        assert got[2] == expected[2]


# ------------------------------------------------------------ justify


def test_a_line_that_fits_keeps_every_box_at_its_natural_place():
    tk = _tk("（甲乙丙")
    ln = justify(tk, 0, 4, 4.0, last=False)
    # an opening mark at the start of a justified line keeps its full width
    assert ln.w == (1.0, 1.0, 1.0, 1.0)
    assert ln.shift == (0.0, 0.0, 0.0, 0.0)
    assert ln.x == (0.0, 1.0, 2.0, 3.0)
    assert ln.track == (0.0, 0.0, 0.0, 0.0)
    assert ln.width == 4.0


@pytest.mark.parametrize("text, w, shift, x, width", [
    # the opening mark of a ragged line loses its blank (left) half
    ("（甲乙）", (0.5, 1.0, 1.0, 0.5), (0.5, 0.0, 0.0, 0.0), (0.0, 0.5, 1.5, 2.5), 3.0),
    ("“甲”", (0.5, 1.0, 0.5), (0.5, 0.0, 0.0), (0.0, 0.5, 1.5), 2.0),
    ("《", (0.5,), (0.5,), (0.0,), 0.5),
    # only an opening mark: a character keeps its box
    ("甲（乙）", (1.0, 1.0, 1.0, 0.5), (0.0, 0.0, 0.0, 0.0), (0.0, 1.0, 2.0, 3.0), 3.5),
])
def test_trim_start_removes_the_blank_half_of_a_leading_opening_mark(text, w, shift, x, width):
    tk = _tk(text)
    ln = justify(tk, 0, len(tk), 10.0, last=True, trim_start=True)
    assert ln.w == w
    assert ln.shift == shift
    assert ln.x == x
    assert ln.width == width


def test_trim_start_with_a_narrow_token_after_the_opening_mark():
    tk = _tk("（1")
    ln = justify(tk, 0, 2, 10.0, last=True, trim_start=True)
    assert ln.w[0] == 0.5 and ln.shift[0] == 0.5
    assert ln.x[1] == 0.5


def test_a_paragraphs_last_line_is_set_flush_left_at_natural_spacing():
    tk = _tk("甲乙丙")
    ln = justify(tk, 0, 3, 10.0, last=True)
    assert ln.x == (0.0, 1.0, 2.0)
    assert ln.width == 3.0


@pytest.mark.parametrize("prefix", ["", "子丑寅"])
def test_word_spaces_close_to_a_quarter_em_before_anything_else(prefix):
    # 甲 乙 丙: 3 em of characters and two 1/3 em spaces, on 3.5 em: each space becomes 1/4 em
    tk = _tk(prefix + "甲 乙 丙")
    s = len(prefix)
    ln = justify(tk, s, s + 3, 3.5, last=False)
    assert ln.x == pytest.approx((0.0, 1.25, 2.5))
    assert ln.w == (1.0, 1.0, 1.0)
    assert ln.width == pytest.approx(3.5)


@pytest.mark.parametrize("prefix", ["", "子丑寅"])
def test_a_closing_bracket_gives_up_part_of_its_blank_rather_than_every_gap_closing_up(prefix):
    # 6 em on 5.9 em: the bracket loses 0.1 em (cost 120) rather than five gaps 0.02 em each (156.4)
    tk = _tk(prefix + "甲乙丙丁」戊")
    s = len(prefix)
    ln = justify(tk, s, s + 6, 5.9, last=False)
    assert ln.w == pytest.approx((1.0, 1.0, 1.0, 1.0, 0.9, 1.0))
    assert ln.x == pytest.approx((0.0, 1.0, 2.0, 3.0, 4.0, 4.9))
    assert ln.width == pytest.approx(5.9)


def test_a_line_without_squeezable_marks_closes_up_all_its_gaps():
    tk = _tk("甲乙丙丁戊己")
    ln = justify(tk, 0, 6, 5.9, last=False)
    assert ln.w == (1.0,) * 6
    assert ln.x == pytest.approx((0.0, 0.98, 1.96, 2.94, 3.92, 4.9))


def test_closing_brackets_are_squeezed_before_pause_marks():
    # 甲」乙，丙 is 5 em; on 4.5 em the bracket, not the comma, gives up its half
    tk = _tk("甲」乙，丙")
    ln = justify(tk, 0, 5, 4.5, last=False)
    assert ln.w == (1.0, 0.5, 1.0, 1.0, 1.0)
    assert ln.x == (0.0, 1.0, 1.5, 2.5, 3.5)


def test_pause_marks_are_squeezed_before_stops_from_the_lines_end_back():
    # 甲。乙，丙，丁 is 7 em; on 6.5 em the later comma gives up its half
    tk = _tk("甲。乙，丙，丁")
    ln = justify(tk, 0, 7, 6.5, last=False)
    assert ln.w == (1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 1.0)


def test_a_han_character_is_never_narrowed_even_when_a_line_stays_too_long():
    # a comma before the line does not belong to it: 乙丙丁 on 2.5 em stays 3 em wide
    tk = _tk("甲，乙丙丁")
    ln = justify(tk, 2, 5, 2.5, last=False)
    assert ln.w == (1.0, 1.0, 1.0)
    assert ln.x == (0.0, 1.0, 2.0)


@pytest.mark.parametrize("prefix", ["", "子丑寅"])
def test_stretch_avoids_the_gaps_beside_a_connector(prefix):
    # 甲乙～丙丁 on 6 em: the extra em goes to 甲|乙 and 丙|丁 only, ～ stays close to its neighbours
    tk = _tk(prefix + "甲乙～丙丁")
    s = len(prefix)
    ln = justify(tk, s, s + 5, 6.0, last=False)
    assert ln.x == pytest.approx((0.0, 1.5, 2.5, 3.5, 5.0))
    assert ln.w == (1.0,) * 5
    assert ln.track == (0.0,) * 5


def test_when_every_gap_touches_a_connector_all_gaps_stretch():
    tk = _tk("甲～乙")
    ln = justify(tk, 0, 3, 4.0, last=False)
    assert ln.x == pytest.approx((0.0, 1.5, 3.0))


def test_a_dash_is_not_letter_spaced_on_a_loose_line():
    # 甲——乙 on 6 em: 2 em over two gaps, one em each; the dash keeps its 2 em
    tk = _tk("甲——乙")
    ln = justify(tk, 0, 3, 6.0, last=False)
    assert ln.w == (1.0, 2.0, 1.0)
    assert ln.x == pytest.approx((0.0, 2.0, 5.0))
    assert ln.track == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("prefix", ["", "子丑"])
def test_a_latin_word_alone_on_a_line_shares_the_space_among_its_letters(prefix):
    # "abc" has two letter gaps: each takes half of what the line lacks
    tk = _tk(prefix + " abc")
    s = len(prefix)
    natural = tk.width[s]
    ln = justify(tk, s, s + 1, 3.0, last=False)
    assert ln.track == pytest.approx(((3.0 - natural) / 2,))
    assert ln.w == pytest.approx((3.0,))


@pytest.mark.parametrize("prefix", ["", "子丑寅"])
def test_on_a_loose_line_the_letters_of_a_latin_word_share_the_space_with_the_gaps(prefix):
    # two gaps and the two letter gaps of abc share 2 em: half an em each
    tk = _tk(prefix + "甲abc乙")
    s = len(prefix)
    natural = 2.0 + tk.width[s + 1] + 0.5
    ln = justify(tk, s, s + 3, natural + 2.0, last=False)
    assert ln.track == pytest.approx((0.0, 0.5, 0.0))
    assert ln.w == pytest.approx((1.0, tk.width[s + 1] + 1.0, 1.0))
    assert [ln.x[i + 1] - ln.x[i] - ln.w[i] for i in range(2)] == pytest.approx([0.75, 0.75])


def test_a_line_with_a_latin_word_that_is_not_loose_is_not_letter_spaced():
    # four gaps share 0.4 em: 0.1 em each, under the quarter em where letters would share it
    tk = _tk("甲乙abc丙丁")
    natural = 4.0 + tk.width[2] + 0.5
    ln = justify(tk, 0, 5, natural + 0.4, last=False)
    assert ln.track == (0.0,) * 5
    assert ln.w[2] == tk.width[2]
    assert [ln.x[i + 1] - ln.x[i] - ln.w[i] for i in range(4)] == pytest.approx([0.1, 0.35, 0.35, 0.1])


def test_a_lone_character_on_a_short_line_is_set_at_the_start():
    tk = _tk("甲")
    ln = justify(tk, 0, 1, 3.0, last=False)
    assert ln.x == (0.0,) and ln.w == (1.0,) and ln.track == (0.0,)


# ------------------------------------------------------------ set_paragraph and best_breaks


def test_a_one_character_paragraph_is_one_line():
    tk = _tk("甲")
    lines = set_paragraph(tk, lambda i: 5.0)
    assert [(ln.start, ln.end) for ln in lines] == [(0, 1)]
    assert lines[0].width == 1.0


def test_an_empty_paragraph_has_no_lines():
    tk = _tk("")
    assert set_paragraph(tk, lambda i: 5.0) == []
    assert best_breaks(tk, [5.0]) == ()
    assert paragraph_options(tk, [5.0]) == {0: ParagraphOption(0.0, ())}


def test_only_the_last_line_of_a_set_paragraph_is_left_short():
    tk = _tk("甲乙丙丁戊己庚辛")
    lines = set_paragraph(tk, lambda i: 6.0)
    assert [(ln.start, ln.end) for ln in lines] == [(0, 6), (6, 8)]
    assert lines[0].width == pytest.approx(6.0)
    assert lines[1].x == (0.0, 1.0) and lines[1].width == 2.0


# ------------------------------------------------------------ paragraph_options: costs


@pytest.mark.parametrize("text, widths, count, cost, lines", [
    # a line that fits exactly costs COST_LINE
    ("甲乙丙丁", [4.0], 1, 10.0, ["甲乙丙丁"]),
    # a one-em column: a character a line, the one-character last line costs COST_SHORT_LAST
    ("甲乙", [1.0], 2, 480.0, ["甲", "乙"]),
    ("甲乙丙", [1.0], 3, 490.0, ["甲", "乙", "丙"]),
    # a lone character that cannot be justified costs COST_LOOSE
    ("甲乙", [1.5], 2, 20480.0, ["甲", "乙"]),
    # 0.2 em in one gap: 4000 × 0.04 + COST_LETTERSPACED
    ("甲乙丙丁", [2.2], 2, 580.0, ["甲乙", "丙丁"]),
    # 40 % of the word-space shrink: 20 × 0.4²
    ("甲 乙 丙", [3.6], 1, 13.2, ["甲乙丙"]),
    ("甲 乙", [2.3], 1, 13.2, ["甲乙"]),
    # all of the word-space shrink
    ("甲 乙", [2.25], 1, 30.0, ["甲乙"]),
    # word shrink (20) and then 0.01 em in each of five gaps (150 + 16000 × 0.0001)
    ("甲乙丙 丁戊己", [6.2], 1, 181.6, ["甲乙丙丁戊己"]),
    # no word space: 0.02 em in each of five gaps
    ("甲乙丙丁戊己", [5.9], 1, 166.4, ["甲乙丙丁戊己"]),
    # a closing bracket gives up half an em
    ("甲」乙丙", [3.5], 1, 130.0, ["甲」乙丙"]),
    ("甲乙」丙", [3.5], 1, 130.0, ["甲乙」丙"]),
    # a comma costs more than a bracket, whatever came on the line before
    ("甲」乙丙丁，戊己", [4.0, 3.5], 2, 370.0, ["甲」乙丙", "丁，戊己"]),
    # a word wider than its line is taken alone, as a last resort (10 × COST_LOOSE)
    ("ABCDEFGHIJ", [6.2], 1, 200000.0, ["ABCDEFGHIJ"]),
])
def test_the_cost_of_a_paragraph(text, widths, count, cost, lines):
    tk = _tk(text)
    opts = paragraph_options(tk, widths, spread=0.0)
    assert list(opts) == [count]
    assert opts[count].cost == pytest.approx(cost)
    assert _texts(tk, opts[count].lines) == lines
    assert _texts(tk, best_breaks(tk, widths)) == lines


def test_letters_of_a_word_alone_on_a_line_share_what_the_line_lacks():
    # the word's nine letter gaps share 7.5 em less its width: about 0.1 em each,
    # letter-spaced (COST_LETTERSPACED) but not a hole (no COST_LOOSE)
    tk = _tk("ABCDEFGHIJ 甲乙丙丁戊己庚")
    opts = paragraph_options(tk, [7.5], spread=0.0)
    assert list(opts) == [2]
    e = (7.5 - tk.width[0]) / 9
    assert 0.095 <= e <= 0.25
    assert opts[2].cost == pytest.approx(10 + 4000 * e * e + 400 + 10)
    assert _texts(tk, opts[2].lines) == ["ABCDEFGHIJ", "甲乙丙丁戊己庚"]


def test_each_letter_spaced_line_counts_only_its_own_letters():
    # two lines of one word each, both letter-spaced: each word's nine letter gaps share its line's lack
    tk = _tk("ABCDEFGHIJ ABCDEFGHIJ 甲乙丙丁戊己庚")
    opts = paragraph_options(tk, [7.5], spread=0.0)
    assert list(opts) == [3]
    e = (7.5 - tk.width[0]) / 9
    assert opts[3].cost == pytest.approx(2 * (10 + 4000 * e * e + 400) + 10)
    assert _texts(tk, opts[3].lines) == ["ABCDEFGHIJ", "ABCDEFGHIJ", "甲乙丙丁戊己庚"]


def test_a_lone_character_after_a_letter_spaced_word_is_still_a_hole():
    tk = _tk("ABCDEFGHIJ 甲乙")
    opts = paragraph_options(tk, [7.0, 1.5], spread=0.0)
    assert list(opts) == [3]
    e = (7.0 - tk.width[0]) / 9
    assert e < 0.095
    # the word's line, then 甲 alone on 1.5 em (COST_LOOSE), then 乙 as a one-character last line
    assert opts[3].cost == pytest.approx(10 + 4000 * e * e + 10 + 20000 + 10 + 460)
    assert _texts(tk, opts[3].lines) == ["ABCDEFGHIJ", "甲", "乙"]


def test_narrow_columns_still_set_two_characters_a_line():
    tk = _tk("甲乙丙丁戊己")
    assert _texts(tk, best_breaks(tk, [2.0])) == ["甲乙", "丙丁", "戊己"]
    assert [(ln.start, ln.end) for ln in set_paragraph(tk, lambda i: 2.0)] == [(0, 2), (2, 4), (4, 6)]


def test_where_the_column_narrows_the_breaks_are_still_chosen_together():
    # lines of 6, 6, 2 and 6 em (a picture beside the third): 13 characters on the
    # first two lines would leave 丙」 alone on 2 em with a hole between them (COST_LOOSE);
    # five characters a line, a quarter em between them (250 + COST_LETTERSPACED 400),
    # lets 甲乙 fill the narrow line exactly
    tk = _tk("一二三四五六七八九十甲乙丙」丁戊己")
    widths = [6.0, 6.0, 2.0, 6.0]
    opts = paragraph_options(tk, widths, spread=0.0)
    assert _texts(tk, opts[4].lines) == ["一二三四五", "六七八九十", "甲乙", "丙」丁戊己"]
    assert opts[4].cost == pytest.approx(660 + 660 + 10 + 10)
    assert [(ln.start, ln.end) for ln in set_paragraph(tk, lambda i: widths[min(i, 3)])] == [
        (0, 5), (5, 10), (10, 12), (12, 17)]


@pytest.mark.parametrize("text, widths", [
    ("子乙「庚，", [2.0, 2.0, 3.0]),
    ("丑子寅丙庚——", [4.0, 2.0, 4.0]),
])
def test_no_line_runs_over_its_width_when_a_setting_without_one_exists(text, widths):
    tk = _tk(text)
    lines = best_breaks(tk, widths)
    assert "".join(_texts(tk, lines)) == text
    for i, (a, b) in enumerate(lines):
        assert natural_width(tk, a, b) <= widths[min(i, len(widths) - 1)], _texts(tk, lines)


# ------------------------------------------------------------ balanced_breaks


@pytest.mark.parametrize("text, width, lines", [
    ("甲", 5.0, ["甲"]),
    # a headline that fits exactly is one line
    ("甲乙丙丁", 4.0, ["甲乙丙丁"]),
    # the blank half of an opening mark at a line's start is not counted
    ("「甲乙」", 3.0, ["「甲乙」"]),
    ("「甲乙丙」", 3.0, ["「甲乙", "丙」"]),
    # as even as possible
    ("甲乙丙丁戊己", 5.0, ["甲乙丙", "丁戊己"]),
    # too narrow for two: one character a line, never over the width
    ("甲乙丙丁", 1.5, ["甲", "乙", "丙", "丁"]),
    # a word wider than the line gets a line of its own, the rest still fills lines
    ("ABCDEFGHIJ甲乙", 3.0, ["ABCDEFGHIJ", "甲乙"]),
    ("甲乙ABCDEFGHIJ", 3.0, ["甲乙", "ABCDEFGHIJ"]),
    # a kept-together run is not broken when it fits on a line
    ("甲{乙丙}丁", 2.0, ["甲", "乙丙", "丁"]),
    # a break after a pause mark is preferred when the lines are about as even
    ("甲乙丙，丁戊己庚", 6.0, ["甲乙丙，", "丁戊己庚"]),
    ("甲乙丙。丁戊己庚", 6.0, ["甲乙丙。", "丁戊己庚"]),
    ("甲乙丙」丁戊己庚", 6.0, ["甲乙丙」", "丁戊己庚"]),
    ("甲乙丙丁戊己庚辛", 6.0, ["甲乙丙丁", "戊己庚辛"]),
    # but evenness comes first: no two-character first line for the sake of the comma
    ("甲，乙丙丁戊己庚", 6.0, ["甲，乙丙", "丁戊己庚"]),
    # a number stays with its measure word (12个), a hyphenated word whole
    ("甲乙丙12个丁戊", 5.0, ["甲乙丙", "12个丁戊"]),
    ("甲乙丙丁12个戊己", 6.0, ["甲乙丙丁", "12个戊己"]),
    ("甲乙丙 RISC-V 丁戊", 5.0, ["甲乙丙", "RISC-V", "丁戊"]),
])
def test_a_headline_is_set_in_the_fewest_most_even_lines_that_fit(text, width, lines):
    tk = _tk(text)
    assert _texts(tk, balanced_breaks(tk, width)) == lines


def test_balanced_breaks_of_nothing():
    assert balanced_breaks(_tk(""), 5.0) == []


def test_when_nothing_fits_each_token_gets_a_line():
    # the word is wider than the line and the comma may not start one: the last resort
    tk = _tk("ABCDEFGHIJ，甲")
    assert balanced_breaks(tk, 3.0) == [(0, 1), (1, 2), (2, 3)]


def test_a_forced_break_is_always_taken():
    tk = _tk("甲乙丙丁")
    assert balanced_breaks(tk, 10.0, forced={2}) == [(0, 2), (2, 4)]
    assert balanced_breaks(tk, 10.0, forced={1, 3}) == [(0, 1), (1, 3), (3, 4)]


def test_the_last_line_keeps_its_reserve_free():
    tk = _tk("甲乙丙丁戊")
    assert _texts(tk, balanced_breaks(tk, 5.0)) == ["甲乙丙丁戊"]
    # 4 em left on the last line: 3 + 2 is the most even split
    assert _texts(tk, balanced_breaks(tk, 5.0, last_reserve=1.0)) == ["甲乙丙", "丁戊"]
    # the reserve narrows the last line only
    tk = _tk("甲乙丙丁戊己庚辛")
    assert _texts(tk, balanced_breaks(tk, 5.0, last_reserve=2.0)) == ["甲乙丙丁戊", "己庚辛"]
