"""The furniture of the bundled issue's pages, laid out: the masthead 报头,
the adverts 广告 and the page headers 报眉, each held to the rules of a
Chinese broadsheet with values written out here: what each says, in which
order, where it stands in its frame, and that nothing of it prints over
anything else or leaves its frame."""

from __future__ import annotations

import pytest

from conftest import BUNDLED, shared
from viewer.layout import layout_issue
from viewer.layout.fit import ink_box
from viewer.model import load_issue

RED = "#B0191E"  # the paper's red (masthead, header band, guide)
TOL = 0.5  # pt


@pytest.fixture(scope=shared("module"))
def laid():
    data = load_issue(BUNDLED)
    return data, layout_issue(data, [1, 2, 3, 11, 18, 24])


def _frame(data, number: int, index: int):
    pd = data.page(number)
    return pd.geometry.frame_rect(pd.page.blocks[index].frame)


def _inside(box, frame, tol=TOL) -> bool:
    return (box[0] >= frame[0] - tol and box[1] >= frame[1] - tol and box[2] <= frame[2] + tol
            and box[3] <= frame[3] + tol)


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > TOL and min(a[3], b[3]) - max(a[1], b[1]) > TOL


def test_nothing_on_the_laid_out_pages_overprints_or_misses_its_frame(laid):
    _, layout = laid
    for page in layout.pages:
        assert page.overprints == (), (page.number, page.overprints)
        assert page.misfits == (), (page.number, page.misfits)
        for ln in page.lines:
            x0, y0, x1, y1 = ln.bbox
            assert 0 <= x0 < x1 <= page.width_pt and 0 <= y0 < y1 <= page.height_pt, (page.number, ln.text)


# ------------------------------------------------------------ masthead 报头

def test_masthead_names_the_paper_large_and_red_at_the_left_of_its_frame(laid):
    data, layout = laid
    frame = _frame(data, 1, 0)
    lines = [ln for ln in layout.page(1).lines if ln.kind == "masthead"]
    outside = [ln.text for ln in lines if not _inside(ink_box(ln), frame)]
    assert outside == []
    name, english, org = lines[0], lines[1], lines[2]
    assert name.text == "中国高新技术产业导报"
    assert english.text == "CHINA HIGH-TECH INDUSTRY HERALD"
    assert org.text == "科学技术部主管 科技日报社主办"
    # the name: red, the largest type on the page, from the frame's left edge, in its top half
    assert {r.color for r in name.runs} == {RED} and {r.color for r in english.runs} == {RED}
    size = name.runs[0].size_pt
    assert size >= 48 and all(r.size_pt < size for ln in layout.page(1).lines if ln is not name for r in ln.runs)
    assert abs(name.bbox[0] - frame[0]) <= TOL and name.bbox[1] < (frame[1] + frame[3]) / 2
    # the English name right under it, smaller, on the same left edge
    assert abs(english.bbox[0] - frame[0]) <= TOL
    assert name.bbox[1] < english.bbox[1] and english.runs[0].size_pt < size / 3
    # who supervises and publishes it: black, body-like size, at the foot of the frame on the left
    assert {r.color for r in org.runs} == {"#000000"} and 9 <= org.runs[0].size_pt <= 14
    assert abs(org.bbox[0] - frame[0]) <= TOL and org.bbox[1] > english.bbox[3]
    assert frame[3] - org.bbox[3] < 12


def test_masthead_information_panel_lists_the_issue_facts_in_order_on_one_left_edge(laid):
    data, layout = laid
    frame = _frame(data, 1, 0)
    page = layout.page(1)
    lines = [ln for ln in page.lines if ln.kind == "masthead"]
    panel = lines[3:]
    assert [ln.text for ln in panel] == ["2025年12月29日", "星期一", "第48期（总第2652期）", "今日24版",
                                         "国内统一连续出版物号", "CN 11-0237", "邮发代号 1-206"]
    left = panel[0].bbox[0]
    assert all(abs(ln.bbox[0] - left) <= TOL for ln in panel)
    # top to bottom, one under the other, nothing overlapping
    assert all(a.bbox[3] <= b.bbox[1] + TOL for a, b in zip(panel, panel[1:]))
    # the date and weekday stand out over the issue number, which stands over the registration lines
    sizes = [ln.runs[0].size_pt for ln in panel]
    assert sizes[0] == sizes[1] > sizes[2] == sizes[3] > sizes[4] == sizes[5] == sizes[6]
    # the panel is on the right, within the last third of the frame, centred in its height
    assert left > frame[0] + (frame[2] - frame[0]) * 2 / 3 and all(ln.bbox[2] <= frame[2] + TOL for ln in panel)
    above, below = panel[0].bbox[1] - frame[1], frame[3] - panel[-1].bbox[3]
    assert above > 0 and below > 0 and abs(above - below) <= 3
    # a thin vertical rule parts it from the name, clear of both
    name_right = max(ln.bbox[2] for ln in lines[:3])
    rules = [r for r in page.rules if r.line[0] == r.line[2] and name_right < r.line[0] < left
             and frame[1] <= r.line[1] < r.line[3] <= frame[3]]
    assert len(rules) == 1 and rules[0].weight_pt <= 1
    assert rules[0].line[1] <= panel[0].bbox[1] and rules[0].line[3] >= panel[-1].bbox[3]


# ------------------------------------------------------------ adverts 广告

ADVERTS = [  # page, block index, headline, text, has an image
    (11, 7, "广告位示例", "此处为半版广告位示例，占版面下半部八栏。", False),
    (18, 9, "广告位示例", "半版宽广告位示例", False),
    (18, 13, "广告位示例", "四分之一宽广告位示例", False),
    (24, 0, "广告位示例", "本版为整版广告位示例", True),
]


@pytest.mark.parametrize("number,index,headline,text,image", ADVERTS)
def test_an_advert_is_boxed_marked_as_advertising_and_centred(laid, number, index, headline, text, image):
    data, layout = laid
    page = layout.page(number)
    frame = _frame(data, number, index)
    assert data.page(number).page.blocks[index].type == "advert"
    # its box: a 1 pt border over the frame's width and down to its foot, its top at most
    # one grid line down (it keeps clear of body text above)
    (box,) = [b for b in page.boxes if b.weight_pt == 1.0 and _inside(b.rect, frame) and b.rect[2] - b.rect[0] > 100]
    pitch = data.page(number).geometry.pitch_pt
    assert abs(box.rect[0] - frame[0]) <= TOL and abs(box.rect[2] - frame[2]) <= TOL
    assert abs(box.rect[3] - frame[3]) <= TOL and frame[1] - TOL <= box.rect[1] <= frame[1] + pitch
    mine = [ln for ln in page.lines if ln.block == index]
    assert all(_inside(ink_box(ln), box.rect) for ln in mine)
    label, head, foot = mine
    # 广告 (the law requires adverts to say so): in a small box of its own in the top right corner
    assert (label.kind, label.text, head.text, foot.text) == ("label", "广告", headline, text)
    (lbox,) = [b for b in page.boxes if b is not box and _inside(b.rect, box.rect) and b.rect[2] - b.rect[0] < 60]
    assert _inside(label.bbox, lbox.rect)
    assert 0 < box.rect[2] - lbox.rect[2] <= 6 and 0 < lbox.rect[1] - box.rect[1] <= 6
    # the headline: bold sans, 16–36 pt, centred, under the label; the text at the foot, centred
    centre = (box.rect[0] + box.rect[2]) / 2
    assert 16 <= head.runs[0].size_pt <= 36 and head.runs[0].role == "sans_bold"
    assert head.bbox[1] >= lbox.rect[3]
    for ln in (head, foot):  # a line-end mark's blank half may hang: a quarter em
        assert abs((ln.bbox[0] + ln.bbox[2]) / 2 - centre) <= ln.runs[0].size_pt / 4, ln.text
    assert foot.bbox[1] > head.bbox[3] and box.rect[3] - foot.bbox[3] < 20
    pictures = [im for im in page.images if im.block == index]
    if image:
        (pic,) = pictures
        # between the headline and the text, inside the box with a margin, centred
        assert pic.rect[1] >= head.bbox[3] and pic.rect[3] <= foot.bbox[1]
        assert pic.rect[0] > box.rect[0] + 5 and pic.rect[2] < box.rect[2] - 5
        assert abs((pic.rect[0] + pic.rect[2]) / 2 - centre) <= 1
    else:
        assert pictures == []


# ------------------------------------------------------------ page headers 报眉

@pytest.mark.parametrize("number,section", [(2, "综合"), (3, "智能汽车")])
def test_page_header_puts_the_number_on_the_outer_side_and_the_paper_on_the_inner(laid, number, section):
    data, layout = laid
    page = layout.page(number)
    geo = data.page(number).geometry
    left, right, top = geo.left_pt, geo.left_pt + geo.type_width_pt, geo.top_pt
    header = [ln for ln in page.lines if ln.kind == "header"]
    assert [ln.text for ln in header] == [f"{number:02d}", section, "中国高新技术产业导报", "2025年12月29日 星期一"]
    num, sec, paper, date = header
    # the page number, white on a red box at the outer edge: left on even pages, right on odd ones
    (nbox,) = [b for b in page.boxes if b.fill == RED and b.rect[3] <= top]
    assert _inside(ink_box(num), nbox.rect) and {r.color for r in num.runs} == {"#FFFFFF"}
    assert abs((num.bbox[0] + num.bbox[2]) / 2 - (nbox.rect[0] + nbox.rect[2]) / 2) <= 1
    even = number % 2 == 0
    if even:
        assert abs(nbox.rect[0] - left) <= TOL and nbox.rect[2] < sec.bbox[0] < paper.bbox[0]
        assert abs(paper.bbox[2] - right) <= TOL and abs(date.bbox[2] - right) <= TOL
    else:
        assert abs(nbox.rect[2] - right) <= TOL and paper.bbox[2] < sec.bbox[0] and sec.bbox[2] < nbox.rect[0]
        assert abs(paper.bbox[0] - left) <= TOL and abs(date.bbox[0] - left) <= TOL
    assert {r.color for r in paper.runs} == {RED} and paper.bbox[3] <= date.bbox[1] + TOL
    # all above the type area, over a red thick-thin rule across it
    (rule,) = [r for r in page.rules if r.style == "thick-thin"]
    assert rule.color == RED and abs(rule.line[0] - left) <= TOL and abs(rule.line[2] - right) <= TOL
    assert all(ink_box(ln)[3] <= rule.line[1] for ln in header) and rule.line[1] < top
    assert not any(_overlap(ink_box(a), ink_box(b)) for i, a in enumerate(header) for b in header[i + 1:])


def _one_block_issue(tmp_path, block: str, picture: str, size: tuple[int, int], colour=(0, 0, 0)):
    """A one-page issue of one block and the picture it names (images/NAME)."""
    from PIL import Image as PILImage

    from conftest import write_issue

    root = write_issue(tmp_path / "issue", {1: "\n[[blocks]]\n" + block})
    (root / "images").mkdir()
    PILImage.new("RGB", size, colour).save(root / "images" / picture)
    return load_issue(root)


# ------------------------------------------------------------ image blocks and datelines

def test_an_image_block_sets_its_label_centred_under_the_image_inside_its_frame(tmp_path):
    """A QR code with 扫码关注 under it: a 200 × 200 px image contained in a
    two-column, eight-line frame, the label on one grid line and a fifth of
    a line under the image, centred, in bold sans at the body size."""
    data = _one_block_issue(tmp_path, 'type = "image"\nid = "qr"\nimage = "images/qr.png"\n'
                                      'frame = { col = 3, span = 2, line = 5, lines = 8 }\nlabel = "扫码关注"\n', "qr.png", (200, 200))
    page = layout_issue(data).page(1)
    geo = data.pages[0].geometry
    frame = _frame(data, 1, 0)
    (image,) = page.images
    (label,) = [ln for ln in page.lines if ln.kind == "label"]
    assert label.text == "扫码关注" and label.runs[0].role == "sans_bold" and label.runs[0].size_pt == geo.body_size_pt
    assert _inside(image.rect, frame) and _inside(ink_box(label), frame)
    # contained: square, as wide as it can be in the space above the label, centred
    x0, y0, x1, y1 = image.rect
    assert x1 - x0 == pytest.approx(y1 - y0, abs=0.01)
    label_top = frame[3] - geo.pitch_pt * 1.2
    assert y1 - y0 == pytest.approx(label_top - frame[1], abs=0.01)
    centre = (frame[0] + frame[2]) / 2
    assert (x0 + x1) / 2 == pytest.approx(centre, abs=0.01)
    assert (label.bbox[0] + label.bbox[2]) / 2 == pytest.approx(centre, abs=1)
    assert ink_box(label)[1] >= y1


@pytest.mark.parametrize("byline,gap", [
    ("本报讯（记者 张伟）", ""),  # text follows the closing bracket at once
    ("本报讯(记者 张伟)", ""),
    ("【本报讯】", ""),
    ("本报讯（记者 张伟） ", ""),
    ("本报讯", "\u3000"),  # a bare dateline is parted from the text by an ideographic space
    ("新华社北京12月28日电", "\u3000"),
    ("本报记者 {陈思远}", "\u3000"),  # the no-break mark is no bracket
    ("本报讯（记者 {陈思远}）", ""),
])
def test_a_byline_runs_into_its_text_after_a_bracket_and_is_parted_by_a_space_otherwise(byline, gap):
    from viewer.layout.flow import dateline_gap

    assert dateline_gap(byline) == gap


# ------------------------------------------------------------ the guide 本期导读

GUIDE = [("这5年高新技术企业活力奔涌", 2), ("高阶智驾时代大幕开启", 3), ("东北地区国家高新区共谋区域协同发展", 5),
         ("空间计算：虚实共生，开启下一代计算新纪元", 13), ("2026攻坚年，光伏行业如何告别“内卷”", 21),
         ("“十四五”我国建材行业科技创新结硕果", 23)]


def test_guide_box_has_a_red_title_band_and_shares_its_white_evenly_between_entries(laid):
    data, layout = laid
    page = layout.page(1)
    geo = data.page(1).geometry
    frame = _frame(data, 1, 4)
    assert data.page(1).page.blocks[4].type == "guide"
    (box,) = [b for b in page.boxes if b.weight_pt == 0.75 and b.fill is None]
    (band,) = [b for b in page.boxes if b.fill == RED and _inside(b.rect, box.rect)]
    assert abs(box.rect[0] - frame[0]) <= TOL and abs(box.rect[2] - frame[2]) <= TOL
    assert frame[1] - TOL <= box.rect[1] and box.rect[3] <= frame[3] + TOL
    # the band: across the top of the box, two grid lines deep; the title white, bold, centred in it
    assert band.rect[:3] == box.rect[:3] and band.rect[3] - band.rect[1] == pytest.approx(2 * geo.pitch_pt)
    lines = [ln for ln in page.lines if ln.kind == "guide"]
    title = lines[0]
    assert title.text == "本期导读" and {r.color for r in title.runs} == {"#FFFFFF"}
    assert title.runs[0].role == "sans_bold" and title.runs[0].size_pt > geo.body_size_pt
    ink = ink_box(title)
    assert _inside(ink, band.rect)
    assert (ink[0] + ink[2]) / 2 == pytest.approx((band.rect[0] + band.rect[2]) / 2, abs=1)
    assert (ink[1] + ink[3]) / 2 == pytest.approx((band.rect[1] + band.rect[3]) / 2, abs=2)
    # the entries in order, each with its page in red bold at the right of its last line
    refs = [ln for ln in lines[1:] if ln.text.endswith("版")]
    texts = [ln for ln in lines[1:] if ln not in refs]
    assert [ln.text for ln in refs] == [f"{p:02d}版" for _, p in GUIDE]
    assert "".join(ln.text for ln in texts) == "".join(t for t, _ in GUIDE)
    assert all({r.color for r in ln.runs} == {RED} and ln.runs[0].role == "sans_bold" for ln in refs)
    right = refs[0].bbox[2]
    assert all(abs(ln.bbox[2] - right) <= TOL for ln in refs)
    # one left edge (an opening quote's blank half hangs outside it), the same padding on both sides
    left = texts[0].bbox[0]
    assert all(abs(ln.bbox[0] - left) <= TOL or ln.text.startswith("“") for ln in texts)
    assert left - box.rect[0] == pytest.approx(box.rect[2] - right, abs=TOL)
    # the white: the same above the first entry, between entries and below the last
    entries = [k.rect for k in page.links if k.article is not None and _inside(k.rect, box.rect)]
    assert [k.page for k in page.links if k.article is not None and _inside(k.rect, box.rect)] == [p for _, p in GUIDE]
    gaps = [entries[0][1] - band.rect[3]] + [b[1] - a[3] for a, b in zip(entries, entries[1:])] + [
        box.rect[3] - entries[-1][3]]
    assert min(gaps) > 0 and max(gaps) - min(gaps) <= 0.01, gaps
    for ref, entry in zip(refs, entries):  # on the entry's last line
        assert entry[3] - geo.pitch_pt - TOL <= ref.bbox[1] and ref.bbox[3] <= entry[3] + TOL
    # a dotted rule in the middle of each gap between entries, across the padded width
    dotted = sorted((r for r in page.rules if r.style == "dotted"), key=lambda r: r.line[1])
    assert len(dotted) == len(GUIDE) - 1
    for r, a, b in zip(dotted, entries, entries[1:]):
        assert r.line[1] == r.line[3] == pytest.approx((a[3] + b[1]) / 2, abs=0.01)
        assert r.line[0] == pytest.approx(left, abs=TOL) and r.line[2] == pytest.approx(right, abs=TOL)


def test_a_guide_with_more_entries_than_its_frame_holds_is_an_error_naming_the_room_it_needs(tmp_path):
    """Two grid lines of title band and one line an entry: five one-line
    entries need 7 lines (98 pt at the 14 pt pitch) where the frame has 4."""
    from conftest import write_issue
    from viewer.layout.fit import fit_problems

    entries = ", ".join(f'{{ title = "第{i}条导读", page = 1 }}' for i in range(1, 6))
    root = write_issue(tmp_path / "issue", {1: '\n[[blocks]]\ntype = "guide"\ntitle = "本期导读"\n'
                                                f'frame = {{ col = 1, span = 2, line = 10, lines = 4 }}\nentries = [{entries}]\n'})
    data = load_issue(root)
    x0, _, x1, _ = _frame(data, 1, 0)
    assert data.pages[0].geometry.pitch_pt == 14.0
    problems = [str(p) for p in fit_problems(data, layout_issue(data))]
    assert problems == [f"pages/01.toml: blocks[0].frame: the guide box does not fit its frame: it needs {x1 - x0:.1f} × 98.0 pt, "
                        f"the frame holds {x1 - x0:.1f} × 56.0 pt"]


def test_an_advert_of_only_a_picture_gives_it_the_box_below_its_headline(tmp_path):
    """No text under the picture: the picture reaches down to one body size
    above the box's foot, and is still labelled 广告."""
    data = _one_block_issue(tmp_path, 'type = "advert"\nid = "ad"\nheadline = "新品上市"\nimage = "images/ad.png"\n'
                                      'frame = { col = 1, span = 4, line = 20, lines = 30 }\n', "ad.png", (400, 1000), (200, 30, 30))
    page = layout_issue(data).page(1)
    geo = data.pages[0].geometry
    frame = _frame(data, 1, 0)
    assert [ln.text for ln in page.lines] == ["广告", "新品上市"]
    (pic,) = page.images
    assert pic.path is not None and pic.rect[3] == pytest.approx(frame[3] - geo.body_size_pt, abs=0.01)
    assert pic.rect[1] >= ink_box(page.lines[1])[3]


def test_a_photo_shows_the_part_of_its_image_the_crop_names(tmp_path):
    """crop = [left, top, right, bottom] as fractions: of a 1000 × 800 px
    image, [0.5, 0.25, 1.0, 0.75] is the right half of its middle band, 500
    × 400 px, which a frame of the same proportions shows whole."""
    data = _one_block_issue(tmp_path, 'type = "photo"\nid = "ph"\nimage = "images/p.png"\n'
                                      'frame = { col = 1, span = 4, line = 20, lines = 30 }\n'
                                      'crop = [0.5, 0.25, 1.0, 0.75]\nfit = "contain"\n', "p.png", (1000, 800))
    page = layout_issue(data).page(1)
    (pic,) = page.images
    assert pic.crop == pytest.approx((500, 200, 1000, 600))
    assert (pic.rect[2] - pic.rect[0]) / (pic.rect[3] - pic.rect[1]) == pytest.approx(500 / 400, abs=0.001)


def test_a_boxed_article_is_ruled_round_half_a_gutter_outside_its_columns(tmp_path):
    """boxed = true: a 0.75 pt box whose sides stand in the middle of the
    gutters beside the article's columns, at the same distance left and
    right, with its text inside."""
    from conftest import write_issue
    from test_layout import _article

    root = write_issue(tmp_path / "issue", {1: _article("a1", "方框稿件", "{ col = 3, span = 2, line = 10, lines = 12 }",
                                                        "boxed = true\nhead = { frame = { col = 3, span = 2, line = 7, lines = 3 } }")},
                       texts={"a1.txt": "方框里的正文，检查边框与文字的位置。" * 8})
    data = load_issue(root)
    geo = data.pages[0].geometry
    page = layout_issue(data).page(1)
    (box,) = [b for b in page.boxes if b.weight_pt == 0.75]
    mid_left = geo.col_x(3) - geo.gutter_pt / 2
    mid_right = geo.col_x(4) + geo.column_width_pt + geo.gutter_pt / 2
    assert box.rect[0] == pytest.approx(mid_left, abs=0.01) and box.rect[2] == pytest.approx(mid_right, abs=0.01)
    assert all(_inside(ink_box(ln), box.rect) for ln in page.lines if ln.kind == "body")
