"""Pictures of pages kept in the layout cache (``viewer.issue.cache``):
the page a window opens at, and the thumbnails of the page strip. A
picture is stored as PNG under a key naming its page group's layout, its
size and the painter, so a changed page, program, font or size is drawn
again; one that does not read back at its size is never shown."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, qVersion
from PySide6.QtGui import QImage, QImageReader


def entry(issue, number: int, size: tuple[int, ...], kind: str = "picture"):
    """(store, name, key) of the picture of page ``number`` of ``kind``
    at ``size`` pixels (the width alone for a thumbnail; none for the page
    a window opens at, kept once at whatever size it was shown), or None
    when the issue's layouts are not kept."""
    from ..issue.cache import picture_entry

    try:
        return picture_entry(issue, number, size, f"qt {qVersion()}", kind)
    except Exception:  # noqa: BLE001 (no picture kept: the page is drawn)
        return None


def read(where, width: int | None, height: int | None = None, max_pixels: int = 0) -> QImage | None:
    """The picture kept at ``where`` (an ``entry``), when it is a PNG of
    ``width`` (and ``height``) pixels, or with ``width`` None of any size
    up to ``max_pixels``; nothing larger is decoded."""
    if where is None:
        return None
    store, name, key = where
    data = store.read_bytes(name, key)
    if not data:
        return None
    buf = QBuffer()
    buf.setData(QByteArray(data))
    reader = QImageReader(buf, b"png")
    size = reader.size()  # the header only
    if width is None:
        if size.width() < 1 or size.width() * size.height() > max_pixels:
            return None
    elif size.width() != width or (height is not None and size.height() != height):
        return None
    if size.height() > 8 * size.width():
        return None
    img = reader.read()
    if img.isNull() or img.size() != size:
        return None
    return img.convertToFormat(QImage.Format.Format_RGB32)


def keep(where, img: QImage) -> bool:
    """Store ``img`` at ``where`` (an ``entry``)."""
    if where is None:
        return False
    from ..render.png import png_bytes

    data = png_bytes(img)
    if data is None:
        return False
    store, name, key = where
    return store.write_bytes(name, key, data)

