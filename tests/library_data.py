"""Small libraries for the library tests: copies of the bundled issue under
other dates, and a one-page issue of a second paper."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BUNDLED, write_issue

HERALD = "中国高新技术产业导报"
WEEKLY = "科学周报"

WEEKLY_TEXT = ("京沪高铁今年客流再创新高，国产芯片用在了新一代列车上。\n\n"
               "The Herald said the new AI chips were made in Shanghai.")


def copy_bundled(dest: Path, date: str, issue_number: int) -> Path:
    """The bundled issue under another date and number (its files hard-linked
    where the file system allows, its issue.toml rewritten)."""
    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(BUNDLED, dest, copy_function=link)
    toml = dest / "issue.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^date = .*$", f"date = {date}", text)
    text = re.sub(r"(?m)^issue_number = .*$", f"issue_number = {issue_number}", text)
    toml.unlink()  # a hard link: never write through it into the bundled issue
    toml.write_text(text, encoding="utf-8")
    return dest


def weekly_issue(dest: Path, date: str = "2025-12-30", text: str = WEEKLY_TEXT, frame: str = "col = 1, span = 4, line = 5, lines = 30") -> Path:
    """A one-page issue of a second paper with one article."""
    page = f'''
[[blocks]]
type = "article"
id = "w1"
headline = "高铁客流创新高"
text_file = "text/w1.txt"
frames = [{{ {frame} }}]
'''
    root = write_issue(dest, {1: page}, texts={"w1.txt": text})
    toml = root / "issue.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('paper = "测试导报"', f'paper = "{WEEKLY}"')
                    .replace("date = 2025-12-29", f"date = {date}"), encoding="utf-8")
    return root


def three_issues(root: Path) -> dict[str, Path]:
    """Three issues of two papers: the bundled issue of 2025-12-29 and a
    copy dated 2025-12-31, and the weekly of 2025-12-30."""
    return {
        "herald-29": copy_bundled(root / "herald" / "2025-12-29", "2025-12-29", 48),
        "herald-31": copy_bundled(root / "herald" / "2025-12-31", "2025-12-31", 49),
        "weekly-30": weekly_issue(root / "weekly" / "2025-12-30"),
    }


@contextlib.contextmanager
def unwritable(*paths: Path):
    """``paths`` (files or folders) cannot be written while the block runs,
    for root too: their write permission is taken away, and where that does
    not stop the user (root ignores permissions) the file system's immutable
    flag is set (``chattr +i``), which the kernel enforces on every user and
    ``os.access`` reports. Where neither holds, the test is skipped."""
    modes = {p: p.stat().st_mode for p in paths}
    flagged: list[Path] = []
    try:
        for p in paths:
            p.chmod(modes[p] & ~0o222)
        if any(os.access(p, os.W_OK) for p in paths):
            if shutil.which("chattr") is None:
                pytest.skip("root ignores permissions, and there is no chattr to set the immutable flag")
            for p in paths:
                done = subprocess.run(["chattr", "+i", str(p)], capture_output=True, text=True)
                if done.returncode != 0:
                    pytest.skip(f"cannot make {p} unwritable for this user: {done.stderr.strip()}")
                flagged.append(p)
        if any(os.access(p, os.W_OK) for p in paths):
            pytest.skip("cannot make a file unwritable for this user here")
        yield
    finally:
        for p in flagged:
            subprocess.run(["chattr", "-i", str(p)], check=True)
        for p, mode in modes.items():
            p.chmod(mode)


@contextlib.contextmanager
def unlistable(folder: Path, monkeypatch):
    """Listing ``folder`` fails while the block runs, with the error the
    system gives a user who may not read it (EACCES). Root reads whatever
    the permissions say, so the failure is made in-process, in os.scandir
    (which os.walk and the scan's own listing use)."""
    scandir = os.scandir

    def refusing(path="."):
        if os.fspath(path) == str(folder):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return scandir(path)

    with monkeypatch.context() as m:
        m.setattr(os, "scandir", refusing)
        yield
