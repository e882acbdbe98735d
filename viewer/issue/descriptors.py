"""An issue of our own descriptors (an issue folder: issue.toml, pages,
text, images), laid out by the typesetting engine."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..messages import Msg
from ..model.problems import Problem
from . import describe as d
from .base import Issue, IssueMeta, Reading, ReadingPhoto
from .text import IssueText, Unit, fields, join_lines

KIND = "descriptors"


def issue_problems(data, missing_chars=None) -> list[Problem]:
    """Every problem of loaded descriptors (IssueData), as ``validate``
    lists them, the bundled fonts' coverage included (``missing_chars``
    defaults to it)."""
    from ..model.validate import check_issue
    from ..typefaces import missing_chars as bundled_fonts_lack

    if data.issue is None:
        return list(data.problems)
    return check_issue(data, missing_chars or bundled_fonts_lack)


def _root_and_name(path: Path) -> tuple[Path, str]:
    """The issue folder ``load_issue`` reads for ``path``, and the issue
    file when the path names one."""
    try:
        if path.exists() and not path.is_dir():
            return path.parent, path.name
    except OSError:
        pass
    return path, ""


# ------------------------------------------------------------ what is known before layout

_META_TEXT = ("paper", "paper_en", "weekday", "language", "publisher")
_META_INT = ("issue_number", "serial_number", "page_count")


def _facts(data) -> dict:
    """What an opened issue answers without its descriptors: from IssueData."""
    iss = data.issue
    meta = None
    if iss is not None:
        meta = {"paper": iss.paper, "date": iss.date, "paper_en": iss.paper_en, "weekday": iss.weekday_text,
                "issue_number": iss.issue_number, "serial_number": iss.serial_number, "page_count": iss.page_count,
                "language": iss.language, "publisher": iss.publisher}
    sections: dict[int, str] = {}
    sizes: dict[int, tuple[float, float]] = {}
    files: dict[str, int] = {}
    for pd in data.pages:
        n = pd.page.number
        sections.setdefault(n, pd.page.section)
        sizes.setdefault(n, (pd.geometry.width_pt, pd.geometry.height_pt))
        files.setdefault(pd.file, n)
    homes = [(a.id, pd.page.number) for pd, a in data.articles()]  # in order; an id given twice is twice
    from ..model.types import Photo

    usable = data.issue is not None and bool(data.pages)
    groups = None
    if usable:
        from ..layout.groups import page_groups

        groups = page_groups(data)
    return {"issue_file": data.issue_file, "usable": usable, "meta": meta,
            "numbers": sorted({pd.page.number for pd in data.pages}), "sections": sections, "sizes": sizes,
            "files": files, "groups": groups, "problems": list(data.problems), "broken": dict(data.broken_pages),
            "homes": homes, "photos": [b.id for pd in data.pages for b in pd.page.blocks if isinstance(b, Photo)]}


def _facts_out(f: dict) -> dict:
    from ..layout.codec import problems_out

    meta = None
    if f["meta"] is not None:
        meta = dict(f["meta"], date=f["meta"]["date"].isoformat() if f["meta"]["date"] else None)
    return {"issue_file": f["issue_file"], "usable": f["usable"], "meta": meta, "numbers": f["numbers"],
            "sections": [[n, s] for n, s in f["sections"].items()], "sizes": [[n, *wh] for n, wh in f["sizes"].items()],
            "files": [[k, n] for k, n in f["files"].items()], "groups": f["groups"],
            "problems": problems_out(f["problems"]), "broken": [[n, k] for n, k in f["broken"].items()],
            "homes": [list(h) for h in f["homes"]], "photos": f["photos"]}


def _facts_in(v) -> dict | None:
    """``_facts_out``'s value back, or None when it is not one."""
    from ..layout.codec import problems_in

    def ints(x) -> bool:
        return type(x) is list and all(type(i) is int for i in x)

    def pairs(x, first, second) -> bool:
        return type(x) is list and all(type(p) is list and len(p) == 2 and type(p[0]) is first
                                       and type(p[1]) is second for p in x)

    keys = {"issue_file", "usable", "meta", "numbers", "sections", "sizes", "files", "groups", "problems", "broken",
            "homes", "photos"}
    if type(v) is not dict or set(v) != keys:
        return None
    meta = v["meta"]
    if meta is not None:
        if (type(meta) is not dict or set(meta) != {"date", *_META_TEXT, *_META_INT}
                or any(meta[k] is not None and type(meta[k]) is not str for k in _META_TEXT)
                or any(meta[k] is not None and type(meta[k]) is not int for k in _META_INT)
                or type(meta["paper"]) is not str or type(meta["date"]) is not str):
            return None
        try:
            meta = dict(meta, date=_dt.date.fromisoformat(meta["date"]))
        except ValueError:
            return None
    if (type(v["issue_file"]) is not str or type(v["usable"]) is not bool or not ints(v["numbers"])
            or not pairs(v["sections"], int, str) or not pairs(v["files"], str, int) or not pairs(v["broken"], int, str)
            or not pairs(v["homes"], str, int) or type(v["photos"]) is not list
            or not all(type(i) is str for i in v["photos"])
            or not (v["groups"] is None or (type(v["groups"]) is list and all(ints(g) and g for g in v["groups"])))
            or type(v["sizes"]) is not list
            or not all(type(x) is list and len(x) == 3 and type(x[0]) is int
                       and all(type(c) in (int, float) for c in x[1:]) for x in v["sizes"])):
        return None
    if v["usable"] and (meta is None or v["groups"] is None):
        return None
    try:
        problems = problems_in(v["problems"])
    except ValueError:
        return None
    return {"issue_file": v["issue_file"], "usable": v["usable"], "meta": meta, "numbers": v["numbers"],
            "sections": dict(v["sections"]), "sizes": {x[0]: (x[1], x[2]) for x in v["sizes"]},
            "files": dict(v["files"]), "groups": [tuple(g) for g in v["groups"]] if v["groups"] is not None else None,
            "problems": problems, "broken": dict(v["broken"]), "homes": [tuple(h) for h in v["homes"]], "photos": v["photos"]}



class DescriptorIssue(Issue):
    """An issue folder of our descriptors. Opened through ``open``, what the
    window needs before its first page (numbers, sections, sizes, page
    groups, problems, articles' pages) comes from the layout cache when it
    holds the issue, and the descriptors are read only when something else
    is asked (``data``)."""

    kind = KIND
    caches = True

    def __init__(self, data=None, *, facts: dict | None = None, path: Path | None = None, tree: str | None = None):
        """From loaded descriptors (``data``, an IssueData), or from the
        ``facts`` the cache kept of the issue at ``path`` (its files'
        digest ``tree``)."""
        self._data = data
        self._path = Path(path) if path is not None else (Path(data.root) if data is not None else None)
        self._tree = tree
        self._facts = facts if facts is not None else _facts(data)
        self.root = Path(data.root) if data is not None else _root_and_name(self._path)[0]
        self.cache_opened = _root_and_name(self._path)[1] if path is not None else ""
        self.source_file = self._facts["issue_file"]
        self.problems = list(self._facts["problems"])
        # descriptors given in memory may differ from the files: only an issue opened from its folder is cached
        self.caches = path is not None and tree is not None

    @classmethod
    def open(cls, path: str | Path) -> "DescriptorIssue":
        """Read the issue at ``path`` (a folder or its issue file), its facts
        from the layout cache when they are there."""
        from ..layout.codec import Damaged
        from .cache import remembered, store_of, tree_digest

        path = Path(path)
        root, _ = _root_and_name(path)
        tree = tree_digest(root) if root.is_dir() else None
        issue = cls.__new__(cls)  # what the cache needs of it before it is read
        issue.root, issue.cache_opened, issue._tree, issue.caches = root, _root_and_name(path)[1], tree, tree is not None
        loaded = []

        def load() -> dict:
            from ..model import load_issue

            loaded.append(load_issue(path))
            if tree is not None and tree_digest(root) != tree:  # changed while read: keep nothing
                store = store_of(issue)
                if store is not None:
                    store.writable = False
            return _facts(loaded[0])

        def decode(value) -> dict:
            facts = _facts_in(value)
            if facts is None:
                raise Damaged()  # not the facts of an issue: read anew
            return facts

        facts = remembered(issue, "facts", load, _facts_out, decode)
        store = getattr(issue, "_cache_store", False)
        issue.__init__(loaded[0] if loaded else None, facts=facts, path=path, tree=tree)
        if store is not False:
            issue._cache_store = store
        return issue

    @property
    def data(self):
        """The issue's descriptors (viewer.model.IssueData), read on first use."""
        if self._data is None:
            from ..model import load_issue

            self._data = load_issue(self._path)
            from .cache import tree_digest

            if self._tree is not None and tree_digest(self.root) != self._tree:  # changed since opened
                store = getattr(self, "_cache_store", None)
                if store:
                    store.writable = False
        return self._data

    def cache_key(self, pages: tuple[int, ...] | None) -> str | None:
        # every page's layout depends on the issue file's defaults, its texts and pictures: the whole folder
        return self._tree

    @property
    def usable(self) -> bool:
        return self._facts["usable"]

    def left_out(self) -> list[int]:
        return sorted(self._facts["broken"])

    @property
    def meta(self) -> IssueMeta:
        m = self._facts["meta"]
        if m is None:
            return IssueMeta(paper=self.root.name)
        return IssueMeta(**m)

    @property
    def numbers(self) -> list[int]:
        return list(self._facts["numbers"])

    def section(self, number: int) -> str:
        return self._facts["sections"].get(number, "")

    def page_size(self, number: int) -> tuple[float, float] | None:
        return self._facts["sizes"].get(number)

    def summary(self) -> Msg:
        m = self.meta
        return Msg("{paper} {date} 第{number}期, {pages} pages, {articles} articles", paper=m.paper,
                   date=m.date.isoformat(), number=m.issue_number, pages=len(self.numbers),
                   articles=len(self.article_ids()))

    def groups(self) -> list[tuple[int, ...]]:
        groups = self._facts["groups"]
        if groups is None:
            from ..layout.groups import page_groups

            return page_groups(self.data)
        return list(groups)

    def lay_out(self, pages: list[int] | None = None):
        from ..layout.engine import layout_issue

        return layout_issue(self.data, pages=pages)

    def photo_ids(self) -> frozenset:
        return frozenset(self._facts["photos"])

    def article_ids(self) -> list[str]:
        return [k for k, _ in self._facts["homes"]]

    def article_home(self, article_id: str) -> int | None:
        return next((n for k, n in self._facts["homes"] if k == article_id), None)

    def reading(self, article_id: str) -> Reading | None:
        from ..layout.flow import paragraphs
        from ..model.load import _inside
        from ..model.marks import plain
        from ..model.types import Photo

        found = self.data.article(article_id)
        if found is None:
            return None

        def printed(text):  # as printed: without the descriptors' no-break marks
            return plain(text) if text else text

        art = found[1]  # an Article
        photos = []
        for pd in self.data.pages:
            for b in pd.page.blocks:
                if isinstance(b, Photo) and b.article == article_id:
                    path = _inside(self.root, b.image)
                    photos.append(ReadingPhoto(path if path is not None and path.is_file() else None,
                                               printed(b.caption), printed(b.credit), b.placeholder))
        paras = tuple(printed(p) for p in paragraphs(self.data.texts.get(art.id, "")))
        return Reading(id=art.id, headline=printed(art.headline), paragraphs=paras, kicker=printed(art.kicker),
                       subtitle=printed(art.subtitle), byline=printed(art.byline), signoff=printed(art.signoff),
                       sample=art.sample, photos=tuple(photos))

    def check(self) -> list[Problem]:
        from ..layout.codec import problems_in, problems_out
        from .cache import remembered

        return remembered(self, "check", lambda: issue_problems(self.data), problems_out, problems_in)

    def file_page(self, file: str) -> int | None:
        return self._facts["files"].get(file)

    # ---- text and description
    def search_text(self, missing_chars=None) -> IssueText:
        """Every article's kicker, headline, subtitle, byline, body and
        sign-off; photo captions and credits; the guide's entries; adverts;
        image labels; the masthead's facts and the page's section. Problems
        are those ``validate`` reports; no layout is needed."""
        from ..model.types import Advert, Article, Continuation, Guide, Image, Masthead, Photo

        data = self.data
        problems = issue_problems(data, missing_chars)
        issue = data.issue
        if issue is None:
            return IssueText(KIND, None, None, "", 0, problems=problems)
        known = lambda key: key not in data.placeholders  # noqa: E731
        out = IssueText(
            KIND,
            issue.paper if known("paper") else None,
            issue.date if known("date") else None,
            f"第{issue.issue_number}期" if known("issue_number") else "",
            max([issue.page_count if known("page_count") else 0] + [pd.page.number for pd in data.pages]),
            problems=problems,
        )
        headlines = {a.id: join_lines(a.headline) for _, a in data.articles()}
        for pd in data.pages:
            n = pd.page.number
            other: list[str] = [pd.page.section]
            for b in pd.page.blocks:
                if isinstance(b, Article):
                    body = data.texts.get(b.id, "")
                    text = fields(b.kicker, join_lines(b.headline), b.subtitle, b.byline, body, b.signoff)
                    out.units.append(Unit(n, b.id, headlines[b.id], text))
                elif isinstance(b, Continuation):
                    if b.headline:
                        other.append(join_lines(b.headline))
                elif isinstance(b, Photo):
                    if b.caption or b.credit:
                        text = fields(b.caption, b.credit)
                        owner = b.article if b.article in headlines else None
                        out.units.append(Unit(n, owner, headlines.get(owner, ""), text))
                elif isinstance(b, Guide):
                    other += [b.title] + [e.title for e in b.entries]
                elif isinstance(b, Advert):
                    other += [b.advertiser, b.headline, b.text]
                elif isinstance(b, Image):
                    other.append(b.label)
                elif isinstance(b, Masthead):
                    other += [issue.paper, issue.paper_en, issue.cn_number, issue.postal_code,
                              issue.supervisor, issue.publisher, issue.website]
            text = fields(*other)
            if text:
                out.units.append(Unit(n, None, "", text))
        return out

    def describe(self, with_layout: bool = True, pages: list[int] | None = None) -> dict:
        from ..layout.fit import grid_report
        from ..model.types import Article

        data = self.data
        layout = self.layout_for(pages) if with_layout else None
        out = d.meta_info(self)
        for pd in data.pages:
            if pages is not None and pd.page.number not in pages:
                continue
            page = {"number": pd.page.number, "name": pd.page.section, "label": self.page_label(pd.page.number),
                    "articles": []}
            pl = layout.page(pd.page.number) if layout else None
            page.update(grid_report(pd, pl, data))
            if pl is not None:
                page.update(d.page_geometry(pl))
                page["pictures"] = [{"id": im.block_id, "rect": [round(v, 2) for v in im.rect]} for im in pl.images]
            for block in pd.page.blocks:
                if not isinstance(block, Article):
                    continue
                art = {
                    "id": block.id,
                    "kicker": block.kicker,
                    "headline": block.headline,
                    "subtitle": block.subtitle,
                    "byline": block.byline,
                    "signoff": block.signoff,
                    "text": data.texts.get(block.id, ""),
                    "sample": block.sample,
                }
                if block.continued_on:
                    art["continued_on"] = block.continued_on
                if pl is not None:
                    art.update(d.article_layout(layout.article(block.id), pd.page.number))
                page["articles"].append(art)
            page.update(page_items(data, pd, pl))
            out["pages"].append(page)
        return out

    def describe_heading(self, info: dict) -> Msg:
        return Msg("{paper} {date} {weekday} 第{number}期 ({pages} pages)", paper=info["paper"], date=info["date"],
                   weekday=info["weekday"], number=info["issue_number"], pages=info["page_count"])


def masthead_facts(issue) -> dict:
    """What a masthead prints, as the issue gives it."""
    day = issue.date
    number = f"第{issue.issue_number}期" + (f"（总第{issue.serial_number}期）" if issue.serial_number else "")
    return {
        "paper": issue.paper,
        "paper_en": issue.paper_en,
        "supervisor": issue.supervisor,  # 主管
        "publisher": issue.publisher,  # 主办
        "cn_number": issue.cn_number,
        "postal_code": issue.postal_code,  # 邮发代号
        "date": f"{day.year}年{day.month}月{day.day}日",
        "weekday": issue.weekday_text,
        "number": number,
        "page_count": f"今日{issue.page_count}版",
        "website": issue.website,
    }


def page_items(data, pd, pl) -> dict:
    """Everything on a page besides its articles, with the same keys on
    every page: the masthead, photos, the guide, images and adverts (with
    their boxes in points when the page is laid out)."""
    from ..model.types import Advert, Guide, Image, Masthead, Photo

    geo = pd.geometry
    blocks = pd.page.blocks

    def box(frame):
        return d.box(geo.frame_rect(frame))

    def set_lines(kind: str, rect) -> list[str]:
        # the lines of a kind the layout set inside a block's frame
        if pl is None:
            return []
        x0, y0, x1, y1 = rect
        return [ln.text for ln in pl.lines if ln.kind == kind
                and x0 - 1 <= (ln.bbox[0] + ln.bbox[2]) / 2 <= x1 + 1 and y0 - 1 <= (ln.bbox[1] + ln.bbox[3]) / 2 <= y1 + 1]

    out: dict = {"masthead": None, "photos": [], "guide": None, "images": [], "adverts": []}
    for b in blocks:
        if isinstance(b, Masthead):
            out["masthead"] = {"facts": masthead_facts(data.issue), "box": box(b.frame),
                               "lines": set_lines("masthead", geo.frame_rect(b.frame))}
        elif isinstance(b, Photo):
            out["photos"].append({"id": b.id, "image": b.image, "caption": b.caption, "credit": b.credit,
                                  "article": b.article, "placeholder": b.placeholder, "box": box(b.frame)})
        elif isinstance(b, Guide):
            out["guide"] = {"title": b.title, "box": box(b.frame),
                            "entries": [{"title": e.title, "page": e.page, "article": e.article} for e in b.entries]}
        elif isinstance(b, Image):
            out["images"].append({"id": b.id, "image": b.image, "label": b.label, "placeholder": b.placeholder,
                                  "box": box(b.frame)})
        elif isinstance(b, Advert):
            out["adverts"].append({"id": b.id, "advertiser": b.advertiser, "headline": b.headline, "text": b.text,
                                   "image": b.image, "placeholder": b.placeholder, "box": box(b.frame)})
    out["header"] = [ln.text for ln in pl.lines if ln.kind == "header"] if pl is not None else []
    return out
