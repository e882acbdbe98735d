"""An open issue for the window: its data, problems, and a layout built page
group by page group so the first page shows before the rest is set.

A page's layout depends only on its own descriptors and on the pages it is
tied to (an article's continuation page, a photo's article page), so the
engine run over such a closed group gives the same PageLayout values as a
run over the whole issue; ``IssueDocument.layout()`` assembles them into the
IssueLayout that ``layout_issue`` would return (a test checks that).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..layout.values import ArticleLayout, IssueLayout, PageLayout
from ..model import IssueData, Problem
from ..model.types import Article, Continuation, Photo


def page_groups(data: IssueData) -> list[tuple[int, ...]]:
    """Page numbers in groups that must be laid out together."""
    article_page: dict[str, int] = {}
    for pd in data.pages:
        for b in pd.page.blocks:
            if isinstance(b, Article):
                article_page.setdefault(b.id, pd.page.number)
    numbers = [pd.page.number for pd in data.pages]
    parent = {n: n for n in numbers}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def join(a: int | None, b: int | None) -> None:
        if a in parent and b in parent:
            parent[find(a)] = find(b)

    for pd in data.pages:
        n = pd.page.number
        for b in pd.page.blocks:
            if isinstance(b, Article) and b.continued_on is not None:
                join(n, b.continued_on)
            elif isinstance(b, Continuation):
                join(n, article_page.get(b.article))
            elif isinstance(b, Photo) and b.article:
                join(n, article_page.get(b.article))
    groups: dict[int, list[int]] = {}
    for n in numbers:
        groups.setdefault(find(n), []).append(n)
    return sorted((tuple(sorted(set(g))) for g in groups.values()), key=lambda g: g[0])


class IssueDocument(QObject):
    """The issue that a window shows."""

    pageReady = Signal(int)  # a page's layout became available
    completed = Signal()  # every page is laid out

    def __init__(self, data: IssueData, layout: IssueLayout | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.data = data
        self.root = Path(data.root)
        self.numbers: list[int] = sorted({pd.page.number for pd in data.pages})
        self.sections: dict[int, str] = {pd.page.number: pd.page.section for pd in data.pages}
        self.problems: list[Problem] = list(data.problems)
        self.layout_failures: list[str] = []
        self._groups = page_groups(data)
        self._group_of = {n: g for g in self._groups for n in g}
        self._pages: dict[int, PageLayout] = {}
        self._articles: dict[str, ArticleLayout] = {}
        self._done: set[tuple[int, ...]] = set()
        self._full: IssueLayout | None = None
        if layout is not None:
            for p in layout.pages:
                self._pages[p.number] = p
            self._articles.update(layout.articles)
            self._done.update(self._groups)
            self._full = layout
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._background_step)

    # ---- facts known before layout
    @property
    def issue(self):
        return self.data.issue

    @property
    def page_count(self) -> int:
        return len(self.numbers)

    def title(self) -> str:
        iss = self.data.issue
        if iss is None:
            return self.root.name
        from .i18n import tr

        d = iss.date
        return tr("issue.title", paper=iss.paper, year=d.year, month=d.month, day=d.day, date=d.isoformat())

    # ---- layout
    @property
    def is_complete(self) -> bool:
        return len(self._done) == len(self._groups)

    def _lay_out(self, group: tuple[int, ...]) -> None:
        if group in self._done:
            return
        self._done.add(group)
        from ..layout import layout_issue

        try:
            result = layout_issue(self.data, pages=list(group))
        except Exception as exc:  # a broken page must not cost the others
            msg = f"pages {', '.join(map(str, group))} could not be laid out: {type(exc).__name__}: {exc}"
            self.layout_failures.append(msg)
            self.problems.append(Problem(self.data.issue_file, "", msg))
            return
        for p in result.pages:
            self._pages[p.number] = p
        self._articles.update(result.articles)
        for n in group:
            if n in self._pages:
                self.pageReady.emit(n)
        if self.is_complete:
            self.completed.emit()

    def page(self, number: int) -> PageLayout | None:
        """The page's layout, laying out its group now when needed."""
        if number not in self._pages:
            group = self._group_of.get(number)
            if group is not None:
                self._lay_out(group)
        return self._pages.get(number)

    def cached_page(self, number: int) -> PageLayout | None:
        return self._pages.get(number)

    def layout(self) -> IssueLayout:
        """The whole issue's layout (finishing it first)."""
        if self._full is None:
            for g in self._groups:
                self._lay_out(g)
            self._full = IssueLayout(pages=tuple(self._pages[n] for n in sorted(self._pages)),
                                     articles={k: self._articles[k] for k in self._article_order()})
        return self._full

    def layout_steps(self):
        """Finish the layout a group at a time, yielding (pages done, pages in all)."""
        total = len(self.numbers)
        for g in self._groups:
            self._lay_out(g)
            yield sum(len(x) for x in self._done), total
        self.layout()

    def _article_order(self) -> list[str]:
        # the order layout_issue gives: articles in page order
        seen: list[str] = []
        for pd in self.data.pages:
            for b in pd.page.blocks:
                if isinstance(b, Article) and b.id in self._articles and b.id not in seen:
                    seen.append(b.id)
        seen += [k for k in self._articles if k not in seen]
        return seen

    def article(self, article_id: str) -> ArticleLayout | None:
        if article_id not in self._articles:
            found = self.data.article(article_id)
            if found is not None:
                self.page(found[0].page.number)
        return self._articles.get(article_id)

    def start_background(self) -> None:
        """Lay out the remaining pages one group per event-loop turn."""
        if not self.is_complete:
            self._timer.start()

    def stop_background(self) -> None:
        self._timer.stop()

    def _background_step(self) -> None:
        for g in self._groups:
            if g not in self._done:
                self._lay_out(g)
                break
        if not self.is_complete:
            self._timer.start()

    # ---- problems
    def check(self) -> list[Problem]:
        """Every problem, as ``python -m viewer validate`` lists them."""
        from ..fonts import missing_chars
        from ..model.validate import check_issue

        problems = check_issue(self.data, missing_chars) if self.data.issue is not None else list(self.data.problems)
        self.problems = problems + [Problem(self.data.issue_file, "", m) for m in self.layout_failures]
        return self.problems

    # ---- descriptors
    def article_block(self, article_id: str):
        found = self.data.article(article_id)
        return found[1] if found else None

    def photos_of(self, article_id: str) -> list[tuple[int, Photo]]:
        return [(pd.page.number, b) for pd in self.data.pages for b in pd.page.blocks
                if isinstance(b, Photo) and b.article == article_id]

    def file_page(self, file: str) -> int | None:
        for pd in self.data.pages:
            if pd.file == file:
                return pd.page.number
        return None
