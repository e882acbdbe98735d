"""Pages that must be laid out together: an article and its continuation
page, a photo and the page of the article it belongs to. The engine run
over such a closed group gives the same page layouts as a run over the
whole issue, so a command or the window can lay out only what it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.load import IssueData


def tied_groups(numbers, ties) -> list[tuple[int, ...]]:
    """``numbers`` in groups joined by ``ties`` (pairs of page numbers; a
    number not among ``numbers`` ties nothing), each sorted, in page order."""
    parent = {n: n for n in numbers}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in ties:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for n in numbers:
        groups.setdefault(find(n), []).append(n)
    return sorted((tuple(sorted(set(g))) for g in groups.values()), key=lambda g: g[0])


def page_groups(data: IssueData) -> list[tuple[int, ...]]:
    """Page numbers in groups that must be laid out together."""
    from ..model.types import Article, Continuation, Photo

    article_page: dict[str, int] = {}
    for pd in data.pages:
        for b in pd.page.blocks:
            if isinstance(b, Article):
                article_page.setdefault(b.id, pd.page.number)
    ties = []
    for pd in data.pages:
        n = pd.page.number
        for b in pd.page.blocks:
            if isinstance(b, Article) and b.continued_on is not None:
                ties.append((n, b.continued_on))
            elif isinstance(b, Continuation):
                ties.append((n, article_page.get(b.article)))
            elif isinstance(b, Photo) and b.article:
                ties.append((n, article_page.get(b.article)))
    return tied_groups([pd.page.number for pd in data.pages], ties)
