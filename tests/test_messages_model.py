"""The model's messages are values: the English the command line prints and
the Chinese the window shows, both from one Msg.

Real issues are broken in the ways the loader and the checks report (files
the system refuses, TOML and JSON the parsers refuse, values pydantic
refuses, the checks of validate.py), and a few problems of each family are
compared word for word in both languages. The Chinese is worded by the
catalogue from ids and codes (errno, pydantic's error type, the parsers'
wording without its values), never by matching the English; every problem
is checked for English left over.
"""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest

from test_descriptors import P1, P2, append, edit, make_issue
from test_messages import english_left, unknown_codes
from viewer.messages import Foreign, Msg, Names, os_reason
from viewer.model import load, load_issue
from viewer.model.validate import check_issue

_FIELD_PATH = re.compile(r"[A-Za-z_$][\w$]*(?:\[\d+\]|\.[A-Za-z_$][\w$]*)*")


def _zh(value) -> str:
    return value.translated("zh") if isinstance(value, Msg) else value


def rows(root: Path) -> list[tuple[str, str, str, str, str]]:
    """(file, place, message, place in Chinese, message in Chinese) of every problem."""
    return [(p.file, str(p.where), str(p.message), _zh(p.where), _zh(p.message)) for p in check_issue(load_issue(root))]


# ------------------------------------------------------------ the issues, each broken in ways of one family


def _files(root: Path) -> None:
    edit(root / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt/more.txt"')
    (root / P2).unlink()
    os.mkfifo(root / P2)


def _syntax(root: Path) -> None:
    edit(root / P1, 'section = "要闻"', "section = 要闻")
    append(root / P2, '[editors]\nart = "甲"\n[editors]\n')
    (root / "pages" / "03.toml").write_text("number = 3\nsection = [1, 2", encoding="utf-8")
    (root / "pages" / "04.json").write_text('{\n  "number": 4,\n  "section": "综合",\n}\n', encoding="utf-8")
    (root / "pages" / "05.json").write_text('{"number": 5, "section": "综合", "number": 5}', encoding="utf-8")
    (root / "pages" / "06.json").write_text('{"number": 6, "section": "综\\q合"}', encoding="utf-8")


def _types(root: Path) -> None:
    edit(root / "issue.toml", "issue_number = 7", "issue_number = 0")
    edit(root / "issue.toml", "date = 2025-12-29", 'date = "昨天"')
    append(root / "issue.toml", "[defaults.grid]\ncolumns = 21\n[defaults.size]\nwidth_mm = 10.0\n")
    edit(root / P1, "{ col = 1, span = 4, line = 1, lines = 20 }", '{ col = "one", span = 4, line = 1, lines = 20 }')
    edit(root / P1, 'caption = "图为测试图片说明。"', 'caption = "图为测试图片说明。"\nzzz = 1\nfit = "fill"')
    edit(root / P1, 'headline = "头条标题"', 'headlin = "头条标题"\nsample = 1')
    edit(root / P1, 'id = "p1-photo"', 'id = "-x"')
    edit(root / P2, 'headline = "二版头条"', 'headline = ""')
    edit(root / P2, "frames = [{ col = 1, span = 8, line = 1, lines = 20 }]", "frames = []")
    append(root / P2, '[[blocks]]\ntype = "rule"\norientation = "slanted"\nx_mm = nan\ny_mm = 0\nlength_mm = 5\n'
                      '[[blocks]]\ntype = "box"\nframe = 3\n'
                      '[[blocks]]\ntype = "box"\nframe = { col = 1, span = 2, line = 1 }\n'
                      '[[blocks]]\ntype = "artcle"\n'
                      '[[blocks]]\ntype = "photo"\nimage = "images/photo.png"\n'
                      "frame = { col = 1, span = 2, line = 30, lines = 5 }\n")


def _checks(root: Path) -> None:
    edit(root / "issue.toml", "page_count = 2", "page_count = 3")
    edit(root / P2, "frames = [{ col = 1, span = 8, line = 1, lines = 20 }]",
         "frames = [{ col = 6, span = 4, line = 1, lines = 20 }]")
    edit(root / P2, 'id = "p2-lead"', 'id = "p1-lead"')
    edit(root / P1, "{ col = 1, span = 4, line = 1, lines = 20 }", "{ col = 3, span = 4, line = 1, lines = 20 }")
    edit(root / P1, 'headline = "头条标题"', 'headline = "头条{标题"')
    append(root / P2, '[[blocks]]\ntype = "continuation"\narticle = "ghost"\n'
                      "frames = [{ col = 1, span = 4, line = 50, lines = 5 }]\n"
                      '[[blocks]]\ntype = "rule"\norientation = "vertical"\ncol = 10\nline = 1\n')
    (root / "images" / "photo.png").unlink()
    (root / "text" / "p1-lead.txt").write_bytes("第一段。\n".encode() + b"\xff\xfe\n")


FAMILIES = {"files": _files, "syntax": _syntax, "types": _types, "checks": _checks}


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("model-messages")
    made = {}
    for name, breaking in FAMILIES.items():
        made[name] = make_issue(tmp / name)
        breaking(made[name])
    return made


@pytest.mark.parametrize("family, row", [
    # the system's reasons, translated by errno
    ("files", (P1, "blocks[1].text_file", "the file 'text/p1-lead.txt/more.txt' cannot be read (Not a directory)",
               "blocks[1].text_file", "文件“text/p1-lead.txt/more.txt”无法读取（不是文件夹）")),
    ("files", (P2, "", "the file is a FIFO, not a file", "", "文件是命名管道（FIFO），不是普通文件")),
    # the parsers' words, translated by their wording without the values they carry
    ("syntax", (P1, "line 2, column 11", "TOML syntax error: Invalid value", "第 2 行第 11 列", "TOML 语法错误：值无效")),
    ("syntax", (P2, "line 12, column 9", "TOML syntax error: Cannot declare ('editors',) twice",
                "第 12 行第 9 列", "TOML 语法错误：不能两次声明 ('editors',)")),
    ("syntax", ("pages/03.toml", "", "TOML syntax error: Unclosed array (at end of document)",
                "", "TOML 语法错误：数组没有闭合（在文件末尾）")),
    ("syntax", ("pages/04.json", "line 4, column 1", "JSON syntax error: Expecting property name enclosed in double quotes",
                "第 4 行第 1 列", "JSON 语法错误：此处应为用双引号括起的键名")),
    ("syntax", ("pages/05.json", "line 1, column 32", "the key 'number' is given twice in one object",
                "第 1 行第 32 列", "同一对象中键“number”出现了两次")),
    # pydantic's errors, translated by their type and context
    ("types", ("issue.toml", "date", "input should be a valid date or datetime, input is too short (got str '昨天')",
               "date", "应为日期：太短（实为字符串 '昨天'）")),
    ("types", ("issue.toml", "issue_number", "input should be greater than or equal to 1", "issue_number", "应大于或等于 1")),
    ("types", ("issue.toml", "defaults.size.width_mm", "input should be greater than 50", "defaults.size.width_mm",
               "应大于 50")),
    ("types", ("issue.toml", "defaults.grid.columns", "input should be less than or equal to 20",
               "defaults.grid.columns", "应小于或等于 20")),
    ("types", (P1, "blocks[1].frames[0].col", "input should be a valid integer (got str 'one')",
               "blocks[1].frames[0].col", "应为整数（实为字符串 'one'）")),
    ("types", (P1, "blocks[1].sample", "input should be a valid boolean (got int 1)",
               "blocks[1].sample", "应为布尔值（“true”或“false”）（实为整数 1）")),
    ("types", (P1, "blocks[0].fit", "input should be 'cover' or 'contain'", "blocks[0].fit", "应为 “cover”或“contain”")),
    ("types", (P1, "blocks[0].id", "string should match pattern '^[A-Za-z0-9][A-Za-z0-9_.-]*$'",
               "blocks[0].id", "不合格式：应符合“^[A-Za-z0-9][A-Za-z0-9_.-]*$”")),
    ("types", (P2, "blocks[0].headline", "string should have at least 1 character", "blocks[0].headline", "至少应有 1 个字符")),
    ("types", (P2, "blocks[0].frames", "list should have at least 1 item after validation, not 0",
               "blocks[0].frames", "数组至少应有 1 项，实有 0 项")),
    ("types", (P2, "blocks[1].x_mm", "input should be a finite number", "blocks[1].x_mm", "应为有限的数字")),
    ("types", (P2, "blocks[2].frame", "input should be a valid dictionary or instance of Frame (got int 3)",
               "blocks[2].frame", "应为表示框的表（实为整数 3）")),
    # the descriptors' own rules, and the loader's words around pydantic's
    ("types", (P2, "blocks[3].frame", "a grid frame needs col, line and lines; missing: lines",
               "blocks[3].frame", "网格框须有“col”、“line”和“lines”；缺少：“lines”")),
    ("types", (P1, "blocks[1].headlin", "unknown key 'headlin'; did you mean 'headline'?",
               "blocks[1].headlin", "未知的键“headlin”；是否应为“headline”？")),
    ("types", (P1, "blocks[0].zzz",
               "unknown key 'zzz'; allowed keys: type, id, image, frame, fit, crop, caption, credit, article, placeholder",
               "blocks[0].zzz", "未知的键“zzz”；可用的键：“type”、“id”、“image”、“frame”、“fit”、“crop”、“caption”、“credit”、"
                                "“article”、“placeholder”")),
    ("types", (P2, "blocks[5]", "required key 'id' is missing", "blocks[5]", "缺少必填的键“id”")),
    ("types", (P2, "blocks[4]", "unknown block type 'artcle'; expected one of 'masthead', 'article', 'continuation', "
                                "'photo', 'guide', 'rule', 'box', 'image', 'advert'; did you mean 'article'?",
               "blocks[4]", "未知的块类型 'artcle'；应为 “masthead”、“article”、“continuation”、“photo”、“guide”、“rule”、"
                            "“box”、“image”、“advert” 之一；是否应为“article”？")),
    # the checks of validate.py
    ("checks", ("issue.toml", "page_count", "page 3 is missing: the issue states 3 pages", "page_count", "缺少第 3 版：本期应有 3 版")),
    ("checks", (P2, "blocks[0].id", "duplicate id 'p1-lead' (also used in pages/01.toml)",
                "blocks[0].id", "标识“p1-lead”重复（pages/01.toml 中也已使用）")),
    ("checks", (P1, "blocks[1].frames[0]", "overlaps blocks[0].frame", "blocks[1].frames[0]", "与 blocks[0].frame 重叠")),
    ("checks", (P2, "blocks[0].frames[0]", "frame outside the grid: columns 6..9 pass the grid's 8 columns",
                "blocks[0].frames[0]", "框超出网格：占第 6 至 9 栏，而网格只有 8 栏")),
    ("checks", (P2, "blocks[2]", "column 10 is beyond the grid's 8 columns", "blocks[2]", "第 10 栏超出网格（网格只有 8 栏）")),
    ("checks", (P2, "blocks[1].article", "no article 'ghost' in the issue", "blocks[1].article", "本期没有稿件“ghost”")),
    ("checks", (P1, "blocks[0].image", "the image file 'images/photo.png' does not exist",
                "blocks[0].image", "图片文件“images/photo.png”不存在")),
    ("checks", (P1, "blocks[1].headline", "the no-break mark '{' at character 3 is not closed by '}'",
                "blocks[1].headline", "不断行标记“{”（第 3 个字符）没有对应的“}”")),
    ("checks", ("text/p1-lead.txt", "line 2", "the text file is not UTF-8 (byte 0xFF at offset 13); save it as UTF-8",
                "第 2 行", "文本文件不是 UTF-8 编码（偏移 13 处的字节 0xFF）；请存为 UTF-8")),
])
def test_a_model_message_reads_the_same_in_english_and_as_an_editor_would_write_it_in_chinese(broken, family, row):
    assert row in rows(broken[family])


@pytest.mark.parametrize("family", FAMILIES)
def test_every_model_problem_is_a_value_with_a_chinese_form_and_no_english_left(broken, family):
    problems = check_issue(load_issue(broken[family]))
    assert len(problems) >= 2
    for p in problems:
        assert isinstance(p.message, Msg), p
        assert isinstance(p.where, Msg) or p.where == "" or _FIELD_PATH.fullmatch(p.where), p
        assert unknown_codes(p.message) == [], p
        assert english_left(p.message.translated("zh")) == [], (str(p), p.message.translated("zh"))
        assert p.message.translated("en") == str(p.message)


@pytest.mark.parametrize("family", FAMILIES)
def test_a_model_message_kept_as_json_reads_as_before_in_both_languages(broken, family):
    """A library keeps problems as JSON: the message comes back with its id,
    its values and the codes of other programs' words."""
    for p in check_issue(load_issue(broken[family])):
        again = Msg.from_json(json.loads(json.dumps(p.message.to_json())))
        assert (str(again), again.translated("zh")) == (str(p.message), p.message.translated("zh"))


# ------------------------------------------------------------ the pieces


def test_a_read_refused_by_the_system_says_why_by_its_errno(tmp_path, monkeypatch):
    root = make_issue(tmp_path / "issue")

    def refused(path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(load, "read_regular", refused)
    [p] = load_issue(root).problems
    assert (p.file, p.where, p.message) == ("issue.toml", "", "cannot read the file: Permission denied")
    assert p.message.translated("zh") == "无法读取文件：没有权限"
    assert p.message.params["reason"] == Foreign("errno", "EACCES", "Permission denied")


def test_a_fifo_in_place_of_a_file_is_refused_in_words_of_ours(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OSError) as caught:
        load.read_regular(tmp_path / "pipe")
    reason = os_reason(caught.value)
    assert caught.value.errno == errno.EINVAL
    assert (reason, reason.translated("zh")) == ("it is a FIFO, not a file", "它是命名管道（FIFO），不是普通文件")
    why = load.not_a_file(tmp_path / "pipe")
    assert (why, why.translated("zh")) == ("is a FIFO, not a file", "是命名管道（FIFO），不是普通文件")


@pytest.mark.parametrize("program, text, code, values", [
    ("toml", "Invalid value", "Invalid value", {}),
    ("toml", "Expected '=' after a key in a key/value pair", "Expected '=' after a key in a key/value pair", {}),
    ("toml", "Expected \"'''\"", "Expected {what}", {"what": "\"'''\""}),
    ("toml", "Cannot declare ('a', 'b') twice", "Cannot declare {key} twice", {"key": "('a', 'b')"}),
    ("toml", "Illegal character '\\x01'", "Illegal character {char}", {"char": "'\\x01'"}),
    ("json", "Invalid control character '\\n' at", "Invalid control character {char} at", {"char": "'\\n'"}),
    ("json", "Invalid \\escape", "Invalid \\escape", {}),
])
def test_a_parsers_words_are_keyed_by_their_wording_without_values(program, text, code, values):
    words = load.parser_words(program, text)
    assert (words.code, words.text, words.params) == (code, text, values)
    assert words.known("zh") and english_left(words.translated("zh")) == []


def test_every_parser_wording_with_values_has_a_chinese_form():
    codes = [(program, code) for program, codes in load.PARSER_WORDS_WITH_VALUES.items() for code in codes]
    assert len(codes) == 9
    assert [c for c in codes if not Foreign(*c, "").known("zh")] == []


def test_names_listed_bare_in_english_are_quoted_in_chinese():
    keys = Names(["col", "line"], quote="", quoted=True)
    assert (str(keys), keys.translated("zh")) == ("col, line", "“col”、“line”")
    files = Names(["pages/01.toml", "pages/02.toml"], quote="")
    assert (str(files), files.translated("zh")) == ("pages/01.toml, pages/02.toml", "pages/01.toml、pages/02.toml")
