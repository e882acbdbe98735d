"""The page view: one page or a two-page spread, zoomed and panned, drawn
through ``paint_page`` into cached images at device pixels.

Pages are rendered whole while the image stays within ``FULL_LIMIT_PX``;
beyond that (deep zoom) only the visible part plus a margin is rendered.
While an exact image is missing (during a zoom or resize) a cached image of
the page at another scale is drawn scaled and the exact one follows a moment
later. Idle time renders the neighbouring pages so a page turn does not wait.

Hover, the opened article and the keyboard focus are drawn over the cached
image in page coordinates (the article regions in points, mapped through the
zoom); search hits are part of the rendered image (PaintOptions.search_hits).
"""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (QAccessible, QAccessibleEvent, QColor, QImage, QPainter, QPainterPath, QPalette, QPen,
                           QPolygonF)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from ..layout.values import PageLayout
from ..render.paint import PaintOptions, paint_page, render_image
from ..render.scan_decode import decode_failed, decode_key, keep_decoded, start_decode
from .i18n import tr
from .messages import shown_error

IMAGE_CACHE_ITEMS = 4  # decoded photos kept between renders (see trim_image_caches)
FULL_LIMIT_PX = 14_000_000  # render whole pages up to ~56 MB images
CACHE_BYTES = 112 * 1024 * 1024  # about 8 pages at fit width on a 1920x1080 screen
ZOOM_MIN, ZOOM_MAX = 0.1, 8.0  # logical pixels per point

HOVER_TINT = QColor(255, 238, 170)  # multiplied over the page: text stays black
SELECT_TINT = QColor(255, 220, 120)
FOCUS_COLOR = QColor("#1A5FB4")
HIT_COLOR = QColor("#D01010")


class RenderCache:
    """Rendered page images, least recently used first out, bounded in bytes."""

    def __init__(self, max_bytes: int = CACHE_BYTES):
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple, QImage] = OrderedDict()
        self.bytes = 0

    def get(self, key: tuple) -> QImage | None:
        img = self._items.get(key)
        if img is not None:
            self._items.move_to_end(key)
        return img

    def put(self, key: tuple, img: QImage) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._items[key] = img
        self.bytes += img.sizeInBytes()
        self._evict(0, keep=1)

    def make_room(self, nbytes: int) -> None:
        """Drop the oldest images so that one of ``nbytes`` more stays within
        the bound: a page about to be rendered never adds its size to a full
        cache, even for a moment."""
        self._evict(nbytes, keep=0)

    def _evict(self, nbytes: int, keep: int) -> None:
        """Oldest first, until ``nbytes`` more fit or only ``keep`` images are left."""
        while len(self._items) > keep and self.bytes + nbytes > self.max_bytes:
            _, dropped = self._items.popitem(last=False)
            self.bytes -= dropped.sizeInBytes()

    def find(self, pred) -> list[tuple[tuple, QImage]]:
        return [(k, v) for k, v in self._items.items() if pred(k)]

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[tuple]:
        return list(self._items)


def _q(scale: float) -> float:
    return round(scale, 4)


def trim_image_caches(limit: int = IMAGE_CACHE_ITEMS) -> None:
    """Keep few decoded photos between renders: the view draws its cached
    page images, so a photo is only needed again when a page is re-rendered
    (a zoom of the same page still finds its own)."""
    from ..render import paint

    if len(paint.image_cache) > limit:
        paint.image_cache.clear()


class PageView(QAbstractScrollArea):
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

    MARGIN = 16
    GAP = 12

    def __init__(self, parent=None):
        super().__init__(parent)
        self.doc = None
        self._numbers: list[int] = []
        self._groups: list[list[int]] = []
        self._group = 0
        self._current = 0
        self._spread = False
        self._mode = "fit_page"
        self._zoom = 1.0
        self._hover: tuple[int, str] | None = None
        self._ocr_overlay = False
        self._selected: str | None = None
        self._focus: tuple[int, str] | None = None
        self._hits: dict[int, tuple] = {}
        self._current_hit: tuple[int, tuple] | None = None
        self._press: QPoint | None = None
        self._press_scroll = (0, 0)
        self._dragging = False
        self._force_exact = False
        self.prerender_enabled = True
        self.cache = RenderCache()
        self.last_render_ms = 0.0
        self._failed_pages: set[int] = set()
        # page scans are decoded in the background (a 6000 x 9000 px scan takes
        # longer than a page turn may): the page shows at once on paper, and
        # again with its scan when the decode is done
        self.async_scans = True
        self._interim: dict[int, tuple[tuple, QImage]] = {}  # page -> (its exact key, the image without its scan)
        self._decoding: dict[tuple, tuple[object, set[int]]] = {}  # (path, pdf page, scale) -> (future, pages)
        self._decode_timer = QTimer(self, interval=15)
        self._decode_timer.timeout.connect(self._collect_decodes)

        self._exact_timer = QTimer(self, singleShot=True, interval=90)
        self._exact_timer.timeout.connect(self._paint_exact)
        self._prerender_timer = QTimer(self, singleShot=True, interval=150)
        self._prerender_timer.timeout.connect(self._prerender_step)

        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.horizontalScrollBar().setSingleStep(40)
        self.verticalScrollBar().setSingleStep(40)
        self.setAccessibleName(tr("page.view.name"))

    # ------------------------------------------------------------ document
    def set_document(self, doc, page: int | None = None) -> None:
        self.doc = doc
        self.cache.clear()
        self._numbers = list(doc.numbers) if doc else []
        self._hits = {}
        self._current_hit = None
        self._selected = None
        self._hover = None
        self._focus = None
        self._make_groups()
        self._current = 0
        if self._numbers:
            self.set_page(page if page in self._numbers else self._numbers[0], force=True)
        else:
            self._relayout()

    def _make_groups(self) -> None:
        nums = self._numbers
        if not nums:
            self._groups = []
        elif not self._spread:
            self._groups = [[n] for n in nums]
        else:
            # the front page alone, then facing pages: even left, odd right
            self._groups = [[nums[0]]] + [nums[i:i + 2] for i in range(1, len(nums), 2)]

    # ------------------------------------------------------------ pages
    @property
    def current_page(self) -> int:
        return self._current

    def visible_pages(self) -> list[int]:
        return list(self._groups[self._group]) if self._groups else []

    @property
    def spread(self) -> bool:
        return self._spread

    def set_spread(self, on: bool) -> None:
        if on == self._spread:
            return
        self._spread = on
        self._make_groups()
        if self._numbers:
            self.set_page(self._current or self._numbers[0], force=True)

    def set_page(self, number: int, force: bool = False) -> bool:
        if number not in self._numbers:
            return False
        gi = next(i for i, g in enumerate(self._groups) if number in g)
        changed = gi != self._group or force or number != self._current
        new_group = gi != self._group or force
        self._group = gi
        self._current = number
        if new_group:
            self._hover = None
            self._focus = None
            self.setAccessibleDescription(self._page_description())
            self._relayout()
            self.horizontalScrollBar().setValue(0)
            self.verticalScrollBar().setValue(0)
        if changed:
            self.pageChanged.emit(number)
            self.viewport().update()
            self._schedule_prerender()
        return changed

    def next_page(self) -> bool:
        if self._group + 1 < len(self._groups):
            return self.set_page(self._groups[self._group + 1][0])
        return False

    def prev_page(self) -> bool:
        if self._group > 0:
            return self.set_page(self._groups[self._group - 1][0])
        return False

    def first_page(self) -> bool:
        return bool(self._numbers) and self.set_page(self._numbers[0])

    def last_page(self) -> bool:
        return bool(self._numbers) and self.set_page(self._groups[-1][0])

    def _page_description(self) -> str:
        if not self.doc or not self._current:
            return ""
        page = self.doc.page(self._current)
        return self.doc.caption(self._current, "desc", count=len(page.articles) if page else 0)

    def retranslate(self) -> None:
        self.setAccessibleName(tr("page.view.name"))
        if self._focus is None:
            self.setAccessibleDescription(self._page_description())

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
            x0 = min(r[0] for r in rects)
            y0 = min(r[1] for r in rects)
            x1 = max(r[2] for r in rects)
            y1 = max(r[3] for r in rects)
            self.ensure_visible(page, (x0, y0, x1, y1), center=True)
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
                    self.ensure_visible(n, _bounds(art.regions))
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
                self.ensure_visible(page, _bounds(art.regions))
            # screen readers: the focused article's headline is the view's description
            self.setAccessibleDescription(tr("page.view.focus", headline=headline.replace("\n", " ")))
        else:
            self.setAccessibleDescription(self._page_description())
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

    # ------------------------------------------------------------ rendering
    def _options(self, n: int) -> PaintOptions:
        return PaintOptions(search_hits=self._hits.get(n, ()), ocr_overlay=self._ocr_overlay)

    def _key(self, n: int, scale: float, region=None) -> tuple:
        return (n, _q(scale), self._hits.get(n, ()), region, self._ocr_overlay)

    @property
    def ocr_overlay(self) -> bool:
        return self._ocr_overlay

    def set_ocr_overlay(self, on: bool) -> None:
        """Show a scanned page's OCR words over its scan (View > OCR text)."""
        if on != self._ocr_overlay:
            self._ocr_overlay = on
            self.viewport().update()

    def render_page(self, page: PageLayout, scale: float, wait: bool = False) -> QImage:
        """The whole page at ``scale`` device pixels per point (cached). A
        scan not decoded yet is decoded in the background unless ``wait``:
        meanwhile the page is drawn on paper (not cached as exact)."""
        key = self._key(page.number, scale)
        img = self.cache.get(key)
        if img is not None:
            return img
        interim = self._interim.get(page.number)
        if interim is not None and interim[0] == key and not wait and self._decoding_page(page.number):
            return interim[1]
        t = time.perf_counter()
        pending = [] if self.async_scans and not wait else None
        options = dataclasses.replace(self._options(page.number), pending=pending)
        self.cache.make_room(round(page.width_pt * scale) * round(page.height_pt * scale) * 4)
        img = render_image(page, dpi=scale * 72.0, options=options)
        self.last_render_ms = (time.perf_counter() - t) * 1000
        if pending:
            self._interim[page.number] = (key, img)
            self._decode_later(page.number, pending)
            return img
        self._interim.pop(page.number, None)
        self.cache.put(key, img)
        trim_image_caches()
        self.pageRendered.emit(page.number, img)
        return img

    # ---- scans decoded in the background
    def _decoding_page(self, n: int) -> bool:
        return any(n in pages for _, pages in self._decoding.values())

    def _decode_later(self, n: int, pending) -> None:
        for item, device_scale in pending:
            # one decode a size: the sizes a scan is decoded at are few (halvings)
            key = decode_key(item, device_scale)
            entry = self._decoding.get(key)
            if entry is None:
                self._decoding[key] = (start_decode(item, device_scale), {n})
            else:
                entry[1].add(n)
        if not self._decode_timer.isActive():
            self._decode_timer.start()

    def _collect_decodes(self) -> None:
        done = [k for k, (fut, _) in self._decoding.items() if fut.done()]
        pages: set[int] = set()
        for k in done:
            fut, ns = self._decoding.pop(k)
            pages |= ns
            keep_decoded(k, fut)
        ready = [n for n in pages if not self._decoding_page(n)]
        for n in ready:
            self._interim.pop(n, None)
        # the pages that waited, rendered now while their scans are in memory
        # (trim_image_caches may drop those before the next paint)
        scale = self._zoom * self.devicePixelRatioF()
        for n in ready:
            page = self.doc.cached_page(n) if self.doc else None
            if page is not None and page.width_pt * page.height_pt * scale * scale <= FULL_LIMIT_PX:
                self.render_page(page, scale)
        if not self._decoding:
            self._decode_timer.stop()
        if done:
            self.viewport().update()
            if not self._decoding:
                self.scansDecoded.emit()

    def decode_soon(self, n: int, item) -> None:
        """Start decoding page ``n``'s scan (``item``) for the current zoom
        before the page is laid out: reading its words and decoding its scan
        then go side by side."""
        if item is None or not self.async_scans or decode_failed(item):
            return
        self._decode_later(n, [(item, self._zoom * self.devicePixelRatioF())])

    def wait_for_scans(self, timeout_s: float = 60.0) -> None:
        """Finish the background decodes now (screenshots, tests, benchmarks)."""
        deadline = time.perf_counter() + timeout_s
        while self._decoding and time.perf_counter() < deadline:
            for fut, _ in list(self._decoding.values()):
                try:
                    fut.result(timeout=max(0.0, deadline - time.perf_counter()))
                except Exception:  # noqa: BLE001 - collected below
                    pass
            self._collect_decodes()

    def _render_region(self, page: PageLayout, scale: float, region: QRect) -> QImage:
        t = time.perf_counter()
        img = QImage(region.width(), region.height(), QImage.Format.Format_RGB32)
        img.fill(QColor("#FFFFFF"))
        p = QPainter(img)
        p.translate(-region.x(), -region.y())
        p.scale(scale, scale)
        p.setClipRect(QRectF(region.x() / scale, region.y() / scale, region.width() / scale, region.height() / scale))
        paint_page(p, page, self._options(page.number))
        p.end()
        self.last_render_ms = (time.perf_counter() - t) * 1000
        self.cache.put(self._key(page.number, scale, (region.x(), region.y(), region.width(), region.height())), img)
        trim_image_caches()
        return img

    def _fallback(self, n: int) -> QImage | None:
        hits = self._hits.get(n, ())
        found = self.cache.find(lambda k: k[0] == n and k[2] == hits and k[3] is None and k[4] == self._ocr_overlay)
        if not found:
            return None
        return max(found, key=lambda kv: kv[0][1])[1]

    def _draw_page(self, p: QPainter, page: PageLayout, rect: QRectF, clip: QRectF) -> bool:
        """Draw one page into ``rect`` (viewport px); True when drawn at the exact scale."""
        dpr = self.devicePixelRatioF()
        scale = self._zoom * dpr
        full_px = page.width_pt * scale * page.height_pt * scale
        if full_px <= FULL_LIMIT_PX:
            key = self._key(page.number, scale)
            img = self.cache.get(key)
            if img is None:
                fallback = None if self._force_exact else self._fallback(page.number)
                if fallback is not None:
                    p.drawImage(rect, fallback)
                    self._exact_timer.start()
                    return False
                img = self.render_page(page, scale)
            p.drawImage(QRectF(rect.topLeft(), QSize(img.width(), img.height()) / dpr), img)
            return self.cache.get(key) is img
        # deep zoom: only the visible part
        vis = rect.intersected(clip)
        if vis.isEmpty():
            return True
        dev = QRectF((vis.x() - rect.x()) * dpr, (vis.y() - rect.y()) * dpr, vis.width() * dpr, vis.height() * dpr)
        hits = self._hits.get(page.number, ())
        q = _q(scale)
        for k, img in self.cache.find(lambda k: k[0] == page.number and k[1] == q and k[2] == hits and k[3]
                                      and k[4] == self._ocr_overlay):
            x, y, w, h = k[3]
            if QRectF(x, y, w, h).contains(dev):
                self.cache.get(k)
                p.drawImage(QRectF(rect.x() + x / dpr, rect.y() + y / dpr, w / dpr, h / dpr), img)
                return True
        fallback = None if self._force_exact else self._fallback(page.number)
        if fallback is not None:
            p.drawImage(rect, fallback)
            self._exact_timer.start()
            return False
        vp = self.viewport().size()
        mx, my = vp.width() * dpr * 0.5, vp.height() * dpr * 0.5
        full_w, full_h = page.width_pt * scale, page.height_pt * scale
        region = QRectF(dev.x() - mx, dev.y() - my, dev.width() + 2 * mx, dev.height() + 2 * my)
        region = region.intersected(QRectF(0, 0, full_w, full_h)).toAlignedRect()
        img = self._render_region(page, scale, region)
        p.drawImage(QRectF(rect.x() + region.x() / dpr, rect.y() + region.y() / dpr, region.width() / dpr,
                           region.height() / dpr), img)
        return True

    def _paint_exact(self) -> None:
        self._force_exact = True
        try:
            self.viewport().repaint()
        finally:
            self._force_exact = False

    def finish_rendering(self) -> None:
        """Draw every visible page at its exact scale now (for screenshots and tests)."""
        self._exact_timer.stop()
        self._paint_exact()
        if self._decoding:
            self.wait_for_scans()
            self._paint_exact()

    def paintEvent(self, event) -> None:
        p = QPainter(self.viewport())
        clip = QRectF(event.rect())
        p.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Dark))
        exact = True
        drawn = []
        for n, rect in self.page_rects():
            if not rect.intersects(clip):
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

    # ------------------------------------------------------------ pre-rendering
    def _schedule_prerender(self) -> None:
        if self.prerender_enabled and not self._prerender_timer.isActive():
            self._prerender_timer.start()

    def prerender_candidates(self) -> list[int]:
        out = []
        for d in (1, -1, 2):
            gi = self._group + d
            if 0 <= gi < len(self._groups):
                out += self._groups[gi]
        return out

    def _prerender_step(self) -> None:
        """Render one neighbouring page at the current scale; called when idle."""
        if not self.doc or not self.isVisible():
            return
        if any(self._decoding_page(n) for n in self.visible_pages()):
            self._prerender_timer.start()  # the scans shown now first: two cores do not decode three at once
            return
        scale = self._zoom * self.devicePixelRatioF()
        for n in self.prerender_candidates():
            if self.cache.get(self._key(n, scale)) is not None or self._decoding_page(n):
                continue
            w, h = self._page_size_pt(n)
            if w * h * scale * scale > FULL_LIMIT_PX:
                return
            page = self.doc.page(n)
            if page is None:
                continue
            self.render_page(page, scale)
            self._prerender_timer.start(0)  # one page per idle turn
            return

    def stop_background(self) -> None:
        self._prerender_timer.stop()
        self._exact_timer.stop()

    def prerender_now(self) -> None:
        """Render every neighbour now (benchmarks)."""
        scale = self._zoom * self.devicePixelRatioF()
        for n in self.prerender_candidates():
            page = self.doc.page(n)
            if page is not None and page.width_pt * page.height_pt * scale * scale <= FULL_LIMIT_PX:
                self.render_page(page, scale, wait=True)

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

    def sizeHint(self) -> QSize:
        return QSize(800, 1000)


def _bounds(regions) -> tuple[float, float, float, float]:
    bs = [r.bounds for r in regions]
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _region_path(regions) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for reg in regions:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in reg.points]))
        path.closeSubpath()
    return path
