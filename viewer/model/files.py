"""Issue files as the loader and the readers open them: what a path is
(a regular file, a folder, a FIFO, …), opening a regular file without ever
waiting on a device, and paths that must stay inside the issue folder.
Without pydantic: the readers, the layout and atomic writes use it without
loading the descriptor models."""

from __future__ import annotations

import errno
import os
import stat
import typing
from pathlib import Path, PureWindowsPath

from ..messages import Msg, os_reason


ISSUE_FILES = ("issue.toml", "issue.json")  # the names an issue folder's main file may have

_KINDS = (
    (stat.S_ISDIR, Msg("a folder")),
    (stat.S_ISFIFO, Msg("a FIFO")),
    (stat.S_ISCHR, Msg("a character device")),
    (stat.S_ISBLK, Msg("a block device")),
    (stat.S_ISSOCK, Msg("a socket")),
)


def file_kind(mode: int) -> Msg | None:
    """None for a regular file, else what the file is ("a FIFO", ...)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), Msg("not a regular file"))


def not_a_file(path: Path) -> Msg | None:
    """Why ``path`` is no regular file that can be read ("does not exist",
    "is a FIFO, not a file", ...), or None when it is one.

    Decided by ``stat`` alone: a FIFO or a device is never opened."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return Msg("does not exist")
    except (OSError, ValueError) as exc:
        return Msg("cannot be read ({reason})", reason=os_reason(exc))
    kind = file_kind(st.st_mode)
    return Msg("is {kind}, not a file", kind=kind) if kind else None


class NotAFile(OSError):
    """A file that, once opened, turns out to be no regular file."""


def open_regular(path: Path) -> typing.BinaryIO:
    """A binary file object for a regular file. A FIFO or device put in its
    place after it was checked is refused (NotAFile), never waited on: the
    open does not block and the opened file is checked again."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind:
            raise NotAFile(errno.EINVAL, Msg("it is {kind}, not a file", kind=kind))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, opened as ``open_regular`` does."""
    with open_regular(path) as f:
        return f.read()


def is_absolute(rel: str) -> bool:
    """True for a path that names a place of its own rather than one inside
    the issue: /x, and on any system C:\\x, C:x and \\\\server\\share."""
    return Path(rel).is_absolute() or bool(PureWindowsPath(rel).drive) or rel.startswith(("/", "\\"))


def refuse_path(root: Path, rel: str) -> Msg | None:
    """Why the descriptor path ``rel`` may not be used, or None. Links are
    followed: the file must lie inside ``root`` after resolving them."""
    if "\0" in rel:
        return Msg("the path '{path}' holds a NUL character", path=rel)
    if is_absolute(rel):
        return Msg("the path '{path}' is absolute; give it relative to the issue folder", path=rel)
    if _inside(root, rel) is None:
        return Msg("the path '{path}' leads outside the issue folder", path=rel)
    return None


def _inside(root: Path, rel: str) -> Path | None:
    """The resolved path of ``rel`` when it stays inside ``root`` (after
    following links), else None."""
    if "\0" in rel or is_absolute(rel):
        return None
    try:
        p = (root / rel).resolve()
        p.relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return None
    return p
