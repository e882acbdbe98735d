"""版面导航: a strip of page thumbnails with each page's number and section,
and 本版标题: the list of the current page's articles."""

from __future__ import annotations

import re
from collections import OrderedDict

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

from . import kept_pictures
from .i18n import tr
from .render_cache import trim_image_caches

THUMB_WIDTH = 96
# thumbnails kept (about 50 KB each): beyond, those least recently in view go
# back to blank and are painted again when they come into view, so that the
# strip's memory does not grow with the page count
MAX_THUMBNAILS = 32
PAGE_ROLE = Qt.ItemDataRole.UserRole
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 1


def readable_heading(text: str) -> bool:
    """Whether the first line of a scanned text block reads as words: two
    of three letters or more (OCR reads stray marks as "W a 2 7")."""
    return sum(1 for w in re.findall(r"\w+", text) if sum(ch.isalpha() for ch in w) >= 3) >= 2 or \
        sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 2


class ThumbnailStrip(QListWidget):
    """One item per page; thumbnails are painted when the event loop is idle."""

    pageRequested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.doc = None
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # both pages of a spread
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pending: list[int] = []
        self._by_page: dict[int, QListWidgetItem] = {}  # a lookup per pending page: not a scan of every item
        self._shown: OrderedDict[int, None] = OrderedDict()  # pages with a thumbnail, least recently in view first
        self._dropped: set[int] = set()  # pages whose thumbnail was let go: painted again when in view
        self._blank: QIcon | None = None
        self._then = None  # called once every pending thumbnail is drawn
        self.verticalScrollBar().valueChanged.connect(self._in_view_again)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._render_next)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)
        self.setAccessibleName(tr("dock.pages"))

    def _icon_size(self) -> QSize:
        return QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.4))

    def set_document(self, doc) -> None:
        self.doc = doc
        self.clear()
        self._by_page = {}
        self._pending = []
        self._then = None
        self._shown.clear()
        self._dropped.clear()
        if doc is None:
            return
        size = self._icon_size()
        self.setIconSize(size)
        self.setGridSize(QSize(size.width() + 24, size.height() + 40))
        self.setMinimumWidth(size.width() + 48)
        blank = QPixmap(size)
        blank.fill(QColor("#F4F4F4"))
        self._blank = QIcon(blank)
        for n in doc.numbers:
            item = QListWidgetItem(self._blank, self._label(n))
            item.setData(PAGE_ROLE, n)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setToolTip(doc.caption(n))
            self.addItem(item)
            self._by_page[n] = item
        self._pending = list(doc.numbers)
        # painted once the window has shown its first page (the window calls start then)

    def _label(self, n: int) -> str:
        return self.doc.caption(n) if self.doc else ""

    def retranslate(self) -> None:
        self.setAccessibleName(tr("dock.pages"))
        for i in range(self.count()):
            item = self.item(i)
            n = item.data(PAGE_ROLE)
            item.setText(self._label(n))
            item.setToolTip(item.text())

    def start(self, then=None) -> None:
        """Paint the pending thumbnails when idle; ``then`` is called once
        they are all drawn (the window's background layout waits for them:
        what the reader sees first)."""
        if then is not None:
            self._then = then
        if self._pending:
            self._timer.start()
        else:
            self._all_drawn()

    def _all_drawn(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()

    def stop(self) -> None:
        self._timer.stop()

    def pending(self) -> list[int]:
        return list(self._pending)

    def _in_view(self, numbers) -> list[int]:
        area = self.viewport().rect()
        out = []
        for n in numbers:
            item = self._item(n)
            if item is not None and self.visualItemRect(item).intersects(area):
                out.append(n)
        return out

    def visible_pending(self) -> list[int]:
        """Pending pages whose items are in view."""
        return self._in_view(self._pending)

    def _in_view_again(self, *_args) -> None:
        """Pages in view again: kept longer, or painted again if let go."""
        for n in self._in_view(self._shown):
            self._shown.move_to_end(n)
        back = self._in_view(self._dropped)
        if back:
            self._dropped.difference_update(back)
            self._pending[:0] = [n for n in back if n not in self._pending]
            if self.doc is not None:
                self._timer.start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._in_view_again()

    def render_visible(self) -> None:
        for n in self.visible_pending():
            self._pending.remove(n)
            self.render_thumbnail(n)

    def _render_next(self) -> None:
        if not self._pending or self.doc is None:
            self._all_drawn()
            return
        visible = self.visible_pending()
        n = visible[0] if visible else self._pending[0]
        self._pending.remove(n)
        self.render_thumbnail(n)
        if self._pending:
            self._timer.start()
        else:
            self._all_drawn()

    def page_rendered(self, n: int, img: QImage) -> None:
        """Make the thumbnail from a page image the view has just rendered."""
        if (n in self._pending or n in self._dropped) and self._item(n) is not None:
            if n in self._pending:
                self._pending.remove(n)
            self._dropped.discard(n)
            dpr = self.devicePixelRatioF()
            small = img.scaledToWidth(round(self._icon_size().width() * dpr), Qt.TransformationMode.SmoothTransformation)
            self._set_icon(n, small)

    def render_thumbnail(self, n: int) -> None:
        """Paint page ``n``'s thumbnail, or show the one kept in the layout
        cache from an earlier opening (the same pixels)."""
        if self._item(n) is None:
            return
        width = round(self._icon_size().width() * self.devicePixelRatioF())
        where = kept_pictures.entry(self.doc.source, n, (width,), "thumb")
        img = kept_pictures.read(where, width)
        if img is None:
            page = self.doc.page(n, keep=False)  # displaces no layout the view uses
            if page is None:
                return
            from ..render.paint import render_image

            img = render_image(page, width_px=width)
            trim_image_caches()
            kept_pictures.keep(where, img)
        self._set_icon(n, img)

    def _set_icon(self, n: int, img: QImage) -> None:
        item = self._item(n)
        size = self._icon_size()
        dpr = self.devicePixelRatioF()
        img.setDevicePixelRatio(dpr)
        canvas = QImage(round(size.width() * dpr), round(size.height() * dpr), QImage.Format.Format_ARGB32_Premultiplied)
        canvas.setDevicePixelRatio(dpr)
        canvas.fill(Qt.GlobalColor.transparent)
        p = QPainter(canvas)
        h = min(size.height(), img.height() / dpr)
        p.drawImage(0, 0, img)
        p.setPen(QColor("#9A9A9A"))
        p.drawRect(0, 0, size.width() - 1, round(h) - 1)
        p.end()
        pm = QPixmap.fromImage(canvas)
        icon = QIcon(pm)
        icon.addPixmap(pm, QIcon.Mode.Selected)  # the page itself, not tinted by the selection colour
        item.setIcon(icon)
        self._shown[n] = None
        self._shown.move_to_end(n)
        self._let_go()

    def _let_go(self) -> None:
        """Back to blank the thumbnails beyond MAX_THUMBNAILS that are least
        recently in view (never one in view now)."""
        if len(self._shown) <= MAX_THUMBNAILS:
            return
        visible = set(self._in_view(self._shown))
        for n in list(self._shown):
            if len(self._shown) <= MAX_THUMBNAILS:
                break
            if n in visible:
                continue
            del self._shown[n]
            item = self._item(n)
            if item is not None and self._blank is not None:
                item.setIcon(self._blank)
                self._dropped.add(n)

    def _item(self, n: int) -> QListWidgetItem | None:
        return self._by_page.get(n)

    def set_current(self, numbers: list[int]) -> None:
        self.blockSignals(True)
        self.clearSelection()
        first = None
        for n in numbers:
            item = self._item(n)
            if item is not None:
                item.setSelected(True)
                first = first or item
        if first is not None:
            self.setCurrentItem(first)
            self.scrollToItem(first)
        self.blockSignals(False)

    def _clicked(self, item: QListWidgetItem) -> None:
        self.pageRequested.emit(item.data(PAGE_ROLE))


class ArticleList(QListWidget):
    """本版标题: the visible pages' articles in reading order; hovering an
    entry highlights the article on the page and the other way round."""

    articleRequested = Signal(str)
    articleHovered = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemEntered.connect(lambda item: self.articleHovered.emit(item.data(ARTICLE_ROLE)))
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)
        self._hover: str | None = None
        self.setAccessibleName(tr("dock.articles"))

    def set_pages(self, doc, numbers: list[int]) -> None:
        self.clear()
        self._hover = None
        if doc is None:
            return
        for n in numbers:
            if doc.deferred(n):
                continue  # listed when it is laid out (pageReady)
            page = doc.page(n)
            if len(numbers) > 1:
                head = QListWidgetItem(doc.caption(n, "header"))
                f = QFont(self.font())
                f.setBold(True)
                head.setFont(f)
                head.setFlags(Qt.ItemFlag.NoItemFlags)
                self.addItem(head)
            if page is None or not page.articles:
                empty = QListWidgetItem(tr("articles.none"))
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                self.addItem(empty)
                continue
            for art in page.articles:
                if art.kind == "block" and not readable_heading(art.headline):
                    continue  # OCR noise (a stray figure, a rule read as letters): still clickable on the page
                text = art.headline.replace("\n", " ")
                if art.continued:
                    text += tr("articles.continued")
                item = QListWidgetItem(text)
                item.setData(ARTICLE_ROLE, art.id)
                item.setData(PAGE_ROLE, n)
                item.setToolTip(text)
                self.addItem(item)

    def article_ids(self) -> list[str]:
        return [self.item(i).data(ARTICLE_ROLE) for i in range(self.count()) if self.item(i).data(ARTICLE_ROLE)]

    def item_for(self, article_id: str | None) -> QListWidgetItem | None:
        for i in range(self.count()):
            if article_id and self.item(i).data(ARTICLE_ROLE) == article_id:
                return self.item(i)
        return None

    def mark_hover(self, article_id: str | None) -> None:
        """Show the article hovered on the page."""
        if article_id == self._hover:
            return
        old = self.item_for(self._hover)
        if old is not None:
            old.setBackground(QColor(0, 0, 0, 0))
        self._hover = article_id
        item = self.item_for(article_id)
        if item is not None:
            item.setBackground(QColor(255, 230, 150))
            self.scrollToItem(item)

    def select_article(self, article_id: str | None) -> None:
        self.blockSignals(True)
        item = self.item_for(article_id)
        if item is None:
            self.clearSelection()
        else:
            self.setCurrentItem(item)
        self.blockSignals(False)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self.articleHovered.emit(None)

    def _chosen(self, item: QListWidgetItem) -> None:
        aid = item.data(ARTICLE_ROLE)
        if aid:
            self.articleRequested.emit(aid)
