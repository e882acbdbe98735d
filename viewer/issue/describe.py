"""Pieces of an issue's description (``info``) that every kind shares:
boxes and points rounded for JSON, an article's laid-out parts, a page's
size and fill, the issue's facts."""

from __future__ import annotations


def box(rect) -> list[float]:
    return [round(v, 2) for v in rect]


def points(pts) -> list[list[float]]:
    return [[round(x, 2), round(y, 2)] for x, y in pts]


def article_layout(al, number: int) -> dict:
    """An article's pages, regions (on ``number``, and on the pages it
    continues to) and set lines, from its layout."""
    out: dict = {"pages": list(al.pages) if al else []}
    regions = al.regions if al else ()
    out["regions"] = [points(r.points) for r in regions if r.page == number]
    others = sorted({r.page for r in regions} - {number})
    if others:
        out["continued_regions"] = [{"page": n, "regions": [points(r.points) for r in regions if r.page == n]}
                                    for n in others]
    out["lines"] = [{"page": ln.page, "text": ln.text, "kind": ln.kind, "bbox": box(ln.bbox)}
                    for ln in (al.lines if al else [])]
    return out


def page_geometry(pl, size: tuple[float, float] | None = None) -> dict:
    """A laid-out page's size and fill; without a layout, ``size`` alone."""
    if pl is None:
        return {"width_pt": round(size[0], 3), "height_pt": round(size[1], 3)}
    return {"width_pt": round(pl.width_pt, 3), "height_pt": round(pl.height_pt, 3),
            "overflow": [dict(o) for o in pl.overflow], "underset": [dict(u) for u in pl.underset]}


def meta_info(issue) -> dict:
    m = issue.meta
    return {
        "paper": m.paper,
        "paper_en": m.paper_en,
        "date": m.date.isoformat() if m.date else None,
        "weekday": m.weekday_text or None,
        "issue_number": m.issue_number,
        "serial_number": m.serial_number,
        "page_count": m.page_count,
        "kind": issue.kind,
        "pages": [],
    }


# the keys of a page's items besides its articles, for pages that have none
EMPTY_ITEMS = {"masthead": None, "photos": [], "guide": None, "images": [], "adverts": [], "header": []}


def articles_only(page: dict, articles, layout, pl, number: int) -> dict:
    """A page that holds nothing but articles (a scan's, an e-paper
    page's): each ``(id, entry)`` of ``articles`` with its laid-out parts
    when the page is laid out (``pl``), and the other items empty."""
    for aid, entry in articles:
        if pl is not None:
            entry.update(article_layout(layout.article(aid), number))
        page["articles"].append(entry)
    page.update(EMPTY_ITEMS)
    return page
