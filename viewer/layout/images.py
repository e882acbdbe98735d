"""Images for photos, QR codes and adverts: probing and fitting via Pillow.

Layout only reads an image's size; the painter loads the pixels. Pillow
handles JPEG, PNG and TIFF, including CMYK JPEGs (Adobe-inverted ones too).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class ImageInfo:
    path: Path | None
    width: int
    height: int
    error: str | None = None


@functools.lru_cache(maxsize=256)
def _probe(path: str, mtime: float) -> ImageInfo:
    try:
        with PILImage.open(path) as im:
            w, h = im.size
            im.verify()
    except FileNotFoundError:
        return ImageInfo(Path(path), 0, 0, "the file does not exist")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return ImageInfo(Path(path), 0, 0, f"not a readable image: {exc}")
    if w <= 0 or h <= 0:
        return ImageInfo(Path(path), 0, 0, "the image is empty")
    return ImageInfo(Path(path), w, h)


def probe(path: Path) -> ImageInfo:
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return ImageInfo(path, 0, 0, "the file does not exist")
    return _probe(str(path), mtime)


def fit_rect(width: int, height: int, rect: Rect, fit: str, crop=None) -> tuple[Rect, Rect]:
    """(source pixel rect, destination rect in points) for an image in ``rect``."""
    sx0, sy0, sx1, sy1 = 0.0, 0.0, float(width), float(height)
    if crop is not None:
        l, t, r, b = crop
        sx0, sy0, sx1, sy1 = l * width, t * height, r * width, b * height
    sw, sh = sx1 - sx0, sy1 - sy0
    x0, y0, x1, y1 = rect
    dw, dh = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    if fit == "cover":
        scale = max(dw / sw, dh / sh)
        cw, ch = dw / scale, dh / scale
        cx0 = sx0 + (sw - cw) / 2
        cy0 = sy0 + (sh - ch) / 2
        return (cx0, cy0, cx0 + cw, cy0 + ch), rect
    scale = min(dw / sw, dh / sh)
    w, h = sw * scale, sh * scale
    ox, oy = x0 + (dw - w) / 2, y0 + (dh - h) / 2
    return (sx0, sy0, sx1, sy1), (ox, oy, ox + w, oy + h)


def load_rgb(path: str, mtime: float | None = None):
    """The pixels as an RGB(A) Pillow image: CMYK and palette images converted.

    Not cached here: the painter keeps the decoded images it draws."""
    with PILImage.open(path) as im:
        im.load()
        if im.mode == "CMYK":
            return im.convert("RGB")
        if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
            return im.convert("RGBA")
        if im.mode != "RGB":
            return im.convert("RGB")
        return im.copy()
