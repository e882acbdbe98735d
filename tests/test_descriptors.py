"""Bad descriptors: every kind of mistake gives one exact, located problem.

Each case builds a small valid issue in tmp_path, breaks one thing, and
checks the problems that ``load_issue`` + ``check_issue`` report (file,
place, message). A representative few go through the command line as well:
``python -m viewer validate`` must list every problem one per line and exit
1, ``info`` must fail with a clear message, and neither may print a
traceback.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import tomllib
import zlib
from pathlib import Path

import pytest

from viewer.model import load_issue
from viewer.model.validate import check_issue

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"

ISSUE_TOML = """\
paper = "测试导报"
date = 2025-12-29
issue_number = 7
page_count = {page_count}
"""

PAGE1_TOML = """\
number = 1
section = "要闻"

[[blocks]]
type = "photo"
id = "p1-photo"
image = "images/photo.png"
frame = { col = 5, span = 4, line = 1, lines = 20 }
caption = "图为测试图片说明。"
credit = "记者 李四/摄"

[[blocks]]
type = "article"
id = "p1-lead"
headline = "头条标题"
byline = "本报讯（记者 张三）"
text_file = "text/p1-lead.txt"
frames = [
  { col = 1, span = 4, line = 1, lines = 20 },
]
"""

PAGE2_TOML = """\
number = 2
section = "综合"

[[blocks]]
type = "article"
id = "p2-lead"
headline = "二版头条"
text = "二版正文第一段。\\n\\n第二段。"
frames = [{ col = 1, span = 8, line = 1, lines = 20 }]
"""

LEAD_TEXT = "第一段正文。\n\n第二段正文。\n"

# Grid arithmetic of the default page (docs/descriptors.md, "The grid"):
# 546 mm high less 28 + 20 mm of margins = 498 mm = 1411.65 pt of type
# height; 1411.65 / 14 pt pitch = 100.8, so 100 grid lines.
DEFAULT_LINES = 100


def _png(width: int = 4, height: int = 3) -> bytes:
    """A tiny valid grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_issue(root: Path, pages: int = 2, page_count: int | None = None) -> Path:
    """Write a minimal valid issue (1 or 2 pages) that a test can then break."""
    assert pages in (0, 1, 2)
    (root / "pages").mkdir(parents=True, exist_ok=True)
    (root / "text").mkdir(exist_ok=True)
    (root / "images").mkdir(exist_ok=True)
    n = pages if page_count is None else page_count
    (root / "issue.toml").write_text(ISSUE_TOML.format(page_count=n), encoding="utf-8")
    if pages >= 1:
        (root / "pages" / "01.toml").write_text(PAGE1_TOML, encoding="utf-8")
        (root / "text" / "p1-lead.txt").write_text(LEAD_TEXT, encoding="utf-8")
        (root / "images" / "photo.png").write_bytes(_png())
    if pages >= 2:
        (root / "pages" / "02.toml").write_text(PAGE2_TOML, encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` (which must occur) in a descriptor."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def problems(root: Path) -> list[tuple[str, str, str]]:
    """(file, place, message) of every problem, as ``validate`` finds them."""
    from viewer.fonts import missing_chars

    data = load_issue(root)
    return [(p.file, p.where, p.message) for p in check_issue(data, missing_chars)]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "viewer", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stdout and "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def issue(tmp_path) -> Path:
    return make_issue(tmp_path / "issue")


P1 = "pages/01.toml"
P2 = "pages/02.toml"


# ------------------------------------------------------------- valid input


def test_minimal_issue_is_valid(issue):
    assert problems(issue) == []
    data = load_issue(issue)
    assert [pd.page.number for pd in data.pages] == [1, 2]
    assert data.texts["p1-lead"] == LEAD_TEXT
    assert data.texts["p2-lead"] == "二版正文第一段。\n\n第二段。"


def test_one_page_issue_is_valid(tmp_path):
    assert problems(make_issue(tmp_path / "one", pages=1)) == []


def test_bundled_front_page_passes():
    """Page 1 of the bundled issue has no problem of its own (other pages
    may be unfinished while they are being written)."""
    data = load_issue(BUNDLED)
    assert data.issue is not None and data.issue.paper == "中国高新技术产业导报"
    page1 = data.page(1)
    assert page1 is not None and page1.file == P1
    from viewer.fonts import missing_chars

    texts = {b.text_file for b in page1.page.blocks if getattr(b, "text_file", None)}
    mine = [p for p in check_issue(data, missing_chars) if p.file == P1 or p.file in texts]
    assert mine == []


# ------------------------------------------------------------- syntax


def test_malformed_toml_gives_line_and_column(issue):
    edit(issue / P1, 'section = "要闻"', "section = 要闻")
    assert problems(issue) == [(P1, "line 2, column 11", "TOML syntax error: Invalid value")]


def test_malformed_toml_array_header(issue):
    edit(issue / P1, '[[blocks]]\ntype = "article"', '[[blocks]\ntype = "article"')
    assert problems(issue) == [
        (P1, "line 12, column 9", "TOML syntax error: Expected ']]' at the end of an array declaration")]


def test_malformed_json_gives_line_and_column(issue):
    (issue / P2).unlink()
    (issue / "pages" / "02.json").write_text('{\n  "number": 2,\n  "section": "综合",\n}\n', encoding="utf-8")
    # the place and the reason come from Python's JSON parser, whose wording
    # changes between versions (3.13: "Illegal trailing comma", at the comma)
    [(file, where, message)] = problems(issue)
    assert file == "pages/02.json"
    assert where in ("line 4, column 1", "line 3, column 18")
    assert message.startswith("JSON syntax error: ") and len(message) > len("JSON syntax error: ")


def test_malformed_issue_json(tmp_path):
    root = make_issue(tmp_path / "i")
    (root / "issue.toml").unlink()
    (root / "issue.json").write_text('{"paper": "测试导报",\n "date": "2025-12-29"\n "page_count": 2}', encoding="utf-8")
    assert problems(root) == [
        ("issue.json", "line 3, column 2", "JSON syntax error: Expecting ',' delimiter")]


def test_an_issue_or_page_file_of_json_null_is_no_table_of_keys(tmp_path):
    """A JSON null parses, to None: it was taken for a file that could not
    be read, with no problem said, and validate then failed to lay out."""
    root = make_issue(tmp_path / "i")
    (root / "issue.toml").unlink()
    (root / "issue.json").write_text("null", encoding="utf-8")
    assert problems(root) == [("issue.json", "", "the issue file must hold a table of keys")]
    root = make_issue(tmp_path / "j")
    (root / "pages" / "02.toml").unlink()
    (root / "pages" / "02.json").write_text("null", encoding="utf-8")
    assert problems(root) == [
        ("pages/02.json", "", "input should be a valid dictionary or instance of Page (got NoneType None)")]


# ------------------------------------------------------------- types and keys


def test_wrong_type_names_the_field_path(issue):
    edit(issue / P1, "{ col = 1, span = 4, line = 1, lines = 20 }", '{ col = "one", span = 4, line = 1, lines = 20 }')
    assert problems(issue) == [
        (P1, "blocks[1].frames[0].col",
         "input should be a valid integer (got str 'one')")]


def test_wrong_type_in_issue(issue):
    edit(issue / "issue.toml", "issue_number = 7", 'issue_number = "七"')
    assert problems(issue) == [
        ("issue.toml", "issue_number",
         "input should be a valid integer (got str '七')")]


def test_bad_date_keeps_the_pages(issue):
    """A wrong issue field is one problem: the pages still load and no page
    count problem follows from stand-in values."""
    edit(issue / "issue.toml", "date = 2025-12-29", 'date = "昨天"')
    got = problems(issue)
    assert len(got) == 1 and got[0][:2] == ("issue.toml", "date")
    assert got[0][2].startswith("input should be a valid date")
    assert [pd.page.number for pd in load_issue(issue).pages] == [1, 2]


def test_unknown_key_did_you_mean(issue):
    edit(issue / P1, 'headline = "头条标题"', 'headlin = "头条标题"')
    # one mistake, one line: the "required key 'headline' is missing" twin is dropped
    assert problems(issue) == [(P1, "blocks[1].headlin", "unknown key 'headlin'; did you mean 'headline'?")]


def test_unknown_key_in_frame_and_issue(issue):
    edit(issue / P1, "{ col = 1, span = 4, line = 1, lines = 20 }", "{ col = 1, span = 4, line = 1, lines = 20, colums = 2 }")
    append(issue / "issue.toml", "[defaults.grid]\ncolumn = 6\n")
    assert problems(issue) == [
        ("issue.toml", "defaults.grid.column", "unknown key 'column'; did you mean 'columns'?"),
        (P1, "blocks[1].frames[0].colums", "unknown key 'colums'; did you mean 'columns'?"),
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(issue):
    edit(issue / P1, 'caption = "图为测试图片说明。"', 'caption = "图为测试图片说明。"\nzzz = 1')
    assert problems(issue) == [
        (P1, "blocks[0].zzz", "unknown key 'zzz'; allowed keys: type, id, image, frame, fit, crop, "
                             "caption, credit, article, placeholder")]


def test_unknown_block_type_did_you_mean(issue):
    edit(issue / P1, 'type = "photo"', 'type = "foto"')
    assert problems(issue) == [
        (P1, "blocks[0]", "unknown block type 'foto'; expected one of 'masthead', 'article', 'continuation', "
                          "'photo', 'guide', 'rule', 'box', 'image', 'advert'; did you mean 'photo'?")]


def test_block_without_type(issue):
    edit(issue / P1, 'type = "photo"\n', "")
    assert problems(issue) == [
        (P1, "blocks[0]", "the block has no 'type' key (masthead, article, continuation, photo, guide, rule, "
                          "box, image or advert)")]


def test_missing_required_key(issue):
    edit(issue / P1, 'section = "要闻"\n', "")
    edit(issue / P1, 'id = "p1-photo"\n', "")
    assert problems(issue) == [
        (P1, "", "required key 'section' is missing"),
        (P1, "blocks[0]", "required key 'id' is missing"),
    ]


def test_missing_required_issue_key(issue):
    edit(issue / "issue.toml", 'paper = "测试导报"\n', "")
    assert problems(issue) == [("issue.toml", "", "required key 'paper' is missing")]


def test_incomplete_grid_frame(issue):
    edit(issue / P1, "frame = { col = 5, span = 4, line = 1, lines = 20 }", "frame = { col = 5, span = 4, line = 1 }")
    assert problems(issue) == [(P1, "blocks[0].frame", "a grid frame needs col, line and lines; missing: lines")]


def test_mixed_frame_forms(issue):
    edit(issue / P1, "frame = { col = 5, span = 4, line = 1, lines = 20 }",
         "frame = { col = 5, line = 1, lines = 20, x_mm = 0, y_mm = 0, width_mm = 10, height_mm = 10 }")
    assert problems(issue) == [
        (P1, "blocks[0].frame", "give either grid fields (col, line, lines) or millimetre fields, not both")]


def test_bad_crop(issue):
    edit(issue / P1, 'credit = "记者 李四/摄"', 'credit = "记者 李四/摄"\ncrop = [0.6, 0, 0.2, 1]')
    assert problems(issue) == [
        (P1, "blocks[0]", "crop must be [left, top, right, bottom] with 0 <= left < right <= 1 and "
                          "0 <= top < bottom <= 1")]


def test_three_mistakes_three_lines(issue):
    edit(issue / P1, 'headline = "头条标题"', 'headlin = "头条标题"')
    edit(issue / P1, 'type = "photo"\nid = "p1-photo"', 'type = "photo"\nid = "p1-photo"\nfitt = "cover"')
    edit(issue / P1, "line = 1, lines = 20 },\n]", 'line = 1, lines = 2.5 },\n]')
    assert problems(issue) == [
        (P1, "blocks[0].fitt", "unknown key 'fitt'; did you mean 'fit'?"),
        (P1, "blocks[1].frames[0].lines", "input should be a valid integer (got float 2.5)"),
        (P1, "blocks[1].headlin", "unknown key 'headlin'; did you mean 'headline'?"),
    ]


# ------------------------------------------------------------- files and paths


def test_missing_text_file(issue):
    (issue / "text" / "p1-lead.txt").unlink()
    assert problems(issue) == [(P1, "blocks[1].text_file", "the file 'text/p1-lead.txt' does not exist")]


def test_missing_image_file(issue):
    (issue / "images" / "photo.png").unlink()
    assert problems(issue) == [(P1, "blocks[0].image", "the image file 'images/photo.png' does not exist")]


def test_relative_path_escaping_the_issue_folder(issue):
    (issue.parent / "outside.txt").write_text("外面的文字。", encoding="utf-8")  # exists, still refused
    (issue.parent / "outside.png").write_bytes(_png())
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "../outside.txt"')
    edit(issue / P1, 'image = "images/photo.png"', 'image = "images/../../outside.png"')
    assert problems(issue) == [
        (P1, "blocks[1].text_file", "the path '../outside.txt' leads outside the issue folder"),
        (P1, "blocks[0].image", "the path 'images/../../outside.png' leads outside the issue folder"),
    ]
    assert "p1-lead" not in load_issue(issue).texts


def test_absolute_path_is_refused(issue):
    inside = issue / "text" / "p1-lead.txt"  # absolute even when it points inside
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', f'text_file = "{inside.as_posix()}"')
    assert problems(issue) == [
        (P1, "blocks[1].text_file", f"the path '{inside.as_posix()}' is absolute; give it relative to the issue folder")]


def test_page_list_paths(issue):
    append(issue / "issue.toml", 'pages = ["pages/01.toml", "../elsewhere.toml", "pages/09.toml", "pages/02.toml"]\n')
    assert problems(issue) == [
        ("issue.toml", "pages[1]", "the path '../elsewhere.toml' leads outside the issue folder"),
        ("issue.toml", "pages[2]", "the page file 'pages/09.toml' does not exist"),
    ]


def test_non_utf8_text_file_names_file_and_line(issue):
    raw = "2025\n\nabc\n第三段正文。\n".encode("gbk")
    (issue / "text" / "p1-lead.txt").write_bytes(raw)
    offset = len(b"2025\n\nabc\n")
    byte = "第".encode("gbk")[0]
    assert problems(issue) == [
        ("text/p1-lead.txt", "line 4",
         f"the text file is not UTF-8 (byte 0x{byte:02X} at offset {offset}); save it as UTF-8")]


def test_non_utf8_descriptor(issue):
    raw = PAGE2_TOML.encode("gbk")
    (issue / P2).write_bytes(raw)
    offset = raw.index("综".encode("gbk"))
    assert problems(issue) == [
        (P2, "line 2", f"the file is not UTF-8 text (byte 0x{raw[offset]:02X} at offset {offset})")]


# ------------------------------------------------------------- empty issues


def test_folder_without_issue_file(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert problems(empty) == [(str(empty), "", "no issue.toml or issue.json in this folder: it is not an issue")]


def test_no_such_folder(tmp_path):
    missing = tmp_path / "nowhere"
    assert problems(missing) == [(str(missing), "", "no such issue folder")]


def test_issue_without_pages(tmp_path):
    root = make_issue(tmp_path / "i", pages=0, page_count=1)
    assert problems(root) == [
        ("issue.toml", "", "the issue has no pages (no pages/*.toml or pages/*.json, and no 'pages' list)")]


def test_issue_with_empty_page_list(issue):
    append(issue / "issue.toml", "pages = []\n")
    assert problems(issue) == [
        ("issue.toml", "", "the issue has no pages (no pages/*.toml or pages/*.json, and no 'pages' list)")]


# ------------------------------------------------------------- ids and grid


def test_duplicate_ids(issue):
    edit(issue / P2, 'id = "p2-lead"', 'id = "p1-lead"')
    assert problems(issue) == [(P2, "blocks[0].id", "duplicate id 'p1-lead' (also used in pages/01.toml)")]


def test_frame_outside_the_grid_columns(issue):
    edit(issue / P1, "frame = { col = 5, span = 4,", "frame = { col = 6, span = 4,")
    assert problems(issue) == [
        (P1, "blocks[0].frame", "frame outside the grid: columns 6..9 pass the grid's 8 columns")]


def test_frame_outside_the_grid_lines(issue):
    edit(issue / P2, "line = 1, lines = 20", "line = 90, lines = 20")
    assert problems(issue) == [
        (P2, "blocks[0].frames[0]", f"frame outside the grid: lines 90..109 pass the grid's {DEFAULT_LINES} lines")]


def test_millimetre_frame_outside_the_page(issue):
    edit(issue / P1, "frame = { col = 5, span = 4, line = 1, lines = 20 }",
         "frame = { x_mm = 300, y_mm = 0, width_mm = 100, height_mm = 50 }")
    assert problems(issue) == [(P1, "blocks[0].frame", "frame outside the grid: the frame lies partly outside the page")]


def test_rule_outside_the_grid(issue):
    append(issue / P2, '\n[[blocks]]\ntype = "rule"\norientation = "horizontal"\ncol = 3\nspan = 8\nline = 21\n')
    assert problems(issue) == [(P2, "blocks[1]", "the rule passes the grid's 8 columns")]


def test_overlapping_blocks(issue):
    append(issue / P1, '\n[[blocks]]\ntype = "advert"\nid = "ad"\nframe = { col = 3, span = 4, line = 15, lines = 10 }\n')
    assert problems(issue) == [
        (P1, "blocks[2].frame", "overlaps blocks[0].frame"),
        (P1, "blocks[2].frame", "overlaps blocks[1].frames[0]"),
    ]


def test_rules_and_boxes_may_overlap(issue):
    append(issue / P1, '\n[[blocks]]\ntype = "box"\nframe = { col = 1, span = 8, line = 1, lines = 20 }\n'
                       '\n[[blocks]]\ntype = "rule"\norientation = "vertical"\ncol = 5\nline = 1\nlines = 20\n')
    assert problems(issue) == []


# ------------------------------------------------------------- page numbers


def test_missing_page(tmp_path):
    root = make_issue(tmp_path / "i", pages=2, page_count=3)
    assert problems(root) == [("issue.toml", "page_count", "page 3 is missing: the issue states 3 pages")]


def test_duplicated_page(issue):
    edit(issue / P2, "number = 2", "number = 1")
    assert problems(issue) == [
        ("issue.toml", "page_count", "page 1 is described 2 times (pages/01.toml, pages/02.toml)"),
        ("issue.toml", "page_count", "page 2 is missing: the issue states 2 pages"),
    ]


def test_page_beyond_page_count(issue):
    edit(issue / P2, "number = 2", "number = 3")
    assert problems(issue) == [
        ("issue.toml", "page_count", "page 2 is missing: the issue states 2 pages"),
        (P2, "number", "page 3 is beyond the issue's page_count of 2"),
    ]


def test_a_broken_page_is_not_also_missing(issue):
    """A page whose file has an error is reported there, not as missing too."""
    edit(issue / P2, 'section = "综合"', 'sektion = "综合"')
    assert problems(issue) == [(P2, "sektion", "unknown key 'sektion'; did you mean 'section'?")]
    edit(issue / P2, "number = 2", "number = = 2")  # unreadable: its file name tells the number
    got = problems(issue)
    assert len(got) == 1 and got[0][0] == P2 and got[0][1].startswith("line 1, column")


# ------------------------------------------------------------- references


GUIDE = """
[[blocks]]
type = "guide"
frame = {{ col = 1, span = 4, line = 22, lines = 10 }}
entries = [
{entries}
]
"""


def test_guide_entries(issue):
    entries = ",\n".join([
        '  { title = "二版头条", page = 2, article = "p2-lead" }',  # right
        '  { title = "五版", page = 5 }',  # page missing
        '  { title = "搬走了", page = 1, article = "p2-lead" }',  # article on another page
        '  { title = "没有的", page = 2, article = "ghost" }',  # no such article
    ])
    append(issue / P1, GUIDE.format(entries=entries))
    assert problems(issue) == [
        (P1, "blocks[2].entries[1].page", "page 5 does not exist"),
        (P1, "blocks[2].entries[2].article", "article 'p2-lead' is on page 2, not 1"),
        (P1, "blocks[2].entries[3].article", "no article 'ghost' in the issue"),
    ]


CONTINUATION = """
[[blocks]]
type = "continuation"
article = "{article}"
frames = [{{ col = 1, span = 8, line = 22, lines = 10 }}]
"""


def test_valid_continuation(issue):
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt"\ncontinued_on = 2')
    append(issue / P2, CONTINUATION.format(article="p1-lead"))
    assert problems(issue) == []


def test_continuation_pointing_nowhere(issue):
    append(issue / P2, CONTINUATION.format(article="ghost"))
    assert problems(issue) == [(P2, "blocks[1].article", "no article 'ghost' in the issue")]


def test_continuation_of_an_article_that_does_not_jump(issue):
    append(issue / P2, CONTINUATION.format(article="p1-lead"))
    assert problems(issue) == [
        (P2, "blocks[1].article", "article 'p1-lead' (page 1) does not say continued_on = 2")]


def test_continued_on_without_continuation(issue):
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt"\ncontinued_on = 2')
    assert problems(issue) == [
        (P1, "blocks[1].continued_on", "page 2 has no continuation block for article 'p1-lead'")]


def test_continued_on_a_missing_page(issue):
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt"\ncontinued_on = 5')
    assert problems(issue) == [(P1, "blocks[1].continued_on", "page 5 does not exist")]


def test_photo_of_a_missing_article(issue):
    edit(issue / P1, 'credit = "记者 李四/摄"', 'credit = "记者 李四/摄"\narticle = "ghost"')
    assert problems(issue) == [(P1, "blocks[0].article", "no article 'ghost' in the issue")]


# ------------------------------------------------------------- fonts


def test_characters_missing_from_the_fonts():
    from viewer.fonts import missing_chars

    # the bundled fonts are a GB 2312 subset: these rare characters are not in it
    assert missing_chars("头条𠀀龘标题，。ABC 123") == "𠀀龘"


def test_characters_not_in_the_fonts_are_named(issue):
    edit(issue / P1, 'headline = "头条标题"', 'headline = "头条𠀀标题"')
    (issue / "text" / "p1-lead.txt").write_text("第一段龘正文。\n", encoding="utf-8")
    assert problems(issue) == [
        (P1, "blocks[1]", "characters not in the bundled fonts: 𠀀 (U+20000) 龘 (U+9F98)")]


def test_characters_not_in_the_fonts_in_the_issue(issue):
    edit(issue / "issue.toml", 'paper = "测试导报"', 'paper = "测试龘报"')
    assert problems(issue) == [("issue.toml", "", "characters not in the bundled fonts: 龘 (U+9F98)")]


# ------------------------------------------------------------- JSON


def _toml_to_json(root: Path) -> None:
    for f in sorted(root.rglob("*.toml")):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        f.with_suffix(".json").write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                                          encoding="utf-8")
        f.unlink()


def _summary(data):
    return (data.issue.model_dump(exclude={"pages"}), [pd.page for pd in data.pages],
            [pd.geometry for pd in data.pages], data.texts)


def test_json_files_load_like_toml(tmp_path):
    toml_root = make_issue(tmp_path / "toml")
    json_root = make_issue(tmp_path / "json")
    _toml_to_json(json_root)
    assert sorted(p.name for p in json_root.rglob("*.json")) == ["01.json", "02.json", "issue.json"]
    a, b = load_issue(toml_root), load_issue(json_root)
    assert b.issue_file == "issue.json"
    assert [pd.file for pd in b.pages] == ["pages/01.json", "pages/02.json"]
    assert _summary(a) == _summary(b)
    assert problems(json_root) == []


def test_single_issue_json_with_inline_pages(tmp_path):
    toml_root = make_issue(tmp_path / "toml")
    root = make_issue(tmp_path / "inline")
    issue = tomllib.loads((root / "issue.toml").read_text(encoding="utf-8"))
    issue["pages"] = [tomllib.loads((root / p).read_text(encoding="utf-8")) for p in (P1, P2)]
    for f in [root / "issue.toml", root / P1, root / P2]:
        f.unlink()
    (root / "issue.json").write_text(json.dumps(issue, ensure_ascii=False, default=str), encoding="utf-8")
    data = load_issue(root)
    assert [pd.file for pd in data.pages] == ["issue.json#pages[0]", "issue.json#pages[1]"]
    a = _summary(load_issue(toml_root))
    assert _summary(data) == a
    assert problems(root) == []


def test_inline_page_errors_are_located(tmp_path):
    root = make_issue(tmp_path / "inline")
    issue = tomllib.loads((root / "issue.toml").read_text(encoding="utf-8"))
    page1 = tomllib.loads((root / P1).read_text(encoding="utf-8"))
    page1["blocks"][1]["headlin"] = page1["blocks"][1].pop("headline")
    issue["pages"] = [page1, P2]
    (root / "issue.toml").unlink()
    (root / P1).unlink()
    (root / "issue.json").write_text(json.dumps(issue, ensure_ascii=False, default=str), encoding="utf-8")
    assert problems(root) == [
        ("issue.json", "pages[0].blocks[1].headlin", "unknown key 'headlin'; did you mean 'headline'?")]
    assert [pd.file for pd in load_issue(root).pages] == [P2]  # the good page is still shown


def test_schema_key_is_ignored(tmp_path):
    root = make_issue(tmp_path / "json")
    _toml_to_json(root)
    for f, schema in [(root / "issue.json", "issue"), (root / "pages" / "01.json", "page")]:
        data = json.loads(f.read_text(encoding="utf-8"))
        f.write_text(json.dumps({"$schema": f"../resources/schema/{schema}.schema.json"} | data,
                                ensure_ascii=False), encoding="utf-8")
    assert problems(root) == []


# ------------------------------------------------------------- command line


def test_cli_validate_lists_every_problem(issue):
    edit(issue / P1, 'headline = "头条标题"', 'headlin = "头条标题"')
    edit(issue / P1, 'type = "photo"', 'type = "foto"')
    (issue / "text" / "p1-lead.txt").write_bytes("第一段。".encode("gbk"))
    edit(issue / P2, "line = 1, lines = 20", "line = 1, lines = 200")
    proc = run_cli("validate", str(issue))
    assert proc.returncode == 1
    label = str(issue)
    assert proc.stdout.splitlines() == [
        f"{label}/{P1}: blocks[0]: unknown block type 'foto'; expected one of 'masthead', 'article', "
        "'continuation', 'photo', 'guide', 'rule', 'box', 'image', 'advert'; did you mean 'photo'?",
        f"{label}/{P1}: blocks[1].headlin: unknown key 'headlin'; did you mean 'headline'?",
        f"{label}/{P2}: blocks[0].frames[0]: frame outside the grid: lines 1..200 pass the grid's "
        f"{DEFAULT_LINES} lines",
    ]
    assert proc.stderr.strip() == f"3 problems found in {label}"


def test_cli_validate_text_file_problem(issue):
    (issue / "text" / "p1-lead.txt").write_bytes("第一段。\n".encode("gbk"))
    proc = run_cli("validate", str(issue))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{issue}/text/p1-lead.txt: line 1: the text file is not UTF-8 (byte 0xB5 at offset 0); save it as UTF-8"]


def test_cli_validate_and_info_on_malformed_issue(issue):
    edit(issue / "issue.toml", "issue_number = 7", "issue_number = 7 7")
    proc = run_cli("validate", str(issue))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{issue}/issue.toml: line 3, column 18: TOML syntax error: Expected newline or end of document after a statement"]
    proc = run_cli("info", str(issue))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "issue.toml: line 3, column 18: TOML syntax error: Expected newline or end of document after a statement",
        "error: the issue cannot be used (1 problem)",
    ]


def test_cli_on_a_folder_that_is_not_an_issue(tmp_path):
    proc = run_cli("validate", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"'{tmp_path}' is a folder without issue.toml or issue.json, without METS or ALTO files and without the pages of an e-paper site: not an issue folder"]
    proc = run_cli("info", str(tmp_path), "--json")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [f"error: '{tmp_path}' is a folder without issue.toml or issue.json, without METS or ALTO files and without the pages of an e-paper site: not an issue folder"]


def test_cli_info_reports_page_problems(issue):
    """On an issue that is usable but has errors, info names every problem."""
    edit(issue / P2, 'section = "综合"', 'sektion = "综合"')
    proc = run_cli("info", str(issue), "--json", "--no-layout")
    assert f"{P2}: sektion: unknown key 'sektion'; did you mean 'section'?" in proc.stderr.splitlines()


def test_cli_info_fails_on_page_problems(issue):
    edit(issue / P2, 'section = "综合"', 'sektion = "综合"')
    proc = run_cli("info", str(issue), "--json", "--no-layout")
    assert proc.returncode == 1
    assert "pages/02.toml: sektion: unknown key 'sektion'; did you mean 'section'?" in proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr


def test_cli_validate_valid_issue(issue):
    proc = run_cli("validate", str(issue))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the short texts leave their frames mostly empty: a warning each, still valid
    assert proc.stdout.splitlines() == [
        f"{issue}/pages/01.toml: blocks[1].frames[0]: warning: the body text of 'p1-lead' ends 61 lines before its last "
        "frame does (underset)",
        f"{issue}/pages/02.toml: blocks[0].frames[0]: warning: the body text of 'p2-lead' ends 126 lines before its last "
        "frame does (underset)",
        "valid: 测试导报 2025-12-29 第7期, 2 pages, 2 articles"]


def test_references_into_a_broken_page(issue):
    """A page with errors still exists: references to it are not reported
    again, and an article looked for may be on it."""
    append(issue / P1, GUIDE.format(entries='  { title = "二版头条", page = 2, article = "p2-lead" }'))
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt"\ncontinued_on = 2')
    edit(issue / P2, 'headline = "二版头条"', 'headlin = "二版头条"')
    assert problems(issue) == [
        (P2, "blocks[0].headlin", "unknown key 'headlin'; did you mean 'headline'?"),
        (P1, "blocks[2].entries[0].article",
         "no article 'p2-lead' in the issue (it may be in pages/02.toml, which has errors)"),
    ]


def test_two_continuations_of_one_article(issue):
    edit(issue / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt"\ncontinued_on = 2')
    append(issue / P2, CONTINUATION.format(article="p1-lead"))
    append(issue / P2, CONTINUATION.format(article="p1-lead").replace("line = 22", "line = 40"))
    assert problems(issue) == [
        (P2, "blocks[2].article", "article 'p1-lead' already continues in pages/02.toml blocks[1]")]


# ------------------------------------------------------------- the documented example

DOC = ROOT / "docs" / "descriptors.md"


def write_doc_example(tmp_path: Path) -> dict[str, Path]:
    """Write the files of the complete example in docs/descriptors.md."""
    text = DOC.read_text(encoding="utf-8")
    files = re.findall(r"^File `([^`]+)`:\n\n```[a-z]*\n(.*?)^```$", text, flags=re.M | re.S)
    assert len(files) == 5, [f for f, _ in files]
    for rel, body in files:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    roots = {"toml": tmp_path / "layouts" / "example", "json": tmp_path / "layouts" / "example-json"}
    for root in roots.values():
        (root / "images").mkdir(parents=True, exist_ok=True)
        (root / "images" / "meeting.png").write_bytes(_png(64, 48))
    (roots["json"] / "text").mkdir(exist_ok=True)
    (roots["json"] / "text" / "lead.txt").write_bytes((roots["toml"] / "text" / "lead.txt").read_bytes())
    return roots


def test_documented_example_is_valid_in_toml_and_json(tmp_path):
    roots = write_doc_example(tmp_path)
    assert problems(roots["toml"]) == []
    assert problems(roots["json"]) == []
    a, b = load_issue(roots["toml"]), load_issue(roots["json"])
    assert [pd.file for pd in b.pages] == ["issue.json#pages[0]", "issue.json#pages[1]"]
    assert _summary(a) == _summary(b)
    assert a.page(2).page.blocks[1].sample is True


def test_documented_validate_output(tmp_path):
    """The transcript in the documentation is what validate prints."""
    root = write_doc_example(tmp_path)["toml"]
    edit(root / P2, 'headline = "社区里的\\n读书角"', 'headlin = "社区里的\\n读书角"')
    edit(root / P2, 'type = "advert"', 'type = "advertisement"')
    edit(root / P1, "frame = { col = 7, span = 2, line = 14, lines = 10 }", "frame = { col = 8, span = 2, line = 14, lines = 10 }")
    edit(root / P1, "images/meeting.png", "images/meeting.jpg")
    lead = root / "text" / "lead.txt"
    lead.write_bytes(lead.read_text(encoding="utf-8").encode("gbk"))
    from viewer.fonts import missing_chars

    got = [f"layouts/example/{p}" for p in check_issue(load_issue(root), missing_chars)]
    transcript = re.search(r"\$ python -m viewer validate layouts/example\n(.*?)\n\n", DOC.read_text(encoding="utf-8"), re.S)
    shown = [ln.strip() for ln in transcript[1].splitlines()]
    assert shown[-1] == f"{len(got)} problems found in layouts/example"
    assert shown[:-1] == got
