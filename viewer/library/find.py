"""Finding the issues under a library folder, and telling whether one changed.

A folder that holds an issue of any kind (``viewer.issue.issue_kind``) is
not searched further down. Symbolic links to folders are not followed, so a scan
never leaves the folder it was given.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..issue import issue_kind
from ..messages import Msg, os_reason


@dataclass(frozen=True)
class Found:
    path: Path
    kind: str  # the issue's kind (viewer.issue.KINDS)
    signature: str  # changes whenever a file of the issue is added, removed, resized or touched
    pages: int  # an estimate for the progress bar, before the issue is read


def signature(folder: Path) -> tuple[str, int]:
    """(a digest of every file's relative path, size and modification time;
    the number of files) for the issue folder ``folder``."""
    h = hashlib.sha1()
    count = 0
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            h.update(f"!{current}:{exc.errno}".encode())
            continue
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append(Path(e.path))
                    continue
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            rel = os.path.relpath(e.path, folder)
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
            count += 1
    return h.hexdigest(), count


def _page_files(folder: Path) -> int:
    try:
        return sum(1 for e in os.scandir(folder / "pages") if e.name.lower().endswith((".toml", ".json")))
    except OSError:
        return 0


def find_issues(root: Path, errors: list[Msg] | None = None, unreadable: list[Path] | None = None) -> list[Found]:
    """Every issue under ``root`` (``root`` itself may be one), in path order.
    Folders that cannot be read are skipped, said in ``errors`` and listed
    in ``unreadable`` (the issues in them are unknown, not gone)."""
    out: list[Found] = []

    def onerror(exc: OSError) -> None:
        if errors is not None:
            errors.append(Msg("{folder}: cannot read the folder: {reason}", folder=str(exc.filename),
                              reason=os_reason(exc)))
        if unreadable is not None:
            unreadable.append(Path(exc.filename))

    for current, dirs, files in os.walk(root, onerror=onerror, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        kind = issue_kind(here, one_issue=True)
        if kind:
            digest, _ = signature(here)
            out.append(Found(here, kind, digest, _page_files(here)))
            dirs[:] = []
    return sorted(out, key=lambda f: str(f.path))
