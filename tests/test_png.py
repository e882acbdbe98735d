"""Page images written as PNG by render/png.py: the pixels and resolution
Qt's own writer gives, read back by Qt and by Pillow."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage, QPainter

from viewer.render.png import png_bytes, write_png


def _page(w=301, h=97, fmt=QImage.Format.Format_RGB32) -> QImage:
    img = QImage(w, h, fmt)
    img.fill(QColor("#FFFFFF"))
    p = QPainter(img)
    for i in range(0, w, 7):
        p.fillRect(i, (i * 3) % h, 5, 11, QColor((i * 37) % 256, (i * 91) % 256, (i * 13) % 256))
    p.drawText(10, 40, "报 Herald 1/2")
    p.end()
    img.setDotsPerMeterX(5906)
    img.setDotsPerMeterY(5906)
    return img


@pytest.mark.parametrize("size", [(1, 1), (301, 97), (2303, 40)])
def test_the_pixels_and_resolution_are_qts(tmp_path, size):
    img = _page(*size)
    ours, qts = tmp_path / "ours.png", tmp_path / "qt.png"
    assert write_png(img, ours)
    assert img.save(str(qts), "PNG")
    a, b = QImage(str(ours)), QImage(str(qts))
    assert a.convertToFormat(QImage.Format.Format_RGB32) == b.convertToFormat(QImage.Format.Format_RGB32)
    assert a.convertToFormat(QImage.Format.Format_RGB32) == img
    assert (a.dotsPerMeterX(), a.dotsPerMeterY()) == (5906, 5906)
    with Image.open(ours) as pil:
        pil.load()
        assert pil.mode == "RGB" and pil.size == size
        assert pil.getpixel((0, 0)) == QColor(img.pixel(0, 0)).getRgb()[:3]


def test_an_image_with_alpha_is_left_to_qt(tmp_path):
    img = _page(fmt=QImage.Format.Format_ARGB32)
    img.setPixelColor(0, 0, QColor(10, 20, 30, 40))
    assert png_bytes(img) is None
    assert write_png(img, tmp_path / "a.png")
    back = QImage(str(tmp_path / "a.png"))
    assert back.hasAlphaChannel() and back.pixelColor(0, 0).alpha() == 40


def test_a_write_that_fails_is_an_output_error(tmp_path):
    from viewer.atomic import OutputError
    from viewer.render.paint import save_png

    with pytest.raises(OutputError):
        save_png(_page(), tmp_path / "no-such-folder" / "p.png")


def test_a_page_with_photos_is_drawn_opaque_and_its_thumbnail_shows_them(qtbot):
    """Every pixel of a drawn page is opaque, photos included (Pillow
    leaves the padding byte of a resized picture 0, which a page drawn onto
    a transparent canvas, as the page strip does, showed as holes)."""
    from viewer.issue import open_issue
    from viewer.render.paint import render_image
    from viewer.resources_path import BUNDLED_ISSUE
    from viewer.ui.thumbnails import ThumbnailStrip

    page = open_issue(BUNDLED_ISSUE).layout([3]).pages[0]
    assert page.images  # page 3 has photos
    for img in (render_image(page, width_px=96), render_image(page, dpi=60)):
        assert set(bytes(img.constBits())[3::4]) == {255}
    strip = ThumbnailStrip()
    qtbot.addWidget(strip)

    class Doc:
        numbers = [3]

        @staticmethod
        def caption(n):
            return str(n)

    strip.set_document(Doc())
    strip._set_icon(3, render_image(page, width_px=96))
    icon = strip._item(3).icon().pixmap(strip.iconSize()).toImage()
    x0, y0, x1, y1 = (round(v * 96 / page.width_pt) for v in page.images[0].rect)
    inside = [icon.pixelColor(x, y).alpha() for x in range(x0 + 1, x1 - 1) for y in range(y0 + 1, y1 - 1)]
    assert inside and min(inside) == 255
