"""The library on the command line: ``herald library add/scan/list/remove/rebuild``
and ``herald search QUERY``.

Output is plain text on stdout (or JSON with ``--json``); scan progress
goes to stderr, one line per issue. Every failure is one message and exit 1.
A scan (``add``, ``scan``, ``rebuild``) while another Herald indexes the
same library says so on stderr and waits for it.

``--progress json`` (not in the help: for the window, which runs the
indexer as a child process) makes ``add``, ``scan`` and ``rebuild`` say
everything as JSON objects on stdout, one a line, each with its ``event``:

    {"event": "progress", "issues_done": 0, "issues_total": 3, "pages_done": 0, "pages_total": 49, "path": "..."}
    {"event": "waiting", "message": MSG}
    {"event": "added", "folder": "..."}
    {"event": "rebuilt", "index": "...", "folders": 2, "kept": "..." or null}
    {"event": "report", "new": 3, "changed": 0, "removed": 0, "indexed": 3, "pages": 49, "invalid": [...],
     "missing_folders": [...], "skipped": [MSG, ...], "unreadable": 0}
    {"event": "error", "message": MSG, "rebuild": false}

A MSG is a message by its id and parameters (``viewer.messages.Msg.to_json``;
a plain string for text that is no Msg), so the reader words it in its own
language. ``progress`` counts the issues and pages done before ``path`` is
read; its last line, with ``path`` null, has everything done.
"""

from __future__ import annotations

import argparse
import functools
import sys

from ..escape import printable_json
from ..messages import Msg, message_json, said
from .index import IndexUnusable, IssueInfo, Library, LibraryError, ScanReport, parse_date
from .text import QueryError


class Said:
    """What a command says as it goes, for people: progress and waiting on
    stderr, what was done on stdout, a failure on stderr."""

    def progress(self, done: int, total: int, pages_done: int, pages_total: int, path) -> None:
        if path is not None:
            print(f"indexing {done + 1}/{total} issues, {pages_done}/{pages_total} pages: {path}", file=sys.stderr,
                  flush=True)

    def waiting(self, message: Msg) -> None:
        print(message, file=sys.stderr, flush=True)

    def added(self, folder) -> None:
        print(f"added {folder}")

    def rebuilt(self, lib: Library) -> None:
        print(f"new index {lib.path} for {_plural(len(lib.folders()), 'folder')}")
        if lib.kept is not None:
            print(f"the old one is kept as {lib.kept}")

    def report(self, report: ScanReport) -> None:
        print_report(report)

    def failed(self, exc: Exception) -> None:
        print(f"error: {exc}", file=sys.stderr)
        if isinstance(exc, IndexUnusable):
            print("run 'herald library rebuild' to make a new index (the list of folders is kept when it can be read)",
                  file=sys.stderr)


class SaidAsJson(Said):
    """The same for a program: one JSON object a line on stdout (the
    module's docstring lists them)."""

    @staticmethod
    def _line(event: str, **values) -> None:
        print(printable_json({"event": event, **values}), flush=True)

    def progress(self, done: int, total: int, pages_done: int, pages_total: int, path) -> None:
        self._line("progress", issues_done=done, issues_total=total, pages_done=pages_done, pages_total=pages_total,
                   path=str(path) if path is not None else None)

    def waiting(self, message: Msg) -> None:
        self._line("waiting", message=message_json(message))

    def added(self, folder) -> None:
        self._line("added", folder=str(folder))

    def rebuilt(self, lib: Library) -> None:
        self._line("rebuilt", index=str(lib.path), folders=len(lib.folders()),
                   kept=str(lib.kept) if lib.kept is not None else None)

    def report(self, report: ScanReport) -> None:
        self._line("report", new=report.new, changed=report.changed, removed=report.removed, indexed=report.indexed,
                   pages=report.pages, invalid=[str(i.path) for i in report.invalid],
                   missing_folders=[str(f) for f in report.missing_folders],
                   skipped=[message_json(e) for e in report.errors], unreadable=report.unreadable)

    def failed(self, exc: Exception) -> None:
        self._line("error", message=message_json(said(exc)), rebuild=isinstance(exc, IndexUnusable))


def _said(args) -> Said:
    return SaidAsJson() if getattr(args, "progress", None) == "json" else Said()


def _reported(fn):
    """A command whose library failures end in one message and exit 1."""

    @functools.wraps(fn)
    def run(args) -> int:
        try:
            return fn(args)
        except (LibraryError, QueryError) as exc:
            _said(args).failed(exc)
            return 1

    return run


def _missing_chars():
    """The bundled fonts' coverage check, so that the library rejects what
    ``herald validate`` rejects."""
    from ..typefaces import missing_chars

    return missing_chars


def _open() -> Library:
    return Library(missing_chars=_missing_chars())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def print_report(report: ScanReport) -> None:
    print(f"found {report.new} new, {report.changed} changed, {report.removed} removed")
    print(f"indexed {_plural(report.indexed, 'issue')}, {_plural(report.pages, 'page')}")
    for info in report.invalid:
        print(f"not searchable, {_plural(len(info.problems), 'problem')}: {info.path}")
        for p in info.problems:
            print(f"  {p}")
    for folder in report.missing_folders:
        print(f"folder missing (its issues stay listed until it is back or removed): {folder}")
    for err in report.errors:
        print(f"skipped: {err}")
    if report.unreadable:
        print(f"kept as they were until a scan can read their folders: {_plural(report.unreadable, 'issue')}")


def _scan(lib: Library, said: Said) -> int:
    said.report(lib.scan(said.progress, said.waiting))
    return 0


def _no_folders() -> LibraryError:
    return LibraryError(Msg("the library has no folders: add one with 'herald library add FOLDER'"))


@_reported
def cmd_add(args) -> int:
    said = _said(args)
    with _open() as lib:
        for folder in args.folders:
            said.added(lib.add_folder(folder))
        return _scan(lib, said)


@_reported
def cmd_scan(args) -> int:
    with _open() as lib:
        if not lib.folders():
            raise _no_folders()
        return _scan(lib, _said(args))


@_reported
def cmd_remove(args) -> int:
    with _open() as lib:
        n = lib.remove_folder(args.folder)
        print(f"removed {args.folder} ({_plural(n, 'issue')}; the files are untouched)")
    return 0


@_reported
def cmd_rebuild(args) -> int:
    said = _said(args)
    lib = Library.rebuild(waiting=said.waiting, missing_chars=_missing_chars())
    with lib:
        said.rebuilt(lib)
        return _scan(lib, said)


def issue_json(info: IssueInfo) -> dict:
    return {"path": str(info.path), "kind": info.kind, "paper": info.paper,
            "date": info.date.isoformat() if info.date else None, "label": info.label, "pages": info.pages,
            "state": info.state, "present": info.present, "problems": [str(p) for p in info.problems]}


def _state_note(info: IssueInfo) -> str:
    notes = []
    if info.state == "pending":
        notes.append("not indexed yet")
    elif info.state == "invalid":
        notes.append(f"not searchable: {_plural(len(info.problems), 'problem')}")
    if info.unreadable:
        notes.append("folder cannot be read")
    elif not info.present:
        notes.append("folder missing")
    return f"  [{'; '.join(notes)}]" if notes else ""


@_reported
def cmd_list(args) -> int:
    with _open() as lib:
        lib.check_folders()
        folders = lib.folders()
        issues = lib.issues()
    if args.json:
        print(printable_json({"folders": [{"path": str(p), "present": present, "issues": n} for p, present, n in folders],
                              "issues": [issue_json(i) for i in issues]}, indent=1))
        return 0
    if not folders:
        print("the library is empty: add a folder with 'herald library add FOLDER'")
        return 0
    for p, present, n in folders:
        print(f"folder {p}: {_plural(n, 'issue')}" + ("" if present else " (missing)"))
    current = object()
    for info in issues:
        if info.paper != current:
            current = info.paper
            count = sum(1 for i in issues if i.paper == current)
            print()
            print(f"{current or '(paper unknown)'}: {_plural(count, 'issue')}")
        date = info.date.isoformat() if info.date else "----------"
        label = f" {info.label}" if info.label else ""
        print(f"  {date}{label}, {_plural(info.pages, 'page')}: {info.path}{_state_note(info)}")
        for problem in info.problems:
            print(f"      {problem}")
    return 0


@_reported
def cmd_search(args) -> int:
    date_from = parse_date(args.date_from, "--from") if args.date_from else None
    date_to = parse_date(args.date_to, "--to") if args.date_to else None
    if date_from and date_to and date_from > date_to:
        raise LibraryError(Msg("--from {date_from} is after --to {date_to}", date_from=date_from.isoformat(),
                               date_to=date_to.isoformat()))
    if args.limit < 1:
        raise LibraryError(Msg("--limit must be at least 1"))
    with Library() as lib:
        if not lib.folders():
            raise _no_folders()
        result = lib.search(args.query, args.paper, date_from, date_to, args.limit)
    groups = result.groups()
    if args.json:
        out = {"query": args.query, "terms": [t.text for t in result.terms], "total": result.total,
               "approximate": result.approximate, "shown": len(result.hits), "issues": []}
        for info, hits in groups:
            entry = issue_json(info)
            entry["hits"] = [{"page": h.page, "article": h.article, "headline": h.headline, "snippet": h.snippet,
                              "hit": [h.start, h.end], "match": h.match, "count": h.count} for h in hits]
            out["issues"].append(entry)
        print(printable_json(out, indent=1))
        return 0
    if not result.hits:
        print(f"no results for {args.query}")
        return 0
    total = f"about {result.total}" if result.approximate else str(result.total)
    shown = f", the newest {len(result.hits)} shown" if len(result.hits) < result.total else ""
    print(f"{total} results for {args.query} in {_plural(len(groups), 'issue')}{shown}")
    for info, hits in groups:
        label = f" {info.label}" if info.label else ""
        print()
        where = " (folder cannot be read)" if info.unreadable else "" if info.present else " (folder missing)"
        print(f"{info.name}{label}: {info.path}{where}")
        for h in hits:
            headline = h.headline.replace("\n", " ") or "(page text)"
            print(f"  page {h.page}: {headline}")
            print(f"    {h.snippet[:h.start]}[{h.snippet[h.start:h.end]}]{h.snippet[h.end:]}")
    return 0


def _progress_option(parser) -> None:
    # for the window, which reads what an indexer says as it goes: not in the help
    parser.add_argument("--progress", choices=("json",), help=argparse.SUPPRESS)


def add_commands(sub) -> None:
    lib = sub.add_parser("library", help="the library: folders of issues, browsed by date and searched at once")
    acts = lib.add_subparsers(dest="library_command", metavar="ACTION")
    acts.required = True
    s = acts.add_parser("add", help="add folders and index the issues in them")
    s.add_argument("folders", nargs="+", metavar="FOLDER")
    _progress_option(s)
    s.set_defaults(func=cmd_add)
    s = acts.add_parser("scan", help="find new, changed and removed issues and index them")
    _progress_option(s)
    s.set_defaults(func=cmd_scan)
    s = acts.add_parser("list", help="list folders, papers and issues, with their problems")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.set_defaults(func=cmd_list)
    s = acts.add_parser("remove", help="take a folder and its issues out of the library (files are untouched)")
    s.add_argument("folder", metavar="FOLDER")
    s.set_defaults(func=cmd_remove)
    s = acts.add_parser("rebuild", help="make the index anew (after damage, or from a newer version)")
    _progress_option(s)
    s.set_defaults(func=cmd_rebuild)

    s = sub.add_parser("search", help="search every issue of the library")
    s.add_argument("query", metavar="QUERY", help='words (all must be found) or "a phrase"')
    s.add_argument("--paper", help="only this paper (its name as listed)")
    s.add_argument("--from", dest="date_from", metavar="DATE", help="issues of this day (YYYY-MM-DD) or later")
    s.add_argument("--to", dest="date_to", metavar="DATE", help="issues of this day or earlier")
    s.add_argument("--limit", type=int, default=100, help="results to show (default 100)")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.set_defaults(func=cmd_search)
