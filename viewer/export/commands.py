"""The ``export`` and ``print`` commands."""

from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path

from ..common import UserError, layout_pages, load_checked, parse_ranges
from ..atomic import OutputError, atomic_path, check_writable, write_error
from ..messages import Msg, Names, os_reason, said


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def _check_target(path: str) -> None:
    try:
        check_writable(Path(path))
    except OutputError as exc:
        raise UserError(said(exc)) from None


def _kept(error: str, target) -> str:
    """A failed write's message, saying that the file it was to replace is still there."""
    if target and Path(target).exists():
        return Msg("{error} (the earlier file is unchanged)", error=error)
    return error


def _load(path: str):
    """The issue's data; an issue with errors is refused with every problem listed."""
    return load_checked(path)


def _article_id(opened, wanted: str) -> str:
    ids = opened.article_ids()
    if wanted in ids:
        return wanted
    close = difflib.get_close_matches(wanted, ids, n=1)
    if close:
        raise UserError(Msg("no article '{id}' in this issue; did you mean '{close}'?", id=wanted, close=close[0]))
    raise UserError(Msg("no article '{id}' in this issue (see: herald info PATH)", id=wanted))


def _pages(args, opened) -> list[int] | None:
    """The --pages range, checked before anything is laid out."""
    if args.pages is None:
        return None
    numbers = parse_ranges(args.pages, opened.numbers, last=max(opened.meta.page_count, max(opened.numbers)))
    for n in numbers:
        if n not in opened.numbers:
            raise UserError(opened.no_page(n))
    return numbers


def _laid_out(opened, pages, article: str | None = None):
    """The layout of what the command prints or exports: the page groups of
    ``pages``, or of the article's home page, or the whole issue."""
    if article is not None:
        pages = [opened.article_home(article)]
    layout = layout_pages(opened, pages)
    for w in layout.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for n in pages or ():
        if layout.page(n) is None:
            raise UserError(Msg("page {number} could not be laid out", number=n))
    return layout


def _write_failed(target: str, exc: BaseException) -> UserError:
    return UserError(_kept(write_error(exc, target), target))


def cmd_export(args) -> int:
    from .pdf import ExportError, export_article_pdf, export_issue_pdf

    _check_target(args.output)
    if not str(args.output).lower().endswith(".pdf"):
        raise UserError(Msg("'{path}' should end in .pdf", path=str(args.output)))
    if args.article and args.pages:
        raise UserError(Msg("give --pages or --article, not both"))
    data = _load(args.path)
    pages = _pages(args, data)
    article = _article_id(data, args.article) if args.article else None
    layout = _laid_out(data, pages, article)
    try:
        if article:
            res = export_article_pdf(data, layout, article, args.output)
        else:
            res = export_issue_pdf(data, layout, args.output, pages)
    except (OutputError, ExportError) as exc:
        raise UserError(_kept(said(exc), args.output)) from None
    except OSError as exc:
        raise _write_failed(args.output, exc) from None
    what = f"article {article}, " if article else ""
    print(f"{res.path} ({what}{len(res.pages)} page{'s' if len(res.pages) != 1 else ''}, "
          f"{_size(res.size_bytes)}, {res.seconds:.2f} s)")
    return 0


def cmd_print(args) -> int:
    from ..render.paint import take_notes
    from .writing import open_written_pdf
    from .printing import PrintError, prepare_printer, print_pages

    mode = args.mode or ("article" if args.article else "fit")
    if args.article and mode != "article":
        raise UserError(Msg("--article prints in --mode article"))
    if mode == "article" and not args.article:
        raise UserError(Msg("--mode article needs --article ID"))
    if args.article and args.pages:
        raise UserError(Msg("give --pages or --article, not both"))
    if args.to_pdf:
        _check_target(args.to_pdf)
        if not str(args.to_pdf).lower().endswith(".pdf"):
            raise UserError(Msg("'{path}' should end in .pdf", path=str(args.to_pdf)))
    data = _load(args.path)
    pages = _pages(args, data)
    article = _article_id(data, args.article) if args.article else None
    layout = _laid_out(data, pages, article)

    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from ..fonts import ensure_app

    ensure_app()
    t0 = time.perf_counter()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    try:
        if args.to_pdf:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setCreator("Herald viewer")
            with atomic_path(args.to_pdf) as tmp:
                printer.setOutputFileName(str(tmp))
                prepare_printer(printer, layout, pages, mode, args.paper, article)
                n = print_pages(printer, layout, pages, mode, article)
                open_written_pdf(tmp, n, args.to_pdf).close()
            for note in take_notes():
                print(f"warning: {note}", file=sys.stderr)
            size = Path(args.to_pdf).stat().st_size
            print(f"{args.to_pdf} ({n} {args.paper} sheet{'s' if n != 1 else ''}, {mode}, {_size(size)}, "
                  f"{time.perf_counter() - t0:.2f} s)")
            return 0
        name = args.printer or QPrinterInfo.defaultPrinterName()
        if not name:
            raise UserError(Msg("no printer is installed; print to a file with --to-pdf out.pdf"))
        installed = QPrinterInfo.availablePrinterNames()
        if name not in installed:
            raise UserError(Msg("no printer called '{name}' (installed: {names})", name=name,
                                names=Names(installed, quote="", quoted=True)))
        printer.setPrinterName(name)
        prepare_printer(printer, layout, pages, mode, args.paper, article)
        n = print_pages(printer, layout, pages, mode, article)
        print(f"sent {n} sheet{'s' if n != 1 else ''} to {name}")
        return 0
    except PrintError as exc:
        raise UserError(said(exc)) from None
    except OutputError as exc:
        raise UserError(_kept(said(exc), args.to_pdf)) from None
    except OSError as exc:
        if args.to_pdf:
            raise _write_failed(args.to_pdf, exc) from None
        raise UserError(Msg("could not print on '{printer}': {reason}", printer=printer.printerName(),
                            reason=os_reason(exc))) from None


def add_commands(sub, command, path_help: str) -> None:
    s = command("export", "export the issue, some pages or one article to PDF, with vector text, an outline, "
                          "page labels and links")
    s.add_argument("path", metavar="PATH", help=path_help)
    s.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF file to write (its name ends in .pdf)")
    s.add_argument("--pages", metavar="RANGE", help="a range such as 1-3,5 (default: every page)")
    s.add_argument("--article", metavar="ID", help="one article as a clip of its region, a page per part "
                                                   "(ids: herald info PATH)")
    s.set_defaults(func=cmd_export)

    s = command("print", "print pages or an article on a printer, or into a PDF file through the same printing code")
    s.add_argument("path", metavar="PATH", help=path_help)
    s.add_argument("--to-pdf", metavar="FILE", help="print into this PDF file instead of a printer")
    s.add_argument("--printer", metavar="NAME", help="printer name (default: the system's default printer)")
    s.add_argument("--paper", default="A4", choices=["A4", "A3"], type=str.upper, help="paper size")
    s.add_argument("--mode", choices=["fit", "tile", "article"],
                   help="fit: a page per sheet, scaled; tile: actual size over several overlapping sheets with "
                        "crop marks; article: one article (default: fit, or article with --article)")
    s.add_argument("--pages", metavar="RANGE", help="a range such as 1-3,5 (default: every page)")
    s.add_argument("--article", metavar="ID", help="the article to print (implies --mode article)")
    s.set_defaults(func=cmd_print)
