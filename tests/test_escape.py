"""Text from files through the one escaping function (viewer/escape.py):
OCR words and a title holding bidirectional controls and C1 controls are
shown as U+XXXX by ``info``, ``validate``, ``search`` and the window's
title, written as JSON escapes by ``info --json`` (the data unchanged), and
kept as they are in an exported PDF's text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.escape import PrintableStream, printable, printable_json, unprintable
from viewer.mupdf import load_pymupdf

ROOT = Path(__file__).resolve().parent.parent
ENMAP = ROOT / "tests" / "data" / "fixtures" / "enmap-v3"

RLO, PDF_, CSI, NEL, LRI, PDI, LRM, ALM = "\u202e", "\u202c", "\u009b", "\u0085", "\u2066", "\u2069", "\u200e", "\u061c"
TITLE = f"The Coast {RLO}etteZag{PDF_} {CSI}31m{NEL}[2J{LRI}x{PDI}{LRM}{ALM}"
TITLE_SHOWN = "The Coast U+202EetteZagU+202C U+009B31mU+0085[2JU+2066xU+2069U+200EU+061C"
WORD = f"Har{RLO}ruob{CSI}2J"
WORD_SHOWN = "HarU+202EruobU+009B2J"
HOSTILE = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C,
                            *range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, 0x00AD, 0xFEFF, 0xE000)]


def herald(*args, env=None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    proc = subprocess.run([sys.executable, "-m", "viewer", *map(str, args)], capture_output=True, env=env, cwd=ROOT,
                          timeout=120, stdin=subprocess.DEVNULL)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in out + err, err
    return proc.returncode, out, err


def assert_printable(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if c != "\n" and unprintable(c)})
    assert bad == [], bad


@pytest.fixture
def package(tmp_path) -> Path:
    """The ENMAP fixture with the hostile characters in its MODS title and
    in one ALTO word's CONTENT (as XML character references)."""
    pkg = tmp_path / "coast"
    shutil.copytree(ENMAP, pkg)
    ref = "".join(f"&#x{ord(c):X};" if unprintable(c) else c for c in TITLE)
    mets = (pkg / "mets.xml").read_text(encoding="utf-8")
    (pkg / "mets.xml").write_text(mets.replace("<mods:title>The Coast Gazette</mods:title>",
                                               f"<mods:title>{ref}</mods:title>"), encoding="utf-8")
    ref = "".join(f"&#x{ord(c):X};" if unprintable(c) else c for c in WORD)
    alto = (pkg / "ALTO" / "0001.xml").read_text(encoding="utf-8")
    (pkg / "ALTO" / "0001.xml").write_text(alto.replace('CONTENT="Harbour"', f'CONTENT="{ref}"'), encoding="utf-8")
    return pkg


def test_every_hostile_character_is_escaped_and_nothing_else():
    for ch in HOSTILE:
        assert printable(f"a{ch}b") == f"aU+{ord(ch):04X}b", f"U+{ord(ch):04X}"
    for text in ("报眉 第3版", "Ünïcödé – “quoted” 1⁄2", "a b\u3000c", "Hemu^gegchc» 🌊"):
        assert printable(text) == text
    # a lone surrogate (an undecodable byte in a file name) too
    assert printable("a\udcffb") == "aU+DCFFb"


def test_json_keeps_the_data_and_prints_safely():
    value = {"t": "".join(HOSTILE) + "报\U000F0001", "n": [1, None]}
    text = printable_json(value, indent=1)
    assert_printable(text)
    assert json.loads(text) == value
    assert json.loads(printable_json(value)) == value


def test_the_command_lines_stream_escapes_line_by_line(capsys):
    stream = PrintableStream(sys.stdout)
    print(f"a{RLO}b\nc{CSI}d", file=stream)
    assert capsys.readouterr().out == "aU+202Eb\ncU+009Bd\n"


def test_info_and_validate_show_the_characters_as_escapes(package):
    code, out, err = herald("info", package, "--no-layout")
    assert code == 0, err
    assert_printable(out + err)
    lines = out.splitlines()
    assert lines[0] == f"{TITLE_SHOWN}, 1901-03-05 (2 pages, enmap package mets.xml)"
    assert f"    DIVL7: {WORD_SHOWN} traffic" in lines
    code, out, err = herald("validate", package)
    assert code == 0 and f"valid: {TITLE_SHOWN}, 1901-03-05, 2 pages, 5 articles" in out.splitlines()
    assert_printable(out + err)


def test_info_json_keeps_the_text_in_json_escapes(package):
    """JSON is for programs: the text is the file's, written with JSON's own
    \\uXXXX escapes, so that a terminal showing it is safe as well."""
    code, out, err = herald("info", package, "--no-layout", "--json")
    assert code == 0, err
    assert_printable(out)
    assert '"paper": "The Coast \\u202eetteZag\\u202c \\u009b31m\\u0085[2J\\u2066x\\u2069\\u200e\\u061c"' in out
    info = json.loads(out)
    assert info["paper"] == TITLE
    assert info["pages"][0]["articles"][1]["headline"] == f"{WORD} traffic"


def test_search_output_shows_the_characters_as_escapes(package, tmp_path):
    env = {"HERALD_DATA_DIR": str(tmp_path / "data")}
    assert herald("library", "add", package, env=env)[0] == 0
    code, out, err = herald("search", "traffic", env=env)
    assert code == 0, err
    assert_printable(out + err)
    assert f"  page 1: {WORD_SHOWN} traffic" in out.splitlines()
    code, out, err = herald("library", "list", env=env)
    assert_printable(out + err)
    assert f"{TITLE_SHOWN}: 1 issue" in out.splitlines()
    code, out, err = herald("search", "traffic", "--json", env=env)
    assert_printable(out)
    assert json.loads(out)["issues"][0]["hits"][0]["headline"] == f"{WORD} traffic"


def test_the_window_title_and_file_names_are_escaped_the_pdf_keeps_the_text(qtbot, make_window, package, tmp_path):
    win = make_window(path=package)
    title = win.windowTitle()
    assert TITLE_SHOWN in title
    assert_printable(title)
    name = win._default_pdf_name("article", f"a/{RLO}b")
    assert Path(name).name == "1901-03-05-a_U+202Eb.pdf"
    win.close()
    target = tmp_path / "coast.pdf"
    code, _out, err = herald("export", package, "-o", target)
    assert code == 0, err
    with load_pymupdf().open(str(target)) as doc:
        text = doc[0].get_text()
        assert WORD in text  # the text layer holds the word as the file has it
        assert doc.metadata["title"].startswith(TITLE)
