"""The layout engine: a loaded issue in, frozen page layouts out.

layout_issue runs the Engine over the pages. On each page the rules come
first (they keep clear of body text, and the rest keeps clear of them),
then the furniture (furniture.py), then each article: its headline group
(headlines.py) and its body text through its frames and on to its
continuation page (flow.py). Last, each page's items become a PageLayout,
checked for fit (fit.py). The page being built is a PageBuild
(page_build.py).
"""

from __future__ import annotations

import dataclasses

from ..messages import Msg, said
from ..model.load import IssueData
from ..model.types import Advert, Article, Box, Continuation, Guide, Image, Masthead, Photo, Rule
from . import furniture
from .fit import overprints, page_fit_problems
from .flow import body_columns, flow_article, frame_slots, obstacles, usable_slots
from .headlines import set_head
from .page_build import PageBuild
from .text import FULL_WIDTH, plain
from .values import (ArticleLayout, ArticleOnPage, BoxItem, IssueLayout, LinkItem, PageLayout, Rect, Region,
                     TextLine, union)


# the kinds of block, as a message names them
_KINDS = {"masthead": Msg("masthead"), "article": Msg("article"), "continuation": Msg("continuation"),
          "photo": Msg("photo"), "guide": Msg("guide"), "rule": Msg("rule"), "box": Msg("box"), "image": Msg("image"),
          "advert": Msg("advert")}


class Engine:
    """Lays out the pages of an issue: one PageBuild a page, filled block by block."""

    def __init__(self, data: IssueData):
        self.data = data
        self.issue = data.issue
        self.builds: dict[int, PageBuild] = {pd.page.number: PageBuild(pd) for pd in data.pages}
        self.style = getattr(self.issue, "punctuation", FULL_WIDTH) if self.issue is not None else FULL_WIDTH

    def _guarded(self, pb: PageBuild, i: int, b, fn, *args):
        """``fn(*args)`` for block ``i``; a block that cannot be laid out becomes a warning."""
        pb.block = i
        try:
            return fn(*args)
        except Exception as exc:  # one bad block must not cost the page
            kind = type(b).__name__.lower()
            pb.warnings.append(Msg("page {number}: block {index} ({kind}) could not be laid out: {reason}",
                                   number=pb.pd.page.number, index=i, kind=_KINDS.get(kind, kind), reason=said(exc)))
            return None
        finally:
            pb.block = None

    def run(self) -> IssueLayout:
        conts: dict[str, tuple[PageBuild, Continuation, int]] = {}
        for pb in self.builds.values():
            for i, b in enumerate(pb.pd.page.blocks):
                if isinstance(b, Continuation):
                    conts[b.article] = (pb, b, i)
        article_lines: dict[str, list[TextLine]] = {}
        article_regions: dict[str, list[Region]] = {}
        article_pages: dict[str, list[int]] = {}
        photos_of: dict[str, list[tuple[PageBuild, Rect]]] = {}

        for pb in self.builds.values():
            pb.body = body_columns(pb, self.data)
            if pb.pd.page.number > 1:
                furniture.page_header(pb, self.issue)
            blocks = pb.pd.page.blocks
            # rules first: they keep clear of body text, and the rest keeps clear of them
            for i, b in enumerate(blocks):
                if isinstance(b, Rule):
                    self._guarded(pb, i, b, furniture.rule, pb, b)
            for i, b in enumerate(blocks):
                if isinstance(b, Masthead):
                    self._guarded(pb, i, b, furniture.masthead, pb, b, self.issue)
                elif isinstance(b, Box):
                    furniture.box(pb, b)
                elif isinstance(b, Photo):
                    r = self._guarded(pb, i, b, furniture.photo, pb, b, self.data.root, self.style)
                    if b.article and r is not None:
                        photos_of.setdefault(b.article, []).append((pb, r))
                elif isinstance(b, Image):
                    self._guarded(pb, i, b, furniture.image_block, pb, b, self.data.root)
                elif isinstance(b, Guide):
                    self._guarded(pb, i, b, furniture.guide, pb, b)
                elif isinstance(b, Advert):
                    self._guarded(pb, i, b, furniture.advert, pb, b, self.data.root)

        for pb in self.builds.values():
            for i, b in enumerate(pb.pd.page.blocks):
                if isinstance(b, Article):
                    self.article(pb, b, i, conts.get(b.id), article_lines, article_regions, article_pages)

        for aid, items in photos_of.items():
            for pb, r in items:
                article_regions.setdefault(aid, []).append(Region.of_rect(pb.pd.page.number, r))
                for entry in pb.articles:
                    if entry[0] == aid:
                        entry[2].append(r)

        pages = []
        for number in sorted(self.builds):
            pb = self.builds[number]
            arts = tuple(
                ArticleOnPage(id=aid, headline=hl, regions=tuple(Region.of_rect(number, r) for r in rects), lines=tuple(idx), continued=cont)
                for aid, hl, rects, idx, cont in sorted(pb.articles, key=lambda a: self._block_order(pb, a[0], a[4]))
            )
            over = overprints(pb.lines, pb.images)
            pb.marks.extend(o["rect"] for o in over)
            page = PageLayout(
                number=number,
                section=pb.pd.page.section,
                width_pt=pb.pd.geometry.width_pt,
                height_pt=pb.pd.geometry.height_pt,
                lines=tuple(pb.lines),
                rules=tuple(pb.rules),
                boxes=tuple(pb.boxes),
                images=tuple(pb.images),
                links=tuple(pb.links),
                articles=arts,
                overflow=tuple(pb.overflow),
                underset=tuple(pb.underset),
                warnings=tuple(pb.warnings),
                debug_marks=tuple(pb.marks),
                misfits=tuple(pb.misfits),
                overprints=tuple(over),
            )
            fit = page_fit_problems(pb.pd, page)
            if fit:
                page = dataclasses.replace(page, fit_problems=tuple(fit), warnings=page.warnings + tuple(
                    Msg("{file}: {where}: {message}", file=p.file, where=p.where, message=p.message) for p in fit))
            pages.append(page)
        articles = {
            aid: ArticleLayout(id=aid, pages=tuple(article_pages.get(aid, ())), regions=tuple(article_regions.get(aid, ())),
                               lines=tuple(lines))
            for aid, lines in article_lines.items()
        }
        return IssueLayout(pages=tuple(pages), articles=articles)

    @staticmethod
    def _block_order(pb: PageBuild, article_id: str, continued: bool) -> int:
        """Reading order on a page: the order of the article blocks in the descriptor."""
        for i, b in enumerate(pb.pd.page.blocks):
            if continued and isinstance(b, Continuation) and b.article == article_id:
                return i
            if not continued and isinstance(b, Article) and b.id == article_id:
                return i
        return len(pb.pd.page.blocks)

    def article(self, pb: PageBuild, art: Article, index: int, cont, article_lines, article_regions, article_pages) -> None:
        """An article: its headline group and its body through its frames and
        those of its continuation (``cont``), with its box, jump links and
        overflow or underset."""
        geo = pb.pd.geometry
        number = pb.pd.page.number
        text = self.data.texts.get(art.id, "")
        rects: list[Rect] = []
        pb.block = index
        head_lines, skip, head_rect = set_head(pb, art.head, art.kicker, art.headline, art.subtitle, art.frames[0], art.id)
        pb.block = None
        rects.append(head_rect)
        in_the_way = obstacles(pb)
        slots = []
        for j, f in enumerate(art.frames):
            slots += frame_slots(geo, number, f, skip if j == 0 else 0, index, j)
            rects.append(pb.frame_rect(f))
        parts = [(pb, usable_slots(pb, slots, in_the_way))]
        cont_rects: list[Rect] = []
        cont_idx: list[int] = []
        cpb = None
        last_block = (pb, index, len(art.frames) - 1)
        if cont is not None and art.continued_on == cont[0].pd.page.number:
            cpb, cb, cindex = cont
            cgeo = cpb.pd.geometry
            cpb.block = cindex
            ch_lines, cskip, ch_rect = set_head(cpb, cb.head, None, cb.headline or art.headline, None, cb.frames[0], art.id)
            cpb.block = None
            cont_idx.extend(ch_lines)
            cont_rects.append(ch_rect)
            cin_the_way = obstacles(cpb)
            cslots = []
            for j, f in enumerate(cb.frames):
                cslots += frame_slots(cgeo, cpb.pd.page.number, f, cskip if j == 0 else 0, cindex, j)
                cont_rects.append(cpb.frame_rect(f))
            parts.append((cpb, usable_slots(cpb, cslots, cin_the_way)))
            last_block = (cpb, cindex, len(cb.frames) - 1)
        res = flow_article(art, text, parts, geo.body_size_pt, geo.pitch_pt, self.style)
        own_idx = list(head_lines)
        by_page = {number: own_idx}
        if cpb is not None:
            by_page[cpb.pd.page.number] = cont_idx
        # body lines go to their pages in reading order (jump-in lines first)
        ordered = sorted(res.lines, key=lambda l: (l.page != number, 0 if l.text.startswith("（上接") else 1))
        for ln in ordered:
            target = self.builds[ln.page]
            by_page[ln.page].append(target.add(ln))
        if art.boxed:
            dy = max(geo.gutter_pt / 2, pb.clearance - pb.ink_gap)
            x0, y0, x1, y1 = union(rects)
            pb.boxes.append(BoxItem((x0 - geo.gutter_pt / 2, y0 - dy, x1 + geo.gutter_pt / 2, y1 + dy), 0.75))
        pb.articles.append((art.id, plain(art.headline), rects, own_idx, False))
        if cpb is not None:
            cpb.articles.append((art.id, plain(art.headline), cont_rects, cont_idx, True))
            for ln in res.lines:
                if ln.text.startswith("（下转") or ln.text.startswith("（上接"):
                    target = cpb.pd.page.number if ln.text.startswith("（下转") else number
                    self.builds[ln.page].links.append(LinkItem(ln.bbox, target, art.id))
        last_page, last_index, last_frame = last_block
        if res.left_over:
            last_page.overflow.append({"article": art.id, "characters_left": res.left_over, "lines_left": res.lines_left,
                                       "last_words": res.last_words, "block": last_index, "frame": last_frame})
            if res.last_slot is not None:
                s = res.last_slot
                last_page.marks.append((s.x, s.top, s.x + s.width, s.top + geo.pitch_pt))
        elif res.unused_tail > 0:
            last_page.underset.append({"article": art.id, "empty_lines": res.unused_tail, "block": last_index,
                                       "frame": last_frame})
        all_lines = [pb.lines[i] for i in own_idx] + ([cpb.lines[i] for i in cont_idx] if cpb is not None else [])
        article_lines[art.id] = all_lines
        regs = [Region.of_rect(number, r) for r in rects] + ([Region.of_rect(cpb.pd.page.number, r) for r in cont_rects] if cpb else [])
        article_regions.setdefault(art.id, []).extend(regs)
        article_pages[art.id] = [number] + ([cpb.pd.page.number] if cpb else [])


def layout_issue(data: IssueData, pages: list[int] | None = None) -> IssueLayout:
    """Lay out every valid page of a loaded issue (or only ``pages``; an
    article continued onto a page left out then reports its rest as overflow)."""
    data.raise_if_unusable()
    engine = Engine(data)
    if pages is not None:
        engine.builds = {n: b for n, b in engine.builds.items() if n in pages}
    return engine.run()
