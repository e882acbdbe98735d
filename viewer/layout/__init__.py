"""The layout engine: issue descriptors in, frozen page layouts (in points) out."""

from .engine import layout_issue
from .values import ArticleLayout, IssueLayout, PageLayout, TextLine

__all__ = ["layout_issue", "IssueLayout", "PageLayout", "ArticleLayout", "TextLine"]
