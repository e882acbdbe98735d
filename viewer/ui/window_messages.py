"""How the window tells the reader something: message boxes that never
block, and slots that show their failure instead of ending the program.

Mixed into MainWindow (main_window.py).
"""

from __future__ import annotations

import functools
import sys
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from .. import __version__
from ..messages import Msg
from . import messages
from .i18n import tr


def guarded(fn):
    """A slot that shows its failure as a message instead of ending the program."""

    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the window must survive any failure
            self.show_error(exc)
            return None

    return wrapper


class WindowMessages:
    """The window's message boxes; ``errors`` and ``last_message`` are the
    window's, for tests to read."""

    def show_error(self, exc: BaseException | Msg) -> None:
        """A failure in a message box, in the interface's language: an
        exception (worded by what it was raised with) or a message of ours."""
        text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        if not isinstance(exc, str):
            traceback.print_exception(exc, file=sys.stderr)
        self.errors.append(text)
        shown = messages.shown(exc) if isinstance(exc, str) else messages.shown_error(exc)
        self._message(QMessageBox.Icon.Critical, tr("dlg.error.title"), tr("dlg.error.text", error=shown))

    def _message(self, icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()  # never blocks: the window stays responsive and tests never hang
        self.last_message = box
        return box

    def about(self) -> None:
        self._message(QMessageBox.Icon.Information, tr("dlg.about.title"), tr("dlg.about.text", version=__version__))
