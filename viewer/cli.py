"""Command line: open the viewer, or validate / info / render / export / print
/ screenshot an issue without a window.

Every failure a user can cause ends in a one-line message and a non-zero
exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .common import UserError, issue_path_problem, layout_pages, load_checked, parse_ranges
from .issues import open_issue
from .model import IssueLoadError
from .model.types import Advert, Article, Guide, Image, Masthead, Photo
from .resources_path import BUNDLED_ISSUE

COMMANDS = ("validate", "info", "render", "export", "print", "screenshot", "schema", "library", "search")


def cmd_validate(args) -> int:
    why = issue_path_problem(args.path)
    if why:
        print(why)  # the one problem: what the path is
        return 1
    opened = open_issue(args.path)
    problems = opened.check()
    errors = [p for p in problems if p.severity == "error"]
    if not errors and opened.kind == "descriptors":
        # the descriptors are sound: lay the issue out and check that it fits
        from .layout.fit import fit_problems

        problems += fit_problems(opened.data, opened.layout())
        errors = [p for p in problems if p.severity == "error"]
    label = str(opened.root)
    for p in problems:
        print(str(p) if Path(p.file).is_absolute() or p.file == label else f"{label}/{p}")
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found in {label}", file=sys.stderr)
        return 1
    m = opened.meta
    n_pages, n_articles = len(opened.numbers), len(opened.article_ids())
    if opened.kind == "descriptors":
        print(f"valid: {m.paper} {m.date.isoformat()} 第{m.issue_number}期, {n_pages} pages, {n_articles} articles")
    else:
        print(f"valid: {opened.title()}, {n_pages} page{'s' if n_pages != 1 else ''}, "
              f"{n_articles} article{'s' if n_articles != 1 else ''}")
    return 0


def _box(rect) -> list[float]:
    return [round(v, 2) for v in rect]


def _masthead_facts(issue) -> dict:
    """What a masthead prints, as the issue gives it."""
    d = issue.date
    number = f"第{issue.issue_number}期" + (f"（总第{issue.serial_number}期）" if issue.serial_number else "")
    return {
        "paper": issue.paper,
        "paper_en": issue.paper_en,
        "supervisor": issue.supervisor,  # 主管
        "publisher": issue.publisher,  # 主办
        "cn_number": issue.cn_number,
        "postal_code": issue.postal_code,  # 邮发代号
        "date": f"{d.year}年{d.month}月{d.day}日",
        "weekday": issue.weekday_text,
        "number": number,
        "page_count": f"今日{issue.page_count}版",
        "website": issue.website,
    }


def page_items(data, pd, pl) -> dict:
    """Everything on a page besides its articles, with the same keys on
    every page: the masthead, photos, the guide, images and adverts (with
    their boxes in points when the page is laid out)."""
    geo = pd.geometry
    blocks = pd.page.blocks

    def box(frame):
        return _box(geo.frame_rect(frame))

    def set_lines(kind: str, rect) -> list[str]:
        # the lines of a kind the layout set inside a block's frame
        if pl is None:
            return []
        x0, y0, x1, y1 = rect
        return [ln.text for ln in pl.lines if ln.kind == kind
                and x0 - 1 <= (ln.bbox[0] + ln.bbox[2]) / 2 <= x1 + 1 and y0 - 1 <= (ln.bbox[1] + ln.bbox[3]) / 2 <= y1 + 1]

    out: dict = {"masthead": None, "photos": [], "guide": None, "images": [], "adverts": []}
    for b in blocks:
        if isinstance(b, Masthead):
            out["masthead"] = {"facts": _masthead_facts(data.issue), "box": box(b.frame),
                               "lines": set_lines("masthead", geo.frame_rect(b.frame))}
        elif isinstance(b, Photo):
            out["photos"].append({"id": b.id, "image": b.image, "caption": b.caption, "credit": b.credit,
                                  "article": b.article, "placeholder": b.placeholder, "box": box(b.frame)})
        elif isinstance(b, Guide):
            out["guide"] = {"title": b.title, "box": box(b.frame),
                            "entries": [{"title": e.title, "page": e.page, "article": e.article} for e in b.entries]}
        elif isinstance(b, Image):
            out["images"].append({"id": b.id, "image": b.image, "label": b.label, "placeholder": b.placeholder,
                                  "box": box(b.frame)})
        elif isinstance(b, Advert):
            out["adverts"].append({"id": b.id, "advertiser": b.advertiser, "headline": b.headline, "text": b.text,
                                   "image": b.image, "placeholder": b.placeholder, "box": box(b.frame)})
    out["header"] = [ln.text for ln in pl.lines if ln.kind == "header"] if pl is not None else []
    return out


def _points(points) -> list[list[float]]:
    return [[round(x, 2), round(y, 2)] for x, y in points]


def _article_layout(al, number: int) -> dict:
    """An article's pages, regions (on ``number``, and on the pages it
    continues to) and set lines, from its layout."""
    out: dict = {"pages": list(al.pages) if al else []}
    regions = al.regions if al else ()
    out["regions"] = [_points(r.points) for r in regions if r.page == number]
    others = sorted({r.page for r in regions} - {number})
    if others:
        out["continued_regions"] = [{"page": n, "regions": [_points(r.points) for r in regions if r.page == n]}
                                    for n in others]
    out["lines"] = [{"page": ln.page, "text": ln.text, "kind": ln.kind, "bbox": _box(ln.bbox)}
                    for ln in (al.lines if al else [])]
    return out


def _page_geometry(pl) -> dict:
    return {"width_pt": round(pl.width_pt, 3), "height_pt": round(pl.height_pt, 3),
            "overflow": [dict(o) for o in pl.overflow], "underset": [dict(u) for u in pl.underset]}


def _meta_info(opened) -> dict:
    m = opened.meta
    return {
        "paper": m.paper,
        "paper_en": m.paper_en,
        "date": m.date.isoformat() if m.date else None,
        "weekday": m.weekday_text or None,
        "issue_number": m.issue_number,
        "serial_number": m.serial_number,
        "page_count": m.page_count,
        "kind": opened.kind,
        "pages": [],
    }


def issue_info(opened, with_layout: bool = True, pages: list[int] | None = None) -> dict:
    """The issue's structure, with all the text on its pages (and the
    laid-out geometry) as plain JSON values; ``pages`` limits it to those
    pages (only their page groups are laid out). Typeset and scanned issues
    give the same keys."""
    if opened.kind != "descriptors":
        return scanned_info(opened, with_layout, pages)
    from .layout.fit import grid_report

    data = opened.data
    layout = layout_pages(opened, pages) if with_layout else None
    out = _meta_info(opened)
    for pd in data.pages:
        if pages is not None and pd.page.number not in pages:
            continue
        page = {"number": pd.page.number, "name": pd.page.section, "label": opened.page_label(pd.page.number),
                "articles": []}
        pl = layout.page(pd.page.number) if layout else None
        page.update(grid_report(pd, pl, data))
        if pl is not None:
            page.update(_page_geometry(pl))
            page["pictures"] = [{"id": im.block_id, "rect": [round(v, 2) for v in im.rect]} for im in pl.images]
        for block in pd.page.blocks:
            if not isinstance(block, Article):
                continue
            art = {
                "id": block.id,
                "kicker": block.kicker,
                "headline": block.headline,
                "subtitle": block.subtitle,
                "byline": block.byline,
                "signoff": block.signoff,
                "text": data.texts.get(block.id, ""),
                "sample": block.sample,
            }
            if block.continued_on:
                art["continued_on"] = block.continued_on
            if pl is not None:
                art.update(_article_layout(layout.article(block.id), pd.page.number))
            page["articles"].append(art)
        page.update(page_items(data, pd, pl))
        out["pages"].append(page)
    return out


EMPTY_ITEMS = {"masthead": None, "photos": [], "guide": None, "images": [], "adverts": [], "header": []}


def scanned_info(opened, with_layout: bool = True, pages: list[int] | None = None) -> dict:
    """``issue_info`` of a METS/ALTO package: its pages with their scans and
    notes, and the articles its METS defines (or its text blocks), each with
    its text, regions and lines."""
    issue = opened.issue
    layout = layout_pages(opened, pages) if with_layout else None
    out = _meta_info(opened)
    out["source"] = issue.source_file
    out["profile"] = issue.profile
    out["language"] = issue.language
    for sp in issue.pages:
        if pages is not None and sp.number not in pages:
            continue
        page = {"number": sp.number, "name": "", "label": opened.page_label(sp.number), "alto": sp.alto_file,
                "scan": None, "notes": list(sp.notes), "articles": []}
        if sp.scan is not None:
            s = sp.scan
            page["scan"] = {"file": s.path.relative_to(issue.root).as_posix(), "format": s.format,
                            "pixels": [s.pixel_width, s.pixel_height], "pdf_page": s.pdf_page if s.kind == "pdf" else None}
        pl = layout.page(sp.number) if layout else None
        page.update(_page_geometry(pl) if pl is not None else
                    {"width_pt": round(sp.width_pt, 3), "height_pt": round(sp.height_pt, 3)})
        for art in issue.articles:
            if not art.spans or art.spans[0].page != sp.number:
                continue
            entry = {"id": art.id, "kind": art.kind, "kicker": None, "headline": art.headline, "subtitle": None,
                     "byline": None, "signoff": None, "text": art.text, "sample": False}
            if pl is not None:
                entry.update(_article_layout(layout.article(art.id), sp.number))
            page["articles"].append(entry)
        page.update(EMPTY_ITEMS)
        out["pages"].append(page)
    return out


def cmd_info(args) -> int:
    opened = load_checked(args.path)
    pages = None
    if args.page is not None:
        pages = parse_ranges(str(args.page), max(opened.numbers))
        if args.page not in opened.numbers:
            raise UserError(opened.no_page(args.page))
    info = issue_info(opened, with_layout=not args.no_layout, pages=pages)
    if args.json:
        json.dump(info, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        if opened.kind == "descriptors":
            print(f"{info['paper']} {info['date']} {info['weekday']} 第{info['issue_number']}期 ({info['page_count']} pages)")
        else:
            print(f"{opened.title()} ({info['page_count']} page{'s' if info['page_count'] != 1 else ''}, "
                  f"{info['profile']} package {info['source']})")
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
    from .export.atomic import OutputError, atomic_path
    from .model.schema import schema_texts

    folder = Path(args.out) if args.out else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in schema_texts().items():
            with atomic_path(folder / name) as tmp:
                tmp.write_text(text, encoding="utf-8")
            print(folder / name)
    except OutputError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot write the schemas into '{folder}': {exc.strerror or exc}") from None
    return 0


PATH_HELP = ("the issue: a folder holding issue.toml or issue.json (with pages/, text/ and images/), "
             "or that issue file itself; or a library's package: an issue METS file or a folder holding one, "
             "an ALTO file or a folder of them")

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
                raise UsageError(f"unknown command '{target}'; did you mean '{close[0]}'?")
            raise UsageError(f"'{target}' is neither a command nor an existing file or folder "
                             f"(commands: {', '.join(COMMANDS)})")
        if rest:
            raise UsageError(f"unexpected argument{'s' if len(rest) > 1 else ''} after the path: {' '.join(rest)} "
                             f"(to open a window: herald PATH; commands: {', '.join(COMMANDS)})")
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
