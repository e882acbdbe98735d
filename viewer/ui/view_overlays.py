"""What the page view draws over its cached page images, and the state
behind it: the hovered and the opened article tinted, the keyboard-focused
article outlined, the current search hit framed. They are drawn in page
coordinates (the article regions in points, mapped through the zoom); the
search hits themselves are part of the rendered image
(PaintOptions.search_hits)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

from ..layout.values import PageLayout
from ..model.geometry import union
from .i18n import tr

HOVER_TINT = QColor(255, 238, 170)  # multiplied over the page: text stays black
SELECT_TINT = QColor(255, 220, 120)
FOCUS_COLOR = QColor("#1A5FB4")
HIT_COLOR = QColor("#D01010")


class OverlaysMixin:
    """Search hits, the opened, hovered and keyboard-focused article of the
    page view, and their drawing (mixed into PageView)."""

    def _init_overlays(self) -> None:
        self._hover: tuple[int, str] | None = None
        self._selected: str | None = None
        self._focus: tuple[int, str] | None = None
        self._hits: dict[int, tuple] = {}
        self._current_hit: tuple[int, tuple] | None = None

    # ------------------------------------------------------------ highlights
    def set_search_hits(self, hits) -> None:
        """Search hits (objects with .page and .rects) drawn at their glyphs."""
        by_page: dict[int, list] = {}
        for h in hits:
            by_page.setdefault(h.page, []).extend(h.rects)
        self._hits = {n: tuple(r) for n, r in by_page.items()}
        self._current_hit = None
        self.viewport().update()

    def set_current_hit(self, page: int | None, rects=()) -> None:
        self._current_hit = (page, tuple(rects)) if page is not None else None
        if page is not None and rects:
            self.ensure_visible(page, union(rects), center=True)
        self.viewport().update()

    def search_hits(self) -> dict[int, tuple]:
        return dict(self._hits)

    def set_selected_article(self, article_id: str | None, reveal: bool = False) -> None:
        self._selected = article_id
        if reveal and article_id:
            for n in self.visible_pages():
                page = self.doc.cached_page(n) if self.doc else None
                art = next((a for a in page.articles if a.id == article_id), None) if page else None
                if art and art.regions:
                    self.ensure_visible(n, union(r.bounds for r in art.regions))
                    break
        self.viewport().update()

    @property
    def selected_article(self) -> str | None:
        return self._selected

    def set_hover_article(self, article_id: str | None) -> None:
        """Highlight an article from outside (the article list)."""
        hover = None
        if article_id:
            for n in self.visible_pages():
                page = self.doc.cached_page(n)
                if page and any(a.id == article_id for a in page.articles):
                    hover = (n, article_id)
                    break
        if hover != self._hover:
            self._hover = hover
            self.viewport().update()

    @property
    def hover_article(self) -> str | None:
        return self._hover[1] if self._hover else None

    # ------------------------------------------------------------ keyboard focus
    def focus_order(self) -> list[tuple[int, str, str]]:
        """(page, article id, headline) of the visible articles in reading order."""
        out = []
        for n in self.visible_pages():
            page = self.doc.page(n) if self.doc else None
            if page:
                out += [(n, a.id, a.headline) for a in page.articles]
        return out

    @property
    def focus_article(self) -> str | None:
        return self._focus[1] if self._focus else None

    def set_focus_article(self, page: int | None, article_id: str | None = None) -> None:
        focus = (page, article_id) if page is not None and article_id else None
        if focus == self._focus:
            return
        self._focus = focus
        if focus:
            headline = next((h for n, a, h in self.focus_order() if (n, a) == focus), article_id)
            page_layout = self.doc.cached_page(page)
            art = next((a for a in page_layout.articles if a.id == article_id), None) if page_layout else None
            if art and art.regions:
                self.ensure_visible(page, union(r.bounds for r in art.regions))
            # screen readers: the focused article's headline is the view's description
            self.setAccessibleDescription(tr("page.view.focus", headline=headline.replace("\n", " ")))
        else:
            self.setAccessibleDescription(self._page_description())
        from PySide6.QtGui import QAccessible, QAccessibleEvent  # made when first needed (its enums are many)

        try:
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Focus))
        except Exception:  # accessibility must never break the view
            pass
        self.focusArticleChanged.emit(article_id if focus else None)
        self.viewport().update()

    def move_focus(self, forward: bool = True) -> bool:
        order = self.focus_order()
        if not order:
            return False
        keys = [(n, a) for n, a, _ in order]
        if self._focus not in keys:
            idx = 0 if forward else len(keys) - 1
        else:
            idx = keys.index(self._focus) + (1 if forward else -1)
        if 0 <= idx < len(keys):
            self.set_focus_article(*keys[idx])
            return True
        return False

    # ------------------------------------------------------------ drawing
    def _draw_overlays(self, p: QPainter, page: PageLayout, rect: QRectF) -> None:
        n = page.number
        wants = (self._hover and self._hover[0] == n) or self._selected or (self._focus and self._focus[0] == n) \
            or (self._current_hit and self._current_hit[0] == n)
        if not wants:
            return
        p.save()
        p.translate(rect.topLeft())
        p.scale(self._zoom, self._zoom)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for art in page.articles:
            tint = None
            if art.id == self._selected:
                tint = SELECT_TINT
            elif self._hover == (n, art.id):
                tint = HOVER_TINT
            if tint is not None:
                p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
                p.fillPath(_region_path(art.regions), tint)
                p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            if art.id == self._selected:
                pen = QPen(QColor("#C07A00"), 1.5)
                pen.setCosmetic(True)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(_region_path(art.regions))
            if self._focus == (n, art.id):
                pen = QPen(FOCUS_COLOR, 2.5, Qt.PenStyle.DashLine)
                pen.setCosmetic(True)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                for reg in art.regions:
                    x0, y0, x1, y1 = reg.bounds
                    p.drawRect(QRectF(x0 - 3, y0 - 3, x1 - x0 + 6, y1 - y0 + 6))
        if self._current_hit and self._current_hit[0] == n:
            pen = QPen(HIT_COLOR, 2)
            pen.setCosmetic(True)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            for x0, y0, x1, y1 in self._current_hit[1]:
                p.drawRect(QRectF(x0 - 1.5, y0 - 1.5, x1 - x0 + 3, y1 - y0 + 3))
        p.restore()


def _region_path(regions) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for reg in regions:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in reg.points]))
        path.closeSubpath()
    return path
