"""The reading of an e-paper site's date kept in the layout cache.

Reading a date of a saved site parses every page and article file and
probes each page PDF and preview (``sources.epaper.read_issue``): a few
hundred milliseconds before the first page, and PyMuPDF, lxml and Pillow
imported for it. What the reading gave is kept with what it looked at
(``read_issue_noted``): each link it resolved, each file whose kind it
asked, each file it read (by its content's digest) and the page files of
the date folder. The next opening asks the same questions again (a stat
for each file whose digest is known) and, when every answer is the same,
takes the issue from the cache; any other answer, a damaged or planted
entry, or a path outside the site folder reads the date again.
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
from pathlib import Path

from ..layout.codec import Damaged as CodecError
from ..layout.codec import _fail as _bad
from ..layout.codec import _int, _num, _str, problems_in, problems_out
from ..sources.epaper.refs import within
from .cache import file_digest, open_store

NAME = "reading"
FORMAT = 1
MAX_NOTED = 20000  # answers kept for one date: beyond, the date is read every time


# ------------------------------------------------------------ the answers


def _answer(what: str, path: str, folders: dict | None = None) -> str | None:
    """What the reading was told about ``path``, asked again; None for a
    question that is not one of ours. ``folders``: the real paths of the
    folders already asked, kept for the next question."""
    if what == "real":
        return _real(path, {} if folders is None else folders)
    if what == "stat":
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            return "none"
        except OSError as exc:
            return f"error:{exc.errno}"
        return "file" if stat.S_ISREG(mode) else f"kind:{stat.S_IFMT(mode)}"
    if what == "file":
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return "notfile"  # never opened: a FIFO would not answer
        except OSError as exc:
            return f"error:{exc.errno}"
        return file_digest(path)
    if what == "dir":
        from ..sources.epaper.site import page_files

        return "\n".join(p.name for p in page_files(Path(path)))
    return None


def _real(path: str, folders: dict) -> str:
    """``os.path.realpath(path)``, each folder resolved once: a path whose
    last part is no link is its folder's real path and its name."""
    folder, name = os.path.split(path)
    try:
        link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        link = False
    if link or not name or name in (".", ".."):
        return os.path.realpath(path)
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    return os.path.join(folders[folder], name)


def _holds(root: Path, noted) -> bool:
    """Whether every answer noted is the same today."""
    if type(noted) is not list:
        return False
    where = str(root)
    folders: dict[str, str] = {}
    for item in noted:
        if type(item) is not list or len(item) != 3 or not all(type(x) is str for x in item):
            return False
        what, path, said = item
        # asked only inside the site folder, through links too (what = "real" follows none)
        if not within(where, path) or (what != "real" and not within(where, _real(path, folders))):
            return False
        if _answer(what, path, folders) != said:
            return False
    return True


# ------------------------------------------------------------ the issue as JSON


def _rel(root: Path, path: Path | None) -> str | None:
    return None if path is None else path.relative_to(root).as_posix()


def _path(root: Path, rel) -> Path | None:
    if rel is None:
        return None
    if type(rel) is not str or rel.startswith("/") or "\\" in rel or ".." in rel.split("/") or "\0" in rel:
        _bad("a path inside the site folder expected")
    return root / rel


def _encode(issue, own_problems) -> dict:
    root = Path(issue.root)
    return {
        "source_file": issue.source_file, "paper": issue.paper,
        "date": issue.date.isoformat() if issue.date else None, "start_page": issue.start_page,
        "pages": [[p.number, p.label, p.section, p.file, _rel(root, p.pdf), _rel(root, p.preview), p.width_pt,
                   p.height_pt, p.size_from, [[z.article, [list(pt) for pt in z.points]] for z in p.zones],
                   list(p.headlines), list(p.titles.items())] for p in issue.pages],
        "articles": [[a.id, a.file, list(a.pages), a.kicker, a.headline, a.subtitle, a.author, list(a.paragraphs),
                      [[_rel(root, ph.path), ph.caption, ph.src] for ph in a.photos], a.property_id,
                      a.property_date, a.property_section, list(a.continued_on), list(a.continued_from)]
                     for a in issue.articles],
        "problems": problems_out(own_problems),
    }


def _ints(v) -> tuple[int, ...]:
    if type(v) is not list:
        _bad("numbers expected")
    return tuple(_int(x) for x in v)


def _decode(site, v: dict):
    from ..sources.epaper.values import EpaperArticle, EpaperIssue, EpaperPage, Photo, Zone

    root = Path(site.root)
    pages = []
    for p in v["pages"]:
        number, label, section, file, pdf, preview, w, h, size_from, zones, headlines, titles = p
        if size_from not in ("pdf", "image"):
            _bad("the source of a page's size expected")
        pages.append(EpaperPage(_int(number), _str(label), _str(section), _str(file), _path(root, pdf),
                                _path(root, preview), _num(w), _num(h), size_from,
                                tuple(Zone(_str(a), tuple((_num(x), _num(y)) for x, y in pts)) for a, pts in zones),
                                tuple(_str(x) for x in headlines), {_str(k): _str(t) for k, t in titles}))
    articles = []
    for a in v["articles"]:
        (aid, file, on, kicker, headline, subtitle, author, paragraphs, photos, pid, pdate, psection, cont_on,
         cont_from) = a
        articles.append(EpaperArticle(_str(aid), _str(file), _ints(on), _str(kicker), _str(headline), _str(subtitle),
                                      _str(author), tuple(_str(x) for x in paragraphs),
                                      tuple(Photo(_path(root, f), _str(c), _str(s)) for f, c, s in photos),
                                      _str(pid), _str(pdate), _str(psection), _ints(cont_on), _ints(cont_from)))
    date = _dt.date.fromisoformat(_str(v["date"])) if v["date"] is not None else None
    start = v["start_page"]
    if start is not None:
        _int(start)
    return EpaperIssue(site.root, site, _str(v["source_file"]), _str(v["paper"]), date, tuple(pages),
                       tuple(articles), tuple(site.problems) + tuple(problems_in(v["problems"])), start)


# ------------------------------------------------------------ the hook


def _read(site, date_dir: Path, start: Path | None):
    from ..sources.epaper.issue import read_issue_noted  # the HTML reader (lxml): only when the date is read

    return read_issue_noted(site, date_dir, start)


def kept_reading(site, date_dir: Path, start: Path | None):
    """The issue of ``date_dir`` in ``site`` (``start``: the page file
    opened), from the cache when everything it was read from is as it was;
    else read, and kept."""
    rel = site.files.rel
    store = open_store("epaper-reading", site.root, rel(date_dir))
    if store is None:
        return _read(site, date_dir, start)[0]
    key = store.key(f"{NAME}\0{FORMAT}\0{rel(date_dir)}\0{rel(start) if start is not None else ''}")
    stored = store.read(NAME, key)
    if type(stored) is dict and _holds(site.root, stored.get("noted")):
        try:
            return _decode(site, stored["issue"])
        except (CodecError, KeyError, TypeError, ValueError, AttributeError):
            pass  # damaged or planted: read again below
    before = len(site.problems)
    issue, noted = _read(site, date_dir, start)
    if len(noted) <= MAX_NOTED and all(within(str(site.root), path) for _, path in noted):
        answers = [[what, path, _answer(what, path)] for what, path in noted]
        if all(a[2] is not None for a in answers):
            try:
                value = _encode(issue, issue.problems[before:])
            except (ValueError, TypeError, AttributeError):  # a path outside the site folder: not kept
                return issue
            store.write(NAME, key, {"noted": answers, "issue": value})
    return issue
