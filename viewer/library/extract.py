"""The searchable text of one issue, whatever kind of issue it is.

Each kind has its own small function that turns an issue into an
``IssueText``: the paper, the date and the text in units (an article on its
page, or the other printed text of a page) with the headline a result
shows. Our descriptor folders are read with the model's loader and checked
with its validator; no layout is needed. METS/ALTO packages are read into
``viewer.sources.model.ScannedIssue`` values by the package reader.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..model.problems import NOT_FATAL, Problem

DESCRIPTOR = "descriptor"
PACKAGE = "mets"


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

    kind: str  # DESCRIPTOR or PACKAGE
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


def _fields(*values) -> str:
    return "\n".join(v.strip() for v in values if isinstance(v, str) and v.strip())


def descriptor_text(path: str | Path, missing_chars: Callable[[str], str] | None = None) -> IssueText:
    """The text of one of our issue folders: every article's kicker, headline,
    subtitle, byline, body and sign-off; photo captions and credits; the
    guide's entries; adverts; image labels; the masthead's facts and the
    page's section. Problems are those ``herald validate`` reports."""
    from ..model import load_issue
    from ..model.types import Advert, Article, Continuation, Guide, Image, Masthead, Photo
    from ..model.validate import check_issue

    data = load_issue(path)
    problems = check_issue(data, missing_chars) if data.issue is not None else list(data.problems)
    issue = data.issue
    if issue is None:
        return IssueText(DESCRIPTOR, None, None, "", 0, problems=problems)
    known = lambda key: key not in data.placeholders  # noqa: E731
    out = IssueText(
        DESCRIPTOR,
        issue.paper if known("paper") else None,
        issue.date if known("date") else None,
        f"第{issue.issue_number}期" if known("issue_number") else "",
        max([issue.page_count if known("page_count") else 0] + [pd.page.number for pd in data.pages]),
        problems=problems,
    )
    headlines = {a.id: join_lines(a.headline) for _, a in data.articles()}
    for pd in data.pages:
        n = pd.page.number
        other: list[str] = [pd.page.section]
        for b in pd.page.blocks:
            if isinstance(b, Article):
                body = data.texts.get(b.id, "")
                text = _fields(b.kicker, join_lines(b.headline), b.subtitle, b.byline, body, b.signoff)
                out.units.append(Unit(n, b.id, headlines[b.id], text))
            elif isinstance(b, Continuation):
                if b.headline:
                    other.append(join_lines(b.headline))
            elif isinstance(b, Photo):
                if b.caption or b.credit:
                    text = _fields(b.caption, b.credit)
                    owner = b.article if b.article in headlines else None
                    out.units.append(Unit(n, owner, headlines.get(owner, ""), text))
            elif isinstance(b, Guide):
                other += [b.title] + [e.title for e in b.entries]
            elif isinstance(b, Advert):
                other += [b.advertiser, b.headline, b.text]
            elif isinstance(b, Image):
                other.append(b.label)
            elif isinstance(b, Masthead):
                other += [issue.paper, issue.paper_en, issue.cn_number, issue.postal_code,
                          issue.supervisor, issue.publisher, issue.website]
        text = _fields(*other)
        if text:
            out.units.append(Unit(n, None, "", text))
    return out


def scanned_text(issue) -> IssueText:
    """The text of a digitised issue read from a METS/ALTO package
    (a ``viewer.sources.model.ScannedIssue``): each article's text on the
    first page it is printed on."""
    if hasattr(issue, "load_all"):
        issue.load_all()  # every page read: the problems found on the way count
    out = IssueText(PACKAGE, issue.title or None, issue.date, issue.issue_label or "", len(issue.pages),
                    problems=list(issue.problems))
    for art in issue.articles:
        text = _fields(art.text)
        if not text:
            continue
        pages = art.pages
        page = pages[0] if pages else (issue.pages[0].number if issue.pages else 1)
        headline = join_lines(art.headline) if art.headline else ""
        out.units.append(Unit(page, art.id, headline, text))
    return out


def package_text(path: str | Path) -> IssueText:
    """The text of a METS/ALTO package folder, through the package reader."""
    from ..model.problems import IssueLoadError
    from ..sources.package import open_package

    try:
        return scanned_text(open_package(path))
    except IssueLoadError as exc:  # no page of it can be opened
        return IssueText(PACKAGE, None, None, "", 0, problems=list(exc.problems))


def issue_text(path: str | Path, kind: str, missing_chars: Callable[[str], str] | None = None) -> IssueText:
    """One interface for every kind of issue. ``missing_chars`` (the bundled
    fonts' coverage check, which needs Qt) is passed in by callers that have it."""
    if kind == PACKAGE:
        return package_text(path)
    return descriptor_text(path, missing_chars)
