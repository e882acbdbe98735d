"""An issue's METS file: its pages in order with their files, its title and
date, and its articles as the METS gives them, before any ALTO is read.

Three profiles are in use for newspapers:

- ENMAP (Europeana Newspapers; the BnF, the BnL and others): the LOGICAL
  structMap holds the articles; each names ALTO blocks through
  ``fptr/area BETYPE="IDREF" FILEID=… BEGIN=…`` (several areas may stand in
  a ``seq``), inside HEADING / TITLE / BODY / PARAGRAPH / CAPTION divs that
  give each part its role.
- British Library: the LOGICAL articles are empty divs; ``structLink``
  (``smLinkGrp`` with ``smLocatorLink`` and ``smArcLink``) ties each to
  PHYSICAL ``pagearea`` divs, whose areas give a rectangle in image pixels
  and a range of ALTO String IDs (``BEGIN … END``).
- NDNP (Library of Congress): ``np:issue`` > ``np:page`` divs pointing at
  the page's master image, derivatives, OCR and PDF; no articles.

Which divs are articles
-----------------------
A LOGICAL div whose TYPE (in any case) is one of ``ARTICLE_KINDS`` is an
article: ARTICLE, ADVERTISEMENT (also ADVERT, AD), ILLUSTRATION (also
PICTURE), TABLE, DEATH_NOTICE, OBITUARY, WEATHER, MAP, POEM, REVIEW,
LETTER. Everything inside it is part of it (an ILLUSTRATION inside an
ARTICLE is one of its parts). NEWSPAPER, VOLUME, ISSUE, CONTENT and the
like (``CONTAINER_KINDS``) only hold other divs. SECTION and TITLE_SECTION
(``SECTION_KINDS``) hold articles too, and what they hold outside their
articles (a section's own heading, the masthead's lines) is one more
article, of kind "section" or "title_section". Any other TYPE is a part of
the article around it, and names the role of its areas: the innermost such
TYPE in lower case, passing over the wrappers TEXT and BODY_CONTENT
("paragraph", "title", "caption", …).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from lxml import etree

from ..messages import Msg
from ..model.problems import Problem
from .model import MAX_PAGES
from .xmlsafe import XmlRefused, local_name, namespace, parse_bytes, shown

XLINK = "http://www.w3.org/1999/xlink"
METS_NS = "http://www.loc.gov/METS/"

ARTICLE_KINDS = {
    "ARTICLE": "article", "ADVERTISEMENT": "advertisement", "ADVERT": "advertisement", "AD": "advertisement",
    "ILLUSTRATION": "illustration", "PICTURE": "illustration", "TABLE": "table", "DEATH_NOTICE": "death_notice",
    "OBITUARY": "obituary", "WEATHER": "weather", "MAP": "map", "POEM": "poem", "REVIEW": "review",
    "LETTER": "letter",
}
SECTION_KINDS = {"SECTION", "TITLE_SECTION"}
CONTAINER_KINDS = {"NEWSPAPER", "PERIODICAL", "VOLUME", "YEAR", "MONTH", "DAY", "ISSUE", "EDITION", "CONTENT",
                   "SUPPLEMENT", "PHYSSEQUENCE", "MULTIVOLUME_WORK"}
ROLE_WRAPPERS = {"TEXT", "BODY_CONTENT"}

# file group USE values, from most to least wanted for showing a page
_SERVICE = ("service", "access", "viewing", "display", "reference", "derivative", "web")
_MASTER = ("master", "preservation", "archive", "ocrmaster", "ocr_master", "original")
_NOT_SCANS = ("thumb", "blackwhite", "black_white", "bitonal")


@dataclass(frozen=True)
class MetsFile:
    id: str
    href: str | None
    use: str  # the USE of the file, else of its innermost fileGrp, else its fileGrp ID; lower case
    mimetype: str
    line: int


@dataclass(frozen=True)
class MetsArea:
    file_id: str
    line: int
    begin: str | None = None
    end: str | None = None
    shape: str | None = None
    coords: str | None = None


@dataclass
class MetsPage:
    number: int
    label: str | None
    div_id: str | None
    file_ids: list[str]
    line: int


@dataclass
class MetsPart:
    """The areas one div of an article names, in METS order."""

    path: tuple[str, ...]  # TYPEs from below the article down to this div, upper case
    areas: list[MetsArea]
    div_id: str | None = None

    @property
    def role(self) -> str:
        for t in reversed(self.path):
            if t not in ROLE_WRAPPERS:
                return t.lower()
        return ""


@dataclass
class MetsArticle:
    id: str
    kind: str
    line: int
    title: str | None  # from the article's MODS
    parts: list[MetsPart] = field(default_factory=list)


@dataclass
class MetsIssue:
    file: str
    profile: str  # enmap, bl, ndnp or mets
    title: str | None
    date: _dt.date | None
    issue_label: str | None
    language: str | None
    files: dict[str, MetsFile]
    pages: list[MetsPage]
    articles: list[MetsArticle]
    problems: list[Problem] = field(default_factory=list)

    def page_files(self, page: MetsPage) -> list[MetsFile]:
        return [self.files[f] for f in page.file_ids if f in self.files]


class _Mets:
    def __init__(self, root: etree._Element, file: str):
        self.root = root
        self.file = file
        ns = namespace(root.tag)
        self.m = f"{{{ns}}}" if ns else ""
        self.problems: list[Problem] = []
        self.by_id: dict[str, etree._Element] = {}
        for el in root.iter(self.m + "div"):
            if el.get("ID"):
                self.by_id[el.get("ID")] = el

    # ------------------------------------------------------------ files

    def files(self) -> dict[str, MetsFile]:
        out: dict[str, MetsFile] = {}
        m = self.m
        for f in self.root.iter(m + "file"):
            fid = f.get("ID")
            if not fid:
                continue
            use = f.get("USE") or ""
            parent = f.getparent()
            while not use and parent is not None and parent.tag == m + "fileGrp":
                use = parent.get("USE") or parent.get("ID") or ""
                parent = parent.getparent()
            loc = f.find(m + "FLocat")
            href = None if loc is None else loc.get(f"{{{XLINK}}}href")
            out[fid] = MetsFile(fid, href, use.lower(), (f.get("MIMETYPE") or "").lower(),
                                (loc if loc is not None else f).sourceline or 0)
        return out

    # ------------------------------------------------------------ pages

    def struct_maps(self, kind: str) -> list[etree._Element]:
        maps = list(self.root.iter(self.m + "structMap"))
        typed = [s for s in maps if (s.get("TYPE") or "").upper() == kind]
        if typed or kind != "PHYSICAL":
            return typed
        # NDNP's single structMap has no TYPE
        return [s for s in maps if (s.get("TYPE") or "").upper() != "LOGICAL"]

    def pages(self, page_labels: dict[str, str]) -> list[MetsPage]:
        m = self.m
        found: list[etree._Element] = []

        def walk(div):
            if div.find(m + "fptr") is not None:
                found.append(div)  # the first divs down the tree that point at files are the pages
                return
            for child in div.iterchildren(m + "div"):
                walk(child)

        for smap in self.struct_maps("PHYSICAL")[:1]:
            for div in smap.iterchildren(m + "div"):
                walk(div)
        if len(found) > MAX_PAGES:
            raise XmlRefused(Problem(self.file, Msg("line {line}", line=found[MAX_PAGES].sourceline),
                                     Msg("the METS lists {count} pages, more than the {limit} an issue may have; it "
                                         "is not read", count=len(found), limit=MAX_PAGES)))
        orders = [_int(d.get("ORDER")) for d in found]
        bad = next((d for d, o in zip(found, orders) if d.get("ORDER") is not None
                    and (o is None or not 1 <= o <= MAX_PAGES)), None)
        if bad is not None:
            # a page number no issue has: the pages are numbered as they are listed
            self.problems.append(Problem(self.file, Msg("line {line}", line=bad.sourceline),
                                         Msg("div[@ORDER] is '{value}', not a number from 1 to {limit}; the pages "
                                             "are numbered in the order they are listed",
                                             value=shown(bad.get("ORDER")), limit=MAX_PAGES), "warning"))
            orders = [None]
        if all(o is not None for o in orders) and len(set(orders)) == len(orders):
            found = [d for _, d in sorted(zip(orders, found), key=lambda p: p[0])]
            numbers = sorted(orders)
        else:
            numbers = list(range(1, len(found) + 1))
        pages = []
        for number, div in zip(numbers, found):
            ids: list[str] = []
            for fptr in div.iterchildren(m + "fptr"):
                for el in [fptr, *fptr.iter(m + "area")]:
                    fid = el.get("FILEID")
                    if fid and fid not in ids:
                        ids.append(fid)
            label = div.get("ORDERLABEL") or page_labels.get(div.get("DMDID") or "")
            pages.append(MetsPage(number, label, div.get("ID"), ids, div.sourceline or 0))
        return pages

    # ------------------------------------------------------------ descriptive metadata

    def mods(self) -> dict[str, etree._Element]:
        """dmdSec ID -> its MODS element (namespaced or not)."""
        out = {}
        for sec in self.root.iter(self.m + "dmdSec"):
            for el in sec.iter():
                if local_name(el.tag) == "mods":
                    out[sec.get("ID", "")] = el
                    break
        return out

    # ------------------------------------------------------------ articles

    def areas_of(self, div) -> list[MetsArea]:
        """The areas of a div's own fptrs, in document order (through seq and par)."""
        m = self.m
        out = []
        for fptr in div.iterchildren(m + "fptr"):
            for a in fptr.iter(m + "area"):
                out.append(MetsArea(a.get("FILEID") or "", a.sourceline or 0, a.get("BEGIN"), a.get("END"),
                                    (a.get("SHAPE") or "").upper() or None, a.get("COORDS")))
        return out

    def enmap_articles(self, titles: dict[str, str]) -> list[MetsArticle]:
        m = self.m
        articles: list[MetsArticle] = []

        def parts_of(div, path: tuple[str, ...], out: list[MetsPart], units: list) -> None:
            areas = self.areas_of(div)
            if areas:
                out.append(MetsPart(path, areas, div.get("ID")))
            for child in div.iterchildren(m + "div"):
                t = _type(child)
                if units is not None and (t in ARTICLE_KINDS or t in SECTION_KINDS):
                    units.append(child)  # an article or section of its own
                else:
                    parts_of(child, path + (t,), out, units)

        def unit(div, kind: str) -> MetsArticle:
            return MetsArticle(div.get("ID") or f"line{div.sourceline}", kind, div.sourceline or 0,
                               _dmd_title(div, titles))

        def walk(div) -> None:
            t = _type(div)
            if t in ARTICLE_KINDS:
                art = unit(div, ARTICLE_KINDS[t])
                parts_of(div, (), art.parts, None)
                if art.parts:
                    articles.append(art)
                return
            if t in CONTAINER_KINDS:
                for child in div.iterchildren(m + "div"):
                    walk(child)
                return
            # a section, or a div of a type not known: what it holds outside its articles is one unit
            art = unit(div, t.lower() or "section")
            inner: list = []
            parts_of(div, (), art.parts, inner)
            if art.parts:
                articles.append(art)
            for child in inner:
                walk(child)

        for smap in self.struct_maps("LOGICAL"):
            for div in smap.iterchildren(m + "div"):
                walk(div)
        return articles

    def bl_articles(self, titles: dict[str, str]) -> list[MetsArticle]:
        """Articles tied to PHYSICAL page areas through structLink."""
        m = self.m
        links: dict[str, list[str]] = {}
        for grp in self.root.iter(m + "smLinkGrp"):
            label_to_id = {}
            for loc in grp.iterchildren(m + "smLocatorLink"):
                href = loc.get(f"{{{XLINK}}}href") or ""
                label_to_id[loc.get(f"{{{XLINK}}}label")] = href[1:] if href.startswith("#") else href
            for arc in grp.iterchildren(m + "smArcLink"):
                src = label_to_id.get(arc.get(f"{{{XLINK}}}from"))
                dst = label_to_id.get(arc.get(f"{{{XLINK}}}to"))
                if src and dst:
                    links.setdefault(src, []).append(dst)
        for link in self.root.iter(m + "smLink"):  # the plain form, one link an element
            src, dst = link.get(f"{{{XLINK}}}from"), link.get(f"{{{XLINK}}}to")
            if src and dst:
                links.setdefault(src, []).append(dst)
        articles = []
        for smap in self.struct_maps("LOGICAL"):
            for div in smap.iter(m + "div"):
                t = _type(div)
                if t not in ARTICLE_KINDS:
                    continue
                art = MetsArticle(div.get("ID") or f"line{div.sourceline}", ARTICLE_KINDS[t], div.sourceline or 0,
                                  _dmd_title(div, titles))
                for target in links.get(div.get("ID") or "", []):
                    area_div = self.by_id.get(target)
                    if area_div is None:
                        self.problems.append(Problem(self.file, Msg("line {line}", line=div.sourceline),
                                                     Msg("article '{id}' is linked to '{target}', which is no div "
                                                         "of this METS", id=art.id, target=target)))
                        continue
                    areas = self.areas_of(area_div)
                    if areas:
                        # the page area's LABEL says what it is: Headline, Textblock, ...
                        label = (area_div.get("LABEL") or "").strip().upper()
                        art.parts.append(MetsPart((label,) if label else (), areas, target))
                if art.parts:
                    articles.append(art)
        return articles

    def has_bl_links(self) -> bool:
        m = self.m
        for grp in self.root.iter(m + "smLinkGrp", m + "smLink"):
            for el in grp.iter(m + "smLocatorLink", m + "smLink"):
                for key in ("href", "to"):
                    ref = (el.get(f"{{{XLINK}}}{key}") or "").lstrip("#")
                    div = self.by_id.get(ref)
                    if div is not None and (div.get("TYPE") or "").lower() == "pagearea":
                        return True
        return False


def _type(div) -> str:
    return (div.get("TYPE") or "").strip().upper()


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _dmd_title(div, titles: dict[str, str]) -> str | None:
    for dmd in (div.get("DMDID") or "").split():
        if titles.get(dmd):
            return titles[dmd]
    return None


def _children(el, name: str):
    return [c for c in el.iterchildren() if local_name(c.tag) == name]


def _mods_title(mods) -> str | None:
    for ti in _children(mods, "titleInfo"):
        parts = [(c.text or "").strip() for c in ti.iterchildren() if local_name(c.tag) in ("nonSort", "title")]
        text = " ".join(p for p in parts if p)
        if text:
            return text
    return None


def _mods_texts(mods, path: tuple[str, ...]) -> list[tuple[etree._Element, str]]:
    """(element, text) of every element down ``path`` (local names) in a MODS record."""
    level = [mods]
    for name in path:
        level = [c for el in level for c in _children(el, name)]
    return [(el, (el.text or "").strip()) for el in level if (el.text or "").strip()]


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def parse_date(text: str) -> _dt.date | None:
    """1824-02-17, 1824-02-17T00:00:00 or 17.02.1824."""
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_DMY_DATE, (2, 1, 0))):
        m = pattern.search(text)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            try:
                return _dt.date(y, mo, d)
            except ValueError:
                continue
    return None


def _strip_date(label: str) -> str:
    """A METS LABEL without the date and issue number that often end it:
    "Der Nordstern (St. Cloud, Minn.), 1878-01-03" -> "Der Nordstern (St. Cloud, Minn.)"."""
    out = re.sub(r"[\s,]*(no\.\s*\d*\s*)?(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})(_\d+)?\s*$", "", label)
    return out.strip(" ,") or label.strip()


def read_mets(data: bytes, file: str) -> MetsIssue:
    """Read an issue METS. Raises XmlRefused for malformed or refused XML or
    a root that is not <mets>."""
    root = parse_bytes(data, file)
    if local_name(root.tag) != "mets":
        raise XmlRefused(Problem(file, "", Msg("the root element is <{name}>, not <mets>: this is not a METS file",
                                               name=local_name(root.tag))))
    doc = _Mets(root, file)
    mods = doc.mods()
    titles = {k: t for k, v in mods.items() if (t := _mods_title(v))}

    # page labels from NDNP's page MODS: part/extent/start
    page_labels = {}
    for key, rec in mods.items():
        starts = _mods_texts(rec, ("part", "extent", "start"))
        if starts:
            page_labels[key] = starts[0][1]

    # which MODS records describe articles, and which the issue
    article_dmds: set[str] = set()
    for smap in doc.struct_maps("LOGICAL"):
        for div in smap.iter(doc.m + "div"):
            if _type(div) in ARTICLE_KINDS or _type(div) in SECTION_KINDS:
                article_dmds.update((div.get("DMDID") or "").split())
    issue_recs = [rec for key, rec in mods.items() if key not in article_dmds and key not in page_labels]

    title = next((t for rec in issue_recs if (t := _mods_title(rec))), None)
    date = None
    for rec in issue_recs:
        for path in (("originInfo", "dateIssued"), ("originInfo", "dateCreated"), ("part", "date")):
            for _el, text in _mods_texts(rec, path):
                date = date or parse_date(text)
    label = (root.get("LABEL") or "").strip()
    if date is None and label:
        date = parse_date(label)
    if not title and label:
        title = _strip_date(label)
    issue_label = None
    for rec in issue_recs:
        for path in (("part", "detail", "number"), ("titleInfo", "partNumber")):
            for el, text in _mods_texts(rec, path):
                parent = el.getparent()
                if path[1] == "detail" and (parent.get("type") or "").lower() not in ("issue", "number"):
                    continue
                issue_label = issue_label or text
    language = _language(issue_recs) or _language([mods[k] for k in article_dmds if k in mods], most_common=True)

    files = doc.files()
    pages = doc.pages(page_labels)
    profile_attr = (root.get("PROFILE") or "").lower()
    physical_types = {(d.get("TYPE") or "").lower() for s in doc.struct_maps("PHYSICAL") for d in s.iter(doc.m + "div")}
    if doc.has_bl_links():
        profile, articles = "bl", doc.bl_articles(titles)
    else:
        articles = doc.enmap_articles(titles)
        if articles:
            profile = "enmap"
        elif "ndnp" in profile_attr or any(t.startswith("np:") for t in physical_types):
            profile = "ndnp"
        else:
            profile = "mets"
    if not pages:
        doc.problems.append(Problem(file, "", Msg("the METS has no PHYSICAL structMap with pages pointing at "
                                                  "files")))
    return MetsIssue(file, profile, title, date, issue_label, language, files, pages, articles, doc.problems)


def _language(records: list, most_common: bool = False) -> str | None:
    codes: list[str] = []
    for rec in records:
        for el, text in _mods_texts(rec, ("language", "languageTerm")):
            if (el.get("type") or "").lower() == "code":
                codes.append(text.lower())
    if not codes:
        return None
    if most_common:
        return max(dict.fromkeys(codes), key=codes.count)
    return codes[0]


def file_kind(f: MetsFile) -> str:
    """alto, image, pdf or other: what a METS file is, from its MIME type,
    its group's USE and its name."""
    href = (f.href or "").lower().split("?")[0]
    mt = f.mimetype
    if mt in ("application/pdf",) or href.endswith(".pdf"):
        return "pdf"
    if mt.startswith("image/") or href.endswith((".jpg", ".jpeg", ".png", ".tif", ".tiff", ".jp2", ".j2k", ".jpx",
                                                 ".jpf")):
        return "image"
    if mt in ("text/xml", "application/xml", "application/alto+xml") or href.endswith(".xml"):
        return "alto"
    return "other"


def scan_rank(f: MetsFile) -> int | None:
    """How wanted an image file is as the page's scan: 0 a service or access
    copy, 1 an image of no stated use, 2 a master; None for thumbnails and
    black-and-white renderings, which are not the scan."""
    use = f.use.replace("-", "_").replace(" ", "_")
    if any(k in use for k in _NOT_SCANS):
        return None
    if any(k in use for k in _SERVICE):
        return 0
    if any(k in use for k in _MASTER):
        return 2
    return 1
