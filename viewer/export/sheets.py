"""Sheets: what one page of an exported PDF or of a printed job shows.

A Sheet is an area of a laid-out page with a white margin around it: a
whole page, a printer's tile of one, or one part of an article
(article_parts, article_sheets), whose page keeps only what belongs to the
article and whose area is its region. set_clip clips a painter to a
sheet's area. The PDF export, printing and the reader's clips of a scanned
article all draw sheets; ExportError, which any step of the export may
raise, is here so that each of them can.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..layout.values import IssueLayout, PageLayout
from ..model.geometry import Rect, union


class ExportError(Exception):
    """The PDF could not be made; the message says why."""


@dataclass(frozen=True)
class Sheet:
    """One page of output: the area ``clip`` of a laid-out page, with
    ``margin`` points of white around it."""

    layout: PageLayout
    clip: Rect
    margin: float = 0.0
    areas: tuple[Rect, ...] = ()  # when set, only these parts of ``clip`` show

    @property
    def width_pt(self) -> float:
        return self.clip[2] - self.clip[0] + 2 * self.margin

    @property
    def height_pt(self) -> float:
        return self.clip[3] - self.clip[1] + 2 * self.margin

    @property
    def origin(self) -> tuple[float, float]:
        """Where the page's (0, 0) lands on the sheet."""
        return self.margin - self.clip[0], self.margin - self.clip[1]

    @property
    def whole_page(self) -> bool:
        return self.clip == (0.0, 0.0, self.layout.width_pt, self.layout.height_pt) and not self.margin


def set_clip(painter, sheet: Sheet) -> None:
    """Clip to the sheet's area, in page points (after the sheet's translate)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPainterPath

    if not sheet.areas:  # one rectangle: the painters' fast clip
        x0, y0, x1, y1 = sheet.clip
        painter.setClipRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        return
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)  # rectangles all run one way: their union
    for x0, y0, x1, y1 in sheet.areas:
        path.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    painter.setClipPath(path)


# ------------------------------------------------------------ articles


def article_parts(layout: IssueLayout, article_id: str) -> list[tuple[PageLayout, Rect, tuple[Rect, ...]]]:
    """Each page part of an article, home page first, as (a page holding
    only that article's items, the part's bounding box, the rectangles of
    its region), all in points.

    Other articles' lines are left out, so a clip's text layer holds only
    this article; rules and images that reach into the region stay, to be
    clipped."""
    parts = []
    for page in layout.pages:
        for art in page.articles:
            if art.id != article_id:
                continue
            regions = tuple(r.bounds for r in art.regions)
            # line boxes reach past a region by a little (a font's ascent exceeds its em)
            areas = regions + tuple(
                b for b in (page.lines[i].bbox for i in art.lines)
                if not any(r[0] <= b[0] and r[1] <= b[1] and b[2] <= r[2] and b[3] <= r[3] for r in regions))
            if not areas:
                continue
            cores = [(a[0] + 1, a[1] + 1, a[2] - 1, a[3] - 1) for a in regions or areas]

            def inside(r: Rect) -> bool:
                # a rule along a region's edge, in the gutter, belongs to the neighbour
                return any(r[0] <= c[2] and c[0] <= r[2] and r[1] <= c[3] and c[1] <= r[3] for c in cores)

            # a box drawn around the article (boxed = true) lies outside its region: show it
            frames = tuple(
                (b.rect[0] - b.weight_pt, b.rect[1] - b.weight_pt, b.rect[2] + b.weight_pt, b.rect[3] + b.weight_pt)
                for b in page.boxes
                if any(b.rect[0] <= r[0] and b.rect[1] <= r[1] and r[2] <= b.rect[2] and r[3] <= b.rect[3] for r in regions)
                and b.rect[2] - b.rect[0] < page.width_pt * 0.9)
            areas = areas + frames
            box = union(areas)

            keep = set(art.lines)
            lines = tuple(
                ln for i, ln in enumerate(page.lines)
                if i in keep or ln.article == article_id
                or (ln.article is None and any(a[0] <= (ln.bbox[0] + ln.bbox[2]) / 2 <= a[2]
                                               and a[1] <= (ln.bbox[1] + ln.bbox[3]) / 2 <= a[3] for a in areas))
            )
            only = dataclasses.replace(
                page,
                lines=lines,
                rules=tuple(r for r in page.rules if inside(rule_box(r.line, 0.0))),
                boxes=tuple(b for b in page.boxes if inside(b.rect)),
                images=tuple(im for im in page.images if inside(im.rect)),
                links=(),
                articles=(art,),
                debug_marks=(),
            )
            parts.append((art.continued, only, box, areas))
    parts.sort(key=lambda p: p[0])  # the home part first
    return [(pl, box, areas) for _, pl, box, areas in parts]


def article_sheets(layout: IssueLayout, article_id: str, margin: float = 0.0) -> list[Sheet]:
    """The article's parts as sheets clipped to its region."""
    return [Sheet(pl, box, margin, areas) for pl, box, areas in article_parts(layout, article_id)]


def rule_box(line, weight: float) -> Rect:
    """The rectangle around the segment ``line`` (x0, y0, x1, y1), grown by
    ``weight`` (at least 0.1 pt) on every side."""
    x0, y0, x1, y1 = line
    w = max(weight, 0.1)
    return (min(x0, x1) - w, min(y0, y1) - w, max(x0, x1) + w, max(y0, y1) + w)


def article_ids(layout: IssueLayout) -> list[str]:
    return [a.id for p in layout.pages for a in p.articles if not a.continued]
