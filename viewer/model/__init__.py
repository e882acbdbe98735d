"""Descriptor types, loading and validation. Knows nothing of Qt.

``IssueData``, ``PageData`` and ``load_issue`` are loaded on first use
(they bring pydantic and the descriptor models, which an issue the layout
cache holds does not need)."""

from .problems import IssueLoadError, Problem

__all__ = ["IssueData", "PageData", "load_issue", "IssueLoadError", "Problem"]


def __getattr__(name: str):
    if name in ("IssueData", "PageData", "load_issue"):
        from . import load

        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
