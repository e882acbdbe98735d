"""Search across the whole issue: a query field and the list of hits
(page, headline, the hit in its context)."""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QStackedWidget,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from .i18n import tr

HIT_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1


class _RichDelegate(QStyledItemDelegate):
    """Draws an item's HTML (two lines: where, and the hit in context)."""

    def _doc(self, option, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(50, option.rect.width()))
        return doc

    def paint(self, painter, option, index) -> None:
        from PySide6.QtWidgets import QStyle  # its enums are made when imported: not before a hit is drawn

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._doc(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.HighlightedText))
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        doc = self._doc(option, index)
        return QSize(round(doc.idealWidth()), round(doc.size().height()))


def _page_number(number: int) -> str:
    return tr("search.hit.page", number=number)


# how a result names its page: 第 3 版, or a scanned page's printed number
# (the main window sets it for the issue it opens)
page_name = _page_number


def hit_html(hit, query: str) -> str:
    headline = html.escape((hit.headline or tr("search.hit.other")).replace("\n", " "))
    ctx = hit.context
    q = "".join(query.split())
    k = ctx.find(q)
    if k >= 0:
        shown = (html.escape(ctx[:k]) + f'<span style="background-color:#FFD54F"><b>{html.escape(q)}</b></span>'
                 + html.escape(ctx[k + len(q):]))
    else:
        shown = html.escape(ctx)
    return (f'<b>{html.escape(page_name(hit.page))}</b> · {headline}'
            f'<br/><span>…{shown}…</span>')


def hit_text(hit) -> str:
    """Plain text of a result, for screen readers and tests."""
    headline = (hit.headline or tr("search.hit.other")).replace("\n", " ")
    return f"{page_name(hit.page)} · {headline} · {hit.context}"


class SearchPanel(QWidget):
    searchRequested = Signal(str)
    hitActivated = Signal(object)  # a Hit
    librarySearchRequested = Signal(str)  # a search with the scope set to the library

    def __init__(self, parent=None):
        super().__init__(parent)
        self.scope = QComboBox(self)  # this issue / the library
        self.scope.addItems(["", ""])
        self.field = QLineEdit(self)
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.results = QListWidget(self)
        self.results.setItemDelegate(_RichDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.currentItemChanged.connect(self._current_changed)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.scope)
        layout.addWidget(self.field)
        layout.addWidget(self.count)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.results)
        layout.addWidget(self.stack, 1)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self._debounce = QTimer(self, singleShot=True, interval=350)
        self._debounce.timeout.connect(self._emit_search)
        self.field.textEdited.connect(lambda _t: self._debounce.start())
        self.field.returnPressed.connect(self._return_pressed)
        self.hits: list = []
        self.query = ""
        self._last_emitted = None
        self.retranslate()

    def retranslate(self) -> None:
        self.scope.setItemText(0, tr("search.scope.issue"))
        self.scope.setItemText(1, tr("search.scope.library"))
        self.scope.setAccessibleName(tr("search.scope"))
        self.field.setPlaceholderText(tr("search.placeholder"))
        self.field.setAccessibleName(tr("dock.search"))
        self.results.setAccessibleName(tr("search.name"))
        self._show_count()
        for i in range(self.results.count()):
            item = self.results.item(i)
            hit = item.data(HIT_ROLE)
            item.setData(HTML_ROLE, hit_html(hit, self.query))
            item.setText(hit_text(hit))

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _return_pressed(self) -> None:
        self._debounce.stop()
        if self.field.text().strip() == self.query and self.hits and not self.in_library():
            self.step(1)
        else:
            self._emit_search()

    def _emit_search(self) -> None:
        if self.in_library():
            self.librarySearchRequested.emit(self.field.text().strip())
        else:
            self.searchRequested.emit(self.field.text().strip())

    # ------------------------------------------------------------ scope
    def in_library(self) -> bool:
        return self.scope.currentIndex() == 1

    def set_library_view(self, widget: QWidget) -> None:
        """The widget that lists the library's results (shown for that scope)."""
        self.stack.addWidget(widget)

    def set_scope(self, library: bool) -> None:
        self.scope.setCurrentIndex(1 if library else 0)

    def _scope_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(min(index, self.stack.count() - 1))
        self._show_count()
        if self.field.text().strip():
            self._emit_search()

    def show_hits(self, query: str, hits: list) -> None:
        self.query = query
        self.hits = list(hits)
        if self.field.text().strip() != query and not self.in_library():  # the library's query stays
            self.field.setText(query)
        self.results.blockSignals(True)
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(hit_text(hit))
            item.setData(HIT_ROLE, hit)
            item.setData(HTML_ROLE, hit_html(hit, query))
            self.results.addItem(item)
        self.results.blockSignals(False)
        self._show_count()

    def _show_count(self) -> None:
        if self.in_library():
            return  # the library's results say their own count
        if not self.query:
            self.count.setText("")
        elif not self.hits:
            self.count.setText(tr("search.none", query=self.query))
        elif len(self.hits) == 1:
            self.count.setText(tr("search.result_one"))
        else:
            self.count.setText(tr("search.results", count=len(self.hits)))

    def result_texts(self) -> list[str]:
        return [self.results.item(i).text() for i in range(self.results.count())]

    def select(self, index: int) -> None:
        if 0 <= index < self.results.count():
            self.results.setCurrentRow(index)

    def step(self, delta: int) -> None:
        n = self.results.count()
        if n:
            row = self.results.currentRow()
            self.select((row + delta) % n if row >= 0 else (0 if delta > 0 else n - 1))

    def _current_changed(self, item, _previous) -> None:
        if item is not None:
            self.hitActivated.emit(item.data(HIT_ROLE))

    def _activated(self, item) -> None:
        if item is not None:
            self.hitActivated.emit(item.data(HIT_ROLE))
