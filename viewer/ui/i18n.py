"""Every string of the interface by its key, in English; the Chinese forms
are in the ``ui`` catalogue (resources/translations/zh_CN/LC_MESSAGES/ui.po),
each under its key as the context (msgctxt) and the English as msgid.

``tr(key, **values)`` gives the string in the current language. The
language is Chinese when the system locale is Chinese, unless the reader
chose otherwise (remembered in the settings).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..messages import Msg, Names, catalogue

LANGUAGES = ("zh", "en")

# key: English
STRINGS: dict[str, str] = {
    "app.name": "Herald e-paper",
    "window.title": "{title} — Herald e-paper",
    "issue.title": "{paper}, {date}",
    "window.empty": "Herald e-paper",
    # menus
    "menu.file": "&File",
    "menu.edit": "&Edit",
    "menu.view": "&View",
    "menu.go": "&Go",
    "menu.article": "&Article",
    "menu.language": "&Language",
    "menu.help": "&Help",
    "menu.recent": "Open &Recent",
    "menu.recent.empty": "(none)",
    "menu.recent.clear": "Clear List",
    "menu.panels": "Panels",
    # actions
    "act.open": "&Open…",
    "act.open_file": "Open &File…",
    "act.ocr_overlay": "OCR &Text over the Scan",
    "act.print_preview": "Print Pre&view…",
    "act.print": "&Print…",
    "act.export_pdf": "&Export PDF…",
    "act.close_window": "&Close Window",
    "act.quit": "&Quit",
    "act.copy": "&Copy",
    "act.find": "&Find in Issue…",
    "act.find_next": "Find &Next",
    "act.find_prev": "Find &Previous",
    "act.fit_page": "Fit &Page",
    "act.fit_width": "Fit &Width",
    "act.zoom_in": "Zoom &In",
    "act.zoom_out": "Zoom &Out",
    "act.actual_size": "&Actual Size",
    "act.single": "&Single Page",
    "act.spread": "Two-Page &Spread",
    "act.fullscreen": "&Full Screen",
    "act.next_page": "&Next Page",
    "act.prev_page": "&Previous Page",
    "act.first_page": "&First Page",
    "act.last_page": "&Last Page",
    "act.goto_page": "&Go to Page…",
    "act.back": "&Back",
    "act.next_article": "Next Article	Tab",
    "act.prev_article": "Previous Article	Shift+Tab",
    "act.open_article": "Read Article	Enter",
    "act.close_article": "&Close Article",
    "act.print_article": "P&rint Preview of Article…",
    "act.export_article": "&Export Article as PDF…",
    "act.copy_article": "Copy Article &Text",
    "act.text_larger": "&Larger Text",
    "act.text_smaller": "&Smaller Text",
    "act.lang_zh": "中文 (Chinese)",
    "act.lang_en": "English",
    "act.about": "&About",
    "act.show_problems": "Problems",
    # docks and panels
    "dock.pages": "Pages",
    "dock.articles": "On This Page",
    "dock.search": "Search",
    "dock.problems": "Problems",
    "dock.problems.count": "Problems ({errors} errors, {warnings} warnings)",
    "page.label": "Page {number}",
    "page.label.section": "{number:02d} {section}",
    "page.status": "Page {number} · {section} ({index}/{count})",
    "page.unavailable": "Page {number} could not be laid out: see Problems.",
    "page.paint_failed": "Page {number} cannot be shown: {error}",
    "page.view.name": "Page view",
    "page.view.desc": "Page {number}, {section}: {count} articles. Tab moves between articles, Enter reads one.",
    "scan.label": "Page {label}",
    "page.printed_label": "{label}",
    "scan.status": "Page {label} ({index}/{count})",
    "scan.view.desc": "Page {label}: {count} articles. Tab moves between articles, Enter reads one.",
    "page.view.focus": "Article: {headline}",
    "articles.continued": " (continued)",
    "articles.page_header": "Page {number} · {section}",
    "articles.none": "No articles on this page",
    "zoom.status": "Zoom {percent}%",
    "toolbar.main": "Main toolbar",
    # reader
    "reader.name": "Article reader",
    "reader.close": "Close",
    "reader.smaller": "A−",
    "reader.larger": "A+",
    "reader.smaller.tip": "Smaller text",
    "reader.larger.tip": "Larger text",
    "reader.copy": "Copy text",
    "reader.export": "Export PDF",
    "reader.sample": "Sample copy: this text shows the layout and is not real reporting.",
    "reader.ocr": "This text was read from the page by OCR and may contain errors; the picture shows the article as it is on the page.",
    "reader.pages": "This article runs on {pages}.",
    "reader.page_ref": "page {number}",
    "reader.page_join": ", ",
    "reader.continued": "(continued on page {number})",
    "reader.photo_placeholder": "Placeholder: the original picture is not available.",
    "reader.copied": "Article text copied",
    # search
    "search.placeholder": "Search the issue…",
    "search.results": "{count} results",
    "search.result_one": "1 result",
    "search.none": "No results for “{query}”",
    "search.hit.page": "Page {number}",
    "search.hit.other": "(page text)",
    "search.name": "Search results",
    "search.scope": "Search in",
    "search.scope.issue": "This issue",
    "search.scope.library": "The library",
    "search.library.results": "{count} results in {issues} issues",
    "search.library.more": "About {count} results; the newest {shown} shown",
    "search.library.issue": "{name} {label} ({count})",
    "search.library.empty": "The library is empty: add a folder of issues with File ▸ Add to Library first.",
    "search.library.missing": " (folder missing)",
    "search.library.unreadable": " (folder cannot be read)",
    # the library (往期)
    "dock.library": "Library",
    "act.library": "&Library",
    "act.library_add": "&Add to Library…",
    "act.prev_issue": "Previous Issue",
    "act.next_issue": "Next Issue",
    "library.add": "Add Folder…",
    "library.scan": "Rescan",
    "library.month": "Month",
    "library.year": "Year",
    "library.papers": "Papers",
    "library.issues": "Issues",
    "library.unknown_paper": "(paper unknown)",
    "library.paper": "{paper} ({count})",
    "library.issue": "{date} {weekday} {label}",
    "library.issue.pages": "{pages} pages",
    "library.issue.notes": " ({notes})",
    "library.issue.notes.join": "; ",
    "library.weekday.0": "Mon",
    "library.weekday.1": "Tue",
    "library.weekday.2": "Wed",
    "library.weekday.3": "Thu",
    "library.weekday.4": "Fri",
    "library.weekday.5": "Sat",
    "library.weekday.6": "Sun",
    "library.state.invalid": "has problems; not searched",
    "library.state.pending": "not indexed yet",
    "library.state.missing": "folder missing",
    "library.state.unreadable": "folder cannot be read",
    "library.problems": "{path}\n{count} problems in this issue:",
    "library.empty": "The library is empty: add a folder of issues.",
    "library.status": "{issues} issues, {pages} pages searchable",
    "library.progress": "Indexing: {done}/{total} issues, {pages_done}/{pages_total} pages",
    "library.scanning": "Looking for issues…",
    "library.month.short": "{name}",
    "library.choose": "Add to Library",
    "library.damaged.title": "The library index cannot be used",
    "library.damaged.text": "{error}\n\nRebuild the index? The list of folders is kept when it can be read, and the old file is kept beside it (.old).",
    "library.rebuild": "Rebuild Index",
    "library.error": "Library error: {error}",
    "library.scan_failed": "Indexing did not finish: {error}",
    "library.not_present": "The folder of “{path}” is not there now; connect it again, then open the issue.",
    # problems
    "problems.file": "File",
    "problems.where": "Place",
    "problems.message": "Problem",
    "problems.error": "error",
    "problems.warning": "warning: {message}",
    "problems.intro": "This issue's files have problems; the pages that could be read can still be read.",
    # dialogs
    "dlg.open.title": "Open Issue",
    "dlg.open.file_title": "Open Issue File",
    "dlg.open.file_filter": "Issue files (issue.toml issue.json *.xml *.htm *.html);;All files (*)",
    "dlg.open.cannot_why": "Cannot open: {reason}",
    "dlg.open.cannot": "Cannot open “{path}”",
    "dlg.open.not_issue": "“{path}” is not a usable issue folder:\n\n{problems}",
    "dlg.error.title": "Something went wrong",
    "dlg.error.text": "The action could not be completed: {error}",
    "dlg.goto.title": "Go to Page",
    "dlg.goto.label": "Page (1–{count}):",
    "dlg.export.title": "Export PDF",
    "dlg.export.current": "Current page ({number})",
    "dlg.export.range": "Pages:",
    "dlg.export.range.tip": "e.g. 1-4,8",
    "dlg.export.whole": "Whole issue ({count} pages)",
    "dlg.export.article": "Current article: {headline}",
    "dlg.export.no_article": "Current article (none open)",
    "dlg.export.save": "Export PDF to",
    "dlg.export.filter": "PDF files (*.pdf)",
    "dlg.export.progress": "Exporting PDF…",
    "dlg.export.progress.page": "Exporting page {done} of {total}…",
    "dlg.export.cancel": "Cancel",
    "dlg.export.done": "Exported {path}",
    "dlg.export.bad_range": "The page range is not valid: {error}",
    "dlg.about.title": "About Herald e-paper",
    "dlg.about.text": "Herald e-paper {version}\nA reader for newspapers typeset from layout descriptors.\nFonts: subsets of Noto CJK and LXGW WenKai, SIL OFL 1.1.",
    "status.layout": "Laying out the other pages…",
    "status.ready": "Ready",
    "status.opened": "Opened {title}",
}


def system_language() -> str:
    """'zh' when the system locale is Chinese, else 'en'."""
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


_language = system_language()


def language() -> str:
    return _language


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(Msg("unknown language '{lang}' (use {names})", lang=lang, names=Names(LANGUAGES)))
    _language = lang
    _install_qt_translation(lang)


_qt_translator: QTranslator | None = None


def _install_qt_translation(lang: str) -> None:
    """Qt's own words (the buttons of its stock dialogs: 取消, 确定, 打开)
    in the interface's language, from the qtbase catalogue Qt ships."""
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)
        _qt_translator = translator


def tr(key: str, **values) -> str:
    english = STRINGS[key]
    text = catalogue(_language).pgettext(key, english) if _language != "en" else english
    return text.format(**values) if values else text
