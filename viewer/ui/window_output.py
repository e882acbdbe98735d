"""Printing and PDF export from the window: the print preview, the print
dialog, the export dialog, where to save, and the progress of a whole
issue's export.

Mixed into MainWindow (main_window.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QProgressDialog

from . import i18n, settings
from .i18n import tr
from .window_messages import guarded

PRINT_MODE = "fit"  # one newspaper page per sheet, scaled to the paper


class WindowOutput:
    """The window's print and export flows."""

    def _layout(self):
        return self.doc.layout() if self.doc else None

    @guarded
    def print_preview(self, article: str | None = None):
        """Open the print preview of the whole issue (or an article); returns the dialog."""
        if self.doc is None:
            return None
        from ..export.printing import open_print_preview

        layout = self._layout()
        if article:
            al = layout.article(article)
            pages = list(al.pages) if al else []
            dlg = open_print_preview(self, layout, pages, "article", article=article, lang=i18n.language())
        else:
            numbers = [p.number for p in layout.pages]
            current = self.view.current_page
            dlg = open_print_preview(self, layout, numbers, PRINT_MODE,
                                     start_page=current if current in numbers else None, lang=i18n.language())
        self.last_dialog = dlg
        return dlg

    def print_preview_article(self):
        art = self.current_article or self.view.focus_article or self.view.selected_article
        return self.print_preview(article=art) if art else None

    @guarded
    def print_issue(self):
        if self.doc is None:
            return None
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        from ..export.printing import prepare_printer

        layout = self._layout()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, layout, None, PRINT_MODE)
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
        from ..escape import printable

        stem = self.doc.source.file_stem()
        if kind == "article":
            stem += f"-{value}"
        elif kind == "pages":
            stem += "-" + ("-".join(f"{n:02d}" for n in value) if len(value) <= 3 else f"{value[0]:02d}-{value[-1]:02d}")
        # a folder's name and an article's id come from files: escaped, and no separator makes a folder of them
        stem = printable(stem).replace("/", "_").replace("\\", "_")
        return str(settings.export_folder() / f"{stem}.pdf")

    @guarded
    def export_to(self, path, kind: str = "issue", value=None):
        """Export to ``path``: kind 'issue', 'pages' (value: numbers) or 'article' (value: id)."""
        from ..atomic import OutputError, write_error

        try:
            result = self._export(path, kind, value)
        except OSError as exc:  # the system's refusal, worded as the command line words it
            raise OutputError(write_error(exc, path)) from None
        settings.set_export_folder(Path(path).parent)
        self.statusBar().showMessage(tr("dlg.export.done", path=str(path)), 6000)
        return result

    def _export(self, path, kind: str, value):
        from ..export.pdf import export_article_pdf, export_issue_pdf

        doc = self.doc
        if kind == "article":
            # an article's parts all lie in its page group: no need to lay out the rest
            result = export_article_pdf(doc.source, doc.article_group_layout(value) or doc.layout(), value, path)
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
                    QApplication.processEvents()
            layout = doc.assembled()  # every page is drawn: laid out once, dropped after the export
            pages = value if kind == "pages" else None
            try:
                result = export_issue_pdf(doc.source, layout, path, pages)
            finally:
                if progress is not None:
                    progress.setValue(progress.maximum())
                    progress.close()
                    self.thumbnails.start()
        return result
