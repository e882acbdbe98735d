"""Descriptor types, loading and validation. Knows nothing of Qt."""

from .load import IssueData, PageData, load_issue
from .problems import IssueLoadError, Problem

__all__ = ["IssueData", "PageData", "load_issue", "IssueLoadError", "Problem"]
