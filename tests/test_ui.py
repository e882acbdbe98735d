"""The desktop reader, driven through the real main window with pytest-qt.

The bundled issue is laid out once per session (conftest's bundled_layout)
and handed to each window; settings go to a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from conftest import highlighted_points, open_window

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("HERALD_SETTINGS_DIR", str(tmp_path / "settings"))
    from viewer.ui import i18n, settings

    settings.set_language("zh")  # the tests read the Chinese interface
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


_make_window = open_window


@pytest.fixture
def window(qtbot, bundled_layout):
    data, layout = bundled_layout
    win = _make_window(qtbot, data, layout)
    yield win
    assert win.errors == [], win.errors
    win.close()


def _center_of(rect_pt):
    x0, y0, x1, y1 = rect_pt
    return (x0 + x1) / 2, (y0 + y1) / 2


def _click_page(qtbot, win, page, x_pt, y_pt):
    pos = win.view.map_to_viewport(page, x_pt, y_pt)
    assert pos is not None, f"page {page} is not visible"
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=pos.toPoint())


# ------------------------------------------------------------ the Done-when checks


def test_click_inside_article_region_opens_it_in_reader(qtbot, window, bundled_layout):
    _, layout = bundled_layout
    art = next(a for a in layout.page(1).articles if a.id == "p01-tech-transfer")
    x, y = _center_of(art.regions[-1].bounds)
    assert window.view.page_at(window.view.map_to_viewport(1, x, y)) is not None
    _click_page(qtbot, window, 1, x, y)
    assert window.reader.isVisible()
    assert window.reader.article_id == "p01-tech-transfer"
    shown = window.reader.browser.toPlainText()
    assert "我国科技成果转化实现量质齐升" in shown
    assert "本报讯" in shown
    assert window.view.selected_article == "p01-tech-transfer"
    assert window.articles.currentItem().text().startswith("我国科技成果转化")


def test_guide_entry_13_shows_page_13(qtbot, window, bundled_layout):
    _, layout = bundled_layout
    link = next(l for l in layout.page(1).links if l.page == 13)
    _click_page(qtbot, window, 1, *_center_of(link.rect))
    assert window.view.current_page == 13
    assert window.view.visible_pages() == [13]
    assert window.view.selected_article == "p13-lead"
    assert "13" in window.page_label.text()
    assert [i.text() for i in window.thumbnails.selectedItems()] == ["13版 专题"]
    # Alt+Left goes back
    window.go_back()
    assert window.view.current_page == 1


def test_jump_line_goes_to_the_continuation(qtbot, window, bundled_layout):
    _, layout = bundled_layout
    window.go_to_page(3)
    link = layout.page(3).links[0]
    _click_page(qtbot, window, 3, *_center_of(link.rect))
    assert window.view.current_page == link.page == 4
    assert window.view.selected_article == "p03-cont"


def test_tab_moves_focus_in_reading_order_and_enter_opens(qtbot, window, bundled_layout):
    _, layout = bundled_layout
    view = window.view
    order = [a.id for a in layout.page(1).articles]
    assert [a for _, a, _ in view.focus_order()] == order
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.focus_article == order[0]
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.focus_article == order[1]
    # the focused article's headline is exposed to screen readers
    assert "我国科技成果转化实现量质齐升" in view.accessibleDescription()
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.focus_article == order[0]
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.reader.isVisible()
    assert window.reader.article_id == order[1]
    # Esc closes the reader
    window.act_close_article.trigger()
    assert not window.reader.isVisible()


def test_search_lists_a_hit_on_page_1_and_highlights_it(qtbot, window, bundled_layout):
    window.go_to_page(5)
    window.act_find.trigger()
    assert window.search_dock.isVisible()
    window.search.field.setText("工信部")  # QTest cannot type non-ASCII keys
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    hits = window.search.hits
    assert hits and hits[0].page == 1
    assert window.search.result_texts()[0].startswith("第 1 版 · 工信部部署2026年十大重点工作")
    # the first result is shown: page 1, the hit's glyphs highlighted
    assert window.view.current_page == 1
    rects = window.view.search_hits()[1]
    assert rects == tuple(r for h in hits if h.page == 1 for r in h.rects)
    assert highlighted_points(window.view, 1, rects[0]) > 10, "the hit is not highlighted on the page"
    # and in the reader
    window.open_article(hits[0].article)
    assert "工信部" in "".join(window.reader.highlighted_texts())


def test_print_preview_reports_the_page_count(qtbot, window):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    dlg = window.print_preview()
    assert dlg is not None, window.errors
    try:
        preview = dlg if isinstance(dlg, QPrintPreviewWidget) else dlg.findChild(QPrintPreviewWidget)
        assert preview is not None
        assert preview.pageCount() == 24  # fit mode: one sheet per page
    finally:
        dlg.close()


def test_print_dialog_opens_and_prints_the_chosen_pages(qtbot, window, tmp_path):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    dlg = window.print_issue()
    assert isinstance(dlg, QPrintDialog) and dlg.isVisible()
    dlg.reject()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert window.print_to(printer, [1, 13]) == 2
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000


def _write_bad_issue(root: Path) -> Path:
    """Page 1 is valid; page 2 has a block with an unknown key and page 3 is missing."""
    (root / "pages").mkdir(parents=True)
    (root / "issue.toml").write_text('paper = "测试导报"\ndate = 2025-12-29\nissue_number = 1\npage_count = 3\n',
                                     encoding="utf-8")
    (root / "pages" / "01.toml").write_text(
        'number = 1\nsection = "要闻"\n[[blocks]]\ntype = "article"\nid = "a1"\nheadline = "测试标题"\n'
        'text = "正文第一段。\\n\\n正文第二段。"\nframes = [{ col = 1, span = 8, line = 1, lines = 20 }]\n',
        encoding="utf-8")
    (root / "pages" / "02.toml").write_text(
        'number = 2\nsection = "综合"\n[[blocks]]\ntype = "rule"\norientation = "horizontal"\ncol = 1\nline = 1\n'
        'colour = "red"\n', encoding="utf-8")
    return root


def test_invalid_issue_opens_with_its_problems_listed(qtbot, tmp_path):
    from viewer.fonts import missing_chars
    from viewer.model import load_issue
    from viewer.model.validate import check_issue

    root = _write_bad_issue(tmp_path / "bad")
    win = _make_window(qtbot, path=root)
    qtbot.waitUntil(lambda: len(win.problems.lines()) >= 2, timeout=5000)
    expected = [str(p) for p in check_issue(load_issue(root), missing_chars)]
    assert win.problems.lines() == expected
    assert any("pages/02.toml" in line for line in expected)
    assert any("page 3 is missing" in line for line in expected)
    assert win.problems_dock.isVisible()
    # the valid page still shows
    assert win.doc.numbers == [1]
    assert win.view.current_page == 1
    assert win.articles.article_ids() == ["a1"]
    assert win.errors == []


def test_a_folder_that_is_no_issue_shows_a_message_not_a_traceback(qtbot, tmp_path):
    from viewer.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_path(tmp_path) is False
    assert win.last_message is not None and win.last_message.isVisible()
    assert "issue" in win.problems.lines()[0]
    assert win.problems_dock.isVisible()
    win.last_message.close()
    assert win.open_path(tmp_path / "does-not-exist") is False


def test_a_failing_action_is_shown_as_a_message(qtbot, window, monkeypatch):
    import viewer.layout.search as search

    def broken(layout, query):
        raise RuntimeError("index is broken")

    monkeypatch.setattr(search, "search_issue", broken)
    assert window.run_search("工信部") is None
    assert window.errors and "index is broken" in window.errors[0]
    assert window.last_message.isVisible()
    window.errors.clear()


def test_a_drag_that_pans_the_page_opens_no_article(qtbot, window, bundled_layout):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    _, layout = bundled_layout
    window.set_zoom_mode("fit_width")
    qtbot.wait(50)
    art = next(a for a in layout.page(1).articles if a.id == "p01-tech-transfer")
    start = window.view.map_to_viewport(1, *_center_of(art.regions[-1].bounds)).toPoint()
    bar = window.view.verticalScrollBar()
    assert bar.maximum() > 0
    before = bar.value()
    vp = window.view.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    def send(kind, pos, button, buttons):
        QApplication.sendEvent(vp, QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)), button, buttons,
                                               Qt.KeyboardModifier.NoModifier))

    send(QEvent.Type.MouseButtonPress, start, left, left)
    for dy in (5, 20, 60):
        send(QEvent.Type.MouseMove, start - QPoint(0, dy), none, left)
    send(QEvent.Type.MouseButtonRelease, start - QPoint(0, 60), left, none)
    assert bar.value() == before + 60  # the page moved with the pointer
    assert not window.reader.isVisible() and window.reader.article_id is None
    # the same press and release without moving opens it
    send(QEvent.Type.MouseButtonPress, start, left, left)
    send(QEvent.Type.MouseButtonRelease, start, left, none)
    assert window.reader.isVisible() and window.reader.article_id == "p01-tech-transfer"


# ------------------------------------------------------------ page view


def test_page_keys_turn_pages(qtbot, window):
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.current_page == 2
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.current_page == 3
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.current_page == 2
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current_page == 24
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current_page == 1


def test_spread_shows_facing_pages(qtbot, window):
    window.act_spread.trigger()
    assert window.view.visible_pages() == [1]
    window.view.next_page()
    assert window.view.visible_pages() == [2, 3]
    window.go_to_page(21)
    assert window.view.visible_pages() == [20, 21]
    rects = window.view.page_rects()
    assert rects[0][1].right() < rects[1][1].left()
    assert "第 20 版" in window.articles.item(0).text()
    window.act_single.trigger()
    assert window.view.visible_pages() == [21]


def test_zoom_modes_and_device_pixel_rendering(qtbot, window):
    view = window.view
    window.act_fit_width.trigger()
    qtbot.wait(20)  # the scroll bar appears
    (n, rect), = view.page_rects()
    assert abs(rect.width() - (view.viewport().width() - 2 * view.MARGIN)) <= 2
    window.act_fit_page.trigger()
    (n, rect), = view.page_rects()
    assert rect.height() <= view.viewport().height()
    before = view.zoom
    window.act_zoom_in.trigger()
    assert view.zoom_mode == "free" and view.zoom == pytest.approx(before * 1.25)
    window.act_zoom_out.trigger()
    assert view.zoom == pytest.approx(before)
    # Ctrl+wheel zooms about the pointer
    from PySide6.QtGui import QWheelEvent

    center = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    ev = QWheelEvent(center, view.viewport().mapToGlobal(center), QPoint(0, 0), QPoint(0, 120),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(ev)
    assert view.zoom == pytest.approx(before * 1.15)
    view.finish_rendering()
    # the image is rendered at device pixels for the current zoom
    dpr = view.devicePixelRatioF()
    img = view.cache.get(view._key(1, view.zoom * dpr))
    assert img is not None
    assert abs(img.width() - view.doc.page(1).width_pt * view.zoom * dpr) <= 1
    window.act_actual.trigger()
    assert view.zoom_percent() == 100


def test_deep_zoom_renders_only_the_visible_part(qtbot, window):
    from viewer.ui.render_cache import FULL_LIMIT_PX

    view = window.view
    view.set_zoom(6.0)
    view.finish_rendering()
    keys = [k for k in view.cache.keys() if k[0] == 1 and k[1] == round(6.0 * view.devicePixelRatioF(), 4)]
    assert keys and all(k[3] is not None for k in keys)
    img = view.cache.get(keys[0])
    assert img.width() * img.height() < FULL_LIMIT_PX


def test_neighbouring_pages_are_prerendered(qtbot, window):
    view = window.view
    scale = view.zoom * view.devicePixelRatioF()
    qtbot.waitUntil(lambda: view.cache.get(view._key(2, scale)) is not None, timeout=5000)
    window.next_page()
    assert view.cache.get(view._key(2, scale)) is not None


def test_hover_highlights_the_article_and_its_list_entry(qtbot, window, bundled_layout):
    _, layout = bundled_layout
    art = layout.page(1).articles[0]
    pos = window.view.map_to_viewport(1, *_center_of(art.regions[-1].bounds)).toPoint()
    qtbot.mouseMove(window.view.viewport(), pos)
    qtbot.waitUntil(lambda: window.view.hover_article == art.id, timeout=2000)
    item = window.articles.item_for(art.id)
    assert item.background().color() == QColor(255, 230, 150)
    # and from the list to the page
    other = layout.page(1).articles[1].id
    window.articles.articleHovered.emit(other)
    assert window.view.hover_article == other


def test_clicking_an_entry_of_the_article_list_opens_it(qtbot, window):
    item = window.articles.item_for("p01-miit-2026")
    rect = window.articles.visualItemRect(item)
    qtbot.mouseClick(window.articles.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.article_id == "p01-miit-2026"
    assert window.view.focus_article == "p01-miit-2026"


def test_thumbnails_show_number_and_section_and_turn_pages(qtbot, window):
    strip = window.thumbnails
    assert strip.count() == 24
    assert strip.item(0).text() == "01版 要闻"
    assert strip.item(12).text() == "13版 专题"
    strip.render_thumbnail(2)
    strip.itemClicked.emit(strip.item(4))
    assert window.view.current_page == 5


def test_thumbnails_wait_for_the_first_page_and_stay_bounded(qtbot, window, monkeypatch):
    import viewer.ui.thumbnails as thumbnails

    strip = window.thumbnails
    monkeypatch.setattr(thumbnails, "MAX_THUMBNAILS", 5)
    strip.set_document(window.doc)
    assert strip.pending() == window.doc.numbers and not strip._timer.isActive()  # nothing before the first paint
    strip.start()
    qtbot.waitUntil(lambda: not strip.pending(), timeout=20000)
    assert len(strip._shown) == 5 and len(strip._dropped) == 19  # the rest back to blank
    blank = strip._blank.pixmap(strip.iconSize()).toImage()
    gone = min(strip._dropped)
    assert strip.item(gone - 1).icon().pixmap(strip.iconSize()).toImage() == blank
    strip.scrollToItem(strip.item(gone - 1))  # in view again: painted again
    qtbot.waitUntil(lambda: gone in strip._shown, timeout=10000)
    assert strip.item(gone - 1).icon().pixmap(strip.iconSize()).toImage() != blank
    assert len(strip._shown) <= 5 + len(strip._in_view(strip._shown))


# ------------------------------------------------------------ reader


def test_reader_joins_a_continued_article_and_marks_sample_copy(qtbot, window):
    window.open_article("p03-cont")
    text = window.reader.browser.toPlainText()
    assert "第 3 版、第 4 版" in text
    assert "示例稿件" in text
    al = window.doc.article("p03-cont")
    body = window.doc.source.data.texts["p03-cont"]
    last_para = [p for p in body.split("\n\n") if p.strip()][-1].strip().replace("\n", "")
    assert last_para[-20:] in text.replace("\n", "")
    assert al.pages == (3, 4)


def test_reader_text_size_copy_and_photo(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    window.open_article("p01-miit-2026")
    size = window.reader.size_pt
    window.reader.larger.click()
    assert window.reader.size_pt == size + 1
    assert window.reader.browser.document().defaultFont().pointSizeF() == size + 1
    window.act_copy.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("工信部部署2026年十大重点工作")
    assert "本报讯（记者 张伟）" in copied
    # an article with a photo shows it with its caption
    photo_article = next((pd.page.number, b.article) for pd in window.doc.source.data.pages for b in pd.page.blocks
                         if getattr(b, "type", "") == "photo" and b.article and b.caption)
    window.open_article(photo_article[1])
    html = window.reader.article_html()
    assert "<img" in html


def test_export_article_and_pages_to_pdf(qtbot, window, tmp_path):
    from viewer.mupdf import load_pymupdf

    pymupdf = load_pymupdf()
    window.open_article("p01-tech-transfer")
    out = tmp_path / "article.pdf"
    window.export_to(out, "article", "p01-tech-transfer")
    with pymupdf.open(str(out)) as doc:
        assert "我国科技成果转化实现量质齐升" in doc[0].get_text()
    out2 = tmp_path / "pages.pdf"
    window.export_to(out2, "pages", [1, 13])
    with pymupdf.open(str(out2)) as doc:
        assert doc.page_count == 2


def test_export_dialog_choices(qtbot, window):
    from viewer.ui.dialogs import ExportDialog

    window.open_article("p01-tech-transfer")
    dlg = window.export_pdf()
    assert isinstance(dlg, ExportDialog)
    assert dlg.choice() == ("article", "p01-tech-transfer")
    dlg.range.setChecked(True)
    dlg.range_text.setText("1-3,5")
    assert dlg.choice() == ("pages", [1, 2, 3, 5])
    dlg.whole.setChecked(True)
    assert dlg.choice() == ("issue", None)
    dlg.range.setChecked(True)
    dlg.range_text.setText("30")
    dlg._accept()
    assert dlg.isVisible() and "30" in dlg.error.text()
    dlg.reject()


# ------------------------------------------------------------ language, settings, layout


def test_language_switch_and_memory(qtbot, window):
    from viewer.ui import settings

    assert window.menu_file.title() == "文件(&F)"
    window.act_lang_en.trigger()
    assert window.menu_file.title() == "&File"
    assert window.pages_dock.windowTitle() == "Pages"
    assert window.thumbnails.item(0).text() == "01 要闻"
    assert settings.language() == "en"
    window.act_lang_zh.trigger()
    assert window.articles_dock.windowTitle() == "本版标题"


def test_every_ui_string_has_both_languages():
    """Each key's English, and its Chinese in the ui catalogue under the key."""
    from babel.messages.pofile import read_po

    from viewer.ui.i18n import STRINGS

    with open(ROOT / "resources" / "translations" / "zh_CN" / "LC_MESSAGES" / "ui.po", "rb") as f:
        po = read_po(f)
    for key, en in STRINGS.items():
        entry = po.get(en, context=key)
        assert en and entry is not None and entry.string, key


def test_last_page_zoom_mode_and_recent_are_remembered(qtbot, bundled_layout):
    from viewer.ui import settings

    data, layout = bundled_layout
    win = _make_window(qtbot, data, layout)
    win.go_to_page(7)
    win.act_fit_width.trigger()
    win.close()
    assert settings.recent_issues()[0] == str(BUNDLED.resolve())
    win2 = _make_window(qtbot, data, layout, page=None)
    assert win2.view.current_page == 7
    assert win2.view.zoom_mode == "fit_width"
    win2.close()


def test_layout_by_page_groups_equals_the_whole_issue_layout(bundled_layout):
    from viewer.layout import layout_issue
    from viewer.ui.document import IssueDocument, page_groups

    data, layout = bundled_layout
    groups = page_groups(data)
    assert (3, 4) in groups and (21, 22) in groups
    # laid out again here: the session's layout may predate edits to the issue's files
    full = layout_issue(data)
    doc = IssueDocument(data)
    assert doc.page(1) == full.page(1)
    assert doc.layout() == full


def test_drop_an_issue_folder_opens_it(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl

    root = _write_bad_issue(tmp_path / "dropped")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(root))])
    assert window._dropped_path(mime) == root
    window.open_path(window._dropped_path(mime))
    assert window.doc.numbers == [1]


def test_every_action_is_in_a_menu(qtbot, window):
    in_menus = set()
    for menu in window.menuBar().findChildren(type(window.menu_file)):
        in_menus.update(menu.actions())
    for act in window._texts:
        assert act in in_menus, act.objectName()
    from PySide6.QtGui import QKeySequence

    # the platform's standard keys; on Linux (and offscreen) these
    assert window.act_open.shortcut() == QKeySequence("Ctrl+O")
    assert window.act_find.shortcut() == QKeySequence("Ctrl+F")
    assert window.act_print.shortcut() == QKeySequence("Ctrl+P")


# ------------------------------------------------------------ screenshot


def test_screenshot_command_saves_the_window(tmp_path, bundled_layout):
    from viewer.ui.commands import take_screenshot

    data, layout = bundled_layout
    out = tmp_path / "shot.png"
    img = take_screenshot(str(BUNDLED), str(out), page=1, article="p01-miit-2026", search="工信部",
                          size=(1200, 800), lang="zh", data=data, layout=layout)
    assert out.is_file()
    saved = QImage(str(out))
    assert (saved.width(), saved.height()) == (1200, 800) == (img.width(), img.height())
    # a picture of the window, not a blank one: many colours, dark text and
    # the yellow of the search hits among them
    colours, dark, yellow = set(), 0, 0
    for y in range(0, 800, 4):
        for x in range(0, 1200, 4):
            c = saved.pixelColor(x, y)
            colours.add(c.rgb())
            dark += c.lightness() < 60
            yellow += c.red() > 200 and c.green() > 150 and c.blue() < 140
    assert len(colours) > 200 and dark > 300 and yellow > 20, (len(colours), dark, yellow)


def test_screenshot_cli_reports_bad_input(capsys, tmp_path):
    from viewer.cli import main

    assert main(["screenshot", str(tmp_path), "-o", str(tmp_path / "x.png")]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err
    assert main(["screenshot", str(BUNDLED), "-o", str(tmp_path / "x.png"), "--size", "huge"]) == 1


def test_qt_stock_dialogs_speak_the_interface_language(qapp):
    """Qt's own buttons come from the qtbase catalogue Qt ships, switched with the interface."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from viewer.ui import i18n

    B = QDialogButtonBox.StandardButton
    try:
        i18n.set_language("zh")
        box = QDialogButtonBox(B.Open | B.Cancel | B.Save)
        assert sorted(b.text() for b in box.buttons()) == sorted(["打开", "取消", "保存"])
        msg = QMessageBox(QMessageBox.Icon.Warning, "t", "x", QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.No)
        assert sorted(b.text().replace("&", "") for b in msg.buttons()) == sorted(["确定", "否(N)"])
        i18n.set_language("en")
        box = QDialogButtonBox(B.Cancel)
        assert [b.text() for b in box.buttons()] == ["Cancel"]
    finally:
        i18n.set_language("en")
