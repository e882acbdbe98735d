"""The ``export`` and ``print`` commands."""

from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path

from ..common import UserError, layout_pages, load_checked, parse_ranges
from ..atomic import OutputError, atomic_path, check_writable, write_error


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def _check_target(path: str) -> None:
    try:
        check_writable(Path(path))
    except OutputError as exc:
        raise UserError(str(exc)) from None


def _load(path: str):
    """The issue's data; an issue with errors is refused with every problem listed."""
    return load_checked(path)


def _article_id(opened, wanted: str) -> str:
    ids = opened.article_ids()
    if wanted in ids:
        return wanted
    close = difflib.get_close_matches(wanted, ids, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else " (see: herald info PATH)"
    raise UserError(f"no article '{wanted}' in this issue{hint}")


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
            raise UserError(f"page {n} could not be laid out")
    return layout


def _write_failed(target: str, exc: BaseException) -> UserError:
    kept = " (the earlier file is unchanged)" if Path(target).exists() else ""
    return UserError(write_error(exc, target) + kept)


def cmd_export(args) -> int:
    from .pdf import ExportError, export_article_pdf, export_issue_pdf

    _check_target(args.output)
    if not str(args.output).lower().endswith(".pdf"):
        raise UserError(f"'{args.output}' should end in .pdf")
    if args.article and args.pages:
        raise UserError("give --pages or --article, not both")
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
        kept = " (the earlier file is unchanged)" if Path(args.output).exists() else ""
        raise UserError(str(exc) + kept) from None
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
        raise UserError("--article prints in --mode article")
    if mode == "article" and not args.article:
        raise UserError("--mode article needs --article ID")
    if args.article and args.pages:
        raise UserError("give --pages or --article, not both")
    if args.to_pdf:
        _check_target(args.to_pdf)
        if not str(args.to_pdf).lower().endswith(".pdf"):
            raise UserError(f"'{args.to_pdf}' should end in .pdf")
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
            raise UserError("no printer is installed; print to a file with --to-pdf out.pdf")
        if name not in QPrinterInfo.availablePrinterNames():
            raise UserError(f"no printer called '{name}' (installed: {', '.join(QPrinterInfo.availablePrinterNames())})")
        printer.setPrinterName(name)
        prepare_printer(printer, layout, pages, mode, args.paper, article)
        n = print_pages(printer, layout, pages, mode, article)
        print(f"sent {n} sheet{'s' if n != 1 else ''} to {name}")
        return 0
    except PrintError as exc:
        raise UserError(str(exc)) from None
    except OutputError as exc:
        kept = " (the earlier file is unchanged)" if args.to_pdf and Path(args.to_pdf).exists() else ""
        raise UserError(str(exc) + kept) from None
    except OSError as exc:
        raise _write_failed(args.to_pdf or "the printer", exc) from None


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
