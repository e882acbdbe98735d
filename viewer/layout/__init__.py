"""The layout engine: issue descriptors in, frozen page layouts (in points) out.

``layout_issue`` (the engine, with the descriptor models) is loaded on first use."""

from .values import ArticleLayout, IssueLayout, PageLayout, TextLine

__all__ = ["layout_issue", "IssueLayout", "PageLayout", "ArticleLayout", "TextLine"]


def __getattr__(name: str):
    if name == "layout_issue":
        from .engine import layout_issue

        return layout_issue
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
