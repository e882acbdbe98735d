"""The bundled fonts on the Qt side: registration, QFonts for widgets and
painting, and the raw fonts layout's metrics are checked against.

The program uses only the fonts in the package's resources/fonts, never the
machine's. Which file serves which role, the metrics layout measures with
and the coverage check are in ``viewer.typefaces``, which needs no Qt.
"""

from __future__ import annotations

import functools
import os
import sys

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from .messages import Msg
from .typefaces import FALLBACKS, REFERENCE_PX, ROLE_FILES, ROLES, font_bytes
from .typefaces import missing_chars  # noqa: F401  (still importable from here)

ROLE_FAMILIES = {
    "serif": ("Herald Serif SC", False),
    "serif_bold": ("Herald Serif SC", True),
    "sans": ("Herald Sans SC", False),
    "sans_bold": ("Herald Sans SC", True),
    "kai": ("Herald Kai", False),
    "serif_lgc": ("Herald Serif LGC", False),
    "serif_lgc_bold": ("Herald Serif LGC", True),
    "symbols": ("Herald Symbols", False),
}


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


# the interface's own font (the machine may have no Chinese font): what the
# window needs before anything else is drawn
UI_ROLES = ("sans", "sans_bold")
_registered: set[str] = set()


def register_fonts(roles: tuple[str, ...] = ROLES) -> None:
    """Add the bundled fonts of ``roles`` (all of them unless told) to Qt's
    font database, each once. The window registers its interface font
    first and the rest when a page or an article is first drawn
    (``ensure_app``): a page shown from its kept picture waits for none."""
    for role in roles:
        if role in _registered:
            continue
        fid = QFontDatabase.addApplicationFontFromData(QByteArray(font_bytes(role)))
        if fid < 0:
            raise RuntimeError(Msg("Qt could not load the bundled font {file}", file=ROLE_FILES[role]))
        _registered.add(role)


@functools.cache
def raw_font(role: str, pixel_size: float = REFERENCE_PX) -> QRawFont:
    """An unhinted raw font for ``role`` at ``pixel_size``: what layout
    measured with before ``viewer.typefaces``, and what that module's values
    are checked against (tools/check_metrics.py)."""
    ensure_app()
    font = QRawFont(QByteArray(font_bytes(role)), pixel_size, QFont.HintingPreference.PreferNoHinting)
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
    """A QFont of a role, for widgets (the reader pane, dialogs): what its
    font lacks is taken from its fallbacks (an article read from the OCR)."""
    f = role_font(role)
    fallbacks = [ROLE_FAMILIES[r][0] for r in FALLBACKS.get(role, ())]
    if fallbacks:
        f.setFamilies([ROLE_FAMILIES[role][0], *fallbacks])
    f.setPointSizeF(size_pt)
    return f
