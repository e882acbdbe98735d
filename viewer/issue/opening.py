"""Telling what a path holds and opening the issue in it: one of our issue
folders (or its issue.toml/issue.json), a METS file or a folder holding one,
or ALTO files. Each kind of source is recognised here and nowhere else."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from ..messages import Msg, os_reason
from ..model.problems import IssueLoadError
from .base import Issue
from .text import IssueText
from .descriptors import KIND as DESCRIPTORS
from .descriptors import DescriptorIssue
from .epaper import KIND as EPAPER
from .epaper import open_site_issue
from .packages import KIND as METS_ALTO
from .packages import open_package_issue

# every kind of issue, in the order paths are tried
KINDS = (DESCRIPTORS, METS_ALTO, EPAPER)


def is_descriptor_path(path: str | Path) -> bool:
    """Whether ``path`` is one of our issue folders or issue files."""
    from ..model.files import ISSUE_FILES

    p = Path(path)
    if p.is_dir():
        return any((p / name).is_file() for name in ISSUE_FILES)
    return p.is_file() and (p.name in ISSUE_FILES or p.suffix.lower() in (".toml", ".json"))


def _package_kind(path: Path) -> str | None:
    from ..sources.sniff import package_kind

    return package_kind(path)


def _epaper_kind(path: Path) -> str | None:
    from ..sources.epaper import epaper_kind

    return epaper_kind(path)


def issue_kind(path: str | Path, one_issue: bool = False) -> str | None:
    """The kind of issue ``path`` holds (one of KINDS), or None. With
    ``one_issue`` (a library looking for issues), a folder that holds many
    issues (an e-paper site, whose date folders are its issues) is none."""
    p = Path(path)
    if is_descriptor_path(p):
        return DESCRIPTORS
    if _package_kind(p) is not None:
        return METS_ALTO
    epaper = _epaper_kind(p)
    if epaper is not None and not (one_issue and epaper == "site"):
        return EPAPER
    return None


def open_issue(path: str | Path, kind: str | None = None) -> Issue:
    """Read whatever ``path`` holds; problems are collected, never raised.
    A path of no known kind is read as descriptors (which then say what is
    missing)."""
    kind = kind or issue_kind(path)
    if kind == METS_ALTO:
        return open_package_issue(path)
    if kind == EPAPER:
        return open_site_issue(path)
    return DescriptorIssue.open(path)


def as_issue(value) -> Issue:
    """An Issue from an Issue or from loaded descriptors (IssueData)."""
    load = sys.modules.get("viewer.model.load")  # not imported: no IssueData can have been made
    return DescriptorIssue(value) if load is not None and isinstance(value, load.IssueData) else value


def issue_search_text(path: str | Path, kind: str | None = None, missing_chars=None) -> IssueText:
    """The searchable text of the issue at ``path``, for the library; an
    issue that does not open at all (a package none of whose pages can be
    read) gives its problems alone."""
    try:
        issue = open_issue(path, kind)
    except IssueLoadError as exc:
        return IssueText(kind or issue_kind(path) or DESCRIPTORS, None, None, "", 0, problems=list(exc.problems))
    return issue.search_text(missing_chars)


# ------------------------------------------------------------ what a path is

# the first bytes of files people mistake for an issue, and what they are
_SIGNATURES = (
    (b"%PDF-", Msg("a PDF file")),
    (b"\x89PNG\r\n\x1a\n", Msg("a PNG image")),
    (b"\xff\xd8\xff", Msg("a JPEG image")),
    (b"II*\x00", Msg("a TIFF image")),
    (b"MM\x00*", Msg("a TIFF image")),
    (b"\x00\x00\x00\x0cjP  ", Msg("a JPEG 2000 image")),
    (b"\xff\x4f\xff\x51", Msg("a JPEG 2000 image")),
    (b"GIF8", Msg("a GIF image")),
    (b"PK\x03\x04", Msg("a ZIP archive")),
    (b"\x1f\x8b", Msg("a gzip archive")),
    (b"SQLite format 3\x00", Msg("an SQLite database")),
)


def file_kind(path: Path) -> Msg:
    """What a file that is not an issue file is, in a few words."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
            whole = not f.read(1)
    except OSError as exc:
        return Msg("a file that cannot be read ({reason})", reason=os_reason(exc))
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return what
    if not head:
        return Msg("an empty file")
    try:
        # a character cut at byte 4096 is not a fault of the file: the incremental
        # decoder keeps an incomplete tail back unless the file ends there
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
    except UnicodeDecodeError:
        if b"\x00" in head:
            return Msg("a binary file")
        return Msg("a text file that is not UTF-8")
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return Msg("an XML file that is neither a METS nor an ALTO file") if "<?xml" in text \
            else Msg("an HTML or XML file")
    return Msg("a text file")


def issue_path_problem(path: str | Path) -> Msg | None:
    """None when ``path`` is something an issue can be opened from, else
    the reason it is not, naming the path."""
    p = Path(path)
    try:
        if p.is_dir():
            if issue_kind(p):
                return None
            return Msg("'{path}' is a folder without issue.toml or issue.json, without METS or ALTO files and "
                       "without the pages of an e-paper site: not an issue folder", path=str(path))
        if p.is_file():
            if issue_kind(p):
                return None
            return Msg("'{path}' is {kind}, not an issue folder", path=str(path), kind=file_kind(p))
        if p.exists():
            return Msg("'{path}' is neither a file nor a folder", path=str(path))
    except OSError as exc:
        return Msg("'{path}' cannot be read: {reason}", path=str(path), reason=os_reason(exc))
    return Msg("no such file or folder: '{path}'", path=str(path))
