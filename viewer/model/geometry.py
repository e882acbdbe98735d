"""Page geometry: from millimetres and grid units to points.

Everything here is plain arithmetic on descriptor values, shared by the
validator and the layout engine. Points have the origin at the page's top
left, y growing downwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from typing import TYPE_CHECKING

from ..messages import Msg

if TYPE_CHECKING:  # the descriptor models (pydantic) are not needed to use the geometry's values
    from .types import Frame, Grid, Margins, PageSize, Rule

PT_PER_MM = 72.0 / 25.4

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points
Point = tuple[float, float]


def union(rects) -> Rect:
    """The smallest rectangle that holds every one of ``rects`` (at least one)."""
    rects = list(rects)
    return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))


def intersects(a: Rect, b: Rect) -> bool:
    """Whether two rectangles overlap (sharing an edge is not overlapping)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * PT_PER_MM


@dataclass(frozen=True)
class PageGeometry:
    """The type area and its grid for one page, in points."""

    width_pt: float
    height_pt: float
    left_pt: float
    top_pt: float
    type_width_pt: float
    type_height_pt: float
    columns: int
    chars_per_column: int
    column_width_pt: float
    gutter_pt: float
    body_size_pt: float
    pitch_pt: float
    lines: int

    @classmethod
    def of(cls, size: PageSize, margins: Margins, grid: Grid) -> "PageGeometry":
        width, height = mm(size.width_mm), mm(size.height_mm)
        type_w = width - mm(margins.left_mm) - mm(margins.right_mm)
        type_h = height - mm(margins.top_mm) - mm(margins.bottom_mm)
        min_gutter = mm(grid.gutter_mm)
        cols = grid.columns
        # Every column is a whole number of characters wide; the gutters take the rest.
        chars = max(1, math.floor((type_w - (cols - 1) * min_gutter) / cols / grid.body_size_pt + 1e-6))
        col_w = chars * grid.body_size_pt
        gutter = (type_w - cols * col_w) / (cols - 1) if cols > 1 else 0.0
        lines = max(1, math.floor(type_h / grid.line_pitch_pt + 1e-6))
        return cls(
            width_pt=width,
            height_pt=height,
            left_pt=mm(margins.left_mm),
            top_pt=mm(margins.top_mm),
            type_width_pt=type_w,
            type_height_pt=type_h,
            columns=cols,
            chars_per_column=chars,
            column_width_pt=col_w,
            gutter_pt=gutter,
            body_size_pt=grid.body_size_pt,
            pitch_pt=grid.line_pitch_pt,
            lines=lines,
        )

    def col_x(self, col: int) -> float:
        """Left edge of 1-based column ``col``."""
        return self.left_pt + (col - 1) * (self.column_width_pt + self.gutter_pt)

    def line_y(self, line: int) -> float:
        """Top edge of 1-based grid line ``line``."""
        return self.top_pt + (line - 1) * self.pitch_pt

    def frame_rect(self, frame: Frame) -> Rect:
        if frame.on_grid:
            x0 = self.col_x(frame.col)
            x1 = self.col_x(frame.col + frame.span - 1) + self.column_width_pt
            y0 = self.line_y(frame.line)
            y1 = y0 + frame.lines * self.pitch_pt
            return (x0, y0, x1, y1)
        x0 = self.left_pt + mm(frame.x_mm)
        y0 = self.top_pt + mm(frame.y_mm)
        return (x0, y0, x0 + mm(frame.width_mm), y0 + mm(frame.height_mm))

    def frame_fits(self, frame: Frame) -> Msg | None:
        """None when the frame lies inside the grid (or page), else why not."""
        if frame.on_grid:
            if frame.col + frame.span - 1 > self.columns:
                return Msg("columns {first}..{last} pass the grid's {count} columns",
                           first=frame.col, last=frame.col + frame.span - 1, count=self.columns)
            if frame.line + frame.lines - 1 > self.lines:
                return Msg("lines {first}..{last} pass the grid's {count} lines",
                           first=frame.line, last=frame.line + frame.lines - 1, count=self.lines)
            return None
        x0, y0, x1, y1 = self.frame_rect(frame)
        if x0 < -0.01 or y0 < -0.01 or x1 > self.width_pt + 0.01 or y1 > self.height_pt + 0.01:
            return Msg("the frame lies partly outside the page")
        return None

    def rule_line(self, rule: Rule) -> tuple[float, float, float, float]:
        """The rule as a segment (x0, y0, x1, y1) in points."""
        if rule.x_mm is not None:
            x0, y0 = self.left_pt + mm(rule.x_mm), self.top_pt + mm(rule.y_mm)
            length = mm(rule.length_mm)
            if rule.orientation == "horizontal":
                return (x0, y0, x0 + length, y0)
            return (x0, y0, x0, y0 + length)
        if rule.orientation == "horizontal":
            x0 = self.col_x(rule.col)
            x1 = self.col_x(rule.col + rule.span - 1) + self.column_width_pt
            y = self.line_y(rule.line)
            return (x0, y, x1, y)
        x = self.col_x(rule.col) - self.gutter_pt / 2
        y0 = self.line_y(rule.line)
        return (x, y0, x, y0 + rule.lines * self.pitch_pt)

    def rule_fits(self, rule: Rule) -> Msg | None:
        if rule.x_mm is not None:
            x0, y0, x1, y1 = self.rule_line(rule)
            if min(x0, x1) < -0.01 or min(y0, y1) < -0.01 or max(x0, x1) > self.width_pt + 0.01 \
                    or max(y0, y1) > self.height_pt + 0.01:
                return Msg("the rule lies partly outside the page")
            return None
        if rule.orientation == "horizontal":
            if rule.col + rule.span - 1 > self.columns:
                return Msg("the rule passes the grid's {count} columns", count=self.columns)
            if rule.line > self.lines + 1:
                return Msg("line {line} is below the grid's {count} lines", line=rule.line, count=self.lines)
        else:
            if rule.col > self.columns:
                return Msg("column {column} is beyond the grid's {count} columns", column=rule.col, count=self.columns)
            if rule.line + rule.lines - 1 > self.lines:
                return Msg("lines {first}..{last} pass the grid's {count} lines",
                           first=rule.line, last=rule.line + rule.lines - 1, count=self.lines)
        return None
