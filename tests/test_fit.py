"""Fit is checked, never silent: crafted pages that overflow, end short, carry
a headline group or masthead too large for its frame, or print one item over
another, each reported with its place and figures.

The crafted issues use the built-in defaults: 9 pt body on a 14 pt pitch,
8 columns of 13 characters (117 pt wide, gutters 8.018 pt), 100 grid lines,
the type area's top-left corner 56.69 pt from the left and 79.37 pt from the
top of the page."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, write_issue
from viewer.layout import layout_issue
from viewer.layout.fit import fit_problems
from viewer.model import load_issue

HAN = "一二三四五六七八九十"


def _article(text_frames: str, head: str = "{ col = 1, span = 2, line = 1, lines = 3 }", headline: str = "测试标题",
             extra: str = "") -> str:
    return f'''
[[blocks]]
type = "article"
id = "a1"
headline = "{headline}"
text_file = "text/a1.txt"
head = {{ frame = {head}, size_pt = 18 }}
frames = [{text_frames}]
{extra}
'''


def _problems(root) -> list[str]:
    data = load_issue(root)
    return [str(p) for p in fit_problems(data, layout_issue(data))]


def _cli(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "viewer", *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


OVERFLOW = ("pages/01.toml: blocks[0].frames[0]: the body text of 'a1' overflows its frames: 13 characters (1 line) "
            "do not fit; the last line set is “五六七八九十一二三四五六七”")


def _three_lines(tmp_path, text: str):
    """An issue whose article has one column of three lines: 11 + 13 + 13 = 37
    characters (the first line is indented two)."""
    return write_issue(tmp_path / "issue", {1: _article("{ col = 1, span = 1, line = 4, lines = 3 }")},
                       texts={"a1.txt": text})


def test_overflow_names_the_frame_the_characters_the_lines_and_the_last_words(tmp_path):
    root = _three_lines(tmp_path, HAN * 5)  # fifty characters leave 13 over, one line
    assert _problems(root) == [OVERFLOW]
    proc = _cli("validate", root)
    assert (proc.returncode, proc.stdout.splitlines()) == (1, [f"{root}/{OVERFLOW}"])
    assert proc.stderr.strip() == f"1 problem found in {root}"


def test_underset_is_a_warning_for_any_empty_line_at_the_end(tmp_path):
    root = _three_lines(tmp_path, HAN * 2)  # 11 + 9 characters: two of the three lines
    warning = ("pages/01.toml: blocks[0].frames[0]: warning: the body text of 'a1' ends 1 line before its last frame "
               "does (underset)")
    assert _problems(root) == [warning]
    proc = _cli("validate", root)
    assert (proc.returncode, proc.stdout.splitlines()) == (
        0, [f"{root}/{warning}", "valid: 测试导报 2025-12-29 第1期, 1 pages, 1 articles"])


def test_a_headline_too_large_for_its_frame_is_an_error(tmp_path):
    # 40 pt characters: two to a 117 pt line, so 特大号标题 takes three lines
    # of a 56 pt band (four 14 pt grid lines each): 80 x 168 pt in a 117 x 28 pt frame
    page = _article("{ col = 1, span = 1, line = 10, lines = 5 }", head="{ col = 1, span = 1, line = 1, lines = 2 }",
                    headline="特大号标题").replace("size_pt = 18", "size_pt = 40")
    # the body fills its five lines: 11 + 4 x 13 = 63 characters
    root = write_issue(tmp_path / "issue", {1: page}, texts={"a1.txt": HAN * 6 + HAN[:3]})
    assert _problems(root) == [
        "pages/01.toml: blocks[0].head.frame: the headline group does not fit its frame: it needs 80.0 × 168.0 pt, the "
        "frame holds 117.0 × 28.0 pt"]


def test_an_overlong_masthead_is_an_error(tmp_path):
    # the information panel alone needs 9 pt x (1.5 + 1.5 + 1.15 + 1.15 + 1 + 1 + 1) x 1.55 = 115.8 pt
    extra = ('serial_number = 2\ncn_number = "CN 00-0000"\npostal_code = "0-000"\nsupervisor = "示例"\n'
             'publisher = "示例社"\n')
    root = write_issue(tmp_path / "issue", {1: '[[blocks]]\ntype = "masthead"\nframe = { col = 1, span = 8, line = 1, lines = 3 }\n'},
                       issue_extra=extra)
    assert _problems(root) == [
        "pages/01.toml: blocks[0].frame: the masthead does not fit its frame: it needs 992.1 × 115.8 pt, the frame holds "
        "992.1 × 42.0 pt"]


# a 40 pt headline centred in a two-line (28 pt) frame: its 56 pt band
# reaches 14 pt below the frame, its em box 6 pt into the photo under it
OVERPRINT = '''
[[blocks]]
type = "article"
id = "a1"
headline = "标题"
text = "正文"
head = { frame = { col = 1, span = 4, line = 1, lines = 2 }, size_pt = 40 }
frames = [{ col = 5, span = 1, line = 1, lines = 1 }]

[[blocks]]
type = "photo"
id = "ph"
image = "images/none.png"
frame = { col = 1, span = 4, line = 3, lines = 8 }
'''


def test_items_that_print_over_each_other_are_an_error_and_marked_for_debug(tmp_path):
    root = write_issue(tmp_path / "issue", {1: OVERPRINT})
    data = load_issue(root)
    layout = layout_issue(data)
    problems = [str(p) for p in fit_problems(data, layout)]
    # the headline is centred across four columns (492.06 pt): x = 56.69 + (492.06 - 80) / 2;
    # the photo's top is grid line 3: 79.37 + 2 x 14
    assert problems == [
        "pages/01.toml: blocks[0].head.frame: the headline group does not fit its frame: it needs 80.0 × 56.0 pt, the "
        "frame holds 492.1 × 28.0 pt",
        "pages/01.toml: blocks[0].head.frame: the headline “标题” prints over the image of 'ph' (blocks[1].frame) across "
        "80.0 × 6.0 pt at x 262.7, y 107.4 pt"]
    page1 = layout.page(1)
    assert page1.overprints and page1.overprints[0]["rect"] in page1.debug_marks


def test_info_reports_each_pages_grid_and_each_frames_capacity_and_fill(tmp_path):
    root = write_issue(tmp_path / "issue", {1: _article("{ col = 1, span = 2, line = 4, lines = 10 }")},
                       texts={"a1.txt": HAN * 5})
    proc = _cli("info", root, "--json")
    assert proc.returncode == 0
    page = json.loads(proc.stdout)["pages"][0]
    assert page["grid"] == {"columns": 8, "characters_per_column": 13, "lines": 100, "pitch_pt": 14.0,
                            "body_size_pt": 9.0, "column_width_pt": 117.0, "gutter_pt": 8.018}
    # 2 columns x 10 lines of 13 characters; fifty characters take 11 + 13 + 13 + 13 = 4 lines
    assert page["frames"] == [{"block": 0, "frame": 0, "article": "a1", "columns": 2, "lines": 10,
                               "capacity_lines": 20, "capacity_characters": 260, "lines_set": 4,
                               "characters_set": 50}]
    text = _cli("info", root).stdout.splitlines()
    assert text[1:4] == ["01版 测试", "    grid: 8 columns of 13 characters, 100 lines, pitch 14 pt",
                         "    blocks[0].frames[0] a1: 20 lines (260 characters), 4 set"]


def test_every_command_warns_of_what_does_not_fit(tmp_path):
    root = _three_lines(tmp_path, HAN * 5)
    proc = _cli("render", root, "--dpi", "20", "-o", tmp_path / "p.png")
    assert proc.returncode == 0 and f"warning: {OVERFLOW}" in proc.stderr.splitlines()
    proc = _cli("export", root, "-o", tmp_path / "p.pdf")
    assert proc.returncode == 0 and f"warning: {OVERFLOW}" in proc.stderr.splitlines()


def test_the_windows_problems_panel_lists_what_does_not_fit_once_laid_out(tmp_path):
    from viewer.ui.document import IssueDocument

    doc = IssueDocument(load_issue(_three_lines(tmp_path, HAN * 5)))
    assert doc.check() == []  # nothing laid out yet
    doc.page(1)
    assert [str(p) for p in doc.check()] == [OVERFLOW]
