"""Finding the issues under a library folder, and telling whether one changed.

A folder holding ``issue.toml`` or ``issue.json`` is one of our issues; a
folder the METS/ALTO reader recognises is a digitised issue. Neither is
searched further down. Symbolic links to folders are not followed, so a scan
never leaves the folder it was given.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..model.load import ISSUE_FILES
from .extract import DESCRIPTOR, PACKAGE


@dataclass(frozen=True)
class Found:
    path: Path
    kind: str  # DESCRIPTOR or PACKAGE
    signature: str  # changes whenever a file of the issue is added, removed, resized or touched
    pages: int  # an estimate for the progress bar, before the issue is read


def package_kind(path: Path) -> str | None:
    """The kind of METS/ALTO package ``path`` is, or None when it is none."""
    from ..sources.package import package_kind as reader_kind

    return reader_kind(path)


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


def find_issues(root: Path, errors: list[str] | None = None, unreadable: list[Path] | None = None) -> list[Found]:
    """Every issue under ``root`` (``root`` itself may be one), in path order.
    Folders that cannot be read are skipped, said in ``errors`` and listed
    in ``unreadable`` (the issues in them are unknown, not gone)."""
    out: list[Found] = []

    def onerror(exc: OSError) -> None:
        if errors is not None:
            errors.append(f"{exc.filename}: cannot read the folder: {exc.strerror}")
        if unreadable is not None:
            unreadable.append(Path(exc.filename))

    for current, dirs, files in os.walk(root, onerror=onerror, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if any(n in files for n in ISSUE_FILES):
            digest, _ = signature(here)
            out.append(Found(here, DESCRIPTOR, digest, _page_files(here)))
            dirs[:] = []
        elif package_kind(here):
            digest, _ = signature(here)
            out.append(Found(here, PACKAGE, digest, 0))
            dirs[:] = []
    return sorted(out, key=lambda f: str(f.path))
