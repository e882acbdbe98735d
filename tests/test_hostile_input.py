"""Hostile issue folders: links out of the folder, FIFOs and sockets, numbers
that break arithmetic, parser limits, control characters in names, and the
smaller holes. Each must end in a located problem, never a hang, a traceback
or an "unexpected failure"."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from test_descriptors import P1, P2, _png, append, edit, make_issue, problems

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command line in a child process: a hang fails the test instead of
    stopping the suite."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "viewer", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out and "unexpected failure" not in out, out
    return proc


@pytest.fixture
def issue(tmp_path) -> Path:
    return make_issue(tmp_path / "issue")


# ------------------------------------------------------------- links out of the folder


def test_a_linked_pages_folder_outside_the_issue_is_refused(issue, tmp_path):
    outside = tmp_path / "elsewhere"
    (issue / "pages").rename(outside)
    (issue / "pages").symlink_to(outside, target_is_directory=True)
    assert problems(issue) == [
        (P1, "", "the file leads outside the issue folder (through a link)"),
        (P2, "", "the file leads outside the issue folder (through a link)"),
        ("issue.toml", "", "the issue has no pages (no pages/*.toml or pages/*.json, and no 'pages' list)"),
    ]


def test_a_linked_page_file_outside_the_issue_is_refused(issue, tmp_path):
    (issue / P2).rename(tmp_path / "02.toml")
    (issue / P2).symlink_to(tmp_path / "02.toml")
    assert problems(issue) == [(P2, "", "the file leads outside the issue folder (through a link)")]


def test_a_linked_issue_file_outside_the_folder_is_refused(issue, tmp_path):
    (issue / "issue.toml").rename(tmp_path / "issue.toml")
    (issue / "issue.toml").symlink_to(tmp_path / "issue.toml")
    proc = run("validate", str(issue))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"{issue}/issue.toml: the file leads outside the issue folder (through a link)"]


def test_a_link_that_stays_inside_the_issue_is_followed(issue):
    (issue / "text" / "p1-lead.txt").rename(issue / "text" / "real.txt")
    (issue / "text" / "p1-lead.txt").symlink_to("real.txt")
    assert problems(issue) == []


def test_a_sibling_folder_whose_name_starts_like_the_issue_is_outside(issue):
    """A string-prefix check would take issue-evil/ for a part of issue/."""
    evil = issue.parent / "issue-evil"
    evil.mkdir()
    (evil / "x.txt").write_text("外面的文字。", encoding="utf-8")
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "../issue-evil/x.txt"')
    assert problems(issue) == [
        (P1, "blocks[1].text_file", "the path '../issue-evil/x.txt' leads outside the issue folder")]
    from viewer.model import load_issue

    assert "p1-lead" not in load_issue(issue).texts


# ------------------------------------------------------------- FIFOs, sockets


def test_a_fifo_as_page_file_is_refused_without_waiting(issue):
    (issue / P2).unlink()
    os.mkfifo(issue / P2)
    proc = run("validate", str(issue), timeout=30)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"{issue}/{P2}: the file is a FIFO, not a file"]


def test_a_fifo_as_issue_file_text_file_or_listed_page_is_refused(issue):
    (issue / "text" / "p1-lead.txt").unlink()
    os.mkfifo(issue / "text" / "p1-lead.txt")
    os.mkfifo(issue / "pages" / "09.toml.fifo")
    append(issue / "issue.toml", 'pages = ["pages/01.toml", "pages/09.toml.fifo", "pages/02.toml"]\n')
    assert problems(issue) == [
        ("issue.toml", "pages[1]", "the page file 'pages/09.toml.fifo' is a FIFO, not a file"),
        (P1, "blocks[1].text_file", "the file 'text/p1-lead.txt' is a FIFO, not a file"),
    ]
    (issue / "issue.toml").unlink()
    os.mkfifo(issue / "issue.toml")
    assert problems(issue) == [("issue.toml", "", "the file is a FIFO, not a file")]


def test_a_socket_or_a_folder_as_a_file_is_named_for_what_it_is(issue):
    (issue / P2).unlink()
    (issue / P2).mkdir()
    (issue / "text" / "p1-lead.txt").unlink()
    sock = socket.socket(socket.AF_UNIX)
    try:
        os.chdir(issue / "text")  # a socket path is limited to about 100 bytes
        sock.bind("p1-lead.txt")
    finally:
        os.chdir(ROOT)
    try:
        assert problems(issue) == [
            (P2, "", "the file is a folder, not a file"),
            (P1, "blocks[1].text_file", "the file 'text/p1-lead.txt' is a socket, not a file"),
        ]
    finally:
        sock.close()


# ------------------------------------------------------------- numbers


@pytest.mark.parametrize("old, new, where, message", [
    ("{ col = 1, span = 4, line = 1, lines = 20 }", "{ col = 1, span = 4, line = 1, lines = 20, columns = 1000000000 }",
     "blocks[1].frames[0].columns", "input should be less than or equal to 20"),
    ("{ col = 1, span = 4, line = 1, lines = 20 }", "{ x_mm = nan, y_mm = 0, width_mm = 10, height_mm = 10 }",
     "blocks[1].frames[0].x_mm", "input should be a finite number"),
    ("{ col = 1, span = 4, line = 1, lines = 20 }", "{ x_mm = 1e308, y_mm = 0, width_mm = 10, height_mm = 10 }",
     "blocks[1].frames[0].x_mm", "input should be less than or equal to 2000"),
    ("{ col = 1, span = 4, line = 1, lines = 20 }", "{ col = 1, span = 4, line = 1, lines = 1e3 }",
     "blocks[1].frames[0].lines", "input should be a valid integer (got float 1000.0)"),
    ('number = 1\n', 'number = 1\nmargins = { top_mm = inf }\n', "margins.top_mm", "input should be a finite number"),
    ('number = 1\n', 'number = 1\ngrid = { gutter_mm = inf }\n', "grid.gutter_mm", "input should be a finite number"),
    ('number = 1\n', 'number = 1\nmargins = { left_mm = 1e308 }\n', "margins.left_mm",
     "input should be less than or equal to 500"),
    ('caption = "图为测试图片说明。"', 'caption = "图为测试图片说明。"\ncrop = [0.1, 0.1, inf, 0.9]', "blocks[0].crop[2]",
     "input should be a finite number"),
])
def test_numbers_outside_a_newspapers_range_are_located_problems(issue, old, new, where, message):
    edit(issue / P1, old, new)
    assert problems(issue) == [(P1, where, message)]


def test_json_infinity_huge_exponents_and_nan_are_refused(issue):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text(
        '{"number": 2, "section": "综合", "blocks": [{"type": "rule", "orientation": "horizontal",'
        ' "x_mm": Infinity, "y_mm": 1e400, "length_mm": NaN}]}', encoding="utf-8")
    assert problems(issue) == [
        ("pages/02.json", "blocks[0].x_mm", "input should be a finite number"),
        ("pages/02.json", "blocks[0].y_mm", "input should be a finite number"),
        ("pages/02.json", "blocks[0].length_mm", "input should be a finite number"),
    ]


def test_booleans_and_strings_are_no_integers(issue):
    edit(issue / "issue.toml", "page_count = 2", "page_count = true")
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text('{"number": "2", "section": "综合"}', encoding="utf-8")
    assert problems(issue) == [
        ("issue.toml", "page_count", "input should be a valid integer (got bool True)"),
        ("pages/02.json", "number", "input should be a valid integer (got str '2')"),
    ]


def test_a_huge_page_count_is_refused_not_counted_out(issue):
    edit(issue / "issue.toml", "page_count = 2", "page_count = 1000000000")
    assert problems(issue) == [("issue.toml", "page_count", "input should be less than or equal to 1000")]


def test_info_json_never_writes_nan(issue):
    edit(issue / P1, "{ col = 1, span = 4, line = 1, lines = 20 }", "{ x_mm = nan, y_mm = 0, width_mm = 10, height_mm = 10 }")
    proc = run("info", str(issue), "--json")
    assert proc.returncode == 1 and proc.stdout == ""
    assert f"{P1}: blocks[1].frames[0].x_mm: input should be a finite number" in proc.stderr.splitlines()


# ------------------------------------------------------------- parser limits


def test_deep_nesting_in_toml_is_a_located_problem(issue):
    append(issue / P2, "deep = " + "[" * 10000 + "]" * 10000 + "\n")
    assert problems(issue) == [(P2, "line 10, column 40", "TOML nested deeper than 32 levels")]


def test_deep_nesting_in_json_is_a_located_problem(issue):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text('{"number": 2,\n "deep": ' + "{\"a\": " * 10000 + "1" + "}" * 10001,
                                             encoding="utf-8")
    proc = run("validate", str(issue))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"{issue}/pages/02.json: line 2, column 196: JSON nested deeper than 32 levels"]


def test_a_5000_digit_integer_is_a_located_problem(issue):
    append(issue / P2, "serial = " + "7" * 5000 + "\n")
    (issue / "pages" / "03.json").write_text('{"number": 3,\n"section": ' + "9" * 5000 + "}", encoding="utf-8")
    assert problems(issue) == [
        (P2, "line 10, column 10", "a number of 5000 digits is too long to be read"),
        ("pages/03.json", "line 2, column 12", "a number of 5000 digits is too long to be read"),
    ]


def test_brackets_inside_strings_and_comments_are_not_nesting(issue):
    edit(issue / P2, 'text = "二版正文第一段。', 'text = "' + "[" * 40 + "二版正文第一段。")
    append(issue / P2, "# " + "{" * 40 + "\n")
    assert [p for p in problems(issue) if "nested" in p[2]] == []


def test_duplicate_keys_in_json_are_refused_with_their_place(issue):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text(
        '{"number": 2, "section": "综合",\n "blocks": [{"type": "rule", "orientation": "horizontal", "col": 1,\n'
        '  "line": 1, "col": 2}]}', encoding="utf-8")
    assert problems(issue) == [("pages/02.json", "line 3, column 14", "the key 'col' is given twice in one object")]


def test_an_unpaired_surrogate_escape_in_json_is_refused(issue):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text('{"number": 2,\n "section": "综\\ud800合"}', encoding="utf-8")
    assert problems(issue) == [
        ("pages/02.json", "line 2, column 15", "a \\u escape gives half of a UTF-16 pair, which is no character")]


# ------------------------------------------------------------- messages


def test_control_and_bidi_characters_in_names_are_shown_as_code_points(issue):
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/a\\nb\\u0000c\\u001b[31md\\u202ee.txt"')
    proc = run("validate", str(issue))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{issue}/{P1}: blocks[1].text_file: the path 'text/aU+000AbU+0000cU+001B[31mdU+202Ee.txt' holds a NUL character"]
    edit(issue / P1, "\\u0000", "")
    proc = run("validate", str(issue))
    assert proc.stdout.splitlines() == [
        f"{issue}/{P1}: blocks[1].text_file: the file 'text/aU+000AbcU+001B[31mdU+202Ee.txt' does not exist"]


# ------------------------------------------------------------- smaller holes


@pytest.mark.parametrize("path", ["C:\\a.txt", "C:a.txt", "\\\\server\\share\\a.txt", "/etc/hostname"])
def test_absolute_paths_of_any_system_are_refused_as_absolute(issue, path):
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', f"text_file = '{path}'")
    assert problems(issue) == [
        (P1, "blocks[1].text_file", f"the path '{path}' is absolute; give it relative to the issue folder")]


def test_rules_in_millimetres_off_the_page_are_refused(issue):
    append(issue / P2, '[[blocks]]\ntype = "rule"\norientation = "horizontal"\nx_mm = -30\ny_mm = 0\nlength_mm = 10\n'
                       '[[blocks]]\ntype = "rule"\norientation = "vertical"\nx_mm = 10\ny_mm = 0\nlength_mm = 1999\n'
                       '[[blocks]]\ntype = "rule"\norientation = "horizontal"\nx_mm = 0\ny_mm = 0\nlength_mm = 1e300\n')
    assert problems(issue) == [(P2, "blocks[3].length_mm", "input should be less than or equal to 2000")]
    edit(issue / P2, "length_mm = 1e300", "length_mm = 100")
    assert problems(issue) == [
        (P2, "blocks[1]", "the rule lies partly outside the page"),
        (P2, "blocks[2]", "the rule lies partly outside the page"),
    ]


def test_margins_wider_than_the_page_are_refused(issue):
    edit(issue / P2, 'section = "综合"', 'section = "综合"\nmargins = { left_mm = 200, right_mm = 200 }')
    assert (P2, "margins", "the margins leave no type area on the page") in problems(issue)
