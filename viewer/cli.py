"""Command line: open the viewer, or validate / info / render / export / print
/ screenshot an issue without a window.

Every failure a user can cause ends in a one-line message and a non-zero
exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .common import UserError, load_checked, parse_ranges
from .escape import PrintableStream, printable_json
from .issue import issue_path_problem, open_issue
from .messages import Msg, Names, os_reason, said
from .model import IssueLoadError
from .resources_path import BUNDLED_ISSUE

COMMANDS = ("validate", "info", "render", "export", "print", "screenshot", "schema", "library", "search")


def cmd_validate(args) -> int:
    why = issue_path_problem(args.path)
    if why:
        print(why)  # the one problem: what the path is
        return 1
    opened = open_issue(args.path)
    problems = opened.validate()
    errors = [p for p in problems if p.severity == "error"]
    label = str(opened.root)
    for p in problems:
        print(str(p) if Path(p.file).is_absolute() or p.file == label else f"{label}/{p}")
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found in {label}", file=sys.stderr)
        return 1
    print(f"valid: {opened.summary()}")
    return 0


def cmd_info(args) -> int:
    opened = load_checked(args.path)
    pages = None
    if args.page is not None:
        pages = parse_ranges(str(args.page), opened.numbers)
        if args.page not in opened.numbers:
            raise UserError(opened.no_page(args.page))
    info = opened.describe(with_layout=not args.no_layout, pages=pages)
    if args.json:
        print(printable_json(info, indent=1))
    else:
        print(opened.describe_heading(info))
        for page in info["pages"]:
            print(f"{page['label']} {page['name']}".rstrip())
            for note in page.get("notes", []):
                print(f"    note: {note}")
            g = page.get("grid")
            if g:
                print(f"    grid: {g['columns']} columns of {g['characters_per_column']} characters, {g['lines']} lines, "
                      f"pitch {g['pitch_pt']:g} pt")
            for fr in page.get("frames", []):
                fill = f", {fr['lines_set']} set" if "lines_set" in fr else ""
                print(f"    blocks[{fr['block']}].frames[{fr['frame']}] {fr['article']}: {fr['capacity_lines']} lines "
                      f"({fr['capacity_characters']} characters){fill}")
            for a in page["articles"]:
                flag = " [sample copy]" if a["sample"] else ""
                print(f"    {a['id']}: {a['headline']}{flag}")
            for o in page.get("overflow", []):
                print(f"    overflow: {o}")
            for u in page.get("underset", []):
                print(f"    underset: {u}")
    return 0


def cmd_schema(args) -> int:
    from .atomic import OutputError, atomic_path
    from .model.schema import schema_texts

    folder = Path(args.out) if args.out else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in schema_texts().items():
            with atomic_path(folder / name) as tmp:
                tmp.write_text(text, encoding="utf-8")
            print(folder / name)
    except OutputError as exc:
        raise UserError(said(exc)) from None
    except OSError as exc:
        raise UserError(Msg("cannot write the schemas into '{folder}': {reason}", folder=str(folder),
                            reason=os_reason(exc))) from None
    return 0


PATH_HELP = ("the issue: a folder holding issue.toml or issue.json (with pages/, text/ and images/), "
             "or that issue file itself; or a library's package: an issue METS file or a folder holding one, "
             "an ALTO file or a folder of them; or a saved e-paper site (数字报): its folder (the newest issue), "
             "a date folder or a page file")

DESCRIPTION = """\
Herald, a newspaper e-paper viewer.

  herald                 open the window on the bundled issue
  herald PATH            open the window on an issue (PATH: a folder holding
                         issue.toml or issue.json, or that file; a METS
                         file or a folder holding one; ALTO files)
  herald COMMAND ...     work on an issue without a window (below)

Run 'herald COMMAND --help' for a command's options."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="herald", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def command(name: str, help: str):
        return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                              formatter_class=argparse.ArgumentDefaultsHelpFormatter)

    s = command("validate", "check an issue and list every problem, one per line, with file, place and reason; "
                            "exit 0 when valid, 1 otherwise")
    s.add_argument("path", metavar="PATH", help=PATH_HELP)
    s.set_defaults(func=cmd_validate)

    s = command("info", "print the issue's structure with all its text: pages, articles, photos, the guide, "
                        "adverts, the masthead; with layout also page sizes, article regions and every set line")
    s.add_argument("path", metavar="PATH", help=PATH_HELP)
    s.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    s.add_argument("--no-layout", action="store_true", help="structure and text only, without laying out")
    s.add_argument("--page", type=int, metavar="N", help="only page N (only its page group is laid out)")
    s.set_defaults(func=cmd_info)

    s = command("schema", "write the descriptors' JSON Schemas (issue.schema.json, page.schema.json)")
    s.add_argument("-o", "--out", metavar="FOLDER", help="folder to write into (default: the current folder)")
    s.set_defaults(func=cmd_schema)

    from . import commands

    commands.add_commands(sub, command, PATH_HELP)
    from .library.commands import add_commands as add_library_commands

    add_library_commands(sub)
    return p


def _no_window_reason() -> str | None:
    from .display import display_problem

    return display_problem()


def _dispatch(argv: list[str]) -> int:
    """Tell a path from a command: ``herald [PATH]`` opens the window."""
    import difflib

    if argv and argv[0] in ("-h", "--help"):
        build_parser().print_help()
        return 0
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        target = argv[0] if argv else None
        rest = argv[1:]
        if any(a in ("-h", "--help") for a in rest):
            build_parser().print_help()
            return 0
        if target is not None and not Path(target).exists():
            close = difflib.get_close_matches(target, COMMANDS, n=1, cutoff=0.6)
            if close:
                raise UsageError(Msg("unknown command '{command}'; did you mean '{close}'?", command=target,
                                     close=close[0]))
            raise UsageError(Msg("'{target}' is neither a command nor an existing file or folder (commands: {commands})",
                                 target=target, commands=Names(COMMANDS, quote="")))
        if rest:
            raise UsageError(Msg("unexpected argument{s} after the path: {arguments} "
                                 "(to open a window: herald PATH; commands: {commands})", s="s" if len(rest) > 1 else "",
                                 arguments=" ".join(rest), commands=Names(COMMANDS, quote="")))
        if target is not None:
            why = issue_path_problem(target)
            if why:
                raise UserError(why)
        why = _no_window_reason()
        if why:
            raise UserError(why)
        from .ui.app import run_app

        return run_app(target if target is not None else str(BUNDLED_ISSUE))
    args = build_parser().parse_args(argv)
    if not getattr(args, "command", None):
        build_parser().print_help()
        return 0
    return args.func(args)


class UsageError(UserError):
    """A mistake in how the program was called (exit status 2)."""


def main(argv: list[str] | None = None) -> int:
    # every line the program prints passes through the one escaping function
    # (viewer.escape): text from files never reaches the terminal as it is
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(out), PrintableStream(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(argv)
    except IssueLoadError as exc:
        for p in exc.problems:
            print(str(p), file=sys.stderr)
        print(f"error: the issue cannot be used ({len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''})", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"herald: error: {exc}", file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: no traceback for users
        import traceback

        if "--debug" in argv:
            traceback.print_exc()
        print(f"error: unexpected failure: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
