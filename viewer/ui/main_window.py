"""The main window: the page view and the article reader side by side,
the docked panels (版面导航 page thumbnails, 本版标题 the page's articles,
search, problems, the library), the status bar, and the signals between
them. What the window does is in its parts: window_actions.py (actions,
menus, toolbar), window_opening.py (opening an issue),
window_navigation.py (pages, articles, search), window_output.py
(printing and export) and window_messages.py (message boxes).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from . import settings
from .document import IssueDocument
from .i18n import tr
from .library import LibraryController
from .library_panel import LibraryPanel
from .page_view import PageView
from .problems_panel import ProblemsPanel
from .reader import ReaderPane
from .search_panel import SearchPanel
from .thumbnails import ArticleList, ThumbnailStrip
from .window_actions import WindowActions
from .window_messages import WindowMessages
from .window_navigation import WindowNavigation
from .window_opening import WindowOpening
from .window_output import WindowOutput


class MainWindow(WindowActions, WindowOpening, WindowNavigation, WindowOutput, WindowMessages, QMainWindow):
    documentOpened = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc: IssueDocument | None = None
        self.path: Path | None = None
        self.errors: list[str] = []  # failures shown to the reader (tests look here)
        self.last_message: QMessageBox | None = None
        self.last_dialog = None
        self._history: list[int] = []
        self._query = ""
        self._hits: list = []
        self._first_paint_done = False
        self.setObjectName("HeraldMainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        # central: the page and the reader side by side
        self.view = PageView(self)
        self.reader = ReaderPane(self, settings.reader_size())
        self.reader.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        # docks
        self.thumbnails = ThumbnailStrip(self)
        self.articles = ArticleList(self)
        self.search = SearchPanel(self)
        self.problems = ProblemsPanel(self)
        self.pages_dock = self._dock("pages", self.thumbnails, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.articles_dock = self._dock("articles", self.articles, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.search_dock = self._dock("search", self.search, Qt.DockWidgetArea.RightDockWidgetArea)
        self.problems_dock = self._dock("problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.library_panel = LibraryPanel(self)
        self.library_dock = self._dock("library", self.library_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.search_dock.hide()
        self.problems_dock.hide()
        self.library_dock.hide()
        self.resizeDocks([self.pages_dock, self.articles_dock], [170, 250], Qt.Orientation.Horizontal)
        # the side panels' widths as the reader left them: a window made small
        # squeezes them, and they come back when it grows again
        self._dock_widths = {self.pages_dock: 170, self.articles_dock: 250, self.search_dock: 320}
        self._window_width = 0
        self._restoring_docks = False
        for dock in self._dock_widths:
            dock.installEventFilter(self)

        # status bar
        self.page_label = QLabel(self)
        self.zoom_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.page_label)
        self.statusBar().addPermanentWidget(self.zoom_label)

        self._build_actions()
        self._build_menus()
        self._connect()
        self.library = LibraryController(self)

        mode = settings.zoom_mode()
        self.view.set_spread(settings.spread())
        if mode == "free":
            self.view._zoom = settings.zoom_factor()
        self.view.set_zoom_mode(mode)
        self.retranslate()
        geometry, state = settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 950)
        if state is not None:
            self.restoreState(state)
            self.search_dock.hide()  # search opens with Ctrl+F
        if self.library_dock.isVisible():
            self.library.refresh()

    # ------------------------------------------------------------ building
    def _dock(self, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        v = self.view
        v.pageChanged.connect(self._page_changed)
        v.zoomChanged.connect(self._zoom_changed)
        v.articleClicked.connect(self.open_article)
        v.articleActivated.connect(self.open_article)
        v.articleHovered.connect(self.articles.mark_hover)
        v.focusArticleChanged.connect(self.articles.select_article)
        v.linkActivated.connect(self.follow_link)
        v.painted.connect(self._painted)
        v.pageRendered.connect(self.thumbnails.page_rendered)
        self.thumbnails.pageRequested.connect(self.go_to_page)
        self.articles.articleRequested.connect(self._article_from_list)
        self.articles.articleHovered.connect(self.view.set_hover_article)
        self.reader.closed.connect(self.close_article)
        self.reader.exportRequested.connect(lambda aid: self.export_current_article())
        self.reader.sizeChanged.connect(settings.set_reader_size)
        self.search.searchRequested.connect(self.run_search)
        self.search_dock.visibilityChanged.connect(self._search_panel_shown)
        self.search.hitActivated.connect(self.show_hit)
        self.problems.fileActivated.connect(self._problem_file)

    def retranslate(self) -> None:
        self._retranslate_actions()
        self.pages_dock.setWindowTitle(tr("dock.pages"))
        self.articles_dock.setWindowTitle(tr("dock.articles"))
        self.search_dock.setWindowTitle(tr("dock.search"))
        self.library_dock.setWindowTitle(tr("dock.library"))
        self._update_problems_title()
        self.view.retranslate()
        self.thumbnails.retranslate()
        self.reader.retranslate()
        self.search.retranslate()
        self.problems.retranslate()
        self.library.retranslate()
        if self.doc is not None:
            self.articles.set_pages(self.doc, self.view.visible_pages())
            self.articles.setAccessibleName(tr("dock.articles"))
        self._update_title()
        self._page_changed(self.view.current_page, save=False)
        self._zoom_changed(self.view.zoom)
        self._sync_checks()

    def _update_problems_title(self) -> None:
        errors, warnings = self.problems.counts()
        self.problems_dock.setWindowTitle(tr("dock.problems.count", errors=errors, warnings=warnings)
                                          if errors or warnings else tr("dock.problems"))

    def _update_title(self) -> None:
        self.setWindowTitle(tr("window.title", title=self.doc.title()) if self.doc else tr("window.empty"))

    # ------------------------------------------------------------ settings
    def _save_place(self) -> None:
        if self.path and self.view.current_page:
            settings.set_last_page(self.path, self.view.current_page)

    def save_settings(self) -> None:
        self._save_place()
        settings.set_zoom(self.view.zoom_mode, self.view.zoom)
        settings.set_spread(self.view.spread)
        settings.set_window_state(self.saveGeometry(), self.saveState())
        settings.sync()

    def closeEvent(self, event) -> None:
        try:
            self.save_settings()
        finally:
            if self.doc is not None:
                self.doc.stop_background()
            self.library.close()
            self.view.stop_background()
            self.thumbnails.stop()
            super().closeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(1400, 950)

    # ------------------------------------------------------------ panel widths
    def eventFilter(self, obj, event) -> bool:
        if (event.type() == QEvent.Type.Resize and obj in getattr(self, "_dock_widths", {}) and self.isVisible()
                and not self._restoring_docks and self.width() == self._window_width and not obj.isFloating()):
            # the window kept its size: the reader dragged the panel's edge
            self._dock_widths[obj] = obj.width()
        return super().eventFilter(obj, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        grew = event.size().width() > event.oldSize().width() >= 0
        self._window_width = self.width()
        if grew:
            QTimer.singleShot(0, self.restore_panel_widths)

    def restore_panel_widths(self) -> None:
        """Give the side panels back the widths the reader chose, when a
        smaller window squeezed them and there is room again."""
        docks = [d for d in self._dock_widths if d.isVisible() and not d.isFloating()]
        narrow = [d for d in docks if d.width() < self._dock_widths[d] - 2]
        if not narrow:
            return
        room = self.centralWidget().width() - 420  # the page keeps at least this much
        need = sum(self._dock_widths[d] - d.width() for d in narrow)
        if room <= 0:
            return
        share = min(1.0, room / need)
        self._restoring_docks = True
        try:
            self.resizeDocks(narrow, [round(d.width() + (self._dock_widths[d] - d.width()) * share) for d in narrow],
                             Qt.Orientation.Horizontal)
        finally:
            self._restoring_docks = False
