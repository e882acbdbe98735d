"""The index file: where it is, its tables, opening it, and what its
failures mean.

The library index is one SQLite database with FTS5 in the user's data
folder. Tables: ``folders`` (the folders the reader added), ``issues`` (every
issue found under them, with its paper, date, problems and the signature of
its files; the problems a JSON list of objects, each message by its id and
parameters, so that the window words it in its own language), ``units``
(the text of each article on its page, and the other text of each page)
and two full-text indexes over ``units.text``:

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

from ..messages import Foreign, Msg, os_reason

ENV_DIR = "HERALD_DATA_DIR"
INDEX_NAME = "library.sqlite3"
SCHEMA_VERSION = 3  # 2: issues.unreadable; 3: issues.problems as objects (queries.problem_json), not lines
DAY_BITS = 20  # units per day: 2**20
BUSY_TIMEOUT_S = 30.0  # how long a write waits for another Herald's transaction to end

# SQLite's primary result codes, by what they mean for the index
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_UNREACHABLE = {sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM,
                sqlite3.SQLITE_NOLFS, sqlite3.SQLITE_PROTOCOL}


class LibraryError(Exception):
    """A failure of the library: its one argument is the message (a Msg)."""


class IndexUnusable(LibraryError):
    """The index file cannot be used: damaged, or made by a newer Herald."""

    def __init__(self, path: Path, reason: Msg, newer: bool = False):
        self.path = path
        self.reason = reason
        self.newer = newer
        super().__init__(Msg("the library index {path} {reason}", path=str(path), reason=reason))


def sqlite_reason(exc: sqlite3.Error) -> Foreign | str:
    """SQLite's words for a failure, translated by its primary result code
    (SQLITE_BUSY, SQLITE_CORRUPT …; an extended code such as
    SQLITE_IOERR_READ is said as its primary one)."""
    name = getattr(exc, "sqlite_errorname", None)
    if not name or not name.startswith("SQLITE_"):
        return str(exc)
    return Foreign("sqlite", "_".join(name.split("_")[:2]), str(exc))


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


def backup_path(path: Path, suffix: str = "", number: int = 1) -> Path:
    """Where ``rebuild`` keeps the index it replaces: ``library.sqlite3.old``,
    then ``.old2``, ``.old3`` … (``suffix``: of SQLite's -wal, -shm, -journal)."""
    return Path(f"{path}.old{number if number > 1 else ''}{suffix}")


def writable(path: Path) -> bool:
    """Whether the index at ``path`` can be written: its folder, and the
    file where it exists, as ``os.access`` says (which honours a read-only
    file system and a file system's immutable flag, for root too)."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def not_writable(path: Path) -> Msg:
    """The message for a change to an index that cannot be written."""
    if not os.access(path.parent, os.W_OK):
        return Msg("the folder {folder} of the library index cannot be written: "
                   "the library can be searched and listed, not changed", folder=str(path.parent))
    return Msg("the library index {path} cannot be written: the library can be searched and listed, not changed",
               path=str(path))


def unit_base(date: _dt.date | None) -> int:
    """The first unit rowid of a day (undated issues: day 0)."""
    return (date.toordinal() if date else 0) << DAY_BITS


_TABLES = {"folders", "issues", "units", "units_tri", "units_short"}  # every index has them
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
    problems TEXT NOT NULL DEFAULT '[]',
    unreadable INTEGER NOT NULL DEFAULT 0);  -- its folder could not be read at the last scan: kept as it was
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
    """The open index file. One object per thread: SQLite connections are not shared.

    It is opened for writing when its folder and file can be written (as
    ``os.access`` says), else read-only: a read-only library is listed and
    searched, and every change is refused with a message."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_index_path()
        self.writable = False
        self.db = self._open()

    # ------------------------------------------------------------ opening
    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(Msg("cannot make the folder {folder} for the library index: {reason}",
                                   folder=str(self.path.parent), reason=os_reason(exc))) from None
        if self.path.is_dir():
            raise IndexUnusable(self.path, Msg("is a folder, not a database file"))
        self.writable = writable(self.path)
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        pause = 0.01
        while True:
            db = None
            try:
                if self.writable:
                    db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                         check_same_thread=False)
                    self._prepare(db)
                else:
                    db = self._open_read_only()
                return db
            except BaseException as exc:
                if db is not None:
                    db.close()
                # SQLite answers "busy" at once, without waiting, where waiting could
                # deadlock (a new index's journal mode set while another Herald makes
                # its tables): opened again after a pause, as long as a write would wait
                code = getattr(exc, "sqlite_errorcode", None)
                if (isinstance(exc, sqlite3.OperationalError) and code is not None and code & 0xFF in _BUSY
                        and time.monotonic() + pause < deadline):
                    time.sleep(pause)
                    pause = min(pause * 2, 0.5)
                    continue
                if isinstance(exc, sqlite3.Error):
                    self._fail(exc, opening=True)
                raise

    def _format(self, db: sqlite3.Connection) -> tuple[int, bool]:
        """(the file's format, whether it is empty); IndexUnusable for a file
        of a newer Herald or of another program."""
        # one statement, so one snapshot: another Herald may be making the tables
        version, names = db.execute(
            "SELECT user_version, (SELECT group_concat(name, char(31)) FROM sqlite_master WHERE type = 'table') "
            "FROM pragma_user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise IndexUnusable(self.path, Msg("was made by a newer version of Herald (format {format}; "
                                               "this version reads format {ours})",
                                               format=version, ours=SCHEMA_VERSION), newer=True)
        tables = set(names.split("\x1f")) if names else set()
        if version == 0 and not tables:
            return version, True
        if not 1 <= version <= SCHEMA_VERSION or not _TABLES <= tables:
            raise IndexUnusable(self.path, Msg("is not a Herald library index"))
        return version, False

    def _prepare(self, db: sqlite3.Connection) -> None:
        version, empty = self._format(db)
        db.execute("PRAGMA journal_mode=WAL")
        if empty or version < SCHEMA_VERSION:
            # several Heralds may open a new index at once: the first makes
            # its tables (or brings them up to date), the others wait for it
            # and find them made
            db.execute("BEGIN IMMEDIATE")
            try:
                version, empty = self._format(db)
                if empty:
                    self._create(db)
                elif version < SCHEMA_VERSION:
                    self._migrate(db, version)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        db.execute("SELECT count(*) FROM folders").fetchone()
        db.execute("PRAGMA synchronous=NORMAL")  # with WAL: never corrupt, at worst the last issue is redone
        db.execute("PRAGMA foreign_keys=ON")

    @staticmethod
    def _migrate(db: sqlite3.Connection, version: int) -> None:
        """Bring an index of an earlier format up to date, in the caller's transaction."""
        if version < 2:
            db.execute("ALTER TABLE issues ADD COLUMN unreadable INTEGER NOT NULL DEFAULT 0")
        if version < 3:
            # the problems of formats 1 and 2 are English lines: read as they are until the
            # issue is read again, which the next scan does (the issue is made pending)
            db.execute("UPDATE issues SET indexed = NULL WHERE problems != '[]'")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _open_read_only(self) -> sqlite3.Connection:
        """The index opened with SQLite's ``mode=ro``; where SQLite cannot
        keep the WAL's shared-memory file beside it (a folder that cannot be
        written), as ``immutable``. No index yet: an empty one in memory."""
        if self.path.is_file():
            for params in ("mode=ro", "mode=ro&immutable=1"):
                db = None
                try:
                    db = sqlite3.connect(f"{self.path.absolute().as_uri()}?{params}", uri=True,
                                         timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
                    version, empty = self._format(db)
                    if empty:
                        db.close()
                        break  # an empty file: no index yet
                    if version == 1:  # read as it is: the column format 2 added, as a view that shadows the table
                        db.execute("CREATE TEMP VIEW issues AS SELECT *, 0 AS unreadable FROM main.issues")
                    db.execute("SELECT count(*) FROM folders").fetchone()
                    return db
                except BaseException as exc:
                    if db is not None:
                        db.close()
                    if not (isinstance(exc, sqlite3.OperationalError) and "immutable" not in params
                            and exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_CANTOPEN):
                        raise
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._create(db)
        return db

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "tokenizer" in str(exc):
                raise LibraryError(Msg("this Python's SQLite ({version}) has no FTS5 trigram index",
                                       version=sqlite3.sqlite_version)) from None
            raise
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("INSERT INTO meta VALUES ('created', ?)", (time.strftime("%Y-%m-%dT%H:%M:%S"),))

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ failures
    def _need_writable(self) -> None:
        if not self.writable:
            raise LibraryError(not_writable(self.path))

    def _fail(self, exc: sqlite3.Error, opening: bool = False):
        """Raise what an SQLite error means for the index, judged by its
        result code: damage only where SQLite says the file is corrupt or is
        no database; a lock held too long, a file that cannot be written and
        a failing disk each in their own words. An error of the program
        itself (a mistake in a statement) is raised as it is."""
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if code is not None else None
        path = str(self.path)
        if primary in _DAMAGED:
            raise IndexUnusable(self.path, Msg("is damaged ({reason})", reason=sqlite_reason(exc))) from None
        if primary in _BUSY:
            raise LibraryError(Msg("the library index {path} is busy (another Herald is writing it); try again",
                                   path=path)) from None
        if primary == sqlite3.SQLITE_READONLY:
            raise LibraryError(not_writable(self.path)) from None
        if primary in _UNREACHABLE:
            raise LibraryError(Msg("the library index {path} cannot be read or written ({reason})", path=path,
                                   reason=sqlite_reason(exc))) from None
        if opening:
            raise LibraryError(Msg("the library index {path} cannot be opened ({reason})", path=path,
                                   reason=sqlite_reason(exc))) from None
        raise exc

    def _guard(self, fn, *args):
        """Run a read or write; an SQLite failure becomes a LibraryError that
        says what it means (IndexUnusable for a damaged file)."""
        try:
            return fn(*args)
        except sqlite3.Error as exc:
            self._fail(exc)

    def _insert_folder(self, folder: Path) -> None:
        self.db.execute("INSERT OR IGNORE INTO folders(path) VALUES (?)", (str(folder),))
