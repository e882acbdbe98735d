"""The bundled fonts: registration, raw fonts for layout, coverage checks.

The program uses only the fonts in the package's resources/fonts, never the machine's.
Layout measures glyphs with unhinted QRawFont advances at a fixed reference
size, so line breaks never depend on the paint device.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from .messages import Msg
from .resources_path import FONT_DIR


# role -> font file
ROLE_FILES = {
    "serif": "HeraldSerifSC-Regular.otf",
    "serif_bold": "HeraldSerifSC-Bold.otf",
    "sans": "HeraldSansSC-Regular.otf",
    "sans_bold": "HeraldSansSC-Bold.otf",
    "kai": "HeraldKai-Regular.ttf",
}
ROLE_FAMILIES = {
    "serif": ("Herald Serif SC", False),
    "serif_bold": ("Herald Serif SC", True),
    "sans": ("Herald Sans SC", False),
    "sans_bold": ("Herald Sans SC", True),
    "kai": ("Herald Kai", False),
}
ROLES = tuple(ROLE_FILES)

# Advances are measured at this pixel size and scaled; unhinted.
REFERENCE_PX = 100.0


def ensure_app() -> QGuiApplication:
    """A Qt application, needed for fonts; offscreen when there is no screen.

    It is a QApplication (widgets allowed), so that a print preview or a
    window made later in the same process finds the application it needs."""
    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication(sys.argv[:1])
    register_fonts()
    return app


@functools.cache
def _font_bytes(role: str) -> bytes:
    path = FONT_DIR / ROLE_FILES[role]
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RuntimeError(Msg("the bundled font {file} is missing from {folder}: reinstall the program", file=path.name,
                               folder=str(FONT_DIR))) from exc


_registered = False


def register_fonts() -> None:
    """Add the bundled fonts to Qt's font database (once)."""
    global _registered
    if _registered:
        return
    for role in ROLES:
        fid = QFontDatabase.addApplicationFontFromData(QByteArray(_font_bytes(role)))
        if fid < 0:
            raise RuntimeError(Msg("Qt could not load the bundled font {file}", file=ROLE_FILES[role]))
    _registered = True


@functools.cache
def raw_font(role: str, pixel_size: float = REFERENCE_PX) -> QRawFont:
    """An unhinted raw font for ``role`` at ``pixel_size`` (1 px = 1 pt in layout)."""
    ensure_app()
    font = QRawFont(QByteArray(_font_bytes(role)), pixel_size, QFont.HintingPreference.PreferNoHinting)
    if not font.isValid():
        raise RuntimeError(Msg("the bundled font {file} is not a valid font", file=ROLE_FILES[role]))
    return font


def role_font(role: str) -> QFont:
    """A QFont of a role's bundled family and weight, unhinted, not yet sized."""
    ensure_app()
    family, bold = ROLE_FAMILIES[role]
    f = QFont(family)
    f.setBold(bold)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


def qfont(role: str, size_pt: float) -> QFont:
    """A QFont of a role, for widgets (the reader pane, dialogs)."""
    f = role_font(role)
    f.setPointSizeF(size_pt)
    return f


@functools.lru_cache(maxsize=4096)
def missing_chars(text: str, role: str | None = None) -> str:
    """The distinct characters of ``text`` that a role's font (by default:
    every role used for text) cannot show, in order of first appearance.
    Each distinct text is checked once: the window and the commands ask
    again for the same texts."""
    roles = [role] if role else ["serif", "serif_bold", "sans_bold"]
    fonts = [raw_font(r) for r in roles]
    seen = set()
    out = []
    for ch in text:
        if ch in seen or ch.isspace() or ch in "\u200b\ufeff":
            continue
        seen.add(ch)
        if not all(f.supportsCharacter(ord(ch)) for f in fonts):
            out.append(ch)
    return "".join(out)
