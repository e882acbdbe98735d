"""The library index: one SQLite database with FTS5 in the user's data folder.

Tables: ``folders`` (the folders the reader added), ``issues`` (every issue
found under them, with its paper, date, problems and the signature of its
files), ``units`` (the text of each article on its page, and the other text
of each page) and two full-text indexes over ``units.text``:

- ``units_tri``, FTS5's trigram tokenizer (external content: the text is
  stored once, in ``units``) for queries of three characters or more and
  for phrases;
- ``units_short``, a contentless FTS5 table of every character and every
  pair of neighbouring characters (``short_grams``), without positions
  (``detail=none``), for queries of one or two characters, which the
  trigram index cannot answer.

A unit's rowid is its issue's date (days since 0001-01-01) times 2**20 plus
a counter, so the indexes return the newest issues first and a date range
is a rowid range, both without sorting.

The database is in WAL mode and every issue is written in one transaction,
with the signature it was read at: a process killed at any point leaves the
issues written so far, and the next scan finds the rest still to do.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..issue import IssueText, issue_search_text
from .find import find_issues
from .text import QueryError, Term, fold, fts_string, parse_query, short_grams, short_match, snippet

ENV_DIR = "HERALD_DATA_DIR"
INDEX_NAME = "library.sqlite3"
SCHEMA_VERSION = 1
DAY_BITS = 20  # units per day: 2**20
TOTAL_CAP = 10_000  # results counted beyond the ones shown


class LibraryError(Exception):
    """A failure of the library, worded for people."""


class IndexUnusable(LibraryError):
    """The index file cannot be used: damaged, or made by a newer Herald."""

    def __init__(self, path: Path, reason: str, newer: bool = False):
        self.path = path
        self.reason = reason
        self.newer = newer
        super().__init__(f"the library index {path} {reason}")


def data_dir() -> Path:
    """Where the library index lives: ``HERALD_DATA_DIR``, else the user's
    data folder (platformdirs)."""
    folder = os.environ.get(ENV_DIR)
    if folder:
        return Path(folder)
    from platformdirs import user_data_dir

    return Path(user_data_dir("Herald", appauthor=False))


def default_index_path() -> Path:
    return data_dir() / INDEX_NAME


def backup_path(path: Path, suffix: str = "") -> Path:
    """Where ``rebuild`` keeps the index it replaces."""
    return Path(f"{path}.old{suffix}")


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE folders(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    present INTEGER NOT NULL DEFAULT 1,
    scanned INTEGER NOT NULL DEFAULT 0);  -- its issues were looked for at least once
CREATE TABLE issues(
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES folders(id),
    path TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    signature TEXT NOT NULL,      -- of the files as last found
    indexed TEXT,                 -- the signature the indexed text was read at
    est_pages INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending',  -- pending, ok, invalid
    paper TEXT, date TEXT, label TEXT NOT NULL DEFAULT '', pages INTEGER NOT NULL DEFAULT 0,
    problems TEXT NOT NULL DEFAULT '[]');
CREATE INDEX issues_paper_date ON issues(paper, date);
CREATE INDEX issues_folder ON issues(folder_id);
CREATE TABLE units(
    id INTEGER PRIMARY KEY,
    issue_id INTEGER NOT NULL REFERENCES issues(id),
    page INTEGER NOT NULL,
    article TEXT,
    headline TEXT NOT NULL,
    text TEXT NOT NULL);
CREATE INDEX units_issue ON units(issue_id);
CREATE VIRTUAL TABLE units_tri USING fts5(text, content='units', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE units_short USING fts5(grams, content='', detail='none', tokenize='ascii');
"""


@dataclass(frozen=True)
class IssueInfo:
    """An issue as the library lists it."""

    id: int
    path: Path
    kind: str
    paper: str | None
    date: _dt.date | None
    label: str
    pages: int
    state: str  # pending (not read yet), ok (searchable), invalid (listed with its problems, not searched)
    problems: tuple[str, ...]
    present: bool  # its folder is there; False: shown greyed until a rescan

    @property
    def name(self) -> str:
        """Paper and date, for lists and messages."""
        paper = self.paper or self.path.name
        return f"{paper} {self.date.isoformat()}" if self.date else paper


@dataclass(frozen=True)
class Hit:
    """One unit that holds every term of a query."""

    issue: IssueInfo
    page: int
    article: str | None
    headline: str
    snippet: str
    start: int  # of the first hit within the snippet
    end: int
    match: str  # the first hit as printed (original case), for highlighting it on the page
    count: int  # how many times the first term stands in the unit


@dataclass
class SearchResult:
    query: str
    terms: list[Term]
    hits: list[Hit]
    total: int  # units holding the query (at most TOTAL_CAP when approximate)
    approximate: bool  # total counted from the index, not checked unit by unit
    elapsed_s: float = 0.0

    def groups(self) -> list[tuple[IssueInfo, list[Hit]]]:
        """The hits by issue, newest issue first, pages in order within one."""
        out: dict[int, tuple[IssueInfo, list[Hit]]] = {}
        for h in self.hits:
            out.setdefault(h.issue.id, (h.issue, []))[1].append(h)
        groups = list(out.values())
        for _, hits in groups:
            hits.sort(key=lambda h: h.page)
        return groups


@dataclass
class ScanReport:
    new: int = 0
    changed: int = 0
    removed: int = 0
    indexed: int = 0
    pages: int = 0
    invalid: list[IssueInfo] = field(default_factory=list)
    missing_folders: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # folders that could not be read


# progress(issues done, issues to do, pages done, pages to do, the issue being read or None)
Progress = Callable[[int, int, int, int, "Path | None"], None]


def remembered(missing_chars: Callable[[str], str]) -> Callable[[str], str]:
    """A coverage check that asks about each character once: the same few
    thousand characters come back in every block of every issue."""
    known: dict[str, bool] = {}

    def check(text: str) -> str:
        out = []
        for ch in dict.fromkeys(text):
            bad = known.get(ch)
            if bad is None:
                bad = known[ch] = bool(missing_chars(ch))
            if bad:
                out.append(ch)
        return "".join(out)

    return check


def _unit_base(date: _dt.date | None) -> int:
    return (date.toordinal() if date else 0) << DAY_BITS


class Library:
    """The library index. One object per thread: SQLite connections are not shared."""

    def __init__(self, path: str | Path | None = None, missing_chars: Callable[[str], str] | None = None):
        self.path = Path(path) if path is not None else default_index_path()
        self.missing_chars = remembered(missing_chars) if missing_chars is not None else None
        self.db = self._open()

    # ------------------------------------------------------------ opening
    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot make the folder {self.path.parent} for the library index: {exc.strerror}") from None
        if self.path.is_dir():
            raise IndexUnusable(self.path, "is a folder, not a database file")
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise IndexUnusable(self.path, f"was made by a newer version of Herald (format {version}; "
                                               f"this version reads format {SCHEMA_VERSION})", newer=True)
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version == 0 and not tables:
                db.execute("PRAGMA journal_mode=WAL")
                self._create(db)
            elif version != SCHEMA_VERSION or not {"folders", "issues", "units", "units_tri", "units_short"} <= tables:
                raise IndexUnusable(self.path, "is not a Herald library index")
            else:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("SELECT count(*) FROM folders").fetchone()
            db.execute("PRAGMA synchronous=NORMAL")  # with WAL: never corrupt, at worst the last issue is redone
            db.execute("PRAGMA foreign_keys=ON")
        except IndexUnusable:
            if db is not None:
                db.close()
            raise
        except sqlite3.DatabaseError as exc:
            if db is not None:
                db.close()
            raise IndexUnusable(self.path, f"is damaged ({exc})") from None
        return db

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        try:
            db.executescript("BEGIN;" + _SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "tokenizer" in str(exc):
                raise LibraryError(f"this Python's SQLite ({sqlite3.sqlite_version}) has no FTS5 trigram index") from None
            raise
        db.execute("INSERT INTO meta VALUES ('created', ?)", (time.strftime("%Y-%m-%dT%H:%M:%S"),))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @classmethod
    def rebuild(cls, path: str | Path | None = None, **kwargs) -> "Library":
        """A new, empty index in place of a damaged or newer one, keeping
        its list of folders when that can still be read, and the old file as
        ``library.sqlite3.old``. Scan it afterwards."""
        path = Path(path) if path is not None else default_index_path()
        folders: list[str] = []
        try:
            old = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                folders = [r[0] for r in old.execute("SELECT path FROM folders ORDER BY id")]
            finally:
                old.close()
        except sqlite3.Error:
            pass
        # the old file is kept beside the new one (a newer Herald may still want it)
        for suffix in ("", "-wal", "-shm", "-journal"):
            p = Path(str(path) + suffix)
            try:
                if p.is_file():
                    p.replace(backup_path(path, suffix))
            except OSError as exc:
                raise LibraryError(f"cannot move the old index {p} aside: {exc.strerror}") from None
        lib = cls(path, **kwargs)
        for f in folders:
            lib._insert_folder(Path(f))
        return lib

    def _guard(self, fn, *args):
        """Run a read or write; a damaged file becomes IndexUnusable."""
        try:
            return fn(*args)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise LibraryError(f"the library index {self.path} is busy (another Herald is writing it); try again") from None
            if isinstance(exc, (sqlite3.OperationalError, sqlite3.IntegrityError, sqlite3.ProgrammingError)) \
                    and "malformed" not in str(exc) and "corrupt" not in str(exc):
                raise
            raise IndexUnusable(self.path, f"is damaged ({exc})") from None

    # ------------------------------------------------------------ folders
    def _insert_folder(self, folder: Path) -> None:
        self.db.execute("INSERT OR IGNORE INTO folders(path) VALUES (?)", (str(folder),))

    def add_folder(self, folder: str | Path) -> Path:
        """Add a folder (its issues are found by the next scan); returns it resolved."""
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise LibraryError(f"'{folder}' is not a folder" if folder.exists() else f"the folder '{folder}' does not exist")
        folder = folder.resolve()
        return self._guard(self._add_folder, folder)

    def _add_folder(self, folder: Path) -> Path:
        for row in self.db.execute("SELECT path FROM folders"):
            other = Path(row[0])
            if other == folder:
                raise LibraryError(f"'{folder}' is in the library already")
            if folder.is_relative_to(other):
                raise LibraryError(f"'{folder}' is in the library already, inside '{other}'")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cur = self.db.execute("INSERT INTO folders(path) VALUES (?)", (str(folder),))
            new_id = cur.lastrowid
            # folders inside the new one become part of it
            for fid, p in self.db.execute("SELECT id, path FROM folders WHERE id != ?", (new_id,)).fetchall():
                if Path(p).is_relative_to(folder):
                    self.db.execute("UPDATE issues SET folder_id = ? WHERE folder_id = ?", (new_id, fid))
                    self.db.execute("DELETE FROM folders WHERE id = ?", (fid,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return folder

    def remove_folder(self, folder: str | Path) -> int:
        """Take a folder and its issues out of the library (the files stay);
        returns the number of issues removed."""
        return self._guard(self._remove_folder, folder)

    def _remove_folder(self, folder) -> int:
        given = Path(folder).expanduser()
        rows = self.db.execute("SELECT id, path FROM folders").fetchall()
        match = next((r for r in rows if Path(r[1]) in (given, given.absolute(), given.resolve())), None)
        if match is None:
            raise LibraryError(f"'{folder}' is not a library folder (see herald library list)")
        fid = match[0]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            ids = [r[0] for r in self.db.execute("SELECT id FROM issues WHERE folder_id = ?", (fid,))]
            for iid in ids:
                self._delete_units(iid)
            self.db.execute("DELETE FROM issues WHERE folder_id = ?", (fid,))
            self.db.execute("DELETE FROM folders WHERE id = ?", (fid,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return len(ids)

    def folders(self) -> list[tuple[Path, bool, int]]:
        """(folder, present, number of issues) for every library folder."""
        return self._guard(lambda: [
            (Path(p), bool(present), n) for p, present, n in self.db.execute(
                "SELECT f.path, f.present, (SELECT count(*) FROM issues i WHERE i.folder_id = f.id) "
                "FROM folders f ORDER BY f.path")])

    def check_folders(self) -> list[Path]:
        """Note which folders are there now (a folder that disappeared has
        its issues greyed, not removed); returns the missing ones."""
        return self._guard(self._check_folders)

    def _check_folders(self) -> list[Path]:
        missing = []
        for fid, p, present in self.db.execute("SELECT id, path, present FROM folders").fetchall():
            here = Path(p).is_dir()
            if not here:
                missing.append(Path(p))
            if here != bool(present):
                self.db.execute("UPDATE folders SET present = ? WHERE id = ?", (int(here), fid))
        return missing

    # ------------------------------------------------------------ scanning and indexing
    def scan(self, progress: Progress | None = None) -> ScanReport:
        """Find new, changed and removed issues in every folder (by the size
        and modification time of their files), then read and index the ones
        not indexed yet, each in its own transaction (stopping the process at
        any point loses at most the issue being written)."""
        return self._guard(self._scan, progress)

    def _scan(self, progress: Progress | None) -> ScanReport:
        report = ScanReport()
        for fid, p in self.db.execute("SELECT id, path FROM folders ORDER BY path").fetchall():
            folder = Path(p)
            if not folder.is_dir():
                report.missing_folders.append(folder)
                self.db.execute("UPDATE folders SET present = 0 WHERE id = ?", (fid,))
                continue
            found = find_issues(folder, report.errors)
            known = {Path(r[1]): (r[0], r[2], r[3]) for r in self.db.execute(
                "SELECT id, path, signature, folder_id FROM issues WHERE folder_id = ?", (fid,))}
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute("UPDATE folders SET present = 1, scanned = 1 WHERE id = ?", (fid,))
                for f in found:
                    old = known.pop(f.path, None)
                    if old is None:
                        cur = self.db.execute(
                            "INSERT OR IGNORE INTO issues(folder_id, path, kind, signature, est_pages) VALUES (?, ?, ?, ?, ?)",
                            (fid, str(f.path), f.kind, f.signature, f.pages))
                        report.new += cur.rowcount
                    elif old[1] != f.signature:
                        self.db.execute("UPDATE issues SET signature = ?, kind = ?, est_pages = ? WHERE id = ?",
                                        (f.signature, f.kind, f.pages, old[0]))
                        report.changed += 1
                for iid, _sig, _fid in known.values():  # gone from a folder that is there: removed
                    self._delete_units(iid)
                    self.db.execute("DELETE FROM issues WHERE id = ?", (iid,))
                    report.removed += 1
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        self._index_pending(report, progress)
        return report

    def pending(self) -> list[tuple[int, Path, str, str, int]]:
        """(id, path, kind, signature, estimated pages) of the issues still to read."""
        return [(r[0], Path(r[1]), r[2], r[3], r[4]) for r in self.db.execute(
            "SELECT i.id, i.path, i.kind, i.signature, i.est_pages FROM issues i JOIN folders f ON f.id = i.folder_id "
            "WHERE f.present AND i.indexed IS NOT i.signature ORDER BY i.path")]

    def unfinished(self) -> bool:
        """Whether a scan has work left: a folder never looked through, or
        issues not indexed (after an interrupted scan)."""
        return self._guard(lambda: bool(self.db.execute(
            "SELECT 1 FROM folders WHERE present AND NOT scanned").fetchone() or self.pending()))

    def _index_pending(self, report: ScanReport, progress: Progress | None) -> None:
        todo = self.pending()
        pages_total = sum(t[4] for t in todo)
        pages_done = 0
        for k, (iid, path, kind, sig, est) in enumerate(todo):
            if progress:
                progress(k, len(todo), pages_done, pages_total, path)
            info = self.index_issue(iid, path, kind, sig)
            if not est:  # a package: its pages are known once it is read
                pages_total += info.pages
            pages_done += est or info.pages
            report.indexed += 1
            report.pages += info.pages
            if info.state == "invalid":
                report.invalid.append(info)
        if progress:
            progress(len(todo), len(todo), pages_total, pages_total, None)

    def index_issue(self, iid: int, path: Path, kind: str, sig: str) -> IssueInfo:
        """Read one issue and write its text in one transaction."""
        try:
            it = issue_search_text(path, kind, self.missing_chars)
        except Exception as exc:  # noqa: BLE001 - one unreadable issue never stops the scan
            from ..model.problems import Problem

            it = IssueText(kind, None, None, "", 0, problems=[Problem(str(path), "", f"cannot be read: {type(exc).__name__}: {exc}")])
        problems = [str(p) if Path(p.file).is_absolute() else f"{path}/{p}" for p in it.problems]
        state = "ok" if it.usable else "invalid"
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self._delete_units(iid)
            if state == "ok":
                self._insert_units(iid, it)
            self.db.execute(
                "UPDATE issues SET indexed = ?, state = ?, paper = ?, date = ?, label = ?, pages = ?, problems = ? WHERE id = ?",
                (sig, state, it.paper, it.date.isoformat() if it.date else None, it.label, it.pages,
                 json.dumps(problems, ensure_ascii=False), iid))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return self._issue(iid)

    def _insert_units(self, iid: int, it: IssueText) -> None:
        base = _unit_base(it.date)
        last = self.db.execute("SELECT max(id) FROM units WHERE id >= ? AND id < ?",
                               (base, base + (1 << DAY_BITS))).fetchone()[0]
        first = base if last is None else last + 1
        if first + len(it.units) > base + (1 << DAY_BITS):
            raise LibraryError(f"too many articles on {it.date}: the index holds {1 << DAY_BITS} a day")
        rows = [(first + k, iid, u.page, u.article, u.headline, u.text) for k, u in enumerate(it.units)]
        self.db.executemany("INSERT INTO units(id, issue_id, page, article, headline, text) VALUES (?, ?, ?, ?, ?, ?)", rows)
        self.db.executemany("INSERT INTO units_tri(rowid, text) VALUES (?, ?)", ((r[0], r[5]) for r in rows))
        self.db.executemany("INSERT INTO units_short(rowid, grams) VALUES (?, ?)", ((r[0], short_grams(r[5])) for r in rows))

    def _delete_units(self, iid: int) -> None:
        rows = self.db.execute("SELECT id, text FROM units WHERE issue_id = ?", (iid,)).fetchall()
        if not rows:
            return
        self.db.executemany("INSERT INTO units_tri(units_tri, rowid, text) VALUES ('delete', ?, ?)", rows)
        self.db.executemany("INSERT INTO units_short(units_short, rowid, grams) VALUES ('delete', ?, ?)",
                            ((i, short_grams(t)) for i, t in rows))
        self.db.execute("DELETE FROM units WHERE issue_id = ?", (iid,))

    # ------------------------------------------------------------ listing
    _ISSUE_COLUMNS = "i.id, i.path, i.kind, i.paper, i.date, i.label, i.pages, i.state, i.problems, f.present"

    @staticmethod
    def _info(row) -> IssueInfo:
        iid, path, kind, paper, date, label, pages, state, problems, present = row
        return IssueInfo(iid, Path(path), kind, paper, _dt.date.fromisoformat(date) if date else None, label or "",
                         pages, state, tuple(json.loads(problems or "[]")), bool(present))

    def _issue(self, iid: int) -> IssueInfo:
        row = self.db.execute(f"SELECT {self._ISSUE_COLUMNS} FROM issues i JOIN folders f ON f.id = i.folder_id "
                              "WHERE i.id = ?", (iid,)).fetchone()
        return self._info(row)

    def issues(self, paper: str | None = None) -> list[IssueInfo]:
        """Every issue (of one paper), by paper, then date, then path."""
        def run():
            sql = f"SELECT {self._ISSUE_COLUMNS} FROM issues i JOIN folders f ON f.id = i.folder_id"
            args: tuple = ()
            if paper is not None:
                sql += " WHERE i.paper = ?"
                args = (paper,)
            sql += " ORDER BY i.paper IS NULL, i.paper, i.date IS NULL, i.date, i.path"
            return [self._info(r) for r in self.db.execute(sql, args)]
        return self._guard(run)

    def papers(self) -> list[tuple[str, int]]:
        """(paper, number of issues) of every paper, by name."""
        return self._guard(lambda: [(p, n) for p, n in self.db.execute(
            "SELECT paper, count(*) FROM issues WHERE paper IS NOT NULL GROUP BY paper ORDER BY paper")])

    def issue_at(self, path: str | Path) -> IssueInfo | None:
        p = Path(path).resolve()
        row = self._guard(lambda: self.db.execute(
            f"SELECT {self._ISSUE_COLUMNS} FROM issues i JOIN folders f ON f.id = i.folder_id WHERE i.path = ?",
            (str(p),)).fetchone())
        return self._info(row) if row else None

    def neighbour(self, path: str | Path, step: int) -> IssueInfo | None:
        """The previous (step -1) or next (step 1) issue of the same paper by
        date, among those whose folder is there."""
        here = self.issue_at(path)
        if here is None or here.paper is None or here.date is None:
            return None
        same = [i for i in self.issues(here.paper) if i.date is not None and i.present]
        same.sort(key=lambda i: (i.date, str(i.path)))
        k = next(k for k, i in enumerate(same) if i.id == here.id) if here.present else None
        if k is None:
            return None
        j = k + step
        return same[j] if 0 <= j < len(same) else None

    def counts(self) -> dict[str, int]:
        """Numbers for a status line: issues by state, pages and units."""
        def run():
            out = {s: n for s, n in self.db.execute("SELECT state, count(*) FROM issues GROUP BY state")}
            out["pages"] = self.db.execute("SELECT coalesce(sum(pages), 0) FROM issues WHERE state = 'ok'").fetchone()[0]
            out["units"] = self.db.execute("SELECT count(*) FROM units").fetchone()[0]
            return out
        return self._guard(run)

    # ------------------------------------------------------------ searching
    def search(self, query: str, paper: str | None = None, date_from: _dt.date | None = None,
               date_to: _dt.date | None = None, limit: int = 100) -> SearchResult:
        """Units holding every term of ``query``, newest issue first (at most
        ``limit``). Raises QueryError for a query with nothing to search for."""
        terms = parse_query(query)
        t0 = time.perf_counter()
        result = self._guard(self._search, query, terms, paper, date_from, date_to, limit)
        result.elapsed_s = time.perf_counter() - t0
        return result

    def _search(self, query, terms, paper, date_from, date_to, limit) -> SearchResult:
        long = [t for t in terms if not t.short]
        if long:
            table, match = "units_tri", " AND ".join(fts_string(t.text) for t in long)
        else:
            table, match = "units_short", " AND ".join(short_match(t) for t in terms)
        where = [f"f.{table} MATCH ?"]
        args: list = [match]
        if date_from is not None or date_to is not None:
            lo = _unit_base(date_from) if date_from else 1 << DAY_BITS  # undated issues never in a date range
            hi = _unit_base(date_to + _dt.timedelta(days=1)) - 1 if date_to else (1 << 62)
            where.append("f.rowid BETWEEN ? AND ?")
            args += [lo, hi]
        join = ""
        if paper is not None:
            join = " JOIN issues i ON i.id = u.issue_id"
            where.append("i.paper = ?")
            args.append(paper)
        sql = (f"SELECT u.id, u.issue_id, u.page, u.article, u.headline, u.text FROM {table} f "
               f"JOIN units u ON u.id = f.rowid{join} WHERE {' AND '.join(where)} ORDER BY f.rowid DESC")
        cur = self.db.execute(sql, args)
        found: list[tuple] = []
        exhausted = False
        checked = 0
        while len(found) < limit:
            rows = cur.fetchmany(64)
            if not rows:
                exhausted = True
                break
            for row in rows:
                checked += 1
                folded = fold(row[5])
                spots = [t.positions(folded) for t in terms]
                if all(spots):
                    found.append((row, spots[0]))
                    if len(found) >= limit:
                        break
        cur.close()
        if exhausted:
            total, approximate = len(found), False
        else:
            # without a paper to check, the full-text index alone counts
            units = f" JOIN units u ON u.id = f.rowid{join}" if join else ""
            count_sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} f{units} WHERE {' AND '.join(where)} LIMIT {TOTAL_CAP})"
            total, approximate = self.db.execute(count_sql, args).fetchone()[0], True
        issues: dict[int, IssueInfo] = {}
        hits = []
        n = len(terms[0].text)
        for (uid, iid, page, article, headline, text), spots in found:
            if iid not in issues:
                issues[iid] = self._issue(iid)
            snip, a, b = snippet(text, spots[0], n)
            hits.append(Hit(issues[iid], page, article, headline, snip, a, b, text[spots[0]:spots[0] + n], len(spots)))
        return SearchResult(query, terms, hits, total, approximate)


def parse_date(text: str, what: str) -> _dt.date:
    """A YYYY-MM-DD date from the command line or a field."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise LibraryError(f"{what} '{text}' is not a date such as 2025-12-29") from None


__all__ = ["Library", "LibraryError", "IndexUnusable", "QueryError", "IssueInfo", "Hit",
           "SearchResult", "ScanReport", "data_dir", "default_index_path", "parse_date"]
