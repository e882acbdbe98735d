"""The library index: one SQLite database with FTS5 in the user's data folder.

``Library`` is the one object the window, the command line and the tools
use. Its parts live in their own modules:

- ``store``: where the index file is, its tables (described there), opening
  it (read-only where it cannot be written), and what its failures mean;
- ``queries``: listing folders, papers and issues, and searching;
- ``writing``: adding and removing folders, scanning them and indexing
  each issue, and rebuilding the index;
- ``lock``: one indexer at a time.

Every name the rest of the program imports from here is importable here.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Callable

from ..messages import Msg
from .queries import TOTAL_CAP, Hit, IssueInfo, SearchResult
from .store import (DAY_BITS, ENV_DIR, INDEX_NAME, SCHEMA_VERSION, IndexUnusable, LibraryError, backup_path,
                    data_dir, default_index_path)
from .text import QueryError
from .writing import Progress, ScanReport, Waiting, Writing


class Library(Writing):
    """The library index. One object per thread: SQLite connections are not shared."""

    def __init__(self, path: str | Path | None = None, missing_chars: Callable[[str], str] | None = None):
        self.missing_chars = missing_chars
        super().__init__(path)


def parse_date(text: str, what: str) -> _dt.date:
    """A YYYY-MM-DD date from the command line or a field."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise LibraryError(Msg("{what} '{text}' is not a date such as 2025-12-29", what=what, text=text)) from None


__all__ = ["Library", "LibraryError", "IndexUnusable", "QueryError", "IssueInfo", "Hit",
           "SearchResult", "ScanReport", "Progress", "Waiting", "data_dir", "default_index_path", "backup_path", "parse_date",
           "ENV_DIR", "INDEX_NAME", "SCHEMA_VERSION", "DAY_BITS", "TOTAL_CAP"]
