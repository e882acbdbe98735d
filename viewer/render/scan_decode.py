"""Page scans decoded in the background, for a view that does not wait for
them (see PaintOptions.pending): which decode a scan needs at a scale, the
decode started on the decode threads, and its result taken into the
painter's image cache on the GUI thread."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from ..layout import images as image_io
from ..layout.values import ImageItem
from .paint import decode_pool, decode_scan_at, image_cache, scan_scale


def decode_key(item: ImageItem, device_scale: float) -> tuple:
    """(path, pdf page, scale of its full size) of the decode that serves
    ``item`` at ``device_scale`` pixels a point. The scales a scan is decoded
    at are few (halvings), so many device scales share one decode; when the
    file's header cannot be read the device scale stands in."""
    head = image_io.header_info(Path(item.path), item.pdf_page)
    size = scan_scale(item, head, device_scale) if head is not None and not head.error else device_scale
    return item.path, item.pdf_page, size


def start_decode(item: ImageItem, device_scale: float) -> Future:
    """Decode ``item`` for ``device_scale`` on the decode threads; hand the
    future to ``keep_decoded`` when it is done."""
    return decode_pool().submit(decode_scan_at, item, device_scale)


def keep_decoded(key: tuple, future: Future) -> None:
    """A finished decode (``key`` from ``decode_key``) into the image cache;
    a scan that could not be decoded is remembered as failed, and the page
    draws a placeholder for it (probe decides and says why)."""
    try:
        info, scale, img = future.result()
    except Exception:  # noqa: BLE001 - see above
        image_cache.failed.add((key[0], key[1]))
        return
    image_cache.put_decoded(info, scale, img)


def decode_failed(item: ImageItem) -> bool:
    """Whether a background decode of ``item``'s file has failed before."""
    return (item.path, item.pdf_page) in image_cache.failed
