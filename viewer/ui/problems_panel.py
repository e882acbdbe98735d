"""The list of an issue's problems: file, place and message, the same as
``python -m viewer validate`` prints, in the interface's language."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from .i18n import tr
from .messages import problem_columns, problem_text

PROBLEM_ROLE = Qt.ItemDataRole.UserRole


class ProblemsPanel(QWidget):
    fileActivated = Signal(str)  # the file of a problem that was double-clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnCount(3)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(lambda item, _c: self.fileActivated.emit(item.data(0, PROBLEM_ROLE).file))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        self.problems: list = []
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([tr("problems.file"), tr("problems.where"), tr("problems.message")])
        self.tree.setAccessibleName(tr("dock.problems"))
        self.intro.setText(tr("problems.intro"))
        self.set_problems(self.problems)

    def set_problems(self, problems) -> None:
        self.problems = list(problems)
        self.tree.clear()
        for p in self.problems:
            columns = file, where, msg = problem_columns(p)
            if p.severity != "error":
                msg = tr("problems.warning", message=msg)
            item = QTreeWidgetItem([file, where, msg])
            item.setData(0, PROBLEM_ROLE, p)
            item.setToolTip(2, problem_text(p, columns))
            if p.severity == "error":
                item.setForeground(2, QColor("#A01010"))
            self.tree.addTopLevelItem(item)
        self.intro.setVisible(any(p.severity == "error" for p in self.problems))

    def counts(self) -> tuple[int, int]:
        errors = sum(1 for p in self.problems if p.severity == "error")
        return errors, len(self.problems) - errors

    def lines(self) -> list[str]:
        """Each listed problem as validate prints it (for tests)."""
        return [str(self.tree.topLevelItem(i).data(0, PROBLEM_ROLE)) for i in range(self.tree.topLevelItemCount())]

    def rows(self) -> list[tuple[str, str, str]]:
        """(file, place, message) of each listed problem as the panel shows it."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [(it.text(0), it.text(1), it.text(2)) for it in items]
