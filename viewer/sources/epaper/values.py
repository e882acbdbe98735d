"""A saved e-paper site (数字报/电子版) read into plain values: the issue of
one date, its pages in the order of the day's page list, each page's hot
zones as polygons in the points of its page PDF, and its articles. No Qt.

Every path is absolute and lies inside the site folder (``EpaperIssue.root``);
every ``file`` is relative to it, with forward slashes.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ...model.problems import Problem

Point = tuple[float, float]  # x, y in points, origin at the page's top left


@dataclass(frozen=True)
class Zone:
    """One hot zone of a page: the area an ``<area>`` or a positioned element
    gives, scaled from the displayed image's pixels to the page's points."""

    article: str  # EpaperArticle.id
    points: tuple[Point, ...]  # a polygon of three or more points

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class Photo:
    """A picture of an article and its caption."""

    path: Path | None  # None: the file is not in the copy (or was refused)
    caption: str
    src: str  # the reference as the article file writes it


@dataclass(frozen=True)
class EpaperArticle:
    """One article file: its headline group, body and photos."""

    id: str  # the article file's name without its extension (content_52014, nw.D110000renmrb_20171016_1-01)
    file: str  # relative to the site folder; "" when the page names a file the copy lacks
    pages: tuple[int, ...]  # the pages whose zones or headline lists name it
    kicker: str = ""  # 引题
    headline: str = ""  # 主题
    subtitle: str = ""  # 副题
    author: str = ""
    paragraphs: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    property_id: str = ""  # enpproperty <articleid>
    property_date: str = ""  # enpproperty <date> as written
    property_section: str = ""  # enpproperty <nodename>: the page's section
    continued_on: tuple[int, ...] = ()  # 下转第N版: the page numbers
    continued_from: tuple[int, ...] = ()  # 上接第N版

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class EpaperPage:
    """One page (版面) of the day."""

    number: int  # position in the day's page list, 1-based
    label: str  # as the page list writes it: 第01版, 01版, A01
    section: str  # 版名: 要闻
    file: str  # the page file, relative to the site folder
    pdf: Path | None  # the publisher's page PDF, when it is in the copy and usable
    preview: Path | None  # the page image the page file shows
    width_pt: float
    height_pt: float
    size_from: Literal["pdf", "image"]  # the PDF's first page, or the preview at PREVIEW_DPI
    zones: tuple[Zone, ...] = ()
    headlines: tuple[str, ...] = ()  # article ids in the page's headline list order (Tab order)
    titles: dict[str, str] = field(default_factory=dict, compare=False)  # article id -> the list's text

    def zone_at(self, x: float, y: float) -> str | None:
        """The article whose zone holds the point (x, y) in points."""
        for z in self.zones:
            x0, y0, x1, y1 = z.bounds
            if x0 <= x <= x1 and y0 <= y <= y1 and _inside(z.points, x, y):
                return z.article
        return None


def _inside(points: tuple[Point, ...], x: float, y: float) -> bool:
    inside = False
    n = len(points)
    for i in range(n):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@dataclass(frozen=True)
class EpaperIssue:
    """The issue of one date of a saved site."""

    root: Path  # the site folder: nothing outside it is read
    site: object  # the EpaperSite it belongs to: ``site.dates()`` lists the other issues (往期)
    source_file: str  # the first page file, relative to root
    paper: str  # the paper's name, from the site (founder-papername, masthead, title), else the folder's name
    date: _dt.date | None
    pages: tuple[EpaperPage, ...]
    articles: tuple[EpaperArticle, ...]  # in the order of the pages' headline lists
    problems: tuple[Problem, ...]
    start_page: int | None = None  # the page of the file that was opened, when it was a page or article file

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def page(self, number: int) -> EpaperPage | None:
        return next((p for p in self.pages if p.number == number), None)

    def article(self, article_id: str) -> EpaperArticle | None:
        return next((a for a in self.articles if a.id == article_id), None)
