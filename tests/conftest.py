"""Shared fixtures: Qt offscreen, the bundled issue loaded and laid out once."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The window's settings go to a temporary folder, never the user's own.
if not os.environ.get("HERALD_SETTINGS_DIR"):
    import atexit
    import shutil
    import tempfile

    os.environ["HERALD_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="herald-test-settings-")
    atexit.register(shutil.rmtree, os.environ["HERALD_SETTINGS_DIR"], True)

# So does the library index (tests of the library give each test its own).
if not os.environ.get("HERALD_DATA_DIR"):
    import atexit
    import shutil
    import tempfile

    os.environ["HERALD_DATA_DIR"] = tempfile.mkdtemp(prefix="herald-test-data-")
    atexit.register(shutil.rmtree, os.environ["HERALD_DATA_DIR"], True)

# So does the layout cache: one for the run, so that the tests that open an
# issue again read it from there (test_layout_cache.py gives each of its
# tests a cache of its own).
if os.environ.get("HERALD_CACHE_DIR") is None:
    import atexit
    import shutil
    import tempfile

    os.environ["HERALD_CACHE_DIR"] = tempfile.mkdtemp(prefix="herald-test-cache-")
    atexit.register(shutil.rmtree, os.environ["HERALD_CACHE_DIR"], True)

# Widgets need a QApplication: make it before anything makes a plain
# QGuiApplication (viewer.fonts.ensure_app does when none exists).
from PySide6.QtWidgets import QApplication  # noqa: E402

_QAPP = QApplication.instance() or QApplication(["herald-tests"])

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"


def shared(scope: str):
    """The scope of a fixture that many tests share (the bundled issue laid
    out once). Under mutation testing (bench/mutation.py sets
    HERALD_MUTATION) each test makes its own, because the tool runs against
    a mutant only the tests it saw calling the mutated function, and a
    shared fixture is seen calling it only in the first test that used it."""

    def scope_for(fixture_name, config):
        return "function" if os.environ.get("HERALD_MUTATION") else scope

    return scope_for


@pytest.fixture(scope=shared("session"))
def bundled_data():
    from viewer.model import load_issue

    return load_issue(BUNDLED)


@pytest.fixture(scope=shared("session"))
def bundled_layout(bundled_data):
    from viewer.layout import layout_issue

    return bundled_data, layout_issue(bundled_data)


def write_issue(root: Path, pages: dict[int, str], issue_extra: str = "", texts: dict[str, str] | None = None,
                page_count: int | None = None) -> Path:
    """Write a small issue folder: ``pages`` maps numbers to page TOML bodies."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pages").mkdir(exist_ok=True)
    (root / "text").mkdir(exist_ok=True)
    n = page_count if page_count is not None else len(pages)
    (root / "issue.toml").write_text(
        'paper = "测试导报"\ndate = 2025-12-29\nissue_number = 1\n'
        f"page_count = {n}\n{issue_extra}\n", encoding="utf-8")
    for number, body in pages.items():
        (root / "pages" / f"{number:02d}.toml").write_text(f'number = {number}\nsection = "测试"\n{body}', encoding="utf-8")
    for name, text in (texts or {}).items():
        (root / "text" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def ui_settings(tmp_path, monkeypatch):
    """A window's settings in a folder of the test's own, in the Chinese interface."""
    monkeypatch.setenv("HERALD_SETTINGS_DIR", str(tmp_path / "settings"))
    from viewer.ui import i18n, settings

    settings.set_language("zh")
    i18n.set_language("zh")
    yield tmp_path / "settings"
    i18n.set_language("zh")


def shown_window(qtbot, size=(1400, 950)):
    """The real main window, shown (offscreen), with no issue open."""
    from viewer.ui.app import create_app
    from viewer.ui.main_window import MainWindow

    create_app()
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win


def open_window(qtbot, data=None, layout=None, path=BUNDLED, page=1, size=(1400, 950)):
    """The real main window, shown (offscreen), on an issue."""
    win = shown_window(qtbot, size)
    assert win.open_path(path, layout=layout, data=data, page=page) is not False
    win.activateWindow()
    win.view.setFocus()
    return win


@pytest.fixture
def cli(capsys):
    """Run the command line in this process: (exit code, stdout, stderr)."""
    from viewer.cli import main

    def run(*argv) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def make_window(qtbot, ui_settings):
    """make_window(data, layout, path=..., page=1, size=(w, h)): open_window
    with the test's own settings."""
    import functools

    return functools.partial(open_window, qtbot)


def highlighted_points(view, page: int, rect) -> int:
    """How many of 36 points spread over ``rect`` (points on ``page``) the
    page view has painted in the yellow of a search hit."""
    from PySide6.QtGui import QColor

    view.finish_rendering()
    scale = view.zoom * view.devicePixelRatioF()
    img = view.cache.get(view._key(page, scale))
    assert img is not None, f"page {page} is not rendered"
    x0, y0, x1, y1 = rect
    tinted = 0
    for i in range(1, 10):
        for j in range(1, 5):
            c = QColor(img.pixel(round((x0 + (x1 - x0) * i / 10) * scale), round((y0 + (y1 - y0) * j / 5) * scale)))
            tinted += c.red() > 200 and c.green() > 150 and c.blue() < 140
    return tinted
