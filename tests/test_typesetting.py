"""The Chinese line rules of typesetting.md, proved on crafted paragraphs."""

from __future__ import annotations

import pytest

from viewer.layout.text import (CLOSE, COMMA, DASH, ELLIPSIS, LATIN, NO_END_KINDS, NO_START_KINDS, OPEN, STOP,
                                set_paragraph, tokenize)

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


@pytest.mark.parametrize("width", WIDTHS)
def test_latin_words_and_digit_runs_break_only_after_their_hyphen(width):
    text = PARAGRAPHS[3] + PARAGRAPHS[6]
    tk, lines = _lines(text, width)
    words = ["OpenHarmony", "RISC-V", "Linux", "AI", "3D", "141.7%", "quick", "brown", "jumps", "lazy"]
    pieces = []  # the Latin text of each line, run together
    for ln in lines:
        run = ""
        for k in range(ln.start, ln.end):
            run = run + tk.text[k] if tk.kind[k] == 1 and (run and not tk.space[k]) else (run + " " + tk.text[k] if tk.kind[k] == 1 else run + " ")
        pieces.append(run.split())
    for word in words:
        whole = any(word in p for p in pieces)
        split = any(a and b and a[-1] + b[0] == word and a[-1].endswith("-") for a, b in zip(pieces, pieces[1:]))
        assert whole or split, word
    # every break inside a Latin run follows a hyphen
    for ln, nxt in zip(lines, lines[1:]):
        a, b = ln.end - 1, nxt.start
        if tk.kind[a] == tk.kind[b] == 1 and not tk.space[b]:
            assert tk.text[a].endswith("-"), (tk.text[a], tk.text[b])


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
