"""An open issue for the window: its source (a viewer.issue.Issue, of any
kind), problems, and a layout built page group by page group so the first
page shows before the rest is set.

A page's layout depends only on its own descriptors and on the pages it is
tied to (an article's continuation page, a photo's article page; for a
scanned issue, an article over several pages), so a layout of such a
closed group gives the same PageLayout values as one of the whole issue;
``IssueDocument.layout()`` assembles them into the IssueLayout that
``layout_issue`` would return (a test checks that).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..issue import Issue, Reading, as_issue
from ..layout.groups import page_groups  # noqa: F401 (tests import it from here)
from ..layout.values import ArticleLayout, IssueLayout, PageLayout
from ..messages import Msg, said
from ..model.problems import Problem

# Page layouts kept in memory, counted in pages: the least recently used page
# groups (with their articles) are dropped beyond this and laid out again on
# demand, so a window's memory does not grow with the issue's page count.
# With the layout cache a dropped group is read back (a few ms a page)
# rather than set again (about 30 ms), so fewer are kept.
MAX_LAYOUT_PAGES = 32
MAX_LAYOUT_PAGES_CACHED = 16


class IssueDocument(QObject):
    """The issue that a window shows."""

    pageReady = Signal(int)  # a page's layout became available
    completed = Signal()  # every page is laid out

    def __init__(self, source: Issue, layout: IssueLayout | None = None, parent: QObject | None = None):
        super().__init__(parent)
        source = as_issue(source)
        self.source = source
        self.root = Path(source.root)
        self.numbers: list[int] = list(source.numbers)
        self.sections: dict[int, str] = {n: source.section(n) for n in self.numbers}
        self.labels: dict[int, str] = {n: source.page_label(n) for n in self.numbers}
        self.problems: list[Problem] = list(source.problems)
        self.layout_failures: list[Msg] = []
        self.fit: dict[int, list[Problem]] = {}  # page -> what the fit checks found, once it is laid out
        self._groups = source.groups()
        self._group_of = {n: g for g in self._groups for n in g}
        # group -> (its pages' layouts, its articles' layouts), least recently used first
        self._cache: OrderedDict[tuple[int, ...], tuple[dict[int, PageLayout], dict[str, ArticleLayout]]] = OrderedDict()
        self._background: set[tuple[int, ...]] = set()  # cached groups only background work has used
        self._done: set[tuple[int, ...]] = set()  # groups laid out at least once
        self._failed: set[tuple[int, ...]] = set()
        self._present: set[int] = set()  # pages that have a layout
        self._article_group: dict[str, tuple[int, ...]] = {}  # articles that have a layout
        self._later: set[int] = set()  # pages shown from a kept picture, laid out once that is on screen
        if layout is not None:
            pages = {p.number: p for p in layout.pages}
            self._check_fit(layout.pages)
            for g in self._groups:
                self._remember(g, {n: pages[n] for n in g if n in pages},
                               {k: a for k, a in layout.articles.items() if a.pages and a.pages[0] in g})
                self._done.add(g)
            # articles without a page in any group (none from layout_issue) stay reachable
            for k, a in layout.articles.items():
                if k not in self._article_group and self._cache:
                    g = next(iter(self._cache))
                    self._cache[g][1][k] = a
                    self._article_group[k] = g
            self._trim()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._background_step)

    # ---- facts known before layout
    @property
    def meta(self):
        return self.source.meta

    @property
    def page_count(self) -> int:
        return len(self.numbers)

    def page_size(self, number: int) -> tuple[float, float] | None:
        return self.source.page_size(number)

    def caption(self, number: int, form: str = "label", **values) -> str:
        """How the interface names a page: 03版 要闻, or a scanned page's
        printed number. ``form``: label, status (with index and count) or
        desc (for screen readers, with count)."""
        from .i18n import tr

        key, names = self.source.caption(number, form)
        return tr(key, **names, **values)

    def title(self) -> str:
        """The issue's title as the window shows it (its title bar, the
        status line): a paper's name and a folder's name come from files,
        so they pass through viewer.escape.printable."""
        from ..escape import printable

        if not self.source.usable:
            return printable(self.root.name)
        m = self.meta
        if m.date is None:
            return printable(m.paper)
        from .i18n import tr

        d = m.date
        return tr("issue.title", paper=printable(m.paper), year=d.year, month=d.month, day=d.day,
                  date=d.isoformat())

    # ---- layout
    @property
    def is_complete(self) -> bool:
        return len(self._done) == len(self._groups)

    def _remember(self, group: tuple[int, ...], pages: dict[int, PageLayout], articles: dict[str, ArticleLayout]) -> None:
        self._cache[group] = (pages, articles)
        self._cache.move_to_end(group)
        self._present.update(pages)
        for k in articles:
            self._article_group.setdefault(k, group)

    def _trim(self, keep: tuple[int, ...] | None = None, foreground: bool = True) -> None:
        """Drop groups beyond MAX_LAYOUT_PAGES (MAX_LAYOUT_PAGES_CACHED when the
        layout cache keeps them), never ``keep``: first those only
        background work used (oldest first), then, for a ``foreground`` need, the
        least recently used others; else ``keep`` itself goes."""
        bound = MAX_LAYOUT_PAGES_CACHED if self.source.layouts_kept else MAX_LAYOUT_PAGES
        size = sum(len(g) for g in self._cache)
        for g in [g for g in self._cache if g in self._background] + [g for g in self._cache if g not in self._background]:
            if size <= bound:
                return
            if g != keep and (foreground or g in self._background):
                del self._cache[g]
                self._background.discard(g)
                size -= len(g)
        if size > bound and keep in self._cache and len(self._cache) > 1:
            del self._cache[keep]
            self._background.discard(keep)

    def _load(self, group: tuple[int, ...], keep: bool = True):
        """The group's (pages, articles), laying it out when it is not in memory.
        ``keep``: False when the caller needs it only for a moment (background
        work): then it displaces only layouts other such work made."""
        entry = self._cache.get(group)
        if entry is not None:
            if keep:
                self._cache.move_to_end(group)
                self._background.discard(group)
            return entry
        if group in self._failed:
            return None
        first = group not in self._done
        self._done.add(group)
        try:
            result = self.source.layout(list(group))
        except Exception as exc:  # a broken page must not cost the others
            self._failed.add(group)
            msg = Msg("pages {pages} could not be laid out: {kind}: {error}", pages=", ".join(map(str, group)),
                      kind=type(exc).__name__, error=said(exc))
            self.layout_failures.append(msg)
            self.problems.append(Problem(self.source.source_file, "", msg))
            return None
        entry = ({p.number: p for p in result.pages}, dict(result.articles))
        if first:
            self._check_fit(result.pages)
        self._remember(group, *entry)
        if not keep:
            self._background.add(group)
        self._trim(keep=group, foreground=keep)
        if first:
            for n in group:
                if n in entry[0]:
                    self.pageReady.emit(n)
            if self.is_complete:
                self.completed.emit()
        return entry

    def _check_fit(self, pages) -> None:
        for p in pages:
            self.fit[p.number] = self.source.fit_problems([p])

    def _lay_out(self, group: tuple[int, ...], keep: bool = True) -> None:
        """Lay the group out if it never was (its pages then become ready)."""
        if group not in self._done:
            self._load(group, keep)

    def page(self, number: int, keep: bool = True) -> PageLayout | None:
        """The page's layout, laying out its group now when needed."""
        group = self._group_of.get(number)
        if group is None:
            return None
        entry = self._load(group, keep)
        return entry[0].get(number) if entry else None

    def lay_out_later(self, number: int) -> None:
        """Page ``number`` is on screen from the picture kept of it: its
        layout (its articles, hit areas) waits until the picture is shown
        (``deferred``), and is made by the next ``page`` call."""
        self._later.add(number)

    def deferred(self, number: int) -> bool:
        """Whether page ``number``'s layout waits (``lay_out_later``): it was
        not laid out since. Panels that list what a page holds leave it out
        meanwhile; ``pageReady`` says when it is there."""
        if number not in self._later:
            return False
        group = self._group_of.get(number)
        if group is None or group in self._done:
            self._later.discard(number)
            return False
        return True

    def cached_page(self, number: int) -> PageLayout | None:
        """The page's layout if it has been laid out (it may be laid out again
        now when it was dropped from memory); None while it never was."""
        group = self._group_of.get(number)
        if group is None or group not in self._done:
            return None
        return self.page(number)

    def layout(self) -> IssueLayout:
        """The whole issue's layout (finishing it first). Its pages and
        articles are fetched from the document as they are used, so holding
        it does not hold every page in memory; see ``assembled`` for a plain
        IssueLayout."""
        for g in self._groups:
            self._lay_out(g, keep=False)
        return DocumentLayout(self)

    def assembled(self) -> IssueLayout:
        """A plain IssueLayout of the whole issue, as ``layout_issue`` returns
        it (every page in memory while it is held: for the caller to drop)."""
        pages: dict[int, PageLayout] = {}
        articles: dict[str, ArticleLayout] = {}
        for g in self._groups:
            entry = self._load(g, keep=False)
            if entry:
                pages.update(entry[0])
                articles.update(entry[1])
        return IssueLayout(pages=tuple(pages[n] for n in sorted(pages)),
                           articles={k: articles[k] for k in self._article_order(articles)})

    def article_group_layout(self, article_id: str) -> IssueLayout | None:
        """A plain IssueLayout of just the page group that holds the article
        (all its parts: a continuation is in its group), or None."""
        home = self.source.article_home(article_id)
        group = self._group_of.get(home) if home is not None else None
        entry = self._load(group) if group else None
        if not entry:
            return None
        pages, articles = entry
        return IssueLayout(pages=tuple(pages[n] for n in sorted(pages)),
                           articles={k: articles[k] for k in self._article_order(articles)})

    def layout_steps(self):
        """Finish the layout a group at a time, yielding (pages done, pages in all)."""
        total = len(self.numbers)
        for g in self._groups:
            self._lay_out(g, keep=False)
            yield sum(len(x) for x in self._done), total

    def _article_order(self, ids) -> list[str]:
        # the order a whole-issue layout gives: the source's reading order
        seen = [a for a in self.source.article_ids() if a in ids]
        listed = set(seen)
        return seen + [k for k in ids if k not in listed]

    def article_ids(self) -> list[str]:
        """The ids of the articles laid out so far, in layout_issue's order."""
        return self._article_order(self._article_group)

    def article(self, article_id: str) -> ArticleLayout | None:
        group = self._article_group.get(article_id)
        if group is None:
            home = self.source.article_home(article_id)
            if home is None:
                return None
            group = self._group_of.get(home)
            if group is None or group in self._done:
                return None
        entry = self._load(group)
        return entry[1].get(article_id) if entry else None

    def start_background(self) -> None:
        """Lay out the remaining pages one group per event-loop turn."""
        if not self.is_complete:
            self._timer.start()

    def stop_background(self) -> None:
        self._timer.stop()

    def _background_step(self) -> None:
        for g in self._groups:
            if g not in self._done:
                self._lay_out(g, keep=False)  # visited for its problems; kept only in place of other such work
                break
        if not self.is_complete:
            self._timer.start()

    # ---- problems
    def check(self) -> list[Problem]:
        """Every problem, as ``python -m viewer validate`` lists them: the fit
        checks of the pages laid out so far follow when the descriptors are sound."""
        problems = self.source.check()
        if not any(p.severity == "error" for p in problems):
            problems += [p for n in sorted(self.fit) for p in self.fit[n]]
        self.problems = problems + [Problem(self.source.source_file, "", m) for m in self.layout_failures]
        return self.problems

    # ---- articles
    def reading(self, article_id: str) -> Reading | None:
        """The article as the reader pane shows it."""
        return self.source.reading(article_id)

    def article_home(self, article_id: str) -> int | None:
        return self.source.article_home(article_id)

    def file_page(self, file: str) -> int | None:
        return self.source.file_page(file)


class _Pages(Sequence):
    """The document's page layouts in page order, each fetched when used."""

    def __init__(self, doc: IssueDocument):
        self._doc = doc

    def _numbers(self) -> list[int]:
        return [n for n in self._doc.numbers if n in self._doc._present]

    def __len__(self) -> int:
        return len(self._numbers())

    def __getitem__(self, i):
        numbers = self._numbers()
        if isinstance(i, slice):
            return tuple(self._doc.page(n, keep=False) for n in numbers[i])
        return self._doc.page(numbers[i], keep=False)

    def __iter__(self) -> Iterator[PageLayout]:
        for n in self._numbers():
            p = self._doc.page(n, keep=False)
            if p is not None:
                yield p

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, (tuple, list, Sequence)) else NotImplemented

    __hash__ = None


class _Articles(Mapping):
    """The document's article layouts by id, in layout_issue's order, each fetched when used."""

    def __init__(self, doc: IssueDocument):
        self._doc = doc

    def __getitem__(self, key: str) -> ArticleLayout:
        a = self._doc.article(key) if key in self._doc._article_group else None
        if a is None:
            raise KeyError(key)
        return a

    def __iter__(self):
        return iter(self._doc.article_ids())

    def __len__(self) -> int:
        return len(self._doc._article_group)


class DocumentLayout(IssueLayout):
    """An IssueLayout whose pages and articles stay in the document (which
    keeps only some in memory); equal to the IssueLayout ``layout_issue`` gives."""

    def __init__(self, doc: IssueDocument):
        object.__setattr__(self, "_doc", doc)

    @property
    def pages(self) -> Sequence[PageLayout]:
        return _Pages(self._doc)

    @property
    def articles(self) -> Mapping[str, ArticleLayout]:
        return _Articles(self._doc)

    def page(self, number: int) -> PageLayout | None:
        return self._doc.page(number, keep=False) if number in self._doc._present else None

    def article(self, article_id: str) -> ArticleLayout | None:
        return self._doc.article(article_id) if article_id in self._doc._article_group else None

    def __eq__(self, other) -> bool:
        if not isinstance(other, IssueLayout):
            return NotImplemented
        return tuple(self.pages) == tuple(other.pages) and dict(self.articles) == dict(other.articles)

    __hash__ = None

    def __repr__(self) -> str:
        return f"DocumentLayout({len(self.pages)} pages)"
