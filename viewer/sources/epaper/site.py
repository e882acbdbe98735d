"""Where a saved e-paper site keeps its issues, and which issue a path
opens.

A site folder holds a paper's folder (``rmrb/``, or the site folder itself)
whose date folders stand under ``html/`` (``html/2017-07/22/``, weeklies
``html/2024-W05/``) or ``pc/layout/`` (``pc/layout/202512/29/``); a date
folder holds the page files (``node_2.htm``, ``node_01.html``,
``nbs.D110000renmrb_01.htm``) and often the article files. A copy made by
wget or HTTrack puts all this under a folder named after the host
(``paper.people.com.cn/rmrb/…``).

Every listing is bounded: a folder's first ENTRY_LIMIT entries, the newest
DATE_FOLDER_LIMIT date folders; past a bound, a warning says so.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import os
import re
from pathlib import Path

from ...messages import Msg
from ...model.problems import Problem
from .refs import SiteFiles, looks_like_host

# a page file's name (the page list names the day's other pages)
PAGE_NAME = re.compile(r"^(node_[A-Za-z0-9]+\.html?|nbs\.D\w+_[A-Za-z0-9]+\.html?)$", re.IGNORECASE)
ENTRY_LIMIT = 20000  # entries read from one folder
DATE_FOLDER_LIMIT = 4000  # date folders listed: eleven years of a daily
SEARCH_DEPTH = 3  # folders below the opened one where a paper's folder is looked for
LAYOUTS = (("html",), ("pc", "layout"))
MONTH = re.compile(r"^(\d{4})-?(\d{2})$")
DAY = re.compile(r"^(\d{1,2})$")
WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
ARTICLE_PAGE = re.compile(r"^nw\.D\w+_\d{8}_\d+-[A-Za-z0-9]+\.html?$", re.IGNORECASE)


def _entries(folder: Path, limit: int = ENTRY_LIMIT) -> tuple[list[os.DirEntry], bool]:
    """The first ``limit`` entries of a folder, and whether there are more."""
    try:
        with os.scandir(folder) as it:
            got = list(itertools.islice(it, limit + 1))
    except OSError:
        return [], False
    return got[:limit], len(got) > limit


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def is_page_name(name: str) -> bool:
    return bool(PAGE_NAME.match(name))


def _natural(name: str):
    return [int(s) if s.isdigit() else s.lower() for s in re.split(r"(\d+)", name)]


def page_files(folder: Path) -> list[Path]:
    """The page files of a date folder, in natural order (node_2 before node_10)."""
    entries, _ = _entries(folder)
    return sorted((Path(e.path) for e in entries if is_page_name(e.name)), key=lambda p: _natural(p.name))


def _has_pages(folder: Path) -> bool:
    try:
        with os.scandir(folder) as it:
            return any(is_page_name(e.name) for e in itertools.islice(it, ENTRY_LIMIT))
    except OSError:
        return False


def date_of_folder(folder: Path) -> _dt.date | None:
    """The date a date folder's path names: …/2017-07/22, …/202512/29, …/2024-W05."""
    try:
        w = WEEK.match(folder.name)
        if w:
            return _dt.date.fromisocalendar(int(w.group(1)), int(w.group(2)), 1)
        d, m = DAY.match(folder.name), MONTH.match(folder.parent.name)
        if d and m:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(d.group(1)))
    except ValueError:
        return None
    return None


def _group_date(name: str) -> _dt.date | None:
    """The first day of a month folder (2017-07, 202512) or a week folder."""
    try:
        m, w = MONTH.match(name), WEEK.match(name)
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), 1)
        if w:
            return _dt.date.fromisocalendar(int(w.group(1)), int(w.group(2)), 1)
    except ValueError:
        return None
    return None


def _layout_dirs(base: Path) -> list[Path]:
    return [base.joinpath(*parts) for parts in LAYOUTS if base.joinpath(*parts).is_dir()]


def _is_base(folder: Path) -> bool:
    for layout in _layout_dirs(folder):
        entries, _ = _entries(layout, 400)
        if any(_is_dir(e) and (MONTH.match(e.name) or WEEK.match(e.name)) for e in entries):
            return True
    return False


def find_bases(folder: Path) -> list[Path]:
    """The papers' folders at or below ``folder`` (SEARCH_DEPTH levels, the
    first 200 subfolders of each), nearest first."""
    level = [folder]
    for _ in range(SEARCH_DEPTH + 1):
        found = [f for f in level if _is_base(f)]
        if found:
            return sorted(found, key=lambda p: _natural(p.name))
        nxt = []
        for f in level:
            entries, _ = _entries(f, 200)
            nxt += sorted((Path(e.path) for e in entries if _is_dir(e) and not e.name.startswith(".")),
                          key=lambda p: _natural(p.name))
        level = nxt[:2000]
    return []


def epaper_kind(path: str | Path) -> str | None:
    """"page" for a page file (or a People's Daily article file, which
    opens its page), "date" for a folder of page files, "site" for a folder
    that holds a paper's date folders (or a mirror of its host), else None.
    Looks at names only, a bounded number of them."""
    p = Path(path)
    try:
        if p.is_file():
            return "page" if is_page_name(p.name) or ARTICLE_PAGE.match(p.name) else None
        if p.is_dir():
            if _has_pages(p):
                return "date"
            return "site" if find_bases(p) else None
    except OSError:
        return None
    return None


def base_of(date_dir: Path) -> Path:
    """The paper's folder of a date folder: the one holding html/ or pc/layout/."""
    up = date_dir.parent if WEEK.match(date_dir.name) else date_dir.parent.parent
    if MONTH.match(date_dir.parent.name) or WEEK.match(date_dir.name):
        if up.name == "html":
            return up.parent
        if up.name == "layout" and up.parent.name == "pc":
            return up.parent.parent
    return date_dir


class EpaperSite:
    """A saved site: its folder, its paper's folder, and its issues' dates."""

    def __init__(self, root: Path, base: Path):
        self.root = root.resolve()
        self.base = base.resolve()
        hosts: dict[str, Path] = {}
        home = None
        for folder in [self.base, *self.base.parents]:
            if folder != self.root and self.root not in folder.parents:
                break
            if looks_like_host(folder.name):
                hosts.setdefault(folder.name.replace("+", ":").lower(), folder)
                home = home or folder
        entries, _ = _entries(self.root, 200)
        for e in entries:
            if _is_dir(e) and looks_like_host(e.name):
                hosts.setdefault(e.name.replace("+", ":").lower(), Path(e.path).resolve())
        self.files = SiteFiles(self.root, hosts, home)
        self.problems: list[Problem] = []
        self._dates: list[tuple[_dt.date, Path]] | None = None

    def dates(self) -> list[tuple[_dt.date, Path]]:
        """(date, date folder) of every issue found, oldest first: the
        newest DATE_FOLDER_LIMIT of them (a warning says when there are more)."""
        if self._dates is None:
            self._dates = self._list_dates()
        return list(self._dates)

    def _list_dates(self) -> list[tuple[_dt.date, Path]]:
        groups: list[tuple[_dt.date, Path]] = []  # month or week folders of every layout, newest first
        for layout in _layout_dirs(self.base):
            entries, more = _entries(layout)
            self._say_more(layout, more)
            for e in entries:
                key = _group_date(e.name)
                if key is not None and _is_dir(e):
                    groups.append((key, Path(e.path)))
        groups.sort(key=lambda g: g[0], reverse=True)
        found: dict[_dt.date, Path] = {}
        for _key, folder in groups:
            if WEEK.match(folder.name):
                days = [folder]
            else:
                inner, more = _entries(folder)
                self._say_more(folder, more)
                days = sorted((Path(e.path) for e in inner if DAY.match(e.name) and _is_dir(e)),
                              key=lambda p: _natural(p.name), reverse=True)
            for day in days:
                date = date_of_folder(day)
                if date is None or date in found:
                    continue
                if len(found) >= DATE_FOLDER_LIMIT:
                    self.problems.append(Problem(
                        self.files.rel(folder.parent), "", Msg("the site has more than {limit} date folders; only the "
                                                               "newest {shown} are listed", limit=DATE_FOLDER_LIMIT,
                                                               shown=DATE_FOLDER_LIMIT), "warning"))
                    return sorted(found.items())
                found[date] = day
        return sorted(found.items())

    def _say_more(self, folder: Path, more: bool) -> None:
        if more:
            self.problems.append(Problem(self.files.rel(folder), "", Msg("the folder holds more than {limit} entries; "
                                                                         "only the first {shown} are looked at",
                                                                         limit=ENTRY_LIMIT, shown=ENTRY_LIMIT),
                                         "warning"))
