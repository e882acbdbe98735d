"""Atomic file writes: a failure leaves the old file untouched and no partial file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator


class OutputError(Exception):
    """The output path cannot be written."""


def check_writable(path: Path) -> None:
    """Raise OutputError with a plain reason when ``path`` cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"'{path}' is a folder, not a file")
    if not folder.is_dir():
        raise OutputError(f"the folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"the folder '{folder}' is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"'{path}' is read-only")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only when
    the block finishes without an exception."""
    target = Path(path)
    check_writable(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent if str(target.parent) else ".")
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if target.exists():
            os.chmod(tmp_path, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise
