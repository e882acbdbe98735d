"""The layout engine: a loaded issue in, frozen page layouts out.

Articles are measured and split through their frames in reading order, like
platypus' wrap/split: what does not fit a frame goes to the next one, and
what does not fit the page goes to the continuation block on another page,
with jump lines (下转/上接) naming the real pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..model.geometry import PageGeometry, mm
from ..model.load import IssueData, PageData, _inside
from ..model.types import Advert, Article, Box, Continuation, Frame, Guide, Head, Image, Masthead, Photo, Rule
from . import images
from .setting import EM_ASCENT, VERTICAL_FORMS, RunBuilder, baseline_in, place_set_line, set_simple
from .text import balanced_breaks, break_line, justify, natural_width, tokenize
from .values import (ArticleLayout, ArticleOnPage, BoxItem, ImageItem, IssueLayout, LinkItem, PageLayout, Rect, Region,
                     RuleItem, TextLine)

UNDERSET_LINES = 4  # this many empty lines at the end of a frame chain is reported
RED = "#B0191E"
INDENT_EM = 2.0


@dataclass(frozen=True)
class Slot:
    """Room for one body line."""

    page: int
    x: float
    top: float
    width: float


@dataclass
class PageBuild:
    """A page's items while it is being built."""

    pd: PageData
    lines: list[TextLine] = field(default_factory=list)
    rules: list[RuleItem] = field(default_factory=list)
    boxes: list[BoxItem] = field(default_factory=list)
    images: list[ImageItem] = field(default_factory=list)
    links: list[LinkItem] = field(default_factory=list)
    articles: list[tuple[str, str, list[Rect], list[int], bool]] = field(default_factory=list)
    overflow: list[dict] = field(default_factory=list)
    underset: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    marks: list[Rect] = field(default_factory=list)

    def add(self, line: TextLine | None) -> int | None:
        if line is None:
            return None
        self.lines.append(line)
        return len(self.lines) - 1


def dateline_gap(byline: str) -> str:
    """What separates a byline from the text after it: nothing after a
    closing bracket (本报讯（记者 张伟）12月…), an ideographic space after a
    bare dateline (本报讯 12月22日…)."""
    return "" if byline.strip().endswith(("）", ")", "】")) else "\u3000"


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; single newlines join."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        para = "".join(part.strip() for part in block.split("\n"))
        if para:
            out.append(para)
    return out


# ------------------------------------------------------------ headlines


def _part_lines(text: str, role: str, size: float, width: float):
    """Tokens and balanced line breaks of a headline part."""
    pieces = [p.strip() for p in text.split("\n") if p.strip()]
    out = []
    for piece in pieces:
        tk = tokenize([(piece, role)])
        for a, b in balanced_breaks(tk, width / size):
            out.append((tk, a, b))
    return out


def _grid_lines(size: float, pitch: float, factor: float = 1.2) -> int:
    return max(1, math.ceil(size * factor / pitch - 1e-6))


def head_parts(head: Head, kicker: str | None, headline: str, subtitle: str | None):
    """(kind, role, size, text) of a headline group, top to bottom."""
    ks = head.kicker_size_pt or max(14.0, round(head.size_pt * 0.5))
    ss = head.subtitle_size_pt or ks
    role = "sans_bold" if head.face == "sans" else "serif_bold"
    parts = []
    if kicker:
        parts.append(("kicker", "sans", ks, kicker))
    parts.append(("headline", role, head.size_pt, headline))
    if subtitle:
        parts.append(("subtitle", "sans", ss, subtitle))
    return parts


def head_bands(parts, width: float, pitch: float):
    """Each part of a headline group broken into lines for ``width``:
    (kind, role, size, band height in points, [(tokens, start, end), ...])."""
    return [(kind, role, size, _grid_lines(size, pitch, 1.15 if kind == "headline" else 1.3) * pitch,
             _part_lines(text, role, size, width))
            for kind, role, size, text in parts]


def bands_height(bands) -> float:
    return sum(band * len(lines) for _, _, _, band, lines in bands)


def set_head_horizontal(pb: PageBuild, bands, rect: Rect, align: str, article: str | None) -> list[int]:
    pitch = pb.pd.geometry.pitch_pt
    x0, y0, x1, y1 = rect
    width = x1 - x0
    top = y0 + max(0.0, (y1 - y0 - bands_height(bands)) / 2)
    top = y0 + round((top - y0) / pitch) * pitch  # stay on the grid
    idx = []
    for kind, role, size, band, lines in bands:
        for tk, a, b in lines:
            nat = natural_width(tk, a, b) * size
            if align == "left":
                sx = x0
            elif align == "right":
                sx = x1 - nat
            else:
                sx = x0 + (width - nat) / 2
            sl = justify(tk, a, b, natural_width(tk, a, b), last=True)
            rb = RunBuilder()
            place_set_line(rb, tk, sl, sx, baseline_in(top, band, size), size)
            i = pb.add(rb.line(pb.pd.page.number, kind, article))
            if i is not None:
                idx.append(i)
            top += band
    return idx


def set_head_vertical(pb: PageBuild, parts, rect: Rect, article: str | None) -> list[int]:
    """竖排: upright glyphs top to bottom, columns right to left; the kicker to
    the right of the headline, the subtitle to its left."""
    x0, y0, x1, y1 = rect
    height = y1 - y0
    columns = []  # (kind, role, size, text)
    for kind, role, size, text in parts:
        per_col = max(1, int(height // size))
        for piece in [p.strip() for p in text.split("\n") if p.strip()]:
            # as many columns as needed, balanced
            n_cols = max(1, math.ceil(len(piece) / per_col))
            per = math.ceil(len(piece) / n_cols)
            for c in range(n_cols):
                columns.append((kind, role, size, piece[c * per:(c + 1) * per]))
    idx = []
    x = x1
    for kind, role, size, text in columns:
        col_w = size * 1.3
        cx = x - col_w / 2
        y = y0 + size * 0.25  # every column starts at the top, as vertical headlines hang
        rb = RunBuilder()
        for ch in text:
            vch = VERTICAL_FORMS.get(ch, ch)
            _, adv = rb.m.glyph(role, vch)
            rb.add(role, size, vch, cx - adv * size / 2, y + EM_ASCENT * size)
            y += size
        i = pb.add(rb.line(pb.pd.page.number, kind, article, vertical=True, text=text))
        if i is not None:
            idx.append(i)
        x -= col_w + (size * 0.2)
    return idx



# ------------------------------------------------------------ body text


def frame_slots(geo: PageGeometry, page: int, frame: Frame, skip_lines: int = 0) -> list[Slot]:
    x0, y0, x1, y1 = geo.frame_rect(frame)
    n_lines = int(round((y1 - y0) / geo.pitch_pt))
    if frame.on_grid:
        cols = frame.columns or frame.span
        if cols == frame.span:
            xs = [(geo.col_x(frame.col + c), geo.column_width_pt) for c in range(frame.span)]
        else:
            w = (x1 - x0 - (cols - 1) * geo.gutter_pt) / cols
            xs = [(x0 + c * (w + geo.gutter_pt), w) for c in range(cols)]
    else:
        cols = frame.columns or 1
        w = (x1 - x0 - (cols - 1) * geo.gutter_pt) / cols
        xs = [(x0 + c * (w + geo.gutter_pt), w) for c in range(cols)]
    slots = []
    for cx, cw in xs:
        for ln in range(skip_lines, n_lines):
            slots.append(Slot(page, cx, y0 + ln * geo.pitch_pt, cw))
    return slots


@dataclass
class FlowResult:
    lines: list[TextLine]
    unused_tail: int  # empty slots at the end of the last part
    left_over: int  # characters that did not fit
    last_slot: Slot | None


def flow_article(article: Article, text: str, parts: list[tuple[PageBuild, list[Slot]]], body_size: float,
                 pitch: float) -> FlowResult:
    """Set the body through the slots of each part; jump lines between parts."""
    paras = paragraphs(text)
    pages = [pb.pd.page.number for pb, _ in parts]
    # reserve jump lines: last slot of every part but the last, first slot of every part but the first
    queues: list[list[Slot]] = []
    jump_out: list[Slot | None] = []
    jump_in: list[Slot | None] = []
    for i, (pb, slots) in enumerate(parts):
        s = list(slots)
        jin = s.pop(0) if i > 0 and s else None
        jout = s.pop() if i < len(parts) - 1 and s else None
        queues.append(s)
        jump_in.append(jin)
        jump_out.append(jout)

    out: list[TextLine] = []
    part = 0
    pos = 0
    left_over = 0

    def next_slot() -> Slot | None:
        nonlocal part, pos
        while part < len(queues):
            if pos < len(queues[part]):
                s = queues[part][pos]
                pos += 1
                return s
            part += 1
            pos = 0
        return None

    last_slot = None
    for i, p in enumerate(paras):
        segs = []
        if i == 0 and article.byline:
            segs.append((article.byline.strip(), "serif_bold"))
            gap = dateline_gap(article.byline)
            if gap:
                segs.append((gap, "serif"))
        segs.append((p, "serif"))
        tk = tokenize(segs)
        start = 0
        first = True
        while start < len(tk):
            slot = next_slot()
            if slot is None:
                left_over += sum(len(t) for t in tk.text[start:])
                break
            indent = INDENT_EM * body_size if first else 0.0
            width_em = (slot.width - indent) / body_size
            end = break_line(tk, start, width_em)
            sl = justify(tk, start, end, width_em, last=end >= len(tk))
            rb = RunBuilder()
            place_set_line(rb, tk, sl, slot.x + indent, baseline_in(slot.top, pitch, body_size), body_size)
            ln = rb.line(slot.page, "body", article.id)
            if ln is not None:
                out.append(ln)
            last_slot = slot
            start = end
            first = False
    if article.signoff:
        slot = next_slot()
        if slot is None:
            left_over += len(article.signoff)
        else:
            ln = set_simple(slot.page, "signoff", "serif", body_size, article.signoff, slot.x, slot.top, pitch,
                            width=slot.width, align="right", article=article.id)
            out.append(ln)
            last_slot = slot
    # jump lines
    for i in range(len(parts)):
        if jump_out[i] is not None:
            s = jump_out[i]
            ln = set_simple(s.page, "jump", "sans_bold", body_size, f"（下转第{pages[i + 1]}版）", s.x, s.top, pitch,
                            width=s.width, align="right", article=article.id)
            out.append(ln)
        if jump_in[i] is not None:
            s = jump_in[i]
            ln = set_simple(s.page, "jump", "sans_bold", body_size, f"（上接第{pages[i - 1]}版）", s.x, s.top, pitch,
                            width=s.width, align="left", article=article.id)
            out.append(ln)
    unused = 0
    if left_over == 0:
        if part < len(queues):
            unused = len(queues[part]) - pos + sum(len(q) for q in queues[part + 1:])
    return FlowResult(out, unused, left_over, last_slot)


# ------------------------------------------------------------ the engine


class Engine:
    def __init__(self, data: IssueData):
        self.data = data
        self.issue = data.issue
        self.builds: dict[int, PageBuild] = {pd.page.number: PageBuild(pd) for pd in data.pages}

    # ---- helpers
    def rect(self, pb: PageBuild, frame: Frame) -> Rect:
        return pb.pd.geometry.frame_rect(frame)

    def run(self) -> IssueLayout:
        conts: dict[str, tuple[PageBuild, Continuation]] = {}
        for pb in self.builds.values():
            for b in pb.pd.page.blocks:
                if isinstance(b, Continuation):
                    conts[b.article] = (pb, b)
        article_lines: dict[str, list[TextLine]] = {}
        article_regions: dict[str, list[Region]] = {}
        article_pages: dict[str, list[int]] = {}
        photos_of: dict[str, list[tuple[PageBuild, Rect]]] = {}

        for pb in self.builds.values():
            if pb.pd.page.number > 1:
                self.page_header(pb)
            for i, b in enumerate(pb.pd.page.blocks):
                try:
                    if isinstance(b, Masthead):
                        self.masthead(pb, b)
                    elif isinstance(b, Rule):
                        x0, y0, x1, y1 = pb.pd.geometry.rule_line(b)
                        pb.rules.append(RuleItem((x0, y0, x1, y1), b.weight_pt, b.style))
                    elif isinstance(b, Box):
                        pb.boxes.append(BoxItem(self.rect(pb, b.frame), b.weight_pt, b.fill))
                    elif isinstance(b, Photo):
                        r = self.photo(pb, b)
                        if b.article:
                            photos_of.setdefault(b.article, []).append((pb, r))
                    elif isinstance(b, Image):
                        self.image_block(pb, b)
                    elif isinstance(b, Guide):
                        self.guide(pb, b)
                    elif isinstance(b, Advert):
                        self.advert(pb, b)
                except Exception as exc:  # one bad block must not cost the page
                    pb.warnings.append(f"page {pb.pd.page.number}: block {i} ({type(b).__name__.lower()}) could not be laid out: {exc}")

        for pb in self.builds.values():
            for b in pb.pd.page.blocks:
                if isinstance(b, Article):
                    self.article(pb, b, conts.get(b.id), article_lines, article_regions, article_pages)

        for aid, items in photos_of.items():
            for pb, r in items:
                article_regions.setdefault(aid, []).append(_region(pb.pd.page.number, r))
                for entry in pb.articles:
                    if entry[0] == aid:
                        entry[2].append(r)

        pages = []
        for number in sorted(self.builds):
            pb = self.builds[number]
            arts = tuple(
                ArticleOnPage(id=aid, headline=hl, regions=tuple(_region(number, r) for r in rects), lines=tuple(idx), continued=cont)
                for aid, hl, rects, idx, cont in sorted(pb.articles, key=lambda a: self._block_order(pb, a[0], a[4]))
            )
            pages.append(PageLayout(
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
            ))
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

    # ---- articles
    def article(self, pb: PageBuild, art: Article, cont, article_lines, article_regions, article_pages) -> None:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        text = self.data.texts.get(art.id, "")
        rects: list[Rect] = []
        head_lines, skip, head_rect = self.head(pb, art.head, art.kicker, art.headline, art.subtitle, art.frames[0], art.id)
        rects.append(head_rect)
        slots = []
        for j, f in enumerate(art.frames):
            slots += frame_slots(geo, number, f, skip if j == 0 else 0)
            rects.append(self.rect(pb, f))
        parts = [(pb, slots)]
        cont_rects: list[Rect] = []
        cont_idx: list[int] = []
        cpb = None
        if cont is not None and art.continued_on == cont[0].pd.page.number:
            cpb, cb = cont
            cgeo = cpb.pd.geometry
            ch_lines, cskip, ch_rect = self.head(cpb, cb.head, None, cb.headline or art.headline, None, cb.frames[0], art.id)
            cont_idx.extend(ch_lines)
            cont_rects.append(ch_rect)
            cslots = []
            for j, f in enumerate(cb.frames):
                cslots += frame_slots(cgeo, cpb.pd.page.number, f, cskip if j == 0 else 0)
                cont_rects.append(self.rect(cpb, f))
            parts.append((cpb, cslots))
        res = flow_article(art, text, parts, geo.body_size_pt, geo.pitch_pt)
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
            pb.boxes.append(BoxItem(_inflate(_union(rects), geo.gutter_pt / 2), 0.75))
        pb.articles.append((art.id, art.headline, rects, own_idx, False))
        if cpb is not None:
            cpb.articles.append((art.id, art.headline, cont_rects, cont_idx, True))
            for ln in res.lines:
                if ln.text.startswith("（下转") or ln.text.startswith("（上接"):
                    target = cpb.pd.page.number if ln.text.startswith("（下转") else number
                    self.builds[ln.page].links.append(LinkItem(ln.bbox, target, art.id))
        last_page = cpb if cpb is not None else pb
        if res.left_over:
            last_page.overflow.append({"article": art.id, "characters_left": res.left_over})
            if res.last_slot is not None:
                s = res.last_slot
                last_page.marks.append((s.x, s.top, s.x + s.width, s.top + geo.pitch_pt))
        elif res.unused_tail >= UNDERSET_LINES:
            last_page.underset.append({"article": art.id, "empty_lines": res.unused_tail})
        all_lines = [pb.lines[i] for i in own_idx] + ([cpb.lines[i] for i in cont_idx] if cpb is not None else [])
        article_lines[art.id] = all_lines
        regs = [_region(number, r) for r in rects] + ([_region(cpb.pd.page.number, r) for r in cont_rects] if cpb else [])
        article_regions.setdefault(art.id, []).extend(regs)
        article_pages[art.id] = [number] + ([cpb.pd.page.number] if cpb else [])

    def head(self, pb: PageBuild, head: Head, kicker, headline, subtitle, first: Frame, article_id) -> tuple[list[int], int, Rect]:
        """Set a headline group; returns its line indexes, the grid lines it
        takes from the first body frame (when it has no frame of its own) and its area."""
        geo = pb.pd.geometry
        parts = head_parts(head, kicker, headline, subtitle)
        if head.frame is not None:
            rect = self.rect(pb, head.frame)
            skip = 0
        else:
            fr = self.rect(pb, first)
            skip = round(bands_height(head_bands(parts, fr[2] - fr[0], geo.pitch_pt)) / geo.pitch_pt) + 1
            rect = (fr[0], fr[1], fr[2], fr[1] + skip * geo.pitch_pt)
        if head.direction == "vertical":
            idx = set_head_vertical(pb, parts, rect, article_id)
        else:
            bands = head_bands(parts, rect[2] - rect[0], geo.pitch_pt)
            idx = set_head_horizontal(pb, bands, rect, head.align, article_id)
        return idx, skip, rect

    # ---- photos and images
    def photo(self, pb: PageBuild, ph: Photo) -> Rect:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        rect = self.rect(pb, ph.frame)
        x0, y0, x1, y1 = rect
        size = max(7.5, geo.body_size_pt - 1.5)
        pitch = geo.pitch_pt
        cap_lines: list[TextLine] = []
        n_cap = 0
        if ph.caption or ph.credit:
            tk = tokenize([(ph.caption or "", "kai")])
            width_em = (x1 - x0) / size
            sets = []
            start = 0
            while start < len(tk):
                end = break_line(tk, start, width_em)
                sets.append((start, end))
                start = end
            credit_w = natural_width(tokenize([(ph.credit, "kai")])) * size if ph.credit else 0
            last_free = (x1 - x0) - (natural_width(tk, *sets[-1]) * size if sets else 0)
            credit_own_line = bool(ph.credit) and (not sets or last_free < credit_w + size)
            n_cap = len(sets) + (1 if credit_own_line else 0)
            top = y1 - n_cap * pitch
            for i, (a, b) in enumerate(sets):
                last = i == len(sets) - 1
                sl = justify(tk, a, b, width_em, last=last)
                rb = RunBuilder()
                place_set_line(rb, tk, sl, x0, baseline_in(top + i * pitch, pitch, size), size)
                if last and ph.credit and not credit_own_line:
                    line = rb.line(number, "caption", ph.article)
                    cap_lines.append(line)
                    cap_lines.append(set_simple(number, "credit", "kai", size, ph.credit, x0, top + i * pitch, pitch,
                                                width=x1 - x0, align="right", article=ph.article))
                else:
                    cap_lines.append(rb.line(number, "caption", ph.article))
            if credit_own_line:
                cap_lines.append(set_simple(number, "credit", "kai", size, ph.credit, x0, top + len(sets) * pitch, pitch,
                                            width=x1 - x0, align="right", article=ph.article))
        img_rect = (x0, y0, x1, y1 - n_cap * pitch - (pitch * 0.35 if n_cap else 0))
        self.place_image(pb, ph.image, img_rect, ph.fit, ph.crop, ph.id, ph.placeholder)
        for ln in cap_lines:
            pb.add(ln)
        return rect

    def place_image(self, pb: PageBuild, rel: str, rect: Rect, fit: str, crop, block_id, placeholder) -> None:
        path = _inside(self.data.root, rel)
        info = images.probe(path) if path is not None else images.ImageInfo(None, 0, 0, "the path leads outside the issue folder")
        if info.error:
            pb.warnings.append(f"page {pb.pd.page.number}: image '{rel}' cannot be used ({info.error}); a placeholder is shown")
            pb.images.append(ImageItem(rect, None, None, block_id, placeholder, info.error))
            return
        if info.warning:
            pb.warnings.append(f"page {pb.pd.page.number}: image '{rel}': {info.warning}")
        src, dst = images.fit_rect(info.width, info.height, rect, fit, crop)
        pb.images.append(ImageItem(dst, str(path), src, block_id, placeholder, None))

    def image_block(self, pb: PageBuild, im: Image) -> None:
        geo = pb.pd.geometry
        x0, y0, x1, y1 = self.rect(pb, im.frame)
        label_h = geo.pitch_pt * 1.2 if im.label else 0
        self.place_image(pb, im.image, (x0, y0, x1, y1 - label_h), im.fit, None, im.id, im.placeholder)
        if im.label:
            pb.add(set_simple(pb.pd.page.number, "label", "sans_bold", geo.body_size_pt, im.label, x0, y1 - label_h,
                              label_h, width=x1 - x0, align="center"))

    # ---- guide box 本期导读
    def guide(self, pb: PageBuild, g: Guide) -> None:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = self.rect(pb, g.frame)
        pitch = geo.pitch_pt
        size = geo.body_size_pt
        pad = size * 0.6
        pb.boxes.append(BoxItem((x0, y0, x1, y1), 0.75))
        title_h = 2 * pitch
        pb.boxes.append(BoxItem((x0, y0, x1, y0 + title_h), 0, RED))
        pb.add(set_simple(number, "guide", "sans_bold", size * 1.6, g.title, x0, y0, title_h, width=x1 - x0,
                          align="center", color="#FFFFFF", tracking=size * 0.4))
        top = y0 + title_h + pitch * 0.5
        inner_w = x1 - x0 - 2 * pad
        avail = (y1 - top) - pitch * 0.5
        # spread the entries over the box
        entries = []
        for e in g.entries:
            ref = f"{e.page:02d}版"
            ref_w = natural_width(tokenize([(ref, "sans_bold")])) * size
            tk = tokenize([(e.title, "sans")])
            lines = []
            start = 0
            while start < len(tk):
                wd = inner_w / size - (0 if lines else 0)
                end = break_line(tk, start, wd)
                lines.append((start, end))
                start = end
            last_w = natural_width(tk, *lines[-1]) * size
            extra = 1 if last_w + ref_w + size > inner_w else 0
            entries.append((e, tk, lines, ref, extra))
        total = sum(len(l) + ex for _, _, l, _, ex in entries)
        gap = max(0.0, (avail - total * pitch) / max(1, len(entries)))
        for e, tk, lines, ref, extra in entries:
            e_top = top
            for i, (a, b) in enumerate(lines):
                rb = RunBuilder()
                sl = justify(tk, a, b, natural_width(tk, a, b), last=True)
                place_set_line(rb, tk, sl, x0 + pad, baseline_in(top, pitch, size), size)
                pb.add(rb.line(number, "guide"))
                if i < len(lines) - 1 or extra == 0:
                    top += pitch if i < len(lines) - 1 else 0
            if extra:
                top += pitch
            pb.add(set_simple(number, "guide", "sans_bold", size, ref, x0 + pad, top, pitch, width=inner_w,
                              align="right", color=RED))
            top += pitch
            pb.links.append(LinkItem((x0, e_top, x1, top), e.page, e.article))
            top += gap
            if top < y1 - pitch:
                pb.rules.append(RuleItem((x0 + pad, top - gap / 2, x1 - pad, top - gap / 2), 0.4, "dotted"))

    # ---- adverts
    def advert(self, pb: PageBuild, ad: Advert) -> None:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = self.rect(pb, ad.frame)
        size = geo.body_size_pt
        pb.boxes.append(BoxItem((x0, y0, x1, y1), 1.0))
        # the 广告 label, required on every advert
        lw = size * 3
        pb.boxes.append(BoxItem((x1 - lw - 4, y0 + 4, x1 - 4, y0 + 4 + size * 1.6), 0.5))
        pb.add(set_simple(number, "label", "sans", size, "广告", x1 - lw - 4, y0 + 4, size * 1.6, width=lw, align="center"))
        top = y0 + size * 3
        if ad.headline:
            hs = min(36.0, max(16.0, (x1 - x0) / max(4, len(ad.headline)) * 0.7))
            pb.add(set_simple(number, "advert", "sans_bold", hs, ad.headline, x0, top, hs * 1.6, width=x1 - x0, align="center"))
            top += hs * 2
        text_h = 0.0
        if ad.text:
            text_h = size * 2.2 * len(ad.text.split("\n"))
        if ad.image:
            self.place_image(pb, ad.image, (x0 + size, top, x1 - size, y1 - text_h - size), "contain", None, ad.id, ad.placeholder)
        if ad.text:
            ty = y1 - text_h - size * 0.5
            for part in ad.text.split("\n"):
                pb.add(set_simple(number, "advert", "sans", size * 1.3, part, x0, ty, size * 2.2, width=x1 - x0, align="center"))
                ty += size * 2.2

    # ---- masthead 报头 and page header 报眉
    def masthead(self, pb: PageBuild, mh: Masthead) -> None:
        iss = self.issue
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = self.rect(pb, mh.frame)
        w, h = x1 - x0, y1 - y0
        info_w = min(w * 0.3, 3 * (geo.column_width_pt + geo.gutter_pt))
        name_area = w - info_w - geo.gutter_pt * 2
        n = len(iss.paper)
        size = min(h * 0.5, name_area / (n * 1.08))
        track = size * 0.08
        name_top = y0 + h * 0.06
        pb.add(set_simple(number, "masthead", "serif_bold", size, iss.paper, x0, name_top, size * 1.1, width=name_area,
                          align="left", color=RED, tracking=track))
        yy = name_top + size * 1.15
        if iss.paper_en:
            es = max(9.0, size * 0.2)
            pb.add(set_simple(number, "masthead", "serif_bold", es, iss.paper_en, x0, yy, es * 1.4, width=name_area,
                              align="left", color=RED, tracking=es * 0.18))
            yy += es * 1.5
        org = " ".join(t for t in ((f"{iss.supervisor}主管" if iss.supervisor else ""), (f"{iss.publisher}主办" if iss.publisher else "")) if t)
        if org:
            os_ = geo.body_size_pt * 1.1
            pb.add(set_simple(number, "masthead", "sans", os_, org, x0, y1 - os_ * 1.8, os_ * 1.6, width=name_area, align="left"))
        # the information panel
        ix0 = x1 - info_w
        pb.rules.append(RuleItem((ix0 - geo.gutter_pt, y0 + h * 0.08, ix0 - geo.gutter_pt, y1 - h * 0.08), 0.75))
        d = iss.date
        rows = [
            ("sans_bold", 1.5, f"{d.year}年{d.month}月{d.day}日"),
            ("sans_bold", 1.5, iss.weekday_text),
        ]
        num = f"第{iss.issue_number}期"
        if iss.serial_number:
            num += f"（总第{iss.serial_number}期）"
        rows.append(("sans", 1.15, num))
        rows.append(("sans_bold", 1.15, f"今日{iss.page_count}版"))
        if iss.cn_number:
            rows.append(("sans", 1.0, "国内统一连续出版物号"))
            rows.append(("sans", 1.0, iss.cn_number))
        if iss.postal_code:
            rows.append(("sans", 1.0, f"邮发代号 {iss.postal_code}"))
        base = geo.body_size_pt
        total = sum(base * f * 1.55 for _, f, _ in rows)
        ty = y0 + max(0.0, (h - total) / 2)
        for role, f, text in rows:
            s = base * f
            pb.add(set_simple(number, "masthead", role, s, text, ix0, ty, s * 1.55, width=info_w, align="left"))
            ty += s * 1.55

    def page_header(self, pb: PageBuild) -> None:
        iss = self.issue
        geo = pb.pd.geometry
        page = pb.pd.page
        number = page.number
        left, right = geo.left_pt, geo.left_pt + geo.type_width_pt
        base = geo.top_pt - mm(4)
        band_top = geo.top_pt - mm(16)
        band_h = mm(11)
        pb.rules.append(RuleItem((left, base, right, base), 2.0, "thick-thin", RED))
        even = number % 2 == 0
        num_text = f"{number:02d}"
        ns = band_h * 0.9
        nw = natural_width(tokenize([(num_text, "sans_bold")])) * ns + ns * 0.6
        box_x = left if even else right - nw
        pb.boxes.append(BoxItem((box_x, band_top, box_x + nw, band_top + band_h), 0, RED))
        pb.add(set_simple(number, "header", "sans_bold", ns, num_text, box_x, band_top, band_h, width=nw, align="center",
                          color="#FFFFFF"))
        ss = band_h * 0.62
        sec_w = natural_width(tokenize([(page.section, "sans_bold")])) * ss * 1.0 + ss * 0.25 * len(page.section)
        sec_x = box_x + nw + ss * 0.6 if even else box_x - ss * 0.6 - sec_w
        pb.add(set_simple(number, "header", "sans_bold", ss, page.section, sec_x, band_top, band_h, width=sec_w,
                          align="left", tracking=ss * 0.25))
        d = iss.date
        date_text = f"{d.year}年{d.month}月{d.day}日  {iss.weekday_text}"
        small = 9.0
        ed = page.editors
        ed_text = "  ".join(t for t in ((f"责任编辑 {ed.responsible}" if ed and ed.responsible else ""),
                                         (f"美编 {ed.art}" if ed and ed.art else ""),
                                         (f"校对 {ed.proof}" if ed and ed.proof else "")) if t)
        # the paper's name and date on the outer side
        info_x0 = left + nw + sec_w + ss * 2 if even else left
        info_x1 = right if even else right - nw - sec_w - ss * 2
        pb.add(set_simple(number, "header", "serif_bold", 12.0, iss.paper, info_x0, band_top, band_h * 0.55,
                          width=info_x1 - info_x0, align="right" if even else "left", color=RED))
        sub = date_text + (f"    {ed_text}" if ed_text else "")
        pb.add(set_simple(number, "header", "sans", small, sub, info_x0, band_top + band_h * 0.55, band_h * 0.45,
                          width=info_x1 - info_x0, align="right" if even else "left"))


def _region(page: int, r: Rect) -> Region:
    x0, y0, x1, y1 = r
    return Region(page, ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))


def _union(rects: list[Rect]) -> Rect:
    return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))


def _inflate(r: Rect, d: float) -> Rect:
    return (r[0] - d, r[1] - d, r[2] + d, r[3] + d)


def layout_issue(data: IssueData, pages: list[int] | None = None) -> IssueLayout:
    """Lay out every valid page of a loaded issue (or only ``pages``; an
    article continued onto a page left out then reports its rest as overflow)."""
    data.raise_if_unusable()
    engine = Engine(data)
    if pages is not None:
        engine.builds = {n: b for n, b in engine.builds.items() if n in pages}
    return engine.run()
