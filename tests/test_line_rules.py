"""The line-start and line-end prohibitions, against the character lists of
GB/T 15834-2011 §5.1 and clreq (W3C Requirements for Chinese Text Layout),
written out here, not taken from the implementation. Each mark is put where
greedy filling would start (or end) a line with it, and the breaker must
move it. Only public functions are used (tokenize, set_paragraph), so the
tests hold for any breaker."""

from __future__ import annotations

import pytest

from viewer.layout.text import set_paragraph, tokenize

# may not start a line: pause and stop marks, closing marks, connectors, interpuncts, solidi
NO_LINE_START = ["。", "．", "，", "、", "：", "；", "！", "？", "‼", "⁇",
                 "”", "’", "」", "』", "）", "》", "〉", "】", "〗", "〕", "］", "｝",
                 "～", "–", "·", "・", "‧", "／", "——", "……"]
# may not end a line: opening marks, and in GB style the solidi
NO_LINE_END = ["“", "‘", "「", "『", "（", "《", "〈", "【", "〖", "〔", "［", "｛", "／"]
# ASCII marks in the lists: set with Latin text, under the same rules
ASCII_NO_LINE_START = ["/", "-"]
ASCII_NO_LINE_END = ["/"]

HAN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def _lines(text: str, width: int) -> list[str]:
    tk = tokenize([(text, "serif")])
    return ["".join(tk.text[ln.start:ln.end]) for ln in set_paragraph(tk, lambda i: width)]


def _after_a_full_line(mark: str, width: int) -> str:
    """A paragraph whose first ``width`` characters fill a line exactly, then ``mark``."""
    return HAN[:width] + mark + HAN[:10]


@pytest.mark.parametrize("width", [6, 9, 12])
@pytest.mark.parametrize("mark", NO_LINE_START)
def test_marks_that_may_not_start_a_line_never_do(mark, width):
    lines = _lines(_after_a_full_line(mark, width), width)
    assert len(lines) >= 2
    for line in lines[1:]:
        assert not line.startswith(mark), lines
    # the mark stays in the text, once
    assert "".join(lines).count(mark) == 1


@pytest.mark.parametrize("width", [6, 9, 12])
@pytest.mark.parametrize("mark", NO_LINE_END)
def test_marks_that_may_not_end_a_line_never_do(mark, width):
    text = HAN[:width - 1] + mark + HAN[:12]  # greedy filling would end line 1 with the mark
    lines = _lines(text, width)
    assert len(lines) >= 2
    for line in lines[:-1]:
        assert not line.endswith(mark), lines


@pytest.mark.parametrize("width", [6, 9])
@pytest.mark.parametrize("mark", ["，", "、", "？", "！", "。", "）", "”"])
def test_a_run_of_closing_marks_is_not_left_to_start_a_line(mark, width):
    """Two marks in a row after a full line: neither may start the next one."""
    lines = _lines(HAN[:width] + mark + "”" + HAN[:10], width)
    for line in lines[1:]:
        assert line[0] not in "，、？！。）”", lines


@pytest.mark.parametrize("mark", ASCII_NO_LINE_START)
def test_ascii_marks_that_may_not_start_a_line(mark):
    for line in _lines(_after_a_full_line(mark, 9), 9)[1:]:
        assert not line.startswith(mark)
