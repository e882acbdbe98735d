"""Regression test for a PySide6 fault that kills the program.

PySide6 6.12.0 drops one reference to ``None`` on every call of a void
method (QPainter.setPen, QFont.setPointSizeF, ...); after a few thousand
calls Python aborts with "Fatal Python error: none_dealloc". The project
pins PySide6-Essentials < 6.12 (pyproject.toml). The calls run in a child
process, so that an abort shows as a failed test, not a dead test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import PySide6

CALLS = 10_000
SLACK = 16  # a handful of references may come and go for other reasons

HAMMER = textwrap.dedent(f"""
    import json, sys
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    pen = QPen(QColor("black"))
    font = QFont()
    out = {{}}
    for name, call in [("QPainter.setPen", lambda: painter.setPen(pen)),
                       ("QFont.setPointSizeF", lambda: font.setPointSizeF(9.5))]:
        call()  # warm up: first calls may cache things
        before = sys.getrefcount(None)
        for _ in range({CALLS}):
            call()
        out[name] = before - sys.getrefcount(None)
    painter.end()
    print(json.dumps(out))
""")


def test_void_calls_keep_none_alive():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", HAMMER], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"the process died ({proc.returncode}): {proc.stderr[-2000:]}"
    lost = json.loads(proc.stdout.strip().splitlines()[-1])
    for name, n in lost.items():
        assert n <= SLACK, f"{name}: None lost {n} references in {CALLS} calls (PySide6 {PySide6.__version__})"


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for p in text.split(".")[:3]:
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def test_pyside6_version_is_below_6_12():
    assert _version(PySide6.__version__) < (6, 12), (
        f"PySide6 {PySide6.__version__}: 6.12.0 leaks None on void calls; pyproject pins <6.12")
    assert _version(PySide6.__version__) >= (6, 8)
