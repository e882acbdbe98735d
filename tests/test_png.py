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
