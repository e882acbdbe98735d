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


def not_underset(stderr: str) -> str:
    """A command's messages without the fit checks' underset warnings (the
    small test issue's text fills little of its frames)."""
    return "".join(line + "\n" for line in stderr.splitlines() if not line.endswith("(underset)"))


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


def test_a_fifo_as_image_is_refused_by_validate_render_export_and_print(issue, tmp_path):
    (issue / "images" / "photo.png").unlink()
    os.mkfifo(issue / "images" / "photo.png")
    proc = run("validate", str(issue), timeout=30)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{issue}/{P1}: blocks[0].image: the image file 'images/photo.png' is a FIFO, not a file"]
    warning = ("warning: page 1: image 'images/photo.png' cannot be used (the file is a FIFO, not a file); "
               "a placeholder is shown")
    for args in (("render", str(issue), "--page", "1", "-o", str(tmp_path / "p.png")),
                 ("export", str(issue), "-o", str(tmp_path / "p.pdf")),
                 ("print", str(issue), "--to-pdf", str(tmp_path / "printed.pdf"))):
        proc = run(*args, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert warning in proc.stderr.splitlines(), proc.stderr


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
    assert problems(issue) == [(P2, "line 10, column 108", "TOML nested deeper than 100 levels")]


def test_deep_nesting_in_json_is_a_located_problem(issue):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text('{"number": 2,\n "deep": ' + "{\"a\": " * 10000 + "1" + "}" * 10001,
                                             encoding="utf-8")
    proc = run("validate", str(issue))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"{issue}/pages/02.json: line 2, column 604: JSON nested deeper than 100 levels"]


def test_a_5000_digit_integer_is_a_located_problem(issue):
    append(issue / P2, "serial = " + "7" * 5000 + "\n")
    (issue / "pages" / "03.json").write_text('{"number": 3,\n"section": ' + "9" * 5000 + "}", encoding="utf-8")
    assert problems(issue) == [
        (P2, "line 10, column 10", "a number of 5000 digits is too long to be read"),
        ("pages/03.json", "line 2, column 12", "a number of 5000 digits is too long to be read"),
    ]


def test_brackets_in_text_are_far_from_the_nesting_limit(issue):
    edit(issue / P2, 'text = "二版正文第一段。', 'text = "' + "[" * 40 + "二版正文第一段。")
    append(issue / P2, "# " + "{" * 40 + "\n")
    assert [p for p in problems(issue) if "nested" in p[2]] == []


def test_a_duplicate_key_is_found_after_a_nested_object_and_a_leading_blank_line(issue):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text(
        '\n{"number": 2, "editors": {"art": "甲", "proof": "乙"},\n  "section": "综合", "section": "要闻"}',
        encoding="utf-8")
    assert problems(issue) == [("pages/02.json", "line 3, column 20", "the key 'section' is given twice in one object")]


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


# ------------------------------------------------------------- images


def _bomb_png(path: Path, side: int = 13000) -> None:
    """A PNG of side x side grey pixels in a small file (its rows are zeros)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    z = zlib.compressobj(9)
    row = bytes(side + 1)
    body = b"".join(z.compress(row) for _ in range(side)) + z.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))


THREE_PHOTOS = """
[[blocks]]
type = "photo"
id = "p2-a"
image = "images/a.png"
frame = { col = 1, span = 2, line = 30, lines = 20 }

[[blocks]]
type = "photo"
id = "p2-b"
image = "images/b.png"
frame = { col = 3, span = 2, line = 30, lines = 20 }

[[blocks]]
type = "photo"
id = "p2-c"
image = "images/c.png"
frame = { col = 5, span = 2, line = 30, lines = 20 }
"""


def test_pixel_bombs_are_refused_before_decoding_with_our_own_warning(issue, tmp_path):
    for name in "abc":
        _bomb_png(issue / "images" / f"{name}.png")
    assert (issue / "images" / "a.png").stat().st_size < 300_000
    append(issue / P2, THREE_PHOTOS)
    reason = ("13000 x 13000 pixels (169 megapixels), and a PNG cannot be decoded at a reduced size: "
              "more than the 64 megapixels an image may be decoded at")
    warnings = [f"warning: page 2: image 'images/{n}.png' cannot be used ({reason}); a placeholder is shown"
                for n in "abc"]
    proc = run("render", str(issue), "--page", "2", "-o", str(tmp_path / "p2.png"))
    assert proc.returncode == 0
    assert [line for line in proc.stderr.splitlines() if line.startswith("warning") and "image '" in line] == warnings
    assert "DecompressionBomb" not in proc.stderr and "warnings.warn" not in proc.stderr
    proc = run("export", str(issue), "--pages", "2", "-o", str(tmp_path / "p2.pdf"))
    assert proc.returncode == 0 and "DecompressionBomb" not in proc.stderr
    assert [line for line in proc.stderr.splitlines() if line.startswith("warning") and "image '" in line] == warnings
    from viewer.mupdf import load_pymupdf

    with load_pymupdf().open(tmp_path / "p2.pdf") as doc:
        assert doc[0].get_images() == []  # three placeholders, drawn as vectors


def _jpeg(path: Path, size: tuple[int, int], colours=((200, 30, 30), (30, 30, 200)), **save) -> None:
    """A JPEG whose left half is the first colour, its right half the second."""
    from PIL import Image

    im = Image.new("RGB", size, colours[0])
    im.paste(colours[1], (size[0] // 2, 0, size[0], size[1]))
    im.save(path, quality=85, **save)


def test_a_truncated_jpeg_is_a_placeholder_with_a_warning_on_every_device(issue, tmp_path):
    from PIL import Image

    good = tmp_path / "good.jpg"
    _jpeg(good, (800, 600))
    raw = good.read_bytes()
    (issue / "images" / "photo.png").unlink()
    (issue / "images" / "photo.jpg").write_bytes(raw[: len(raw) // 2])
    edit(issue / P1, 'image = "images/photo.png"', 'image = "images/photo.jpg"')
    warning = "warning: page 1: image 'images/photo.jpg' cannot be used (the image is damaged: image file is truncated"
    proc = run("render", str(issue), "--page", "1", "--dpi", "72", "-o", str(tmp_path / "p1.png"))
    assert not_underset(proc.stderr).startswith(warning) and not_underset(proc.stderr).endswith("); a placeholder is shown\n")
    from viewer.model import load_issue
    from viewer.layout import layout_issue

    photo = layout_issue(load_issue(issue)).page(1).images[0]
    x0, y0, x1, y1 = photo.rect
    with Image.open(tmp_path / "p1.png") as page:
        # the placeholder's grey, not half a photo
        assert page.convert("RGB").getpixel((round((x0 + x1) / 2) + 20, round(y0 + 20))) == (0xE4, 0xE4, 0xE4)
    proc = run("export", str(issue), "-o", str(tmp_path / "p.pdf"))
    assert not_underset(proc.stderr).startswith(warning) and not_underset(proc.stderr).endswith("); a placeholder is shown\n")
    from viewer.mupdf import load_pymupdf

    with load_pymupdf().open(tmp_path / "p.pdf") as doc:
        assert doc[0].get_images() == []


def test_exif_orientation_turns_the_photo_on_screen_and_in_the_pdf(issue, tmp_path):
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: turn 90 degrees clockwise to show
    (issue / "images" / "photo.png").unlink()
    _jpeg(issue / "images" / "photo.jpg", (400, 200), exif=exif.tobytes())
    edit(issue / P1, 'image = "images/photo.png"', 'image = "images/photo.jpg"')
    edit(issue / P1, 'caption = "图为测试图片说明。"', 'fit = "contain"\ncaption = "图为测试图片说明。"')
    from viewer.export.pdf import export_issue_pdf
    from viewer.mupdf import load_pymupdf
    from viewer.layout import layout_issue
    from viewer.model import load_issue
    from viewer.render.paint import render_image

    data = load_issue(issue)
    layout = layout_issue(data)
    photo = layout.page(1).images[0]
    x0, y0, x1, y1 = photo.rect
    assert (y1 - y0) / (x1 - x0) == pytest.approx(2.0, rel=0.01)  # upright: twice as tall as wide
    img = render_image(layout.page(1), 72)
    top = img.pixelColor(round((x0 + x1) / 2), round(y0 + (y1 - y0) * 0.25))
    bottom = img.pixelColor(round((x0 + x1) / 2), round(y0 + (y1 - y0) * 0.75))
    assert top.red() > 150 and top.blue() < 80  # the stored left half, red, is on top
    assert bottom.blue() > 150 and bottom.red() < 80
    export_issue_pdf(data, layout, tmp_path / "o.pdf", [1])
    with load_pymupdf().open(tmp_path / "o.pdf") as doc:
        pix = doc[0].get_pixmap(dpi=72)
        r, g, b = pix.pixel(round((x0 + x1) / 2), round(y0 + (y1 - y0) * 0.25))[:3]
        assert r > 150 and b < 80
        r, g, b = pix.pixel(round((x0 + x1) / 2), round(y0 + (y1 - y0) * 0.75))[:3]
        assert b > 150 and r < 80


def test_a_large_jpeg_is_decoded_at_the_size_shown_and_embedded_at_300_dpi(issue, tmp_path):
    """9000 x 8000 px (72 megapixels, over the 64 allowed whole): drawn from
    a reduced decode, with a warning, and put into the PDF at 300 dpi."""
    from viewer.layout import images as image_io
    from viewer.export.pdf import export_issue_pdf
    from viewer.mupdf import load_pymupdf
    from viewer.layout import layout_issue
    from viewer.model import load_issue
    from viewer.render import paint

    (issue / "images" / "photo.png").unlink()
    _jpeg(issue / "images" / "photo.jpg", (9000, 8000))
    edit(issue / P1, 'image = "images/photo.png"', 'image = "images/photo.jpg"')
    data = load_issue(issue)
    layout = layout_issue(data)
    assert tuple(w for w in layout.page(1).warnings if not w.endswith("(underset)")) == (
        "page 1: image 'images/photo.jpg': 9000 x 8000 pixels (72 megapixels), more than the 64 megapixels an "
        "image may be decoded at: it is drawn from a decode at reduced size",)
    info = image_io.probe(issue / "images" / "photo.jpg")
    # a screen of 1 pixel a point: the photo is about 480 pt wide, 1/16 of the size does, the JPEG decodes at 1/8
    item, _, scale = paint.image_scales(layout.page(1), 1.0)[0]
    assert scale == 1 / 16
    small = image_io.decode(info, 9000 * scale, 8000 * scale)
    assert small.size == (1125, 1000)
    # zoomed in as far as the limit allows: half size, 4500 x 4000
    assert image_io.decode(info, 9000, 8000).size == (4500, 4000)
    paint.image_cache.clear()
    export_issue_pdf(data, layout, tmp_path / "o.pdf", [1])
    x0, y0, x1, y1 = item.rect
    sx0, sy0, sx1, sy1 = item.crop
    want = (round(9000 * 300 / ((sx1 - sx0) * 72 / (x1 - x0))), round(8000 * 300 / ((sx1 - sx0) * 72 / (x1 - x0))))
    with load_pymupdf().open(tmp_path / "o.pdf") as doc:
        (xref, _, w, h, *_), = doc[0].get_images(full=True)
        assert (w, h) == pytest.approx(want, abs=1)
        assert w * h < 5_000_000  # not 72 megapixels


def test_jpeg_2000_decodes_at_a_reduced_level_and_falls_back_to_a_whole_decode(issue, monkeypatch):
    from PIL import Image

    from viewer.layout import images as image_io

    path = issue / "images" / "scan.jp2"
    im = Image.new("RGB", (1024, 768), (10, 120, 10))
    im.save(path)
    info = image_io.probe(path)
    assert (info.width, info.height, info.format) == (1024, 768, "JPEG2000")
    assert image_io.decode(info, 128, 96).size == (128, 96)
    real = image_io._decode_file

    def broken_levels(info, w, h, reduced):
        if reduced:
            raise OSError("broken data stream")
        return real(info, w, h, reduced)

    monkeypatch.setattr(image_io, "_decode_file", broken_levels)
    out = image_io.decode(info, 128, 96)
    assert out.size == (128, 96) and out.getpixel((5, 5)) == pytest.approx((10, 120, 10), abs=3)


@pytest.mark.parametrize("mode, value, expected", [("1", 1, 255), ("I;16", 40000, 156)])
def test_one_bit_and_sixteen_bit_tiffs_are_shown(issue, mode, value, expected):
    from PIL import Image

    from viewer.layout import images as image_io

    path = issue / "images" / "scan.tif"
    Image.new(mode, (300, 200), value).save(path)
    info = image_io.probe(path)
    assert info.error is None
    picture = image_io.decode(info, 300, 200)
    assert picture.mode == "L" and picture.getpixel((10, 10)) == expected  # grey stays grey: a quarter of RGB's memory


def test_a_page_over_its_pixel_budget_is_drawn_smaller_with_a_warning(issue, tmp_path, monkeypatch):
    """The per-page budget, lowered here so that two photos of 4000 x 3000
    at 300 dpi pass it."""
    import contextlib
    import io

    from viewer.cli import main
    from viewer.layout import images as image_io

    for name in "ab":
        _jpeg(issue / "images" / f"{name}.jpg", (4000, 3000))
    append(issue / P2, THREE_PHOTOS.replace("b.png", "b.jpg").replace("a.png", "a.jpg")
           .split('[[blocks]]\ntype = "photo"\nid = "p2-c"')[0])
    monkeypatch.setattr(image_io, "PAGE_LIMIT_PX", 4_000_000)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert main(["render", str(issue), "--page", "2", "--dpi", "300", "-o", str(tmp_path / "p.png")]) == 0
    assert [w for w in err.getvalue().splitlines() if not w.endswith("(underset)")] == [
        "warning: page 2: its images need 6.0 megapixels at this size, more than the 4.0 one page may hold; "
        "drawn at reduced resolution: a.jpg"]


# ------------------------------------------------------------- the window and screenshot


def test_screenshot_of_a_broken_folder_lists_the_problems_validate_lists(issue, tmp_path):
    append(issue / "issue.toml", "deep = " + "[" * 10000 + "]" * 10000 + "\n")
    proc = run("validate", str(issue))
    assert proc.stdout.splitlines() == [f"{issue}/issue.toml: line 5, column 108: TOML nested deeper than 100 levels"]
    proc = run("screenshot", str(issue), "-o", str(tmp_path / "shot.png"))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == ["issue.toml: line 5, column 108: TOML nested deeper than 100 levels",
                                        "error: the issue cannot be used (1 problem)"]
    assert not (tmp_path / "shot.png").exists()


def test_the_window_shows_the_problems_of_a_hostile_folder_and_its_valid_pages(qtbot, issue):
    from viewer.fonts import missing_chars
    from viewer.model import load_issue
    from viewer.model.validate import check_issue
    from viewer.ui.main_window import MainWindow

    (issue / P2).unlink()
    os.mkfifo(issue / P2)
    edit(issue / P1, 'caption = "图为测试图片说明。"', 'caption = "图为\\u202e测试。"\ncrop = [0, 0, nan, 1]')
    expected = [str(p) for p in check_issue(load_issue(issue), missing_chars)]
    assert expected == [f"{P1}: blocks[0].crop[2]: input should be a finite number", f"{P2}: the file is a FIFO, not a file"]
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_path(issue) is False  # page 1 is broken, page 2 a FIFO: nothing to show
    assert win.problems.lines() == expected
    win.last_message.close()
    edit(issue / P1, "crop = [0, 0, nan, 1]", "")
    expected = [str(p) for p in check_issue(load_issue(issue), missing_chars)]
    assert expected == [f"{P2}: the file is a FIFO, not a file",
                        f"{P1}: blocks[0]: characters not in the bundled fonts: U+202E"]
    assert win.open_path(issue) is True  # page 1 shows, the FIFO is listed
    qtbot.waitUntil(lambda: win.problems.lines() == expected, timeout=5000)
    assert win.doc.numbers == [1] and win.errors == []


# ------------------------------------------------------------- the loader's own corners


def test_a_linked_issue_file_is_refused_in_process_too(issue, tmp_path):
    (issue / "issue.toml").rename(tmp_path / "issue.toml")
    (issue / "issue.toml").symlink_to(tmp_path / "issue.toml")
    assert problems(issue) == [("issue.toml", "", "the file leads outside the issue folder (through a link)")]


def test_an_issue_file_that_is_not_a_table(tmp_path):
    root = tmp_path / "issue"
    root.mkdir()
    (root / "issue.json").write_text("[1, 2]", encoding="utf-8")
    assert problems(root) == [("issue.json", "", "the issue file must hold a table of keys")]


def test_an_issue_file_can_be_given_instead_of_its_folder(issue):
    from viewer.model import load_issue

    data = load_issue(issue / "issue.toml")
    assert data.root == issue and data.issue_file == "issue.toml"
    assert [p.page.number for p in data.pages] == [1, 2] and data.problems == []


def test_an_empty_folder_names_the_issue_file_it_looked_for(tmp_path):
    from viewer.model import load_issue

    assert load_issue(tmp_path).issue_file == "issue.toml"


def test_an_unusable_issue_raises_with_its_problems(issue, tmp_path):
    from viewer.model import IssueLoadError, load_issue

    load_issue(issue).raise_if_unusable()  # a usable issue: nothing raised
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(IssueLoadError) as caught:
        load_issue(empty).raise_if_unusable()
    assert [str(p) for p in caught.value.problems] == [f"{empty}: no issue.toml or issue.json in this folder: it is not an issue"]
    (issue / P1).write_text("number = 1\nsection = 5\n", encoding="utf-8")
    (issue / P2).write_text("number = 2\n", encoding="utf-8")
    data = load_issue(issue)
    assert data.issue is not None and data.pages == []
    with pytest.raises(IssueLoadError) as caught:
        data.raise_if_unusable()
    assert [str(p) for p in caught.value.problems] == [
        f"{P1}: section: input should be a valid string (got int 5)", f"{P2}: required key 'section' is missing"]
    data.problems.clear()
    with pytest.raises(IssueLoadError) as caught:
        data.raise_if_unusable()
    assert [str(p) for p in caught.value.problems] == ["issue.toml: the issue has no usable page"]


def test_the_issue_data_finds_articles_and_files(issue):
    from viewer.model import load_issue
    from viewer.model.load import resolve_file

    data = load_issue(issue)
    page, article = data.article("p1-lead")
    assert page.page.number == 1 and article.headline == "头条标题"
    assert data.article("p9-none") is None
    assert resolve_file(data, "text/p1-lead.txt") == (issue / "text" / "p1-lead.txt").resolve()
    assert resolve_file(data, "../outside.txt") is None and resolve_file(data, "/etc/hostname") is None


def test_a_read_error_is_a_located_problem(issue, monkeypatch):
    from viewer.model import load

    def failing(path):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(load, "read_regular", failing)
    assert problems(issue) == [
        ("issue.toml", "", "cannot read the file: Input/output error"),
    ]
    monkeypatch.undo()
    calls = []

    def failing_texts(path):
        if path.suffix == ".txt":
            calls.append(path.name)
            raise OSError(5, "Input/output error")
        return path.read_bytes()

    monkeypatch.setattr(load, "read_regular", failing_texts)
    assert problems(issue) == [(P1, "blocks[1].text_file", "cannot read the file 'text/p1-lead.txt': Input/output error")]
    assert calls == ["p1-lead.txt"]


def test_read_regular_refuses_a_fifo_at_once_without_waiting_for_a_writer(tmp_path):
    import errno
    import threading

    from viewer.model.load import read_regular

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    outcome = []

    def read():
        try:
            outcome.append(read_regular(fifo))
        except OSError as exc:
            outcome.append(exc)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(5)
    if t.is_alive():  # it waits for a writer: give it one, so that the thread ends
        with open(fifo, "wb"):
            pass
        t.join(5)
        pytest.fail("read_regular waited on a FIFO")
    exc, = outcome
    assert isinstance(exc, OSError) and exc.errno == errno.EINVAL and exc.strerror == "it is a FIFO, not a file"
    (tmp_path / "plain.txt").write_bytes(b"\xe6\x96\x87")
    assert read_regular(tmp_path / "plain.txt") == b"\xe6\x96\x87"


def test_what_a_file_is_named_for(tmp_path):
    import stat

    from viewer.model.load import file_kind, not_a_file

    assert file_kind(stat.S_IFREG | 0o644) is None
    assert [file_kind(m) for m in (stat.S_IFDIR, stat.S_IFIFO, stat.S_IFCHR, stat.S_IFBLK, stat.S_IFSOCK, 0)] == [
        "a folder", "a FIFO", "a character device", "a block device", "a socket", "not a regular file"]
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    assert not_a_file(tmp_path / "f.txt") is None
    assert not_a_file(tmp_path / "nothing.txt") == "does not exist"
    assert not_a_file(tmp_path / "f.txt" / "inside.txt") == "cannot be read (Not a directory)"


def test_a_path_through_a_file_or_with_a_nul_is_a_located_problem(issue):
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt/more.txt"')
    assert problems(issue) == [
        (P1, "blocks[1].text_file", "the file 'text/p1-lead.txt/more.txt' cannot be read (Not a directory)")]
    edit(issue / P1, 'text_file = "text/p1-lead.txt/more.txt"', 'text_file = "text/p1\\u0000.txt"')
    assert problems(issue) == [(P1, "blocks[1].text_file", "the path 'text/p1\x00.txt' holds a NUL character")]


@pytest.mark.parametrize("path", ["\\a.txt", "/a.txt"])
def test_paths_from_the_root_of_a_drive_are_absolute(issue, path):
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', f"text_file = '{path}'")
    assert problems(issue) == [
        (P1, "blocks[1].text_file", f"the path '{path}' is absolute; give it relative to the issue folder")]


def test_crlf_line_ends_in_a_text_file_are_read_as_plain_ones(issue):
    from viewer.model import load_issue

    (issue / "text" / "p1-lead.txt").write_bytes("第一段。\r\n\r\n第二段。\r\n".encode("utf-8"))
    assert load_issue(issue).texts["p1-lead"] == "第一段。\n\n第二段。\n"


def test_a_broken_issue_file_keeps_its_right_keys_stand_ins_for_the_rest_and_the_valid_pages(issue):
    from viewer.model import load_issue

    edit(issue / "issue.toml", 'paper = "测试导报"', "paper = 5\ncolour = 1")
    edit(issue / "issue.toml", "issue_number = 7", 'issue_number = "七"')
    edit(issue / "issue.toml", "page_count = 2", "page_count = true")
    data = load_issue(issue)
    assert data.issue is not None
    assert (data.issue.paper, data.issue.issue_number, data.issue.page_count) == ("?", 1, 1)
    assert str(data.issue.date) == "2025-12-29"  # right: kept
    assert data.placeholders == {"paper", "issue_number", "page_count"}
    assert [p.page.number for p in data.pages] == [1, 2]


def test_a_broken_issue_file_with_inline_pages_keeps_the_valid_ones_in_their_places(tmp_path):
    from viewer.model import load_issue

    root = tmp_path / "issue"
    root.mkdir()
    (root / "issue.json").write_text(
        '{"paper": "测试导报", "date": "2025-13-45", "issue_number": 1, "page_count": 3, "pages": ['
        '{"number": 1, "section": "要闻"}, {"number": 2, "sektion": "x"}, "pages/09.toml", {"number": 3, "section": "三"}]}',
        encoding="utf-8")
    data = load_issue(root)
    assert [p.page.number for p in data.pages] == [1, 3]
    assert data.broken_pages == {2: "issue.json#pages[1]"}
    assert [(p.where, p.message) for p in data.problems] == [
        ("date", "input should be a valid date or datetime, month value is outside expected range of 1-12 "
                 "(got str '2025-13-45')"),
        ("pages[1].sektion", "unknown key 'sektion'; did you mean 'section'?"),
        ("pages[2]", "the page file 'pages/09.toml' does not exist"),
    ]
    assert data.issue is not None and data.issue.date.isoformat() == "2000-01-01"


def test_a_broken_issue_file_without_a_valid_page_gives_no_issue(issue):
    from viewer.model import load_issue

    edit(issue / "issue.toml", "date = 2025-12-29", "date = 5")
    (issue / P1).write_text("number = 1\n", encoding="utf-8")
    (issue / P2).write_text("number = 2\n", encoding="utf-8")
    assert load_issue(issue).issue is None
    edit(issue / "issue.toml", "date = 5", "date = 2025-12-29")
    assert load_issue(issue).issue is not None  # a valid issue file stays, even without pages


def test_an_issue_whose_listed_pages_are_all_missing_is_not_called_pageless(issue):
    append(issue / "issue.toml", 'pages = ["pages/08.toml", "pages/09.toml"]\n')
    assert problems(issue) == [
        ("issue.toml", "pages[0]", "the page file 'pages/08.toml' does not exist"),
        ("issue.toml", "pages[1]", "the page file 'pages/09.toml' does not exist"),
    ]


def test_a_broken_page_counts_by_the_number_it_gives_and_the_next_pages_still_load(issue):
    from viewer.model import load_issue

    (issue / P1).rename(issue / "pages" / "front.toml")
    edit(issue / "pages" / "front.toml", 'section = "要闻"', 'section = "要闻"\ncolour = 1')
    (issue / "pages" / "zz.toml").write_text("number = [", encoding="utf-8")  # unreadable, and no number in its name
    data = load_issue(issue)
    assert data.broken_pages == {1: "pages/front.toml"}
    assert [p.page.number for p in data.pages] == [2]
    assert ("issue.toml", "page_count", "page 1 is missing: the issue states 2 pages") not in problems(issue)


def test_json_that_cannot_be_read_at_all(issue):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text('{"number": 2, "section": "综合", "x": "abc', encoding="utf-8")
    assert problems(issue) == [("pages/02.json", "line 1, column 37", "JSON syntax error: Unterminated string starting at")]


@pytest.mark.parametrize("old, new, expected", [
    ('byline = "本报讯（记者 张三）"', 'byline = "本报讯（记者 张三）"\nhead = { frame = { col = 1, line = 1 } }',
     [(P1, "blocks[1].head.frame", "a grid frame needs col, line and lines; missing: lines")]),
    ('byline = "本报讯（记者 张三）"', 'byline = "本报讯（记者 张三）"\nhead = { frame = { col = "x", line = 1, lines = 2 } }',
     [(P1, "blocks[1].head.frame.col", "input should be a valid integer (got str 'x')")]),
    ('section = "要闻"', 'section = ["要闻"]', [(P1, "section", "input should be a valid string (got a list)")]),
])
def test_errors_inside_optional_and_union_values_are_located_once(issue, old, new, expected):
    edit(issue / P1, old, new)
    assert problems(issue) == expected


def test_a_page_list_entry_of_the_wrong_kind_or_named_like_a_schema_key(issue):
    append(issue / "issue.toml", 'pages = [5, "$schema.toml", "pages/01.toml", "pages/02.toml"]\n')
    assert problems(issue) == [
        ("issue.toml", "pages[0]", "input should be a valid string (got int 5)"),
        ("issue.toml", "pages[1]", "the page file '$schema.toml' does not exist"),
    ]


def test_json_nesting_and_surrogates_are_located_in_process(issue):
    (issue / P2).unlink()
    page = issue / "pages" / "02.json"
    page.write_text('\n{"number": 2, "deep": ' + "[" * 101 + "]" * 101 + "}", encoding="utf-8")
    assert problems(issue) == [("pages/02.json", "line 2, column 122", "JSON nested deeper than 100 levels")]
    page.write_text('{"number": 2,\n"section": "\\uD83D"}', encoding="utf-8")
    assert problems(issue) == [
        ("pages/02.json", "line 2, column 13", "a \\u escape gives half of a UTF-16 pair, which is no character")]


def test_letters_do_not_count_as_brackets(issue):
    edit(issue / P2, 'section = "综合"', 'section = "综合"\nnote = "' + "X" * 150 + '"')
    assert problems(issue) == [(P2, "note", "unknown key 'note'; allowed keys: number, section, size, margins, grid, "
                                            "editors, blocks")]
    append(issue / P2, "deep = " + "[" * 101 + "]" * 101 + "\n")
    assert (P2, "line 11, column 108", "TOML nested deeper than 100 levels") in problems(issue)


@pytest.mark.parametrize("text, where", [
    ('\n{"number": 2, "number": 3}', "line 2, column 15"),
    ('{"section" : "甲",\n "number": 2, "section" : "乙"}', "line 2, column 15"),
    ('{"a": {"b": {"c": 1}, "section": 0}, "section": "甲",\n "section": "乙", "number": 2}', "line 2, column 2"),
])
def test_the_second_of_two_keys_is_located_exactly(issue, text, where):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text(text, encoding="utf-8")
    key = "number" if text.count('"number"') == 2 else "section"
    assert problems(issue) == [("pages/02.json", where, f"the key '{key}' is given twice in one object")]


def test_values_of_the_wrong_kind_for_a_table_or_a_page_entry_are_all_reported(issue):
    edit(issue / P2, 'section = "综合"', 'section = "综合"\nsize = 5')
    assert problems(issue) == [
        (P2, "size", "input should be a valid dictionary or instance of PageSize (got int 5)")]
    append(issue / "issue.toml", "pages = [5, 6]\n")
    assert problems(issue) == [
        ("issue.toml", "pages[0]", "input should be a valid string (got int 5)"),
        ("issue.toml", "pages[1]", "input should be a valid string (got int 6)"),
    ]


# ------------------------------------------------------------ numbers of METS/ALTO packages

TINY_ALTO = ROOT / "tests" / "data" / "fixtures" / "bad" / "missing-alto" / "ALTO" / "0002.xml"  # inch1200
ALTO_V4 = ROOT / "tests" / "data" / "fixtures" / "alto-v4" / "0001.xml"  # pixel, 2000 x 3000


def herald_in_process(*argv) -> tuple[int, str, str]:
    import contextlib
    import io

    from viewer.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def no_scan_notes(text: str) -> str:
    """A command's messages without the warnings that a page has no scan
    (the tiny pages here have none)."""
    return "".join(line + "\n" for line in text.splitlines() if "the scan of page" not in line)


def _tiny_page(folder: Path, width: str, height: str = "13200", name: str = "1.xml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = TINY_ALTO.read_text().replace('WIDTH="10200" HEIGHT="13200"', f'WIDTH="{width}" HEIGHT="{height}"')
    (folder / name).write_text(text)
    return folder


@pytest.mark.parametrize("value", ["NaN", "inf", "1e308", "99999999", "-5", "0", "wide"])
def test_a_page_size_out_of_range_is_a_located_error_and_the_page_is_left_out(tmp_path, value):
    folder = _tiny_page(tmp_path / "pkg", value)
    code, out, err = herald_in_process("validate", folder)
    assert code == 1
    assert (out, err) == ("", f"1.xml: line 6: Page[@WIDTH] is '{value}', not a number more than 0 and at most "
                              "94488.2 (inch1200, 2 m): the page is left out\n"
                              "error: the issue cannot be used (1 problem)\n")


def test_a_page_of_unusable_size_is_refused_by_every_command_alike(tmp_path):
    folder = _tiny_page(tmp_path / "pkg", "10200", height="NaN")
    said = ("1.xml: line 6: Page[@HEIGHT] is 'NaN', not a number more than 0 and at most 94488.2 (inch1200, 2 m): "
            "the page is left out\nerror: the issue cannot be used (1 problem)\n")
    for argv in (["validate", folder], ["info", folder, "--json"], ["render", folder, "-o", tmp_path / "p.png"],
                 ["export", folder, "-o", tmp_path / "p.pdf"], ["print", folder, "--to-pdf", tmp_path / "q.pdf"]):
        assert herald_in_process(*argv) == (1, "", said), argv[0]
    assert not any(tmp_path.glob("*.p*"))
    # in an issue of two pages the other page opens, as the window shows it, and the error stays an error
    _tiny_page(folder, "10200", name="2.xml")
    from viewer.issue import open_issue

    opened = open_issue(folder)
    assert opened.numbers == [2] and opened.left_out() == [1]
    assert [str(p) for p in opened.check() if p.severity == "error"] == [said.splitlines()[0]]
    code, out, err = herald_in_process("render", folder, "--page", "2", "-o", tmp_path / "p.png")
    assert (code, no_scan_notes(err)) == (1, said)


def test_a_page_size_in_points_out_of_range_is_a_located_error(tmp_path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    # 90000 pixels at the 300 dpi assumed without a scan: 7.6 m
    (folder / "page.xml").write_text(ALTO_V4.read_text().replace('WIDTH="2000" HEIGHT="3000"',
                                                                 'WIDTH="90000" HEIGHT="3000"'))
    code, out, err = herald_in_process("export", folder, "-o", tmp_path / "p.pdf")
    assert (code, out) == (1, "")
    assert err == ("page.xml: line 17: the page comes to 21600.0 × 720.0 pt; a page is at least 2.8 and at most "
                   "5669.3 pt a side (1 mm to 2 m): the page is left out\n"
                   "error: the issue cannot be used (1 problem)\n")


def test_numbers_out_of_range_inside_a_page_are_located_errors(tmp_path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    text = (ALTO_V4.read_text()
            .replace('<String ID="W1" CONTENT="NORTHERN" HPOS="200"', '<String ID="W1" CONTENT="NORTHERN" HPOS="NaN"')
            .replace('<TextBlock ID="TB2" HPOS="200" VPOS="400" WIDTH="800"',
                     '<TextBlock ID="TB2" HPOS="200" VPOS="400" WIDTH="-inf"')
            .replace('WC="0.95"', 'WC="95"').replace('FONTSIZE="10"', 'FONTSIZE="1e9"')
            .replace('POINTS="200,400 1000,400', 'POINTS="200,400 nan,400'))
    (folder / "page.xml").write_text(text)
    (folder / "0001.png").write_bytes((ALTO_V4.parent / "0001.png").read_bytes())
    code, out, err = herald_in_process("validate", folder)
    assert code == 1
    place = f"{folder.resolve()}/page.xml"
    assert out.splitlines() == [
        f"{place}: line 14: TextStyle[@FONTSIZE] is '1e9', not a number from 0 to 1000 (pt); it is not used",
        f"{place}: line 21: String[@HPOS] is 'NaN', not a number from -94488.2 to 94488.2 (pixel); it is taken as 0",
        f"{place}: line 23: String[@WC] is '95', not a number from 0 to 1; it is not used",
        f"{place}: line 26: TextBlock[@WIDTH] is '-inf', not a number from 0 to 94488.2 (pixel); it is taken as 0",
        f"{place}: line 27: Polygon[@POINTS] is '200,400 nan,400 1000,58…', which holds a number not from -94488.2 "
        "to 94488.2 (pixel); the polygon is not used"]
    # the page is drawn all the same, the values out of range taken as said
    code, out, err = herald_in_process("render", folder, "-o", tmp_path / "p.png")
    assert code == 1 and "error: the issue cannot be used (5 problems)" in err
    from viewer.sources.package import open_package

    issue = open_package(folder)
    words = issue.page(1).blocks[0].lines[0].words
    assert [w.box[0] for w in words] == [0.0, 216.0] and [w.confidence for w in words] == [0.98, None]


def test_only_the_first_ten_numbers_out_of_range_of_a_file_are_told(tmp_path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    word = '<String CONTENT="w" HPOS="NaN" VPOS="1200" WIDTH="600" HEIGHT="600"/>'
    text = TINY_ALTO.read_text().replace('<SP HPOS="3600" VPOS="1200" WIDTH="600"/>', word * 12)
    (folder / "page.xml").write_text(text)
    from viewer.sources.package import open_package

    issue = open_package(folder)
    issue.load_all()
    told = [str(p) for p in issue.problems if "the scan of page" not in p.message]
    assert told[:10] == ["page.xml: line 11: String[@HPOS] is 'NaN', not a number from -94488.2 to 94488.2 "
                         "(inch1200); it is taken as 0"] * 10
    assert told[10:] == ["page.xml: 2 more numbers out of range in this file are not listed"]


def _ordered_mets(folder: Path, orders: list[str]) -> Path:
    """A METS whose pages, of the ORDERs given, each name a copy of one tiny ALTO page."""
    folder.mkdir(parents=True, exist_ok=True)
    files, divs = [], []
    for i, order in enumerate(orders, 1):
        _tiny_page(folder, "10200", name=f"{i}.xml")
        files.append(f'<mets:file ID="F{i}" MIMETYPE="text/xml"><mets:FLocat xlink:href="{i}.xml"/></mets:file>')
        divs.append(f'<mets:div TYPE="page" ORDER="{order}"><mets:fptr FILEID="F{i}"/></mets:div>')
    (folder / "mets.xml").write_text(
        '<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        f'<mets:fileSec><mets:fileGrp USE="ocr">{"".join(files)}</mets:fileGrp></mets:fileSec>\n'
        '<mets:structMap TYPE="PHYSICAL"><mets:div TYPE="issue">\n' + "\n".join(divs) +
        '\n</mets:div></mets:structMap>\n</mets:mets>\n')
    return folder


def test_a_page_order_out_of_range_numbers_the_pages_as_listed(tmp_path):
    folder = _ordered_mets(tmp_path / "pkg", ["1000000000"])
    code, out, err = herald_in_process("render", folder, "--page", "1", "-o", tmp_path / "p.png")
    assert code == 0
    assert err.splitlines()[0] == ("mets.xml: line 4: warning: div[@ORDER] is '1000000000', not a number from 1 to "
                                   "10000; the pages are numbered in the order they are listed")
    assert out == f"{tmp_path / 'p.png'} (1275x1650 px, page 1)\n"


def test_a_page_the_issue_does_not_have_is_said_so_and_a_page_left_out_points_to_its_problem(tmp_path):
    folder = _ordered_mets(tmp_path / "pkg", ["1", "2", "5"])
    for argv in (["render", folder, "--page", "3", "-o", tmp_path / "p.png"], ["info", folder, "--page", "3"],
                 ["export", folder, "--pages", "3", "-o", tmp_path / "p.pdf"]):
        code, out, err = herald_in_process(*argv)
        said = "error: page 3 is not in the issue (its pages: 1-2, 5)\n"
        assert (code, out, no_scan_notes(err)) == (1, "", said), argv[0]
    (folder / "1.xml").unlink()
    code, out, err = herald_in_process("render", folder, "--page", "1", "-o", tmp_path / "p.png")
    assert (code, out) == (1, "")
    assert no_scan_notes(err) == ("warning: mets.xml: line 2: the OCR file '1.xml' of page 1 is not in the package; "
                                  "the page is left out\nerror: page 1 could not be read (see the problems above)\n")


def test_a_mets_area_whose_coordinates_are_out_of_range_is_a_located_error(tmp_path):
    import shutil

    from viewer.sources.package import open_package

    folder = tmp_path / "pkg"
    shutil.copytree(ROOT / "tests" / "data" / "fixtures" / "bl-partial", folder)
    mets = folder / "mets.xml"
    mets.write_text(mets.read_text().replace('COORDS="100,100,400,150"', 'COORDS="100,100,999999999,150"'))
    issue = open_package(folder)
    issue.load_all()
    assert [str(p) for p in issue.errors] == [
        "mets.xml: line 34: area[@COORDS] is '100,100,999999999,150', which holds a number not from -94488.2 to 94488.2 "
        "(pixel); the shape is not used"]
