"""Headline groups: a kicker 引题, the headline 主题 and a subtitle 副题, set
across the top of an article's first frame or in a frame of their own,
horizontally or vertically (竖排). Here they are broken into lines or
columns and measured (head_skip: the grid lines a group takes from the
body, for the engine and the grid report alike) and set on a page.
"""

from __future__ import annotations

import dataclasses
import math

from ..model.geometry import PageGeometry
from ..model.load import IssueData
from ..model.types import Continuation, Frame, Head
from .page_build import PageBuild
from .setting import RunBuilder, baseline_in, place_set_line, place_vertical_column
from .text import OPEN, Tokens, balanced_breaks, justify, natural_width, tokenize, vertical_extents
from .values import Rect

RULE_HEAD_GAP_LINES = 0.35  # between a rule and a headline group it runs along


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _part_lines(text: str, role: str, size: float, width: float):
    """Tokens and balanced line breaks of a headline part."""
    out = []
    for piece in _pieces(text):
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


def _bands_width(bands) -> float:
    """The widest line of a headline group, in points."""
    return max((ragged_width(tk, a, b) * size for _, _, size, _, lines in bands for tk, a, b in lines), default=0.0)


def ragged_width(tk: Tokens, a: int, b: int) -> float:
    """A ragged line's width in em: an opening mark at its start loses its blank half."""
    return natural_width(tk, a, b) - (0.5 if tk.kind[a] == OPEN and tk.width[a] >= 1.0 else 0.0)


def _aligned_top(y0: float, y1: float, height: float, valign: str) -> float:
    if valign == "top":
        return y0
    if valign == "bottom":
        return y1 - height
    return y0 + (y1 - y0 - height) / 2


def set_head_horizontal(pb: PageBuild, bands, rect: Rect, align: str, article: str | None, valign: str = "center") -> list[int]:
    x0, y0, x1, y1 = rect
    width = x1 - x0
    top = _aligned_top(y0, y1, bands_height(bands), valign)
    idx = []
    for kind, role, size, band, lines in bands:
        for tk, a, b in lines:
            sl = justify(tk, a, b, ragged_width(tk, a, b), last=True, trim_start=True)
            nat = sl.width * size
            if align == "left":
                sx = x0
            elif align == "right":
                sx = x1 - nat
            else:
                sx = x0 + (width - nat) / 2
            rb = RunBuilder()
            place_set_line(rb, tk, sl, sx, baseline_in(top, band, size), size)
            i = pb.add(rb.line(pb.pd.page.number, kind, article, block=pb.block))
            if i is not None:
                idx.append(i)
            top += band
    return idx


VERTICAL_COLUMN_FACTOR = 1.3  # a vertical headline column's width, in type sizes
VERTICAL_COLUMN_GAP = 0.2  # between columns, in type sizes


def vertical_columns(parts, height: float):
    """A vertical headline group broken into columns of at most ``height``
    points, by the line rules: (kind, role, size, tokens, extents, start, end)."""
    columns = []
    for kind, role, size, text in parts:
        for piece in _pieces(text):
            tk = tokenize([(piece, role)])
            ext = vertical_extents(tk)
            # break by the heights the tokens take in a column: a copy of the
            # tokens whose widths are those heights, without horizontal glue
            vt = dataclasses.replace(tk, width=ext, gap_nat=[0.0] * len(tk))
            for a, b in balanced_breaks(vt, height / size):
                columns.append((kind, role, size, tk, ext, a, b))
    return columns


def set_head_vertical(pb: PageBuild, parts, rect: Rect, article: str | None, valign: str = "center") -> tuple[list[int], float, float]:
    """竖排: upright glyphs top to bottom, columns right to left; the kicker to
    the right of the headline, the subtitle to its left. The group is centred
    across the frame and placed along it by ``valign``. Returns the line
    indexes and the group's width and height in points."""
    x0, y0, x1, y1 = rect
    columns = vertical_columns(parts, y1 - y0)
    widths = [size * VERTICAL_COLUMN_FACTOR for _, _, size, *_ in columns]
    gaps = [size * VERTICAL_COLUMN_GAP for _, _, size, *_ in columns[1:]]
    group_w = sum(widths) + sum(gaps)
    group_h = max((sum(ext[a:b]) * size for _, _, size, _, ext, a, b in columns), default=0.0)
    top = _aligned_top(y0, y1, group_h, valign)
    x = x1 - max(0.0, (x1 - x0 - group_w) / 2)
    idx = []
    for n, (kind, role, size, tk, ext, a, b) in enumerate(columns):
        cx = x - widths[n] / 2
        rb = RunBuilder()
        place_vertical_column(rb, tk, a, b, ext, cx, top, size)
        text = "".join(tk.text[a:b])
        i = pb.add(rb.line(pb.pd.page.number, kind, article, vertical=True, text=text, block=pb.block))
        if i is not None:
            idx.append(i)
        x -= widths[n] + (gaps[n] if n < len(gaps) else 0.0)
    return idx, group_w, group_h


def head_skip(geo: PageGeometry, head: Head, kicker, headline: str, subtitle, first: Frame) -> int:
    """The grid lines a headline group without a frame of its own takes
    from the top of the first body frame."""
    if head.frame is not None:
        return 0
    fr = geo.frame_rect(first)
    parts = head_parts(head, kicker, headline, subtitle)
    if head.direction == "vertical":
        h = max((sum(ext[a:b]) * size for _, _, size, _, ext, a, b in vertical_columns(parts, fr[3] - fr[1])), default=0.0)
        return math.ceil(h / geo.pitch_pt - 1e-6) + 1
    return round(bands_height(head_bands(parts, fr[2] - fr[0], geo.pitch_pt)) / geo.pitch_pt) + 1


def continued_headline(cb: Continuation, data: IssueData | None) -> str:
    """The headline over a continuation: its own, or else its article's."""
    if cb.headline:
        return cb.headline
    found = data.article(cb.article) if data is not None else None
    return found[1].headline if found else ""


def set_head(pb: PageBuild, head: Head, kicker, headline, subtitle, first: Frame, article_id) -> tuple[list[int], int, Rect]:
    """Set a headline group; returns its line indexes, the grid lines it
    takes from the first body frame (when it has no frame of its own) and its area."""
    geo = pb.pd.geometry
    parts = head_parts(head, kicker, headline, subtitle)
    if head.frame is not None:
        rect = pb.frame_rect(head.frame)
        skip = 0
        where = "head.frame"
    else:
        fr = pb.frame_rect(first)
        skip = head_skip(geo, head, kicker, headline, subtitle, first)
        rect = (fr[0], fr[1], fr[2], fr[1] + skip * geo.pitch_pt)
        where = "frames[0]"
    area = pb.clear_of_rules(rect, geo.pitch_pt * RULE_HEAD_GAP_LINES)
    if head.direction == "vertical":
        idx, w, h = set_head_vertical(pb, parts, area, article_id, head.vertical_align)
        need_w, need_h = w, h
    else:
        bands = head_bands(parts, area[2] - area[0], geo.pitch_pt)
        idx = set_head_horizontal(pb, bands, area, head.align, article_id, head.vertical_align)
        need_w, need_h = _bands_width(bands), bands_height(bands)
    have_w, have_h = area[2] - area[0], area[3] - area[1]
    if (need_h > have_h + 0.5 or need_w > have_w + 0.5) and pb.block is not None:
        pb.misfits.append({"block": pb.block, "frame": where, "what": "headline",
                           "needed_pt": (round(need_w, 1), round(need_h, 1)),
                           "available_pt": (round(have_w, 1), round(have_h, 1))})
        pb.marks.append(rect)
    return idx, skip, rect
