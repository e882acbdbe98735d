"""Small dialogs of the window: export choices."""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QRadioButton,
                               QVBoxLayout)

from ..common import UserError, parse_ranges
from ..messages import said
from .i18n import tr
from .messages import shown


class ExportDialog(QDialog):
    """What to export: the current page, a page range, the whole issue, or
    the open article."""

    def __init__(self, parent, current_page: int, page_count: int, article: tuple[str, str] | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("dlg.export.title"))
        self.page_count = page_count
        self.article = article
        self.current = QRadioButton(tr("dlg.export.current", number=current_page), self)
        self.range = QRadioButton(tr("dlg.export.range"), self)
        self.range_text = QLineEdit(self)
        self.range_text.setPlaceholderText(tr("dlg.export.range.tip"))
        self.range_text.setText(str(current_page))
        self.range_text.textEdited.connect(lambda _t: self.range.setChecked(True))
        self.whole = QRadioButton(tr("dlg.export.whole", count=page_count), self)
        if article:
            self.art = QRadioButton(tr("dlg.export.article", headline=article[1].replace("\n", " ")), self)
        else:
            self.art = QRadioButton(tr("dlg.export.no_article"), self)
            self.art.setEnabled(False)
        self.group = QButtonGroup(self)
        for b in (self.current, self.range, self.whole, self.art):
            self.group.addButton(b)
        (self.art if article else self.whole).setChecked(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color:#A01010")
        grid = QGridLayout()
        grid.addWidget(self.current, 0, 0, 1, 2)
        grid.addWidget(self.range, 1, 0)
        grid.addWidget(self.range_text, 1, 1)
        grid.addWidget(self.whole, 2, 0, 1, 2)
        grid.addWidget(self.art, 3, 0, 1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._current_page = current_page

    def choice(self) -> tuple[str, object]:
        """('pages', [numbers]) | ('issue', None) | ('article', id)."""
        if self.current.isChecked():
            return "pages", [self._current_page]
        if self.range.isChecked():
            return "pages", parse_ranges(self.range_text.text(), self.page_count)
        if self.art.isChecked() and self.article:
            return "article", self.article[0]
        return "issue", None

    def _accept(self) -> None:
        try:
            self.choice()
        except UserError as exc:
            self.error.setText(tr("dlg.export.bad_range", error=shown(said(exc))))
            return
        self.accept()
