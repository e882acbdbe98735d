"""The main window: the page view, page thumbnails (版面导航), the page's
articles (本版标题), the article reader, search, problems, and the menus."""

from __future__ import annotations

import functools
import inspect
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QDialog, QDockWidget, QFileDialog, QInputDialog, QLabel, QMainWindow, QMessageBox,
                               QProgressDialog, QSplitter, QToolBar, QWidget)

from .. import __version__
from . import i18n, messages, settings
from .document import IssueDocument
from .i18n import tr
from .library import LibraryController
from .library_panel import LibraryPanel
from .page_view import PageView
from .problems_panel import ProblemsPanel
from .reader import ReaderPane
from .search_panel import SearchPanel
from .thumbnails import ArticleList, ThumbnailStrip

PRINT_MODE = "fit"  # one newspaper page per sheet, scaled to the paper


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


class MainWindow(QMainWindow):
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

    def _action(self, key: str, slot, shortcut=None, checkable: bool = False) -> QAction:
        act = QAction(self)
        act.setObjectName(key)
        act.setCheckable(checkable)
        if shortcut is not None:
            seqs = shortcut if isinstance(shortcut, list) else [shortcut]
            keys = []
            for s in seqs:
                if isinstance(s, QKeySequence.StandardKey):
                    keys += QKeySequence.keyBindings(s)
                else:
                    keys.append(QKeySequence(s))
            act.setShortcuts(keys)
        act.triggered.connect(lambda _checked=False, f=slot: f())
        self.addAction(act)  # shortcuts work with the menu bar hidden (full screen)
        self._texts[act] = key
        return act

    def _build_actions(self) -> None:
        self._texts: dict[QAction, str] = {}
        SK = QKeySequence.StandardKey
        a = self._action
        self.act_open = a("act.open", self.choose_issue, SK.Open)
        self.act_open_file = a("act.open_file", self.choose_issue_file, "Ctrl+Shift+O")
        self.act_library_add = a("act.library_add", lambda: self.library.choose_folder())
        self.act_library = a("act.library", lambda: self.library.show_panel(), "Ctrl+Shift+L")
        self.act_prev_issue = a("act.prev_issue", lambda: self.library.open_neighbour(-1), "Ctrl+[")
        self.act_next_issue = a("act.next_issue", lambda: self.library.open_neighbour(1), "Ctrl+]")
        self.act_print_preview = a("act.print_preview", self.print_preview, "Ctrl+Shift+P")
        self.act_print = a("act.print", self.print_issue, SK.Print)
        self.act_export = a("act.export_pdf", self.export_pdf, "Ctrl+E")
        self.act_close_window = a("act.close_window", self.close, SK.Close)
        self.act_quit = a("act.quit", self._quit, SK.Quit)
        self.act_copy = a("act.copy", self.copy, SK.Copy)
        self.act_find = a("act.find", self.show_search, SK.Find)
        self.act_find_next = a("act.find_next", lambda: self.search.step(1), SK.FindNext)
        self.act_find_prev = a("act.find_prev", lambda: self.search.step(-1), SK.FindPrevious)
        self.act_fit_page = a("act.fit_page", lambda: self.set_zoom_mode("fit_page"), "Ctrl+1", checkable=True)
        self.act_fit_width = a("act.fit_width", lambda: self.set_zoom_mode("fit_width"), "Ctrl+2", checkable=True)
        self.act_zoom_in = a("act.zoom_in", lambda: self.view.zoom_by(1.25), [SK.ZoomIn, "Ctrl+="])
        self.act_zoom_out = a("act.zoom_out", lambda: self.view.zoom_by(0.8), SK.ZoomOut)
        self.act_actual = a("act.actual_size", lambda: self.view.set_zoom(self.view.actual_size_zoom()), "Ctrl+0")
        zoom_group = QActionGroup(self)
        zoom_group.addAction(self.act_fit_page)
        zoom_group.addAction(self.act_fit_width)
        self.act_single = a("act.single", lambda: self.set_spread(False), checkable=True)
        self.act_spread = a("act.spread", lambda: self.set_spread(True), checkable=True)
        mode_group = QActionGroup(self)
        mode_group.addAction(self.act_single)
        mode_group.addAction(self.act_spread)
        self.act_fullscreen = a("act.fullscreen", self.toggle_full_screen, SK.FullScreen, checkable=True)
        self.act_ocr_overlay = a("act.ocr_overlay", lambda: self.view.set_ocr_overlay(self.act_ocr_overlay.isChecked()),
                                 "Ctrl+Shift+T", checkable=True)
        self.act_ocr_overlay.setEnabled(False)
        self.act_next = a("act.next_page", self.next_page, [SK.MoveToNextPage, "Space"])
        self.act_prev = a("act.prev_page", self.prev_page, [SK.MoveToPreviousPage, "Shift+Space"])
        self.act_first = a("act.first_page", self.view.first_page, ["Home", "Ctrl+Home"])
        self.act_last = a("act.last_page", self.view.last_page, ["End", "Ctrl+End"])
        self.act_goto = a("act.goto_page", self.ask_page, "Ctrl+L")  # Ctrl+G and Ctrl+Shift+G find the next and previous hit
        self.act_back = a("act.back", self.go_back, SK.Back)
        self.act_next_article = a("act.next_article", lambda: self._move_article(True))
        self.act_prev_article = a("act.prev_article", lambda: self._move_article(False))
        self.act_open_article = a("act.open_article", self.open_focused_article)
        self.act_close_article = a("act.close_article", self.escape, "Esc")
        self.act_print_article = a("act.print_article", self.print_preview_article)
        self.act_export_article = a("act.export_article", self.export_current_article, "Ctrl+Shift+E")
        self.act_copy_article = a("act.copy_article", self.reader.copy_text, "Ctrl+Shift+C")
        # Ctrl+Shift+= is Ctrl++ on most keyboards: the reader's text size has keys of its own
        self.act_larger = a("act.text_larger", lambda: self.reader.set_size(self.reader.size_pt + 1),
                            ["Ctrl+Alt+=", "Ctrl+Alt++"])
        self.act_smaller = a("act.text_smaller", lambda: self.reader.set_size(self.reader.size_pt - 1), "Ctrl+Alt+-")
        self.act_lang_zh = a("act.lang_zh", lambda: self.set_language("zh"), checkable=True)
        self.act_lang_en = a("act.lang_en", lambda: self.set_language("en"), checkable=True)
        lang_group = QActionGroup(self)
        lang_group.addAction(self.act_lang_zh)
        lang_group.addAction(self.act_lang_en)
        self.act_about = a("act.about", self.about)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.menu_file = mb.addMenu("")
        self.menu_file.addActions([self.act_open, self.act_open_file])
        self.menu_recent = self.menu_file.addMenu("")
        self.menu_recent.aboutToShow.connect(self._fill_recent)
        self.menu_file.addActions([self.act_library_add, self.act_library])
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_print_preview, self.act_print, self.act_export])
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_close_window, self.act_quit])

        self.menu_edit = mb.addMenu("")
        self.menu_edit.addActions([self.act_copy])
        self.menu_edit.addSeparator()
        self.menu_edit.addActions([self.act_find, self.act_find_next, self.act_find_prev])

        self.menu_view = mb.addMenu("")
        self.menu_view.addActions([self.act_fit_page, self.act_fit_width])
        self.menu_view.addSeparator()
        self.menu_view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_actual])
        self.menu_view.addSeparator()
        self.menu_view.addActions([self.act_single, self.act_spread])
        self.menu_view.addSeparator()
        self.menu_panels = self.menu_view.addMenu("")
        for dock in (self.pages_dock, self.articles_dock, self.search_dock, self.problems_dock, self.library_dock):
            self.menu_panels.addAction(dock.toggleViewAction())
        self.menu_view.addAction(self.act_ocr_overlay)
        self.menu_view.addAction(self.act_fullscreen)

        self.menu_go = mb.addMenu("")
        self.menu_go.addActions([self.act_next, self.act_prev, self.act_first, self.act_last])
        self.menu_go.addSeparator()
        self.menu_go.addActions([self.act_goto, self.act_back])
        self.menu_go.addSeparator()
        self.menu_go.addActions([self.act_prev_issue, self.act_next_issue])

        self.menu_article = mb.addMenu("")
        self.menu_article.addActions([self.act_next_article, self.act_prev_article, self.act_open_article,
                                      self.act_close_article])
        self.menu_article.addSeparator()
        self.menu_article.addActions([self.act_copy_article, self.act_export_article, self.act_print_article])
        self.menu_article.addSeparator()
        self.menu_article.addActions([self.act_larger, self.act_smaller])

        self.menu_language = mb.addMenu("")
        self.menu_language.addActions([self.act_lang_zh, self.act_lang_en])

        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_about)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.act_open])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_first, self.act_prev, self.act_next, self.act_last])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_prev_issue, self.act_next_issue, self.act_library])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_fit_page, self.act_fit_width, self.act_zoom_out, self.act_zoom_in])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_single, self.act_spread])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_find, self.act_print_preview, self.act_export])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

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
        for act, key in self._texts.items():
            act.setText(tr(key))
        for menu, key in ((self.menu_file, "menu.file"), (self.menu_edit, "menu.edit"), (self.menu_view, "menu.view"),
                          (self.menu_go, "menu.go"), (self.menu_article, "menu.article"),
                          (self.menu_language, "menu.language"), (self.menu_help, "menu.help"),
                          (self.menu_recent, "menu.recent"), (self.menu_panels, "menu.panels")):
            menu.setTitle(tr(key))
        self.pages_dock.setWindowTitle(tr("dock.pages"))
        self.articles_dock.setWindowTitle(tr("dock.articles"))
        self.search_dock.setWindowTitle(tr("dock.search"))
        self.library_dock.setWindowTitle(tr("dock.library"))
        self._update_problems_title()
        self.toolbar.setWindowTitle(tr("toolbar.main"))
        self.act_lang_zh.setChecked(i18n.language() == "zh")
        self.act_lang_en.setChecked(i18n.language() == "en")
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

    def _sync_checks(self) -> None:
        self.act_fit_page.setChecked(self.view.zoom_mode == "fit_page")
        self.act_fit_width.setChecked(self.view.zoom_mode == "fit_width")
        if self.view.zoom_mode == "free":
            for act in (self.act_fit_page, self.act_fit_width):
                group = act.actionGroup()
                group.setExclusive(False)
                act.setChecked(False)
                group.setExclusive(True)
        self.act_single.setChecked(not self.view.spread)
        self.act_spread.setChecked(self.view.spread)

    # ------------------------------------------------------------ messages
    def show_error(self, exc: BaseException | str) -> None:
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

    # ------------------------------------------------------------ opening
    def choose_issue(self) -> None:
        """An issue folder: ours, or a library's package (METS with ALTO)."""
        start = str(self.path.parent) if self.path else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, tr("dlg.open.title"), start)
        if folder:
            self.open_path(folder)

    def choose_issue_file(self) -> None:
        """An issue file: issue.toml or issue.json, a METS file, an ALTO file."""
        start = str(self.path.parent) if self.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, tr("dlg.open.file_title"), start, tr("dlg.open.file_filter"))
        if path:
            self.open_path(path)

    @guarded
    def open_path(self, path, layout=None, page: int | None = None, data=None) -> bool:
        """Open an issue (a folder or file of ours, a METS/ALTO package);
        problems are listed, valid pages shown. ``layout``/``data`` may be
        given when already built (tests, screenshot)."""
        from ..issue import as_issue, issue_path_problem, open_issue
        from ..model import IssueLoadError

        path = Path(path)
        why = issue_path_problem(path) if data is None else None
        if why:
            if self.doc is None:
                from ..model import Problem

                self.problems.set_problems([Problem(str(path), "", why)])
                self._update_problems_title()
                self.problems_dock.show()
            self._message(QMessageBox.Icon.Warning, tr("dlg.open.title"),
                          tr("dlg.open.cannot_why", reason=messages.shown(why)))
            return False
        try:
            source = data if data is not None else open_issue(path)
        except IssueLoadError as exc:  # a package of which no page can be opened
            source, problems = None, list(exc.problems)
        else:
            source = as_issue(source)
            problems = list(source.problems)
        if source is None or not source.usable:
            if self.doc is None:
                self.problems.set_problems(problems)
                self._update_problems_title()
                self.problems_dock.show()
            listing = "\n".join(messages.problem_text(p) for p in problems[:12])
            self._message(QMessageBox.Icon.Warning, tr("dlg.open.title"),
                          tr("dlg.open.not_issue", path=str(path), problems=listing))
            return False
        if self.doc is not None:
            self._save_place()
            self.doc.stop_background()
            self.doc.deleteLater()
        doc = IssueDocument(source, layout, self)
        self.doc = doc
        self.path = path.resolve()
        self._history.clear()
        self._query = ""
        self._hits = []
        self._first_paint_done = False
        settings.add_recent(self.path)
        self.close_article()
        from . import search_panel

        search_panel.page_name = lambda n, d=doc: d.caption(n, "short")
        self.search.show_hits("", [])
        if page is None:
            page = settings.last_page(self.path)
        self.view.set_document(doc, page)
        background = doc.source.background(self.view.current_page)
        if background is not None:
            self.view.decode_soon(self.view.current_page, background)
        self.thumbnails.set_document(doc)
        self.thumbnails.set_current(self.view.visible_pages())
        self.articles.set_pages(doc, self.view.visible_pages())
        self.problems.set_problems(doc.problems)
        self._update_problems_title()
        self.problems_dock.setVisible(bool(doc.source.errors))
        doc.pageReady.connect(self._page_ready)
        doc.completed.connect(self.check_problems)  # the fit checks of the last pages laid out
        self._update_title()
        self._page_changed(self.view.current_page, save=False)
        self.statusBar().showMessage(tr("status.opened", title=doc.title()), 4000)
        ocr = doc.source.ocr_layer
        self.act_ocr_overlay.setEnabled(ocr)
        if not ocr:
            self.act_ocr_overlay.setChecked(False)
            self.view.set_ocr_overlay(False)
        self.documentOpened.emit(doc)
        if self.view.isVisible():
            self.view.viewport().update()
        return True

    def _painted(self, pages, exact: bool) -> None:
        # the rest waits until the first page is on screen whole (a scan too)
        if not self._first_paint_done and pages and exact and self.doc is not None:
            self._first_paint_done = True
            # the rest waits until the first page is on screen
            QTimer.singleShot(0, self._after_first_paint)

    @guarded
    def _after_first_paint(self) -> None:
        if self.doc is None:
            return
        self.check_problems()
        self.doc.start_background()
        self.thumbnails.start()

    @guarded
    def check_problems(self) -> list:
        """List every problem, as ``validate`` does."""
        if self.doc is None:
            return []
        problems = self.doc.check()
        self.problems.set_problems(problems)
        self._update_problems_title()
        if any(p.severity == "error" for p in problems):
            self.problems_dock.show()
        return problems

    def _update_problems_title(self) -> None:
        errors, warnings = self.problems.counts()
        self.problems_dock.setWindowTitle(tr("dock.problems.count", errors=errors, warnings=warnings)
                                          if errors or warnings else tr("dock.problems"))

    def _update_title(self) -> None:
        self.setWindowTitle(tr("window.title", title=self.doc.title()) if self.doc else tr("window.empty"))

    def _page_ready(self, n: int) -> None:
        if n in self.view.visible_pages():
            self.articles.set_pages(self.doc, self.view.visible_pages())

    def _fill_recent(self) -> None:
        self.menu_recent.clear()
        items = settings.recent_issues()
        if not items:
            act = self.menu_recent.addAction(tr("menu.recent.empty"))
            act.setEnabled(False)
        for i, item in enumerate(items):
            act = self.menu_recent.addAction(f"&{i + 1} {item}" if i < 9 else item)
            act.triggered.connect(lambda _c=False, p=item: self.open_path(p))
        self.menu_recent.addSeparator()
        clear = self.menu_recent.addAction(tr("menu.recent.clear"))
        clear.triggered.connect(lambda _c=False: settings.clear_recent())

    def dragEnterEvent(self, event) -> None:
        if self._dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = self._dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(path))

    @staticmethod
    def _dropped_path(mime) -> Path | None:
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                p = Path(url.toLocalFile())
                if p.is_dir() or p.suffix.lower() in (".toml", ".json", ".xml"):
                    return p
        return None

    # ------------------------------------------------------------ pages
    @guarded
    def go_to_page(self, number: int) -> bool:
        if self.doc is None:
            return False
        prev = self.view.current_page
        ok = self.view.set_page(number)
        if ok and prev:
            self._history.append(prev)
        return ok

    def next_page(self) -> None:
        self.view.next_page()

    def prev_page(self) -> None:
        self.view.prev_page()

    def go_back(self) -> None:
        if self._history:
            self.view.set_page(self._history.pop())

    def ask_page(self) -> None:
        if self.doc is None:
            return
        dlg = QInputDialog(self)
        dlg.setWindowTitle(tr("dlg.goto.title"))
        dlg.setLabelText(tr("dlg.goto.label", count=self.doc.page_count))
        dlg.setInputMode(QInputDialog.InputMode.IntInput)
        dlg.setIntRange(min(self.doc.numbers), max(self.doc.numbers))
        dlg.setIntValue(self.view.current_page)
        dlg.intValueSelected.connect(self.go_to_page)
        dlg.open()
        self.last_dialog = dlg

    def _page_changed(self, n: int, save: bool = True) -> None:
        if self.doc is None or not n:
            self.page_label.setText("")
            return
        visible = self.view.visible_pages()
        self.thumbnails.set_current(visible)
        self.articles.set_pages(self.doc, visible)
        self.articles.select_article(self.view.selected_article)
        idx = self.doc.numbers.index(n) + 1
        self.page_label.setText(self.doc.caption(n, "status", index=idx, count=self.doc.page_count))
        if save and self.path:
            settings.set_last_page(self.path, n)

    def _zoom_changed(self, _zoom: float) -> None:
        self.zoom_label.setText(tr("zoom.status", percent=self.view.zoom_percent()))
        self._sync_checks()

    def set_zoom_mode(self, mode: str) -> None:
        self.view.set_zoom_mode(mode)
        self._sync_checks()

    def set_spread(self, on: bool) -> None:
        self.view.set_spread(on)
        self._sync_checks()
        self._page_changed(self.view.current_page, save=False)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.act_fullscreen.setChecked(self.isFullScreen())

    # ------------------------------------------------------------ articles
    def _article_from_list(self, article_id: str) -> None:
        page = next((n for n, a, _ in self.view.focus_order() if a == article_id), None)
        if page is not None:
            self.view.set_focus_article(page, article_id)
        self.open_article(article_id)

    @guarded
    def open_article(self, article_id: str) -> bool:
        if self.doc is None:
            return False
        if not self.reader.show_article(self.doc, article_id, self._query or None):
            return False
        if not self.reader.isVisible():
            self.reader.show()
            total = sum(self.splitter.sizes()) or self.splitter.width()
            reader_w = max(self.reader.minimumWidth(), min(560, round(total * 0.36)))
            self.splitter.setSizes([total - reader_w, reader_w])
        self.view.set_selected_article(article_id)
        self.articles.select_article(article_id)
        return True

    def close_article(self) -> None:
        self.reader.hide()
        self.reader.clear()
        self.view.set_selected_article(None)

    def escape(self) -> None:
        if self.reader.isVisible():
            self.close_article()
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.isFullScreen():
            self.toggle_full_screen()
        else:
            self.view.set_focus_article(None)
            self.view.set_selected_article(None)

    def open_focused_article(self) -> None:
        if self.view.focus_article:
            self.open_article(self.view.focus_article)

    def _move_article(self, forward: bool) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.move_focus(forward)

    @property
    def current_article(self) -> str | None:
        return self.reader.article_id if self.reader.isVisible() else None

    @guarded
    def follow_link(self, page: int, article: str | None) -> None:
        """A guide entry or a jump line: go to the page and show the article."""
        self.go_to_page(page)
        if article:
            self.view.set_selected_article(article, reveal=True)
            self.articles.select_article(article)
            if self.reader.isVisible():
                self.open_article(article)

    def copy(self) -> None:
        if self.reader.isVisible():
            self.reader.copy_text()

    # ------------------------------------------------------------ search
    def show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus_field()

    def _search_panel_shown(self, visible: bool) -> None:
        """Closing the search panel takes its highlights off the page and the
        reader; opening it again puts back those of its query."""
        if self.doc is None or (visible and not self.search.query):
            return
        if visible:
            self._query, self._hits = self.search.query, list(self.search.hits)
        else:
            self._query, self._hits = "", []
        self.view.set_search_hits(self._hits)
        if not visible:
            self.view.set_current_hit(None)
        self.reader.set_query(self._query or None)

    @guarded
    def run_search(self, query: str) -> list:
        from ..layout.search import search_issue

        query = query.strip()
        self._query = query
        if self.doc is None or not query:
            self._hits = []
        else:
            self._hits = search_issue(self.doc.layout(), query)
        self.search.show_hits(query, self._hits)
        self.view.set_search_hits(self._hits)
        self.reader.set_query(query or None)
        if self._hits:
            self.search.select(0)
        return self._hits

    @guarded
    def show_hit(self, hit) -> None:
        if hit is None:
            return
        self.go_to_page(hit.page)
        self.view.set_current_hit(hit.page, hit.rects)
        if self.reader.isVisible() and hit.article:
            if self.reader.article_id != hit.article:
                self.open_article(hit.article)
            self.reader.scroll_to_hit()

    # ------------------------------------------------------------ printing and export
    def _layout(self):
        return self.doc.layout() if self.doc else None

    @guarded
    def print_preview(self, article: str | None = None):
        """Open the print preview of the whole issue (or an article); returns the dialog."""
        if self.doc is None:
            return None
        try:
            from ..export.printing import open_print_preview
        except ImportError:
            self._message(QMessageBox.Icon.Information, tr("act.print_preview"), tr("dlg.print.missing"))
            return None
        layout = self._layout()
        if article:
            al = layout.article(article)
            pages = list(al.pages) if al else []
            dlg = open_print_preview(self, layout, pages, "article", article=article)
        else:
            numbers = [p.number for p in layout.pages]
            current = self.view.current_page
            dlg = open_print_preview(self, layout, numbers, PRINT_MODE,
                                     start_page=current if current in numbers else None)
        self.last_dialog = dlg
        return dlg

    def print_preview_article(self):
        art = self.current_article or self.view.focus_article or self.view.selected_article
        return self.print_preview(article=art) if art else None

    @guarded
    def print_issue(self):
        if self.doc is None:
            return None
        try:
            from ..export import printing  # noqa: F401
        except ImportError:
            self._message(QMessageBox.Icon.Information, tr("act.print"), tr("dlg.print.missing"))
            return None
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        layout = self._layout()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        try:
            from ..export.printing import prepare_printer

            prepare_printer(printer, layout, None, PRINT_MODE)
        except ImportError:
            pass
        dlg = QPrintDialog(printer, self)
        dlg.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dlg.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dlg.setMinMax(1, len(layout.pages))
        numbers = [p.number for p in layout.pages]

        def accepted():
            try:
                mode = dlg.printRange()
                if mode == QAbstractPrintDialog.PrintRange.PageRange:
                    chosen = [n for n in numbers if dlg.fromPage() <= n <= dlg.toPage()]
                elif mode == QAbstractPrintDialog.PrintRange.CurrentPage:
                    chosen = [self.view.current_page]
                else:
                    chosen = numbers
            except Exception as exc:  # noqa: BLE001
                self.show_error(exc)
                return
            self.print_to(printer, chosen)

        dlg.accepted.connect(accepted)
        QDialog.open(dlg)  # QPrintDialog's binding hides the plain open(); never exec()
        self.last_dialog = dlg
        return dlg

    @guarded
    def print_to(self, printer, pages: list[int]) -> int:
        """Print ``pages`` on a printer that is set up; returns the sheet count."""
        from ..export.printing import print_pages

        return print_pages(printer, self._layout(), pages, PRINT_MODE)

    @guarded
    def export_pdf(self):
        """Ask what to export (page range, whole issue, current article), then where."""
        if self.doc is None:
            return None
        from .dialogs import ExportDialog

        art = self.current_article
        article = (art, self.doc.reading(art).headline) if art else None
        dlg = ExportDialog(self, self.view.current_page, self.doc.page_count, article)

        def accepted():
            kind, value = dlg.choice()
            name = self._default_pdf_name(kind, value)
            path, _ = QFileDialog.getSaveFileName(self, tr("dlg.export.save"), name, tr("dlg.export.filter"))
            if path:
                self.export_to(path, kind, value)

        dlg.accepted.connect(accepted)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def export_current_article(self) -> None:
        art = self.current_article or self.view.focus_article or self.view.selected_article
        if not art or self.doc is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("dlg.export.save"), self._default_pdf_name("article", art),
                                              tr("dlg.export.filter"))
        if path:
            self.export_to(path, "article", art)

    def _default_pdf_name(self, kind: str, value) -> str:
        stem = self.doc.source.file_stem()
        if kind == "article":
            stem += f"-{value}"
        elif kind == "pages":
            stem += "-" + ("-".join(f"{n:02d}" for n in value) if len(value) <= 3 else f"{value[0]:02d}-{value[-1]:02d}")
        return str(settings.export_folder() / f"{stem}.pdf")

    @guarded
    def export_to(self, path, kind: str = "issue", value=None):
        """Export to ``path``: kind 'issue', 'pages' (value: numbers) or 'article' (value: id)."""
        try:
            from ..export import pdf
        except ImportError:
            self._message(QMessageBox.Icon.Information, tr("act.export_pdf"), tr("dlg.export.missing"))
            return None
        doc = self.doc
        if kind == "article":
            # an article's parts all lie in its page group: no need to lay out the rest
            result = pdf.export_article_pdf(doc.source, doc.article_group_layout(value) or doc.layout(), value, path)
        else:
            progress = None
            if kind == "issue":
                # idle work would slow the export down while the dialog runs the event loop
                self.thumbnails.stop()
                self.view.stop_background()
                progress = QProgressDialog(tr("dlg.export.progress"), tr("dlg.export.cancel"), 0,
                                           doc.page_count + 1, self)
                progress.setWindowModality(Qt.WindowModality.WindowModal)
                progress.setMinimumDuration(0)
                progress.setCancelButton(None)
                progress.setValue(0)
                progress.show()
                self.last_dialog = progress
                # the layout is finished first, a page group at a time, then written
                for done, total in doc.layout_steps():
                    progress.setValue(done)
                    progress.setLabelText(tr("dlg.export.progress.page", done=done, total=total))
                    from PySide6.QtWidgets import QApplication

                    QApplication.processEvents()
            layout = doc.assembled()  # every page is drawn: laid out once, dropped after the export
            pages = value if kind == "pages" else None
            kwargs = {}
            if progress is not None and "progress" in inspect.signature(pdf.export_issue_pdf).parameters:
                kwargs["progress"] = lambda done, total: progress.setValue(min(progress.maximum() - 1, done))
            try:
                result = pdf.export_issue_pdf(doc.source, layout, path, pages, **kwargs)
            finally:
                if progress is not None:
                    progress.setValue(progress.maximum())
                    progress.close()
                    self.thumbnails.start()
        settings.set_export_folder(Path(path).parent)
        self.statusBar().showMessage(tr("dlg.export.done", path=str(path)), 6000)
        return result

    # ------------------------------------------------------------ other
    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        settings.set_language(lang)
        self.retranslate()

    def about(self) -> None:
        self._message(QMessageBox.Icon.Information, tr("dlg.about.title"), tr("dlg.about.text", version=__version__))

    def _problem_file(self, file: str) -> None:
        if self.doc is not None:
            n = self.doc.file_page(file)
            if n is not None:
                self.go_to_page(n)

    def _quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.close()
        QApplication.quit()

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
