"""The index file: where it is, its tables, opening it, and what its
failures mean.

The library index is one SQLite database with FTS5 in the user's data
folder. Tables: ``folders`` (the folders the reader added), ``issues`` (every
issue found under them, with its paper, date, problems and the signature of
its files), ``units`` (the text of each article on its page, and the other
text of each page) and two full-text indexes over ``units.text``:

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
import os
import sqlite3
import time
from pathlib import Path

ENV_DIR = "HERALD_DATA_DIR"
INDEX_NAME = "library.sqlite3"
SCHEMA_VERSION = 1
DAY_BITS = 20  # units per day: 2**20


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


def unit_base(date: _dt.date | None) -> int:
    """The first unit rowid of a day (undated issues: day 0)."""
    return (date.toordinal() if date else 0) << DAY_BITS


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


class Store:
    """The open index file. One object per thread: SQLite connections are not shared."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_index_path()
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

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @classmethod
    def rebuild(cls, path: str | Path | None = None, **kwargs):
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

    def _insert_folder(self, folder: Path) -> None:
        self.db.execute("INSERT OR IGNORE INTO folders(path) VALUES (?)", (str(folder),))
