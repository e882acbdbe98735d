"""What the command line and the window share: a user's mistake as one
message, page ranges, and opening an issue for a command that needs only
some of its pages.

Both ``viewer.cli`` (and the command modules) and ``viewer.ui`` import
this module; it imports neither, so imports run one way.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Sequence
from pathlib import Path

from .issue import Issue, issue_path_problem, open_issue
from .messages import Msg
from .model import IssueLoadError, Problem
from .model.problems import NOT_FATAL


class UserError(Exception):
    """A mistake in the command or its input, shown as one message."""


def parse_ranges(text: str, pages: Sequence[int] | int, what: Msg | None = None, last: int | None = None) -> list[int]:
    """'1-3,5' -> [1, 2, 3, 5]: the pages that exist (``pages``, or 1..N for
    an int N) within each range, and each single number as given; every
    number must lie within 1 and the last page (``last``, else the last of ``pages``). A range is resolved against
    the pages, never walked number by number, so 1-1000000000 costs no more
    than 1-24."""
    what = what if what is not None else Msg("page")
    available = range(1, pages + 1) if isinstance(pages, int) else sorted(set(pages))
    if last is None:
        last = available[-1] if len(available) else 0
    out: dict[int, None] = {}
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
            raise UserError(Msg("'{text}' is not a {what} range such as 1-3,5", text=text, what=what)) from None
        if lo > hi:
            raise UserError(Msg("the {what} range {part} runs backwards", what=what, part=part))
        for n in (lo, hi):
            if not 1 <= n <= last:
                raise UserError(Msg("{what} {number} is outside the issue (1-{count})", what=what, number=n,
                                    count=last))
        if lo == hi:
            out.setdefault(lo)
            continue
        start, end = bisect.bisect_left(available, lo), bisect.bisect_right(available, hi)
        for n in available[start:end]:
            out.setdefault(n)
    if not out:
        raise UserError(Msg("no {what}s in '{text}'", what=what, text=text))
    return list(out)


# ------------------------------------------------------------ opening for a command


def load_checked(path: str | Path) -> Issue:
    """Open an issue for a command: any error stops it with every problem
    listed, except those in NOT_FATAL, which the command prints as warnings."""
    why = issue_path_problem(path)
    if why:
        raise UserError(why)
    issue = open_issue(path)
    problems = issue.check()
    fatal = [p for p in problems if p.severity == "error" and p.code not in NOT_FATAL]
    if fatal:
        raise IssueLoadError(fatal)
    for p in problems:
        if p not in fatal:
            print(f"warning: {p}" if p.severity == "error" else str(p), file=sys.stderr)
    if not issue.usable:
        raise IssueLoadError(issue.errors or [Problem(issue.source_file, "", Msg("the issue has no usable page"))])
    return issue


def layout_pages(issue: Issue, pages=None):
    """The layout of ``pages`` (default: every page), laying out only the
    page groups they belong to (pages tied by continued articles or by
    photos of an article on another page are laid out together), so the
    result for those pages is what a whole-issue layout gives."""
    from .issue import as_issue

    return as_issue(issue).layout_for(list(pages) if pages is not None else None)
