"""Saved e-paper sites that are broken or hostile: each problem is a
located message (asserted word for word, and read in Chinese too), nothing
outside the site folder is opened, nothing hangs, and what can open opens."""

from __future__ import annotations

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
