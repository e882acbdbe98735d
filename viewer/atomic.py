"""Atomic file writes: a failure leaves the old file untouched and no partial file.

Every output goes to a temporary file beside the target, named
``.NAME.PID.herald-part``, which replaces the target only when it is whole.
A run killed half way leaves that file behind; the next write to the same
target removes it (its process is gone). Nothing is written anywhere else.
A target that exists and is no regular file (a device, a FIFO, a socket) is
never replaced.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
from pathlib import Path
from typing import Iterator

from .messages import Msg, os_reason, said

PART_SUFFIX = ".herald-part"


class OutputError(Exception):
    """The output path cannot be written."""


def _kind(mode: int) -> str | None:
    from .model.files import file_kind

    return file_kind(mode)


def check_writable(path: Path) -> None:
    """Raise OutputError with a plain reason when ``path`` cannot be written."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(Msg("'{path}' is a folder, not a file", path=str(path)))
    try:
        kind = _kind(path.stat().st_mode)
    except FileNotFoundError:
        kind = None
    except OSError as exc:
        raise OutputError(Msg("cannot write '{path}': {reason}", path=str(path), reason=os_reason(exc))) from None
    if kind:
        raise OutputError(Msg("'{path}' is {kind}, not a file; it is left as it is", path=str(path), kind=kind))
    if not folder.is_dir():
        raise OutputError(Msg("the folder '{folder}' does not exist", folder=str(folder)))
    if not os.access(folder, os.W_OK):
        raise OutputError(Msg("the folder '{folder}' is not writable", folder=str(folder)))
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(Msg("'{path}' is read-only", path=str(path)))


def write_error(exc: BaseException, target) -> Msg:
    """A plain sentence for a failed write of ``target``, whatever raised it
    (OSError, or a library's error that only carries the system's words)."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code in (errno.ENOSPC, errno.EDQUOT) or "No space left on device" in text or "Disk quota exceeded" in text:
        return Msg("no space left on device while writing '{path}'", path=str(target))
    if code == errno.EROFS or "Read-only file system" in text:
        return Msg("the disk is read-only: cannot write '{path}'", path=str(target))
    if getattr(exc, "strerror", None):
        reason = os_reason(exc)
    else:
        reason = said(exc) if text else type(exc).__name__
    return Msg("could not write '{path}': {reason}", path=str(target), reason=reason)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_parts(target: Path) -> None:
    """Remove the temporary files that runs killed while writing ``target``
    left beside it (those of live processes stay)."""
    for part in target.parent.glob(f".{glob.escape(target.name)}.*{PART_SUFFIX}"):
        pid = part.name[len(target.name) + 2: -len(PART_SUFFIX)].split(".")[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            with contextlib.suppress(OSError):
                part.unlink()


@contextlib.contextmanager
def part_file(target: Path, tag: str = "") -> Iterator[Path]:
    """A new, empty temporary file beside ``target``, removed afterwards."""
    folder = target.parent  # Path("x").parent is Path(".")
    n = 0
    while True:
        tmp = folder / f".{target.name}.{os.getpid()}{'.' + tag if tag else ''}{'.' + str(n) if n else ''}{PART_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            n += 1
    os.close(fd)
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, sync: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only when
    the block finishes without an exception. The target keeps its mode (a
    new one gets rw-r--r--); a link to a file is written through.
    ``sync=False`` skips writing the file to the disk before it replaces the
    target: for a file the program can make again (a cache entry), which a
    crash may then leave empty or short, but never half old and half new."""
    target = Path(path)
    check_writable(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
        check_writable(target)
    remove_stale_parts(target)
    with part_file(target) as tmp:
        yield tmp
        if target.exists():
            mode = target.stat().st_mode & 0o7777
        else:
            mode = 0o644
        _check_not_device(target)
        os.chmod(tmp, mode)
        if sync:
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())  # a full disk shows here at the latest, before the old file goes
        os.replace(tmp, target)


def _check_not_device(target: Path) -> None:
    """The target may have become a device or FIFO while the file was written."""
    try:
        kind = _kind(target.lstat().st_mode)
    except FileNotFoundError:
        return
    if kind:
        raise OutputError(Msg("'{path}' is {kind}, not a file; it is left as it is", path=str(target), kind=kind))
