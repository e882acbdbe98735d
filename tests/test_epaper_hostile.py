"""Saved e-paper sites that are broken or hostile: each problem is a
located message (asserted word for word, and read in Chinese too), nothing
outside the site folder is opened, nothing hangs, and what can open opens."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from test_epaper_sources import CLASSIC, NEWER, messages

from viewer.mupdf import load_pymupdf
from viewer.sources.epaper import open_site

DAY = Path("html/2025-03/14")
P1 = DAY / "node_2.htm"
P2 = DAY / "node_3.htm"
NODE1 = Path("pc/layout/202512/29/node_01.html")


def copy(site: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(site, dest)
    return dest


def edit(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_bytes().decode(encoding)
    assert old in text, old
    path.write_bytes(text.replace(old, new).encode(encoding))


def gbk_edit(path: Path, old: str, new: str) -> None:
    edit(path, old, new, "gbk")


# ---------------------------------------------------------------- references that lead out


def test_references_outside_the_site_are_refused_and_never_opened(tmp_path):
    site = copy(NEWER, tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(site / "pc/page/202512/29/hcwb2025122901.pdf", outside / "secret.pdf")
    shutil.copy(site / "pc/pic/202512/29/hcwb2025122902_b.jpg", outside / "secret.jpg")
    (outside / "content_9.html").write_text("<h1>秘密</h1>", encoding="utf-8")
    os.symlink(outside / "secret.jpg", site / "pc/pic/202512/29/link.jpg")
    page = site / NODE1
    edit(page, "../../../page/202512/29/hcwb2025122901.pdf", "../../../../../outside/secret.pdf")
    edit(page, '<a href="../../../content/202512/29/content_2001.html"></a>',
         '<a href="../../../../../outside/content_9.html"></a>')
    edit(page, '<li><a href="../../../content/202512/29/content_2002.html">',
         '<li><a href="file:///etc/content_1.html">x</a></li><li><a href="http://example.com/content_7.html">y</a>'
         '</li><li><a href="data:text/html,content_5.html">z</a></li><li><a href="/etc/content_3.html">w</a></li>'
         '<li><a href="../../../content/202512/29/content_2002.html">')
    edit(site / "pc/layout/202512/29/node_02.html", "../../../pic/202512/29/hcwb2025122902_b.jpg",
         "../../../pic/202512/29/link.jpg")
    edit(site / "pc/content/202512/29/content_2002.html", '<div id="ozoom">',
         '<p><img src="data:image/png;base64,iVBORw0KGgo="></p><p>图为数据。</p><div id="ozoom">')
    opened: list[str] = []
    active = [True]
    sys.addaudithook(lambda event, args: active[0] and event == "open" and opened.append(str(args[0])))
    try:
        issue = open_site(page)
    finally:
        active[0] = False
    assert not [p for p in opened if p.startswith(str(outside))], opened
    assert messages(issue) == [
        "pc/layout/202512/29/node_01.html: line 18: warning: '../../../../../outside/secret.pdf' leads outside the site "
        "folder; it is not read",
        "pc/layout/202512/29/node_01.html: line 13: warning: '../../../../../outside/content_9.html' leads outside the site "
        "folder; it is not read",
        "pc/layout/202512/29/node_02.html: line 12: warning: '../../../pic/202512/29/link.jpg' leads outside the site folder "
        "through a link; it is not read",
        "pc/layout/202512/29/node_02.html: warning: the page's zones cannot be placed: the size of its image is not known",
        "pc/layout/202512/29/node_01.html: line 29: warning: 'file:///etc/content_1.html' is a file: URL; only files inside "
        "the site folder are read",
        "pc/layout/202512/29/node_01.html: line 29: warning: 'http://example.com/content_7.html' is a web address; nothing "
        "is downloaded",
        "pc/layout/202512/29/node_01.html: line 29: warning: '/etc/content_3.html' is an absolute path; only files inside "
        "the site folder are read",
        "pc/content/202512/29/content_2002.html: line 10: warning: 'data:image/png;base64,iVBORw0KGgo=' is a data: URL; it is "
        "not read",
    ]
    p1, p2 = issue.pages
    assert (p1.pdf, p1.size_from, p2.preview, p2.size_from) == (None, "image", None, "pdf")
    assert [z.article for z in p1.zones] == ["content_2002"]
    assert [(ph.path, ph.caption) for ph in issue.article("content_2002").photos] == [(None, "图为数据。")]


# ---------------------------------------------------------------- encodings


def test_a_wrong_charset_declaration_is_detected_and_said(tmp_path):
    site = copy(CLASSIC, tmp_path)
    # page 2 declares gb2312 but is saved as UTF-8; an article declares UTF-8 but is GBK
    page = site / P2
    page.write_bytes(page.read_bytes().decode("gbk").encode("utf-8"))
    art = site / DAY / "content_1005.htm"
    art.write_bytes(art.read_bytes().decode("gbk").replace("charset=gb2312", "charset=utf-8").encode("gbk"))
    bad = site / DAY / "content_1006.htm"
    bad.write_bytes(bad.read_bytes().replace("全市".encode("gbk"), b"\x80" + "全市".encode("gbk"), 1))
    issue = open_site(site / DAY)
    assert messages(issue) == [
        "html/2025-03/14/node_3.htm: warning: the file declares charset gb2312, but its text is UTF-8; it is read "
        "as UTF-8",
        "html/2025-03/14/content_1005.htm: warning: the file declares charset utf-8, but its text is GBK (GB18030); "
        "it is read as GBK",
        "html/2025-03/14/content_1006.htm: warning: the text is not valid GB18030 (byte 0x80 at offset 592); the "
        "bytes that cannot be read are left out",
    ]
    assert issue.pages[1].section == "综合"
    assert issue.article("content_1005").paragraphs == ("（上接第1版）改造工作将于年底前完成。",)
    assert issue.article("content_1006").paragraphs == ("全市二十处赏花点位一览。",)


# ---------------------------------------------------------------- areas and images


def test_bad_areas_are_cut_or_left_out_with_a_message(tmp_path):
    site = copy(CLASSIC, tmp_path)
    gbk_edit(site / P1, '<AREA shape=rect coords=180,160,340,340 href=content_1003.htm>',
             '<AREA shape=rect coords=180,160,400,340 href=content_1003.htm>'
             '<area shape=rect coords=500,600,700,800 href=content_1003.htm>'
             '<area shape=polygon coords="10,10,20,20" href=content_1003.htm>'
             '<area shape=rect coords="1,2,3" href=content_1003.htm>'
             '<area shape=circle coords="1,2" href=content_1003.htm>'
             '<area shape=star coords="1,2,3,4" href=content_1003.htm>'
             '<area shape=poly coords="1,a,3,4,5,6" href=content_1003.htm>')
    issue = open_site(site / DAY)
    assert messages(issue) == [
        "html/2025-03/14/node_2.htm: line 18: warning: the polygon area has 2 points; three are needed; the area is "
        "left out",
        "html/2025-03/14/node_2.htm: line 18: warning: the rect area needs 4 numbers, not 3; the area is left out",
        "html/2025-03/14/node_2.htm: line 18: warning: the circle area needs 3 numbers, not 2; the area is left out",
        "html/2025-03/14/node_2.htm: line 18: warning: unknown area shape 'star'; the area is left out",
        "html/2025-03/14/node_2.htm: line 18: warning: the area's coordinates '1,a,3,4,5,6' are not numbers; the "
        "area is left out",
        "html/2025-03/14/node_2.htm: line 18: warning: the zone reaches outside the image (350 × 550 px); it is cut "
        "at the image's edge",
        "html/2025-03/14/node_2.htm: line 18: warning: the zone lies outside the image (350 × 550 px); it is left out",
    ]
    zone = next(z for z in issue.pages[0].zones if z.article == "content_1003")
    assert zone.bounds == (360, 320, 700, 680)  # cut at the page's right edge


def test_an_image_of_50000_pixels_declared_in_attributes_is_not_believed(tmp_path):
    site = copy(CLASSIC, tmp_path)
    gbk_edit(site / P1, "width=350 height=550", "width=50000 height=78571")
    issue = open_site(site / DAY)
    assert messages(issue) == [
        "html/2025-03/14/node_2.htm: line 18: warning: the page image's declared size 50000 × 78571 is not "
        "credible; its own size is used"]
    # the image itself is 350 × 550: the zones are where they were
    assert next(z for z in issue.pages[0].zones if z.article == "content_1003").bounds == (360, 320, 680, 680)


# ---------------------------------------------------------------- page PDFs


@pytest.mark.parametrize("damage, why", [
    ("empty", "is empty (0 bytes)"),
    ("encrypted", "is encrypted"),
    ("garbage", "is damaged or is no PDF"),
])
def test_an_unusable_page_pdf_falls_back_to_the_preview(tmp_path, damage, why):
    site = copy(CLASSIC, tmp_path)
    pdf = site / "images/2025-03/14/01/BJRB2025031401.pdf"
    if damage == "empty":
        pdf.write_bytes(b"")
    elif damage == "encrypted":
        pymupdf = load_pymupdf()
        with pymupdf.open(pdf) as doc:
            data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
        pdf.write_bytes(data)
    else:
        pdf.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    issue = open_site(site / DAY)
    (only,) = messages(issue)
    assert only.startswith(f"html/2025-03/14/node_2.htm: line 21: warning: the page PDF "
                           f"'images/2025-03/14/01/BJRB2025031401.pdf' {why}"), only
    assert only.endswith("; the page is shown from its preview image")
    p1 = issue.pages[0]
    assert (p1.pdf, p1.size_from) == (None, "image")
    assert (p1.width_pt, p1.height_pt) == (350 * 72 / 96, 550 * 72 / 96)  # the preview at 96 dpi
    # the zones follow: the 350 × 550 px image is the page, at 0.75 pt a pixel
    assert next(z for z in p1.zones if z.article == "content_1003").bounds == (135, 120, 255, 255)


def test_a_pdf_of_500_pages_where_one_is_expected_gives_its_first_page(tmp_path):
    site = copy(CLASSIC, tmp_path)
    pymupdf = load_pymupdf()
    doc = pymupdf.open()
    for _ in range(500):
        doc.new_page(width=700, height=1100)
    doc.save(site / "images/2025-03/14/02/BJRB2025031402.pdf")
    t = time.monotonic()
    issue = open_site(site / DAY)
    assert time.monotonic() - t < 10
    assert messages(issue) == [
        "html/2025-03/14/node_3.htm: line 21: warning: the page PDF 'images/2025-03/14/02/BJRB2025031402.pdf' has "
        "500 pages where one is expected; its first page is used"]
    assert issue.pages[1].size_from == "pdf"


def test_a_damaged_pdf_without_a_preview_says_both(tmp_path):
    site = copy(CLASSIC, tmp_path)
    (site / "images/2025-03/14/02/BJRB2025031402.pdf").write_bytes(b"")
    (site / "images/2025-03/14/02/BJRB2025031402_b.jpg").write_bytes(b"not a jpeg")
    issue = open_site(site / DAY)
    assert messages(issue) == [
        "html/2025-03/14/node_3.htm: line 18: warning: the preview image 'images/2025-03/14/02/BJRB2025031402_b.jpg' "
        "is damaged or is no image that can be shown",
        "html/2025-03/14/node_3.htm: line 21: warning: the page PDF 'images/2025-03/14/02/BJRB2025031402.pdf' is "
        "empty (0 bytes)",
        "html/2025-03/14/node_3.htm: page 2 (第02版) has neither a usable page PDF nor a usable preview image in the "
        "copy; the page is left out",
    ]


def test_a_page_with_neither_pdf_nor_preview_is_left_out_and_the_others_open(tmp_path):
    site = copy(CLASSIC, tmp_path)
    (site / "images/2025-03/14/02/BJRB2025031402.pdf").unlink()
    (site / "images/2025-03/14/02/BJRB2025031402_b.jpg").unlink()
    issue = open_site(site / DAY)
    assert messages(issue) == [
        "html/2025-03/14/node_3.htm: line 21: warning: the page PDF 'images/2025-03/14/02/BJRB2025031402.pdf' is "
        "not in the copy",
        "html/2025-03/14/node_3.htm: line 18: warning: the preview image 'images/2025-03/14/02/BJRB2025031402_b.jpg' "
        "is not in the copy",
        "html/2025-03/14/node_3.htm: page 2 (第02版) has neither a usable page PDF nor a usable preview image in the "
        "copy; the page is left out",
    ]
    assert [p.number for p in issue.pages] == [1]
    assert [p.code for p in issue.errors] == ["missing-page"]


# ---------------------------------------------------------------- files and folders


def test_missing_page_and_article_files_are_said(tmp_path):
    site = copy(CLASSIC, tmp_path)
    (site / DAY / "content_1003.htm").unlink()
    (site / P2).unlink()
    issue = open_site(site / DAY)
    assert messages(issue) == [
        "html/2025-03/14/node_2.htm: line 14: the page file 'html/2025-03/14/node_3.htm' (第02版) is not in the copy; "
        "the page is left out",
        "html/2025-03/14/node_2.htm: warning: the article file 'html/2025-03/14/content_1003.htm' is not in the copy",
    ]
    assert issue.article("content_1003").headline == "滨江图书馆延长开放时间"  # from the headline list


def test_a_site_of_10000_date_folders_lists_the_newest_without_hanging(tmp_path):
    site = tmp_path / "big"
    html = site / "html"
    day = dt.date(1990, 1, 1)
    for _ in range(10000):
        (html / f"{day:%Y-%m}" / f"{day:%d}").mkdir(parents=True)
        day += dt.timedelta(days=1)
    newest = html / f"{day - dt.timedelta(days=1):%Y-%m/%d}"
    for f in (CLASSIC / DAY).iterdir():
        shutil.copy(f, newest / f.name)
    t = time.monotonic()
    issue = open_site(site)
    assert time.monotonic() - t < 20
    assert issue.date == day - dt.timedelta(days=1)
    dates = issue.site.dates()
    assert len(dates) == 4000 and dates[-1][0] == issue.date
    assert messages(issue)[0] == ("html: warning: the site has more than 4000 date folders; only the newest 4000 "
                                  "are listed")


def test_a_page_file_too_large_to_be_a_page_is_not_read(tmp_path):
    site = copy(NEWER, tmp_path)
    with open(site / "pc/layout/202512/29/node_02.html", "ab") as f:
        f.write(b" " * (9 * 1024 * 1024))
    issue = open_site(site)
    assert "pc/layout/202512/29/node_02.html: the file is larger than 8 MB, more than a page of a saved site " \
           "holds; it is not read" in messages(issue)
    assert [p.number for p in issue.pages] == [1]


def test_what_is_no_site_says_so(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert messages(open_site(tmp_path)) == [
        f"{tmp_path}: this is not a saved e-paper site: no page file (node_N.htm, node_NN.html, "
        "nbs.D110000renmrb_PP.htm) and no date folders (html/YYYY-MM/DD, pc/layout/YYYYMM/DD) were found"]
    assert messages(open_site(tmp_path / "gone")) == [f"{tmp_path / 'gone'}: no such file or folder"]
    garbage = tmp_path / "html" / "2025-01" / "02"
    garbage.mkdir(parents=True)
    (garbage / "node_1.htm").write_bytes(bytes(range(256)) * 40)
    issue = open_site(garbage)
    assert issue.pages == () and issue.date == dt.date(2025, 1, 2)


def test_weekly_date_folders_are_found(tmp_path):
    site = tmp_path / "weekly"
    shutil.copytree(CLASSIC / DAY, site / "html" / "2024-W05")
    assert [d for d, _ in open_site(site).site.dates()] == [dt.date(2024, 1, 29)]
