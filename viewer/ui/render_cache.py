"""Rendered page images for the page view: the cache that keeps them,
rendering into it, and drawing a page from it.

Pages are rendered whole while the image stays within ``FULL_LIMIT_PX``;
beyond that (deep zoom) only the visible part plus a margin is rendered. A
page's search hits and the OCR overlay are part of its image, and of its
cache key. While an exact image is missing (during a zoom or resize) a
cached image of the page at another scale is drawn scaled and the exact one
follows a moment later. Idle time renders the neighbouring pages so a page
turn does not wait.

The page an issue opens at is kept as a picture in the layout cache
(``kept_pictures``) once it has been drawn: the next opening of the issue
at the same size shows it without drawing, the same pixels, and draws the
other pages as they are needed.
"""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict

from PySide6.QtCore import QCoreApplication, QRect, QRectF, QSize, QTimer
from PySide6.QtGui import QColor, QImage, QPainter

from ..layout.values import PageLayout
from . import kept_pictures

IMAGE_CACHE_ITEMS = 4  # decoded photos kept between renders (see trim_image_caches)
FULL_LIMIT_PX = 14_000_000  # render whole pages up to ~56 MB images
CACHE_BYTES = 112 * 1024 * 1024  # about 8 pages at fit width on a 1920x1080 screen


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


class RenderingMixin:
    """The page view's page images (mixed into PageView): rendered at
    ``scale`` device pixels a point into ``self.cache``, whole or a region
    of a deep zoom, drawn from there, and the neighbouring pages
    pre-rendered when idle."""

    def _init_rendering(self) -> None:
        self._force_exact = False
        self._exact_timer = QTimer(self, singleShot=True, interval=90)
        self._exact_timer.timeout.connect(self._paint_exact)
        self._ocr_overlay = False
        self.prerender_enabled = True
        self.cache = RenderCache()
        self.last_render_ms = 0.0
        self._prerender_timer = QTimer(self, singleShot=True, interval=150)
        self._prerender_timer.timeout.connect(self._prerender_step)
        self._picture_page: int | None = None  # the page whose picture is kept in the layout cache
        self._picture_step = "done"  # "read": the kept picture is asked for; "keep": the drawn one is kept
        self._picture_pending = None  # (entry, image) to write when idle, or at the latest when the program ends
        self._kept_image = None  # the picture read for the page the document opens at, until it is drawn
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._write_picture)

    # ------------------------------------------------------------ the picture kept of the first page
    def keep_picture_of(self, number: int | None) -> None:
        """Keep the picture of page ``number`` (the page a document opens
        at) in the layout cache, and show it from there when it is kept."""
        self._picture_page = number
        self._picture_step = "read"

    def _picture_entry(self, n: int):
        """Where page ``n``'s picture is kept (a ``kept_pictures.entry``),
        while one is to be read or kept for it, else None. One picture is
        kept of the page, whatever its size: it is shown only at its size."""
        if (self._picture_step == "done" or n != self._picture_page or self._hits.get(n)
                or self._ocr_overlay or self.doc is None):
            return None
        return kept_pictures.entry(self.doc.source, n, ())

    @staticmethod
    def _pixels(width_pt: float, height_pt: float, scale: float) -> tuple[int, int]:
        """A page's whole image at ``scale``, in device pixels."""
        return max(1, round(width_pt * scale)), max(1, round(height_pt * scale))

    def _show_kept_picture(self) -> None:
        """Before the page the document opens at is laid out: when a picture
        of it is kept, hold it, and let the page's layout wait until the
        picture is on screen (a scanned page's thousands of words are read
        back after, not before). The window may not have its size yet: the
        picture is shown only if the page is drawn at the picture's size."""
        n = self._picture_page
        self._kept_image = None
        if (self._picture_step != "read" or n not in self.visible_pages() or self.doc.cached_page(n) is not None):
            return
        img = kept_pictures.read(self._picture_entry(n), None, max_pixels=FULL_LIMIT_PX)
        if img is not None:
            self._kept_image = img
            self.doc.lay_out_later(n)

    def _draw_kept(self, p: QPainter, n: int, rect: QRectF) -> bool:
        """Draw page ``n`` from its kept picture while its layout waits (a
        shadow under it, nothing over it); then lay it out. False when the
        picture is not of the size the page is shown at: the page is then
        laid out and drawn (and that picture kept)."""
        img, self._kept_image = self._kept_image, None
        if img is None or n != self._picture_page or self._picture_step != "read":
            return False
        dpr = self.devicePixelRatioF()
        scale = self._zoom * dpr
        if (img.width(), img.height()) != self._pixels(*self._page_size_pt(n), scale):
            return False
        self._picture_step = "done"
        self.cache.put(self._key(n, scale), img)
        self.pageRendered.emit(n, img)
        p.fillRect(rect.translated(3, 3), QColor(0, 0, 0, 60))
        p.drawImage(QRectF(rect.topLeft(), QSize(img.width(), img.height()) / dpr), img)
        QTimer.singleShot(0, self._lay_out_deferred)
        return True

    def _lay_out_deferred(self) -> None:
        """The page shown from its kept picture laid out, once that is on
        screen: its articles listed (pageReady), its hit areas there."""
        n = self._picture_page
        if self.doc is None or n is None or n not in self.visible_pages():
            return
        self.doc.page(n)  # nothing to do when something else laid it out first (pageReady describes it)
        self.viewport().update()

    def _write_picture(self) -> None:
        pending, self._picture_pending = self._picture_pending, None
        if pending is not None:
            where, img = pending
            kept_pictures.keep(where, img)

    # ------------------------------------------------------------ rendering
    def _options(self, n: int):
        from ..render.paint import PaintOptions

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
        picture = self._picture_entry(page.number)
        if picture is not None and self._picture_step == "read":
            self._picture_step = "keep"
            img = kept_pictures.read(picture, *self._pixels(page.width_pt, page.height_pt, scale))
            if img is not None:
                self._picture_step = "done"
                self.cache.put(key, img)
                self.pageRendered.emit(page.number, img)
                return img
        t = time.perf_counter()
        pending = [] if self.async_scans and not wait else None
        options = dataclasses.replace(self._options(page.number), pending=pending)
        self.cache.make_room(round(page.width_pt * scale) * round(page.height_pt * scale) * 4)
        from ..render.paint import render_image

        img = render_image(page, dpi=scale * 72.0, options=options)
        self.last_render_ms = (time.perf_counter() - t) * 1000
        if pending:
            self._interim[page.number] = (key, img)
            self._decode_later(page.number, pending)
            return img
        self._interim.pop(page.number, None)
        self.cache.put(key, img)
        trim_image_caches()
        if picture is not None:
            self._picture_step = "done"
            self._picture_pending = (picture, img)
            QTimer.singleShot(0, self._write_picture)  # after the page is on screen
        self.pageRendered.emit(page.number, img)
        return img

    def _render_region(self, page: PageLayout, scale: float, region: QRect) -> QImage:
        t = time.perf_counter()
        img = QImage(region.width(), region.height(), QImage.Format.Format_RGB32)
        img.fill(QColor("#FFFFFF"))
        p = QPainter(img)
        p.translate(-region.x(), -region.y())
        p.scale(scale, scale)
        p.setClipRect(QRectF(region.x() / scale, region.y() / scale, region.width() / scale, region.height() / scale))
        from ..render.paint import paint_page

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

    # ------------------------------------------------------------ drawing from the cache
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
