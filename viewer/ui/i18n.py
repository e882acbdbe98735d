"""Every string of the interface, in Chinese and English.

``tr(key, **values)`` gives the string in the current language. The
language is Chinese when the system locale is Chinese, unless the reader
chose otherwise (remembered in the settings).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

LANGUAGES = ("zh", "en")

# key: (Chinese, English)
STRINGS: dict[str, tuple[str, str]] = {
    "app.name": ("Herald 电子报", "Herald e-paper"),
    "window.title": ("{title} — Herald 电子报", "{title} — Herald e-paper"),
    "issue.title": ("{paper} {year}年{month}月{day}日", "{paper}, {date}"),
    "window.empty": ("Herald 电子报", "Herald e-paper"),
    # menus
    "menu.file": ("文件(&F)", "&File"),
    "menu.edit": ("编辑(&E)", "&Edit"),
    "menu.view": ("视图(&V)", "&View"),
    "menu.go": ("前往(&G)", "&Go"),
    "menu.article": ("文章(&A)", "&Article"),
    "menu.language": ("语言(&L)", "&Language"),
    "menu.help": ("帮助(&H)", "&Help"),
    "menu.recent": ("最近打开(&R)", "Open &Recent"),
    "menu.recent.empty": ("（无）", "(none)"),
    "menu.recent.clear": ("清除列表", "Clear List"),
    "menu.panels": ("面板", "Panels"),
    # actions
    "act.open": ("打开…(&O)", "&Open…"),
    "act.open_file": ("打开文件…", "Open &File…"),
    "act.ocr_overlay": ("显示 OCR 文字(&T)", "OCR &Text over the Scan"),
    "act.print_preview": ("打印预览…(&V)", "Print Pre&view…"),
    "act.print": ("打印…(&P)", "&Print…"),
    "act.export_pdf": ("导出 PDF…(&E)", "&Export PDF…"),
    "act.close_window": ("关闭窗口(&C)", "&Close Window"),
    "act.quit": ("退出(&Q)", "&Quit"),
    "act.copy": ("复制(&C)", "&Copy"),
    "act.find": ("搜索全刊…(&F)", "&Find in Issue…"),
    "act.find_next": ("下一个结果(&N)", "Find &Next"),
    "act.find_prev": ("上一个结果(&P)", "Find &Previous"),
    "act.fit_page": ("适合页面(&P)", "Fit &Page"),
    "act.fit_width": ("适合宽度(&W)", "Fit &Width"),
    "act.zoom_in": ("放大(&I)", "Zoom &In"),
    "act.zoom_out": ("缩小(&O)", "Zoom &Out"),
    "act.actual_size": ("实际大小(&A)", "&Actual Size"),
    "act.single": ("单页(&S)", "&Single Page"),
    "act.spread": ("双页对开(&D)", "Two-Page &Spread"),
    "act.fullscreen": ("全屏(&F)", "&Full Screen"),
    "act.next_page": ("下一版(&N)", "&Next Page"),
    "act.prev_page": ("上一版(&P)", "&Previous Page"),
    "act.first_page": ("第一版(&F)", "&First Page"),
    "act.last_page": ("最后一版(&L)", "&Last Page"),
    "act.goto_page": ("转到版面…(&G)", "&Go to Page…"),
    "act.back": ("后退(&B)", "&Back"),
    "act.next_article": ("下一篇文章\tTab", "Next Article\tTab"),
    "act.prev_article": ("上一篇文章\tShift+Tab", "Previous Article\tShift+Tab"),
    "act.open_article": ("阅读文章\tEnter", "Read Article\tEnter"),
    "act.close_article": ("关闭文章(&C)", "&Close Article"),
    "act.print_article": ("打印预览本文…(&R)", "P&rint Preview of Article…"),
    "act.export_article": ("将文章导出为 PDF…(&E)", "&Export Article as PDF…"),
    "act.copy_article": ("复制全文(&T)", "Copy Article &Text"),
    "act.text_larger": ("增大字号(&L)", "&Larger Text"),
    "act.text_smaller": ("减小字号(&S)", "&Smaller Text"),
    "act.lang_zh": ("中文", "中文 (Chinese)"),
    "act.lang_en": ("English（英文）", "English"),
    "act.about": ("关于(&A)", "&About"),
    "act.show_problems": ("问题列表", "Problems"),
    # docks and panels
    "dock.pages": ("版面导航", "Pages"),
    "dock.articles": ("本版标题", "On This Page"),
    "dock.search": ("搜索", "Search"),
    "dock.problems": ("问题", "Problems"),
    "dock.problems.count": ("问题（{errors} 个错误，{warnings} 个警告）", "Problems ({errors} errors, {warnings} warnings)"),
    "page.label": ("{number:02d}版", "Page {number}"),
    "page.label.section": ("{number:02d}版 {section}", "{number:02d} {section}"),
    "page.status": ("第 {number} 版 · {section}（{index}/{count}）", "Page {number} · {section} ({index}/{count})"),
    "page.unavailable": ("第 {number} 版无法排版，见问题列表。", "Page {number} could not be laid out: see Problems."),
    "page.paint_failed": ("第 {number} 版无法显示：{error}", "Page {number} cannot be shown: {error}"),
    "page.view.name": ("版面", "Page view"),
    "page.view.desc": ("第 {number} 版 {section}：{count} 篇文章。按 Tab 在文章间移动，回车阅读。",
                       "Page {number}, {section}: {count} articles. Tab moves between articles, Enter reads one."),
    "scan.label": ("第 {label} 页", "Page {label}"),
    "scan.status": ("第 {label} 页（{index}/{count}）", "Page {label} ({index}/{count})"),
    "scan.view.desc": ("第 {label} 页：{count} 篇文章。按 Tab 在文章间移动，回车阅读。",
                       "Page {label}: {count} articles. Tab moves between articles, Enter reads one."),
    "page.view.focus": ("文章：{headline}", "Article: {headline}"),
    "articles.continued": ("（续）", " (continued)"),
    "articles.page_header": ("第 {number} 版 {section}", "Page {number} · {section}"),
    "articles.none": ("本版没有文章", "No articles on this page"),
    "zoom.status": ("缩放 {percent}%", "Zoom {percent}%"),
    "toolbar.main": ("主工具栏", "Main toolbar"),
    # reader
    "reader.name": ("文章阅读", "Article reader"),
    "reader.close": ("关闭", "Close"),
    "reader.smaller": ("A−", "A−"),
    "reader.larger": ("A+", "A+"),
    "reader.smaller.tip": ("减小字号", "Smaller text"),
    "reader.larger.tip": ("增大字号", "Larger text"),
    "reader.copy": ("复制全文", "Copy text"),
    "reader.export": ("导出 PDF", "Export PDF"),
    "reader.sample": ("示例稿件：本文正文为版式示例，并非真实报道。", "Sample copy: this text shows the layout and is not real reporting."),
    "reader.ocr": ("本文文字由光学字符识别（OCR）从版面读出，可能有误；图为它在版面上的原样。",
                   "This text was read from the page by OCR and may contain errors; the picture shows the article as it "
                   "is on the page."),
    "reader.pages": ("本文刊于{pages}。", "This article runs on {pages}."),
    "reader.page_ref": ("第 {number} 版", "page {number}"),
    "reader.page_join": ("、", ", "),
    "reader.continued": ("（转第 {number} 版）", "(continued on page {number})"),
    "reader.photo_placeholder": ("占位图：原图暂缺。", "Placeholder: the original picture is not available."),
    "reader.copied": ("已复制文章全文", "Article text copied"),
    # search
    "search.placeholder": ("搜索全刊…", "Search the issue…"),
    "search.results": ("{count} 处结果", "{count} results"),
    "search.result_one": ("1 处结果", "1 result"),
    "search.none": ("没有找到“{query}”", "No results for “{query}”"),
    "search.hit.page": ("第 {number} 版", "Page {number}"),
    "search.hit.other": ("（版面文字）", "(page text)"),
    "search.name": ("搜索结果", "Search results"),
    "search.scope": ("搜索范围", "Search in"),
    "search.scope.issue": ("本期", "This issue"),
    "search.scope.library": ("全部往期", "The library"),
    "search.library.results": ("{count} 处结果，共 {issues} 期", "{count} results in {issues} issues"),
    "search.library.more": ("约 {count} 处结果，显示最新的 {shown} 处", "About {count} results; the newest {shown} shown"),
    "search.library.issue": ("{name} {label}（{count} 处）", "{name} {label} ({count})"),
    "search.library.empty": ("报库是空的：先用“文件 ▸ 添加到报库”加入存放报纸的文件夹。",
                             "The library is empty: add a folder of issues with File ▸ Add to Library first."),
    "search.library.missing": ("（文件夹不在）", " (folder missing)"),
    "search.library.unreadable": ("（文件夹无法读取）", " (folder cannot be read)"),
    # the library (往期)
    "dock.library": ("往期", "Library"),
    "act.library": ("往期报纸(&B)", "&Library"),
    "act.library_add": ("添加到报库…(&A)", "&Add to Library…"),
    "act.prev_issue": ("上一期", "Previous Issue"),
    "act.next_issue": ("下一期", "Next Issue"),
    "library.add": ("添加文件夹…", "Add Folder…"),
    "library.scan": ("重新扫描", "Rescan"),
    "library.month": ("月历", "Month"),
    "library.year": ("全年", "Year"),
    "library.papers": ("报纸", "Papers"),
    "library.issues": ("各期", "Issues"),
    "library.unknown_paper": ("（报名未知）", "(paper unknown)"),
    "library.paper": ("{paper}（{count} 期）", "{paper} ({count})"),
    "library.issue": ("{date} {weekday} {label}", "{date} {weekday} {label}"),
    "library.issue.pages": ("{pages} 版", "{pages} pages"),
    "library.state.invalid": ("有问题，不参与搜索", "has problems; not searched"),
    "library.state.pending": ("尚未索引", "not indexed yet"),
    "library.state.missing": ("文件夹不在", "folder missing"),
    "library.state.unreadable": ("文件夹无法读取", "folder cannot be read"),
    "library.problems": ("{path}\n此期有 {count} 个问题：", "{path}\n{count} problems in this issue:"),
    "library.empty": ("报库是空的：添加一个存放报纸的文件夹。", "The library is empty: add a folder of issues."),
    "library.status": ("{issues} 期，{pages} 版可搜索", "{issues} issues, {pages} pages searchable"),
    "library.progress": ("正在索引：{done}/{total} 期，{pages_done}/{pages_total} 版",
                         "Indexing: {done}/{total} issues, {pages_done}/{pages_total} pages"),
    "library.scanning": ("正在查找各期…", "Looking for issues…"),
    "library.month.short": ("{month}月", "{name}"),
    "library.choose": ("添加到报库", "Add to Library"),
    "library.damaged.title": ("报库索引无法使用", "The library index cannot be used"),
    "library.damaged.text": ("{error}\n\n要重建索引吗？能读出时，文件夹列表会保留；旧文件改名保存在原处（.old）。",
                             "{error}\n\nRebuild the index? The list of folders is kept when it can be read, "
                             "and the old file is kept beside it (.old)."),
    "library.rebuild": ("重建索引", "Rebuild Index"),
    "library.error": ("报库出错：{error}", "Library error: {error}"),
    "library.scan_failed": ("索引未能完成：{error}", "Indexing did not finish: {error}"),
    "library.not_present": ("“{path}”所在的文件夹现在不在；重新接上后再打开。",
                            "The folder of “{path}” is not there now; connect it again, then open the issue."),
    # problems
    "problems.file": ("文件", "File"),
    "problems.where": ("位置", "Place"),
    "problems.message": ("问题", "Problem"),
    "problems.error": ("错误", "error"),
    "problems.warning": ("警告：{message}", "warning: {message}"),
    "problems.intro": ("此期报纸的文件有问题；能读取的版面仍可阅读。", "This issue's files have problems; the pages that could be read can still be read."),
    # dialogs
    "dlg.open.title": ("打开报纸", "Open Issue"),
    "dlg.open.file_title": ("打开报纸文件", "Open Issue File"),
    "dlg.open.file_filter": ("报纸文件 (issue.toml issue.json *.xml);;所有文件 (*)",
                             "Issue files (issue.toml issue.json *.xml);;All files (*)"),
    "dlg.open.cannot_why": ("无法打开：{reason}", "Cannot open: {reason}"),
    "dlg.open.cannot": ("无法打开“{path}”", "Cannot open “{path}”"),
    "dlg.open.not_issue": ("“{path}”不是可用的报纸文件夹：\n\n{problems}", "“{path}” is not a usable issue folder:\n\n{problems}"),
    "dlg.error.title": ("出错了", "Something went wrong"),
    "dlg.error.text": ("操作未能完成：{error}", "The action could not be completed: {error}"),
    "dlg.goto.title": ("转到版面", "Go to Page"),
    "dlg.goto.label": ("版号（1–{count}）：", "Page (1–{count}):"),
    "dlg.export.title": ("导出 PDF", "Export PDF"),
    "dlg.export.current": ("当前版面（第 {number} 版）", "Current page ({number})"),
    "dlg.export.range": ("版面范围：", "Pages:"),
    "dlg.export.range.tip": ("例如 1-4,8", "e.g. 1-4,8"),
    "dlg.export.whole": ("全刊（{count} 版）", "Whole issue ({count} pages)"),
    "dlg.export.article": ("当前文章：{headline}", "Current article: {headline}"),
    "dlg.export.no_article": ("当前文章（未打开文章）", "Current article (none open)"),
    "dlg.export.save": ("导出 PDF 到", "Export PDF to"),
    "dlg.export.filter": ("PDF 文件 (*.pdf)", "PDF files (*.pdf)"),
    "dlg.export.progress": ("正在导出 PDF…", "Exporting PDF…"),
    "dlg.export.progress.page": ("正在导出第 {done}/{total} 版…", "Exporting page {done} of {total}…"),
    "dlg.export.cancel": ("取消", "Cancel"),
    "dlg.export.done": ("已导出 {path}", "Exported {path}"),
    "dlg.export.bad_range": ("版面范围有误：{error}", "The page range is not valid: {error}"),
    "dlg.export.missing": ("PDF 导出功能尚未安装（viewer.export.pdf）。", "PDF export is not available yet (viewer.export.pdf)."),
    "dlg.print.missing": ("打印功能尚未安装（viewer.export.printing）。", "Printing is not available yet (viewer.export.printing)."),
    "dlg.about.title": ("关于 Herald 电子报", "About Herald e-paper"),
    "dlg.about.text": ("Herald 电子报 {version}\n按描述文件排版的报纸阅读器。\n字体：思源/Noto CJK 与霞鹜文楷的子集，SIL OFL 1.1。",
                       "Herald e-paper {version}\nA reader for newspapers typeset from layout descriptors.\nFonts: subsets of Noto CJK and LXGW WenKai, SIL OFL 1.1."),
    "status.layout": ("正在排版其余版面…", "Laying out the other pages…"),
    "status.ready": ("就绪", "Ready"),
    "status.opened": ("已打开 {title}", "Opened {title}"),
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
        raise ValueError(f"unknown language {lang!r}")
    _language = lang


def tr(key: str, **values) -> str:
    zh, en = STRINGS[key]
    text = zh if _language == "zh" else en
    return text.format(**values) if values else text
