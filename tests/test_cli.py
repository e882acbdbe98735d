"""The command line as a user meets it: telling paths from commands, help,
files that are not issues, no display, missing X libraries, and commands
that lay out only the pages they need."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from viewer import display
from viewer.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"
README = ROOT / "README.md"


def herald(*args, env=None, cwd=None, timeout=120):
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "viewer", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=dict(base, **(env or {})), cwd=cwd or ROOT)


# ------------------------------------------------------------ paths and commands


def test_help_is_printed_without_opening_a_window():
    for args in (["--help"], [str(BUNDLED), "--help"], [str(BUNDLED), "-h"]):
        proc = herald(*args, timeout=60)  # no display: a window would hang or fail
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("usage: herald"), args
        assert "herald PATH            open the window on an issue" in proc.stdout
        for command in ("validate", "info", "render", "export", "print", "screenshot", "schema"):
            assert re.search(rf"^\s+{command}\s", proc.stdout, re.M), command


def test_a_mistyped_command_is_named_with_the_closest_one():
    proc = herald("valdate", "x")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["herald: error: unknown command 'valdate'; did you mean 'validate'?"]
    proc = herald("exprot", BUNDLED, "-o", "x.pdf")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["herald: error: unknown command 'exprot'; did you mean 'export'?"]
    proc = herald(BUNDLED, "--page", "3")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "herald: error: unexpected arguments after the path: --page 3 (to open a window: herald PATH; "
        "commands: validate, info, render, export, print, screenshot, schema, library, search)"]


def test_an_argument_that_is_neither_a_path_nor_a_command():
    proc = herald("nothing-like-this")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "herald: error: 'nothing-like-this' is neither a command nor an existing file or folder "
        "(commands: validate, info, render, export, print, screenshot, schema, library, search)"]


@pytest.mark.parametrize("name, content, kind", [
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF file"),
    ("notes.txt", "第一行笔记\nsecond line\n".encode("utf-8"), "a text file"),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
    ("old.txt", "旧文件".encode("gbk"), "a text file that is not UTF-8"),
])
def test_a_file_that_is_not_an_issue_is_named_with_what_it_is(tmp_path, name, content, kind):
    f = tmp_path / name
    f.write_bytes(content)
    proc = herald("validate", f)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"'{f}' is {kind}, not an issue folder"]
    for args in (["info", f], ["render", f, "-o", tmp_path / "x.png"], [f]):
        proc = herald(*args)
        assert proc.returncode == 1, args
        assert proc.stderr.splitlines() == [f"error: '{f}' is {kind}, not an issue folder"], args
    assert not (tmp_path / "x.png").exists()


# ------------------------------------------------------------ no window system


def test_no_display_says_so_in_one_line_and_exits():
    proc = herald(timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == ["error: no display to open a window on; the commands validate, info, "
                                        "render, export and print work without one"]


def test_display_problem_reads_the_environment():
    assert display.display_problem({}, "linux") == display.NO_DISPLAY
    assert display.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display.display_problem({}, "win32") is None
    assert display.display_problem({}, "darwin") is None
    assert display.display_problem({"DISPLAY": ":0"}, "linux", loadable=lambda soname: True) is None


def test_missing_x_libraries_are_named_by_package_before_qt_loads():
    """A minimal Linux without libxcb-icccm4 and libxcb-keysyms1: one line naming
    both packages, instead of Qt naming another library and aborting."""
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    tried = []

    def loadable(soname):
        tried.append(soname)
        return soname not in absent

    why = display.display_problem({"DISPLAY": ":0"}, "linux", loadable=loadable)
    assert why == ("Qt's X11 plugin cannot start: libraries it needs are not installed; install the packages "
                   "libxcb-icccm4 libxcb-keysyms1 (for example: sudo apt-get install libxcb-icccm4 libxcb-keysyms1)")
    assert "libxcb-cursor.so.0" in tried


def test_the_window_is_not_started_when_the_check_fails(monkeypatch, capsys):
    import viewer.ui.app as app

    started = []
    monkeypatch.setattr(app, "run_app", lambda path: started.append(path) or 0)
    monkeypatch.setattr(display, "display_problem", lambda: "no display to open a window on; test")
    assert main([str(BUNDLED)]) == 1
    assert started == []
    assert capsys.readouterr().err == "error: no display to open a window on; test\n"
    monkeypatch.setattr(display, "display_problem", lambda: None)
    assert main([str(BUNDLED)]) == 0
    assert started == [str(BUNDLED)]


# ------------------------------------------------------------ outputs


def test_render_pages_into_a_png_name_is_refused(tmp_path):
    target = tmp_path / "x.png"
    proc = herald("render", BUNDLED, "--pages", "1-24", "-o", target)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"error: --pages writes one PNG a page into a folder; '{target}' looks like a file name "
        "(give a folder, or --page N for one page)"]
    assert not target.exists()


def test_schema_writes_into_the_current_folder(tmp_path):
    proc = herald("schema", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["issue.schema.json", "page.schema.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.schema.json", "page.schema.json"]
    assert '"$id": "issue.schema.json"' in (tmp_path / "issue.schema.json").read_text(encoding="utf-8")


def test_schema_into_a_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = herald("schema", "-o", blocker / "schemas")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"error: cannot write the schemas into '{blocker / 'schemas'}': Not a directory"]
    assert "unexpected failure" not in proc.stderr


def test_render_of_one_page_equals_the_page_of_a_whole_issue_layout(tmp_path, bundled_layout):
    """``render --page 3`` lays out only page 3's group (3 and 4, tied by a
    continued article), and the picture is the one the whole issue gives."""
    from PySide6.QtGui import QImage

    from viewer.common import layout_pages
    from viewer.render.paint import render_image

    data, whole = bundled_layout
    assert [p.number for p in layout_pages(data, [3]).pages] == [3, 4]
    assert [p.number for p in layout_pages(data, [1]).pages] == [1]
    target = tmp_path / "p3.png"
    proc = herald("render", BUNDLED, "--page", "3", "--dpi", "40", "-o", target)
    assert proc.returncode == 0, proc.stderr
    got = QImage(str(target))
    want = render_image(whole.page(3), 40)
    assert got.size() == want.size()
    assert got.convertToFormat(QImage.Format.Format_RGB32) == want.convertToFormat(QImage.Format.Format_RGB32)


# ------------------------------------------------------------ help and README


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_explains_path_and_states_defaults_and_choices():
    subs = _subparsers(build_parser())
    assert sorted(subs) == sorted(COMMANDS)
    for name, sub in subs.items():
        text = sub.format_help()
        if name not in ("schema", "library", "search"):  # these take no issue
            assert "PATH" in text and "issue.toml or issue.json" in text, name
    render = subs["render"].format_help()
    assert re.search(r"--dpi DPI\s+resolution, 10 to 1200 dots per inch \(default: 150\.0\)", render)
    printing = " ".join(subs["print"].format_help().split())
    assert "--paper {A4,A3} paper size (default: A4)" in printing
    assert "--mode {fit,tile,article}" in printing


def _readme_rows() -> dict[str, str]:
    """The README's command table: command -> its row."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| `herald (\w+)", line)
        if m:
            rows[m[1]] = line
    return rows


def test_the_readme_table_matches_the_help():
    rows = _readme_rows()
    subs = _subparsers(build_parser())
    assert sorted(rows) == sorted(subs)
    for name, sub in subs.items():
        actions = [a.option_strings for a in sub._actions if a.option_strings and "--help" not in a.option_strings]
        row = rows[name]
        missing = [opts for opts in actions if not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", row) for o in opts)]
        assert missing == [], f"{name}: the README's row lacks {missing}"
        known = {o for opts in actions for o in opts}
        unknown = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", re.split(r"(?<!\\)\|", row)[1])) - known
        assert unknown == set(), f"{name}: the README's row shows options the help does not have: {unknown}"


@pytest.mark.parametrize("cut", [1, 2])
def test_a_utf8_page_whose_character_straddles_the_sniffed_bytes_is_utf8(tmp_path, cut):
    """The first 4096 bytes are looked at: a three-byte character that
    begins before byte 4096 and ends after it does not make the file "not
    UTF-8"; a file that really ends mid-character still is."""
    from viewer.issue import file_kind as _file_kind

    page = tmp_path / "node_2.htm"
    head = b"<html><body>" + b"x" * (4096 - 12 - cut)
    page.write_bytes(head + "版面".encode("utf-8") + b"</body></html>")
    assert len(head) == 4096 - cut
    assert _file_kind(page) == "an HTML or XML file"
    page.write_bytes(head + "版".encode("utf-8")[:cut])
    assert _file_kind(page) == "a text file that is not UTF-8"
