"""Page furniture: what a page holds besides its articles' headlines and
body text. The masthead 报头 on the front page and the page header 报眉 over
every other page, the guide box 本期导读, adverts with their 广告 label,
rules, boxes, photos with their captions and credits, and images. Each is
set from its block into the page being built, keeping clear of body text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..messages import Msg
from ..model.geometry import mm
from ..model.load import _inside
from ..model.types import Advert, Box, Guide, Image, Issue, Masthead, Photo, Rule
from . import images
from .fit import ink_box
from .headlines import ragged_width
from .page_build import PageBuild, rule_extent
from .setting import RunBuilder, baseline_in, place_set_line, set_simple
from .text import balanced_breaks, best_breaks, justify, natural_width, plain, tokenize
from .values import BoxItem, ImageItem, LinkItem, Rect, RuleItem, TextLine

RED = "#B0191E"
CAPTION_GAP_LINES = 0.35  # between a photo and its caption


# ------------------------------------------------------------ rules and boxes


def rule(pb: PageBuild, b: Rule) -> None:
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


def box(pb: PageBuild, b: Box) -> None:
    """A box drawn round its frame."""
    pb.boxes.append(BoxItem(pb.frame_rect(b.frame), b.weight_pt, b.fill))


# ------------------------------------------------------------ photos and images


def photo(pb: PageBuild, ph: Photo, root: Path, style: str) -> Rect:
    """A photo with its caption and credit under it, clear of body text and
    rules; returns its frame (a region of its article, if it has one)."""
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
        tk = tokenize([(ph.caption or "", "kai")], style=style)
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
    place_image(pb, root, ph.image, (x0, y0, x1, y1), ph.fit, ph.crop, ph.id, ph.placeholder)
    for ln in cap_lines:
        pb.add(ln)
    return rect


def place_image(pb: PageBuild, root: Path, rel: str, rect: Rect, fit: str, crop, block_id, placeholder) -> None:
    """The picture at ``rel`` (inside the issue folder ``root``) fitted to
    ``rect``, or a placeholder with a warning when it cannot be used."""
    path = _inside(root, rel)
    info = images.probe(path) if path is not None else images.ImageInfo(
        None, 0, 0, Msg("the path leads outside the issue folder"))
    if info.error:
        pb.warnings.append(Msg("page {number}: image '{file}' cannot be used ({reason}); a placeholder is shown",
                               number=pb.pd.page.number, file=rel, reason=info.error))
        pb.images.append(ImageItem(rect, None, None, block_id, placeholder, info.error, block=pb.block))
        return
    if info.warning:
        pb.warnings.append(Msg("page {number}: image '{file}': {note}", number=pb.pd.page.number, file=rel,
                               note=info.warning))
    src, dst = images.fit_rect(info.width, info.height, rect, fit, crop)
    pb.images.append(ImageItem(dst, str(path), src, block_id, placeholder, None, block=pb.block))


def image_block(pb: PageBuild, im: Image, root: Path) -> None:
    """An image block, with its label under it."""
    geo = pb.pd.geometry
    x0, y0, x1, y1 = pb.clear_of_body(pb.frame_rect(im.frame))
    label_h = geo.pitch_pt * 1.2 if im.label else 0
    place_image(pb, root, im.image, (x0, y0, x1, y1 - label_h), im.fit, None, im.id, im.placeholder)
    if im.label:
        pb.add(set_simple(pb.pd.page.number, "label", "sans_bold", geo.body_size_pt, plain(im.label), x0, y1 - label_h,
                          label_h, width=x1 - x0, align="center"))


# ------------------------------------------------------------ guide box 本期导读


def guide(pb: PageBuild, g: Guide) -> None:
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


# ------------------------------------------------------------ adverts


def advert(pb: PageBuild, ad: Advert, root: Path) -> None:
    """An advert in a ruled box, with its 广告 label, headline, picture and text."""
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
        place_image(pb, root, ad.image, (x0 + size, top, x1 - size, y1 - text_h - size), "contain", None, ad.id, ad.placeholder)
    if ad.text:
        ty = y1 - text_h - size * 0.5
        for part in ad.text.split("\n"):
            pb.add(set_simple(number, "advert", "sans", size * 1.3, plain(part), x0, ty, size * 2.2, width=x1 - x0,
                              align="center"))
            ty += size * 2.2


# ------------------------------------------------------------ masthead 报头 and page header 报眉


def masthead(pb: PageBuild, mh: Masthead, issue: Issue) -> None:
    """The paper's name on the left, the information panel (date, issue
    numbers, pages) on the right."""
    geo = pb.pd.geometry
    number = pb.pd.page.number
    x0, y0, x1, y1 = pb.frame_rect(mh.frame)
    w, h = x1 - x0, y1 - y0
    info_w = min(w * 0.3, 3 * (geo.column_width_pt + geo.gutter_pt))
    name_area = w - info_w - geo.gutter_pt * 2
    n = len(issue.paper)
    size = min(h * 0.5, name_area / (n * 1.08))
    track = size * 0.08
    name_top = y0 + h * 0.06
    pb.add(set_simple(number, "masthead", "serif_bold", size, issue.paper, x0, name_top, size * 1.1, width=name_area,
                      align="left", color=RED, tracking=track))
    yy = name_top + size * 1.15
    if issue.paper_en:
        es = max(9.0, size * 0.2)
        pb.add(set_simple(number, "masthead", "serif_bold", es, issue.paper_en, x0, yy, es * 1.4, width=name_area,
                          align="left", color=RED, tracking=es * 0.18))
        yy += es * 1.5
    org = " ".join(t for t in ((f"{issue.supervisor}主管" if issue.supervisor else ""),
                               (f"{issue.publisher}主办" if issue.publisher else "")) if t)
    name_h = yy - y0
    if org:
        os_ = geo.body_size_pt * 1.1
        pb.add(set_simple(number, "masthead", "sans", os_, org, x0, y1 - os_ * 1.8, os_ * 1.6, width=name_area, align="left"))
        name_h += os_ * 1.8
    # the information panel
    ix0 = x1 - info_w
    pb.rules.append(RuleItem((ix0 - geo.gutter_pt, y0 + h * 0.08, ix0 - geo.gutter_pt, y1 - h * 0.08), 0.75))
    d = issue.date
    rows = [
        ("sans_bold", 1.5, f"{d.year}年{d.month}月{d.day}日"),
        ("sans_bold", 1.5, issue.weekday_text),
    ]
    num = f"第{issue.issue_number}期"
    if issue.serial_number:
        num += f"（总第{issue.serial_number}期）"
    rows.append(("sans", 1.15, num))
    rows.append(("sans_bold", 1.15, f"今日{issue.page_count}版"))
    if issue.cn_number:
        rows.append(("sans", 1.0, "国内统一连续出版物号"))
        rows.append(("sans", 1.0, issue.cn_number))
    if issue.postal_code:
        rows.append(("sans", 1.0, f"邮发代号 {issue.postal_code}"))
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


def page_header(pb: PageBuild, issue: Issue) -> None:
    """The band over every page but the first: the page number and section
    at one end (left on even pages, right on odd ones), the paper's name,
    date and editors at the other, over a thick-thin rule."""
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
    d = issue.date
    date_text = f"{d.year}年{d.month}月{d.day}日  {issue.weekday_text}"
    small = 9.0
    ed = page.editors
    ed_text = "  ".join(t for t in ((f"责任编辑 {ed.responsible}" if ed and ed.responsible else ""),
                                     (f"美编 {ed.art}" if ed and ed.art else ""),
                                     (f"校对 {ed.proof}" if ed and ed.proof else "")) if t)
    # the paper's name and date on the outer side
    info_x0 = left + nw + sec_w + ss * 2 if even else left
    info_x1 = right if even else right - nw - sec_w - ss * 2
    pb.add(set_simple(number, "header", "serif_bold", 12.0, issue.paper, info_x0, band_top, band_h * 0.55,
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
