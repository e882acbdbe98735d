"""The library in the window: the 往期 panel, File ▸ Add to Library, 上一期 and
下一期, and the search panel's library scope.

Indexing runs in a child process (``herald library scan --progress json``),
so the window never waits for it and a crash or kill of either side leaves
the index as SQLite's WAL keeps it: whatever was not finished is done by the
next scan, which the window starts by itself when it finds issues still to
index. The child says how far it got, and why it stopped, in JSON lines
(``viewer/library/commands.py``), its messages by id and parameters.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QProcess, Qt
from PySide6.QtWidgets import QFileDialog, QListWidget, QListWidgetItem, QMessageBox

from ..library.store import default_index_path
from ..messages import Foreign, Msg, said
from .i18n import tr
from .messages import shown
from .search_panel import HTML_ROLE, _RichDelegate

if TYPE_CHECKING:
    from ..library.index import IndexUnusable, Library


def _index():
    """The library index's module (its queries, writing and search), loaded
    when the library is first used rather than before the first page is shown."""
    from ..library import index

    return index

HIT_ROLE = Qt.ItemDataRole.UserRole
SHOWN = 200  # results listed for one library search


def hit_html(hit) -> str:
    headline = html.escape((hit.headline or tr("search.hit.other")).replace("\n", " "))
    s = hit.snippet
    shown = (html.escape(s[:hit.start]) + f'<span style="background-color:#FFD54F"><b>{html.escape(s[hit.start:hit.end])}</b></span>'
             + html.escape(s[hit.end:]))
    return f'<b>{html.escape(tr("search.hit.page", number=hit.page))}</b> · {headline}<br/><span>{shown}</span>'


def hit_text(hit) -> str:
    headline = (hit.headline or tr("search.hit.other")).replace("\n", " ")
    return f"{tr('search.hit.page', number=hit.page)} · {headline} · {hit.snippet}"


class LibraryResults(QListWidget):
    """A library search's results, grouped by issue (a heading line for each
    issue, newest first, then its hits in page order)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setItemDelegate(_RichDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.result = None

    def show_result(self, result) -> None:
        self.result = result
        self.clear()
        if result is None:
            return
        for info, hits in result.groups():
            text = tr("search.library.issue", name=info.name, label=info.label, count=len(hits)).replace("  ", " ")
            if info.unreadable:
                text += tr("search.library.unreadable")
            elif not info.present:
                text += tr("search.library.missing")
            head = QListWidgetItem(text)
            head.setData(HTML_ROLE, f"<b>{html.escape(text)}</b>")
            head.setToolTip(str(info.path))
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(head)
            for h in hits:
                item = QListWidgetItem(hit_text(h))
                item.setData(HIT_ROLE, h)
                item.setData(HTML_ROLE, hit_html(h))
                if not info.present:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.addItem(item)

    def retranslate(self) -> None:
        self.show_result(self.result)

    def texts(self) -> list[tuple[str, list[str]]]:
        """(issue line, [hit lines]) as listed, for tests and screen readers."""
        out: list[tuple[str, list[str]]] = []
        for i in range(self.count()):
            item = self.item(i)
            if item.data(HIT_ROLE) is None:
                out.append((item.text(), []))
            else:
                out[-1][1].append(item.text())
        return out

    def hit_items(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count()) if self.item(i).data(HIT_ROLE) is not None]


class LibraryController(QObject):
    """Connects the window, the library panel, the search panel and the index."""

    def __init__(self, window):
        super().__init__(window)
        self.win = window
        self.panel = window.library_panel
        self.results = LibraryResults(window.search)
        window.search.set_library_view(self.results)
        self.process: QProcess | None = None
        self.last_result = None
        self.last_error: str | None = None  # a Msg, or a plain str for words of no message of ours
        self.skipped: list = []  # what the last scan could not read (Msg values)
        self._stdout = ""  # what the indexer said that is not a whole line yet
        self._refused_query = ""
        self._lib: Library | None = None
        self._rescan = False
        self.panel.addRequested.connect(self.choose_folder)
        self.panel.scanRequested.connect(self.scan)
        self.panel.issueRequested.connect(self.open_issue)
        self.results.itemActivated.connect(self._hit_item)
        self.results.itemClicked.connect(self._hit_item)
        window.search.librarySearchRequested.connect(self.search)
        window.documentOpened.connect(lambda _doc: self.update_actions())
        self.update_actions()

    # ------------------------------------------------------------ the index
    def library(self, create: bool = True) -> Library | None:
        """The index, opened once; None (after offering a rebuild) when it
        cannot be used, or when ``create`` is False and there is none yet."""
        if self._lib is None:
            if not create and not default_index_path().is_file():
                return None
            try:
                self._lib = _index().Library()
            except _index().IndexUnusable as exc:
                self.offer_rebuild(exc)
                return None
            except _index().LibraryError as exc:
                self._error(said(exc))
                return None
        return self._lib

    def close(self) -> None:
        self.stop_scan()
        if self._lib is not None:
            self._lib.close()
            self._lib = None

    def offer_rebuild(self, exc: IndexUnusable) -> QMessageBox:
        """Say what is wrong with the index and offer to make it anew."""
        box = QMessageBox(QMessageBox.Icon.Warning, tr("library.damaged.title"),
                          tr("library.damaged.text", error=shown(said(exc))), QMessageBox.StandardButton.Cancel, self.win)
        rebuild = box.addButton(tr("library.rebuild"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(rebuild)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def clicked(button):
            if button is rebuild:
                self.rebuild()

        box.buttonClicked.connect(clicked)
        box.open()
        self.win.last_message = box
        return box

    def rebuild(self) -> None:
        self.stop_scan()
        if self._lib is not None:
            self._lib.close()
            self._lib = None
        try:
            self._lib = _index().Library.rebuild()
        except _index().LibraryError as exc:
            self._error(said(exc))
            self.refresh()  # the scan stopped above is no longer said to run
            return
        self.refresh()
        self.scan()

    def _error(self, text: str) -> None:
        self.last_error = text
        self.win._message(QMessageBox.Icon.Warning, tr("dock.library"), tr("library.error", error=shown(text)))

    def _guarded(self, fn, *args):
        """Run an index call; its failure is a message (a damaged index: the rebuild offer)."""
        try:
            return fn(*args)
        except _index().IndexUnusable as exc:
            if self._lib is not None:
                self._lib.close()
                self._lib = None
            self.offer_rebuild(exc)
        except _index().LibraryError as exc:
            self._error(said(exc))
        return None

    # ------------------------------------------------------------ the panel
    def show_panel(self) -> None:
        self.win.library_dock.show()
        self.win.library_dock.raise_()
        self.refresh()

    def refresh(self) -> None:
        lib = self.library(create=False)
        if lib is None:
            self.panel.set_issues([])
            self.panel.set_idle(tr("library.empty"))
            self.update_actions()
            return

        def read():
            lib.check_folders()
            return lib.issues(), lib.counts()

        got = self._guarded(read)
        if got is None:
            return
        issues, counts = got
        self.panel.set_issues(issues)
        if self.process is None:
            status = (tr("library.status", issues=counts.get("ok", 0), pages=counts["pages"]) if issues
                      else tr("library.empty"))
            # the folders the last scan could not read, each in a line of its own
            self.panel.set_idle("\n".join([status, *(shown(m) for m in self.skipped)]))
        here = self._current_issue()
        if here is not None:
            self.panel.show_issue(here)
        self.update_actions()

    def choose_folder(self) -> None:
        start = str(self.win.path.parent.parent) if self.win.path else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self.win, tr("library.choose"), start)
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder) -> bool:
        """Add a folder and index it in the background."""
        lib = self.library()
        if lib is None:
            return False
        if self._guarded(lib.add_folder, folder) is None:
            return False
        self.show_panel()
        self.scan()
        return True

    # ------------------------------------------------------------ indexing
    @property
    def scanning(self) -> bool:
        return self.process is not None

    def scan(self) -> None:
        """Find new, changed and removed issues and index them, in a child process."""
        if self.process is not None:
            self._rescan = True  # once more when this one ends: a folder was added meanwhile
            return
        lib = self.library()
        if lib is None or not self._guarded(lib.folders):
            return
        proc = QProcess(self)
        proc.setProgram(sys.executable)
        proc.setArguments(["-m", "viewer", "library", "scan", "--progress", "json"])
        proc.readyReadStandardOutput.connect(self._read_progress)
        proc.finished.connect(self._scan_finished)
        proc.errorOccurred.connect(self._scan_error)
        self.process = proc
        self._stdout = ""
        self.last_error = None
        self.skipped = []
        self.panel.set_progress(0, 0, 0, 0)
        self.panel.status.setText(tr("library.scanning"))
        proc.start()

    def _read_progress(self) -> None:
        if self.process is not None:
            self.heard(bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace"))

    def heard(self, text: str, last: bool = False) -> None:
        """What the indexer said, as it comes: one JSON object a line
        (``viewer/library/commands.py``); ``last``: the rest, once it has ended."""
        self._stdout += text
        *lines, self._stdout = self._stdout.split("\n")
        if last:
            lines.append(self._stdout)
            self._stdout = ""
        for line in lines:
            try:
                told = json.loads(line)
            except ValueError:
                continue  # not a line of the protocol (an empty last line)
            if isinstance(told, dict):
                self._heard(told)

    def _heard(self, told: dict) -> None:
        event = told.get("event")
        if event == "progress":
            self.panel.set_progress(told["issues_done"], told["issues_total"], told["pages_done"],
                                    told["pages_total"])
        elif event == "waiting":
            self.panel.status.setText(shown(Msg.from_json(told.get("message", ""))))
        elif event == "report":
            self.skipped = [Msg.from_json(m) for m in told.get("skipped", [])]
        elif event == "error":
            self.last_error = Msg.from_json(told.get("message", ""))

    def _scan_finished(self, code: int, _status) -> None:
        proc, self.process = self.process, None
        if proc is not None:
            self.heard(bytes(proc.readAllStandardOutput()).decode("utf-8", "replace"), last=True)
            if self.last_error is None:
                self.last_error = self._failure_of(proc)
            proc.deleteLater()
        if code != 0 and self.last_error:
            self.win.statusBar().showMessage(tr("library.scan_failed", error=shown(self.last_error)), 8000)
        self.refresh()
        if self._rescan:
            self._rescan = False
            self.scan()

    def _scan_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart and self.process is not None:
            reason = Foreign("qt", error.name, self.process.errorString())  # Qt's words, known by the error's name
            self.last_error = Msg("the indexer could not be started: {reason}", reason=reason)
            self._scan_finished(-1, None)

    @staticmethod
    def _failure_of(proc: QProcess) -> Msg | None:
        """What an indexer that ended outside the protocol said last on
        stderr (a failure nobody foresaw, in the command line's English),
        else None."""
        lines = bytes(proc.readAllStandardError()).decode("utf-8", "replace").splitlines()
        failed = [line[len("error:"):].strip() for line in lines if line.startswith("error:")]
        return Msg("the indexer stopped: {detail}", detail=failed[-1]) if failed else None

    def stop_scan(self) -> None:
        """Stop indexing (the next start goes on where it stopped)."""
        proc, self.process = self.process, None
        if proc is not None:
            proc.finished.disconnect(self._scan_finished)
            proc.errorOccurred.disconnect(self._scan_error)
            proc.kill()
            proc.waitForFinished(5000)
            proc.deleteLater()

    def resume(self) -> None:
        """At start: index what an earlier run left undone."""
        lib = self.library(create=False)
        if lib is not None and self._guarded(lib.unfinished):
            self.scan()

    # ------------------------------------------------------------ issues
    def _current_issue(self):
        if self.win.path is None or self._lib is None:
            return None
        return self._guarded(self._lib.issue_at, self.win.path)

    def open_issue(self, info, page: int = 1) -> bool:
        """Open an issue of the library at its front page (or ``page``)."""
        # a folder that could not be read at the last scan may be readable now: opening it says
        if not (info.present or info.unreadable) or not info.path.is_dir():
            self.win._message(QMessageBox.Icon.Information, tr("dock.library"), tr("library.not_present", path=str(info.path)))
            return False
        if self.win.path is not None and self.win.path == info.path.resolve() and self.win.doc is not None:
            return bool(self.win.go_to_page(page))
        return self.win.open_path(info.path, page=page) is True

    def neighbour(self, step: int):
        if self.win.path is None:
            return None
        lib = self.library(create=False)
        return self._guarded(lib.neighbour, self.win.path, step) if lib is not None else None

    def own_neighbour(self, step: int):
        """The previous or next issue the open issue's source lists itself
        (the date folders of an e-paper site), for when the library has none."""
        doc = self.win.doc
        return doc.source.neighbour_path(step) if doc is not None else None

    def open_neighbour(self, step: int) -> bool:
        """上一期 (step -1) or 下一期 (step 1) of the open issue's paper: from
        the library, else from the issue's own source."""
        info = self.neighbour(step)
        if info is None:
            path = self.own_neighbour(step)
            return path is not None and self.win.open_path(path) is True
        ok = self.open_issue(info)
        if ok:
            self.panel.show_issue(info)
        return ok

    def update_actions(self) -> None:
        for step, action in ((-1, self.win.act_prev_issue), (1, self.win.act_next_issue)):
            action.setEnabled(self.neighbour(step) is not None or self.own_neighbour(step) is not None)

    # ------------------------------------------------------------ search
    def search(self, query: str):
        """Search every issue of the library; the results are listed by issue."""
        query = query.strip()
        panel = self.win.search
        self._refused_query = ""
        if not query:
            self.last_result = None
            self.results.show_result(None)
            panel.count.setText("")
            return None
        lib = self.library(create=False)
        if lib is None or not self._guarded(lib.folders):
            self.results.show_result(None)
            panel.count.setText(tr("search.library.empty"))
            return None
        try:
            result = self._guarded(lib.search, query, None, None, None, SHOWN)
        except _index().QueryError as exc:
            self.last_result = None
            self._refused_query = query  # said again in the other language
            self.results.show_result(None)
            panel.count.setText(shown(said(exc)))
            return None
        if result is None:
            return None
        self.last_result = result
        self.results.show_result(result)
        groups = result.groups()
        if not result.hits:
            panel.count.setText(tr("search.none", query=query))
        elif result.approximate or len(result.hits) < result.total:
            panel.count.setText(tr("search.library.more", count=result.total, shown=len(result.hits)))
        else:
            panel.count.setText(tr("search.library.results", count=result.total, issues=len(groups)))
        return result

    def _hit_item(self, item) -> None:
        hit = item.data(HIT_ROLE) if item is not None else None
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit) -> bool:
        """Open a library result: its issue at its page, the hits of the
        query highlighted by the window's own search."""
        if not self.open_issue(hit.issue, hit.page):
            return False
        found = self.win.run_search(hit.match) or []
        mine = [k for k, h in enumerate(found) if h.page == hit.page]
        best = next((k for k in mine if found[k].article == hit.article), mine[0] if mine else None)
        if best is not None:
            self.win.search.select(best)
            self.win.show_hit(found[best])
        else:
            self.win.go_to_page(hit.page)
        self.panel.show_issue(hit.issue)
        return True

    def retranslate(self) -> None:
        self.results.retranslate()
        if self._lib is not None and self.process is None:
            self.refresh()  # the status line and what the last scan could not read
        if self.win.search.in_library():
            if self.last_result is not None:
                self.search(self.last_result.query)
            elif self._refused_query:
                self.search(self._refused_query)
        self.panel.retranslate()
