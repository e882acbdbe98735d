"""PyMuPDF, loaded without Qt, for the PDF export and for reading library
page PDFs."""

from __future__ import annotations

import sys


def load_pymupdf():
    """PyMuPDF, without its layout-analysis add-on.

    ``import pymupdf`` also imports ``pymupdf.layout`` and ``pymupdf4llm``
    whenever those packages are installed, which loads ONNX models and
    numpy: about 2 s, for analysis this program never uses."""
    extras = ("pymupdf.layout", "pymupdf4llm")
    if "pymupdf" not in sys.modules and not any(m in sys.modules for m in extras):
        for m in extras:
            sys.modules[m] = None  # makes their import fail at once
        try:
            import pymupdf
        finally:
            for m in extras:
                if m in sys.modules and sys.modules[m] is None:
                    del sys.modules[m]
    import pymupdf

    return pymupdf
