"""Hot zones: where on the page image each article is.

Founder pages give them as an image map (``<map>``/``<area>``, shapes
polygon, rect or circle, coordinates in the pixels of the image as it is
displayed); some newer pages as absolutely positioned ``<div>``/``<a>``
elements whose ``style`` gives left, top, width and height in pixels or in
per cent of the image. Both become polygons in those pixels here; the
caller scales them to the page's points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...messages import Msg
from ...model.problems import Problem
from .markup import line_of

Point = tuple[float, float]
MAX_AREAS = 2000  # a page has tens of areas
MAX_POINTS = 1000  # an L-shaped area has ten
CIRCLE_SIDES = 24


@dataclass
class RawZone:
    """A zone as the page file writes it, in displayed-image pixels."""

    href: str
    points: tuple[Point, ...]
    where: str


def _numbers(text: str) -> list[float] | None:
    out = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if part.strip():
            try:
                value = float(part)
            except ValueError:
                return None
            if not math.isfinite(value):
                return None
            out.append(value)
    return out


def polygon(shape: str, coords: str, file: str, where: str, problems: list[Problem]) -> tuple[Point, ...] | None:
    """The polygon of one ``<area>``, or None (said in ``problems``)."""
    shape = (shape or "rect").strip().lower()
    nums = _numbers(coords or "")
    if nums is None:
        problems.append(Problem(file, where, Msg("the area's coordinates '{coords}' are not numbers; the area is "
                                                 "left out", coords=coords[:80]), "warning"))
        return None
    if shape in ("poly", "polygon"):
        pts = _clean(list(zip(nums[0::2], nums[1::2]))[:MAX_POINTS])
        if len(pts) < 3:
            n = len(pts)
            problems.append(Problem(file, where, Msg("the polygon area has {count} point{s}; three are needed; the "
                                                     "area is left out", count=n, s="s" if n != 1 else ""),
                                    "warning"))
            return None
        return pts
    if shape in ("rect", "rectangle"):
        if len(nums) != 4:
            problems.append(Problem(file, where, Msg("the rect area needs 4 numbers, not {count}; the area is left "
                                                     "out", count=len(nums)), "warning"))
            return None
        x0, y0, x1, y1 = nums
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    if shape in ("circle", "circ"):
        if len(nums) != 3 or nums[2] <= 0:
            problems.append(Problem(file, where, Msg("the circle area needs 3 numbers, not {count}; the area is left "
                                                     "out", count=len(nums)), "warning"))
            return None
        cx, cy, r = nums
        return tuple((cx + r * math.cos(2 * math.pi * i / CIRCLE_SIDES), cy + r * math.sin(2 * math.pi * i / CIRCLE_SIDES))
                     for i in range(CIRCLE_SIDES))
    problems.append(Problem(file, where, Msg("unknown area shape '{shape}'; the area is left out", shape=shape[:40]),
                            "warning"))
    return None


def _clean(points: list[Point]) -> tuple[Point, ...]:
    """Without repeated points (real areas repeat and line up points)."""
    out: list[Point] = []
    for p in points:
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return tuple(out) if len(set(out)) >= 3 else tuple(dict.fromkeys(out))


def map_zones(doc, img, file: str, problems: list[Problem]) -> list[RawZone]:
    """The areas of the image map ``img`` uses (any case, ``#`` or not),
    else of the page's first map with areas."""
    maps = [m for m in doc.iter("map")]
    wanted = (img.get("usemap") or "").strip().lstrip("#").lower() if img is not None else ""
    chosen = next((m for m in maps if (m.get("name") or m.get("id") or "").strip().lower() == wanted), None) if wanted else None
    if chosen is None:
        chosen = next((m for m in maps if any(True for _ in m.iter("area"))), None)
    if chosen is None:
        return []
    out: list[RawZone] = []
    for i, area in enumerate(chosen.iter("area")):
        if i >= MAX_AREAS:
            problems.append(Problem(file, line_of(chosen), Msg("the image map has more than {limit} areas; the rest "
                                                               "are left out", limit=MAX_AREAS), "warning"))
            break
        href = (area.get("href") or "").strip()
        if not href:
            continue
        pts = polygon(area.get("shape") or "", area.get("coords") or "", file, line_of(area), problems)
        if pts is not None:
            out.append(RawZone(href, pts, line_of(area)))
    return out


def _style(el) -> dict[str, str]:
    out = {}
    for decl in (el.get("style") or "").split(";"):
        key, _, value = decl.partition(":")
        if value.strip():
            out[key.strip().lower()] = value.strip().lower()
    return out


def _length(value: str | None, whole: float) -> float | None:
    """A CSS length in pixels: ``12px``, ``12``, or ``3.5%`` of ``whole``."""
    if value is None:
        return None
    value = value.replace("!important", "").strip()
    try:
        if value.endswith("%"):
            return float(value[:-1]) * whole / 100
        return float(value.removesuffix("px"))
    except ValueError:
        return None


def positioned_zones(doc, img, size: tuple[float, float], file: str, is_article, problems: list[Problem]) -> list[RawZone]:
    """Hot zones as absolutely positioned elements that link to an article
    (``is_article(href)``), placed from the top left of the image; per
    cent is of the image's displayed ``size``."""
    out: list[RawZone] = []
    for el in doc.iter("div", "a", "span"):
        style = _style(el)
        if style.get("position") != "absolute":
            continue
        href = el.get("href") if el.tag == "a" else None
        if not href:
            inner = next((a for a in el.iter("a") if a.get("href")), None)
            outer = next((a for a in el.iterancestors("a") if a.get("href")), None)
            href = (inner if inner is not None else outer).get("href") if (inner is not None or outer is not None) else None
        if not href or not is_article(href):
            continue
        x, y = _length(style.get("left"), size[0]), _length(style.get("top"), size[1])
        w, h = _length(style.get("width"), size[0]), _length(style.get("height"), size[1])
        if None in (x, y, w, h) or w <= 0 or h <= 0:
            problems.append(Problem(file, line_of(el), Msg("the positioned zone does not give left, top, width and "
                                                           "height; it is left out"), "warning"))
            continue
        out.append(RawZone(href.strip(), ((x, y), (x + w, y), (x + w, y + h), (x, y + h)), line_of(el)))
        if len(out) >= MAX_AREAS:
            break
    return out


def clip(zone: RawZone, size: tuple[float, float], file: str, problems: list[Problem]) -> tuple[Point, ...] | None:
    """The zone cut at the image's edges (said), or None when nothing of it
    is on the image."""
    w, h = size
    pts = tuple((min(max(x, 0.0), w), min(max(y, 0.0), h)) for x, y in zone.points)
    if pts != zone.points:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        if max(xs) - min(xs) <= 0 or max(ys) - min(ys) <= 0:
            problems.append(Problem(file, zone.where, Msg("the zone lies outside the image ({width:g} × {height:g} "
                                                          "px); it is left out", width=w, height=h), "warning"))
            return None
        problems.append(Problem(file, zone.where, Msg("the zone reaches outside the image ({width:g} × {height:g} "
                                                      "px); it is cut at the image's edge", width=w, height=h),
                                "warning"))
    return pts
