"""Commands that lay out and paint: render, export, print, screenshot."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import UserError, layout_pages, load_checked, parse_ranges
from .atomic import OutputError
from .messages import Msg, os_reason, said


def cmd_render(args) -> int:
    from .render.paint import PaintOptions, render_image, save_png, take_notes

    if args.page is not None and args.pages is not None:
        raise UserError(Msg("give --page or --pages, not both"))
    if not 10 <= args.dpi <= 1200:
        raise UserError(Msg("--dpi must be between 10 and 1200"))
    opened = load_checked(args.path)
    if args.pages is not None:
        numbers = parse_ranges(args.pages, opened.numbers)
        out_dir = Path(args.output)
        if out_dir.suffix.lower() == ".png" and not out_dir.is_dir():
            raise UserError(Msg("--pages writes one PNG a page into a folder; '{folder}' looks like a file name "
                                "(give a folder, or --page N for one page)", folder=str(out_dir)))
        if out_dir.exists() and not out_dir.is_dir():
            raise UserError(Msg("'{folder}' is a file; --pages writes into a folder", folder=str(out_dir)))
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(Msg("cannot make the folder '{folder}': {reason}", folder=str(out_dir),
                                reason=os_reason(exc))) from None
        targets = [(n, out_dir / f"page-{n:02d}.png") for n in numbers]
    else:
        n = args.page if args.page is not None else 1
        parse_ranges(str(n), opened.numbers)
        targets = [(n, Path(args.output))]
    for n, _ in targets:
        if n not in opened.numbers:
            raise UserError(opened.no_page(n))
    layout = layout_pages(opened, [n for n, _ in targets])
    opts = PaintOptions(debug=args.debug)
    for n, target in targets:
        page = layout.page(n)
        if page is None:
            raise UserError(Msg("page {number} could not be laid out", number=n))
        for w in page.warnings:
            print(f"warning: {w}", file=sys.stderr)
        img = render_image(page, args.dpi, opts)
        for note in take_notes():
            print(f"warning: {note}", file=sys.stderr)
        try:
            save_png(img, target)
        except OutputError as exc:
            raise UserError(said(exc)) from None
        print(f"{target} ({img.width()}x{img.height()} px, page {n})")
    return 0


def add_commands(sub, command, path_help: str) -> None:
    s = command("render", "render pages to PNG images")
    s.add_argument("path", metavar="PATH", help=path_help)
    s.add_argument("--page", type=int, metavar="N", help="the page to render (default: 1)")
    s.add_argument("--pages", metavar="RANGE", help="several pages, e.g. 1-24 or 1,3,5; -o is then a folder that "
                                                    "receives page-01.png, page-02.png, ...")
    s.add_argument("--dpi", type=float, default=150.0, help="resolution, 10 to 1200 dots per inch")
    s.add_argument("--debug", action="store_true", help="show frames and overflow marks")
    s.add_argument("-o", "--output", required=True, metavar="FILE", help="the PNG file (a folder with --pages)")
    s.set_defaults(func=cmd_render)

    from .export import commands as export_commands
    from .ui import commands as ui_commands

    export_commands.add_commands(sub, command, path_help)
    ui_commands.add_commands(sub, command, path_help)
