"""The page PDF and the preview image of a page, probed without being
drawn: the size of the PDF's first page (PyMuPDF opens it lazily) and the
pixel size in the image's header (Pillow reads no pixels)."""

from __future__ import annotations

import warnings
from pathlib import Path

from ..files import Refused, open_regular

# the resolution a page's size is taken at from its preview when there is no PDF
PREVIEW_DPI = 96.0
MAX_PAGE_PT = 14400.0  # the largest page a PDF can describe (200 inches)
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "BMP", "WEBP")
MAX_IMAGE_MEGAPIXELS = 180


def _pymupdf():
    from ...mupdf import load_pymupdf

    return load_pymupdf()


def probe_pdf(path: Path) -> tuple[tuple[float, float] | None, str | None, int]:
    """(width, height) in points of the first page, or None with the reason
    (a message fragment); and the PDF's page count."""
    try:
        if path.stat().st_size == 0:
            return None, "is empty (0 bytes)", 0
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})", 0
    pymupdf = _pymupdf()
    try:
        with pymupdf.open(path) as doc:
            if doc.needs_pass:
                return None, "is encrypted", 0
            count = doc.page_count
            if count < 1:
                return None, "has no page", 0
            rect = doc[0].rect
            w, h = float(rect.width), float(rect.height)
    except Exception:  # noqa: BLE001  (MuPDF raises its own kinds for damaged files, naming the path)
        return None, "is damaged or is no PDF", 0
    if not (0 < w <= MAX_PAGE_PT and 0 < h <= MAX_PAGE_PT):
        return None, f"has a first page of {w:.0f} × {h:.0f} pt, which is no newspaper page", count
    return (w, h), None, count


def probe_image(path: Path, rel: str) -> tuple[tuple[int, int] | None, str | None]:
    """(width, height) in pixels from the image's header, or None with the
    reason (a message fragment)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with open_regular(path, rel) as f, Image.open(f) as im:
                fmt = im.format or ""
                w, h = im.size
    except Image.DecompressionBombError:
        return None, f"is too large to be shown (more than {MAX_IMAGE_MEGAPIXELS} megapixels)"
    except Refused as exc:
        return None, f"cannot be read ({exc})"
    except (UnidentifiedImageError, OSError, ValueError):  # their words name the file object
        return None, "is damaged or is no image that can be shown"
    if fmt not in IMAGE_FORMATS:
        return None, f"is a {fmt} image, which is not shown"
    if w < 1 or h < 1:
        return None, "is empty"
    if w * h > MAX_IMAGE_MEGAPIXELS * 1_000_000:
        return None, f"is too large to be shown (more than {MAX_IMAGE_MEGAPIXELS} megapixels)"
    return (w, h), None
