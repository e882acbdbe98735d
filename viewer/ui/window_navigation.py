"""Moving through an open issue: pages (with a way back), the zoom and
spread, articles in the reader, links, and search hits.

Mixed into MainWindow (main_window.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from . import settings
from .i18n import tr
from .window_messages import guarded


class WindowNavigation:
    """The window's slots for pages, articles and search."""

    # ------------------------------------------------------------ pages
    @guarded
    def go_to_page(self, number: int) -> bool:
        if self.doc is None:
            return False
        prev = self.view.current_page
        ok = self.view.set_page(number)
        if ok and prev:
            self._history.append(prev)
        return ok

    def next_page(self) -> None:
        self.view.next_page()

    def prev_page(self) -> None:
        self.view.prev_page()

    def go_back(self) -> None:
        if self._history:
            self.view.set_page(self._history.pop())

    def ask_page(self) -> None:
        if self.doc is None:
            return
        dlg = QInputDialog(self)
        dlg.setWindowTitle(tr("dlg.goto.title"))
        dlg.setLabelText(tr("dlg.goto.label", count=self.doc.page_count))
        dlg.setInputMode(QInputDialog.InputMode.IntInput)
        dlg.setIntRange(min(self.doc.numbers), max(self.doc.numbers))
        dlg.setIntValue(self.view.current_page)
        dlg.intValueSelected.connect(self.go_to_page)
        dlg.open()
        self.last_dialog = dlg

    def _page_changed(self, n: int, save: bool = True) -> None:
        if self.doc is None or not n:
            self.page_label.setText("")
            return
        visible = self.view.visible_pages()
        self.thumbnails.set_current(visible)
        self.articles.set_pages(self.doc, visible)
        self.articles.select_article(self.view.selected_article)
        idx = self.doc.numbers.index(n) + 1
        self.page_label.setText(self.doc.caption(n, "status", index=idx, count=self.doc.page_count))
        if save and self.path:
            settings.set_last_page(self.path, n)

    def _zoom_changed(self, _zoom: float) -> None:
        self.zoom_label.setText(tr("zoom.status", percent=self.view.zoom_percent()))
        self._sync_checks()

    def set_zoom_mode(self, mode: str) -> None:
        self.view.set_zoom_mode(mode)
        self._sync_checks()

    def set_spread(self, on: bool) -> None:
        self.view.set_spread(on)
        self._sync_checks()
        self._page_changed(self.view.current_page, save=False)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.act_fullscreen.setChecked(self.isFullScreen())

    # ------------------------------------------------------------ articles
    def _article_from_list(self, article_id: str) -> None:
        page = next((n for n, a, _ in self.view.focus_order() if a == article_id), None)
        if page is not None:
            self.view.set_focus_article(page, article_id)
        self.open_article(article_id)

    @guarded
    def open_article(self, article_id: str) -> bool:
        if self.doc is None:
            return False
        if not self.reader.show_article(self.doc, article_id, self._query or None):
            return False
        if not self.reader.isVisible():
            self.reader.show()
            total = sum(self.splitter.sizes()) or self.splitter.width()
            reader_w = max(self.reader.minimumWidth(), min(560, round(total * 0.36)))
            self.splitter.setSizes([total - reader_w, reader_w])
        self.view.set_selected_article(article_id)
        self.articles.select_article(article_id)
        return True

    def close_article(self) -> None:
        self.reader.hide()
        self.reader.clear()
        self.view.set_selected_article(None)

    def escape(self) -> None:
        if self.reader.isVisible():
            self.close_article()
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.isFullScreen():
            self.toggle_full_screen()
        else:
            self.view.set_focus_article(None)
            self.view.set_selected_article(None)

    def open_focused_article(self) -> None:
        if self.view.focus_article:
            self.open_article(self.view.focus_article)

    def _move_article(self, forward: bool) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.move_focus(forward)

    @property
    def current_article(self) -> str | None:
        return self.reader.article_id if self.reader.isVisible() else None

    @guarded
    def follow_link(self, page: int, article: str | None) -> None:
        """A guide entry or a jump line: go to the page and show the article."""
        self.go_to_page(page)
        if article:
            self.view.set_selected_article(article, reveal=True)
            self.articles.select_article(article)
            if self.reader.isVisible():
                self.open_article(article)

    def copy(self) -> None:
        if self.reader.isVisible():
            self.reader.copy_text()

    # ------------------------------------------------------------ search
    def show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus_field()

    def _search_panel_shown(self, visible: bool) -> None:
        """Closing the search panel takes its highlights off the page and the
        reader; opening it again puts back those of its query."""
        if self.doc is None or (visible and not self.search.query):
            return
        if visible:
            self._query, self._hits = self.search.query, list(self.search.hits)
        else:
            self._query, self._hits = "", []
        self.view.set_search_hits(self._hits)
        if not visible:
            self.view.set_current_hit(None)
        self.reader.set_query(self._query or None)

    @guarded
    def run_search(self, query: str) -> list:
        from ..layout.search import search_issue

        query = query.strip()
        self._query = query
        if self.doc is None or not query:
            self._hits = []
        else:
            self._hits = search_issue(self.doc.layout(), query)
        self.search.show_hits(query, self._hits)
        self.view.set_search_hits(self._hits)
        self.reader.set_query(query or None)
        if self._hits:
            self.search.select(0)
        return self._hits

    @guarded
    def show_hit(self, hit) -> None:
        if hit is None:
            return
        self.go_to_page(hit.page)
        self.view.set_current_hit(hit.page, hit.rects)
        if self.reader.isVisible() and hit.article:
            if self.reader.article_id != hit.article:
                self.open_article(hit.article)
            self.reader.scroll_to_hit()
