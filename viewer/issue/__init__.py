"""An opened issue, whatever its source: our own descriptors (laid out by
the engine), a digitised newspaper's METS/ALTO package (laid out by the
scanned-page importer). Every kind gives page numbers, labels and sections,
page groups, frozen page layouts, the articles to read, its text for the
library, its description for ``info`` and its problems; nothing outside
this package asks which kind it has.

A new kind of source is one module here with an ``Issue`` subclass, and
one entry in ``opening`` that recognises its paths.
"""

from .base import Issue, IssueMeta, Reading, ReadingPhoto, issue_title, weekday_text
from .descriptors import DescriptorIssue, issue_problems
from .opening import (KINDS, as_issue, file_kind, is_descriptor_path, issue_kind, issue_path_problem,
                      issue_search_text, open_issue)
from .packages import PackageIssue
from .text import IssueText, Unit, join_lines

__all__ = ["Issue", "IssueMeta", "Reading", "ReadingPhoto", "issue_title", "weekday_text", "DescriptorIssue",
           "issue_problems", "KINDS", "as_issue", "file_kind", "is_descriptor_path", "issue_kind",
           "issue_path_problem", "issue_search_text", "open_issue", "PackageIssue", "IssueText", "Unit",
           "join_lines"]
