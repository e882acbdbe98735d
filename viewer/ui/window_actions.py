"""The window's actions, menus and toolbar: each action with its key and
shortcut, the menus and the toolbar that show them, their texts in the
interface's language, and the check marks that follow the view.

Mixed into MainWindow (main_window.py), whose slots the actions call.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QToolBar

from . import i18n, settings
from .i18n import tr


class WindowActions:
    """Builds ``act_*``, ``menu_*`` and ``toolbar`` on the window."""

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

    def _retranslate_actions(self) -> None:
        """The actions', menus' and toolbar's texts in the interface's language."""
        for act, key in self._texts.items():
            act.setText(tr(key))
        for menu, key in ((self.menu_file, "menu.file"), (self.menu_edit, "menu.edit"), (self.menu_view, "menu.view"),
                          (self.menu_go, "menu.go"), (self.menu_article, "menu.article"),
                          (self.menu_language, "menu.language"), (self.menu_help, "menu.help"),
                          (self.menu_recent, "menu.recent"), (self.menu_panels, "menu.panels")):
            menu.setTitle(tr(key))
        self.toolbar.setWindowTitle(tr("toolbar.main"))
        self.act_lang_zh.setChecked(i18n.language() == "zh")
        self.act_lang_en.setChecked(i18n.language() == "en")

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

    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        settings.set_language(lang)
        self.retranslate()

    def _quit(self) -> None:
        self.close()
        QApplication.quit()
