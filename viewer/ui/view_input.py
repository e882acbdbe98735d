"""Mouse and keyboard input of the page view: hover and click on articles
and links, drag to pan, Ctrl+wheel to zoom, Tab through the articles of the
visible pages and Enter to open the focused one."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication


class InputMixin:
    """Event handlers of the page view (mixed into PageView)."""

    def _init_input(self) -> None:
        self._press: QPoint | None = None
        self._press_scroll = (0, 0)
        self._dragging = False

    # ------------------------------------------------------------ keyboard
    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        if self.hasFocus() or self._focus is not None:
            if self.move_focus(next):
                return True
            self.set_focus_article(None)
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        if self._focus is None and reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.move_focus(reason == Qt.FocusReason.TabFocusReason)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._focus:
            self.articleActivated.emit(self._focus[1])
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ mouse
    def _link_at(self, hit) -> object | None:
        n, x, y = hit
        page = self.doc.cached_page(n)
        if page is None:
            return None
        for link in page.links:
            x0, y0, x1, y1 = link.rect
            if x0 <= x <= x1 and y0 <= y <= y1:
                return link
        return None

    def _article_at(self, hit):
        n, x, y = hit
        page = self.doc.cached_page(n)
        return page.article_at(x, y) if page is not None else None

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self._press_scroll = (self.horizontalScrollBar().value(), self.verticalScrollBar().value())
            self._dragging = False
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            d = pos.toPoint() - self._press
            if not self._dragging and d.manhattanLength() >= QApplication.startDragDistance():
                self._dragging = True
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragging:
                self.horizontalScrollBar().setValue(self._press_scroll[0] - d.x())
                self.verticalScrollBar().setValue(self._press_scroll[1] - d.y())
                return
        self._update_hover(pos)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return super().mouseReleaseEvent(event)
        dragged = self._dragging
        self._press = None
        self._dragging = False
        self._update_hover(event.position())
        if dragged:
            return
        hit = self.page_at(event.position())
        if hit is None or not self.doc:
            return
        link = self._link_at(hit)
        if link is not None:
            self.linkActivated.emit(link.page, link.article)
            return
        art = self._article_at(hit)
        if art is not None:
            self.set_focus_article(hit[0], art.id)
            self.articleClicked.emit(art.id)

    def _update_hover(self, pos: QPointF) -> None:
        hit = self.page_at(pos) if self.doc else None
        hover = None
        cursor = Qt.CursorShape.ArrowCursor
        if hit is not None:
            if self._link_at(hit) is not None:
                cursor = Qt.CursorShape.PointingHandCursor
            art = self._article_at(hit)
            if art is not None:
                hover = (hit[0], art.id)
                cursor = Qt.CursorShape.PointingHandCursor
        if cursor == Qt.CursorShape.ArrowCursor and (self.horizontalScrollBar().maximum() or self.verticalScrollBar().maximum()):
            cursor = Qt.CursorShape.OpenHandCursor
        self.viewport().setCursor(cursor)
        if hover != self._hover:
            self._hover = hover
            self.articleHovered.emit(hover[1] if hover else None)
            self.viewport().update()

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        if self._hover is not None:
            self._hover = None
            self.articleHovered.emit(None)
            self.viewport().update()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.15 ** steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)
