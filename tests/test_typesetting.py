"""The Chinese line rules of typesetting.md, proved on crafted paragraphs."""

from __future__ import annotations

import pytest

from viewer.layout.text import (CLOSE, COMMA, DASH, ELLIPSIS, HAN, LATIN, MIDDLE, NO_END_KINDS, NO_START_KINDS, OPEN,
                                STOP, justify, set_paragraph, tokenize)

# Paragraphs built to put marks, dashes and Latin words near line ends at many widths.
PARAGRAPHS = [
    "会议强调，2026年要围绕实现“十五五”良好开局，聚焦重点、抓住关键，突出抓好10个方面重点工作：全力巩固工业经济稳中向好态势。",
    "他说：“这是一个好的开始。”随后（在会上）又补充道——我们要继续努力……大家纷纷表示赞同。",
    "截至2024年年底，全国孵化机构数量超1.5万家，在孵企业和团队超50万家，累计培育上市（挂牌）企业近6000家。",
    "研究人员使用OpenHarmony与RISC-V架构，在Linux平台上完成了AI芯片的3D封装测试，效率提升141.7%。",
    "“不想转、不敢转、不会转”难题逐步破解。《报告》指出：“科技成果转化——这是关键！”对吗？是的。",
    "甲乙丙丁戊己庚辛壬癸，“子丑寅卯”，辰巳午未——申酉戌亥……天干地支（共二十二字）。",
    "A quick brown fox jumps over the lazy dog 与中文混排的段落，单词之间的空格可以伸缩，但单词本身绝不拆开。",
]
WIDTHS = [7, 8, 9, 10, 11, 12, 13, 15, 17]
SIZE = 10.5


def _lines(text, width_em, role="serif"):
    tk = tokenize([(text, role)])
    return tk, set_paragraph(tk, lambda i: width_em)


@pytest.mark.parametrize("text", PARAGRAPHS)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_prohibited_mark_at_line_start_or_end(text, width):
    tk, lines = _lines(text, width)
    for ln in lines[1:]:
        assert tk.kind[ln.start] not in NO_START_KINDS, f"line starts with {tk.text[ln.start]!r}"
    for ln in lines[:-1]:
        assert tk.kind[ln.end - 1] not in NO_END_KINDS, f"line ends with {tk.text[ln.end - 1]!r}"


@pytest.mark.parametrize("text", PARAGRAPHS)
@pytest.mark.parametrize("width", WIDTHS)
def test_lines_but_the_last_are_flush_within_a_tenth_of_a_point(text, width):
    tk, lines = _lines(text, width)
    for ln in lines[:-1]:
        if ln.end - ln.start == 1 and tk.width[ln.start] > width:
            continue  # a single word wider than the column cannot be flush without splitting it
        set_width_pt = (ln.x[-1] + ln.w[-1]) * SIZE
        assert abs(ln.x[0]) * SIZE < 0.1
        assert abs(set_width_pt - width * SIZE) < 0.1, (set_width_pt, width * SIZE)
    last = lines[-1]
    assert (last.x[-1] + last.w[-1]) <= width + 1e-6


@pytest.mark.parametrize("text", PARAGRAPHS)
@pytest.mark.parametrize("width", WIDTHS)
def test_line_end_punctuation_is_half_width(text, width):
    tk, lines = _lines(text, width)
    for ln in lines:
        k = ln.end - 1
        if tk.kind[k] in (CLOSE, COMMA, STOP):
            assert ln.w[-1] == pytest.approx(0.5), tk.text[k]


@pytest.mark.parametrize("width", WIDTHS)
def test_double_dash_and_ellipsis_stay_whole(width):
    text = PARAGRAPHS[1] + PARAGRAPHS[5]
    tk, lines = _lines(text, width)
    joined = ["".join(tk.text[ln.start:ln.end]) for ln in lines]
    assert "".join(joined) == text.replace(" ", "")
    for line in joined:
        assert not line.endswith("—") or line.endswith("——")
        assert not line.startswith("—") and not line.startswith("…")
    dashes = [tk.text[k] for k in range(len(tk)) if tk.kind[k] in (DASH, ELLIPSIS)]
    assert dashes == ["——", "……", "——", "……"]
    # a 2-em mark is set 2 em wide (it may only be squeezed, never split)
    for ln in lines:
        for i, k in enumerate(range(ln.start, ln.end)):
            if tk.kind[k] == DASH:
                assert ln.w[i] == pytest.approx(2.0)


def _latin_words(tk, ln) -> list[str]:
    """The Latin words and digit runs of a line, each run of touching Latin tokens joined."""
    words, cur = [], ""
    for k in range(ln.start, ln.end):
        if tk.kind[k] == LATIN and cur and not tk.space[k]:
            cur += tk.text[k]
        else:
            if cur:
                words.append(cur)
            cur = tk.text[k] if tk.kind[k] == LATIN else ""
    return words + [cur] if cur else words


@pytest.mark.parametrize("width", WIDTHS)
def test_latin_words_and_digit_runs_break_only_after_their_hyphen(width):
    text = PARAGRAPHS[3] + PARAGRAPHS[6]
    tk, lines = _lines(text, width)
    per_line = [_latin_words(tk, ln) for ln in lines]
    for word in ["OpenHarmony", "RISC-V", "Linux", "AI", "3D", "141.7%", "quick", "brown", "jumps", "lazy"]:
        whole = any(word in words for words in per_line)
        # or broken after its hyphen: RISC- at the end of a line, V at the start of the next
        broken = any(a and b and a[-1].endswith("-") and a[-1] + b[0] == word for a, b in zip(per_line, per_line[1:]))
        assert whole or broken, (word, per_line)


def test_latin_is_spaced_a_quarter_em_from_han_but_not_from_punctuation():
    tk = tokenize([("完成AI芯片，2024年", "serif")])
    texts = tk.text
    ai = texts.index("AI")
    assert tk.gap_nat[ai] == pytest.approx(0.25)  # 成|AI
    assert tk.gap_nat[ai + 1] == pytest.approx(0.25)  # AI|芯
    year = texts.index("2024")
    assert tk.gap_nat[year] == 0.0  # ，|2024: none beside Chinese punctuation
    assert tk.gap_nat[year + 1] == pytest.approx(0.25)


def test_adjacent_marks_take_one_and_a_half_em():
    tk = tokenize([("他说。”好）、（“对", "serif")])
    w = dict()
    for t, width in zip(tk.text, tk.width):
        w.setdefault(t, []).append(width)
    assert w["。"] == [0.5]  # 。” → 0.5 + 1
    assert w["）"] == [0.5]  # ）、
    assert w["“"] == [0.5]  # （“ → the second opening mark loses its left half
    assert tk.trim_left[tk.text.index("“")] == pytest.approx(0.5)


def test_a_mark_that_may_not_start_a_line_is_taken_in_by_closing_up_the_gaps():
    # nine Han characters, a comma, one more and a comma fill an 11-em line
    # only with half an em taken out: every gap closes up by 0.5 / 11 em
    # rather than a mark being squeezed (全角式) or 十 pushed down
    text = "一二三四五六七八九，十，乙丙"
    tk, lines = _lines(text, 11)
    first = "".join(tk.text[lines[0].start:lines[0].end])
    assert first == "一二三四五六七八九，十，"
    assert list(lines[0].w) == [1.0] * 9 + [1.0, 1.0, 0.5]  # the line-end comma alone is half width
    gaps = [b - (a + w) for a, b, w in zip(lines[0].x, lines[0].x[1:], lines[0].w)]
    assert gaps == pytest.approx([-0.5 / 11] * 11)
    assert (lines[0].x[-1] + lines[0].w[-1]) == pytest.approx(11.0)


def test_opening_mark_never_ends_a_line_even_when_it_would_fit():
    text = "一二三四五六七八九十（甲乙）"
    tk, lines = _lines(text, 11)
    assert tk.text[lines[0].end - 1] != "（"
    assert lines[1].start == tk.text.index("（") or tk.text[lines[1].start] != "）"


# ------------------------------------------------------------ editor-grade setting


def _gaps(line) -> list[float]:
    """The white between each token's box and the next one's, in em."""
    return [b - (a + w) for a, b, w in zip(line.x, line.x[1:], line.w)]


def _text(tk, line) -> str:
    return "".join(tk.text[line.start:line.end])


def test_a_digit_run_breaks_after_its_hyphen_rather_than_spread_the_line():
    # the printed front page set "报　告　显　示　，" with 1.125 em in every gap,
    # because 2020-2024年 went whole to the next line
    text = "报告显示，2020-2024年，全国技术合同成交金额从2.83万亿元增长到6.84万亿元。"
    tk = tokenize([(text, "serif")])
    lines = set_paragraph(tk, lambda i: 9 if i == 0 else 11)  # a first line indented two of eleven
    assert _text(tk, lines[0]) == "报告显示，2020-"
    assert _text(tk, lines[1]).startswith("2024年，")
    for ln in lines[:-1]:
        assert max(_gaps(ln)) < 0.25 + 0.25  # never a quarter em looser than the Han-Latin quarter em
        assert (ln.x[-1] + ln.w[-1]) == pytest.approx(9 if ln is lines[0] else 11)


def test_full_width_marks_stay_full_width_in_the_middle_of_a_line():
    # 全角式: only a line's end and adjacent pairs are compressed
    for text in PARAGRAPHS[:6]:
        for width in (10, 11, 12, 13):
            tk, lines = _lines(text, width)
            for ln in lines:
                for i, k in enumerate(range(ln.start, ln.end - 1)):
                    nxt = tk.kind[k + 1]
                    if tk.kind[k] in (COMMA, STOP) and nxt not in (OPEN, CLOSE, COMMA, STOP, MIDDLE):
                        assert ln.w[i] == 1.0, (text, width, tk.text[k])


def test_kaiming_style_sets_only_the_stops_full_width():
    tk = tokenize([("他说：好，是的；行、对。真的吗？对！", "serif")], style="kaiming")
    widths = {t: w for t, w in zip(tk.text, tk.width) if t in "：，；、。？！"}
    assert widths == {"：": 0.5, "，": 0.5, "；": 0.5, "、": 0.5, "。": 1.0, "？": 1.0, "！": 1.0}
    full = tokenize([("他说：好，是的；行、对。真的吗？对！", "serif")])
    assert {t: w for t, w in zip(full.text, full.width) if t in "：，；、。？！"} == {
        "：": 1.0, "，": 1.0, "；": 1.0, "、": 1.0, "。": 1.0, "？": 1.0, "！": 1.0}


def test_what_a_short_line_must_absorb_is_spread_over_all_its_gaps():
    tk = tokenize([("一二三AI四五六七八", "serif")])
    line = justify(tk, 0, len(tk), 12.0, last=False)
    han = [g for k, g in zip(range(1, len(tk)), _gaps(line)) if tk.kind[k] == tk.kind[k - 1] == HAN]
    mixed = [g for k, g in zip(range(1, len(tk)), _gaps(line)) if LATIN in (tk.kind[k], tk.kind[k - 1])]
    assert len(han) == 6 and len(mixed) == 2
    assert max(han) - min(han) < 1e-9 and han[0] > 0
    # the Han-Latin gap is a quarter em more than every other gap, on both sides
    assert [g - han[0] for g in mixed] == pytest.approx([0.25, 0.25])
    assert (line.x[-1] + line.w[-1]) == pytest.approx(12.0)


def test_no_one_character_last_line_where_a_break_choice_avoids_it():
    # 25 characters on 11-em lines would leave 寅。 alone; one line one character
    # shorter (a tenth of an em between characters) moves 丑 down with it
    tk, lines = _lines("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅。", 11)
    assert [_text(tk, ln) for ln in lines] == ["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸子", "丑寅。"]
    assert max(_gaps(lines[0])) < 0.25


def test_a_name_in_a_byline_is_never_broken():
    # 本报讯（记者 陈思远） is 9.8 em, more than the indented first line's 9:
    # the line may break at the space or beside a bracket, never inside 陈思远
    segs = [("本报讯（记者 陈思远）", "serif_bold", "byline"), ("日前，一场关于城市更新的讨论会在北京举行。", "serif")]
    tk = tokenize(segs)
    lines = set_paragraph(tk, lambda i: 9 if i == 0 else 11)
    texts = [_text(tk, ln) for ln in lines]
    assert any("陈思远" in t for t in texts), texts
    # a bare byline whose name runs over the line end goes whole to the next line
    tk = tokenize([("本报记者 陈思远", "serif_bold", "byline"), ("日前举行。", "serif")])
    lines = set_paragraph(tk, lambda i: 6)
    texts = [_text(tk, ln) for ln in lines]
    assert texts[0] == "本报记者" and texts[1].startswith("陈思远"), texts


def test_a_run_between_no_break_marks_stays_on_one_line_and_the_marks_are_not_set():
    tk, lines = _lines("这是一个关于{高新技术产业}的例子。", 8)
    texts = [_text(tk, ln) for ln in lines]
    assert any("高新技术产业" in t for t in texts), texts
    assert "{" not in "".join(tk.text) and "}" not in "".join(tk.text)
    # a kept run wider than the line is broken after all, rather than run over the column
    tk, lines = _lines("据{中国高新技术产业导报}报道。", 8)
    assert all(ln.x[-1] + ln.w[-1] <= 8 + 1e-6 for ln in lines)
