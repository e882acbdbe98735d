"""Pages of PDF files drawn as what they are: vectors, rendered by MuPDF at
the resolution of the device and only where the device shows them, so a
publisher's page is sharp at any zoom (an ImageItem of kind "pdf").

Documents are opened from their bytes (a regular file only, as every file
Herald reads) and kept open, a few at a time; MuPDF is called under one
lock, since a document is not to be used from two threads at once.
Rendered pieces are kept, bounded in bytes, for repaints at the same size.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter, QTransform

from ..layout import images as image_io

_lock = threading.RLock()
_docs: OrderedDict[tuple[str, float], object] = OrderedDict()
MAX_DOCS = 6
_pieces: OrderedDict[tuple, QImage] = OrderedDict()
_bytes = 0
MAX_BYTES = 96 * 1024 * 1024
failed: set[tuple[str, int]] = set()  # (path, page) that could not be drawn
_T = QTransform.TransformationType
_SCALES = (_T.TxNone, _T.TxTranslate, _T.TxScale)


def _document(path: str):
    from ..model.load import read_regular
    from ..mupdf import load_pymupdf

    key = (path, Path(path).stat().st_mtime)
    doc = _docs.get(key)
    if doc is None:
        pymupdf = load_pymupdf()
        doc = pymupdf.open(stream=read_regular(Path(path)), filetype="pdf")
        _docs[key] = doc
        while len(_docs) > MAX_DOCS:
            _docs.popitem(last=False)[1].close()
    else:
        _docs.move_to_end(key)
    return doc


def _keep(key, img: QImage) -> None:
    global _bytes
    _pieces[key] = img
    _bytes += img.sizeInBytes()
    while _bytes > MAX_BYTES and len(_pieces) > 1:
        _bytes -= _pieces.popitem(last=False)[1].sizeInBytes()


def render_piece(path: str, page_no: int, src: tuple[float, float, float, float], k: float) -> QImage | None:
    """The part ``src`` (points of the PDF page, from its top left) of a
    page at ``k`` pixels a point; None when the page cannot be drawn."""
    key = (path, page_no, tuple(round(v, 2) for v in src), round(k, 4))
    with _lock:
        img = _pieces.get(key)
        if img is not None:
            _pieces.move_to_end(key)
            return img
        if (path, page_no) in failed:
            return None
        try:
            from ..mupdf import load_pymupdf

            pymupdf = load_pymupdf()
            doc = _document(path)
            page = doc[page_no]
            x0, y0 = page.rect.x0, page.rect.y0
            clip = pymupdf.Rect(src[0] + x0, src[1] + y0, src[2] + x0, src[3] + y0)
            pix = page.get_pixmap(matrix=pymupdf.Matrix(k, k), clip=clip, alpha=False)
            # copied once, from MuPDF's own buffer (samples would copy it a first time)
            img = QImage(pix.samples_mv, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888).copy()
        except Exception:
            failed.add((path, page_no))
            return None
        _keep(key, img)
        return img


def draw_pdf_page(p: QPainter, item, device_scale: float, clip: QRectF | None) -> bool:
    """Draw an ImageItem of kind "pdf" (its ``crop`` in the PDF page's
    points) at ``device_scale`` pixels a point, the visible part only.
    False when it cannot be drawn (the caller draws a placeholder)."""
    x0, y0, x1, y1 = item.rect
    cx0, cy0, cx1, cy1 = item.crop
    if x1 <= x0 or y1 <= y0 or cx1 <= cx0 or cy1 <= cy0:
        return False
    vx0, vy0, vx1, vy1 = x0, y0, x1, y1
    if clip is not None:
        vx0, vy0 = max(x0, clip.left()), max(y0, clip.top())
        vx1, vy1 = min(x1, clip.right()), min(y1, clip.bottom())
        if vx0 >= vx1 or vy0 >= vy1:
            return True  # nothing of it shows
    sx, sy = (cx1 - cx0) / (x1 - x0), (cy1 - cy0) / (y1 - y0)  # PDF points per page point
    src = (cx0 + (vx0 - x0) * sx, cy0 + (vy0 - y0) * sy, cx0 + (vx1 - x0) * sx, cy0 + (vy1 - y0) * sy)
    k = device_scale / sx
    area = (src[2] - src[0]) * (src[3] - src[1]) * k * k
    if area > image_io.IMAGE_LIMIT_PX:
        k *= math.sqrt(image_io.IMAGE_LIMIT_PX / area)
    img = render_piece(item.path, item.pdf_page or 0, src, k)
    if img is None:
        return False
    target = QRectF(vx0, vy0, vx1 - vx0, vy1 - vy0)
    t = p.deviceTransform()
    if isinstance(p.device(), QImage) and t.type() in _SCALES and t.m11() > 0 and t.m22() > 0:
        dev = t.mapRect(target)
        w, h = round(dev.width()), round(dev.height())
        if abs(w - img.width()) <= 1 and abs(h - img.height()) <= 1:
            # a pixel of the piece to a pixel of the image (MuPDF rounds the piece's size, so it may be one
            # pixel larger or smaller): copied, not scaled (a smooth scaling of a page is 5-10 times slower)
            p.save()
            p.resetTransform()
            p.drawImage(QPointF(round(dev.left()), round(dev.top())), img,
                        QRectF(0, 0, min(w, img.width()), min(h, img.height())))
            p.restore()
            return True
    p.drawImage(target, img, QRectF(0, 0, img.width(), img.height()))
    return True


def clear() -> None:
    global _bytes
    with _lock:
        _pieces.clear()
        _bytes = 0
        failed.clear()
