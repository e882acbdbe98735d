"""A Chinese newspaper's e-paper site (数字报) as its publisher saved it: the
issue of one date folder, its pages drawn from the publisher's page PDFs
(else their preview images), its hot zones as article regions, its
articles from their article files (viewer.sources.epaper reads them), and
the site's other date folders as its neighbours (往期)."""

from __future__ import annotations

from pathlib import Path

from ..messages import Msg
from ..model.problems import Problem
from . import describe as d
from .base import EDITION_CAPTIONS, IssueMeta, Reading, ReadingPhoto, SourceIssue, issue_title
from .text import IssueText, Unit, fields

KIND = "epaper"


class SiteIssue(SourceIssue):
    """One date of a saved e-paper site (``issue``: a
    viewer.sources.epaper.EpaperIssue)."""

    kind = KIND
    captions = EDITION_CAPTIONS

    def __init__(self, issue):
        super().__init__(issue)
        # the site folder holds every date: the date's first page file names this one's entries
        self.cache_opened = issue.source_file
        self._parts = None
        self._dates = None  # the site's date folders, when asked for

    @property
    def parts(self):
        if self._parts is None:
            from ..layout.epaper import continuation_parts

            self._parts = continuation_parts(self.issue)
        return self._parts

    # ---- facts
    @property
    def meta(self) -> IssueMeta:
        iss = self.issue
        return IssueMeta(paper=iss.paper, date=iss.date, page_count=len(iss.pages), language="zh")

    @property
    def start_page(self) -> int | None:
        """The page of the file that was opened (a page or article file)."""
        return self.issue.start_page

    def left_out(self) -> list[int]:
        if not any(p.code == "missing-page" for p in self.problems):
            return []
        have = set(self.numbers)
        listed = max(have | {len(have) + sum(p.code == "missing-page" for p in self.problems)})
        return [n for n in range(1, listed + 1) if n not in have]

    def section(self, number: int) -> str:
        p = self.issue.page(number)
        return p.section if p else ""

    def page_label(self, number: int) -> str:
        p = self.issue.page(number)
        label = (p.label if p else "").strip().removeprefix("第").strip()
        if not label:
            return f"{number:02d}版"
        return label if label.endswith("版") else label + "版"

    def page_size(self, number: int) -> tuple[float, float] | None:
        p = self.issue.page(number)
        return (p.width_pt, p.height_pt) if p else None

    def title(self) -> str:
        return issue_title(self.meta.paper, self.meta.date)

    def file_stem(self) -> str:
        return self.meta.date.isoformat() if self.meta.date else self.root.name

    # ---- layout
    def groups(self) -> list[tuple[int, ...]]:
        from ..layout.epaper import page_groups

        return page_groups(self.issue, self.parts)

    def lay_out(self, pages: list[int] | None = None):
        from ..layout.epaper import layout_epaper

        return layout_epaper(self.issue, pages, self.parts)

    def cache_key(self, pages: tuple[int, ...] | None) -> str | None:
        """What the layout of ``pages`` is made of: the pages as read from
        their page files (zones, headline lists, sizes), every article of the
        day (its text stands on a preview's zones; continuations link pages),
        and the content of each page's PDF and preview."""
        import hashlib

        from .cache import file_digest

        h = hashlib.sha256(repr(self.issue.articles).encode("utf-8", "surrogateescape"))
        wanted = None if pages is None else set(pages)
        for p in self.issue.pages:
            if wanted is not None and p.number not in wanted:
                continue
            h.update(repr(p).encode("utf-8", "surrogateescape"))
            for path in (p.pdf, p.preview):
                if path is not None:
                    digest = file_digest(path)
                    if not digest:
                        return None
                    h.update(f"{path}\0{digest}\n".encode("utf-8", "surrogateescape"))
        if pages is None:
            h.update(repr(self.problems).encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    def background(self, number: int):
        """The page's preview when it is drawn from it; a page PDF is drawn
        by MuPDF when painted, with nothing to decode before (a decode
        would take the largest picture inside the PDF for a scan)."""
        from ..layout.epaper import page_item

        p = self.issue.page(number)
        item = page_item(p) if p is not None else None
        return item if item is not None and item.kind == "scan" else None

    # ---- articles
    def article_ids(self) -> list[str]:
        return [a.id for a in self.issue.articles]

    def article_home(self, article_id: str) -> int | None:
        a = self.issue.article(article_id)
        return a.pages[0] if a and a.pages else None

    def reading(self, article_id: str) -> Reading | None:
        """The article with the parts it continues in (下转/上接) after it:
        one text, as a reader follows it."""
        first = self.issue.article(article_id)
        if first is None:
            return None
        chain = self.parts.of(article_id)
        parts = [self.issue.article(a) for a in chain[chain.index(article_id):]]
        parts = [a for a in parts if a is not None]
        paragraphs: list[str] = []
        photos: list[ReadingPhoto] = []
        for a in parts:
            paragraphs += [p for p in a.paragraphs if p.strip()]
            photos += [ReadingPhoto(ph.path, ph.caption or None) for ph in a.photos]
        notice = None
        if not first.file:
            notice = Msg("the article file of this area is not in the saved copy; its headline is the page's")
        return Reading(id=first.id, headline=first.headline or self._listed(article_id), paragraphs=tuple(paragraphs),
                       kicker=first.kicker or None, subtitle=first.subtitle or None, byline=first.author or None,
                       photos=tuple(photos), notice=notice)

    def _listed(self, article_id: str) -> str:
        for p in self.issue.pages:
            if article_id in p.titles:
                return p.titles[article_id]
        return ""

    # ---- problems
    def check(self) -> list[Problem]:
        return list(self.problems)

    def file_page(self, file: str) -> int | None:
        for p in self.issue.pages:
            if file in (p.file, self._rel(p.pdf), self._rel(p.preview)):
                return p.number
        for a in self.issue.articles:
            if a.file == file and a.pages:
                return a.pages[0]
        return None

    def _rel(self, path: Path | None) -> str | None:
        if path is None:
            return None
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return None

    # ---- neighbours
    def neighbour_path(self, step: int) -> Path | None:
        """The date folder of the site's previous (-1) or next (1) issue."""
        if self._dates is None:
            site = self.issue.site
            self._dates = site.dates() if hasattr(site, "dates") else []
        dates = self._dates
        if not dates or self.meta.date is None:
            return None
        if step < 0:
            earlier = [f for day, f in dates if day < self.meta.date]
            return earlier[-1] if earlier else None
        later = [f for day, f in dates if day > self.meta.date]
        return later[0] if later else None

    # ---- text and description
    def search_text(self, missing_chars=None) -> IssueText:
        """Each article's headline group, author, text and photo captions on
        its page; each page's section."""
        iss = self.issue
        out = IssueText(KIND, iss.paper or None, iss.date, "", len(iss.pages), problems=list(self.problems))
        for a in iss.articles:
            page = a.pages[0] if a.pages else (iss.pages[0].number if iss.pages else 1)
            text = fields(a.kicker, a.headline, a.subtitle, a.author, a.text, *(ph.caption for ph in a.photos))
            if text:
                out.units.append(Unit(page, a.id, a.headline or self._listed(a.id), text))
        for p in iss.pages:
            if p.section:
                out.units.append(Unit(p.number, None, "", p.section))
        return out

    def describe(self, with_layout: bool = True, pages: list[int] | None = None) -> dict:
        """Its pages with their source files, and each article with its
        headline group, text, regions and source file."""
        iss = self.issue
        layout = self.layout_for(pages) if with_layout else None
        out = d.meta_info(self)
        out["source"] = iss.source_file
        for p in iss.pages:
            if pages is not None and p.number not in pages:
                continue
            page = {"number": p.number, "name": p.section, "label": self.page_label(p.number),
                    "files": {"page": p.file, "pdf": self._rel(p.pdf), "preview": self._rel(p.preview)},
                    "size_from": p.size_from, "articles": []}
            pl = layout.page(p.number) if layout else None
            page.update(d.page_geometry(pl, (p.width_pt, p.height_pt)))
            here = []
            for a in iss.articles:
                if not a.pages or a.pages[0] != p.number:
                    continue
                entry = {"id": a.id, "kicker": a.kicker or None, "headline": a.headline, "subtitle": a.subtitle or None,
                         "byline": a.author or None, "signoff": None, "text": a.text, "sample": False,
                         "file": a.file or None,
                         "photos": [{"file": self._rel(ph.path), "src": ph.src, "caption": ph.caption}
                                    for ph in a.photos]}
                if a.continued_on:
                    entry["continued_on"] = list(a.continued_on)
                if a.continued_from:
                    entry["continued_from"] = list(a.continued_from)
                here.append((a.id, entry))
            out["pages"].append(d.articles_only(page, here, layout, pl, p.number))
        return out

    def describe_heading(self, info: dict) -> Msg:
        n = info["page_count"]
        return Msg("{title} ({pages} page{s}, e-paper site, {source})", title=self.title(), pages=n,
                   s="s" if n != 1 else "", source=info["source"])


def open_site_issue(path) -> SiteIssue:
    """The issue a path of a saved site opens: its date read, or taken
    from the layout cache when nothing it was read from has changed."""
    from ..sources.epaper import empty_issue, where_to_read
    from .site_reading import kept_reading

    site, date_dir, start = where_to_read(path)
    return SiteIssue(kept_reading(site, date_dir, start) if date_dir is not None else empty_issue(site))
