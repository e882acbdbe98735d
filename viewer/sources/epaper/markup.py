"""The HTML of a saved page, read safely: its bytes decoded by what they
are (a BOM, the declared charset with GB2312/GBK read as GB18030, or, when
the declaration is wrong, what the bytes turn out to be, which is said),
parsed with lxml.html (no script runs, nothing is fetched, comments are
kept: Founder pages carry data in them), and the text of elements as a
reader sees it.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from ...messages import Msg
from ...model.problems import Problem

MAX_HTML_BYTES = 8 * 1024 * 1024  # a page or article file is tens of kilobytes
SNIFF_BYTES = 16 * 1024
# GB2312 pages use GBK characters (names such as 王喆, 周堃): GB18030 holds both
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "csgb2312", "euc-cn", "x-euc-cn", "gb-2312",
       "gb_2312", "chinese", "ms936", "windows-936"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=True, no_network=True,
                               default_doctype=False, huge_tree=False)
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")


def codec_for(charset: str) -> str | None:
    """The Python codec a declared charset is read with, or None when it is
    unknown."""
    name = charset.strip().strip("'\"").lower()
    if name in _GB:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares, read from its first bytes
    parsed as HTML (Latin-1 keeps every byte, and the declaration is ASCII)."""
    head = data[:SNIFF_BYTES].decode("latin-1")
    try:
        doc = lxml.html.document_fromstring(head.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    for meta in doc.iter("meta"):
        if meta.get("charset"):
            return meta.get("charset").strip()
        if (meta.get("http-equiv") or "").strip().lower() == "content-type":
            for part in (meta.get("content") or "").split(";"):
                key, _, value = part.partition("=")
                if key.strip().lower() == "charset" and value.strip():
                    return value.strip()
    return None


def decode(data: bytes, file: str, problems: list[Problem]) -> str:
    """The text of a page file's bytes; what was guessed is said in ``problems``."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_or_replace(data[len(bom):], codec, file, problems)
    declared = declared_charset(data)
    codec = codec_for(declared) if declared else None
    if declared and codec is None:
        found = _guess(data)
        problems.append(Problem(file, "", Msg("unknown charset '{charset}'; the text is read as {codec}",
                                              charset=declared, codec=found.upper()), "warning"))
        return _decode_or_replace(data, found, file, problems)
    if codec is None:
        return _decode_or_replace(data, _guess(data), file, problems)
    if codec != "utf-8" and not data.isascii() and _is(data, "utf-8"):
        problems.append(Problem(file, "", Msg("the file declares charset {charset}, but its text is UTF-8; it is "
                                              "read as UTF-8", charset=declared), "warning"))
        return data.decode("utf-8")
    if codec == "utf-8" and not _is(data, "utf-8") and _is(data, "gb18030"):
        problems.append(Problem(file, "", Msg("the file declares charset {charset}, but its text is GBK (GB18030); "
                                              "it is read as GBK", charset=declared), "warning"))
        return data.decode("gb18030")
    return _decode_or_replace(data, codec, file, problems)


def _is(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _guess(data: bytes) -> str:
    if data.isascii() or _is(data, "utf-8"):
        return "utf-8"
    return "gb18030" if _is(data, "gb18030") else "utf-8"


def _decode_or_replace(data: bytes, codec: str, file: str, problems: list[Problem]) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, "", Msg("the text is not valid {codec} (byte 0x{byte} at offset {offset}); the "
                                              "bytes that cannot be read are left out", codec=codec.upper(),
                                              byte=f"{data[exc.start]:02X}", offset=exc.start), "warning"))
        return data.decode(codec, errors="ignore")


def parse(text: str, file: str, problems: list[Problem]):
    """The document element of an HTML text, or None (said in ``problems``)."""
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        problems.append(Problem(file, "", Msg("the file holds no HTML")))
        return None


def read_html(data: bytes, file: str, problems: list[Problem]):
    """Decode and parse a page or article file's bytes."""
    return parse(decode(data, file, problems), file, problems)


# ---------------------------------------------------------------- text


def text_of(el, breaks: str = " ") -> str:
    """An element's text as it reads: scripts and styles left out, ``<br>``
    as ``breaks``, runs of white space as one space, no space at the ends."""
    parts: list[str] = []
    _collect(el, parts, breaks)
    return squash("".join(parts))


def _collect(el, parts: list[str], breaks: str) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("script", "style", "noscript", "map", "template") or not tag:
        return
    if tag == "br":
        parts.append(breaks)
    if el.text and tag != "br":
        parts.append(el.text)
    for child in el:
        _collect(child, parts, breaks)
        if child.tail:
            parts.append(child.tail)


def squash(text: str) -> str:
    """Runs of white space (the ideographic space and NBSP too) as one space,
    none at the ends."""
    return _SPACES.sub(" ", text).strip()


def cjk_squash(text: str) -> str:
    """``squash``, and no space between two Chinese characters: section
    names are spaced out to a width (综 合)."""
    return _BETWEEN_CJK.sub("", squash(text))


def line_of(el) -> Msg | str:
    """The place of an element in its file, as problems give it ("" when
    it is not known)."""
    line = getattr(el, "sourceline", None)
    return Msg("line {line}", line=line) if line else ""


# ---------------------------------------------------------------- comments


def all_comments(doc):
    """Every comment of the document, those before and after the root
    element too (a page's enpproperty can follow ``</html>``)."""
    yield from (c for c in doc.itersiblings(preceding=True) if isinstance(c, etree._Comment))
    yield from doc.iter(etree.Comment)
    yield from (c for c in doc.itersiblings() if isinstance(c, etree._Comment))


def properties(doc) -> dict[str, str]:
    """The fields of the document's ``<!--enpproperty …/enpproperty-->``
    comments, by lower-case tag: articleid, date, title, founder-papername …"""
    out: dict[str, str] = {}
    for c in all_comments(doc):
        body = (c.text or "").strip()
        if not body.startswith("enpproperty"):
            continue
        body = body[len("enpproperty"):]
        if body.rstrip().endswith("/enpproperty"):
            body = body.rstrip()[: -len("/enpproperty")]
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
        try:
            root = etree.fromstring(f"<p>{body}</p>".encode(), parser)
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        for child in root:
            if isinstance(child.tag, str):
                out.setdefault(child.tag.lower(), squash("".join(child.itertext())))
    return out
