"""往期: the library panel. Papers, then a month calendar with the issue days
marked (or the whole year, a row of days for each month), then the issues
of the paper; an issue opens at its front page. Issues with problems are
listed with them; issues whose folder is missing are greyed."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (QCalendarWidget, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QProgressBar, QPushButton, QSpinBox, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from ..model.problems import Problem
from . import i18n
from .i18n import tr
from .messages import problem_text

ISSUE_ROLE = Qt.ItemDataRole.UserRole
PAPER_ROLE = Qt.ItemDataRole.UserRole + 1
ISSUE_DAY = QColor("#FFD54F")  # a day with an issue
PROBLEM_DAY = QColor("#F4B6B6")  # a day whose issue has problems
GREY = QColor("#9E9E9E")
NO_ISSUE_DAY = QColor("#ECECEC")
NO_PAPER = ""  # the paper list's key for issues whose paper is unknown


def _problem_line(p) -> str:
    """A problem of a library issue in the interface's language; a plain
    line kept by an index of an earlier format is shown as it was written
    (the next scan reads its issue again)."""
    return problem_text(p) if isinstance(p, Problem) else str(p)


def _qdate(d: _dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


class YearCanvas(QWidget):
    """Twelve small month grids (weeks from Monday); issue days filled."""

    dayClicked = Signal(object)  # datetime.date

    def __init__(self, parent=None):
        super().__init__(parent)
        self.year = _dt.date.today().year
        self.issues: dict[_dt.date, object] = {}
        self.cells: list[tuple[QRectF, _dt.date]] = []
        self.setMouseTracking(True)
        self.setMinimumSize(200, 300)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        cols = 3 if self.width() < 480 else 4
        rows = -(-12 // cols)
        bw, bh = self.width() / cols, self.height() / rows
        title_h = self.fontMetrics().height() + 2
        small = QFont(self.font())
        self.cells = []
        for m in range(12):
            bx, by = (m % cols) * bw, (m // cols) * bh
            first = _dt.date(self.year, m + 1, 1)
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.setFont(self.font())
            p.drawText(QRectF(bx, by, bw, title_h), Qt.AlignmentFlag.AlignCenter,
                       tr("library.month.short", month=m + 1, name=first.strftime("%b")))
            cell = max(4.0, min((bw - 6) / 7, (bh - title_h - 4) / 6))
            x0 = bx + (bw - 7 * cell) / 2
            y0 = by + title_h
            small.setPixelSize(max(6, int(cell * 0.55)))
            p.setFont(small)
            offset = first.weekday()
            day = first
            while day.month == m + 1:
                k = offset + day.day - 1
                r = QRectF(x0 + (k % 7) * cell + 0.5, y0 + (k // 7) * cell + 0.5, cell - 1, cell - 1)
                info = self.issues.get(day)
                if info is not None:
                    p.fillRect(r, ISSUE_DAY if info.state != "invalid" else PROBLEM_DAY)
                    p.setPen(GREY if not info.present else pal.color(QPalette.ColorRole.WindowText))
                else:
                    p.fillRect(r, NO_ISSUE_DAY)
                    p.setPen(GREY)
                if cell >= 12:
                    p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(day.day))
                self.cells.append((r, day))
                day += _dt.timedelta(days=1)
        p.end()

    def day_at(self, pos: QPointF) -> _dt.date | None:
        return next((d for r, d in self.cells if r.contains(pos)), None)

    def mousePressEvent(self, event) -> None:
        day = self.day_at(event.position())
        if day is not None and day in self.issues:
            self.dayClicked.emit(day)

    def mouseMoveEvent(self, event) -> None:
        day = self.day_at(event.position())
        info = self.issues.get(day) if day else None
        self.setToolTip(info.name if info is not None else (day.isoformat() if day else ""))


class YearView(QWidget):
    """A year at a glance, with the year to show above it."""

    issueRequested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.year = QSpinBox(self)
        self.year.setRange(1600, 2999)
        self.year.setValue(_dt.date.today().year)
        self.canvas = YearCanvas(self)
        self.canvas.dayClicked.connect(lambda d: self.issueRequested.emit(self.canvas.issues[d]))
        self.year.valueChanged.connect(self._year_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.year)
        layout.addWidget(self.canvas, 1)

    def retranslate(self) -> None:
        self.canvas.update()

    def set_issues(self, issues: dict[_dt.date, object]) -> None:
        self.canvas.issues = issues
        self.canvas.update()

    def marked(self) -> list[_dt.date]:
        """The issue days of the year shown."""
        return sorted(d for d in self.canvas.issues if d.year == self.year.value())

    def _year_changed(self, year: int) -> None:
        self.canvas.year = year
        self.canvas.update()


class LibraryPanel(QWidget):
    """The library dock's contents. It shows what it is given; the window's
    library controller reads the index and opens issues."""

    issueRequested = Signal(object)  # IssueInfo
    addRequested = Signal()
    scanRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.addRequested)
        self.scan_button = QPushButton(self)
        self.scan_button.clicked.connect(self.scanRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.scan_button)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        self.papers = QListWidget(self)
        self.papers.currentItemChanged.connect(lambda _c, _p: self._paper_changed())
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._day_clicked)
        self.calendar.activated.connect(self._day_clicked)
        self.calendar.currentPageChanged.connect(lambda y, _m: self.year_view.year.setValue(y))
        self.year_view = YearView(self)
        self.year_view.issueRequested.connect(self.issueRequested)
        self.views = QTabWidget(self)
        self.views.addTab(self.calendar, "")
        self.views.addTab(self.year_view, "")
        self.issues = QListWidget(self)
        self.issues.currentItemChanged.connect(lambda c, _p: self._issue_selected(c))
        self.issues.itemActivated.connect(self._issue_activated)
        self.issues.itemDoubleClicked.connect(self._issue_activated)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.hide()

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.papers)
        split.addWidget(self.views)
        split.addWidget(self.issues)
        split.addWidget(self.details)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

        self._all: list = []  # every IssueInfo
        self._by_day: dict[_dt.date, object] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if i18n.language() == "zh"
                                else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        self.add_button.setText(tr("library.add"))
        self.scan_button.setText(tr("library.scan"))
        self.views.setTabText(0, tr("library.month"))
        self.views.setTabText(1, tr("library.year"))
        self.papers.setAccessibleName(tr("library.papers"))
        self.issues.setAccessibleName(tr("library.issues"))
        self.year_view.retranslate()
        if self._all:
            self.set_issues(self._all)

    # ------------------------------------------------------------ contents
    def set_issues(self, issues: list) -> None:
        """Show every issue of the library (IssueInfo values), by paper."""
        current = self.current_paper()
        self._all = list(issues)
        counts: dict[str, int] = {}
        for info in self._all:
            counts[info.paper or NO_PAPER] = counts.get(info.paper or NO_PAPER, 0) + 1
        self.papers.blockSignals(True)
        self.papers.clear()
        for paper in sorted(counts, key=lambda p: (p == NO_PAPER, p)):
            name = paper or tr("library.unknown_paper")
            item = QListWidgetItem(tr("library.paper", paper=name, count=counts[paper]))
            item.setData(PAPER_ROLE, paper)
            self.papers.addItem(item)
        self.papers.blockSignals(False)
        keys = [self.papers.item(i).data(PAPER_ROLE) for i in range(self.papers.count())]
        if keys:
            self.papers.setCurrentRow(keys.index(current) if current in keys else 0)
        else:
            self._paper_changed()

    def paper_names(self) -> list[str]:
        return [self.papers.item(i).data(PAPER_ROLE) for i in range(self.papers.count())]

    def current_paper(self) -> str | None:
        item = self.papers.currentItem()
        return item.data(PAPER_ROLE) if item is not None else None

    def select_paper(self, paper: str | None) -> None:
        keys = self.paper_names()
        key = paper or NO_PAPER
        if key in keys:
            self.papers.setCurrentRow(keys.index(key))

    def show_issue(self, info) -> None:
        """Select ``info``'s paper and show its month with the day selected."""
        self.select_paper(info.paper)
        if info.date is not None:
            self.calendar.setSelectedDate(_qdate(info.date))
            self.calendar.setCurrentPage(info.date.year, info.date.month)
        for i in range(self.issues.count()):
            if self.issues.item(i).data(ISSUE_ROLE).id == info.id:
                self.issues.blockSignals(True)
                self.issues.setCurrentRow(i)
                self.issues.blockSignals(False)

    def _paper_changed(self) -> None:
        paper = self.current_paper()
        mine = [i for i in self._all if (i.paper or NO_PAPER) == paper] if paper is not None else []
        self._by_day = {}
        for info in mine:
            if info.date is not None and (info.date not in self._by_day or info.state == "ok"):
                self._by_day[info.date] = info
        # the calendar: issue days marked
        from PySide6.QtGui import QTextCharFormat  # made when first needed (its enums are many)

        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        for day, info in self._by_day.items():
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(ISSUE_DAY if info.state != "invalid" else PROBLEM_DAY))
            fmt.setFontWeight(QFont.Weight.Bold)
            if not info.present:
                fmt.setForeground(QBrush(GREY))
            self.calendar.setDateTextFormat(_qdate(day), fmt)
        self.year_view.set_issues(self._by_day)
        # the issues, newest first
        self.issues.clear()
        for info in sorted(mine, key=lambda i: (i.date or _dt.date.min, str(i.path)), reverse=True):
            item = QListWidgetItem(self._issue_text(info))
            item.setData(ISSUE_ROLE, info)
            if info.state != "ok" or not info.present:
                item.setForeground(QBrush(GREY))
            item.setToolTip(str(info.path))
            self.issues.addItem(item)
        newest = max(self._by_day) if self._by_day else None
        if newest is not None:
            self.calendar.setCurrentPage(newest.year, newest.month)
            self.year_view.year.setValue(newest.year)
        self.details.hide()

    @staticmethod
    def _issue_text(info) -> str:
        if info.date is not None:
            weekday = tr(f"library.weekday.{info.date.weekday()}")
            text = tr("library.issue", date=info.date.isoformat(), weekday=weekday, label=info.label).strip()
        else:
            text = f"{info.path.name} {info.label}".strip()
        text += " · " + tr("library.issue.pages", pages=info.pages)
        notes = []
        if info.state == "invalid":
            notes.append(tr("library.state.invalid"))
        elif info.state == "pending":
            notes.append(tr("library.state.pending"))
        if info.unreadable:
            notes.append(tr("library.state.unreadable"))
        elif not info.present:
            notes.append(tr("library.state.missing"))
        if notes:
            text += tr("library.issue.notes", notes=tr("library.issue.notes.join").join(notes))
        return text

    def marked_days(self) -> list[_dt.date]:
        """The days the month calendar marks as issue days, in the month shown."""
        y, m = self.calendar.yearShown(), self.calendar.monthShown()
        out = []
        for d in range(1, QDate(y, m, 1).daysInMonth() + 1):
            fmt = self.calendar.dateTextFormat(QDate(y, m, d))
            if fmt.background().color() in (ISSUE_DAY, PROBLEM_DAY) and fmt.background().style() != Qt.BrushStyle.NoBrush:
                out.append(_dt.date(y, m, d))
        return out

    def issue_texts(self) -> list[str]:
        return [self.issues.item(i).text() for i in range(self.issues.count())]

    # ------------------------------------------------------------ progress
    def set_progress(self, done: int, total: int, pages_done: int, pages_total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.show()
        self.status.setText(tr("library.progress", done=done, total=total, pages_done=pages_done, pages_total=pages_total))
        self.scan_button.setEnabled(False)

    def set_idle(self, text: str) -> None:
        self.progress.hide()
        self.status.setText(text)
        self.scan_button.setEnabled(True)

    # ------------------------------------------------------------ choosing
    def _day_clicked(self, qd: QDate) -> None:
        info = self._by_day.get(_dt.date(qd.year(), qd.month(), qd.day()))
        if info is not None:
            self.issueRequested.emit(info)

    def _issue_selected(self, item) -> None:
        info = item.data(ISSUE_ROLE) if item is not None else None
        if info is None:
            return
        if info.date is not None:
            self.calendar.blockSignals(True)
            self.calendar.setSelectedDate(_qdate(info.date))
            self.calendar.setCurrentPage(info.date.year, info.date.month)
            self.calendar.blockSignals(False)
        if info.problems:
            self.details.setPlainText(tr("library.problems", path=str(info.path), count=len(info.problems)) + "\n"
                                      + "\n".join(_problem_line(p) for p in info.problems))
            self.details.show()
        else:
            self.details.hide()

    def _issue_activated(self, item) -> None:
        info = item.data(ISSUE_ROLE) if item is not None else None
        if info is not None:
            self.issueRequested.emit(info)
