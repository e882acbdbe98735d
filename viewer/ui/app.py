"""The application: QApplication set up with the bundled fonts, the
interface language, and the main window."""

from __future__ import annotations

import os
import sys
import traceback

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ..fonts import ROLE_FAMILIES, UI_ROLES, register_fonts
from . import i18n, settings


def _return_freed_images_to_the_system() -> None:
    """Page images are large buffers allocated and freed as pages are turned.
    glibc raises its mmap threshold after such a buffer is freed, so later
    ones come from the heap and their memory stays with the process; a
    fixed threshold of 1 MB keeps each image in its own mapping, returned on
    free (about 35 MB less after visiting the bundled issue's 24 pages)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        M_MMAP_THRESHOLD = -3
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 1 << 20)
    except (OSError, AttributeError):  # not glibc
        pass


def _quiet_offscreen_notices(mode, context, message: str) -> None:
    # The offscreen platform says it cannot propagate size hints for every
    # window it shows: noise in the output of `screenshot`. The rest passes.
    if "propagateSizeHints" in message:
        return
    sys.stderr.write(message + "\n")


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (made once), with the interface's bundled font registered.

    Widgets need a QApplication, so this must run before anything creates a
    plain QGuiApplication (``viewer.fonts.ensure_app`` makes one otherwise)."""
    app = QApplication.instance()
    if app is None:
        _return_freed_images_to_the_system()
        if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            qInstallMessageHandler(_quiet_offscreen_notices)
        app = QApplication(list(argv) if argv else sys.argv[:1])
    elif not isinstance(app, QApplication):
        raise RuntimeError("a QGuiApplication without widgets exists already; create the QApplication first")
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    # The machine may have no Chinese font: the interface uses the bundled
    # sans; the page fonts follow when a page is first drawn.
    register_fonts(UI_ROLES)
    ui_font = QFont(ROLE_FAMILIES["sans"][0])
    ui_font.setPointSizeF(max(9.0, app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0))
    app.setFont(ui_font)
    lang = settings.language() or i18n.system_language()
    i18n.set_language(lang)
    app.setApplicationDisplayName(i18n.tr("app.name"))
    return app


def _install_excepthook(window) -> None:
    """Any failure that escapes a slot is shown as a message; the window lives on."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            return previous(exc_type, exc, tb)
        traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
        try:
            window.show_error(exc)
        except Exception:  # noqa: BLE001
            pass

    sys.excepthook = hook


def run_app(path: str | None) -> int:
    """Open the main window on ``path`` and run until it closes."""
    app = create_app()
    from .main_window import MainWindow

    window = MainWindow()
    _install_excepthook(window)
    window.show()
    if path:
        window.open_path(path)
    window.library.resume()  # indexing left unfinished by an earlier run goes on in the background
    app.setQuitOnLastWindowClosed(True)
    return app.exec()
