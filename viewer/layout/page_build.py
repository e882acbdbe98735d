"""A page while the engine builds it: the lines, rules, boxes, images and
links set on it so far, what it has to report (overflow, underset, misfits,
warnings), and the white that body text, rules, photos and boxes keep from
each other. A Slot is the room for one body line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..model.load import PageData
from ..model.types import Frame
from .values import BoxItem, ImageItem, LinkItem, Rect, RuleItem, TextLine

CLEARANCE_LINES = 0.5  # white between body text and photos, captions, rules and box edges, on the ink


@dataclass(frozen=True)
class Slot:
    """Room for one body line."""

    page: int
    x: float
    top: float
    width: float
    block: int | None = None  # the block whose frame holds it
    frame: int = 0  # that frame's index in the block's frames


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
    misfits: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    marks: list[Rect] = field(default_factory=list)
    block: int | None = None  # the block being laid out
    body: list[tuple[int, int, float, float, float, float]] = field(default_factory=list)  # body columns: block, frame, x, width, first top, bottom
    blocked: set[tuple[int, int]] = field(default_factory=set)  # body slots (x, top, rounded) kept empty

    def add(self, line: TextLine | None) -> int | None:
        if line is None:
            return None
        if line.block is None and self.block is not None:
            line = dataclasses.replace(line, block=self.block)
        self.lines.append(line)
        return len(self.lines) - 1

    def frame_rect(self, frame: Frame) -> Rect:
        """One of the page's frames, in points."""
        return self.pd.geometry.frame_rect(frame)

    @property
    def clearance(self) -> float:
        return self.pd.geometry.pitch_pt * CLEARANCE_LINES

    @property
    def ink_gap(self) -> float:
        """The white between a body line's ink (its em box) and the edge of its grid line."""
        geo = self.pd.geometry
        return max(0.0, (geo.pitch_pt - geo.body_size_pt) / 2)

    def body_ink_above(self, x0: float, x1: float, y: float) -> float | None:
        """The ink bottom of body text whose column ends at ``y`` over [x0, x1]."""
        pitch = self.pd.geometry.pitch_pt
        found = None
        for _, _, cx, cw, _, bottom in self.body:
            if min(x1, cx + cw) - max(x0, cx) > 1 and y - pitch < bottom <= y + 0.5:
                ink = bottom - self.ink_gap
                found = ink if found is None else max(found, ink)
        return found

    def body_ink_below(self, x0: float, x1: float, y: float) -> float | None:
        """The ink top of body text whose column starts at ``y`` over [x0, x1]."""
        pitch = self.pd.geometry.pitch_pt
        found = None
        for _, _, cx, cw, top, _ in self.body:
            if min(x1, cx + cw) - max(x0, cx) > 1 and y - 0.5 <= top < y + pitch:
                ink = top + self.ink_gap
                found = ink if found is None else min(found, ink)
        return found

    def clear_of_body(self, rect: Rect, top: bool = True, bottom: bool = True) -> Rect:
        """``rect`` with its top and bottom moved in where body text above or
        below would come nearer than the clearance."""
        x0, y0, x1, y1 = rect
        if top:
            above = self.body_ink_above(x0, x1, y0)
            if above is not None:
                y0 = max(y0, above + self.clearance)
        if bottom:
            below = self.body_ink_below(x0, x1, y1)
            if below is not None:
                y1 = min(y1, below - self.clearance)
        return (x0, y0, x1, max(y1, y0))

    def clear_of_rules(self, rect: Rect, gap: float) -> Rect:
        """``rect`` with its top and bottom moved in to keep ``gap`` from
        horizontal rules running along its edges."""
        x0, y0, x1, y1 = rect
        mid = (y0 + y1) / 2
        for r in self.rules:
            rx0, ry0, rx1, ry1 = r.line
            if abs(ry1 - ry0) > 0.01 or min(x1, max(rx0, rx1)) - max(x0, min(rx0, rx1)) <= 1:
                continue
            up, down = rule_extent(r.weight_pt, r.style)
            if y0 - gap - down <= ry0 <= mid:
                y0 = max(y0, ry0 + down + gap)
            elif mid < ry0 <= y1 + gap + up:
                y1 = min(y1, ry0 - up - gap)
        return (x0, y0, x1, max(y0, y1))


def rule_extent(weight: float, style: str) -> tuple[float, float]:
    """How far a horizontal rule's ink reaches above and below its line (see paint_page)."""
    if style in ("double", "thick-thin"):
        thick = weight if style == "thick-thin" else weight / 3
        gap = weight * 0.8
        return thick + gap / 2, gap / 2 + weight / 3
    return weight / 2, weight / 2
