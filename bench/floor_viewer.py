"""The floor: the least a PySide6 + PyMuPDF viewer does to show a page.
Herald's launch is measured against it (bench/launch_bench.py).

    python bench/floor_viewer.py FILE.pdf|SCAN.jpg [--height PX] [--bench]

Renders page 1 of a PDF with PyMuPDF to PX pixels high (default 1000) and
shows it in a QLabel. Any other file is a page's scan: Qt's image reader
decodes it straight to PX pixels high (for a JPEG, libjpeg's scaled
decoding: the fastest there is), and the QLabel shows it; PyMuPDF is
imported all the same, so the floor is one program whatever it shows.
With --bench it prints the wall-clock time (time.time()) at the end of its
first paint event and quits: the same moment bench/ui_bench.py takes from
Herald's page view.
"""

import argparse
import sys
import time

import pymupdf
from PySide6.QtCore import QTimer
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QApplication, QLabel


class Page(QLabel):
    bench = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if self.bench and not hasattr(self, "painted_at"):
            self.painted_at = time.time()
            print(f'{{"painted_at": {self.painted_at:.6f}}}', flush=True)
            QTimer.singleShot(0, QApplication.quit)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", help="a PDF, or a page's scan")
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--bench", action="store_true")
    a = ap.parse_args(argv)
    app = QApplication(sys.argv[:1])
    if a.pdf.lower().endswith(".pdf"):
        page = pymupdf.open(a.pdf)[0]
        zoom = a.height / page.rect.height
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        image = QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888)
    else:
        reader = QImageReader(a.pdf)
        size = reader.size()
        reader.setScaledSize(QSize(round(size.width() * a.height / size.height()), a.height))
        image = reader.read()
        if image.isNull():
            raise SystemExit(f"{a.pdf}: {reader.errorString()}")
    label = Page()
    label.bench = a.bench
    label.setPixmap(QPixmap.fromImage(image))
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
