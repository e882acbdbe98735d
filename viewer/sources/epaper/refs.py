"""The files a saved page names, kept inside the site folder.

A reference (an ``href``, a ``src``, a PDF link) is read only when, with
its query and fragment dropped, ``..`` taken away and every symbolic link
followed, it names a regular file inside the site folder. An absolute URL
is mapped to the copy when it names the site's own host and the copy has
that host's folder (wget and HTTrack save ``http://host/a/b`` as
``host/a/b``); other web addresses, ``file:`` and ``data:`` URLs, absolute
paths, escapes and links that lead out are refused with a reason, decided
on the written path before anything is looked at, and never opened.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ...messages import Msg, os_reason, said
from ...model.problems import Problem
from ..files import _SCHEME, _WINDOWS_DRIVE, Refused, check_regular, open_regular

_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+([:+]\d+)?$", re.IGNORECASE)
SHOWN = 120  # characters of a reference quoted in a message


def looks_like_host(name: str) -> bool:
    """Whether a folder's name is a host's, as a site mirror names it."""
    return bool(_HOST.match(name)) and not name.lower().endswith((".htm", ".html", ".jpg", ".pdf"))


def shown(ref: str) -> str:
    ref = ref.strip()
    return ref if len(ref) <= SHOWN else ref[:SHOWN] + "…"


def strip_query(ref: str) -> str:
    """``content_548643.htm?div=-1#top`` -> ``content_548643.htm``."""
    return ref.strip().split("#", 1)[0].split("?", 1)[0]


def within(root: str, path: str) -> bool:
    """Whether ``path``, as written (``..`` folded, no link followed), is
    the folder ``root`` or inside it; both POSIX strings."""
    joined = posixpath.normpath(path)
    return joined == root or joined.startswith(root.rstrip("/") + "/")


class SiteFiles:
    """Reading inside one site folder."""

    def __init__(self, root: Path, hosts: dict[str, Path] | None = None, home: Path | None = None):
        """``hosts``: the folders of hosts saved in the copy, by host name
        (lower case); ``home``: the host folder the site is in, for paths
        such as ``/rmrb/html/…`` (None: such paths are refused)."""
        self.root = root.resolve()
        self.hosts = {k.lower(): v for k, v in (hosts or {}).items()}
        self.home = home
        # what the reading looked at, while a caller keeps a list here:
        # ("real", path) a link resolved, ("stat", path) a file's kind,
        # ("file", path) a file's content, ("dir", path) a folder's names
        self.noted: list[tuple[str, str]] | None = None

    def note(self, what: str, path: Path | str) -> None:
        if self.noted is not None:
            self.noted.append((what, str(path)))

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def locate(self, ref: str, folder: Path) -> Path:
        """The file ``ref``, written in a file of ``folder``, names: its
        resolved path, inside the site folder (it may not exist). Raises
        Refused with the reason otherwise."""
        raw = ref.strip()
        if "\0" in raw:
            raise Refused(Msg("'{href}' holds a NUL character; it is not read", href=shown(raw)))
        if not strip_query(raw):
            raise Refused(Msg("the reference is empty"))
        if _WINDOWS_DRIVE.match(raw) or raw.startswith("\\\\"):
            raise Refused(_absolute(raw))
        m = _SCHEME.match(raw)
        if m:
            scheme = m.group(1).lower()
            if scheme in ("http", "https"):
                return self._mapped(raw)
            if scheme == "file":
                raise Refused(Msg("'{href}' is a file: URL; only files inside the site folder are read",
                                  href=shown(raw)))
            raise Refused(Msg("'{href}' is a {scheme}: URL; it is not read", href=shown(raw), scheme=scheme))
        if raw.startswith("//"):
            return self._mapped("http:" + raw)
        path = unquote(strip_query(raw)).replace("\\", "/")
        if path.startswith("/"):
            if self.home is None:
                raise Refused(_absolute(raw))
            return self._inside(self.home / path.lstrip("/"), raw)
        return self._inside(folder / path, raw)

    def _mapped(self, url: str) -> Path:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        folder = self.hosts.get(host) or (self.hosts.get(f"{host}:{parts.port}") if parts.port else None)
        if folder is None:
            raise Refused(Msg("'{href}' is a web address; nothing is downloaded", href=shown(url)))
        return self._inside(folder / unquote(parts.path).lstrip("/"), url)

    def _inside(self, path: Path, ref: str) -> Path:
        # first on the written path: an escape is refused before anything outside is looked at
        joined = posixpath.normpath(path.as_posix())
        if not within(self.root.as_posix(), joined):
            raise Refused(Msg("'{href}' leads outside the site folder; it is not read", href=shown(ref)))
        self.note("real", joined)
        try:
            real = Path(os.path.realpath(joined))
            real.relative_to(self.root)
        except (ValueError, OSError):
            raise Refused(Msg("'{href}' leads outside the site folder through a link; it is not read",
                              href=shown(ref))) from None
        return real

    def find(self, ref: str, folder: Path, owner: str, where: str, problems: list[Problem],
             what: Msg | None = None) -> Path | None:
        """The regular file ``ref`` names, or None: a refusal is said as an
        error in ``problems``, a file the copy lacks as a warning that
        names ``what`` (page PDF, preview image, article file, photo; by
        default, file). Both are warnings: what is refused is left out, and
        the rest opens."""
        try:
            path = self.locate(ref, folder)
            self.note("stat", path)
            if check_regular(path, shown(ref)):
                return path
        except Refused as exc:
            problems.append(Problem(owner, where, said(exc), "warning"))
            return None
        problems.append(Problem(owner, where, Msg("the {what} '{file}' is not in the copy", what=what or Msg("file"),
                                                  file=self.rel(path)), "warning"))
        return None

    def read(self, path: Path, limit: int, problems: list[Problem]) -> bytes | None:
        """The bytes of a file ``find`` gave, at most ``limit`` of them."""
        rel = self.rel(path)
        self.note("file", path)
        try:
            with open_regular(path, rel) as f:
                data = f.read(limit + 1)
        except Refused as exc:
            problems.append(Problem(rel, "", said(exc)))
            return None
        except OSError as exc:
            problems.append(Problem(rel, "", Msg("cannot read the file: {reason}", reason=os_reason(exc))))
            return None
        if len(data) > limit:
            problems.append(Problem(rel, "", Msg("the file is larger than {size} MB, more than a page of a saved site "
                                                 "holds; it is not read", size=limit // (1024 * 1024))))
            return None
        return data


def _absolute(ref: str) -> Msg:
    return Msg("'{href}' is an absolute path; only files inside the site folder are read", href=shown(ref))
