"""The page view: one page or a two-page spread, zoomed and panned, drawn
through ``paint_page`` into cached images at device pixels.

The widget is assembled from mixins, each with one job:

- ``view_pages``: the document's pages, single or as spreads, page turns;
- ``view_geometry``: zoom (fit page, fit width, free) and page rectangles;
- ``view_overlays``: hover, the opened and focused article, search hits;
- ``view_input``: mouse and keyboard;
- ``render_cache``: the rendered page images: cache, drawing, pre-rendering;
- ``view_scans``: page scans decoded in the background.

This module holds the widget itself: its signals, and the paint event that
draws each visible page from the render cache with the overlays over it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea

from .i18n import tr
from .messages import shown_error
from .render_cache import RenderingMixin
from .view_geometry import GeometryMixin
from .view_input import InputMixin
from .view_overlays import OverlaysMixin
from .view_pages import PagesMixin
from .view_scans import ScanDecodesMixin


class PageView(PagesMixin, GeometryMixin, OverlaysMixin, InputMixin, RenderingMixin, ScanDecodesMixin,
               QAbstractScrollArea):
    """Shows the current page (or spread) of an IssueDocument."""

    pageChanged = Signal(int)
    zoomChanged = Signal(float)
    articleHovered = Signal(object)  # article id or None
    articleClicked = Signal(str)
    articleActivated = Signal(str)  # Enter on the focused article
    focusArticleChanged = Signal(object)  # article id or None
    linkActivated = Signal(int, object)  # page, article id or None
    painted = Signal(object, bool)  # page numbers drawn, all at their exact scale
    pageRendered = Signal(int, object)  # page number, the page image just rendered
    scansDecoded = Signal()  # the scans being decoded in the background are ready

    def __init__(self, parent=None):
        super().__init__(parent)
        self._init_pages()
        self._init_geometry()
        self._init_overlays()
        self._init_input()
        self._failed_pages: set[int] = set()
        self._init_scans()
        self._init_rendering()

        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.horizontalScrollBar().setSingleStep(40)
        self.verticalScrollBar().setSingleStep(40)
        self.setAccessibleName(tr("page.view.name"))

    # ------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:
        p = QPainter(self.viewport())
        clip = QRectF(event.rect())
        p.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Dark))
        exact = True
        drawn = []
        for n, rect in self.page_rects():
            if not rect.intersects(clip):
                continue
            if self.doc is not None and self.doc.deferred(n) and self._draw_kept(p, n, rect):
                drawn.append(n)
                continue
            page = self.doc.page(n) if self.doc else None
            # a shadow under the sheet
            p.fillRect(rect.translated(3, 3), QColor(0, 0, 0, 60))
            if page is None:
                p.fillRect(rect, QColor("#FFFFFF"))
                p.setPen(QColor("#7A1010"))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, tr("page.unavailable", number=n))
                continue
            try:
                exact &= self._draw_page(p, page, rect, clip)
                self._draw_overlays(p, page, rect)
            except Exception as exc:  # noqa: BLE001 - a page that cannot be drawn must not stop the window
                self._paint_failed(p, rect, n, exc)
                continue
            drawn.append(n)
        if self.hasFocus() and self._focus is None and drawn:
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.viewport().rect().adjusted(1, 1, -2, -2))
        p.end()
        self.painted.emit(drawn, exact)
        if exact:
            self._schedule_prerender()

    def _paint_failed(self, p: QPainter, rect: QRectF, n: int, exc: Exception) -> None:
        p.resetTransform()
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        p.fillRect(rect, QColor("#FFFFFF"))
        p.setPen(QColor("#7A1010"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                   tr("page.paint_failed", number=n, error=shown_error(exc)))
        if n not in self._failed_pages:
            self._failed_pages.add(n)
            import sys
            import traceback

            traceback.print_exception(exc, file=sys.stderr)


    def sizeHint(self) -> QSize:
        return QSize(800, 1000)
