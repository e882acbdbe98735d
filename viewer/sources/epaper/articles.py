"""What an article file (``content_52014.htm``, ``content_30048054.html``,
``nw.D110000renmrb_20171016_1-01.htm``) says: the headline group (引题,
主题, 副题, author), the body's paragraphs, the photos with their
captions, the enpproperty fields and the continuation lines (下转第3版,
上接第1版).

The body is what stands between ``<!--enpcontent-->`` and
``<!--/enpcontent-->`` (the first such part: some pages repeat the body
for copying), else in ``<founder-content>``, else in ``#ozoom``. The
headline group is read from the headings around the body (``#PreTitle``,
``#Title``, ``#SubTitle``; ``h3``/``h1``/``h2``/``h4``), else from the
Founder tags and the enpproperty comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .markup import line_of, properties, squash, text_of

_PARA = "\u2029"
CONTINUATION = re.compile(r"[（(]\s*(下转|转|上接|接|紧接)\s*(?:第\s*)?([A-Za-z]{0,2}\d{1,3}|[一二三四五六七八九十]{1,3})\s*版")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_TEMPLATE_IMAGES = ("tplimg", "template", "/images/ico", "spacer", "/res/img")
MAX_CAPTION = 200


@dataclass
class ArticleFile:
    kicker: str = ""
    headline: str = ""
    subtitle: str = ""
    author: str = ""
    paragraphs: list[str] = field(default_factory=list)
    photos: list[tuple[str, str, str]] = field(default_factory=list)  # (src, caption, where)
    props: dict[str, str] = field(default_factory=dict)
    continued_on: list[str] = field(default_factory=list)  # page labels as written: 3, A03
    continued_from: list[str] = field(default_factory=list)


def chinese_number(text: str) -> str:
    """三 -> 3, 十二 -> 12; digits as they are."""
    if not text or text[0] not in "一二三四五六七八九十":
        return text
    if "十" in text:
        tens, _, units = text.partition("十")
        return str(_NUMERALS.get(tens, 1) * 10 + _NUMERALS.get(units, 0))
    return str(_NUMERALS.get(text, 0))


def read_article(doc) -> ArticleFile:
    art = ArticleFile(props=properties(doc))
    start, body_els = _body(doc)
    container = _container(doc, start)
    _headline_group(doc, container, art)
    paragraphs: list[str] = []
    for el in body_els:
        for part in text_of(el, _PARA).split(_PARA):
            part = squash(part)
            if part:
                paragraphs.append(part)
    art.photos = _photos(container if container is not None else doc)
    captions = {c for _, c, _ in art.photos if c}
    art.paragraphs = [p for p in paragraphs if p not in captions]
    for p in art.paragraphs:
        for m in CONTINUATION.finditer(p):
            target = chinese_number(m.group(2))
            (art.continued_from if m.group(1) in ("上接", "接", "紧接") else art.continued_on).append(target)
    return art


def _body(doc):
    """(the element the body starts in, the elements of its paragraphs)."""
    inside = False
    start = None
    paras = []
    for el in doc.iter():
        if isinstance(el, etree._Comment):
            mark = (el.text or "").strip().lower()
            if mark == "enpcontent":
                if start is None:
                    start = el.getparent()
                inside = True
            elif mark == "/enpcontent" and start is not None:
                break
            continue
        if inside and el.tag == "p" and not any(a in paras for a in el.iterancestors("p")):
            paras.append(el)
    if start is not None:
        return start, paras or [start]
    for finder in (lambda: next(iter(doc.iter("founder-content")), None),
                   lambda: _by_id(doc, "ozoom"), lambda: _by_id(doc, "articlecontent")):
        el = finder()
        if el is not None:
            ps = [p for p in el.iter("p") if not any(True for _ in p.iterancestors("p"))]
            return el, ps or [el]
    return None, []


def _by_id(doc, name: str):
    return next((e for e in doc.iter() if isinstance(e.tag, str) and (e.get("id") or "").lower() == name), None)


def _container(doc, start):
    """The smallest element around the body that holds its main heading."""
    if start is None:
        return doc.find("body")
    for anc in [start, *start.iterancestors()]:
        if any(True for _ in anc.iter("h1", "founder-title")) or _by_id(anc, "title") is not None:
            return anc
    return doc.find("body")


def _headline_group(doc, container, art: ArticleFile) -> None:
    scope = container if container is not None else doc
    props = art.props
    main = _by_id(scope, "title")
    main = main if main is not None and text_of(main) else next((h for h in scope.iter("h1") if text_of(h)), None)
    kicker = _by_id(scope, "pretitle")
    subtitle = _by_id(scope, "subtitle")
    author = None
    if main is not None:
        if kicker is None:
            kicker = next((s for s in main.itersiblings(preceding=True) if s.tag in ("h2", "h3", "h4")), None)
        if subtitle is None:
            subtitle = next((s for s in main.itersiblings() if s.tag in ("h2", "h3")), None)
        author = next((s for s in main.itersiblings() if s.tag == "h4" or "sec" in (s.get("class") or "").split()),
                      None)
    founder_title = next(iter(doc.iter("founder-title")), None)
    founder_author = next(iter(doc.iter("founder-author")), None)
    art.headline = (text_of(main) if main is not None else "") or (
        text_of(founder_title) if founder_title is not None else "") or props.get("title", "")
    if not art.headline:
        title = doc.find(".//title")
        art.headline = text_of(title) if title is not None else ""
    art.kicker = (text_of(kicker) if kicker is not None else "") or props.get("introtitle", "")
    art.subtitle = (text_of(subtitle) if subtitle is not None else "") or props.get("subtitle", "")
    written = ""
    if founder_author is not None:
        written = text_of(founder_author)
    elif author is not None:
        written = squash(author.text or "") if author.tag == "p" else text_of(author)
    art.author = written or props.get("author", "")


def _photos(scope) -> list[tuple[str, str, str]]:
    out = []
    for img in scope.iter("img"):
        src = (img.get("src") or "").strip()
        low = src.lower()
        if (not src or img.get("usemap") or any(True for _ in img.iterancestors("map"))
                or low.split("?")[0].endswith(".gif") or any(t in low for t in _TEMPLATE_IMAGES)):
            continue
        out.append((src, _caption(img), line_of(img)))
    return out


def _caption(img) -> str:
    row = next(img.iterancestors("tr"), None)
    if row is not None:
        nxt = row.getnext()
        text = text_of(nxt) if nxt is not None else ""
        return text if 0 < len(text) <= MAX_CAPTION else ""
    holder = img
    for anc in img.iterancestors():
        if text_of(anc) or anc.tag in ("body", "founder-content") or (anc.get("id") or "").lower() == "ozoom":
            break
        holder = anc
    nxt = holder.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if nxt is None or nxt.tag not in ("p", "div", "span", "td", "font"):
        return ""
    raw = "".join(nxt.itertext())
    text = text_of(nxt)
    if raw.lstrip(" \t\r\n").startswith("\u3000\u3000") or not 0 < len(text) <= MAX_CAPTION:
        return ""
    return text
