"""``screenshot``: the real main window, offscreen, in a chosen state, saved
as a PNG (the README's pictures are made this way)."""

from __future__ import annotations

import os
import re
import tempfile

from ..common import UserError
from ..messages import Msg, said


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text or "")
    if not m:
        raise UserError(Msg("--size must look like 1600x1000, not '{text}'", text=text))
    w, h = int(m[1]), int(m[2])
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise UserError(Msg("--size must be between 320x240 and 8000x8000"))
    return w, h


def take_screenshot(path: str, output: str, page: int | None = None, article: str | None = None,
                    search: str | None = None, size: tuple[int, int] = (1600, 1000), lang: str | None = None,
                    zoom: str = "fit_page", spread: bool = False, data=None, layout=None):
    """Open the main window on ``path`` in the given state and save a grab of it.
    Returns the saved image (a QImage)."""
    from ..atomic import OutputError
    from ..render.paint import save_png
    from .app import create_app

    if not os.environ.get("HERALD_SETTINGS_DIR"):
        raise RuntimeError("take_screenshot needs HERALD_SETTINGS_DIR: it never touches the reader's own settings")
    from ..issue import as_issue, issue_path_problem, open_issue
    from ..model import IssueLoadError, Problem

    if data is None:
        why = issue_path_problem(path)
        if why:
            raise UserError(why)
        data = open_issue(path)
    source = as_issue(data)
    if not source.usable:
        # the problems validate lists, located, and nothing of the window
        raise IssueLoadError(list(source.problems) or [Problem(str(path), "", Msg("the issue has no usable page"))])
    app = create_app()
    from . import i18n
    from .main_window import MainWindow

    if lang:
        i18n.set_language(lang)
    win = MainWindow()
    try:
        win.resize(*size)
        win.view.set_spread(spread)
        win.set_zoom_mode(zoom)
        win.show()
        app.processEvents()
        if not win.open_path(path, layout=layout, page=page or 1, data=data):
            problems = "; ".join(win.problems.lines()[:3])
            raise UserError(Msg("cannot open '{path}': {problems}", path=str(path), problems=problems)
                            if problems else Msg("cannot open '{path}': it is not an issue folder", path=str(path)))
        doc = win.doc
        if page is not None and page not in doc.numbers:
            raise UserError(Msg("page {number} is not in the issue ({first}-{last})", number=page, first=min(doc.numbers),
                                last=max(doc.numbers)))
        app.processEvents()
        win.check_problems()
        if article:
            if doc.reading(article) is None:
                raise UserError(Msg("no article '{id}' in the issue", id=article))
            if page is None:
                win.go_to_page(doc.article_home(article))
            win.open_article(article)
        if search:
            win.show_search()
            win.search.field.setText(search)
            win.run_search(search)
            if article:
                win.open_article(article)
                win.reader.scroll_to_hit()
        # thumbnails and the exact rendering of the visible pages, now
        win.thumbnails.render_visible()
        for _ in range(3):
            app.processEvents()
        win.view.finish_rendering()
        app.processEvents()
        img = win.grab().toImage()
        try:
            save_png(img, output)
        except OutputError as exc:
            raise UserError(said(exc)) from None
        return img
    finally:
        win.close()
        win.deleteLater()
        app.processEvents()


def cmd_screenshot(args) -> int:
    # the window must neither read nor change the reader's own settings: a
    # throw-away settings folder for this process, removed at the end
    with tempfile.TemporaryDirectory(prefix="herald-shot-") as settings:
        os.environ.setdefault("HERALD_SETTINGS_DIR", settings)
        img = take_screenshot(args.path, args.output, page=args.page, article=args.article, search=args.search,
                              size=_size(args.size), lang=args.lang, zoom=args.zoom.replace("-", "_"),
                              spread=args.spread)
    print(f"{args.output} ({img.width()}x{img.height()} px)")
    return 0


def add_commands(sub, command, path_help: str) -> None:
    s = command("screenshot", "save a picture of the real window in a given state (offscreen, no display needed)")
    s.add_argument("path", metavar="PATH", help=path_help)
    s.add_argument("-o", "--output", required=True, metavar="FILE", help="the PNG file to write")
    s.add_argument("--page", type=int, metavar="N", help="the page to show (default: 1)")
    s.add_argument("--article", metavar="ID", help="open this article in the reader")
    s.add_argument("--search", metavar="TEXT", help="search the issue for this text")
    s.add_argument("--size", default="1600x1000", metavar="WxH", help="window size in pixels")
    s.add_argument("--lang", choices=("zh", "en"), help="interface language (default: the system's)")
    s.add_argument("--zoom", choices=("fit-page", "fit-width"), default="fit-page", help="zoom")
    s.add_argument("--spread", action="store_true", help="two-page spread")
    s.set_defaults(func=cmd_screenshot)
