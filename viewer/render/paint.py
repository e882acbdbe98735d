"""paint_page: the one drawing function for screen, PNG, PDF and printer.

The painter's transform maps points to the device; everything is drawn in
points from the frozen layout. Glyphs are drawn as glyph runs at the
positions the layout chose, so every device shows the same lines.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGlyphRun, QImage, QPainter, QPainterPath, QPen, QRawFont

from ..fonts import ensure_app, role_font
from ..layout import images as image_io
from ..layout.setting import set_simple
from ..layout.values import ImageItem, PageLayout
from ..messages import Msg, Names



@dataclass(frozen=True)
class PaintOptions:
    debug: bool = False  # overflow marks and frame outlines
    highlight_article: str | None = None
    focus_article: str | None = None
    search_hits: tuple = ()  # (x0, y0, x1, y1) rects in points
    background: str = "#FFFFFF"
    # images drawn in place of files, by ImageItem.path (the PDF's stand-ins)
    stand_ins: dict | None = field(default=None, compare=False, hash=False)
    image_dpi: float | None = None  # the most resolution photos are drawn at (printing)
    # the words of a scanned page are a text layer over its scan, not drawn on
    # screen. text_layer "qt": Qt writes them invisibly (a printer's PDF);
    # "apart": the PDF export writes them itself, after painting (so are runs
    # with characters the fonts lack, drawn here as outlines). ocr_overlay
    # shows them, in ink over a veiled scan (View > OCR text).
    text_layer: str = ""
    ocr_overlay: bool = False
    # scans not decoded yet: with ``pending`` set (a list), paint_page does
    # not wait for them but draws paper in their place and lists them there,
    # (item, scale) each, for the caller to decode in the background
    pending: list | None = field(default=None, compare=False, hash=False)


OVERLAY_INK = "#102A6B"
SCAN_PAPER = QColor("#EFECE4")  # where a scan will be, while it is decoded
OVERLAY_VEIL = QColor(255, 255, 255, 200)


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

    Each file is kept at the scales it was asked for (1, 1/2, 1/4, ... of
    its full size, see images.scale_for); a request is served by any copy
    at least as large. The painter draws from it on every device."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, float, float], QImage] = OrderedDict()
        self._bytes = 0
        self.failed: set[tuple] = set()  # (path, pdf page) of scans a background decode could not read

    def get(self, info: image_io.ImageInfo, scale: float) -> tuple[QImage | None, float]:
        """(the picture decoded at ``scale`` or more, the scale it has), or
        (None, 1) when it cannot be decoded (a placeholder is drawn)."""
        key = _key(info, scale)
        if key is None:
            return None, 1.0
        hit = self._find(key)
        if hit is not None:
            return hit
        try:
            img = _decode(info, scale)
        except Exception:
            return None, 1.0  # the painter draws a placeholder
        self._put(key, img)
        return img, scale

    def peek(self, info: image_io.ImageInfo, scale: float) -> tuple[QImage | None, float]:
        """The picture at ``scale`` or more if it is decoded already, without
        decoding anything: (None, 1) when not."""
        key = _key(info, scale)
        hit = self._find(key) if key is not None else None
        return hit if hit is not None else (None, 1.0)

    def put_decoded(self, info: image_io.ImageInfo, scale: float, img: QImage) -> None:
        """A picture decoded elsewhere (a background decode), into the cache."""
        key = _key(info, scale)
        if key is not None:
            self._put(key, img)

    def _find(self, key) -> tuple[QImage, float] | None:
        path, mtime, scale = key
        best = None
        for k in self._items:
            if k[0] == path and k[1] == mtime and k[2] >= scale and (best is None or k[2] < best[2]):
                best = k
        if best is None:
            return None
        self._items.move_to_end(best)
        return self._items[best], best[2]

    def prefetch(self, wanted) -> None:
        """Decode the (info, scale) pairs of ``wanted`` not in the cache yet,
        side by side.

        Pillow lets go of the GIL while it inflates, so a page's photos
        decode in parallel on threads (the largest cost of showing a page
        for the first time); ``get`` then finds them."""
        todo = {}
        for info, scale in wanted:
            key = _key(info, scale)
            if key is not None and self._find(key) is None:
                todo[key] = info
        if len(todo) < 2:
            return  # nothing to gain: get() decodes it
        futures = [(key, decode_pool().submit(_decode, info, key[2])) for key, info in todo.items()]
        for key, fut in futures:
            try:
                img = fut.result()
            except Exception:
                continue  # get() tries again and the painter draws a placeholder
            self._put(key, img)

    def _put(self, key: tuple[str, float, float], img: QImage) -> None:
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


def _key(info: image_io.ImageInfo, scale: float) -> tuple[str, float, float] | None:
    try:
        name = str(info.path) if info.pdf_page is None else f"{info.path}#page={info.pdf_page + 1}"
        return name, info.path.stat().st_mtime, scale
    except (OSError, AttributeError):
        return None


@functools.cache
def decode_pool():
    """The threads images are decoded on (photos side by side, scans in the background)."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)), thread_name_prefix="herald-decode")


def _decode(info: image_io.ImageInfo, scale: float) -> QImage:
    """The picture at ``scale`` of its size in an image Qt owns (thread-safe:
    no GUI objects)."""
    return _qimage(image_io.decode(info, info.width * scale, info.height * scale))


def _qimage(pil) -> QImage:
    if pil.mode == "L":
        # rows of a Grayscale8 image are padded to 4 bytes: wrap Pillow's
        # unpadded rows (all five arguments: not the file-name constructor), then copy
        data = pil.tobytes()
        return QImage(data, pil.width, pil.height, pil.width, QImage.Format.Format_Grayscale8).copy()
    if pil.mode == "RGBA":
        fmt, data = QImage.Format.Format_RGBA8888, pil.tobytes("raw", "RGBA")
    else:  # RGB: Pillow's own 4-byte pixels, without a converted copy
        fmt, data = QImage.Format.Format_RGBX8888, pil.tobytes("raw", "RGBX")
    # Copy into an image Qt owns: the (bytes, w, h, ...) constructor can be
    # taken for the (fileName, format) one and then fails on the NUL bytes.
    img = QImage(pil.width, pil.height, fmt)
    view = img.bits()
    view[: len(data)] = data
    if fmt == QImage.Format.Format_RGBX8888:
        # Pillow leaves the fourth byte 0 in an image it has resized; an
        # RGBX8888 image must hold 255 there, or the page it is drawn on
        # carries the 0 and shows through where it is drawn with alpha (a
        # thumbnail). Qt's conversion sets it, in place.
        img.convertTo(QImage.Format.Format_RGB32)
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

    def get(self, info: image_io.ImageInfo) -> tuple[QImage | None, float]:
        """(the small copy or None, its size over the original's)."""
        key = _key(info, 0.0)
        if key is None:
            return None, 1.0
        hit = self._items.get(key)
        if hit is None:
            hit = self._items[key] = self._make(info)
            if len(self._items) > self.max_items:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return hit

    @staticmethod
    def _make(info: image_io.ImageInfo) -> tuple[QImage | None, float]:
        try:
            im = image_io.decode(info, SMALL_IMAGE_PX / 2, SMALL_IMAGE_PX / 2)
            im.thumbnail((SMALL_IMAGE_PX, SMALL_IMAGE_PX))
            return _qimage(im), im.width / info.width
        except Exception:
            return None, 1.0


small_images = SmallImages()

_notes: list[Msg] = []


def take_notes() -> list[Msg]:
    """Warnings from painting since the last call (images a page could not
    hold at the resolution the device asked for), each once."""
    out = list(dict.fromkeys(_notes))
    _notes.clear()
    return out


def decode_scan_at(item: ImageItem, device_scale: float) -> tuple[image_io.ImageInfo, float, QImage]:
    """Probe a scan and decode it at the size ``device_scale`` pixels a point
    asks for, on any thread (the page view does it in the background):
    (what probe decided, the scale decoded at, the picture). The caller
    puts it into image_cache on the GUI thread."""
    scale = 1.0

    def want(info):
        nonlocal scale
        scale = scan_scale(item, info, device_scale)
        return info.width * scale, info.height * scale

    info, pil = image_io.decode_checked(Path(item.path), item.pdf_page, want)
    return info, scale, _qimage(pil)


def scan_scale(item: ImageItem, info, device_scale: float) -> float:
    """The scale of its full size (``info``: its file's header) an image is
    decoded at to fill its place at ``device_scale`` pixels a point."""
    x0, y0, x1, y1 = item.rect
    sx0, sy0, sx1, sy1 = item.crop
    want_w = (x1 - x0) * device_scale * info.width / max(sx1 - sx0, 1e-9)
    want_h = (y1 - y0) * device_scale * info.height / max(sy1 - sy0, 1e-9)
    return image_io.scale_for(info, want_w, want_h, SCAN_SLACK if item.kind == "scan" else 1.0)


# a page scan is decoded at the power-of-two size at or above this share of
# the pixels the device shows (see images.scale_for)
SCAN_SLACK = 0.85


def image_scales(page: PageLayout, device_scale: float) -> list[tuple[ImageItem, image_io.ImageInfo | None, float]]:
    """For each image of the page: what probe decided about its file and the
    scale of its full size to decode it at, so that it fills its place at
    ``device_scale`` pixels a point, each within IMAGE_LIMIT_PX and all of
    them together within PAGE_LIMIT_PX (beyond that each is halved in turn,
    the largest first, and a note says so)."""
    plans = []
    for item in page.images:
        info = image_io.probe(Path(item.path), item.pdf_page) if item.path else None
        if info is None or info.error or item.crop is None:
            plans.append([item, None, 0.0, 0.0, 0.0])
            continue
        x0, y0, x1, y1 = item.rect
        sx0, sy0, sx1, sy1 = item.crop
        want_w = (x1 - x0) * device_scale * info.width / max(sx1 - sx0, 1e-9)
        want_h = (y1 - y0) * device_scale * info.height / max(sy1 - sy0, 1e-9)
        plans.append([item, info, image_io.scale_for(info, want_w, want_h, SCAN_SLACK if item.kind == "scan" else 1.0),
                      want_w, want_h])
    total = sum(p[1].pixels * p[2] ** 2 for p in plans if p[1] is not None)
    if total > image_io.PAGE_LIMIT_PX:
        need = total
        while total > image_io.PAGE_LIMIT_PX:
            largest = max((p for p in plans if p[1] is not None), key=lambda p: p[1].pixels * p[2] ** 2)
            total -= largest[1].pixels * largest[2] ** 2 * 0.75
            largest[2] /= 2
        names = dict.fromkeys(Path(p[0].path).name for p in plans if p[1] is not None
                              and p[2] < image_io.scale_for(p[1], p[3], p[4]))
        _notes.append(Msg("page {number}: its images need {megapixels} megapixels at this size, more than the {limit} "
                          "one page may hold; drawn at reduced resolution: {files}", number=page.number,
                          megapixels=image_io.megapixels(need), limit=image_io.megapixels(image_io.PAGE_LIMIT_PX),
                          files=Names(names, quote="")))
    return [(p[0], p[1], p[2]) for p in plans]


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
    label = item.label or ("图片缺失" if item.missing_reason else "占位图")
    size = max(8.0, min(24.0, (x1 - x0) / 10))
    line = set_simple(0, "label", "sans_bold", size, label, x0, (y0 + y1) / 2 - size, size * 2, width=x1 - x0,
                      align="center", color="#6A6A6A")
    if line is not None:
        p.fillRect(QRectF(line.bbox[0] - 4, line.bbox[1] - 2, line.bbox[2] - line.bbox[0] + 8, line.bbox[3] - line.bbox[1] + 4),
                   QColor("#E4E4E4"))
        _draw_line(p, line)


def has_missing_glyphs(run) -> bool:
    """Whether a run holds characters the bundled fonts lack (glyph 0): OCR
    text can hold anything. A PDF cannot say what such a glyph stands for,
    so the export writes the run's text beside it (see export.pdf)."""
    return 0 in memoryview(run.glyph_data).cast("I")


def _draw_line(p: QPainter, line, hidden: str = "skip") -> None:
    """Draw a line's glyph runs. Runs of a text layer (fully transparent)
    are skipped (``hidden`` "skip" or "apart"), written invisibly by Qt
    ("qt": a printer's PDF) or drawn in overlay ink ("show"). With "apart",
    a run with characters the fonts lack is drawn as outlines, not text:
    the PDF export writes its text, whole."""
    for run in line.runs:
        color = run.color
        invisible = len(color) == 9 and color.startswith("#00")
        if invisible:
            if hidden in ("skip", "apart"):
                continue
            if hidden == "show":
                color = OVERLAY_INK
        outlines = hidden == "apart" and has_missing_glyphs(run)
        k = run.size_pt / RAW_PX
        if run.angle:
            _draw_turned(p, run, k)
            continue
        kx = k * run.x_scale
        glyphs = memoryview(run.glyph_data).cast("I").tolist()
        it = iter(memoryview(run.xy).cast("d"))
        positions = [QPointF(x / kx, y / k) for x, y in zip(it, it)]
        p.save()
        p.scale(kx, k)
        if outlines:
            raw = _raw(run.role)
            path = QPainterPath()
            for g, pos in zip(glyphs, positions):
                path.addPath(raw.pathForGlyph(g).translated(pos))
            p.fillPath(path, QColor(color))
        else:
            gr = QGlyphRun()
            gr.setRawFont(_raw(run.role))
            gr.setGlyphIndexes(glyphs)
            gr.setPositions(positions)
            p.setPen(QColor(color))
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

    # device pixels per point: each photo is decoded at the size it is shown
    # at (thumbnails from small copies kept apart)
    device_scale = math.sqrt(abs(p.deviceTransform().determinant())) or 1.0
    image_scale = min(device_scale, options.image_dpi / 72) if options.image_dpi else device_scale
    clip = p.clipBoundingRect() if p.hasClipping() else None

    def small(item) -> bool:
        x0, y0, x1, y1 = item.rect
        return max(x1 - x0, y1 - y0) * device_scale <= SMALL_IMAGE_PX / 2

    stand_ins = options.stand_ins or {}
    vectors = [i for i in page.images if i.kind == "pdf" and i.path and i.crop and i.path not in stand_ins]
    if vectors:  # a publisher's page PDF: drawn by MuPDF at this device's resolution
        from .pdf_pages import draw_pdf_page

        for item in vectors:
            if not draw_pdf_page(p, item, image_scale, clip):
                _placeholder(p, item)
        page = dataclasses.replace(page, images=tuple(i for i in page.images if i not in vectors))
    if options.pending is not None:
        # a scan that is not decoded at this scale yet is not waited for:
        # paper in its place now, the picture from a background decode later
        waiting = []
        for item in page.images:
            if item.kind != "scan" or not item.path or (item.path, item.pdf_page) in image_cache.failed:
                continue
            info = image_io.known(Path(item.path), item.pdf_page)
            scale = scan_scale(item, info, device_scale) if info is not None and not info.error else None
            if info is None or (scale is not None and image_cache.peek(info, scale)[0] is None):
                options.pending.append((item, device_scale))
                waiting.append(item)
                x0, y0, x1, y1 = item.rect
                p.fillRect(QRectF(x0, y0, x1 - x0, y1 - y0), SCAN_PAPER)
        if waiting:
            page = dataclasses.replace(page, images=tuple(i for i in page.images if i not in waiting))
    plans = image_scales(dataclasses.replace(page, images=tuple(i for i in page.images if i.path not in stand_ins)),
                         image_scale) if stand_ins else image_scales(page, image_scale)
    for item in page.images:
        if item.path in stand_ins:
            x0, y0, x1, y1 = item.rect
            sx0, sy0, sx1, sy1 = item.crop
            p.drawImage(QRectF(x0, y0, x1 - x0, y1 - y0), stand_ins[item.path], QRectF(sx0, sy0, sx1 - sx0, sy1 - sy0))
    full = [(info, scale) for item, info, scale in plans if info is not None and not small(item)]
    if len(full) > 1:
        image_cache.prefetch(full)
    for item, info, scale in plans:
        x0, y0, x1, y1 = item.rect
        img = None
        if info is not None and small(item):
            img, factor = small_images.get(info)
        elif info is not None:
            img, factor = image_cache.get(info, scale)
        if img is None or img.isNull():
            _placeholder(p, item)
            continue
        factor = img.width() / info.width
        sx0, sy0, sx1, sy1 = (v * factor for v in item.crop)
        if clip is not None:
            part = _visible_part(img, (x0, y0, x1, y1), (sx0, sy0, sx1, sy1), clip)
            if part is None:
                continue
            img, (x0, y0, x1, y1), (sx0, sy0, sx1, sy1) = part
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

    hidden = "show" if options.ocr_overlay else options.text_layer or "skip"
    if options.ocr_overlay and any(im.kind == "scan" for im in page.images):
        p.fillRect(QRectF(0, 0, page.width_pt, page.height_pt), OVERLAY_VEIL)
    for line in page.lines:
        _draw_line(p, line, hidden)

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


def _visible_part(img: QImage, dst, src, clip: QRectF):
    """(a copy of the pixels that show inside ``clip``, their destination and
    source rectangles), so that a device that records what it is given (a
    print preview) keeps only that part; None when nothing shows."""
    x0, y0, x1, y1 = dst
    sx0, sy0, sx1, sy1 = src
    vx0, vy0 = max(x0, clip.left()), max(y0, clip.top())
    vx1, vy1 = min(x1, clip.right()), min(y1, clip.bottom())
    if vx0 >= vx1 or vy0 >= vy1:
        return None
    if (vx1 - vx0) * (vy1 - vy0) > 0.8 * (x1 - x0) * (y1 - y0):
        return img, dst, src  # nearly all of it shows: no copy
    kx, ky = (sx1 - sx0) / (x1 - x0), (sy1 - sy0) / (y1 - y0)
    # whole source pixels around the visible part, and where they land
    ix0 = max(0, math.floor(sx0 + (vx0 - x0) * kx))
    iy0 = max(0, math.floor(sy0 + (vy0 - y0) * ky))
    ix1 = min(img.width(), math.ceil(sx0 + (vx1 - x0) * kx))
    iy1 = min(img.height(), math.ceil(sy0 + (vy1 - y0) * ky))
    if ix1 <= ix0 or iy1 <= iy0:
        return None
    part = img.copy(ix0, iy0, ix1 - ix0, iy1 - iy0)
    d = (x0 + (ix0 - sx0) / kx, y0 + (iy0 - sy0) / ky, x0 + (ix1 - sx0) / kx, y0 + (iy1 - sy0) / ky)
    return part, d, (0.0, 0.0, float(ix1 - ix0), float(iy1 - iy0))


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
    from ..atomic import OutputError, atomic_path, write_error
    from .png import write_png

    with atomic_path(target) as tmp:
        # an opaque page through render/png.py (0.07 s at 150 dpi against Qt's 0.16-0.24 s)
        try:
            written = write_png(img, tmp)
        except OSError as exc:
            raise OutputError(write_error(exc, target)) from None
        if not written:
            raise OutputError(Msg("could not write '{path}'", path=str(target)))
