"""The layout's and the painter's messages are values.

Each family is provoked for real, on the fit tests' crafted pages and on
pictures that cannot be used as they are: a frame too small for its text,
text that ends short, a headline printing over a photo, a headline group,
masthead and guide box too large for their frames, a picture that is
missing, lies outside the issue folder, is too large or truncated, a block
that could not be laid out, a page over its pixel budget, a PNG that could
not be written. Each message is a Msg: its English (as the command line
prints it) and its Chinese (as the window shows it) are compared whole,
and no Chinese form keeps English words.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import write_issue
from test_fit import HAN, OVERPRINT, _article, _three_lines
from test_messages import english_left
from viewer.layout import images as image_io
from viewer.layout import layout_issue
from viewer.messages import Foreign, Msg, said
from viewer.model import load_issue
from viewer.model.load import not_a_file

P1 = "pages/01.toml"


def _page(root: Path):
    return layout_issue(load_issue(root)).page(1)


def _both(msg) -> tuple[str, str]:
    """(English, Chinese) of a message, whose Chinese keeps no English word."""
    assert isinstance(msg, Msg), repr(msg)
    chinese = msg.translated("zh")
    assert english_left(chinese) == [], chinese
    return str(msg), chinese


def _fit(root: Path) -> list[tuple[str, str, str]]:
    """(where, English, Chinese) of each fit problem of page 1."""
    return [(p.where, *_both(p.message)) for p in _page(root).fit_problems]


def _photo_page(image: str) -> str:
    return (f'\n[[blocks]]\ntype = "photo"\nid = "ph"\nimage = "{image}"\n'
            'frame = { col = 1, span = 4, line = 1, lines = 20 }\n')


def _image_warnings(root: Path) -> list[Msg]:
    return [w for w in _page(root).warnings if w.startswith("page 1: image")]


# ------------------------------------------------------------ fit


def test_an_overfull_frame(tmp_path):
    root = _three_lines(tmp_path, HAN * 5)
    assert _fit(root) == [(
        "blocks[0].frames[0]",
        "the body text of 'a1' overflows its frames: 13 characters (1 line) do not fit; the last line set is "
        "“五六七八九十一二三四五六七”",
        "稿件“a1”的正文排不下：还有 13 字（1 行）超出文本框；排入的最后一行是“五六七八九十一二三四五六七”")]
    # the page's warnings repeat it with its place
    (warning,) = _page(root).warnings
    assert _both(warning) == (
        f"{P1}: blocks[0].frames[0]: the body text of 'a1' overflows its frames: 13 characters (1 line) do not fit; "
        "the last line set is “五六七八九十一二三四五六七”",
        f"{P1}：blocks[0].frames[0]：稿件“a1”的正文排不下：还有 13 字（1 行）超出文本框；排入的最后一行是“五六七八九十一二三四五六七”")


def test_an_article_that_ends_short(tmp_path):
    assert _fit(_three_lines(tmp_path, HAN * 2)) == [(
        "blocks[0].frames[0]",
        "the body text of 'a1' ends 1 line before its last frame does (underset)",
        "稿件“a1”的正文排完后，最后一个文本框还空着 1 行（稿件不足）")]


def test_a_headline_printing_over_a_photo(tmp_path):
    root = write_issue(tmp_path / "issue", {1: OVERPRINT})
    (root / "images").mkdir()
    Image.new("RGB", (400, 300), (90, 90, 90)).save(root / "images" / "none.png")
    assert _fit(root) == [
        ("blocks[0].head.frame",
         "the headline group does not fit its frame: it needs 80.0 × 56.0 pt, the frame holds 492.1 × 28.0 pt",
         "标题组超出其框：需要 80.0 × 56.0 pt，框只有 492.1 × 28.0 pt"),
        ("blocks[0].head.frame",
         "the headline “标题” prints over the image of 'ph' (blocks[1].frame) across 80.0 × 6.0 pt at x 262.7, y 107.4 pt",
         "主题“标题”与图片“ph”（blocks[1].frame）压字：重叠 80.0 × 6.0 pt，位于 x 262.7、y 107.4 pt")]


MASTHEAD = '[[blocks]]\ntype = "masthead"\nframe = { col = 1, span = 8, line = 1, lines = 3 }\n'
MASTHEAD_FACTS = ('serial_number = 2\ncn_number = "CN 00-0000"\npostal_code = "0-000"\nsupervisor = "示例"\n'
                  'publisher = "示例社"\n')
GUIDE = ('\n[[blocks]]\ntype = "guide"\ntitle = "本期导读"\nframe = { col = 1, span = 2, line = 10, lines = 4 }\n'
         "entries = [" + ", ".join(f'{{ title = "第{i}条导读", page = 1 }}' for i in range(1, 6)) + "]\n")


@pytest.mark.parametrize("page, extra, where, english, chinese", [
    (_article("{ col = 1, span = 1, line = 10, lines = 5 }", head="{ col = 1, span = 1, line = 1, lines = 2 }",
              headline="特大号标题").replace("size_pt = 18", "size_pt = 40"), "", "blocks[0].head.frame",
     "the headline group does not fit its frame: it needs 80.0 × 168.0 pt, the frame holds 117.0 × 28.0 pt",
     "标题组超出其框：需要 80.0 × 168.0 pt，框只有 117.0 × 28.0 pt"),
    (MASTHEAD, MASTHEAD_FACTS, "blocks[0].frame",
     "the masthead does not fit its frame: it needs 992.1 × 115.8 pt, the frame holds 992.1 × 42.0 pt",
     "报头超出其框：需要 992.1 × 115.8 pt，框只有 992.1 × 42.0 pt"),
    (GUIDE, "", "blocks[0].frame",
     "the guide box does not fit its frame: it needs 242.0 × 98.0 pt, the frame holds 242.0 × 56.0 pt",
     "导读栏超出其框：需要 242.0 × 98.0 pt，框只有 242.0 × 56.0 pt"),
], ids=["headline", "masthead", "guide"])
def test_a_misfit(tmp_path, page, extra, where, english, chinese):
    root = write_issue(tmp_path / "issue", {1: page}, issue_extra=extra, texts={"a1.txt": HAN * 6 + HAN[:3]})
    assert _fit(root) == [(where, english, chinese)]


# ------------------------------------------------------------ pictures


def test_a_missing_picture_in_english(tmp_path):
    root = write_issue(tmp_path / "issue", {1: _photo_page("images/gone.png")})
    (warning,) = _image_warnings(root)
    assert str(warning) == "page 1: image 'images/gone.png' cannot be used (the file does not exist); a placeholder is shown"
    assert warning.id == "page {number}: image '{file}' cannot be used ({reason}); a placeholder is shown"
    assert (warning.params["number"], warning.params["file"]) == (1, "images/gone.png")
    assert warning.params["reason"].id == "the file {why}"


@pytest.mark.xfail(not isinstance(not_a_file(Path("/nonexistent/herald")), Msg), strict=True,
                   reason="the model words why a path is no file as plain text")
def test_a_missing_picture_in_chinese(tmp_path):
    root = write_issue(tmp_path / "issue", {1: _photo_page("images/gone.png")})
    (warning,) = _image_warnings(root)
    assert _both(warning)[1] == "第 1 版：图片“images/gone.png”无法使用（文件不存在），以占位图代替"


def test_a_picture_outside_the_issue_folder(tmp_path):
    Image.new("RGB", (40, 30)).save(tmp_path / "outside.png")
    root = write_issue(tmp_path / "issue", {1: _photo_page("../outside.png")})
    (warning,) = _image_warnings(root)
    assert _both(warning) == (
        "page 1: image '../outside.png' cannot be used (the path leads outside the issue folder); a placeholder is shown",
        "第 1 版：图片“../outside.png”无法使用（路径指向报纸文件夹之外），以占位图代替")
    (item,) = _page(root).images
    assert item.missing_reason == "the path leads outside the issue folder" and isinstance(item.missing_reason, Msg)


def test_a_picture_too_large_to_decode_and_one_drawn_from_a_reduced_decode(tmp_path, monkeypatch):
    monkeypatch.setattr(image_io, "IMAGE_LIMIT_PX", 1_000_000)
    root = write_issue(tmp_path / "issue", {1: _photo_page("images/big.png")
                                            + _photo_page("images/big.jpg").replace('"ph"', '"ph2"')
                                            .replace("col = 1, span = 4", "col = 5, span = 4")})
    (root / "images").mkdir()
    Image.new("L", (2000, 1000), 128).save(root / "images" / "big.png")
    Image.new("RGB", (1600, 1000), (200, 30, 30)).save(root / "images" / "big.jpg", quality=85)
    assert [_both(w) for w in _image_warnings(root)] == [
        ("page 1: image 'images/big.png' cannot be used (2000 x 1000 pixels (2.0 megapixels), and a PNG cannot be "
         "decoded at a reduced size: more than the 1.0 megapixels an image may be decoded at); a placeholder is shown",
         "第 1 版：图片“images/big.png”无法使用（图片为 2000 x 1000 像素（2.0 百万像素），PNG 图片无法按缩小的尺寸解码："
         "超过单张图片可解码的 1.0 百万像素），以占位图代替"),
        ("page 1: image 'images/big.jpg': 1600 x 1000 pixels (1.6 megapixels), more than the 1.0 megapixels an image "
         "may be decoded at: it is drawn from a decode at reduced size",
         "第 1 版：图片“images/big.jpg”：图片为 1600 x 1000 像素（1.6 百万像素），超过单张图片可解码的 1.0 百万像素："
         "按缩小的尺寸解码后绘制"),
    ]


def test_a_truncated_and_an_unreadable_picture(tmp_path):
    root = write_issue(tmp_path / "issue", {1: _photo_page("images/half.jpg")
                                            + _photo_page("images/junk.png").replace('"ph"', '"ph2"')
                                            .replace("col = 1, span = 4", "col = 5, span = 4")})
    (root / "images").mkdir()
    whole = root / "images" / "whole.jpg"
    Image.new("RGB", (800, 600), (200, 30, 30)).save(whole, quality=85)
    raw = whole.read_bytes()
    (root / "images" / "half.jpg").write_bytes(raw[: len(raw) // 2])
    (root / "images" / "junk.png").write_bytes(b"this is no picture at all")
    truncated, junk = _image_warnings(root)
    reason = truncated.params["reason"].params["reason"]  # Pillow's words, by the kind of failure
    assert isinstance(reason, Foreign) and (reason.program, reason.code) == ("image", "truncated-bytes")
    count = reason.params["count"]
    assert _both(truncated) == (
        f"page 1: image 'images/half.jpg' cannot be used (the image is damaged: image file is truncated ({count} bytes "
        "not processed)); a placeholder is shown",
        f"第 1 版：图片“images/half.jpg”无法使用（图片已损坏：图片文件不完整（{count} 字节未处理）），以占位图代替")
    # Pillow's words without the file object it names ("<_io.BufferedReader name=7>"): not a name to show
    assert str(junk) == ("page 1: image 'images/junk.png' cannot be used (not a readable image: cannot identify "
                         "image file); a placeholder is shown")
    assert english_left(junk.translated("zh")) == []
    assert junk.translated("zh") == "第 1 版：图片“images/junk.png”无法使用（不是可读取的图片：无法识别的图片文件），以占位图代替"


@pytest.mark.parametrize("exc, code", [
    (OSError("image file is truncated (12 bytes not processed)"), "truncated-bytes"),
    (OSError("image file is truncated"), "truncated"),
    (OSError("Truncated File Read"), "truncated"),
    (EOFError(), "truncated"),
    (OSError("broken data stream when reading image file"), "broken-data"),
    (OSError("decoding error when reading image file"), "decoder-error"),
    (OSError("could not create decoder object"), "no-decoder"),
    (SyntaxError("broken PNG file"), "malformed"),
    (ValueError("tile cannot extend outside image"), "invalid-value"),
    (OSError("something Pillow never said before"), "OSError"),
    (KeyError("xx"), "KeyError"),
])
def test_pillows_words_are_kept_and_translated_by_the_kind_of_failure(exc, code):
    reason = image_io.pillow_reason(exc)
    assert (reason.program, reason.code, str(reason)) == ("image", code, str(exc))
    assert reason.known("zh") and english_left(reason.translated("zh")) == []


def test_a_system_error_under_pillow_is_translated_by_its_errno():
    reason = image_io.pillow_reason(PermissionError(13, "Permission denied", "/x.png"))
    assert (reason.program, reason.code, str(reason)) == ("errno", "EACCES", "[Errno 13] Permission denied: '/x.png'")
    assert reason.translated("zh") == "没有权限"


# ------------------------------------------------------------ the engine and the painter


def test_a_block_that_could_not_be_laid_out(tmp_path, monkeypatch):
    from viewer.layout import furniture

    def broken(pb, b):
        raise image_io.ImageError(Msg("the image is empty"))

    monkeypatch.setattr(furniture, "rule", broken)
    root = write_issue(tmp_path / "issue", {1: '[[blocks]]\ntype = "rule"\norientation = "horizontal"\ncol = 1\nline = 5\n'})
    (warning,) = _page(root).warnings
    assert _both(warning) == ("page 1: block 0 (rule) could not be laid out: the image is empty",
                              "第 1 版：第 0 块（线条）无法排版：图片是空的")


def test_a_page_over_its_pixel_budget(tmp_path, monkeypatch):
    from viewer.render import paint

    root = write_issue(tmp_path / "issue", {1: _photo_page("images/a.png")
                                            + _photo_page("images/b.png").replace('"ph"', '"ph2"')
                                            .replace("col = 1, span = 4", "col = 5, span = 4")})
    (root / "images").mkdir()
    for name in "ab":
        Image.new("L", (1000, 800), 100).save(root / "images" / f"{name}.png")
    monkeypatch.setattr(image_io, "PAGE_LIMIT_PX", 1_000_000)
    paint.take_notes()
    paint.image_scales(_page(root), 4.0)
    (note,) = paint.take_notes()
    assert _both(note) == (
        "page 1: its images need 1.6 megapixels at this size, more than the 1.0 one page may hold; drawn at reduced "
        "resolution: a.png",
        "第 1 版：图片在此尺寸下需要 1.6 百万像素，超过一个版面可容纳的 1.0 百万像素；以降低的分辨率绘制：a.png")


def test_a_png_that_could_not_be_written(tmp_path):
    from viewer.atomic import OutputError
    from viewer.render.paint import save_png

    class Unwritable:
        def save(self, *args) -> bool:
            return False

    target = tmp_path / "p1.png"
    with pytest.raises(OutputError) as caught:
        save_png(Unwritable(), target)
    assert _both(said(caught.value)) == (f"could not write '{target}'", f"无法写入“{target}”")


# ------------------------------------------------------------ in the window


def test_the_problems_panel_words_a_fit_problem_in_chinese(tmp_path, ui_settings):
    from viewer.ui import i18n
    from viewer.ui.messages import problem_text

    (problem,) = _page(_three_lines(tmp_path, HAN * 2)).fit_problems
    assert problem_text(problem) == f"{P1}：blocks[0].frames[0]：警告：稿件“a1”的正文排完后，最后一个文本框还空着 1 行（稿件不足）"
    i18n.set_language("en")
    assert problem_text(problem) == (f"{P1}: blocks[0].frames[0]: warning: the body text of 'a1' ends 1 line before its "
                                     "last frame does (underset)")
