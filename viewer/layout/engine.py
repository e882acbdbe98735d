"""The layout engine: a loaded issue in, frozen page layouts out.

Articles are measured and split through their frames in reading order, like
platypus' wrap/split: what does not fit a frame goes to the next one, and
what does not fit the page goes to the continuation block on another page,
with jump lines (下转/上接) naming the real pages. Where paragraphs fall in
the columns is chosen for the whole article at once, so that no paragraph
leaves its last line alone at a column's top or its first at a column's foot.
Rules, photos and boxes keep half a grid line of white from body text.
"""

from __future__ import annotations

import dataclasses

from ..model.geometry import mm
from ..model.load import IssueData, _inside
from ..model.types import Advert, Article, Box, Continuation, Guide, Image, Masthead, Photo, Rule
from . import images
from .fit import ink_box, overprints, page_fit_problems
from .flow import body_columns, flow_article, frame_slots, obstacles, usable_slots
from .headlines import ragged_width, set_head
from .page_build import PageBuild, rule_extent
from .setting import RunBuilder, baseline_in, place_set_line, set_simple
from .text import FULL_WIDTH, balanced_breaks, best_breaks, justify, natural_width, plain, tokenize
from .values import (ArticleLayout, ArticleOnPage, BoxItem, ImageItem, IssueLayout, LinkItem, PageLayout, Rect, Region,
                     RuleItem, TextLine)

RED = "#B0191E"
CAPTION_GAP_LINES = 0.35  # between a photo and its caption

# ------------------------------------------------------------ the engine


class Engine:
    def __init__(self, data: IssueData):
        self.data = data
        self.issue = data.issue
        self.builds: dict[int, PageBuild] = {pd.page.number: PageBuild(pd) for pd in data.pages}
        self.style = getattr(self.issue, "punctuation", FULL_WIDTH) if self.issue is not None else FULL_WIDTH

    def _guarded(self, pb: PageBuild, i: int, b, fn, *args):
        pb.block = i
        try:
            return fn(*args)
        except Exception as exc:  # one bad block must not cost the page
            pb.warnings.append(f"page {pb.pd.page.number}: block {i} ({type(b).__name__.lower()}) could not be laid out: {exc}")
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
                self.page_header(pb)
            blocks = pb.pd.page.blocks
            # rules first: they keep clear of body text, and the rest keeps clear of them
            for i, b in enumerate(blocks):
                if isinstance(b, Rule):
                    self._guarded(pb, i, b, self.rule, pb, b)
            for i, b in enumerate(blocks):
                if isinstance(b, Masthead):
                    self._guarded(pb, i, b, self.masthead, pb, b)
                elif isinstance(b, Box):
                    pb.boxes.append(BoxItem(pb.frame_rect(b.frame), b.weight_pt, b.fill))
                elif isinstance(b, Photo):
                    r = self._guarded(pb, i, b, self.photo, pb, b)
                    if b.article and r is not None:
                        photos_of.setdefault(b.article, []).append((pb, r))
                elif isinstance(b, Image):
                    self._guarded(pb, i, b, self.image_block, pb, b)
                elif isinstance(b, Guide):
                    self._guarded(pb, i, b, self.guide, pb, b)
                elif isinstance(b, Advert):
                    self._guarded(pb, i, b, self.advert, pb, b)

        for pb in self.builds.values():
            for i, b in enumerate(pb.pd.page.blocks):
                if isinstance(b, Article):
                    self.article(pb, b, i, conts.get(b.id), article_lines, article_regions, article_pages)

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
                page = dataclasses.replace(page, warnings=page.warnings + tuple(
                    f"{p.file}: {p.where}: {p.message}" for p in fit))
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

    def rule(self, pb: PageBuild, b: Rule) -> None:
        """A rule; a horizontal one moves to keep the clearance from body text
        beside it, into the middle of the white when text is on both sides
        (the first body line under it stays empty when the white is too little)."""
        x0, y0, x1, y1 = pb.pd.geometry.rule_line(b)
        if abs(y1 - y0) < 0.01:
            up, down = rule_extent(b.weight_pt, b.style)
            clear = pb.clearance
            above = pb.body_ink_above(x0, x1, y0)
            below = pb.body_ink_below(x0, x1, y0)
            y = y0
            if above is not None and below is not None:
                if below - above < 2 * clear + up + down:
                    pitch = pb.pd.geometry.pitch_pt
                    for _, _, cx, cw, top, _ in pb.body:
                        if min(x1, cx + cw) - max(x0, cx) > 1 and y0 - 0.5 <= top < y0 + pitch:
                            pb.blocked.add((round(cx), round(top)))
                    below += pitch
                y = (above + clear + up + below - clear - down) / 2
            elif above is not None:
                y = max(y0, above + clear + up)
            elif below is not None:
                y = min(y0, below - clear - down)
            y0 = y1 = y
        pb.rules.append(RuleItem((x0, y0, x1, y1), b.weight_pt, b.style))

    # ---- articles
    def article(self, pb: PageBuild, art: Article, index: int, cont, article_lines, article_regions, article_pages) -> None:
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
            x0, y0, x1, y1 = _union(rects)
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
        regs = [_region(number, r) for r in rects] + ([_region(cpb.pd.page.number, r) for r in cont_rects] if cpb else [])
        article_regions.setdefault(art.id, []).extend(regs)
        article_pages[art.id] = [number] + ([cpb.pd.page.number] if cpb else [])

    # ---- photos and images
    def photo(self, pb: PageBuild, ph: Photo) -> Rect:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        rect = pb.frame_rect(ph.frame)
        frame_x0, frame_y0, frame_x1, frame_y1 = rect
        # keep clear of body text above and below, and of rules along the edges
        x0, y0, x1, y1 = pb.clear_of_rules(pb.clear_of_body(rect), pb.clearance - pb.ink_gap)
        size = max(7.5, geo.body_size_pt - 1.5)
        pitch = geo.pitch_pt
        cap_lines: list[TextLine] = []
        n_cap = 0
        if ph.caption or ph.credit:
            tk = tokenize([(ph.caption or "", "kai")], style=self.style)
            width_em = (x1 - x0) / size
            sets = list(best_breaks(tk, [width_em])) if len(tk) else []
            credit = plain(ph.credit) if ph.credit else ""
            credit_w = natural_width(tokenize([(credit, "kai")])) * size if credit else 0
            last_free = (x1 - x0) - (natural_width(tk, *sets[-1]) * size if sets else 0)
            credit_own_line = bool(credit) and (not sets or last_free < credit_w + size)
            n_cap = len(sets) + (1 if credit_own_line else 0)
            # the caption's last line keeps its ink inside the (cleared) frame bottom
            top = y1 - n_cap * pitch
            for i, (a, b) in enumerate(sets):
                last = i == len(sets) - 1
                sl = justify(tk, a, b, width_em, last=last)
                rb = RunBuilder()
                place_set_line(rb, tk, sl, x0, baseline_in(top + i * pitch, pitch, size), size)
                cap_lines.append(rb.line(number, "caption", ph.article, block=pb.block))
                if last and credit and not credit_own_line:
                    cap_lines.append(set_simple(number, "credit", "kai", size, credit, x0, top + i * pitch, pitch,
                                                width=x1 - x0, align="right", article=ph.article, block=pb.block))
            if credit_own_line:
                cap_lines.append(set_simple(number, "credit", "kai", size, credit, x0, top + len(sets) * pitch, pitch,
                                            width=x1 - x0, align="right", article=ph.article, block=pb.block))
            if y1 < frame_y1 - 0.01 and cap_lines:
                # moved up for the text below: keep the caption's ink clear of it
                ink_bottom = max(ink_box(ln)[3] for ln in cap_lines if ln is not None)
                lift = max(0.0, ink_bottom - y1)
                if lift:
                    cap_lines = [_shifted(ln, -lift) for ln in cap_lines]
                    top -= lift
            caption_top = min((ink_box(ln)[1] for ln in cap_lines if ln is not None), default=top)
            y1 = caption_top - pitch * CAPTION_GAP_LINES
        self.place_image(pb, ph.image, (x0, y0, x1, y1), ph.fit, ph.crop, ph.id, ph.placeholder)
        for ln in cap_lines:
            pb.add(ln)
        return rect

    def place_image(self, pb: PageBuild, rel: str, rect: Rect, fit: str, crop, block_id, placeholder) -> None:
        path = _inside(self.data.root, rel)
        info = images.probe(path) if path is not None else images.ImageInfo(None, 0, 0, "the path leads outside the issue folder")
        if info.error:
            pb.warnings.append(f"page {pb.pd.page.number}: image '{rel}' cannot be used ({info.error}); a placeholder is shown")
            pb.images.append(ImageItem(rect, None, None, block_id, placeholder, info.error, block=pb.block))
            return
        if info.warning:
            pb.warnings.append(f"page {pb.pd.page.number}: image '{rel}': {info.warning}")
        src, dst = images.fit_rect(info.width, info.height, rect, fit, crop)
        pb.images.append(ImageItem(dst, str(path), src, block_id, placeholder, None, block=pb.block))

    def image_block(self, pb: PageBuild, im: Image) -> None:
        geo = pb.pd.geometry
        x0, y0, x1, y1 = pb.clear_of_body(pb.frame_rect(im.frame))
        label_h = geo.pitch_pt * 1.2 if im.label else 0
        self.place_image(pb, im.image, (x0, y0, x1, y1 - label_h), im.fit, None, im.id, im.placeholder)
        if im.label:
            pb.add(set_simple(pb.pd.page.number, "label", "sans_bold", geo.body_size_pt, plain(im.label), x0, y1 - label_h,
                              label_h, width=x1 - x0, align="center"))

    # ---- guide box 本期导读
    def guide(self, pb: PageBuild, g: Guide) -> None:
        """The entries share one left edge; each page number sits at the right
        of its entry's last line; the white is shared out evenly above, between
        and below the entries."""
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = pb.clear_of_body(pb.frame_rect(g.frame))
        pitch = geo.pitch_pt
        size = geo.body_size_pt
        pad = size * 0.6
        pb.boxes.append(BoxItem((x0, y0, x1, y1), 0.75))
        title_h = 2 * pitch
        pb.boxes.append(BoxItem((x0, y0, x1, y0 + title_h), 0, RED))
        pb.add(set_simple(number, "guide", "sans_bold", size * 1.6, plain(g.title), x0, y0, title_h, width=x1 - x0,
                          align="center", color="#FFFFFF", tracking=size * 0.4))
        inner_w = x1 - x0 - 2 * pad
        entries = []
        for e in g.entries:
            ref = f"{e.page:02d}版"
            ref_w = natural_width(tokenize([(ref, "sans_bold")]))
            tk = tokenize([(e.title, "sans")])
            lines = balanced_breaks(tk, inner_w / size, last_reserve=ref_w + 1.0)
            entries.append((e, tk, lines, ref))
        top = y0 + title_h
        total = sum(len(lines) for _, _, lines, _ in entries) * pitch
        free = y1 - top - total
        if free < 0:
            pb.misfits.append({"block": pb.block, "frame": "frame", "what": "guide",
                               "needed_pt": (round(x1 - x0, 1), round(y1 - y0 - free, 1)),
                               "available_pt": (round(x1 - x0, 1), round(y1 - y0, 1))})
        gap = max(0.0, free / (len(entries) + 1))
        top += gap
        for n, (e, tk, lines, ref) in enumerate(entries):
            e_top = top
            for i, (a, b) in enumerate(lines):
                rb = RunBuilder()
                sl = justify(tk, a, b, ragged_width(tk, a, b), last=True, trim_start=True)
                place_set_line(rb, tk, sl, x0 + pad, baseline_in(top, pitch, size), size)
                pb.add(rb.line(number, "guide"))
                if i == len(lines) - 1:
                    pb.add(set_simple(number, "guide", "sans_bold", size, ref, x0 + pad, top, pitch, width=inner_w,
                                      align="right", color=RED))
                top += pitch
            pb.links.append(LinkItem((x0, e_top, x1, top), e.page, e.article))
            if n < len(entries) - 1:
                pb.rules.append(RuleItem((x0 + pad, top + gap / 2, x1 - pad, top + gap / 2), 0.4, "dotted"))
            top += gap

    # ---- adverts
    def advert(self, pb: PageBuild, ad: Advert) -> None:
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = pb.clear_of_body(pb.frame_rect(ad.frame))
        size = geo.body_size_pt
        pb.boxes.append(BoxItem((x0, y0, x1, y1), 1.0))
        # the 广告 label, required on every advert
        lw = size * 3
        pb.boxes.append(BoxItem((x1 - lw - 4, y0 + 4, x1 - 4, y0 + 4 + size * 1.6), 0.5))
        pb.add(set_simple(number, "label", "sans", size, "广告", x1 - lw - 4, y0 + 4, size * 1.6, width=lw, align="center"))
        top = y0 + size * 3
        if ad.headline:
            headline = plain(ad.headline)
            hs = min(36.0, max(16.0, (x1 - x0) / max(4, len(headline)) * 0.7))
            pb.add(set_simple(number, "advert", "sans_bold", hs, headline, x0, top, hs * 1.6, width=x1 - x0, align="center"))
            top += hs * 2
        text_h = 0.0
        if ad.text:
            text_h = size * 2.2 * len(ad.text.split("\n"))
        if ad.image:
            self.place_image(pb, ad.image, (x0 + size, top, x1 - size, y1 - text_h - size), "contain", None, ad.id, ad.placeholder)
        if ad.text:
            ty = y1 - text_h - size * 0.5
            for part in ad.text.split("\n"):
                pb.add(set_simple(number, "advert", "sans", size * 1.3, plain(part), x0, ty, size * 2.2, width=x1 - x0,
                                  align="center"))
                ty += size * 2.2

    # ---- masthead 报头 and page header 报眉
    def masthead(self, pb: PageBuild, mh: Masthead) -> None:
        iss = self.issue
        geo = pb.pd.geometry
        number = pb.pd.page.number
        x0, y0, x1, y1 = pb.frame_rect(mh.frame)
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
        name_h = yy - y0
        if org:
            os_ = geo.body_size_pt * 1.1
            pb.add(set_simple(number, "masthead", "sans", os_, org, x0, y1 - os_ * 1.8, os_ * 1.6, width=name_area, align="left"))
            name_h += os_ * 1.8
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
        if max(total, name_h) > h + 0.5:
            pb.misfits.append({"block": pb.block, "frame": "frame", "what": "masthead",
                               "needed_pt": (round(w, 1), round(max(total, name_h), 1)),
                               "available_pt": (round(w, 1), round(h, 1))})
            pb.marks.append((x0, y0, x1, y1))
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


def _shifted(line: TextLine | None, dy: float) -> TextLine | None:
    """The line moved down by ``dy`` points."""
    if line is None:
        return None
    from array import array

    runs = []
    for r in line.runs:
        xy = array("d", r.xy)
        for i in range(1, len(xy), 2):
            xy[i] += dy
        runs.append(dataclasses.replace(r, xy=xy.tobytes()))
    x0, y0, x1, y1 = line.bbox
    return dataclasses.replace(line, runs=tuple(runs), bbox=(x0, y0 + dy, x1, y1 + dy))

def _region(page: int, r: Rect) -> Region:
    x0, y0, x1, y1 = r
    return Region(page, ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))


def _union(rects: list[Rect]) -> Rect:
    return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))


def layout_issue(data: IssueData, pages: list[int] | None = None) -> IssueLayout:
    """Lay out every valid page of a loaded issue (or only ``pages``; an
    article continued onto a page left out then reports its rest as overflow)."""
    data.raise_if_unusable()
    engine = Engine(data)
    if pages is not None:
        engine.builds = {n: b for n, b in engine.builds.items() if n in pages}
    return engine.run()
