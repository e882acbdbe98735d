"""One indexer at a time.

A scan, and a rebuild, hold an operating-system lock on ``library.sqlite3.lock``
beside the index for as long as they run. A second one that finds it held
either waits for it (the command line, which says so) or stops with a
message (the window, which never waits). The system releases the lock when
the process ends, however it ends, so a killed indexer never leaves it held.

Short writes (adding or removing a folder) do not take it: SQLite's own
write lock and its busy timeout put them between the scan's transactions.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Callable

from ..messages import Msg, os_reason
from .store import LibraryError

_RETRY_S = 0.2  # where the system cannot wait for a lock itself (Windows)


def lock_path(index: Path) -> Path:
    return Path(f"{index}.lock")


def waiting_message(index: Path) -> Msg:
    return Msg("another Herald is indexing the library {path}; waiting until it has finished", path=str(index))


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _lock(fd: int) -> None:
        while not _try_lock(fd):
            time.sleep(_RETRY_S)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class IndexerLock:
    """``with IndexerLock(index, waiting):`` holds the indexer's lock.

    ``waiting`` is told (once) when another process holds it, and this one
    then waits for it; without ``waiting`` a held lock is a LibraryError."""

    def __init__(self, index: Path, waiting: Callable[[Msg], None] | None = None):
        self.index = index
        self.waiting = waiting
        self.fd: int | None = None

    def __enter__(self) -> "IndexerLock":
        path = lock_path(self.index)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise LibraryError(Msg("cannot open the lock file {path} of the library index: {reason}", path=str(path),
                                   reason=os_reason(exc))) from None
        try:
            if not _try_lock(fd):
                if self.waiting is None:
                    raise LibraryError(Msg("another Herald is indexing the library {path}; "
                                           "try again when it has finished", path=str(self.index)))
                self.waiting(waiting_message(self.index))
                _lock(fd)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            try:
                _unlock(self.fd)
            finally:
                os.close(self.fd)
                self.fd = None
