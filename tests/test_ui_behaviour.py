"""Window behaviour a reader notices: zoom keys, the print preview's first
sheet, search highlights that go with the search panel, side panels that
come back after the window was small, where the Export dialog starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence


@pytest.fixture
def win(make_window, bundled_layout):
    data, layout = bundled_layout
    w = make_window(data, layout)
    yield w
    assert w.errors == [], w.errors
    w.close()


def test_ctrl_plus_zooms_in_and_no_two_actions_share_a_key(qtbot, win):
    win.set_zoom_mode("fit_page")
    before = win.view.zoom
    qtbot.keyClick(win.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert win.view.zoom == pytest.approx(before * 1.25)
    qtbot.keyClick(win.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert win.view.zoom == pytest.approx(before * 1.25 * 1.25)
    size = win.reader.size_pt
    qtbot.keyClick(win.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert win.reader.size_pt == size + 1
    # Ctrl+Shift+= is typed as Ctrl++ on most keyboards: the two count as one key
    seen: dict[str, str] = {}
    for act in win.findChildren(type(win.act_zoom_in)):
        for seq in act.shortcuts():
            key = seq.toString(QKeySequence.SequenceFormat.PortableText).replace("Shift+=", "+")
            assert key not in seen, f"{key}: {seen.get(key)} and {act.objectName()}"
            seen[key] = act.objectName()
    assert seen["Ctrl++"] == "act.zoom_in" and seen["Ctrl+="] == "act.zoom_in"


def test_the_print_preview_opens_at_the_page_being_read(qtbot, win):
    win.go_to_page(5)
    dlg = win.print_preview()
    try:
        assert dlg.preview.pageCount() == 24
        assert dlg.preview.currentPage() == 5
        dlg.mode_box.setCurrentIndex(1)  # tile: page 5 starts after four pages of tiles
        assert dlg.preview.currentPage() > 5
        tiles = dlg.preview.pageCount() // 24
        assert dlg.preview.currentPage() == 4 * tiles + 1
    finally:
        dlg.close()


def test_search_highlights_go_when_the_search_panel_closes(qtbot, win):
    win.show_search()
    win.search.field.setText("工信部")
    win.run_search("工信部")
    assert win.view.search_hits().get(1)
    win.open_article(win.search.hits[0].article)
    assert win.reader.highlighted_texts()
    win.search_dock.close()
    qtbot.waitUntil(lambda: not win.search_dock.isVisible())
    assert win.view.search_hits() == {}
    assert win.reader.highlighted_texts() == []
    win.show_search()  # the panel still holds its results, and they show again
    assert win.view.search_hits().get(1)


def test_side_panels_come_back_after_the_window_was_small(qtbot, win):
    """With an article open, the page and the reader need room: a 500 px
    window squeezes the side panels, and restoring the window brings back
    their width (Qt alone gives all the new room to the page)."""
    win.open_article(win.doc.source.data.articles()[0][1].id)
    qtbot.wait(50)
    wide = {d.objectName(): d.width() for d in (win.pages_dock, win.articles_dock)}
    assert all(w >= 150 for w in wide.values()), wide
    win.resize(500, 400)
    qtbot.waitUntil(lambda: win.width() <= 520)
    qtbot.wait(50)
    squeezed = {d.objectName(): d.width() for d in (win.pages_dock, win.articles_dock)}
    assert any(squeezed[k] < wide[k] - 10 for k in wide), (wide, squeezed)
    win.resize(1400, 950)
    qtbot.waitUntil(lambda: win.width() >= 1380)
    qtbot.waitUntil(lambda: all(abs(d.width() - wide[d.objectName()]) <= 3
                                for d in (win.pages_dock, win.articles_dock)), timeout=2000)


def test_export_starts_in_the_documents_folder_then_the_last_one_used(qtbot, win, tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from viewer.ui import settings

    docs = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    want = docs if docs.is_dir() else Path.home()
    assert Path(win._default_pdf_name("pages", [1])) == want / "2025-12-29-01.pdf"
    target = tmp_path / "out" / "p1.pdf"
    target.parent.mkdir()
    win.export_to(target, "pages", [1])
    assert target.is_file()
    assert settings.export_folder() == target.parent
    assert Path(win._default_pdf_name("issue", None)) == target.parent / "2025-12-29.pdf"


def test_the_render_cache_makes_room_before_a_page_is_rendered_into_it():
    """Bounded at 1,000 bytes with two 400-byte images in it, room for a
    third of 400 bytes drops the oldest first, so the three never stand
    together; the newest stays."""
    from PySide6.QtGui import QImage

    from viewer.ui.render_cache import RenderCache

    cache = RenderCache(max_bytes=1000)
    images = [QImage(10, 10, QImage.Format.Format_RGB32) for _ in range(3)]
    assert images[0].sizeInBytes() == 400
    cache.put(("a",), images[0])
    cache.put(("b",), images[1])
    cache.make_room(400)
    assert cache.keys() == [("b",)] and cache.bytes == 400
    cache.put(("c",), images[2])
    assert cache.keys() == [("b",), ("c",)] and cache.bytes == 800
    cache.make_room(200)  # fits as it is
    assert cache.bytes == 800
