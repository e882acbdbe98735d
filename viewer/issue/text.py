"""The searchable text of an issue, as the library keeps it: the paper, the
date and the text in units (an article on its page, or the other printed
text of a page) with the headline a result shows."""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass, field

from ..model.problems import NOT_FATAL, Problem


@dataclass(frozen=True)
class Unit:
    """A piece of an issue that a search result points at."""

    page: int
    article: str | None  # the article (or block) id the text belongs to
    headline: str  # shown in a result; "" for the page's other text
    text: str  # fields separated by newlines, so no match runs across two


@dataclass
class IssueText:
    """What the index keeps of an issue."""

    kind: str  # the issue's kind (viewer.issue.KINDS)
    paper: str | None  # None when the issue does not say (or says it wrongly)
    date: _dt.date | None
    label: str  # the issue's number as printed, e.g. 第243期; "" when unknown
    pages: int
    units: list[Unit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """Searchable: read without an error (a missing picture, or a page
        missing from a library's package, leaves the rest searchable)."""
        return not any(p.severity == "error" and p.code not in NOT_FATAL for p in self.problems)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def join_lines(text: str) -> str:
    """A headline's forced line breaks removed: nothing between two Chinese
    characters, a space elsewhere."""
    parts = [p.strip() for p in text.split("\n")]
    out = parts[0]
    for p in parts[1:]:
        if not p:
            continue
        out += p if out and _wide(out[-1]) and _wide(p[0]) else (" " + p if out else p)
    return out


def fields(*values) -> str:
    """Text fields joined by newlines, empty ones left out."""
    return "\n".join(v.strip() for v in values if isinstance(v, str) and v.strip())
