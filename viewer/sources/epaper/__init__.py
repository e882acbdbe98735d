"""Saved copies of Chinese e-paper sites (数字报/电子版), read into plain
values: ``epaper_kind(path)`` tells cheaply whether a path is a saved
site, a date folder or a page file; ``open_site(path)`` gives the
EpaperIssue of that date (a site folder: its newest), never raising for
bad input, with every problem found; ``issue.site.dates()`` lists the
other issues (往期). No Qt. See docs/epaper-sites.md for the markup read.
"""

from __future__ import annotations

from pathlib import Path

from ...messages import Msg, Names
from ...model.problems import Problem
from .refs import looks_like_host
from .site import EpaperSite, base_of, epaper_kind, find_bases, page_files
from .values import EpaperArticle, EpaperIssue, EpaperPage, Photo, Zone

__all__ = ["EpaperArticle", "EpaperIssue", "EpaperPage", "EpaperSite", "Photo", "Zone", "empty_issue", "epaper_kind", "open_site",
           "where_to_read"]

NEWEST_TRIED = 10  # date folders tried, newest first, for one with page files


def open_site(path: str | Path) -> EpaperIssue:
    """The issue a path opens: a page file's or date folder's date, or a
    site folder's newest issue."""
    from .issue import read_issue

    site, date_dir, start = where_to_read(path)
    return read_issue(site, date_dir, start) if date_dir is not None else empty_issue(site)


def where_to_read(path: str | Path) -> tuple[EpaperSite, Path | None, Path | None]:
    """(site, date folder, page file) of the issue a path opens (see
    ``open_site``), without reading it; the date folder is None when there
    is no issue to read, and ``site.problems`` say why."""
    p = Path(path)
    kind = epaper_kind(p)
    if kind in ("page", "date"):
        date_dir = p.parent.resolve() if kind == "page" else p.resolve()
        base = base_of(date_dir)
        return EpaperSite(_boundary(base), base), date_dir, p.resolve() if kind == "page" else None
    if kind == "site":
        root = p.resolve()
        bases = find_bases(root)
        site = EpaperSite(root, bases[0])
        if len(bases) > 1:
            names = Names((site.files.rel(b) for b in bases), quote="", quoted=True)
            site.problems.append(Problem("", "", Msg("the folder holds the sites of several papers ({names}); '{name}' "
                                                     "is opened", names=names, name=site.files.rel(bases[0])),
                                         "warning"))
        for _date, folder in reversed(site.dates()[-NEWEST_TRIED:]):
            if page_files(folder):
                return site, folder, None
        site.problems.append(Problem(site.files.rel(site.base), "", Msg("no date folder of the site holds page files")))
        return site, None, None
    site = EpaperSite(p.parent if p.parent.exists() else Path("."), p.parent if p.parent.exists() else Path("."))
    if not p.exists():
        site.problems.append(Problem(str(p), "", Msg("no such file or folder")))
    else:
        site.problems.append(Problem(str(p), "", Msg("this is not a saved e-paper site: no page file (node_N.htm, "
                                                     "node_NN.html, nbs.D110000renmrb_PP.htm) and no date folders "
                                                     "(html/YYYY-MM/DD, pc/layout/YYYYMM/DD) were found")))
    return site, None, None


def _boundary(base: Path) -> Path:
    """The site folder for a date folder or page opened alone: the host
    folder of a mirror around the paper's folder, else the paper's folder."""
    for folder in [base, base.parent, base.parent.parent]:
        if looks_like_host(folder.name):
            return folder
    return base


def empty_issue(site: EpaperSite) -> EpaperIssue:
    """The issue of a site with none to read: its problems alone."""
    return EpaperIssue(site.root, site, "", site.base.name, None, (), (), tuple(site.problems))
