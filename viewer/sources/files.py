"""The files a METS or ALTO names, kept inside the package folder.

A reference is read only when it is a relative path or a relative
``file:`` URL that, with every symbolic link resolved, names a regular file
inside the package folder. Absolute paths, ``file:///`` URLs, web
addresses, ``..`` escapes, links that lead out, FIFOs and devices are
refused with a reason and never opened.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..messages import Msg, os_reason, said
from ..model.files import NotAFile, _inside
from ..model.files import open_regular as _open_regular
from ..model.problems import Problem

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


class Refused(Exception):
    """A reference that is not read; its Msg says why (``said(exc)``)."""


def href_to_relative(href: str) -> str:
    """The package-relative path a METS ``xlink:href`` (or a plain path)
    names: ``file://./ALTO/00001.xml`` -> ``ALTO/00001.xml``. Raises Refused
    for anything that is not a relative reference."""
    ref = href.strip()
    if not ref:
        raise Refused(Msg("the reference is empty"))
    if _WINDOWS_DRIVE.match(ref) or ref.startswith(("\\\\", "//")):
        raise Refused(_absolute(href))
    m = _SCHEME.match(ref)
    if m:
        if m.group(1).lower() != "file":
            raise Refused(Msg("'{href}' is a web address; nothing is downloaded", href=href))
        parts = urlsplit(ref)
        if parts.netloc in ("", "localhost"):
            path = parts.path
            if path.startswith("/"):
                raise Refused(_absolute(href))
        else:
            # file://./ALTO/1.xml: relative to the METS; file://ALTO/1.xml, as some producers write it
            path = parts.netloc + parts.path
        ref = unquote(path)
    ref = ref.replace("\\", "/")
    if ref.startswith("/"):
        raise Refused(_absolute(href))
    return str(PurePosixPath(ref))


def _absolute(href: str) -> Msg:
    return Msg("'{href}' is an absolute path; only files inside the package folder are read", href=href)


def inside(root: Path, rel: str, href: str | None = None) -> Path:
    """The resolved path of ``rel`` (relative to ``root``) when it stays
    inside ``root`` after following links; else Refused."""
    path = _inside(root, rel)
    if path is None:
        if _loops(root / rel):
            raise Refused(Msg("'{href}' is a loop of symbolic links; it is not read", href=href or rel))
        raise Refused(Msg("'{href}' leads outside the package folder; it is not read", href=href or rel))
    return path


def _loops(path: Path) -> bool:
    """Whether following the symbolic links of ``path`` goes round in a
    loop (in the file itself or in a folder on its way)."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def check_regular(path: Path, href: str) -> bool:
    """True when ``path`` is a regular file, False when nothing is there;
    Refused for a FIFO, device, socket or folder."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise Refused(_unreadable(href, exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise Refused(_not_regular(href))
    return True


def _unreadable(href: str, exc: OSError) -> Msg:
    return Msg("'{href}' cannot be read: {reason}", href=href, reason=os_reason(exc))


def _not_regular(href: str) -> Msg:
    return Msg("'{href}' is not a regular file; it is not read", href=href)


def open_regular(path: Path, href: str):
    """A binary file object for ``path`` (``model.load.open_regular``: opened
    without blocking, so a FIFO put in the file's place after the check
    cannot hang the program, and checked again once open); Refused when it
    cannot be read or is no regular file."""
    try:
        return _open_regular(path)
    except NotAFile:
        raise Refused(_not_regular(href)) from None
    except OSError as exc:
        raise Refused(_unreadable(href, exc)) from None


def locate(root: Path, href: str, owner: str | None, line: int, what: Msg, problems: list[Problem],
           known: dict[str, tuple[Path | None, Msg | None]] | None = None) -> tuple[Path | None, bool]:
    """The package file a reference names and whether it was refused:
    (path, False) when it is there, (None, False) when it is missing
    (the caller says what that means), (None, True) when it is refused,
    which is an error added to ``problems``, ``what`` (the file the
    reference is to be, "the scan of page 3") with the reason. ``known``:
    what references found before (each is looked up once), added to."""
    found = known.get(href) if known is not None else None
    if found is None:
        try:
            rel = href_to_relative(href)
            path = inside(root, rel, href)
            found = (path if check_regular(path, href) else None), None
        except Refused as exc:
            found = None, said(exc)
        if known is not None:
            known[href] = found
    path, why = found
    if why is not None:
        problems.append(Problem(owner, Msg("line {line}", line=line) if line else "",
                                Msg("{what}: {reason}", what=what, reason=why)))
        return None, True
    return path, False
