"""Commands that lay out and paint: render, export, print, screenshot."""

from __future__ import annotations

import sys
from pathlib import Path

from .cli import UserError, _load_checked, parse_ranges
from .export.atomic import OutputError


def _layout(path: str):
    from .layout import layout_issue

    data = _load_checked(path)
    return data, layout_issue(data)


def cmd_render(args) -> int:
    from .render.paint import PaintOptions, render_image, save_png, take_notes

    data, layout = _layout(args.path)
    count = max(p.number for p in layout.pages)
    if args.page is not None and args.pages is not None:
        raise UserError("give --page or --pages, not both")
    if args.pages is not None:
        numbers = parse_ranges(args.pages, count)
        out_dir = Path(args.output)
        if out_dir.exists() and not out_dir.is_dir():
            raise UserError(f"'{out_dir}' is a file; --pages writes into a folder")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot make the folder '{out_dir}': {exc.strerror}") from None
        targets = [(n, out_dir / f"page-{n:02d}.png") for n in numbers]
    else:
        n = args.page if args.page is not None else 1
        parse_ranges(str(n), count)
        targets = [(n, Path(args.output))]
    if not 10 <= args.dpi <= 1200:
        raise UserError("--dpi must be between 10 and 1200")
    opts = PaintOptions(debug=args.debug)
    for n, target in targets:
        page = layout.page(n)
        if page is None:
            raise UserError(f"page {n} could not be laid out (see the problems above)")
        for w in page.warnings:
            print(f"warning: {w}", file=sys.stderr)
        img = render_image(page, args.dpi, opts)
        for note in take_notes():
            print(f"warning: {note}", file=sys.stderr)
        try:
            save_png(img, target)
        except OutputError as exc:
            raise UserError(str(exc)) from None
        print(f"{target} ({img.width()}x{img.height()} px, page {n})")
    return 0


def add_commands(sub) -> None:
    s = sub.add_parser("render", help="render pages to PNG")
    s.add_argument("path")
    s.add_argument("--page", type=int, help="one page (default 1)")
    s.add_argument("--pages", help="a range such as 1-24 or 1,3,5; -o is then a folder")
    s.add_argument("--dpi", type=float, default=150.0)
    s.add_argument("--debug", action="store_true", help="show frames and overflow marks")
    s.add_argument("-o", "--output", required=True)
    s.set_defaults(func=cmd_render)

    try:
        from .export import commands as export_commands
    except ImportError:
        export_commands = None
    if export_commands is not None:
        export_commands.add_commands(sub)
    try:
        from .ui import commands as ui_commands
    except ImportError:
        ui_commands = None
    if ui_commands is not None:
        ui_commands.add_commands(sub)
