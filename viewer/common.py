"""What the command line and the window share: a user's mistake as one
message, page ranges, telling an issue from other files, and opening an
issue for a command that needs only some of its pages.

Both ``viewer.cli`` (and the command modules) and ``viewer.ui`` import
this module; it imports neither, so imports run one way.
"""

from __future__ import annotations

import codecs
import functools
import sys
from pathlib import Path

from .issues import OpenIssue, is_descriptor_path, open_issue
from .model import IssueData, IssueLoadError, Problem
from .model.problems import NOT_FATAL
from .model.validate import check_issue


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


# ------------------------------------------------------------ what a path is

# the first bytes of files people mistake for an issue, and what they are
_SIGNATURES = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    (b"\xff\x4f\xff\x51", "a JPEG 2000 image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def _file_kind(path: Path) -> str:
    """What a file that is not an issue file is, in a few words."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
            whole = not f.read(1)
    except OSError as exc:
        return f"a file that cannot be read ({exc.strerror or exc})"
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return what
    if not head:
        return "an empty file"
    try:
        # a character cut at byte 4096 is not a fault of the file: the incremental
        # decoder keeps an incomplete tail back unless the file ends there
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
    except UnicodeDecodeError:
        if b"\x00" in head:
            return "a binary file"
        return "a text file that is not UTF-8"
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return "an XML file that is neither a METS nor an ALTO file" if "<?xml" in text else "an HTML or XML file"
    return "a text file"


def _package_kind(path: Path) -> str | None:
    from .sources.package import package_kind

    return package_kind(path)


def issue_path_problem(path: str | Path) -> str | None:
    """None when ``path`` is something an issue can be opened from (one of
    our issue folders or its issue.toml/issue.json; a METS file or a folder
    holding one; ALTO files), else the reason it is not, naming the path."""
    p = Path(path)
    try:
        if p.is_dir():
            if is_descriptor_path(p) or _package_kind(p):
                return None
            return (f"'{path}' is a folder without issue.toml or issue.json, and without METS or ALTO files: "
                    "not an issue folder")
        if p.is_file():
            if is_descriptor_path(p) or _package_kind(p):
                return None
            return f"'{path}' is {_file_kind(p)}, not an issue folder"
        if p.exists():
            return f"'{path}' is neither a file nor a folder"
    except OSError as exc:
        return f"'{path}' cannot be read: {exc.strerror or exc}"
    return f"no such file or folder: '{path}'"


# ------------------------------------------------------------ opening for a command


@functools.lru_cache(maxsize=1)
def _missing_chars():
    from .fonts import missing_chars

    return missing_chars


def issue_problems(data: IssueData):
    """Every problem of a loaded issue, as ``validate`` lists them."""
    return check_issue(data, _missing_chars()) if data.issue is not None else list(data.problems)


def load_checked(path: str | Path) -> OpenIssue:
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


def layout_pages(issue: OpenIssue, pages=None):
    """The layout of ``pages`` (default: every page), laying out only the
    page groups they belong to (pages tied by continued articles or by
    photos of an article on another page are laid out together), so the
    result for those pages is what a whole-issue layout gives."""
    if isinstance(issue, IssueData):
        from .issues import DescriptorIssue

        issue = DescriptorIssue(issue)
    return issue.layout_for(list(pages) if pages is not None else None)
