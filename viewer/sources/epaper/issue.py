"""The issue of one date folder: its pages in the order of the day's page
list, each with its PDF or preview, its size in points and its hot zones
scaled to them, and the articles its zones and headline lists name.

A page that has neither a usable PDF nor a usable preview is left out
(an error with the code "missing-page"); the others open.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from pathlib import Path

from ...messages import Msg, said
from ...model.problems import Problem
from ..files import Refused
from .articles import read_article
from .markup import MAX_HTML_BYTES, line_of, read_html
from .media import PREVIEW_DPI, probe_image, probe_pdf
from .pages import PageFile, is_article_href, label_number, read_page
from .site import date_of_folder, page_files
from .values import EpaperArticle, EpaperIssue, EpaperPage, Photo, Zone
from .zones import RawZone, clip, positioned_zones

MAX_PAGES = 200
MAX_ARTICLES = 3000
MAX_DISPLAY_PX = 20000.0  # a page image is shown a few hundred pixels wide


@dataclass
class _Page:
    path: Path
    file: PageFile
    label: str
    section: str
    list_pdf: tuple[str, Path] | None  # the page list's PDF link and the folder of the file that wrote it


class _Reader:
    def __init__(self, site):
        self.site = site
        self.files = site.files
        self.problems: list[Problem] = []
        self.ids: dict[str, Path | None] = {}  # article id -> its file
        self.by_path: dict[Path, str] = {}
        self._pages: dict[Path, PageFile | None] = {}

    def rel(self, path: Path) -> str:
        return self.files.rel(path)

    def page_file(self, path: Path) -> PageFile | None:
        if path not in self._pages:
            data = self.files.read(path, MAX_HTML_BYTES, self.problems)
            doc = read_html(data, self.rel(path), self.problems) if data is not None else None
            self._pages[path] = read_page(doc, self.rel(path), self.problems) if doc is not None else None
        return self._pages[path]

    def article_id(self, href: str, folder: Path, owner: str, where: str) -> str | None:
        """The id of the article file ``href`` names (its name without the
        extension); a refused reference is said and gives None."""
        try:
            path = self.files.locate(href, folder)
        except Refused as exc:
            self.problems.append(Problem(owner, where, said(exc), "warning"))
            return None
        known = self.by_path.get(path)
        if known:
            return known
        aid = path.stem if path.suffix.lower() in (".htm", ".html") else path.name
        base, n = aid, 2
        while aid in self.ids:
            aid, n = f"{base}~{n}", n + 1
        self.ids[aid] = path
        self.by_path[path] = aid
        return aid


def read_issue(site, date_dir: Path, start: Path | None) -> EpaperIssue:
    r = _Reader(site)
    r.files.note("dir", date_dir)
    files = page_files(date_dir)
    entry_path = start if start is not None and start in files else (files[0] if files else None)
    if entry_path is None:
        r.problems.append(Problem(r.rel(date_dir), "", Msg("the folder holds no page file (node_N.htm, node_NN.html, "
                                                           "nbs.D110000renmrb_PP.htm)")))
        return _issue(site, r, "", _date(date_dir, None, r), [], [], None, "")
    entry = r.page_file(entry_path)
    pages = _page_order(r, entry_path, entry, files)
    read: list[tuple[EpaperPage, _Page]] = []
    for i, page in enumerate(pages[:MAX_PAGES], 1):
        made = _make_page(r, i, page)
        if made is not None:
            read.append((made, page))
    if len(pages) > MAX_PAGES:
        r.problems.append(Problem(r.rel(entry_path), "", Msg("the page list names more than {limit} pages; only the "
                                                             "first {shown} are read", limit=MAX_PAGES,
                                                             shown=MAX_PAGES), "warning"))
    out_pages = _headline_lists(r, read)
    articles = _articles(r, out_pages)
    start_page = None
    if start is not None:
        start_page = next((p.number for p, raw in read if raw.path == start), None)
        if start_page is None and start.stem in r.ids:
            start_page = next((p.number for p in out_pages if start.stem in p.headlines), None)
    paper = next((raw.file.paper for _, raw in read if raw.file.paper), "") or (entry.paper if entry else "")
    written = entry.date if entry else None
    return _issue(site, r, paper, _date(date_dir, written, r, r.rel(entry_path)), out_pages, articles, start_page,
                  r.rel(entry_path))


def read_issue_noted(site, date_dir: Path, start: Path | None) -> tuple[EpaperIssue, list[tuple[str, str]]]:
    """``read_issue``, and what the reading looked at (``SiteFiles.note``):
    every path whose link, kind, content or names it depends on. The same
    answers for each give the same issue."""
    site.files.noted = noted = []
    try:
        issue = read_issue(site, date_dir, start)
    finally:
        site.files.noted = None
    return issue, list(dict.fromkeys(noted))


def read_date(site, date: _dt.date) -> EpaperIssue | None:
    """The issue of ``date`` (one of ``site.dates()``), or None."""
    for d, folder in site.dates():
        if d == date:
            return read_issue(site, folder, None)
    return None


def _issue(site, r, paper, date, pages, articles, start_page, source) -> EpaperIssue:
    name = paper or site.base.name
    return EpaperIssue(site.root, site, source, name, date, tuple(pages), tuple(articles),
                       tuple(site.problems + r.problems), start_page)


def _date(date_dir: Path, written: _dt.date | None, r: _Reader, file: str = "") -> _dt.date | None:
    folder = date_of_folder(date_dir)
    if folder and written and folder != written:
        r.problems.append(Problem(file, "", Msg("the page gives the date {date}, its folder {folder}; the folder's "
                                                "date is used", date=written.isoformat(), folder=folder.isoformat()),
                                  "warning"))
    return folder or written


def _page_order(r: _Reader, entry_path: Path, entry: PageFile | None, files: list[Path]) -> list[_Page]:
    """The day's pages in the order of the entry page's page list (else of
    the file names), each page file that is in the copy once."""
    out: list[_Page] = []
    seen: set[Path] = set()
    owner = r.rel(entry_path)
    for e in entry.entries if entry else []:
        try:
            path = r.files.locate(e.href, entry_path.parent)
        except Refused as exc:
            r.problems.append(Problem(owner, e.where, said(exc), "warning"))
            continue
        if path in seen:
            continue
        seen.add(path)
        r.files.note("stat", path)
        if not path.is_file():
            r.problems.append(Problem(owner, e.where, Msg("the page file '{file}' ({label}) is not in the copy; the "
                                                          "page is left out", file=r.rel(path),
                                                          label=e.label or e.href), "error", "missing-page"))
            continue
        out.append(_Page(path, None, e.label, e.section, (e.pdf_href, entry_path.parent) if e.pdf_href else None))
    if not out:
        out = [_Page(p, None, "", "", None) for p in files]
    elif entry_path not in seen:
        out.append(_Page(entry_path, None, "", "", None))
    return out


def _make_page(r: _Reader, number: int, page: _Page) -> EpaperPage | None:
    page.file = r.page_file(page.path)
    rel = r.rel(page.path)
    if page.file is None:
        return None
    pf = page.file
    label = page.label or pf.label
    section = page.section or pf.section
    folder = page.path.parent
    pdf, pdf_size, why = None, None, None
    if pf.pdf_href or page.list_pdf:
        href, base = (pf.pdf_href, folder) if pf.pdf_href else page.list_pdf
        where = pf.pdf_where if pf.pdf_href else ""
        pdf = r.files.find(href, base, rel, where, r.problems, Msg("page PDF"))
        if pdf is not None:
            r.files.note("file", pdf)
            pdf_size, why, count = probe_pdf(pdf)
            if count > 1:
                r.problems.append(Problem(rel, where, Msg("the page PDF '{file}' has {count} pages where one is "
                                                          "expected; its first page is used", file=r.rel(pdf),
                                                          count=count), "warning"))
    preview, natural = None, None
    img = pf.image
    if img is not None and (img.get("src") or "").strip():
        preview = r.files.find(img.get("src"), folder, rel, line_of(img), r.problems, Msg("preview image"))
        if preview is not None:
            r.files.note("file", preview)
            natural, img_why = probe_image(preview, r.rel(preview))
            if natural is None:
                r.problems.append(Problem(rel, line_of(img), Msg("the preview image '{file}' {why}",
                                                                 file=r.rel(preview), why=img_why), "warning"))
                preview = None
    if pdf_size is None and pdf is not None and why:
        if natural is not None:
            r.problems.append(Problem(rel, pf.pdf_where, Msg("the page PDF '{file}' {why}; the page is shown from its "
                                                             "preview image", file=r.rel(pdf), why=why), "warning"))
        else:
            r.problems.append(Problem(rel, pf.pdf_where, Msg("the page PDF '{file}' {why}", file=r.rel(pdf), why=why),
                                      "warning"))
        pdf = None
    if pdf_size is not None:
        size, size_from = pdf_size, "pdf"
    elif natural is not None:
        size, size_from = (natural[0] * 72 / PREVIEW_DPI, natural[1] * 72 / PREVIEW_DPI), "image"
    else:
        r.problems.append(Problem(rel, "", Msg("page {number} ({label}) has neither a usable page PDF nor a usable "
                                               "preview image in the copy; the page is left out", number=number,
                                               label=label or rel), "error", "missing-page"))
        return None
    zones = _zones(r, pf, img, natural, size, folder, rel)
    return EpaperPage(number, label, section, rel, pdf if pdf_size else None, preview, size[0], size[1], size_from,
                      zones)


def _displayed(r: _Reader, img, natural, rel: str) -> tuple[float, float] | None:
    """The size the page image is shown at: its width and height
    attributes, else its own size."""
    if img is None:
        return None
    w, h = _number(img.get("width")), _number(img.get("height"))
    if (w is not None or h is not None) and not all(v is None or 0 < v <= MAX_DISPLAY_PX for v in (w, h)):
        r.problems.append(Problem(rel, line_of(img), Msg("the page image's declared size {width} × {height} is not "
                                                         "credible; its own size is used", width=str(img.get("width")),
                                                         height=str(img.get("height"))), "warning"))
        w = h = None
    if w and h:
        return (w, h)
    if natural is None:
        return None
    if w:
        return (w, natural[1] * w / natural[0])
    if h:
        return (natural[0] * h / natural[1], h)
    return (float(natural[0]), float(natural[1]))


def _number(text: str | None) -> float | None:
    try:
        v = float((text or "").strip().lower().removesuffix("px"))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _zones(r: _Reader, pf: PageFile, img, natural, size, folder: Path, rel: str) -> tuple[Zone, ...]:
    shown = _displayed(r, img, natural, rel)
    raw: list[RawZone] = list(pf.zones)
    if pf.doc is not None:  # without the image's size, only whether there are any
        raw += positioned_zones(pf.doc, img, shown or (1.0, 1.0), rel, is_article_href,
                                r.problems if shown is not None else [])
    if not raw:
        return ()
    if shown is None:
        r.problems.append(Problem(rel, "", Msg("the page's zones cannot be placed: the size of its image is not "
                                               "known"), "warning"))
        return ()
    sx, sy = size[0] / shown[0], size[1] / shown[1]
    out: list[Zone] = []
    for z in raw:
        aid = r.article_id(z.href, folder, rel, z.where)
        pts = clip(z, shown, rel, r.problems) if aid else None
        if pts:
            zone = Zone(aid, tuple((x * sx, y * sy) for x, y in pts))
            if zone not in out:
                out.append(zone)
    return tuple(out)


def _headline_lists(r: _Reader, read: list[tuple[EpaperPage, _Page]]) -> list[EpaperPage]:
    """Each page with its headline list: the links to articles its zones
    name, or that no other page's zones name (a 导读 box on page 1 names
    articles of later pages), then the zones' other articles."""
    zoned = {p.number: {z.article for z in p.zones} for p, _ in read}
    out = []
    for page, raw in read:
        others = set().union(*(v for k, v in zoned.items() if k != page.number)) if len(zoned) > 1 else set()
        order: list[str] = []
        titles: dict[str, str] = {}
        listed = raw.file.headlines
        if any(text for _, text, _ in listed):  # links without text are the zones' own, or written by a script
            listed = [h for h in listed if h[1]]
        for href, text, where in listed:
            aid = r.article_id(href, raw.path.parent, page.file, where)
            if aid is None or aid in order or (aid in others and aid not in zoned[page.number]):
                continue
            order.append(aid)
            if text:
                titles[aid] = text
        order += [z.article for z in page.zones if z.article not in order]
        out.append(EpaperPage(page.number, page.label, page.section, page.file, page.pdf, page.preview, page.width_pt,
                              page.height_pt, page.size_from, page.zones, tuple(order), titles))
    return out


def _articles(r: _Reader, pages: list[EpaperPage]) -> list[EpaperArticle]:
    on: dict[str, list[int]] = {}
    for p in pages:
        for aid in p.headlines:
            on.setdefault(aid, []).append(p.number)
    numbers = {label_number(p.label): p.number for p in reversed(pages) if label_number(p.label) is not None}
    out = []
    for i, (aid, where) in enumerate(on.items()):
        if i >= MAX_ARTICLES:
            r.problems.append(Problem(pages[0].file, "", Msg("the issue names more than {limit} articles; only the "
                                                             "first {shown} are read", limit=MAX_ARTICLES,
                                                             shown=MAX_ARTICLES), "warning"))
            break
        title = next((p.titles[aid] for p in pages if aid in p.titles), "")
        out.append(_article(r, aid, tuple(where), title, numbers, pages))
    return out


def _article(r: _Reader, aid: str, pages_on: tuple[int, ...], title: str, numbers, pages) -> EpaperArticle:
    path = r.ids.get(aid)
    owner = next(p.file for p in pages if p.number == pages_on[0])
    if path is not None:
        r.files.note("stat", path)
    if path is None or not path.is_file():
        r.problems.append(Problem(owner, "", Msg("the article file '{file}' is not in the copy",
                                                 file=r.rel(path) if path else aid), "warning"))
        return EpaperArticle(aid, "", pages_on, headline=title)
    data = r.files.read(path, MAX_HTML_BYTES, r.problems)
    doc = read_html(data, r.rel(path), r.problems) if data is not None else None
    if doc is None:
        return EpaperArticle(aid, r.rel(path), pages_on, headline=title)
    a = read_article(doc)
    photos = tuple(Photo(r.files.find(src, path.parent, r.rel(path), where, r.problems, Msg("photo")), caption, src)
                   for src, caption, where in a.photos)

    def to_pages(labels):
        return tuple(n for n in (numbers.get(label_number(x)) for x in labels) if n is not None)

    return EpaperArticle(aid, r.rel(path), pages_on, a.kicker, a.headline or title, a.subtitle, a.author,
                         tuple(a.paragraphs), photos, a.props.get("articleid", ""), a.props.get("date", ""),
                         a.props.get("nodename", ""), to_pages(a.continued_on), to_pages(a.continued_from))
