"""Which pages the page view shows: the document's pages one at a time or as
spreads (the front page alone, then facing pages), turning them, and the
view's accessible description of the page shown."""

from __future__ import annotations

from .i18n import tr


class PagesMixin:
    """The document, its page groups and the current page of the page view
    (mixed into PageView)."""

    def _init_pages(self) -> None:
        self.doc = None
        self._numbers: list[int] = []
        self._groups: list[list[int]] = []
        self._group = 0
        self._current = 0
        self._spread = False

    # ------------------------------------------------------------ document
    def set_document(self, doc, page: int | None = None) -> None:
        self.doc = doc
        if doc is not None:
            doc.pageReady.connect(self._page_laid_out)
        self.cache.clear()
        self._numbers = list(doc.numbers) if doc else []
        self._hits = {}
        self._current_hit = None
        self._selected = None
        self._hover = None
        self._focus = None
        self._make_groups()
        self._current = 0
        self.keep_picture_of(page if page in self._numbers else (self._numbers[0] if self._numbers else None))
        if self._numbers:
            self.set_page(page if page in self._numbers else self._numbers[0], force=True)
        else:
            self._relayout()

    def _make_groups(self) -> None:
        nums = self._numbers
        if not nums:
            self._groups = []
        elif not self._spread:
            self._groups = [[n] for n in nums]
        else:
            # the front page alone, then facing pages: even left, odd right
            self._groups = [[nums[0]]] + [nums[i:i + 2] for i in range(1, len(nums), 2)]

    # ------------------------------------------------------------ pages
    @property
    def current_page(self) -> int:
        return self._current

    def visible_pages(self) -> list[int]:
        return list(self._groups[self._group]) if self._groups else []

    @property
    def spread(self) -> bool:
        return self._spread

    def set_spread(self, on: bool) -> None:
        if on == self._spread:
            return
        self._spread = on
        self._make_groups()
        if self._numbers:
            self.set_page(self._current or self._numbers[0], force=True)

    def set_page(self, number: int, force: bool = False) -> bool:
        if number not in self._numbers:
            return False
        gi = next(i for i, g in enumerate(self._groups) if number in g)
        changed = gi != self._group or force or number != self._current
        new_group = gi != self._group or force
        self._group = gi
        self._current = number
        if new_group:
            self._hover = None
            self._focus = None
            self._relayout()
            self._show_kept_picture()
            self.setAccessibleDescription(self._page_description())
            self.horizontalScrollBar().setValue(0)
            self.verticalScrollBar().setValue(0)
        if changed:
            self.pageChanged.emit(number)
            self.viewport().update()
            self._schedule_prerender()
        return changed

    def next_page(self) -> bool:
        if self._group + 1 < len(self._groups):
            return self.set_page(self._groups[self._group + 1][0])
        return False

    def prev_page(self) -> bool:
        if self._group > 0:
            return self.set_page(self._groups[self._group - 1][0])
        return False

    def first_page(self) -> bool:
        return bool(self._numbers) and self.set_page(self._numbers[0])

    def last_page(self) -> bool:
        return bool(self._numbers) and self.set_page(self._groups[-1][0])

    def _page_description(self) -> str:
        if not self.doc or not self._current or self.doc.deferred(self._current):
            return ""  # a page shown from its kept picture: described once it is laid out
        page = self.doc.page(self._current)
        return self.doc.caption(self._current, "desc", count=len(page.articles) if page else 0)

    def _page_laid_out(self, n: int) -> None:
        # a page laid out after it was shown (from its kept picture) is described now
        if n == self._current and self._focus is None:
            self.setAccessibleDescription(self._page_description())

    def retranslate(self) -> None:
        self.setAccessibleName(tr("page.view.name"))
        if self._focus is None:
            self.setAccessibleDescription(self._page_description())
