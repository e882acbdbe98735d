"""Laid-out pages as plain JSON values and back, for the layout cache.

``encode(layout, root)`` turns an IssueLayout into lists, numbers and
strings (glyph data as base64); ``decode(value, root)`` makes the same
frozen values again, equal to the ones encoded, and checks every value on
the way: a wrong type, a length that does not match, a colour, font role or
kind that the painter does not know, a picture outside the issue folder, a
number that is not finite where a size is meant, all raise ``Damaged``.
Nothing read here is run: JSON holds data only.

Pictures are stored by their path inside the issue folder (``root``), so a
stored page never names a file elsewhere; a layout with a picture outside
the folder cannot be stored (``encode`` raises ``Damaged``).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import sys
from pathlib import Path, PurePosixPath

from ..messages import Foreign, Msg, Names
from ..model.problems import Problem
from .values import (ArticleLayout, ArticleOnPage, BoxItem, GlyphRun, ImageItem, IssueLayout, LinkItem, PageLayout,
                     Region, RuleItem, TextLine)

FORMAT = 1  # bumped whenever what is stored or how changes


class Damaged(ValueError):
    """A stored value is not one ``encode`` writes."""


_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})\Z")
_IMAGE_KINDS = frozenset({"photo", "scan", "pdf"})
_SEVERITIES = frozenset({"error", "warning"})


def _roles() -> frozenset:
    from ..typefaces import ROLES

    return frozenset(ROLES)


# ------------------------------------------------------------ checks


def _fail(what: str):
    raise Damaged(what)


def _str(v) -> str:
    if type(v) is not str:
        _fail("text expected")
    return v


def _opt_str(v) -> str | None:
    return None if v is None else _str(v)


def _name(v) -> str:
    """A short text many values share (a role, a colour, a kind, an id):
    one object for all, as the layout makes them, not one each."""
    return sys.intern(_str(v))


def _opt_name(v) -> str | None:
    return None if v is None else _name(v)


def _int(v) -> int:
    if type(v) is not int:
        _fail("whole number expected")
    return v


def _opt_int(v) -> int | None:
    return None if v is None else _int(v)


def _bool(v) -> bool:
    if type(v) is not bool:
        _fail("true or false expected")
    return v


def _num(v) -> float:
    """A number as it was stored (an int stays an int, a float a float)."""
    if type(v) is float:
        if not math.isfinite(v):
            _fail("finite number expected")
        return v
    if type(v) is int:
        return v
    _fail("number expected")


def _rect(v) -> tuple:
    if type(v) is not list or len(v) != 4:
        _fail("rectangle expected")
    return (_num(v[0]), _num(v[1]), _num(v[2]), _num(v[3]))


def _opt_rect(v):
    return None if v is None else _rect(v)


def _list(v, n: int | None = None) -> list:
    if type(v) is not list or (n is not None and len(v) != n):
        _fail("list expected")
    return v


def _color(v) -> str:
    if type(v) is not str or not _COLOR.match(v):
        _fail("colour expected")
    return sys.intern(v)


def _b64(v) -> bytes:
    try:
        return base64.b64decode(_str(v), validate=True)
    except (binascii.Error, ValueError):
        _fail("base64 expected")


# ------------------------------------------------------------ messages and problems


def _param_out(v):
    if isinstance(v, Msg):
        return {"msg": msg_out(v)}
    if isinstance(v, Names):
        return {"names": list(v.items), "quote": v.quote, "last": v.last, "quoted": v.quoted}
    if isinstance(v, Foreign):
        return {"foreign": [v.program, v.code, v.text, {k: _param_out(p) for k, p in v.params.items()}]}
    if v is None or type(v) in (int, float, str, bool):
        return v
    return str(v)


def _param_in(v, depth: int):
    if type(v) is dict:
        if depth > 20:
            _fail("messages nested too deep")
        if set(v) == {"msg"}:
            return msg_in(v["msg"], depth + 1)
        if set(v) == {"names", "quote", "last", "quoted"}:
            return Names([_str(i) for i in _list(v["names"])], _str(v["quote"]), _str(v["last"]),
                         quoted=_bool(v["quoted"]))
        if set(v) == {"foreign"}:
            program, code, text, params = _list(v["foreign"], 4)
            if type(params) is not dict:
                _fail("message values expected")
            return Foreign(_str(program), _str(code), _str(text), **{_str(k): _param_in(p, depth + 1)
                                                                      for k, p in params.items()})
        _fail("message value expected")
    if v is None or type(v) in (int, float, str, bool):
        return v
    _fail("message value expected")


def msg_out(m):
    """A message (a Msg with its id and values, or plain text) as JSON."""
    if isinstance(m, Msg):
        return {"id": m.id, "params": {k: _param_out(v) for k, v in m.params.items()}}
    return str(m)


def msg_in(v, depth: int = 0):
    if type(v) is str:
        return v
    if type(v) is not dict or set(v) != {"id", "params"} or type(v["params"]) is not dict:
        _fail("message expected")
    params = {_str(k): _param_in(p, depth) for k, p in v["params"].items()}
    try:
        return Msg(_str(v["id"]), **params)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        _fail("message does not fit its values")


def problem_out(p: Problem) -> list:
    return [p.file, msg_out(p.where), msg_out(p.message), p.severity, p.code]


def problem_in(v) -> Problem:
    file, where, message, severity, code = _list(v, 5)
    if severity not in _SEVERITIES:
        _fail("severity expected")
    return Problem(_str(file), msg_in(where), msg_in(message), severity, _str(code))


def problems_out(problems) -> list:
    return [problem_out(p) for p in problems]


def problems_in(v) -> list[Problem]:
    return [problem_in(p) for p in _list(v)]


# ------------------------------------------------------------ plain values in dicts


def _plain_out(v):
    """The values of a page's reports (overflow, misfits, …): tuples,
    lists and dicts tagged so that each comes back as what it was."""
    if isinstance(v, Msg):
        return {"m": msg_out(v)}
    if isinstance(v, tuple):
        return {"t": [_plain_out(x) for x in v]}
    if isinstance(v, list):
        return {"l": [_plain_out(x) for x in v]}
    if isinstance(v, dict):
        if not all(type(k) is str for k in v):
            _fail("a report with keys that are not text")
        return {"d": {k: _plain_out(x) for k, x in v.items()}}
    if v is None or type(v) in (int, float, str, bool):
        return v
    _fail(f"a report value of type {type(v).__name__}")


def _plain_in(v, depth: int = 0):
    if type(v) is dict:
        if depth > 20 or len(v) != 1:
            _fail("report value expected")
        (tag, x), = v.items()
        if tag == "m":
            return msg_in(x)
        if tag == "t":
            return tuple(_plain_in(i, depth + 1) for i in _list(x))
        if tag == "l":
            return [_plain_in(i, depth + 1) for i in _list(x)]
        if tag == "d":
            if type(x) is not dict:
                _fail("report expected")
            return {k: _plain_in(i, depth + 1) for k, i in x.items()}
        _fail("report value expected")
    if type(v) is float and not math.isfinite(v):
        return v  # a report may say so
    if v is None or type(v) in (int, float, str, bool):
        return v
    _fail("report value expected")


def _reports(v) -> tuple[dict, ...]:
    out = tuple(_plain_in(x) for x in _list(v))
    if not all(type(x) is dict for x in out):
        _fail("report expected")
    return out


# ------------------------------------------------------------ the items of a page


def _run_out(r: GlyphRun) -> list:
    return [r.role, r.size_pt, base64.b64encode(r.glyph_data).decode("ascii"), base64.b64encode(r.xy).decode("ascii"),
            r.text, r.color, r.x_scale, r.angle]


def _run_in(v, roles) -> GlyphRun:
    role, size, glyphs, xy, text, color, x_scale, angle = _list(v, 8)
    if type(role) is not str or role not in roles:
        _fail("font role expected")
    role = sys.intern(role)
    glyphs, xy = _b64(glyphs), _b64(xy)
    if len(glyphs) % 4 or len(xy) != 4 * len(glyphs):
        _fail("glyphs and positions do not match")
    return GlyphRun(role, _num(size), glyphs, xy, _str(text), _color(color), _num(x_scale), _num(angle))


def _line_out(ln: TextLine) -> list:
    return [ln.page, ln.kind, ln.text, list(ln.bbox), [_run_out(r) for r in ln.runs], ln.article, ln.vertical,
            ln.block]


def _line_in(v, roles) -> TextLine:
    page, kind, text, bbox, runs, article, vertical, block = _list(v, 8)
    return TextLine(_int(page), _name(kind), _str(text), _rect(bbox), tuple(_run_in(r, roles) for r in _list(runs)),
                    _opt_name(article), _bool(vertical), _opt_int(block))


class _Paths:
    """Pictures' paths: stored inside the issue folder, made absolute on reading."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def out(self, path: str | None) -> str | None:
        if path is None:
            return None
        try:
            return PurePosixPath(Path(path).relative_to(self.root).as_posix()).as_posix()
        except ValueError:
            _fail("a picture outside the issue folder")

    def inn(self, rel) -> str | None:
        if rel is None:
            return None
        rel = _str(rel)
        parts = PurePosixPath(rel).parts
        if not parts or rel.startswith("/") or "\\" in rel or "\0" in rel or any(p in ("..", ".", "") for p in parts):
            _fail("a picture's path inside the issue folder expected")
        return str(self.root.joinpath(*parts))


def _image_out(im: ImageItem, paths: _Paths) -> list:
    return [list(im.rect), paths.out(im.path), list(im.crop) if im.crop is not None else None, im.block_id,
            im.placeholder, msg_out(im.missing_reason) if im.missing_reason is not None else None, im.kind,
            im.pdf_page, msg_out(im.label) if im.label is not None else None, im.block]


def _image_in(v, paths: _Paths) -> ImageItem:
    rect, path, crop, block_id, placeholder, missing, kind, pdf_page, label, block = _list(v, 10)
    if kind not in _IMAGE_KINDS:
        _fail("picture kind expected")
    return ImageItem(_rect(rect), paths.inn(path), _opt_rect(crop), _opt_name(block_id), _bool(placeholder),
                     msg_in(missing) if missing is not None else None, kind, _opt_int(pdf_page),
                     msg_in(label) if label is not None else None,
                     _opt_int(block))


def _region_in(v) -> Region:
    page, points = _list(v, 2)
    pts = tuple((_num(x), _num(y)) for x, y in (_list(p, 2) for p in _list(points)))
    return Region(_int(page), pts)


def _region_out(r: Region) -> list:
    return [r.page, [list(p) for p in r.points]]


def _page_out(p: PageLayout, paths: _Paths) -> dict:
    return {
        "number": p.number, "section": p.section, "size": [p.width_pt, p.height_pt],
        "lines": [_line_out(ln) for ln in p.lines],
        "rules": [[list(r.line), r.weight_pt, r.style, r.color] for r in p.rules],
        "boxes": [[list(b.rect), b.weight_pt, b.fill, b.color] for b in p.boxes],
        "images": [_image_out(im, paths) for im in p.images],
        "links": [[list(k.rect), k.page, k.article] for k in p.links],
        "articles": [[a.id, a.headline, [_region_out(r) for r in a.regions], list(a.lines), a.continued, a.kind]
                     for a in p.articles],
        "overflow": [_plain_out(x) for x in p.overflow],
        "underset": [_plain_out(x) for x in p.underset],
        "warnings": [msg_out(w) for w in p.warnings],
        "debug_marks": [list(r) for r in p.debug_marks],
        "label": p.label,
        "misfits": [_plain_out(x) for x in p.misfits],
        "overprints": [_plain_out(x) for x in p.overprints],
        "fit_problems": problems_out(p.fit_problems),
    }


_PAGE_KEYS = frozenset(("number", "section", "size", "lines", "rules", "boxes", "images", "links", "articles",
                        "overflow", "underset", "warnings", "debug_marks", "label", "misfits", "overprints",
                        "fit_problems"))


def _page_in(v, paths: _Paths, roles) -> PageLayout:
    if type(v) is not dict or set(v) != _PAGE_KEYS:
        _fail("page expected")
    w, h = _list(v["size"], 2)
    lines = tuple(_line_in(x, roles) for x in _list(v["lines"]))
    rules = []
    for x in _list(v["rules"]):
        line, weight, style, color = _list(x, 4)
        rules.append(RuleItem(_rect(line), _num(weight), _name(style), _color(color)))
    boxes = []
    for x in _list(v["boxes"]):
        rect, weight, fill, color = _list(x, 4)
        boxes.append(BoxItem(_rect(rect), _num(weight), _color(fill) if fill is not None else None, _color(color)))
    links = []
    for x in _list(v["links"]):
        rect, page, article = _list(x, 3)
        links.append(LinkItem(_rect(rect), _int(page), _opt_name(article)))
    articles = []
    for x in _list(v["articles"]):
        aid, headline, regions, idx, continued, kind = _list(x, 6)
        idx = tuple(_int(i) for i in _list(idx))
        if any(not 0 <= i < len(lines) for i in idx):
            _fail("a line index outside the page")
        articles.append(ArticleOnPage(_name(aid), _str(headline), tuple(_region_in(r) for r in _list(regions)), idx,
                                      _bool(continued), _name(kind)))
    return PageLayout(
        number=_int(v["number"]), section=_str(v["section"]), width_pt=_num(w), height_pt=_num(h), lines=lines,
        rules=tuple(rules), boxes=tuple(boxes), images=tuple(_image_in(x, paths) for x in _list(v["images"])),
        links=tuple(links), articles=tuple(articles), overflow=_reports(v["overflow"]),
        underset=_reports(v["underset"]), warnings=tuple(msg_in(x) for x in _list(v["warnings"])),
        debug_marks=tuple(_rect(r) for r in _list(v["debug_marks"])), label=_opt_str(v["label"]),
        misfits=_reports(v["misfits"]), overprints=_reports(v["overprints"]),
        fit_problems=tuple(problems_in(v["fit_problems"])),
    )


# ------------------------------------------------------------ an issue's layout


def encode(layout: IssueLayout, root) -> dict:
    """``layout`` as JSON values; an article's lines are stored as the
    places of those lines on their pages (they are the same objects)."""
    paths = _Paths(root)
    where: dict[int, tuple[int, int]] = {}
    for p in layout.pages:
        for i, ln in enumerate(p.lines):
            where[id(ln)] = (p.number, i)
    articles = []
    for a in layout.articles.values():
        refs = []
        for ln in a.lines:
            at = where.get(id(ln))
            refs.append(list(at) if at is not None else _line_out(ln))
        articles.append([a.id, list(a.pages), [_region_out(r) for r in a.regions], refs])
    return {"pages": [_page_out(p, paths) for p in layout.pages], "articles": articles}


def decode(value, root) -> IssueLayout:
    """The IssueLayout ``encode`` gave ``value`` for; Damaged when it is not one."""
    roles = _roles()
    paths = _Paths(root)
    if type(value) is not dict or set(value) != {"pages", "articles"}:
        _fail("layout expected")
    try:
        pages = tuple(_page_in(p, paths, roles) for p in _list(value["pages"]))
        by_number = {p.number: p for p in pages}
        if len(by_number) != len(pages):
            _fail("a page twice")
        articles = {}
        for x in _list(value["articles"]):
            aid, numbers, regions, refs = _list(x, 4)
            lines = []
            for r in _list(refs):
                if type(r) is list and len(r) == 2:
                    page = by_number.get(_int(r[0]))
                    i = _int(r[1])
                    if page is None or not 0 <= i < len(page.lines):
                        _fail("an article line outside its pages")
                    lines.append(page.lines[i])
                else:
                    lines.append(_line_in(r, roles))
            aid = _name(aid)
            if aid in articles:
                _fail("an article twice")
            articles[aid] = ArticleLayout(aid, tuple(_int(n) for n in _list(numbers)),
                                          tuple(_region_in(r) for r in _list(regions)), tuple(lines))
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        if isinstance(exc, Damaged):
            raise
        raise Damaged(f"not a stored layout: {type(exc).__name__}") from None
    return IssueLayout(pages=pages, articles=articles)
