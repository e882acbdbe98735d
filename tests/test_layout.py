"""The layout engine on the bundled issue and on crafted issues."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image as PILImage

from conftest import ROOT, write_issue
from viewer.layout import layout_issue
from viewer.model import load_issue
from viewer.model.types import Article

ARTICLE = '''
[[blocks]]
type = "article"
id = "{id}"
headline = "{headline}"
{extra}
text_file = "text/{id}.txt"
frames = [{frames}]
'''


def _article(id="a1", headline="测试标题", frames="{ col = 1, span = 2, line = 5, lines = 10 }", extra=""):
    return ARTICLE.format(id=id, headline=headline, frames=frames, extra=extra)


def _ink_columns(img: PILImage.Image, box, threshold=140):
    """Leftmost and rightmost columns with dark pixels inside box (pixels)."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    crop = img.crop((x0, y0, x1, y1)).convert("L")
    w, h = crop.size
    px = crop.load()
    cols = [x for x in range(w) if any(px[x, y] < threshold for y in range(h))]
    return (x0 + cols[0], x0 + cols[-1]) if cols else None


# ---------------------------------------------------------------- bundled issue


def test_every_page_of_the_bundled_issue_fits_without_overflow_or_underset(bundled_layout):
    data, layout = bundled_layout
    assert [p.number for p in layout.pages] == list(range(1, 25))
    for page in layout.pages:
        assert page.overflow == (), (page.number, page.overflow)
        assert page.underset == (), (page.number, page.underset)
        assert page.warnings == (), (page.number, page.warnings)


def test_front_page_sets_every_character_of_both_articles(bundled_layout):
    data, layout = bundled_layout
    for aid in ("p01-miit-2026", "p01-tech-transfer"):
        art = layout.article(aid)
        body = "".join(l.text for l in art.lines if l.kind == "body")
        _, block = data.article(aid)
        expected = (block.byline or "") + data.texts[aid]
        strip = lambda s: "".join(s.split())  # noqa: E731
        assert strip(body) == strip(expected)
        signoff = [l.text for l in art.lines if l.kind == "signoff"]
        assert signoff == ([block.signoff] if block.signoff else [])


def test_byline_is_bold_and_signoff_is_right_aligned(bundled_layout):
    data, layout = bundled_layout
    art = layout.article("p01-tech-transfer")
    first = next(l for l in art.lines if l.kind == "body")
    roles = {r.role: r.text for r in first.runs}
    assert roles["serif_bold"] == "本报讯"
    assert "serif" in roles
    sign = next(l for l in art.lines if l.kind == "signoff")
    geo = data.page(1).geometry
    # the right edge of the grid column the sign-off stands in
    col = next(c for c in range(1, geo.columns + 1) if geo.col_x(c) <= sign.bbox[0] < geo.col_x(c) + geo.column_width_pt)
    column_right = geo.col_x(col) + geo.column_width_pt
    assert sign.text == "姚雯"
    assert sign.bbox[2] == pytest.approx(column_right, abs=0.6)


def test_masthead_is_the_largest_text_on_the_front_page(bundled_layout):
    _, layout = bundled_layout
    page = layout.page(1)
    sizes = [(r.size_pt, l.kind, l.text) for l in page.lines for r in l.runs]
    biggest = max(sizes)
    assert biggest[1] == "masthead" and biggest[2] == "中国高新技术产业导报"
    texts = {l.text for l in page.lines if l.kind == "masthead"}
    for fact in ("CHINA HIGH-TECH INDUSTRY HERALD", "第48期（总第2652期）", "今日24版", "CN 11-0237", "邮发代号 1-206",
                 "科学技术部主管 科技日报社主办", "星期一", "2025年12月29日"):
        assert fact in texts, fact


def test_inner_pages_carry_a_page_header_with_number_section_date_and_paper(bundled_layout):
    data, layout = bundled_layout
    for page in layout.pages[1:]:
        header = [l.text for l in page.lines if l.kind == "header"]
        assert f"{page.number:02d}" in header
        assert page.section in header
        assert any("2025年12月29日" in t for t in header)
        assert "中国高新技术产业导报" in header


def test_continued_article_shows_jump_lines_on_both_pages(bundled_layout):
    data, layout = bundled_layout
    continued = [(pd.page.number, a) for pd, a in data.articles() if a.continued_on]
    assert continued, "the bundled issue must have a continued article"
    for home, art in continued:
        al = layout.article(art.id)
        assert al.pages == (home, art.continued_on)
        jumps = [(l.page, l.text) for l in al.lines if l.kind == "jump"]
        assert (home, f"（下转第{art.continued_on}版）") in jumps
        assert (art.continued_on, f"（上接第{home}版）") in jumps
        # the jump line is the last line of the first part, and the first body line of the second
        home_lines = [l for l in al.lines if l.page == home and l.kind in ("body", "jump")]
        assert max(home_lines, key=lambda l: (l.bbox[0], l.bbox[1])).text.startswith("（下转")
        # and the text is whole across both pages
        body = "".join(l.text for l in al.lines if l.kind == "body")
        assert "".join(body.split()) == "".join(((art.byline or "") + data.texts[art.id]).split())
        # the jump lines are links to the other page
        page_home = layout.page(home)
        assert any(link.page == art.continued_on and link.article == art.id for link in page_home.links)


def test_guide_entries_link_to_their_pages(bundled_layout):
    _, layout = bundled_layout
    links = [l.page for l in layout.page(1).links]
    assert links == [2, 3, 5, 13, 21, 23]


def test_vertical_headline_is_set_top_to_bottom(bundled_layout):
    data, layout = bundled_layout
    vertical = [a for pd, a in data.articles() if a.head.direction == "vertical"]
    assert vertical
    art = layout.article(vertical[0].id)
    heads = [l for l in art.lines if l.kind == "headline"]
    assert heads and all(l.vertical for l in heads)
    for l in heads:
        ys = [p[1] for r in l.runs for p in r.positions]
        xs = {round(p[0] + 0.0, 0) for r in l.runs for p in r.positions}
        assert ys == sorted(ys) and len(ys) == len(set(ys))
        assert max(xs) - min(xs) < l.runs[0].size_pt * 0.6  # one column


def test_the_same_line_breaks_at_72_and_300_dpi(bundled_layout):
    """Painting never changes the layout: at 72 and 300 dpi every sampled
    body line's ink starts and ends where the layout put it."""
    from viewer.render.paint import render_image

    _, layout = bundled_layout
    page = layout.page(1)
    body = [l for l in page.lines if l.kind == "body"]
    sample = body[::9]
    extents = {}
    for dpi in (72, 300):
        qimg = render_image(page, dpi)
        path = ROOT / "tests" / f".render-{dpi}.png"
        try:
            qimg.save(str(path))
            img = PILImage.open(path).convert("RGB")
            img.load()
        finally:
            path.unlink(missing_ok=True)
        s = dpi / 72
        for i, line in enumerate(sample):
            x0, y0, x1, y1 = line.bbox
            ink = _ink_columns(img, (x0 * s - 2, y0 * s, x1 * s + 2, y1 * s), threshold=200)
            assert ink is not None
            extents.setdefault(i, []).append((ink[0] / s, ink[1] / s))
            # the ink lies within the line's box as laid out
            assert x0 - 1.5 <= ink[0] / s and ink[1] / s <= x1 + 1.5
    for i, ((a0, a1), (b0, b1)) in extents.items():
        # the same glyphs start and end each line at both resolutions
        # (one pixel is one point at 72 dpi; a moved glyph would shift by a whole em, 10.5 pt)
        assert abs(a0 - b0) < 2.5 and abs(a1 - b1) < 2.5, (sample[i].text, (a0, a1), (b0, b1))


# ---------------------------------------------------------------- crafted issues


def test_missing_image_gives_a_visible_placeholder_and_a_warning(tmp_path):
    from viewer.render.paint import render_image

    root = write_issue(tmp_path / "issue", {1: '''
[[blocks]]
type = "photo"
id = "ph"
image = "images/nowhere.jpg"
frame = { col = 1, span = 4, line = 10, lines = 20 }
caption = "图片说明文字"
'''})
    data = load_issue(root)
    layout = layout_issue(data)
    page = layout.page(1)
    assert any("images/nowhere.jpg" in w and "placeholder" in w for w in page.warnings)
    item = page.images[0]
    assert item.path is None and item.missing_reason
    img = render_image(page, 72)
    x0, y0, x1, y1 = item.rect
    # a grey placeholder with a cross, not white paper
    c = img.pixelColor(int(x0 + 10), int((y0 + y1) / 2))
    assert (c.red(), c.green(), c.blue()) == (0xE4, 0xE4, 0xE4)
    # the CLI says so on stderr and still renders
    out = tmp_path / "p.png"
    r = subprocess.run([sys.executable, "-m", "viewer", "render", str(root), "--page", "1", "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "warning:" in r.stderr and "nowhere.jpg" in r.stderr and "Traceback" not in r.stderr
    assert out.is_file()


def test_unreadable_image_gives_a_placeholder(tmp_path):
    root = write_issue(tmp_path / "issue", {1: '''
[[blocks]]
type = "photo"
id = "ph"
image = "images/broken.png"
frame = { col = 1, span = 4, line = 10, lines = 20 }
'''})
    (root / "images").mkdir()
    (root / "images" / "broken.png").write_bytes(b"not a png at all")
    layout = layout_issue(load_issue(root))
    page = layout.page(1)
    assert page.images[0].path is None
    assert any("broken.png" in w for w in page.warnings)


@pytest.mark.parametrize("fmt", ["cmyk-jpeg", "png", "tiff"])
def test_photo_formats_are_scaled_and_cropped_with_true_colours(tmp_path, fmt):
    from viewer.render.paint import render_image

    root = write_issue(tmp_path / "issue", {1: f'''
[[blocks]]
type = "photo"
id = "ph"
image = "images/pic.{ {"cmyk-jpeg": "jpg", "png": "png", "tiff": "tif"}[fmt] }"
frame = {{ col = 1, span = 4, line = 10, lines = 20 }}
fit = "cover"
'''})
    (root / "images").mkdir()
    # left half red, right half blue, 400 x 100: cover-cropped into a taller frame
    rgb = PILImage.new("RGB", (400, 100), (220, 20, 20))
    rgb.paste((20, 20, 220), (200, 0, 400, 100))
    if fmt == "cmyk-jpeg":
        rgb.convert("CMYK").save(root / "images" / "pic.jpg", quality=95)
    elif fmt == "png":
        rgb.save(root / "images" / "pic.png")
    else:
        rgb.save(root / "images" / "pic.tif")
    layout = layout_issue(load_issue(root))
    page = layout.page(1)
    item = page.images[0]
    assert item.path is not None
    sx0, sy0, sx1, sy1 = item.crop
    x0, y0, x1, y1 = item.rect
    # cover: the crop has the frame's aspect ratio and is centred
    assert (sx1 - sx0) / (sy1 - sy0) == pytest.approx((x1 - x0) / (y1 - y0), rel=1e-6)
    assert (sx0 + sx1) / 2 == pytest.approx(200)
    img = render_image(page, 72)
    left = img.pixelColor(int(x0 + 3), int((y0 + y1) / 2))
    right = img.pixelColor(int(x1 - 3), int((y0 + y1) / 2))
    assert left.red() > 180 and left.blue() < 70, (left.red(), left.green(), left.blue())
    assert right.blue() > 180 and right.red() < 70


def test_overflow_is_reported_and_marked_in_the_debug_overlay(tmp_path):
    from viewer.render.paint import PaintOptions, render_image

    text = "\n\n".join(["这是一段用来填满文字框的示例文字，它比文字框能容纳的更长。" * 3] * 6)
    root = write_issue(tmp_path / "issue", {1: _article(frames="{ col = 1, span = 1, line = 5, lines = 10 }")},
                       texts={"a1.txt": text})
    layout = layout_issue(load_issue(root))
    page = layout.page(1)
    assert len(page.overflow) == 1
    over = page.overflow[0]
    assert over["article"] == "a1" and over["characters_left"] > 100
    assert page.debug_marks
    x0, y0, x1, y1 = page.debug_marks[0]
    plain = render_image(page, 72)
    debug = render_image(page, 72, PaintOptions(debug=True))
    cx, cy = int((x0 + x1) / 2), int((y0 + y1) / 2)
    c = debug.pixelColor(cx, int(y1) - 1)
    assert c.red() > 200 and c.green() < 200
    assert plain.pixelColor(cx, int(y1) - 1) != c


def test_underset_is_reported(tmp_path):
    root = write_issue(tmp_path / "issue", {1: _article(frames="{ col = 1, span = 2, line = 5, lines = 30 }")},
                       texts={"a1.txt": "只有一小段文字。"})
    page = layout_issue(load_issue(root)).page(1)
    assert page.overflow == ()
    assert page.underset and page.underset[0]["article"] == "a1" and page.underset[0]["empty_lines"] > 50


def test_text_flows_through_frames_in_order_around_a_photo(tmp_path):
    text = "\n\n".join(["第{}段：文字依次流过各个文字框，先上后下，绕过图片。".format(i) for i in range(1, 16)])
    frames = ("{ col = 1, span = 1, line = 5, lines = 10 }, { col = 1, span = 1, line = 25, lines = 10 }, "
              "{ col = 2, span = 1, line = 5, lines = 30 }")
    root = write_issue(tmp_path / "issue", {1: _article(frames=frames) + '''
[[blocks]]
type = "photo"
id = "ph"
image = "images/none.png"
frame = { col = 1, span = 1, line = 15, lines = 10 }
article = "a1"
'''}, texts={"a1.txt": text})
    data = load_issue(root)
    layout = layout_issue(data)
    art = layout.article("a1")
    body = [l for l in art.lines if l.kind == "body"]
    geo = data.pages[0].geometry
    photo_top, photo_bottom = geo.line_y(15), geo.line_y(25)
    # no line inside the photo; the text order is frame 1, frame 2, frame 3
    assert not any(photo_top <= l.bbox[1] < photo_bottom and l.bbox[0] < geo.col_x(2) for l in body)
    tops = [(0 if l.bbox[0] < geo.col_x(2) and l.bbox[1] < photo_top else 1 if l.bbox[0] < geo.col_x(2) else 2) for l in body]
    assert tops == sorted(tops)
    assert "".join(l.text for l in body) == "".join(data.texts["a1"].split())


def test_multi_line_headline_is_balanced_and_breaks_after_punctuation(tmp_path):
    root = write_issue(tmp_path / "issue", {1: _article(
        headline="空间计算：虚实共生，开启下一代计算新纪元",
        extra='head = { frame = { col = 1, span = 2, line = 1, lines = 6 }, size_pt = 24 }',
        frames="{ col = 1, span = 2, line = 7, lines = 4 }")}, texts={"a1.txt": "正文。"})
    layout = layout_issue(load_issue(root))
    heads = [l.text for l in layout.article("a1").lines if l.kind == "headline"]
    assert len(heads) >= 2
    assert "".join(heads) == "空间计算：虚实共生，开启下一代计算新纪元"
    assert heads[0].endswith(("，", "："))
    widths = [len(h) for h in heads]
    assert max(widths) - min(widths) <= 4


def test_render_command_writes_a_folder_of_pages(tmp_path, bundled_layout):
    r = subprocess.run([sys.executable, "-m", "viewer", "render", str(ROOT / "layouts" / "2025-12-29"), "--pages", "1-2",
                        "--dpi", "30", "-o", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["page-01.png", "page-02.png"]
    with PILImage.open(tmp_path / "out" / "page-01.png") as im:
        assert im.size == (round(390 / 25.4 * 30), round(546 / 25.4 * 30))


def test_render_command_rejects_a_page_outside_the_issue(tmp_path):
    r = subprocess.run([sys.executable, "-m", "viewer", "render", str(ROOT / "layouts" / "2025-12-29"), "--page", "25",
                        "-o", str(tmp_path / "x.png")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1
    assert "page 25 is outside the issue (1-24)" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x.png").exists()


def test_page_header_names_the_editors_when_known(tmp_path):
    root = write_issue(tmp_path / "issue", {
        1: "",
        2: '[editors]\nresponsible = "甲乙"\nart = "丙丁"\n',
    })
    layout = layout_issue(load_issue(root))
    header = " ".join(l.text for l in layout.page(2).lines if l.kind == "header")
    assert "责任编辑 甲乙" in header and "美编 丙丁" in header
    assert "02" in header and "测试" in header
    # the front page has no page header: its masthead carries the date
    assert not [l for l in layout.page(1).lines if l.kind == "header"]


# ---------------------------------------------------------------- vertical headlines, guide box, clearances


def _vertical_issue(tmp_path, headline: str, lines: int = 40, extra: str = ""):
    page = f'''
[[blocks]]
type = "article"
id = "a1"
headline = "{headline}"
text = "正文。"
head = {{ frame = {{ col = 1, span = 1, line = 1, lines = {lines} }}, direction = "vertical", size_pt = 30 {extra}}}
frames = [{{ col = 2, span = 3, line = 1, lines = 5 }}]
'''
    data = load_issue(write_issue(tmp_path / "issue", {1: page}))
    return data, layout_issue(data)


def _glyphs(line):
    """(character, x, y, size, angle) of every glyph of a line."""
    return [(ch, x, y, r.size_pt, r.angle) for r in line.runs for ch, (x, y) in zip(r.text, r.positions)]


def test_vertical_headline_turns_quotes_sets_marks_upper_right_and_digits_across(tmp_path):
    from viewer.layout.setting import _ink

    data, layout = _vertical_issue(tmp_path, "他说：“2026年‘AI’大会”开幕")
    heads = [l for l in layout.article("a1").lines if l.kind == "headline"]
    glyphs = [g for l in heads for g in _glyphs(l)]
    chars = "".join(g[0] for g in glyphs)
    # GB/T 15834—2011 §5.2: “ ” become ﹃ ﹄, ‘ ’ become ﹁ ﹂
    assert "﹃" in chars and "﹄" in chars and "﹁" in chars and "﹂" in chars
    assert not set("“”‘’") & set(chars)
    assert "".join(l.text for l in heads) == "他说：“2026年‘AI’大会”开幕"
    # the colon sits in the upper right of its cell, the cell under 说
    shuo = next(g for g in glyphs if g[0] == "说")
    colon = next(g for g in glyphs if g[0] == "：")
    size = shuo[3]
    cell_top = shuo[2] - 0.88 * size + size
    centre_x = shuo[1] + size / 2
    x0, y0, x1, y1 = _ink("sans_bold", "：")
    assert colon[1] + (x0 + x1) / 2 * size > centre_x
    assert colon[2] + (y0 + y1) / 2 * size < cell_top + size / 2
    # 2026 is turned a quarter clockwise; AI stands side by side in one cell (纵中横)
    assert {g[0] for g in glyphs if g[4] == 90.0} == set("2026")
    a, i = [g for g in glyphs if g[0] in "AI"]
    assert a[2] == i[2] and a[1] < i[1] and (i[1] - a[1]) < size


def test_vertical_headline_follows_the_line_rules_and_is_centred_in_its_frame(tmp_path):
    # columns of at most five cells (11 grid lines of 14 pt for 30 pt type):
    # split by count, ： would open the second column
    data, layout = _vertical_issue(tmp_path, "一二三四五：六七八九", lines=11)
    heads = [l for l in layout.article("a1").lines if l.kind == "headline"]
    assert len(heads) >= 2
    assert not any(l.text.startswith("：") for l in heads)
    glyphs = [g for l in heads for g in _glyphs(l)]
    top = min(g[2] - 0.88 * g[3] for g in glyphs)
    bottom = max(g[2] + 0.12 * g[3] for g in glyphs)
    geo = data.pages[0].geometry
    frame_top, frame_bottom = geo.line_y(1), geo.line_y(12)
    assert abs((top - frame_top) - (frame_bottom - bottom)) < 1.0
    # vertical_align = "top" hangs it from the frame's top instead
    data, layout = _vertical_issue(tmp_path / "top", "一二三四五：六七八九", lines=11, extra=', vertical_align = "top" ')
    heads = [l for l in layout.article("a1").lines if l.kind == "headline"]
    assert min(g[2] - 0.88 * g[3] for l in heads for g in _glyphs(l)) == pytest.approx(frame_top, abs=0.01)
    # and "bottom" stands it on the frame's foot
    data, layout = _vertical_issue(tmp_path / "bottom", "一二三四五：六七八九", lines=11, extra=', vertical_align = "bottom" ')
    heads = [l for l in layout.article("a1").lines if l.kind == "headline"]
    assert max(g[2] + 0.12 * g[3] for l in heads for g in _glyphs(l)) == pytest.approx(frame_bottom, abs=0.01)


def test_guide_entries_share_one_left_edge_with_page_numbers_on_their_last_line(tmp_path):
    from viewer.layout.setting import _ink

    page = '''
[[blocks]]
type = "guide"
frame = { col = 1, span = 1, line = 1, lines = 20 }
entries = [
  { title = "这5年高新技术企业活力奔涌", page = 1 },
  { title = "空间计算：虚实共生，开启下一代计算新纪元", page = 1 },
  { title = "“十四五”我国建材行业科技创新结硕果", page = 1 },
]
'''
    data = load_issue(write_issue(tmp_path / "issue", {1: page}))
    lines = [l for l in layout_issue(data).page(1).lines if l.kind == "guide"][1:]  # after the title
    refs = [l for l in lines if l.text == "01版"]
    titles = [l for l in lines if l.text != "01版"]
    assert len(refs) == 3
    # the ink of every title line starts at one left edge, a quote's blank half trimmed
    starts = []
    for l in titles:
        ch, x, y, size, _ = _glyphs(l)[0]
        starts.append(x + _ink("sans", ch)[0] * size)
    assert max(starts) - min(starts) < 1.5, starts
    # each page number is right-aligned on its entry's last line, never alone
    assert max(r.bbox[2] for r in refs) - min(r.bbox[2] for r in refs) < 0.01
    for r in refs:
        assert any(abs(_glyphs(t)[0][2] - _glyphs(r)[0][2]) < 0.01 for t in titles)
    # the white is shared out evenly above, between and below the entries:
    # each entry's lines follow one another at the pitch, 9 pt type centred in each
    geo = data.pages[0].geometry
    box_top = geo.line_y(1) + 2 * geo.pitch_pt  # under the title band
    box_bottom = geo.line_y(21)
    baselines = sorted({round(_glyphs(l)[0][2], 3) for l in titles})
    white = box_bottom - box_top - len(baselines) * geo.pitch_pt
    gap = white / (len(refs) + 1)
    centre = (geo.pitch_pt - 9) / 2 + 0.88 * 9  # from a line's top to its baseline
    assert baselines[0] == pytest.approx(box_top + gap + centre, abs=0.01)
    assert baselines[-1] == pytest.approx(box_bottom - gap - geo.pitch_pt + centre, abs=0.01)


def _columns_of_paragraphs(tmp_path, name, text):
    """Body lines of a crafted two-column article as columns of (text, first line of a paragraph)."""
    page = _article(frames="{ col = 1, span = 2, line = 5, lines = 8 }",
                    extra="head = { frame = { col = 1, span = 2, line = 1, lines = 3 } }")
    data = load_issue(write_issue(tmp_path / name, {1: page}, texts={"a1.txt": text}))
    body = [l for l in layout_issue(data).page(1).lines if l.kind == "body"]
    lefts = sorted({round(l.bbox[0]) for l in body})[::2]  # each column's left edge; indented lines stand 2 em in
    return [[(l.text, round(l.bbox[0]) != left) for l in body if 0 <= round(l.bbox[0]) - left < 30] for left in lefts]


def test_no_paragraph_tail_alone_at_a_column_top_nor_first_line_alone_at_a_column_foot(tmp_path):
    s = "这是一段用来检查孤行与寡行的示例文字，看段落的首行和末行怎样落在栏里。" * 3
    # set line by line, the second paragraph would end with "检查" alone at the
    # top of column 2; set together, the first paragraph takes three lines
    # and the second brings two of its lines over
    widow = _columns_of_paragraphs(tmp_path, "widow", "\n\n".join([s[:24], s[:78], s[:30]]))
    assert [[t for t, _ in col] for col in widow] == [
        ["这是一段用来检查孤行", "与寡行的示例文字，看段落", "的首", "这是一段用来检查孤行与", "寡行的示例文字，看段落的首",
         "行和末行怎样落在栏里。这是", "一段用来检查孤行与寡行的示", "例文字，看段落的首行和末行"],
        ["怎样落在栏里。这是一段用来", "检查", "这是一段用来检查孤行与", "寡行的示例文字，看段落的首", "行和末行怎样"]]
    # the third paragraph's first line would stand alone at the foot of
    # column 1; the second paragraph takes one more line instead
    orphan = _columns_of_paragraphs(tmp_path, "orphan", "\n\n".join([s[:20], s[:60], s[:40]]))
    assert orphan[0][-1] == ("首行", False) and orphan[1][0] == ("这是一段用来检查孤行与", True)
    for col1, col2 in (widow, orphan):
        assert not col1[-1][1]  # no first line at the foot of column 1
        assert col2[0][1] or not col2[1][1]  # no last line alone at the top of column 2


def test_body_text_keeps_half_a_grid_line_from_photos_and_rules(tmp_path):
    from viewer.layout.fit import ink_box

    text = "\n\n".join(["这是一段用来填满文字框的示例文字，检查与图片和线条之间的留白。" * 2] * 6)
    page = "".join([
        _article("a1", "上方稿件", "{ col = 1, span = 2, line = 4, lines = 10 }",
                 "head = { frame = { col = 1, span = 2, line = 1, lines = 3 } }"),
        '\n[[blocks]]\ntype = "photo"\nid = "ph"\nimage = "images/none.png"\n'
        'frame = { col = 1, span = 2, line = 14, lines = 10 }\ncaption = "图片说明文字。"\n',
        _article("a2", "右侧稿件", "{ col = 3, span = 2, line = 4, lines = 10 }",
                 "head = { frame = { col = 3, span = 2, line = 1, lines = 3 } }"),
        '\n[[blocks]]\ntype = "rule"\norientation = "horizontal"\ncol = 3\nspan = 2\nline = 14\n',
        _article("a3", "标题在右侧竖排", "{ col = 3, span = 2, line = 14, lines = 10 }",
                 'head = { frame = { col = 5, span = 1, line = 14, lines = 10 }, direction = "vertical", size_pt = 20 }'),
    ])
    data = load_issue(write_issue(tmp_path / "issue", {1: page}, texts={f"a{i}.txt": text for i in (1, 2, 3)}))
    pl = layout_issue(data).page(1)
    half = data.pages[0].geometry.pitch_pt / 2
    body = [l for l in pl.lines if l.kind == "body"]
    image = pl.images[0].rect
    above_photo = max(ink_box(l)[3] for l in body if l.article == "a1")
    assert image[1] - above_photo >= half - 0.01
    caption = [l for l in pl.lines if l.kind == "caption"]
    assert caption and min(ink_box(l)[1] for l in caption) - image[3] >= 3.0
    # body text on both sides of the rule: the first line under it stays empty
    # and the rule sits in the middle of the white
    rule = next(r for r in pl.rules if r.line[1] == r.line[3] and r.weight_pt == 0.5)
    y = rule.line[1]
    over = max(ink_box(l)[3] for l in body if l.article == "a2")
    under = min(ink_box(l)[1] for l in body if l.article == "a3")
    assert y - over >= half and under - y >= half
    assert (y - over) == pytest.approx(under - y, abs=0.01)


def test_line_text_keeps_the_spaces_the_text_has(bundled_layout):
    _, layout = bundled_layout
    first = next(l for l in layout.article("p01-miit-2026").lines if l.kind == "body")
    assert first.text == "本报讯（记者 张伟）"


def test_the_issues_punctuation_style_is_used_for_its_body_text(tmp_path):
    page = _article(frames="{ col = 1, span = 2, line = 1, lines = 10 }")
    text = {"a1.txt": "他说：好，是的；行、对。真的吗？对！"}
    for extra, narrower in (("", 0.0), ('punctuation = "kaiming"', 4.5)):
        root = write_issue(tmp_path / (extra[:5] or "full"), {1: page}, issue_extra=extra, texts=text)
        line = next(l for l in layout_issue(load_issue(root)).page(1).lines if l.kind == "body")
        xs = {c: x for r in line.runs for c, (x, _) in zip(r.text, r.positions)}
        # 全角式: the colon takes as much room as a character; 开明式: half an em (4.5 pt) less
        assert (xs["说"] - xs["他"]) - (xs["好"] - xs["："]) == pytest.approx(narrower, abs=0.01)


def test_a_paragraphs_last_line_is_set_flush_left_at_natural_spacing_and_two_line_paragraphs_keep_together(tmp_path):
    """In two frames of one column and 10 lines: the first paragraph would
    fill exactly 9 lines, so the second, of two lines, would start on the
    first column's last line alone; it goes whole to the next column (the
    first paragraph takes the tenth line). Every paragraph's last line is
    set solid, one em a character, from the left."""
    data0 = load_issue(write_issue(tmp_path / "probe", {1: _article("a1", "标题", "{ col = 1, span = 1, line = 4, lines = 10 }")},
                                   texts={"a1.txt": "一"}))
    cpl = data0.pages[0].geometry.chars_per_column
    han = "春夏秋冬东西南北天地人和山川河海日月星辰"
    first = (han * 40)[: (cpl - 2) + 8 * cpl]  # 9 lines: the first indented by two em
    second = (han[::-1] * 5)[: (cpl - 2) + 5]  # 2 lines
    frames = "{ col = 1, span = 1, line = 4, lines = 10 }, { col = 2, span = 1, line = 4, lines = 10 }"
    head = "head = { frame = { col = 3, span = 2, line = 1, lines = 3 } }"
    data = load_issue(write_issue(tmp_path / "issue", {1: _article("a1", "标题", frames, head)},
                                  texts={"a1.txt": first + "\n\n" + second}))
    geo = data.pages[0].geometry
    page = layout_issue(data).page(1)
    body = [ln for ln in page.lines if ln.kind == "body"]
    col1 = [ln for ln in body if ln.bbox[0] < geo.col_x(2) - 1]
    col2 = [ln for ln in body if ln.bbox[0] >= geo.col_x(2) - 1]
    assert "".join(ln.text for ln in col1) == first
    assert "".join(ln.text for ln in col2) == second and len(col2) == 2
    for last in (col1[-1], col2[-1]):
        xs = [x for _, x, _, _, _ in _glyphs(last)]
        assert xs[0] == pytest.approx(geo.col_x(1 if last is col1[-1] else 2), abs=0.01)
        assert all(b - a == pytest.approx(geo.body_size_pt, abs=0.01) for a, b in zip(xs, xs[1:]))


def test_a_vertical_headlines_columns_are_centred_across_its_frame(tmp_path):
    """Two columns of 30 pt type in a one-column frame: each column's Han
    characters stand one under the other on one axis, the two axes one
    column pitch apart, and the pair centred between the frame's edges."""
    data, layout = _vertical_issue(tmp_path, "一二三四五六七八九十", lines=11)
    geo = data.pages[0].geometry
    glyphs = [g for ln in layout.article("a1").lines if ln.kind == "headline" for g in _glyphs(ln)]
    axes = sorted({round(x + size / 2, 2) for _, x, _, size, _ in glyphs})
    assert len(axes) == 2
    left, right = geo.col_x(1), geo.col_x(1) + geo.column_width_pt
    ink_left, ink_right = axes[0] - 15, axes[-1] + 15
    assert ink_left - left == pytest.approx(right - ink_right, abs=0.5)
