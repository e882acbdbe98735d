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
from .model import IssueLoadError, load_issue
from .model.types import Article
from .model.validate import check_issue
from .resources_path import BUNDLED_ISSUE

COMMANDS = ("validate", "info", "render", "export", "print", "screenshot", "schema")


class UserError(Exception):
    """A mistake in the command or its input, shown as one message."""


def parse_ranges(text: str, count: int, what: str = "page") -> list[int]:
    """'1-3,5' -> [1, 2, 3, 5], each within 1..count."""
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                lo, hi = int(a), int(b)
            else:
                lo = hi = int(part)
        except ValueError:
            raise UserError(f"'{text}' is not a {what} range such as 1-3,5") from None
        if lo > hi:
            raise UserError(f"the {what} range {part} runs backwards")
        for n in (lo, hi):
            if not 1 <= n <= count:
                raise UserError(f"{what} {n} is outside the issue (1-{count})")
        out.extend(n for n in range(lo, hi + 1) if n not in out)
    if not out:
        raise UserError(f"no {what}s in '{text}'")
    return out


def _load_checked(path: str):
    """Load an issue for a command: any error stops it with every problem
    listed, except missing images, which are drawn as placeholders (the
    command warns)."""
    from .fonts import missing_chars

    data = load_issue(path)
    problems = check_issue(data, missing_chars) if data.issue is not None else list(data.problems)
    fatal = [p for p in problems if p.severity == "error" and p.code != "image"]
    if fatal:
        raise IssueLoadError(fatal)
    for p in problems:
        if p not in fatal:
            print(f"warning: {p}", file=sys.stderr)
    data.raise_if_unusable()
    return data


def cmd_validate(args) -> int:
    from .fonts import missing_chars

    data = load_issue(args.path)
    problems = check_issue(data, missing_chars) if data.issue is not None else list(data.problems)
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        # the descriptors are sound: lay the issue out and check that it fits
        from .layout import layout_issue
        from .layout.fit import fit_problems

        problems += fit_problems(data, layout_issue(data))
        errors = [p for p in problems if p.severity == "error"]
    label = str(data.root)
    for p in problems:
        print(str(p) if Path(p.file).is_absolute() or p.file == label else f"{label}/{p}")
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found in {label}", file=sys.stderr)
        return 1
    issue = data.issue
    n_articles = len(data.articles())
    print(f"valid: {issue.paper} {issue.date.isoformat()} 第{issue.issue_number}期, "
          f"{len(data.pages)} pages, {n_articles} articles")
    return 0


def issue_info(data, with_layout: bool = True) -> dict:
    """The issue's structure (and laid-out geometry) as plain JSON values."""
    issue = data.issue
    layout = None
    if with_layout:
        from .layout import layout_issue

        layout = layout_issue(data)
    out = {
        "paper": issue.paper,
        "paper_en": issue.paper_en,
        "date": issue.date.isoformat(),
        "weekday": issue.weekday_text,
        "issue_number": issue.issue_number,
        "serial_number": issue.serial_number,
        "page_count": issue.page_count,
        "pages": [],
    }
    from .layout.fit import grid_report

    for pd in data.pages:
        page = {"number": pd.page.number, "name": pd.page.section, "articles": []}
        pl = layout.page(pd.page.number) if layout else None
        page.update(grid_report(pd, pl, data))
        if pl is not None:
            page["width_pt"] = round(pl.width_pt, 3)
            page["height_pt"] = round(pl.height_pt, 3)
            page["overflow"] = [dict(o) for o in pl.overflow]
            page["underset"] = [dict(u) for u in pl.underset]
            page["images"] = [{"id": im.block_id, "rect": [round(v, 2) for v in im.rect]} for im in pl.images]
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
                al = layout.article(block.id)
                art["pages"] = list(al.pages) if al else []
                regions = al.regions if al else ()
                art["regions"] = [[[round(x, 2), round(y, 2)] for x, y in r.points]
                                  for r in regions if r.page == pd.page.number]
                others = sorted({r.page for r in regions} - {pd.page.number})
                if others:
                    art["continued_regions"] = [
                        {"page": n, "regions": [[[round(x, 2), round(y, 2)] for x, y in r.points]
                                                for r in regions if r.page == n]}
                        for n in others
                    ]
                art["lines"] = [
                    {"page": ln.page, "text": ln.text, "kind": ln.kind,
                     "bbox": [round(v, 2) for v in ln.bbox]}
                    for ln in (al.lines if al else [])
                ]
            page["articles"].append(art)
        out["pages"].append(page)
    return out


def cmd_info(args) -> int:
    data = _load_checked(args.path)
    info = issue_info(data, with_layout=not args.no_layout)
    if args.json:
        json.dump(info, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(f"{info['paper']} {info['date']} {info['weekday']} 第{info['issue_number']}期 ({info['page_count']} pages)")
        for page in info["pages"]:
            print(f"{page['number']:02d}版 {page['name']}")
            g = page["grid"]
            print(f"    grid: {g['columns']} columns of {g['characters_per_column']} characters, {g['lines']} lines, "
                  f"pitch {g['pitch_pt']:g} pt")
            for fr in page["frames"]:
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
    from .model.schema import write_schemas

    for path in write_schemas(Path(args.out) if args.out else Path(".")):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="herald", description="E-paper viewer for Chinese broadsheet newspapers.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("validate", help="check an issue's descriptors and list every problem")
    s.add_argument("path")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("info", help="print the issue's structure and layout")
    s.add_argument("path")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument("--no-layout", action="store_true", help="structure only, without laying out")
    s.set_defaults(func=cmd_info)

    s = sub.add_parser("schema", help="write the descriptors' JSON Schemas")
    s.add_argument("-o", "--out", help="folder to write into (default: the current folder)")
    s.set_defaults(func=cmd_schema)

    from . import commands

    commands.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
            from .ui.app import run_app

            return run_app(argv[0] if argv else str(BUNDLED_ISSUE))
        args = build_parser().parse_args(argv)
        if not getattr(args, "command", None):
            build_parser().print_help()
            return 0
        return args.func(args)
    except IssueLoadError as exc:
        for p in exc.problems:
            print(str(p), file=sys.stderr)
        print(f"error: the issue cannot be used ({len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''})", file=sys.stderr)
        return 1
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
