"""The readers' messages are values: METS/ALTO packages and saved e-paper
sites.

Packages and sites are broken for real (a malformed ALTO file, numbers out
of range, a METS naming files that are missing or lie outside the package,
an e-paper page whose hot zones are wrong, a page file in a charset it does
not declare), and a few problems of each are compared whole in English (as
the command line prints them) and in Chinese (as the window shows them).
Every problem is a Msg whose Chinese keeps no English word but file names
and values; libxml2's reasons are translated by their error codes, never by
their wording.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_epaper_hostile import DAY, P1, copy, gbk_edit
from test_epaper_sources import CLASSIC
from test_messages import english_left, unknown_codes
from viewer.messages import Foreign, Msg
from viewer.model.problems import IssueLoadError
from viewer.sources.epaper import open_site
from viewer.sources.files import Refused, href_to_relative
from viewer.sources.package import open_package
from viewer.sources.xmlsafe import XmlRefused, parse_bytes

FIXTURES = Path(__file__).resolve().parent / "data" / "fixtures"


def _zh(value) -> str:
    return value.translated("zh") if isinstance(value, Msg) else value


def _rows(problems) -> list[tuple[str, str, str, str]]:
    """(place, message, place in Chinese, message in Chinese) of each
    problem, each checked: a Msg (its place too, when it has one), whose
    Chinese holds no English word and no other program's code the
    catalogue lacks."""
    out = []
    for p in problems:
        assert isinstance(p.message, Msg), repr(p.message)
        assert not p.where or isinstance(p.where, Msg), repr(p.where)
        row = (str(p.where), str(p.message), _zh(p.where), _zh(p.message))
        assert english_left(row[2]) == [] and english_left(row[3]) == [], row
        assert unknown_codes(p.message) == [], row
        out.append(row)
    return out


def _package_problems(path: Path) -> list:
    """Every problem of a package, all of it read; those of an issue that cannot be opened."""
    try:
        issue = open_package(path)
    except IssueLoadError as exc:
        return exc.problems
    issue.load_all()
    return issue.problems


# ------------------------------------------------------------ ALTO


def test_a_malformed_alto_file_is_said_by_libxml2s_code():
    (problem,) = _package_problems(FIXTURES / "bad" / "malformed.xml")
    assert _rows([problem]) == [(
        "line 9, column 17", "malformed XML: Opening and ending tag mismatch: TextLine line 7 and TextBlock",
        "第 9 行第 17 列", "XML 格式错误：起始标签“TextLine”（第 7 行）与结束标签“TextBlock”不匹配")]
    detail = problem.message.params["detail"]
    assert isinstance(detail, Foreign) and (detail.program, detail.code) == ("libxml2", "ERR_TAG_NAME_MISMATCH")


@pytest.mark.parametrize("data, code, chinese", [
    (b"", "ERR_DOCUMENT_EMPTY", "XML 格式错误：文档中没有元素（文件是空的，或不以“<”开始）"),
    (b"not xml", "ERR_DOCUMENT_EMPTY", "XML 格式错误：文档中没有元素（文件是空的，或不以“<”开始）"),
    (b"<alto/><alto/>", "ERR_DOCUMENT_END", "XML 格式错误：文档末尾有多余的内容"),
    (b"<alto>", "ERR_TAG_NOT_FINISHED", "XML 格式错误：标签“alto”（第 1 行）没有结束，文件就已结束"),
    (b"<alto a='1' a='2'/>", "ERR_ATTRIBUTE_REDEFINED", "XML 格式错误：属性“a”重复定义"),
    (b"<alto a=1/>", "ERR_ATTRIBUTE_NOT_STARTED", "XML 格式错误：属性值应以 \" 或 ' 开始"),
    (b"<alto>&nbsp;</alto>", "ERR_UNDECLARED_ENTITY", "XML 格式错误：实体“nbsp”未定义"),
    (b"<alto>\x01</alto>", "ERR_INVALID_CHAR", "XML 格式错误：有 XML 中不允许的字符"),
    (b"<?xml version='1.0' encoding='UTF-8'?><alto>\xff</alto>", "ERR_INVALID_ENCODING",
     "XML 格式错误：有不合字符编码的字节"),
    (b"<mets:mets/>", "NS_ERR_UNDEFINED_NAMESPACE", "XML 格式错误：元素“mets”的命名空间前缀“mets”未定义"),
    (b"<a>" * 300, "ERR_RESOURCE_LIMIT", "XML 格式错误：超出了解析器的限制（如嵌套太深、文本太长）"),
])
def test_each_kind_of_malformed_xml_reads_in_chinese(data, code, chinese):
    with pytest.raises(XmlRefused) as caught:
        parse_bytes(data, "page.xml")
    ((_, english, _, zh),) = _rows([caught.value.problem])
    detail = caught.value.problem.message.params["detail"]
    assert (detail.program, detail.code) == ("libxml2", code)
    assert english == f"malformed XML: {detail.text}"  # libxml2's words, as it wrote them
    assert zh == chinese


def test_entities_in_utf16_are_refused_before_they_are_parsed():
    laughs = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE alto [<!ENTITY a "&b;"><!ENTITY b "&a;">]>\n'
              "<alto>&a;</alto>").encode("utf-16")
    with pytest.raises(XmlRefused) as caught:
        parse_bytes(laughs, "laughs.xml")
    assert _rows([caught.value.problem]) == [(
        "line 2", "the XML declares entities in a DTD; it is refused, because an entity can read other files or "
                  "expand without bound",
        "第 2 行", "此 XML 在 DTD 中声明了实体，不予读取：实体可以读取其他文件，或无限膨胀")]


def test_numbers_out_of_range_in_an_alto_file_read_in_chinese(tmp_path):
    alto = (FIXTURES / "bad" / "malformed.xml").read_text(encoding="utf-8")
    alto = alto.replace('<String CONTENT="broken" HPOS="0"', '<String CONTENT="broken" WC="7" HPOS="-1e9"')
    alto = alto.replace("</TextBlock>", "</TextLine></TextBlock>")
    (tmp_path / "page.xml").write_text(alto, encoding="utf-8")
    rows = _rows(_package_problems(tmp_path / "page.xml"))
    assert ("line 8", "String[@HPOS] is '-1e9', not a number from -94488.2 to 94488.2 (pixel); it is taken as 0",
            "第 8 行", "String[@HPOS] 为“-1e9”，不是 -94488.2 至 94488.2 之间的数（单位“pixel”）；按 0 计") in rows
    assert ("line 8", "String[@WC] is '7', not a number from 0 to 1; it is not used",
            "第 8 行", "String[@WC] 为“7”，不是 0 至 1 之间的数；不予采用") in rows
    (tmp_path / "page.xml").write_text(alto.replace('WIDTH="100" HEIGHT="100"', 'WIDTH="0" HEIGHT="100"'),
                                       encoding="utf-8")
    assert _rows(_package_problems(tmp_path / "page.xml")) == [(
        "line 5", "Page[@WIDTH] is '0', not a number more than 0 and at most 94488.2 (pixel, 2 m at 1200 dpi): the "
                  "page is left out",
        "第 5 行", "Page[@WIDTH] 为“0”，不是大于 0、至多 94488.2 的数（单位“pixel”，即 1200 dpi 下 2 米）：此页略去")]


# ------------------------------------------------------------ METS


def test_a_mets_naming_missing_files_reads_in_chinese():
    rows = _rows(_package_problems(FIXTURES / "bad" / "missing-alto"))
    assert rows[0] == ("line 6", "the OCR file 'ALTO/0001.xml' of page 1 is not in the package; the page is left out",
                       "第 6 行", "第 1 页的 OCR 文件“ALTO/0001.xml”不在报纸文件夹中；此页略去")
    rows = _rows(_package_problems(FIXTURES / "bad" / "bad-area"))
    assert rows == [
        ("", "the scan of page 1 is not in the package; the page is reconstructed from its OCR text", "",
         "第 1 页的扫描图像不在报纸文件夹中；此页按 OCR 文字重建"),
        ("line 20", "the area names 'P1_TB99', which is not in ALTO/0001.xml",
         "第 20 行", "区域指向“P1_TB99”，但 ALTO/0001.xml 中没有它"),
        ("line 25", "the area names file 'ALTO00009', which the fileSec does not list",
         "第 25 行", "区域指向文件“ALTO00009”，但 fileSec 中没有列出它")]


def test_a_scan_that_cannot_be_read_is_placed_by_its_line_in_chinese(tmp_path):
    """The service copy the METS names at line 10 is no image: the warning
    is placed by that line, a message of its own."""
    pkg = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "service-half", pkg)
    (pkg / "images" / "0001-service.jpg").write_bytes(b"not a JPEG at all")
    assert _rows(_package_problems(pkg)) == [(
        "line 10", "the scan 'images/0001-service.jpg' cannot be read: cannot identify image file",
        "第 10 行", "无法读取扫描图像“images/0001-service.jpg”：无法识别的图片文件")]


def test_what_a_rebuilt_page_notes_reads_in_chinese():
    (page,) = open_package(FIXTURES / "bad" / "bad-area").pages
    assert [(n, n.translated("zh")) for n in page.notes] == [
        ("The scan is not in the package: the page is reconstructed from its OCR text.",
         "扫描图像不在报纸文件夹中：此页按 OCR 文字重建。")]
    (page,) = open_package(FIXTURES / "alto-v4").pages
    assert [(n, n.translated("zh")) for n in page.notes] == [
        ("The OCR measures in pixels and no resolution is stated: 300 dpi is assumed for the page size.",
         "OCR 以像素计量，且未注明分辨率：按 300 dpi 计算页面尺寸。")]


def test_references_leading_out_of_a_package_read_in_chinese():
    rows = _rows(_package_problems(FIXTURES / "bad" / "escapes"))
    assert len(rows) >= 5
    assert ("line 9", "the OCR file of page 3: 'file:///etc/passwd' is an absolute path; only files inside the "
                      "package folder are read",
            "第 9 行", "第 3 页的 OCR 文件：“file:///etc/passwd”是绝对路径；只读取报纸文件夹内的文件") in rows
    with pytest.raises(Refused) as caught:
        href_to_relative("https://example.org/a.xml")
    assert _zh(caught.value.args[0]) == "“https://example.org/a.xml”是网址；不会下载任何内容"


def test_a_package_that_cannot_be_opened_says_why_in_chinese(tmp_path):
    (tmp_path / "notes.xml").write_text("<notes/>", encoding="utf-8")
    assert _rows(_package_problems(tmp_path / "gone")) == [("", "no such file or folder", "", "文件或文件夹不存在")]
    assert _rows(_package_problems(tmp_path / "notes.xml")) == [
        ("", "the root element is <notes>, not <alto>: this is not an ALTO file",
         "", "根元素是 <notes>，不是 <alto>：这不是 ALTO 文件")]
    (tmp_path / "notes.xml").unlink()
    assert _rows(_package_problems(tmp_path)) == [("", "the folder holds no METS or ALTO file",
                                                   "", "文件夹中没有 METS 或 ALTO 文件")]


# ------------------------------------------------------------ saved e-paper sites


def test_an_epaper_page_with_bad_zones_reads_in_chinese(tmp_path):
    site = copy(CLASSIC, tmp_path)
    gbk_edit(site / P1, '<AREA shape=rect coords=180,160,340,340 href=content_1003.htm>',
             '<AREA shape=rect coords=180,160,400,340 href=content_1003.htm>'
             '<area shape=polygon coords="10,10,20,20" href=content_1003.htm>'
             '<area shape=star coords="1,2,3,4" href=content_1003.htm>'
             '<area shape=poly coords="1,a,3,4,5,6" href=content_1003.htm>'
             '<area shape=rect coords=1,2,3,4 href="file:///etc/content_1.htm">')
    rows = _rows(open_site(site / DAY).problems)
    assert rows == [
        ("line 18", "the polygon area has 2 points; three are needed; the area is left out",
         "第 18 行", "多边形区域只有 2 个点，至少需要三个；略去此区域"),
        ("line 18", "unknown area shape 'star'; the area is left out", "第 18 行", "未知的区域形状“star”；略去此区域"),
        ("line 18", "the area's coordinates '1,a,3,4,5,6' are not numbers; the area is left out",
         "第 18 行", "区域的坐标“1,a,3,4,5,6”不是数字；略去此区域"),
        ("line 18", "the zone reaches outside the image (350 × 550 px); it is cut at the image's edge",
         "第 18 行", "热区超出版面图（350 × 550 px）；在图片边缘截断"),
        ("line 18", "'file:///etc/content_1.htm' is a file: URL; only files inside the site folder are read",
         "第 18 行", "“file:///etc/content_1.htm”是“file:”网址；只读取网站文件夹内的文件"),
    ]


def test_missing_and_damaged_epaper_files_read_in_chinese(tmp_path):
    site = copy(CLASSIC, tmp_path)
    (site / "images/2025-03/14/02/BJRB2025031402.pdf").write_bytes(b"")
    (site / "images/2025-03/14/02/BJRB2025031402_b.jpg").write_bytes(b"not a jpeg")
    (site / DAY / "content_1003.htm").unlink()
    rows = _rows(open_site(site / DAY).problems)
    assert [r[3] for r in rows] == [
        "版面预览图“images/2025-03/14/02/BJRB2025031402_b.jpg”已损坏或不是可以显示的图片",
        "版面 PDF“images/2025-03/14/02/BJRB2025031402.pdf”是空文件（0 字节）",
        "第 2 版（第02版）在副本中既没有可用的版面 PDF，也没有可用的预览图；此版略去",
        "稿件文件“html/2025-03/14/content_1003.htm”不在保存的副本中",
    ]


def test_a_page_in_another_charset_than_it_declares_reads_in_chinese(tmp_path):
    site = copy(CLASSIC, tmp_path)
    page = site / P1
    page.write_bytes(page.read_bytes().decode("gbk").encode("utf-8"))
    rows = _rows(open_site(site / DAY).problems)
    assert [r[3] for r in rows if r[1].startswith("the file declares")] == [
        "文件声明的字符集是 gb2312，但其文本是 UTF-8；按 UTF-8 读取"]


def test_what_is_no_saved_site_says_so_in_chinese(tmp_path):
    (tmp_path / "empty").mkdir()
    assert [r[3] for r in _rows(open_site(tmp_path / "gone").problems)] == ["文件或文件夹不存在"]
    assert [r[3] for r in _rows(open_site(tmp_path / "empty").problems)] == [
        "这不是保存下来的电子报网站：既没有版面文件（node_N.htm、node_NN.html、nbs.D110000renmrb_PP.htm），"
        "也没有日期文件夹（html/YYYY-MM/DD、pc/layout/YYYYMM/DD）"]


# ------------------------------------------------------------ kept, and shown in the window


def test_a_readers_problem_is_kept_by_its_id_and_codes():
    (problem,) = _package_problems(FIXTURES / "bad" / "malformed.xml")
    again = Msg.from_json(problem.message.to_json())
    assert again == problem.message and again.translated("zh") == problem.message.translated("zh")
    assert again.params["detail"].code == "ERR_TAG_NAME_MISMATCH"


def test_the_window_shows_the_readers_problems_in_its_language(ui_settings, tmp_path):
    from viewer.ui import i18n
    from viewer.ui.messages import problem_text

    site = copy(CLASSIC, tmp_path)
    shutil.rmtree(site / "images/2025-03/14/02")
    problems = open_site(site / DAY).problems
    assert [problem_text(p) for p in problems][-1] == (
        "html/2025-03/14/node_3.htm：第 2 版（第02版）在副本中既没有可用的版面 PDF，也没有可用的预览图；此版略去")
    (malformed,) = _package_problems(FIXTURES / "bad" / "malformed.xml")
    assert problem_text(malformed) == (
        "malformed.xml：第 9 行第 17 列：XML 格式错误：起始标签“TextLine”（第 7 行）与结束标签“TextBlock”不匹配")
    i18n.set_language("en")
    assert problem_text(malformed) == (
        "malformed.xml: line 9, column 17: malformed XML: Opening and ending tag mismatch: TextLine line 7 and "
        "TextBlock")


def test_the_values_libxml2s_chinese_forms_name_are_taken_out_of_its_words():
    """A Chinese form of libxml2's table that names values has a pattern
    that takes those values out of libxml2's text for that code."""
    import string

    from test_message_catalogue import _tool
    from viewer.sources.xmlsafe import _VALUES

    tool = _tool()
    forms = {mid: zh for (ctx, mid), zh in tool.catalogue_entries().items() if ctx == "libxml2"}
    named = {code: {f for _, f, _, _ in string.Formatter().parse(zh) if f} for code, zh in forms.items()}
    assert {code: names for code, names in named.items() if names} == {
        code: set(pattern.groupindex) for code, pattern in _VALUES.items()}


def test_a_reason_libxml2_words_otherwise_is_told_in_its_own_words():
    from viewer.sources.xmlsafe import libxml2_reason

    reason = libxml2_reason("ERR_TAG_NAME_MISMATCH", "tags differ: <a> and </b>")
    assert str(reason) == "tags differ: <a> and </b>"
    assert reason.translated("zh") == "libxml2 报告：tags differ: <a> and </b>"
    assert libxml2_reason("ERR_DOCUMENT_END", "any words").translated("zh") == "文档末尾有多余的内容"
