"""An issue of our own descriptors (an issue folder: issue.toml, pages,
text, images), laid out by the typesetting engine."""

from __future__ import annotations

from pathlib import Path

from ..messages import Msg
from ..model import IssueData
from ..model.problems import Problem
from ..model.types import Advert, Article, Continuation, Guide, Image, Masthead, Photo
from . import describe as d
from .base import Issue, IssueMeta, Reading, ReadingPhoto
from .text import IssueText, Unit, fields, join_lines

KIND = "descriptors"


def issue_problems(data: IssueData, missing_chars=None) -> list[Problem]:
    """Every problem of loaded descriptors, as ``validate`` lists them, the
    bundled fonts' coverage included (``missing_chars`` defaults to it)."""
    from ..model.validate import check_issue
    from ..typefaces import missing_chars as bundled_fonts_lack

    if data.issue is None:
        return list(data.problems)
    return check_issue(data, missing_chars or bundled_fonts_lack)


class DescriptorIssue(Issue):
    kind = KIND

    def __init__(self, data: IssueData):
        self.data = data
        self.root = Path(data.root)
        self.source_file = data.issue_file
        self.problems = list(data.problems)

    @property
    def usable(self) -> bool:
        return self.data.issue is not None and bool(self.data.pages)

    def left_out(self) -> list[int]:
        return sorted(self.data.broken_pages)

    @property
    def meta(self) -> IssueMeta:
        iss = self.data.issue
        if iss is None:
            return IssueMeta(paper=self.root.name)
        return IssueMeta(paper=iss.paper, date=iss.date, paper_en=iss.paper_en, weekday=iss.weekday_text,
                         issue_number=iss.issue_number, serial_number=iss.serial_number, page_count=iss.page_count,
                         language=iss.language, publisher=iss.publisher)

    @property
    def numbers(self) -> list[int]:
        return sorted({pd.page.number for pd in self.data.pages})

    def section(self, number: int) -> str:
        pd = self.data.page(number)
        return pd.page.section if pd else ""

    def page_size(self, number: int) -> tuple[float, float] | None:
        pd = self.data.page(number)
        return (pd.geometry.width_pt, pd.geometry.height_pt) if pd else None

    def summary(self) -> Msg:
        m = self.meta
        return Msg("{paper} {date} 第{number}期, {pages} pages, {articles} articles", paper=m.paper,
                   date=m.date.isoformat(), number=m.issue_number, pages=len(self.numbers),
                   articles=len(self.article_ids()))

    def groups(self) -> list[tuple[int, ...]]:
        from ..layout.groups import page_groups

        return page_groups(self.data)

    def layout(self, pages: list[int] | None = None):
        from ..layout import layout_issue

        return layout_issue(self.data, pages=pages)

    def photo_ids(self) -> frozenset:
        return frozenset(b.id for pd in self.data.pages for b in pd.page.blocks if isinstance(b, Photo))

    def article_ids(self) -> list[str]:
        return [a.id for _, a in self.data.articles()]

    def article_home(self, article_id: str) -> int | None:
        found = self.data.article(article_id)
        return found[0].page.number if found else None

    def reading(self, article_id: str) -> Reading | None:
        from ..layout.flow import paragraphs
        from ..model.load import _inside
        from ..model.marks import plain

        found = self.data.article(article_id)
        if found is None:
            return None

        def printed(text):  # as printed: without the descriptors' no-break marks
            return plain(text) if text else text

        art: Article = found[1]
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
        return issue_problems(self.data)

    def file_page(self, file: str) -> int | None:
        for pd in self.data.pages:
            if pd.file == file:
                return pd.page.number
        return None

    # ---- text and description
    def search_text(self, missing_chars=None) -> IssueText:
        """Every article's kicker, headline, subtitle, byline, body and
        sign-off; photo captions and credits; the guide's entries; adverts;
        image labels; the masthead's facts and the page's section. Problems
        are those ``validate`` reports; no layout is needed."""
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
