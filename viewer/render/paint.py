"""paint_page: the one drawing function for screen, PNG, PDF and printer.

The painter's transform maps points to the device; everything is drawn in
points from the frozen layout. Glyphs are drawn as glyph runs at the
positions the layout chose, so every device shows the same lines.
"""

from __future__ import annotations

import functools
import math
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGlyphRun, QImage, QPainter, QPen, QRawFont

from ..fonts import ensure_app, role_font
from ..layout import images as image_io
from ..layout.setting import set_simple
from ..layout.values import ImageItem, PageLayout



@dataclass(frozen=True)
class PaintOptions:
    debug: bool = False  # overflow marks and frame outlines
    highlight_article: str | None = None
    focus_article: str | None = None
    search_hits: tuple = ()  # (x0, y0, x1, y1) rects in points
    background: str = "#FFFFFF"


RAW_PX = 100


@functools.cache
def _raw(role: str) -> QRawFont:
    """The role's font at RAW_PX pixels, from the font database.

    Runs of every size are drawn with this one font under a scaled
    transform: a QRawFont loaded from bytes, or resized with setPixelSize,
    draws nothing above 64 device pixels in Qt's raster engine, and
    QFont pixel sizes are whole numbers (10.5 pt would become 11)."""
    font = role_font(role)
    font.setPixelSize(RAW_PX)
    return QRawFont.fromFont(font)


class ImageCache:
    """Decoded images, least recently used first out, bounded in bytes.

    One copy per file: the painter draws from it on every device."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, float], QImage] = OrderedDict()
        self._bytes = 0

    def get(self, path: str) -> QImage | None:
        try:
            key = (path, Path(path).stat().st_mtime)
        except OSError:
            return None
        img = self._items.get(key)
        if img is not None:
            self._items.move_to_end(key)
            return img
        try:
            img = _decode(path, key[1])
        except Exception:
            return None  # the painter draws a placeholder
        self._put(key, img)
        return img

    def prefetch(self, paths) -> None:
        """Decode the files of ``paths`` not in the cache yet, side by side.

        Pillow lets go of the GIL while it inflates, so a page's photos
        decode in parallel on threads (the largest cost of showing a page
        for the first time); ``get`` then finds them."""
        todo = {}
        for path in paths:
            try:
                key = (path, Path(path).stat().st_mtime)
            except OSError:
                continue
            if key not in self._items:
                todo[key] = None
        if len(todo) < 2:
            return  # nothing to gain: get() decodes it
        futures = [(key, _decoder().submit(_decode, *key)) for key in todo]
        for key, fut in futures:
            try:
                img = fut.result()
            except Exception:
                continue  # get() tries again and the painter draws a placeholder
            self._put(key, img)

    def _put(self, key: tuple[str, float], img: QImage) -> None:
        self._items[key] = img
        self._bytes += img.sizeInBytes()
        while self._bytes > self.max_bytes and len(self._items) > 1:
            _, old = self._items.popitem(last=False)
            self._bytes -= old.sizeInBytes()

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0


@functools.cache
def _decoder():
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)), thread_name_prefix="herald-decode")


def _decode(path: str, mtime: float) -> QImage:
    """The file's pixels in an image Qt owns (thread-safe: no GUI objects)."""
    pil = image_io.load_rgb(path, mtime)
    if pil.mode == "RGBA":
        fmt, data = QImage.Format.Format_RGBA8888, pil.tobytes("raw", "RGBA")
    else:  # RGB: Pillow's own 4-byte pixels with X = 255, without a converted copy
        fmt, data = QImage.Format.Format_RGBX8888, pil.tobytes("raw", "RGBX")
    # Copy into an image Qt owns: the (bytes, w, h, ...) constructor can be
    # taken for the (fileName, format) one and then fails on the NUL bytes.
    img = QImage(pil.width, pil.height, fmt)
    view = img.bits()
    view[: len(data)] = data
    return img


image_cache = ImageCache()


SMALL_IMAGE_PX = 256


class SmallImages:
    """Copies of images at most SMALL_IMAGE_PX on their long side, for
    thumbnails: decoded once per file (JPEGs at reduced size), kept apart
    from the full-size cache so that trimming that one does not cost them."""

    def __init__(self, max_items: int = 512):
        self.max_items = max_items
        self._items: OrderedDict[tuple[str, float], tuple[QImage | None, float]] = OrderedDict()

    def get(self, path: str) -> tuple[QImage | None, float]:
        """(the small copy or None, its size over the original's)."""
        try:
            key = (path, Path(path).stat().st_mtime)
        except OSError:
            return None, 1.0
        hit = self._items.get(key)
        if hit is None:
            hit = self._items[key] = self._make(path)
            if len(self._items) > self.max_items:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return hit

    @staticmethod
    def _make(path: str) -> tuple[QImage | None, float]:
        try:
            from PIL import Image as PILImage

            with PILImage.open(path) as im:
                width = im.size[0]
                im.draft("RGB", (SMALL_IMAGE_PX, SMALL_IMAGE_PX))  # JPEG: decode at a reduced scale
                im = im.convert("RGBA") if im.mode in ("RGBA", "LA", "P") else im.convert("RGB")
                im.thumbnail((SMALL_IMAGE_PX, SMALL_IMAGE_PX))
            fmt = QImage.Format.Format_RGBA8888 if im.mode == "RGBA" else QImage.Format.Format_RGBX8888
            data = im.tobytes("raw", "RGBA" if im.mode == "RGBA" else "RGBX")
            img = QImage(im.width, im.height, fmt)
            img.bits()[: len(data)] = data
            return img, im.width / width
        except Exception:
            return None, 1.0


small_images = SmallImages()


def load_qimage(path: str) -> QImage | None:
    """The image's pixels, or None when it cannot be read (a placeholder is drawn)."""
    return image_cache.get(path)


def _pen(color: str, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setStyle(style)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _placeholder(p: QPainter, item: ImageItem) -> None:
    x0, y0, x1, y1 = item.rect
    r = QRectF(x0, y0, x1 - x0, y1 - y0)
    p.fillRect(r, QColor("#E4E4E4"))
    p.setPen(_pen("#9A9A9A", 0.8))
    p.drawRect(r)
    p.drawLine(QPointF(x0, y0), QPointF(x1, y1))
    p.drawLine(QPointF(x1, y0), QPointF(x0, y1))
    label = "图片缺失" if item.missing_reason else "占位图"
    size = max(8.0, min(24.0, (x1 - x0) / 10))
    line = set_simple(0, "label", "sans_bold", size, label, x0, (y0 + y1) / 2 - size, size * 2, width=x1 - x0,
                      align="center", color="#6A6A6A")
    if line is not None:
        p.fillRect(QRectF(line.bbox[0] - 4, line.bbox[1] - 2, line.bbox[2] - line.bbox[0] + 8, line.bbox[3] - line.bbox[1] + 4),
                   QColor("#E4E4E4"))
        _draw_line(p, line)


def _draw_line(p: QPainter, line) -> None:
    for run in line.runs:
        k = run.size_pt / RAW_PX
        if run.angle:
            _draw_turned(p, run, k)
            continue
        gr = QGlyphRun()
        gr.setRawFont(_raw(run.role))
        gr.setGlyphIndexes(memoryview(run.glyph_data).cast("I").tolist())
        it = iter(memoryview(run.xy).cast("d"))
        gr.setPositions([QPointF(x / k, y / k) for x, y in zip(it, it)])
        p.save()
        p.scale(k, k)
        p.setPen(QColor(run.color))
        p.drawGlyphRun(QPointF(0, 0), gr)
        p.restore()


def _draw_turned(p: QPainter, run, k: float) -> None:
    """A run whose glyphs are each turned by ``run.angle`` about their origin
    (Latin set sideways in a vertical headline)."""
    it = iter(memoryview(run.xy).cast("d"))
    for gid, (x, y) in zip(memoryview(run.glyph_data).cast("I").tolist(), zip(it, it)):
        gr = QGlyphRun()
        gr.setRawFont(_raw(run.role))
        gr.setGlyphIndexes([gid])
        gr.setPositions([QPointF(0, 0)])
        p.save()
        p.translate(x, y)
        p.rotate(run.angle)
        p.scale(k, k)
        p.setPen(QColor(run.color))
        p.drawGlyphRun(QPointF(0, 0), gr)
        p.restore()


def paint_page(p: QPainter, page: PageLayout, options: PaintOptions = PaintOptions()) -> None:
    """Draw one page in points (the caller sets the transform)."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    p.fillRect(QRectF(0, 0, page.width_pt, page.height_pt), QColor(options.background))

    for box in page.boxes:
        x0, y0, x1, y1 = box.rect
        r = QRectF(x0, y0, x1 - x0, y1 - y0)
        if box.fill:
            p.fillRect(r, QColor(box.fill))
        if box.weight_pt > 0:
            p.setPen(_pen(box.color, box.weight_pt))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(r)

    # device pixels per point: thumbnails draw photos from small copies
    device_scale = math.sqrt(abs(p.deviceTransform().determinant())) or 1.0

    def small(item) -> bool:
        x0, y0, x1, y1 = item.rect
        return max(x1 - x0, y1 - y0) * device_scale <= SMALL_IMAGE_PX / 2

    full = [item.path for item in page.images if item.path and not small(item)]
    if len(full) > 1:
        image_cache.prefetch(full)
    for item in page.images:
        x0, y0, x1, y1 = item.rect
        sx0, sy0, sx1, sy1 = item.crop or (0, 0, 0, 0)
        img = None
        if item.path and small(item):
            img, factor = small_images.get(item.path)
            sx0, sy0, sx1, sy1 = sx0 * factor, sy0 * factor, sx1 * factor, sy1 * factor
        elif item.path:
            img = load_qimage(item.path)
        if img is None or img.isNull():
            _placeholder(p, item)
            continue
        p.drawImage(QRectF(x0, y0, x1 - x0, y1 - y0), img, QRectF(sx0, sy0, sx1 - sx0, sy1 - sy0))

    for rule in page.rules:
        x0, y0, x1, y1 = rule.line
        horizontal = abs(y1 - y0) < abs(x1 - x0)
        style = {"dashed": Qt.PenStyle.DashLine, "dotted": Qt.PenStyle.DotLine}.get(rule.style, Qt.PenStyle.SolidLine)
        if rule.style in ("double", "thick-thin"):
            thick = rule.weight_pt if rule.style == "thick-thin" else rule.weight_pt / 3
            thin = rule.weight_pt / 3
            gap = rule.weight_pt * 0.8
            p.setPen(_pen(rule.color, thick))
            off = thick / 2
            if horizontal:
                p.drawLine(QPointF(x0, y0 - off - gap / 2), QPointF(x1, y1 - off - gap / 2))
                p.setPen(_pen(rule.color, thin))
                p.drawLine(QPointF(x0, y0 + gap / 2 + thin / 2), QPointF(x1, y1 + gap / 2 + thin / 2))
            else:
                p.drawLine(QPointF(x0 - off - gap / 2, y0), QPointF(x1 - off - gap / 2, y1))
                p.setPen(_pen(rule.color, thin))
                p.drawLine(QPointF(x0 + gap / 2 + thin / 2, y0), QPointF(x1 + gap / 2 + thin / 2, y1))
        else:
            p.setPen(_pen(rule.color, rule.weight_pt, style))
            p.drawLine(QPointF(x0, y0), QPointF(x1, y1))

    if options.highlight_article or options.focus_article:
        for art in page.articles:
            if art.id == options.highlight_article:
                for reg in art.regions:
                    x0, y0, x1, y1 = reg.bounds
                    p.fillRect(QRectF(x0, y0, x1 - x0, y1 - y0), QColor(255, 214, 102, 70))
    for hit in options.search_hits:
        x0, y0, x1, y1 = hit
        p.fillRect(QRectF(x0, y0, x1 - x0, y1 - y0), QColor(255, 200, 0, 140))

    for line in page.lines:
        _draw_line(p, line)

    if options.focus_article:
        for art in page.articles:
            if art.id == options.focus_article:
                p.setPen(_pen("#1A5FB4", 2.0, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                for reg in art.regions:
                    x0, y0, x1, y1 = reg.bounds
                    p.drawRect(QRectF(x0 - 2, y0 - 2, x1 - x0 + 4, y1 - y0 + 4))

    if options.debug:
        p.setPen(_pen("#00A0FF", 0.5, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for art in page.articles:
            for reg in art.regions:
                x0, y0, x1, y1 = reg.bounds
                p.drawRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        for x0, y0, x1, y1 in page.debug_marks:
            p.fillRect(QRectF(x0, y0, x1 - x0, y1 - y0), QColor(255, 0, 0, 90))
            p.setPen(_pen("#FF0000", 1.5))
            p.drawRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    p.restore()


def render_image(page: PageLayout, dpi: float = 96.0, options: PaintOptions = PaintOptions(), width_px: int | None = None) -> QImage:
    """The page as an RGB image at ``dpi`` (or ``width_px`` wide)."""
    ensure_app()
    scale = (width_px / page.width_pt) if width_px else dpi / 72.0
    w = max(1, round(page.width_pt * scale))
    h = max(1, round(page.height_pt * scale))
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor(options.background))
    dots_per_m = round(scale * 72 / 0.0254)
    img.setDotsPerMeterX(dots_per_m)
    img.setDotsPerMeterY(dots_per_m)
    p = QPainter(img)
    p.scale(scale, scale)
    paint_page(p, page, options)
    p.end()
    return img


def save_png(img: QImage, target) -> None:
    """Write an image as PNG atomically: the old file stays until the new one is whole."""
    from ..export.atomic import OutputError, atomic_path

    with atomic_path(target) as tmp:
        if not img.save(str(tmp), "PNG"):
            raise OutputError(f"could not write '{target}'")
