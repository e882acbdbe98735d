"""PDF export of an issue, some of its pages, or one article.

An issue goes out as one PDF page per newspaper page at its own size,
labelled 01版…, with an outline of pages and articles, the guide's and jump
lines' links and the issue's metadata; an article as a clip of its region,
a page per part. The steps are modules of their own: sheets.py (what each
PDF page shows), writing.py (Qt's painting, mended and written atomically),
passthrough.py (the images' own data) and finishing.py (page labels,
outline, links, metadata).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..layout.values import IssueLayout
from ..atomic import check_writable
from ..messages import Msg
from .finishing import add_links, issue_title, outline, page_label, write_metadata, write_page_labels
from .sheets import ExportError, Sheet, article_sheets
from .writing import write_pdf

ARTICLE_MARGIN_PT = 9.0  # white border around an article clip


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: tuple[int, ...]  # newspaper page of each PDF page
    size_bytes: int
    seconds: float


def issue_meta(issue):
    """The IssueMeta of an opened issue, of a descriptor issue's data, or
    the meta itself."""
    from ..issue import IssueMeta, as_issue

    if isinstance(issue, IssueMeta):
        return issue
    return as_issue(issue).meta


def photo_ids(data) -> frozenset:
    """The block ids of an issue's news photos (exported at their own
    resolution; a scanned issue has none: its scans pass whole)."""
    from ..issue import as_issue

    return as_issue(data).photo_ids()


def export_issue_pdf(data, layout: IssueLayout, target: str | os.PathLike, pages: list[int] | None = None) -> ExportResult:
    """The issue (or ``pages`` of it) as a PDF: one PDF page per newspaper
    page at its own size, labelled 01版…, with an outline of pages and
    articles, the guide's and jump lines' links, and the issue's metadata."""
    t0 = time.perf_counter()
    numbers = list(pages) if pages else [p.number for p in layout.pages]
    missing = [n for n in numbers if layout.page(n) is None]
    if missing:
        raise ExportError(Msg("page {number} could not be laid out", number=missing[0]))
    check_writable(Path(target))
    sheets = [Sheet(layout.page(n), (0.0, 0.0, layout.page(n).width_pt, layout.page(n).height_pt)) for n in numbers]
    issue = issue_meta(data)

    def finish(doc):
        write_page_labels(doc, [page_label(layout.page(n)) for n in numbers])
        doc.set_toc(outline(layout, numbers))
        add_links(doc, layout, numbers)
        write_metadata(doc, issue)
        doc.xref_set_key(doc.pdf_catalog(), "PageMode", "/UseOutlines")

    size = write_pdf(sheets, target, finish, issue_title(issue), photo_ids(data))
    return ExportResult(Path(target), tuple(numbers), size, time.perf_counter() - t0)


def export_article_pdf(data, layout: IssueLayout, article_id: str, target: str | os.PathLike,
                       margin: float = ARTICLE_MARGIN_PT) -> ExportResult:
    """One article as a PDF clip for sharing: a page per part (its home page
    and a continuation, if any), each the vector crop of the part's region
    with a white margin."""
    t0 = time.perf_counter()
    sheets = article_sheets(layout, article_id, margin)
    if not sheets:
        raise ExportError(Msg("no article '{id}' in this issue", id=article_id))
    check_writable(Path(target))
    issue = issue_meta(data)
    headline = sheets[0].layout.articles[0].headline.replace("\n", " ").strip()

    def finish(doc):
        write_page_labels(doc, [page_label(s.layout) for s in sheets])
        write_metadata(doc, issue, f" {page_label(sheets[0].layout)} {headline}")

    size = write_pdf(sheets, target, finish, f"{headline}", photo_ids(data))
    return ExportResult(Path(target), tuple(s.layout.number for s in sheets), size, time.perf_counter() - t0)
