"""Zoom and layout geometry of the page view: fit page, fit width or a free
zoom; where each visible page sits (a spread side by side, centred in the
viewport when smaller); and mapping between page points and viewport
pixels."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

ZOOM_MIN, ZOOM_MAX = 0.1, 8.0  # logical pixels per point


class GeometryMixin:
    """Zoom, scroll ranges and page rectangles of the page view (mixed into
    PageView). Zoom is in logical pixels per point."""

    MARGIN = 16
    GAP = 12

    def _init_geometry(self) -> None:
        self._mode = "fit_page"
        self._zoom = 1.0

    # ------------------------------------------------------------ zoom
    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def zoom_mode(self) -> str:
        return self._mode

    def actual_size_zoom(self) -> float:
        return self.logicalDpiX() / 72.0

    def zoom_percent(self) -> int:
        return round(100 * self._zoom / self.actual_size_zoom())

    def set_zoom_mode(self, mode: str) -> None:
        if mode not in ("fit_page", "fit_width", "free"):
            raise ValueError(mode)
        self._mode = mode
        self._relayout()

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        vp = self.viewport()
        if anchor is None:
            anchor = QPointF(vp.width() / 2, vp.height() / 2)
        cw, ch, ox, oy, _ = self._geometry()
        fx = (self.horizontalScrollBar().value() + anchor.x() - ox) / max(1.0, cw)
        fy = (self.verticalScrollBar().value() + anchor.y() - oy) / max(1.0, ch)
        self._mode = "free"
        self._zoom = zoom
        self._relayout()
        cw, ch, ox, oy, _ = self._geometry()
        self.horizontalScrollBar().setValue(round(fx * cw - anchor.x() + ox))
        self.verticalScrollBar().setValue(round(fy * ch - anchor.y() + oy))

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_zoom(self._zoom * factor, anchor)

    def _page_size_pt(self, n: int) -> tuple[float, float]:
        page = self.doc.cached_page(n) if self.doc else None
        if page is not None:
            return page.width_pt, page.height_pt
        size = self.doc.page_size(n) if self.doc else None
        return size if size is not None else (1105.5, 1547.7)

    def _fit_zoom(self) -> float:
        pages = self.visible_pages()
        if not pages:
            return self._zoom
        sizes = [self._page_size_pt(n) for n in pages]
        w_pt = sum(w for w, _ in sizes)
        h_pt = max(h for _, h in sizes)
        avail = self.maximumViewportSize()
        gaps = self.GAP * (len(pages) - 1) + 2 * self.MARGIN
        zw = (avail.width() - gaps) / w_pt
        if self._mode == "fit_width":
            if h_pt * zw + 2 * self.MARGIN > avail.height():  # a vertical scroll bar will take room
                zw = (avail.width() - self.verticalScrollBar().sizeHint().width() - gaps) / w_pt
            return max(ZOOM_MIN, zw)
        zh = (avail.height() - 2 * self.MARGIN) / h_pt
        return max(ZOOM_MIN, min(zw, zh))

    def _relayout(self) -> None:
        if self._mode in ("fit_page", "fit_width"):
            self._zoom = self._fit_zoom()
        cw, ch, _, _, _ = self._geometry()
        vp = self.viewport().size()
        hsb, vsb = self.horizontalScrollBar(), self.verticalScrollBar()
        hsb.setRange(0, max(0, round(cw) - vp.width()))
        vsb.setRange(0, max(0, round(ch) - vp.height()))
        hsb.setPageStep(vp.width())
        vsb.setPageStep(vp.height())
        self.zoomChanged.emit(self._zoom)
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    # ------------------------------------------------------------ geometry
    def _geometry(self):
        """(content width, content height, offset x, offset y, [(page, rect in content px)])."""
        pages = self.visible_pages()
        z = self._zoom
        rects = []
        x = self.MARGIN
        h_max = 0.0
        for n in pages:
            w, h = self._page_size_pt(n)
            rects.append((n, QRectF(x, self.MARGIN, w * z, h * z)))
            x += w * z + self.GAP
            h_max = max(h_max, h * z)
        cw = x - (self.GAP if pages else 0) + self.MARGIN
        ch = h_max + 2 * self.MARGIN
        vp = self.viewport().size()
        ox = max(0.0, (vp.width() - cw) / 2)
        oy = max(0.0, (vp.height() - ch) / 2)
        # pages shorter than the spread's tallest sit at the top
        return cw, ch, ox, oy, rects

    def page_rects(self) -> list[tuple[int, QRectF]]:
        """Each visible page's rectangle in viewport coordinates."""
        _, _, ox, oy, rects = self._geometry()
        dx = ox - self.horizontalScrollBar().value()
        dy = oy - self.verticalScrollBar().value()
        return [(n, QRectF(round(r.x() + dx), round(r.y() + dy), r.width(), r.height())) for n, r in rects]

    def page_at(self, pos: QPointF) -> tuple[int, float, float] | None:
        """(page, x_pt, y_pt) under a viewport position."""
        for n, r in self.page_rects():
            if r.contains(pos):
                return n, (pos.x() - r.x()) / self._zoom, (pos.y() - r.y()) / self._zoom
        return None

    def map_to_viewport(self, page: int, x_pt: float, y_pt: float) -> QPointF | None:
        for n, r in self.page_rects():
            if n == page:
                return QPointF(r.x() + x_pt * self._zoom, r.y() + y_pt * self._zoom)
        return None

    def ensure_visible(self, page: int, rect_pt, center: bool = False) -> None:
        _, _, ox, oy, rects = self._geometry()
        r = next((r for n, r in rects if n == page), None)
        if r is None:
            return
        x0, y0, x1, y1 = rect_pt
        z = self._zoom
        left, top = r.x() + x0 * z + ox, r.y() + y0 * z + oy
        right, bottom = r.x() + x1 * z + ox, r.y() + y1 * z + oy
        vp = self.viewport().size()
        for sb, lo, hi, size in ((self.horizontalScrollBar(), left, right, vp.width()),
                                 (self.verticalScrollBar(), top, bottom, vp.height())):
            v = sb.value()
            if center:
                sb.setValue(round((lo + hi) / 2 - size / 2))
            elif lo < v + 8 or hi > v + size - 8:
                if hi - lo > size - 16:
                    sb.setValue(round(lo - 8))
                elif lo < v + 8:
                    sb.setValue(round(lo - 8))
                else:
                    sb.setValue(round(hi - size + 8))

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
