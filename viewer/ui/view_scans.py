"""The page view's background scan decodes. A page scan can take longer to
decode than a page turn may (a 6000 x 9000 px scan): the page shows at once
on paper, as an interim image that is not cached as exact, and again with
its scan when the decode is done (see render.scan_decode)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage

from .render_cache import FULL_LIMIT_PX


class ScanDecodesMixin:
    """Scans decoded in the background for the page view (mixed into
    PageView): started by ``render_page`` or ahead of the page's layout
    (``decode_soon``), collected on a timer, and the pages that waited for
    them rendered again."""

    def _init_scans(self) -> None:
        self.async_scans = True
        self._interim: dict[int, tuple[tuple, QImage]] = {}  # page -> (its exact key, the image without its scan)
        self._decoding: dict[tuple, tuple[object, set[int]]] = {}  # (path, pdf page, scale) -> (future, pages)
        self._decode_timer = QTimer(self, interval=15)
        self._decode_timer.timeout.connect(self._collect_decodes)

    def _decoding_page(self, n: int) -> bool:
        return any(n in pages for _, pages in self._decoding.values())

    def _decode_later(self, n: int, pending) -> None:
        from ..render.scan_decode import decode_key, start_decode

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
        from ..render.scan_decode import keep_decoded

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
        if item is None or not self.async_scans:
            return
        from ..render.scan_decode import decode_failed

        if decode_failed(item):
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
