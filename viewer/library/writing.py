"""Writing the library index: adding and removing folders, scanning them
for new, changed and removed issues, and indexing each issue's text in one
transaction."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ..issue import IssueText, issue_search_text
from ..messages import Msg, os_reason, said
from ..model.problems import Problem
from .find import find_issues
from .lock import IndexerLock
from .queries import IssueInfo, Queries, problem_json, read_issue
from .store import DAY_BITS, LibraryError, backup_path, default_index_path, not_writable, unit_base, writable
from .text import short_grams


@dataclass
class ScanReport:
    new: int = 0
    changed: int = 0
    removed: int = 0
    indexed: int = 0
    pages: int = 0
    invalid: list[IssueInfo] = field(default_factory=list)
    missing_folders: list[Path] = field(default_factory=list)
    errors: list[Msg] = field(default_factory=list)  # folders that could not be read
    unreadable: int = 0  # issues in those folders, kept as they were


# progress(issues done, issues to do, pages done, pages to do, the issue being read or None)
Progress = Callable[[int, int, int, int, "Path | None"], None]


# told, once, that another Herald is indexing and this one waits for it
Waiting = Callable[[Msg], None]


class Writing(Queries):
    """The writing half of the Library.

    Changes are refused with a message when the index cannot be written.
    Scans and rebuilds take the indexer's lock (``lock.py``); a folder added
    or removed meanwhile is written between their transactions, and each of
    those looks again at what it writes to."""

    missing_chars: Callable[[str], str] | None = None
    kept: Path | None = None  # after a rebuild: where the old index is kept

    # ------------------------------------------------------------ a new index
    @classmethod
    def rebuild(cls, path: str | Path | None = None, waiting: Waiting | None = None, **kwargs):
        """A new, empty index in place of the old one (damaged, or made by a
        newer Herald), keeping its list of folders when that can still be
        read. The old file is never deleted: it is moved aside to
        ``library.sqlite3.old`` (``.old2``, ``.old3`` … when that name is
        taken), named in the new Library's ``kept``. Scan it afterwards."""
        path = Path(path) if path is not None else default_index_path()
        if not path.parent.is_dir():
            return cls(path, **kwargs)  # no index to replace
        if not writable(path):
            raise LibraryError(not_writable(path))
        with IndexerLock(path, waiting):
            folders: list[str] = []
            try:
                old = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
                try:
                    folders = [r[0] for r in old.execute("SELECT path FROM folders ORDER BY id")]
                finally:
                    old.close()
            except sqlite3.Error:
                pass
            # the old file is kept beside the new one (a newer Herald may still want it)
            suffixes = ("", "-wal", "-shm", "-journal")
            number = 1
            while any(backup_path(path, s, number).exists() for s in suffixes):
                number += 1
            for suffix in suffixes:
                p = Path(str(path) + suffix)
                try:
                    if p.is_file():
                        p.replace(backup_path(path, suffix, number))
                except OSError as exc:
                    raise LibraryError(Msg("cannot move the old index {path} aside: {reason}", path=str(p),
                                           reason=os_reason(exc))) from None
            lib = cls(path, **kwargs)
            kept = backup_path(path, "", number)
            lib.kept = kept if kept.is_file() else None
            for f in folders:
                lib._insert_folder(Path(f))
        return lib

    # ------------------------------------------------------------ folders
    def add_folder(self, folder: str | Path) -> Path:
        """Add a folder (its issues are found by the next scan); returns it resolved."""
        self._need_writable()
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise LibraryError(Msg("'{folder}' is not a folder", folder=str(folder)) if folder.exists()
                               else Msg("the folder '{folder}' does not exist", folder=str(folder)))
        folder = folder.resolve()
        return self._guard(self._add_folder, folder)

    def _add_folder(self, folder: Path) -> Path:
        for row in self.db.execute("SELECT path FROM folders"):
            other = Path(row[0])
            if other == folder:
                raise LibraryError(Msg("'{folder}' is in the library already", folder=str(folder)))
            if folder.is_relative_to(other):
                raise LibraryError(Msg("'{folder}' is in the library already, inside '{other}'", folder=str(folder),
                                       other=str(other)))
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
        self._need_writable()
        return self._guard(self._remove_folder, folder)

    def _remove_folder(self, folder) -> int:
        given = Path(folder).expanduser()
        rows = self.db.execute("SELECT id, path FROM folders").fetchall()
        match = next((r for r in rows if Path(r[1]) in (given, given.absolute(), given.resolve())), None)
        if match is None:
            raise LibraryError(Msg("'{folder}' is not a library folder (see herald library list)", folder=str(folder)))
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

    def check_folders(self) -> list[Path]:
        """Note which folders are there now (a folder that disappeared has
        its issues greyed, not removed; noted only where the index can be
        written); returns the missing ones."""
        return self._guard(self._check_folders)

    def _check_folders(self) -> list[Path]:
        missing = []
        for fid, p, present in self.db.execute("SELECT id, path, present FROM folders").fetchall():
            here = Path(p).is_dir()
            if not here:
                missing.append(Path(p))
            if here != bool(present) and self.writable:
                self.db.execute("UPDATE folders SET present = ? WHERE id = ?", (int(here), fid))
        return missing

    # ------------------------------------------------------------ scanning and indexing
    def scan(self, progress: Progress | None = None, waiting: Waiting | None = None) -> ScanReport:
        """Find new, changed and removed issues in every folder (by the size
        and modification time of their files), then read and index the ones
        not indexed yet, each in its own transaction (stopping the process at
        any point loses at most the issue being written).

        One scan at a time: while another Herald scans, ``waiting`` is told
        and this one waits for it; without ``waiting``, LibraryError."""
        self._need_writable()
        with IndexerLock(self.path, waiting):
            return self._guard(self._scan, progress)

    def _scan(self, progress: Progress | None) -> ScanReport:
        report = ScanReport()
        for fid, p in self.db.execute("SELECT id, path FROM folders ORDER BY path").fetchall():
            folder = Path(p)
            if not folder.is_dir():
                report.missing_folders.append(folder)
                self.db.execute("UPDATE folders SET present = 0 WHERE id = ?", (fid,))
                continue
            unreadable: list[Path] = []
            found = find_issues(folder, report.errors, unreadable)
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.db.execute("SELECT 1 FROM folders WHERE id = ?", (fid,)).fetchone() is None:
                    self.db.execute("ROLLBACK")  # removed, or taken into a folder added around it, meanwhile
                    continue
                known = {Path(r[1]): (r[0], r[2], r[3]) for r in self.db.execute(
                    "SELECT id, path, signature, unreadable FROM issues WHERE folder_id = ?", (fid,))}
                self.db.execute("UPDATE folders SET present = 1, scanned = 1 WHERE id = ?", (fid,))
                for f in found:
                    old = known.pop(f.path, None)
                    if old is None:
                        cur = self.db.execute(
                            "INSERT OR IGNORE INTO issues(folder_id, path, kind, signature, est_pages) VALUES (?, ?, ?, ?, ?)",
                            (fid, str(f.path), f.kind, f.signature, f.pages))
                        report.new += cur.rowcount
                    elif old[1] != f.signature:
                        self.db.execute("UPDATE issues SET signature = ?, kind = ?, est_pages = ?, unreadable = 0 "
                                        "WHERE id = ?", (f.signature, f.kind, f.pages, old[0]))
                        report.changed += 1
                    elif old[2]:
                        self.db.execute("UPDATE issues SET unreadable = 0 WHERE id = ?", (old[0],))
                for path, (iid, _sig, _unreadable) in known.items():
                    if any(path.is_relative_to(u) for u in unreadable):
                        # not found because a folder could not be read: kept as it was, greyed
                        self.db.execute("UPDATE issues SET unreadable = 1 WHERE id = ?", (iid,))
                        report.unreadable += 1
                        continue
                    self._delete_units(iid)  # gone from a folder that is there: removed
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
            "WHERE f.present AND NOT i.unreadable AND i.indexed IS NOT i.signature ORDER BY i.path")]

    def unfinished(self) -> bool:
        """Whether a scan has work left: a folder never looked through, or
        issues not indexed (after an interrupted scan); never where the
        index cannot be written."""
        return self.writable and self._guard(lambda: bool(self.db.execute(
            "SELECT 1 FROM folders WHERE present AND NOT scanned").fetchone() or self.pending()))

    def _index_pending(self, report: ScanReport, progress: Progress | None) -> None:
        todo = self.pending()
        pages_total = sum(t[4] for t in todo)
        pages_done = 0
        for k, (iid, path, kind, sig, est) in enumerate(todo):
            if progress:
                progress(k, len(todo), pages_done, pages_total, path)
            info = self.index_issue(iid, path, kind, sig)
            if info is None:
                continue
            if not est:  # a package: its pages are known once it is read
                pages_total += info.pages
            pages_done += est or info.pages
            report.indexed += 1
            report.pages += info.pages
            if info.state == "invalid":
                report.invalid.append(info)
        if progress:
            progress(len(todo), len(todo), pages_total, pages_total, None)

    def index_issue(self, iid: int, path: Path, kind: str, sig: str) -> IssueInfo | None:
        """Read one issue and write its text in one transaction; None when
        the issue was taken out of the library meanwhile."""
        try:
            it = issue_search_text(path, kind, self.missing_chars)
        except Exception as exc:  # noqa: BLE001 - one unreadable issue never stops the scan
            reason = Msg("{what}: {reason}", what=type(exc).__name__, reason=said(exc))
            it = IssueText(kind, None, None, "", 0, problems=[Problem(str(path), "", Msg("cannot be read: {reason}",
                                                                                        reason=reason))])
        # kept with the issue's full path: the library lists problems of many issues
        problems = [p if Path(p.file).is_absolute() else replace(p, file=f"{path}/{p.file}") for p in it.problems]
        state = "ok" if it.usable else "invalid"
        self.db.execute("BEGIN IMMEDIATE")
        try:
            if self.db.execute("SELECT 1 FROM issues WHERE id = ?", (iid,)).fetchone() is None:
                self.db.execute("ROLLBACK")
                return None
            self._delete_units(iid)
            if state == "ok":
                self._insert_units(iid, it)
            self.db.execute(
                "UPDATE issues SET indexed = ?, state = ?, paper = ?, date = ?, label = ?, pages = ?, problems = ? WHERE id = ?",
                (sig, state, it.paper, it.date.isoformat() if it.date else None, it.label, it.pages,
                 json.dumps([problem_json(p) for p in problems], ensure_ascii=False), iid))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return read_issue(self.db, iid)

    def _insert_units(self, iid: int, it: IssueText) -> None:
        base = unit_base(it.date)
        last = self.db.execute("SELECT max(id) FROM units WHERE id >= ? AND id < ?",
                               (base, base + (1 << DAY_BITS))).fetchone()[0]
        first = base if last is None else last + 1
        if first + len(it.units) > base + (1 << DAY_BITS):
            raise LibraryError(Msg("too many articles on {date}: the index holds {count} a day", date=str(it.date),
                                   count=1 << DAY_BITS))
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
