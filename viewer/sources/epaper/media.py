"""The page PDF and the preview image of a page, probed without being
drawn: the size of the PDF's first page (PyMuPDF opens it lazily) and the
pixel size in the image's header (Pillow reads no pixels)."""

from __future__ import annotations

import warnings
from pathlib import Path

from ...messages import Msg, os_reason, said
from ..files import Refused, open_regular

# the resolution a page's size is taken at from its preview when there is no PDF
PREVIEW_DPI = 96.0
MAX_PAGE_PT = 14400.0  # the largest page a PDF can describe (200 inches)
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "BMP", "WEBP")
MAX_IMAGE_MEGAPIXELS = 180


def _pymupdf():
    from ...mupdf import load_pymupdf

    return load_pymupdf()


def probe_pdf(path: Path) -> tuple[tuple[float, float] | None, Msg | None, int]:
    """(width, height) in points of the first page, or None with the reason
    (what the file is: "is encrypted"); and the PDF's page count."""
    try:
        if path.stat().st_size == 0:
            return None, Msg("is empty (0 bytes)"), 0
    except OSError as exc:
        return None, Msg("cannot be read ({reason})", reason=os_reason(exc)), 0
    pymupdf = _pymupdf()
    try:
        with pymupdf.open(path) as doc:
            if doc.needs_pass:
                return None, Msg("is encrypted"), 0
            count = doc.page_count
            if count < 1:
                return None, Msg("has no page"), 0
            rect = doc[0].rect
            w, h = float(rect.width), float(rect.height)
    except Exception:  # noqa: BLE001  (MuPDF raises its own kinds for damaged files, naming the path)
        return None, Msg("is damaged or is no PDF"), 0
    if not (0 < w <= MAX_PAGE_PT and 0 < h <= MAX_PAGE_PT):
        return None, Msg("has a first page of {width:.0f} × {height:.0f} pt, which is no newspaper page", width=w,
                         height=h), count
    return (w, h), None, count


def _too_large() -> Msg:
    return Msg("is too large to be shown (more than {limit} megapixels)", limit=MAX_IMAGE_MEGAPIXELS)


def probe_image(path: Path, rel: str) -> tuple[tuple[int, int] | None, Msg | None]:
    """(width, height) in pixels from the image's header, or None with the
    reason (what the file is: "is empty")."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with open_regular(path, rel) as f, Image.open(f) as im:
                fmt = im.format or ""
                w, h = im.size
    except Image.DecompressionBombError:
        return None, _too_large()
    except Refused as exc:
        return None, Msg("cannot be read ({reason})", reason=said(exc))
    except (UnidentifiedImageError, OSError, ValueError):  # their words name the file object
        return None, Msg("is damaged or is no image that can be shown")
    if fmt not in IMAGE_FORMATS:
        return None, Msg("is a {format} image, which is not shown", format=fmt)
    if w < 1 or h < 1:
        return None, Msg("is empty")
    if w * h > MAX_IMAGE_MEGAPIXELS * 1_000_000:
        return None, _too_large()
    return (w, h), None
