"""What the command line and the window share: a user's mistake as one
message, page ranges, and opening an issue for a command that needs only
some of its pages.

Both ``viewer.cli`` (and the command modules) and ``viewer.ui`` import
this module; it imports neither, so imports run one way.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .issue import Issue, issue_path_problem, open_issue
from .model import IssueLoadError, Problem
from .model.problems import NOT_FATAL


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
        raise IssueLoadError(issue.errors or [Problem(issue.source_file, "", "the issue has no usable page")])
    return issue


def layout_pages(issue: Issue, pages=None):
    """The layout of ``pages`` (default: every page), laying out only the
    page groups they belong to (pages tied by continued articles or by
    photos of an article on another page are laid out together), so the
    result for those pages is what a whole-issue layout gives."""
    from .issue import as_issue

    return as_issue(issue).layout_for(list(pages) if pages is not None else None)
