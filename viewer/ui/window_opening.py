"""Opening an issue in the window: the open dialogs, a dropped folder or
file, the problems found, and what waits until the first page is on
screen.

Mixed into MainWindow (main_window.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from . import messages, settings
from .document import IssueDocument
from .i18n import tr
from .window_messages import guarded


class WindowOpening:
    """Opens issues into the window's page view and panels."""

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
            page = source.start_page or settings.last_page(self.path)
        self.view.set_document(doc, page)
        background = doc.source.background(self.view.current_page)
        if background is not None and not doc.deferred(self.view.current_page):  # shown from its kept picture
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
        # the thumbnails first (read back from the layout cache when kept),
        # then the rest of the issue laid out for its problems and articles
        doc = self.doc
        self.thumbnails.start(then=lambda: doc.start_background() if self.doc is doc else None)

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

    def _page_ready(self, n: int) -> None:
        if n in self.view.visible_pages():
            self.articles.set_pages(self.doc, self.view.visible_pages())

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
                if p.is_dir() or p.suffix.lower() in (".toml", ".json", ".xml", ".htm", ".html"):
                    return p
        return None

    def _problem_file(self, file: str) -> None:
        if self.doc is not None:
            n = self.doc.file_page(file)
            if n is not None:
                self.go_to_page(n)
