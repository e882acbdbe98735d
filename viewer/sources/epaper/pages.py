"""What a page file (版面: ``node_2.htm``, ``node_01.html``,
``nbs.D110000renmrb_01.htm``) says, before any file it names is looked at:
the day's page list, its own page label and section, the page image and
its displayed size, the page PDF link, the hot zones, the headline list,
the paper's name and the date as written."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ...model.problems import Problem
from .markup import cjk_squash, line_of, properties, squash, text_of
from .refs import strip_query
from .site import PAGE_NAME
from .zones import RawZone, map_zones

ARTICLE_NAME = re.compile(r"^(content_[\w-]+|nw\.D\w+_\d{8}_\d+-[A-Za-z0-9]+)\.html?$", re.IGNORECASE)
# 第01版：要闻, 01版:要闻, 第A01版：头版, A01： 头版 (written in the anchor's or banner's text)
LABEL = re.compile(r"^\s*(?P<label>(?:第\s*)?[A-Za-z]{0,2}\s*\d{1,3}\s*版?)\s*[:：]\s*(?P<section>.*)$", re.DOTALL)
DATE_TEXT = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NAME_BEFORE_DATE = re.compile(r"^\s*([^\s\d]{2,16}?)\s*\d{4}\s*年")
_TITLE_PARTS = re.compile(r"\s*(?:--|—|–|-|\||·|_|：|:)\s*")
_SUFFIXES = ("数字报刊", "数字报", "电子版", "电子报", "数字版", "报社", "社")
_PAPER_ENDINGS = ("报", "刊")


def file_name(href: str) -> str:
    return strip_query(href).replace("\\", "/").rsplit("/", 1)[-1]


def is_page_href(href: str) -> bool:
    return bool(PAGE_NAME.match(file_name(href)))


def is_article_href(href: str) -> bool:
    return bool(ARTICLE_NAME.match(file_name(href)))


def split_label(text: str) -> tuple[str, str] | None:
    """(page label, section) of ``第01版：要闻``; None when the text is no label."""
    m = LABEL.match(squash(text))
    if not m:
        return None
    return m.group("label").replace(" ", ""), cjk_squash(m.group("section"))


def label_number(label: str) -> int | None:
    digits = "".join(ch for ch in label if ch.isdigit())
    return int(digits) if digits else None


@dataclass
class ListEntry:
    """One page of the day's page list."""

    href: str
    label: str
    section: str
    pdf_href: str | None
    where: str


@dataclass
class PageFile:
    file: str
    entries: list[ListEntry] = field(default_factory=list)
    label: str = ""
    section: str = ""
    image: object = None  # the page image's <img> element
    pdf_href: str | None = None
    pdf_where: str = ""
    zones: list[RawZone] = field(default_factory=list)
    headlines: list[tuple[str, str, str]] = field(default_factory=list)  # (href, text, where)
    paper: str = ""
    date: _dt.date | None = None
    doc: object = None  # the parsed page, for what is read once its image's size is known


def read_page(doc, file: str, problems: list[Problem]) -> PageFile:
    page = PageFile(file, doc=doc)
    page.image = _page_image(doc)
    page.zones = map_zones(doc, page.image, file, problems)
    page.entries, rows = _page_list(doc)
    page.label, page.section = _banner(doc, rows)
    page.pdf_href, page.pdf_where = _own_pdf(doc, rows)
    page.headlines = _headlines(doc)
    page.paper = paper_name(doc)
    page.date = date_written(doc)
    return page


def _page_image(doc):
    imgs = [i for i in doc.iter("img") if i.get("usemap")]
    if imgs:
        return imgs[0]
    # no image map: the image beside positioned hot zones, else the first image not in the site's template
    for img in doc.iter("img"):
        parent = img.getparent()
        if parent is not None and any("absolute" in (e.get("style") or "").replace(" ", "").lower()
                                      for e in parent.iter("div", "a")):
            return img
    return None


def _page_list(doc) -> tuple[list[ListEntry], set]:
    """The day's pages as the page list gives them, in its order, each with
    the PDF link of its row; and the list's anchors. (Elements are kept as
    keys, not their id(): lxml makes a new proxy, with a new id, for an
    element no Python object holds.)"""
    anchors = []
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if not is_page_href(href) or any(True for _ in a.iterancestors("map")):
            continue
        text = text_of(a)
        parsed = split_label(text)
        if parsed or (a.get("id") or "").lower() == "pagelink":
            anchors.append((a, href, parsed or ("", cjk_squash(text))))
    listed = {a for a, _, _ in anchors}
    rows = _rows(doc, listed)
    entries: dict[str, ListEntry] = {}
    for a, href, (label, section) in anchors:
        key = file_name(href).lower()
        pdf = rows.get(a)
        known = entries.get(key)
        if known is None:
            entries[key] = ListEntry(href, label, section, pdf, line_of(a))
        else:
            if "版" in label and "版" not in known.label:
                known.label, known.section = label, section
            known.pdf_href = known.pdf_href or pdf
    return list(entries.values()), listed


def _pdf_links(doc):
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if strip_query(href).lower().endswith(".pdf"):
            yield a


def _holders(listed: set) -> dict:
    """Each element around page-list anchors: how many it holds, and one of them."""
    count: dict = {}
    for a in listed:
        for anc in [a, *a.iterancestors()]:
            n, first = count.get(anc, (0, a))
            count[anc] = (n + 1, first)
    return count


def _rows(doc, listed: set) -> dict:
    """The PDF link in the row of each page-list anchor: the smallest
    element around a PDF link that holds page-list anchors holds one."""
    count = _holders(listed)
    out: dict = {}
    for link in _pdf_links(doc):
        for anc in link.iterancestors():
            n, first = count.get(anc, (0, None))
            if n:
                if n == 1:
                    out.setdefault(first, link.get("href"))
                break
    return out


def _own_pdf(doc, listed: set) -> tuple[str | None, str]:
    """The page's own PDF link: the first one outside the page list's rows."""
    count = _holders(listed)
    for link in _pdf_links(doc):
        n = next((count[anc][0] for anc in link.iterancestors() if anc in count), 0)
        if n != 1:
            return link.get("href"), line_of(link)
    return None, ""


def _banner(doc, list_ids) -> tuple[str, str]:
    """The page's own label and section (第01版：<STRONG>今日要闻</STRONG>):
    the innermost short element that reads as a label, outside the page list."""
    best = None
    for el in doc.body.iter() if doc.find("body") is not None else doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "script", "style", "title", "option"):
            continue
        if any(x in list_ids for x in el.iter("a")) or any(True for _ in el.iterancestors("a")):
            continue
        text = text_of(el)
        if len(text) > 40:
            continue
        parsed = split_label(text)
        if parsed and parsed[1] and "版" in parsed[0]:
            best = parsed  # document order: an inner element comes after its parent
    return best or ("", "")


def _headlines(doc) -> list[tuple[str, str, str]]:
    """The page's headline list: links to article files outside the image
    map, in document order, with their text (empty when a script writes it)."""
    out = []
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if is_article_href(href) and not any(True for _ in a.iterancestors("map")):
            out.append((href, text_of(a), line_of(a)))
    return out


def paper_name(doc) -> str:
    """The paper's name as the page gives it: its founder-papername, the
    name before the date (人民日报 2017年10月16日), else its title's part
    that names a paper."""
    props = properties(doc)
    if props.get("founder-papername"):
        return props["founder-papername"]
    body = doc.find("body")
    for el in (body.iter() if body is not None else ()):
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "a"):
            continue
        text = text_of(el)
        if len(text) > 40:
            continue
        m = _NAME_BEFORE_DATE.match(text)
        if m and m.group(1).endswith(_PAPER_ENDINGS):
            return m.group(1)
    title = doc.find(".//title")
    return title_paper(text_of(title)) if title is not None else ""


def title_paper(title: str) -> str:
    """科技日报--数字报 -> 科技日报; 打造新型传媒集团·江西日报社数字报 -> 江西日报."""
    for part in _TITLE_PARTS.split(title):
        name = part.strip()
        changed = True
        while changed:
            changed = False
            for suffix in _SUFFIXES:
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    name, changed = name[: -len(suffix)], True
        if name.endswith(_PAPER_ENDINGS) and len(name) >= 2:
            return name
    return ""


def date_written(doc) -> _dt.date | None:
    body = doc.find("body")
    m = DATE_TEXT.search(text_of(body)) if body is not None else None
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
