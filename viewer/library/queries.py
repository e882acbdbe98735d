"""Reading the library index: its folders, papers and issues, and searches
of every issue at once."""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from ..messages import Msg, message_json
from ..model.problems import Problem
from .store import DAY_BITS, Store, unit_base
from .text import Term, fold, fts_string, parse_query, short_match, snippet

TOTAL_CAP = 10_000  # results counted beyond the ones shown


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
    # its files named by their full paths; a plain str is a problem kept by an index of format 2
    # or earlier (as validate printed it), until a scan reads the issue again
    problems: tuple[Problem | str, ...]
    present: bool  # its folder is there and could be read; False: shown greyed until a rescan
    unreadable: bool = False  # its folder could not be read at the last scan: kept as it was

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


def problem_json(p: Problem) -> dict:
    """A problem as the index keeps it: its message (and a place that is
    words) by id and parameters, never as English prose."""
    return {"file": p.file, "where": message_json(p.where), "message": message_json(p.message),
            "severity": p.severity, "code": p.code}


def read_problem(value) -> Problem | str:
    """A problem of the index: a Problem from ``problem_json``'s object; a
    line of an earlier format stays the plain str it is."""
    if not isinstance(value, dict):
        return str(value)
    severity = value.get("severity")
    return Problem(str(value.get("file", "")), Msg.from_json(value.get("where", "")),
                   Msg.from_json(value.get("message", "")), severity if severity in ("error", "warning") else "error",
                   str(value.get("code", "")))


ISSUE_COLUMNS = "i.id, i.path, i.kind, i.paper, i.date, i.label, i.pages, i.state, i.problems, f.present, i.unreadable"


def issue_info(row) -> IssueInfo:
    """An IssueInfo from a row of ISSUE_COLUMNS."""
    iid, path, kind, paper, date, label, pages, state, problems, present, unreadable = row
    return IssueInfo(iid, Path(path), kind, paper, _dt.date.fromisoformat(date) if date else None, label or "",
                     pages, state, tuple(read_problem(p) for p in json.loads(problems or "[]")),
                     bool(present) and not unreadable, bool(unreadable))


def read_issue(db: sqlite3.Connection, iid: int) -> IssueInfo:
    row = db.execute(f"SELECT {ISSUE_COLUMNS} FROM issues i JOIN folders f ON f.id = i.folder_id "
                     "WHERE i.id = ?", (iid,)).fetchone()
    return issue_info(row)


class Queries(Store):
    """The reading half of the Library."""

    # ------------------------------------------------------------ listing
    def folders(self) -> list[tuple[Path, bool, int]]:
        """(folder, present, number of issues) for every library folder."""
        return self._guard(lambda: [
            (Path(p), bool(present), n) for p, present, n in self.db.execute(
                "SELECT f.path, f.present, (SELECT count(*) FROM issues i WHERE i.folder_id = f.id) "
                "FROM folders f ORDER BY f.path")])

    def issues(self, paper: str | None = None) -> list[IssueInfo]:
        """Every issue (of one paper), by paper, then date, then path."""
        def run():
            sql = f"SELECT {ISSUE_COLUMNS} FROM issues i JOIN folders f ON f.id = i.folder_id"
            args: tuple = ()
            if paper is not None:
                sql += " WHERE i.paper = ?"
                args = (paper,)
            sql += " ORDER BY i.paper IS NULL, i.paper, i.date IS NULL, i.date, i.path"
            return [issue_info(r) for r in self.db.execute(sql, args)]
        return self._guard(run)

    def papers(self) -> list[tuple[str, int]]:
        """(paper, number of issues) of every paper, by name."""
        return self._guard(lambda: [(p, n) for p, n in self.db.execute(
            "SELECT paper, count(*) FROM issues WHERE paper IS NOT NULL GROUP BY paper ORDER BY paper")])

    def issue_at(self, path: str | Path) -> IssueInfo | None:
        p = Path(path).resolve()
        row = self._guard(lambda: self.db.execute(
            f"SELECT {ISSUE_COLUMNS} FROM issues i JOIN folders f ON f.id = i.folder_id WHERE i.path = ?",
            (str(p),)).fetchone())
        return issue_info(row) if row else None

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
            lo = unit_base(date_from) if date_from else 1 << DAY_BITS  # undated issues never in a date range
            hi = unit_base(date_to + _dt.timedelta(days=1)) - 1 if date_to else (1 << 62)
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
                issues[iid] = read_issue(self.db, iid)
            snip, a, b = snippet(text, spots[0], n)
            hits.append(Hit(issues[iid], page, article, headline, snip, a, b, text[spots[0]:spots[0] + n], len(spots)))
        return SearchResult(query, terms, hits, total, approximate)
