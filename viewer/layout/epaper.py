"""E-paper pages (数字报) laid out: the same frozen page values the engine
makes for typeset pages, so that one paint_page, the window, search, PDF
export and printing serve them too.

A page is the publisher's page: its PDF, drawn as vectors (an ImageItem of
kind "pdf"), else its preview image (kind "scan"), under everything. Its
hot zones are the articles' regions, in the order of the page's headline
list (the Tab order). The PDF's own text, read with the boxes of its
characters, becomes invisible lines of kind PDF_TEXT over it: search
highlights land on the PDF's words, and a PDF export that passes the page
through does not write that text a second time. A jump line (下转第N版 /
上接第N版) inside an article's zone links to the part on that page.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from ..sources.epaper.values import EpaperIssue, EpaperPage
from ..model.geometry import union
from .groups import tied_groups
from .search import char_boxes
from .text import metrics
from .values import (PDF_TEXT, REGION_TEXT, ArticleLayout, ArticleOnPage, GlyphRun, ImageItem, IssueLayout, LinkItem, PageLayout,
                     Region, TextLine)
INVISIBLE = "#00000000"
MAX_CHARS = 200_000  # characters of one page PDF read for search; a page holds some 10,000

_JUMP = re.compile(r"([下上])\s*[转接]\s*第?\s*[0-9０-９一二三四五六七八九十]+\s*版")


@dataclass(frozen=True)
class Parts:
    """Articles continued on other pages (下转/上接), chained in page order."""

    chains: tuple[tuple[str, ...], ...]

    def of(self, article_id: str) -> tuple[str, ...]:
        for c in self.chains:
            if article_id in c:
                return c
        return (article_id,)


def continuation_parts(issue: EpaperIssue) -> Parts:
    """The parts of each continued article: an article that says it goes on
    on page N is joined to the one article of page N that says it comes
    from its page (or, of several, the one with the same headline)."""
    nxt: dict[str, str] = {}
    taken: set[str] = set()
    for a in issue.articles:
        for target in a.continued_on:
            cands = [b for b in issue.articles if b.id != a.id and target in b.pages and b.id not in taken
                     and (not b.continued_from or a.pages[0] in b.continued_from)]
            marked = [b for b in cands if b.continued_from]
            pick = marked if marked else []
            if len(pick) > 1:
                same = [b for b in pick if b.headline and b.headline == a.headline]
                pick = same if len(same) == 1 else []
            if len(pick) == 1 and a.id not in nxt:
                nxt[a.id] = pick[0].id
                taken.add(pick[0].id)
    chains = []
    for a in issue.articles:
        if a.id in nxt and a.id not in taken:
            chain = [a.id]
            while chain[-1] in nxt and nxt[chain[-1]] not in chain:
                chain.append(nxt[chain[-1]])
            chains.append(tuple(chain))
    return Parts(tuple(chains))


def page_groups(issue: EpaperIssue, parts: Parts) -> list[tuple[int, ...]]:
    """Pages in groups laid out together: a continued article ties its pages."""
    home = {a.id: a.pages[0] for a in issue.articles if a.pages}
    ties = [(home[c[i]], home[c[i + 1]]) for c in parts.chains for i in range(len(c) - 1)
            if c[i] in home and c[i + 1] in home]
    return tied_groups([p.number for p in issue.pages], ties)


def page_item(page: EpaperPage) -> ImageItem | None:
    """The page's picture: its PDF's first page as vectors, else its preview
    image (its size from its header: no pixel is read)."""
    rect = (0.0, 0.0, page.width_pt, page.height_pt)
    if page.pdf is not None:
        return ImageItem(rect, str(page.pdf), rect, f"page-{page.number}", kind="pdf", pdf_page=0)
    if page.preview is not None:
        from . import images as image_io  # Pillow: for a page drawn from its preview only

        info = image_io.header_info(page.preview)
        if info is not None and not info.error:
            crop = (0.0, 0.0, float(info.width), float(info.height))
            return ImageItem(rect, str(page.preview), crop, f"page-{page.number}", kind="scan")
        return ImageItem(rect, None, None, f"page-{page.number}", True, info.error if info else None, kind="scan")
    return None


def _runs(spans, role: str) -> list[GlyphRun]:
    """One invisible run per span of a PDF line, each glyph at the PDF's
    character origin, stretched so that its box is the PDF's."""
    m = metrics()
    out = []
    for span in spans:
        chars = [c for c in span.get("chars", ()) if c.get("c") and not c["c"].isspace()]
        if not chars:
            continue
        size = float(span.get("size") or 0) or 1.0
        text = "".join(c["c"] for c in chars)
        table = m.prepare(role, text)
        ours = sum(table[c][1] for c in text) * size
        theirs = sum(max(0.0, c["bbox"][2] - c["bbox"][0]) for c in chars)
        scale = min(4.0, max(0.25, theirs / ours)) if ours > 0 and theirs > 0 else 1.0
        glyphs = array("I", (table[c][0] for c in text))
        xy = array("d")
        for c in chars:
            xy.append(float(c["origin"][0]))
            xy.append(float(c["origin"][1]))
        out.append(GlyphRun(role, size, glyphs.tobytes(), xy.tobytes(), text, INVISIBLE, scale))
    return out


def pdf_text_lines(page: EpaperPage) -> list[TextLine]:
    """The PDF's text as invisible lines in reading order (PyMuPDF's
    blocks), each tagged with the article whose zone holds its middle."""
    from ..model.load import read_regular
    from ..mupdf import load_pymupdf

    if page.pdf is None:
        return []
    pymupdf = load_pymupdf()
    try:
        with pymupdf.open(stream=read_regular(page.pdf), filetype="pdf") as doc:
            pp = doc[0]
            k = (page.width_pt / pp.rect.width) if pp.rect.width else 1.0
            raw = pp.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    except Exception:  # the page was probed when the site was read: a PDF that fails now draws its own placeholder
        return []
    lines: list[TextLine] = []
    count = 0
    for block in raw.get("blocks", ()):
        if block.get("type") != 0:
            continue
        for ln in block.get("lines", ()):
            spans = ln.get("spans", ())
            text = "".join(c.get("c", "") for s in spans for c in s.get("chars", ())).strip()
            if not text:
                continue
            count += len(text)
            if count > MAX_CHARS:
                return lines
            vertical = abs(ln.get("dir", (1, 0))[1]) > 0.5
            runs = _runs(spans, "serif")
            if not runs:
                continue
            if k != 1.0:
                runs = [_scaled(r, k) for r in runs]
            x0, y0, x1, y1 = (v * k for v in ln["bbox"])
            mid = ((x0 + x1) / 2, (y0 + y1) / 2)
            lines.append(TextLine(page=page.number, kind=PDF_TEXT, text="".join(r.text for r in runs),
                                  bbox=(x0, y0, x1, y1), runs=tuple(runs), article=page.zone_at(*mid),
                                  vertical=vertical))
    return lines


def region_text(number: int, art, bounds) -> TextLine | None:
    """An article's text as one invisible line whose every glyph box is
    ``bounds`` (its zone): what a page without PDF text can be searched by."""
    if art is None:
        return None
    text = "".join(t for t in (art.kicker, art.headline, art.subtitle, art.author, *art.paragraphs) if t)
    text = "".join(text.split())[:MAX_CHARS]
    if not text:
        return None
    x0, y0, x1, y1 = bounds
    m = metrics()
    table = m.prepare("serif", text)
    size = 10.0
    widest = max(table[c][1] for c in text) or 1.0
    run = GlyphRun("serif", size, array("I", (table[c][0] for c in text)).tobytes(),
                   array("d", (v for _ in text for v in (x0, y1))).tobytes(), text, INVISIBLE,
                   (x1 - x0) / (widest * size))
    return TextLine(page=number, kind=REGION_TEXT, text=text, bbox=bounds, runs=(run,), article=art.id)


def _scaled(run: GlyphRun, k: float) -> GlyphRun:
    xy = array("d", (v * k for v in memoryview(run.xy).cast("d")))
    return GlyphRun(run.role, run.size_pt * k, run.glyph_data, xy.tobytes(), run.text, run.color, run.x_scale)


def layout_epaper_page(issue: EpaperIssue, page: EpaperPage, parts: Parts) -> PageLayout:
    number = page.number
    item = page_item(page)
    lines = pdf_text_lines(page)
    home = {a.id: a.pages[0] for a in issue.articles if a.pages}
    articles: list[ArticleOnPage] = []
    zoned = {z.article for z in page.zones}
    titles = {a.id: a for a in issue.articles}
    if not lines:  # no PDF text: each article's own text, found on its zone
        for aid in list(page.headlines) + sorted(zoned - set(page.headlines)):
            bounds = [z.bounds for z in page.zones if z.article == aid]
            line = region_text(number, titles.get(aid), union(bounds)) if bounds else None
            if line is not None:
                lines.append(line)
    for aid in list(page.headlines) + sorted(zoned - set(page.headlines)):
        regions = tuple(Region(number, z.points) for z in page.zones if z.article == aid)
        if not regions:
            continue
        art = titles.get(aid)
        headline = (art.headline if art else "") or page.titles.get(aid, "")
        chain = parts.of(aid)
        idx = tuple(i for i, ln in enumerate(lines) if ln.article == aid)
        articles.append(ArticleOnPage(aid, headline, regions, idx, continued=chain.index(aid) > 0))
    links = []
    for ln in lines:
        if ln.article is None:
            continue
        m = _JUMP.search(ln.text)
        if not m:
            continue
        chain = parts.of(ln.article)
        pos = chain.index(ln.article)
        partner = chain[pos + 1] if m.group(1) == "下" and pos + 1 < len(chain) else \
            chain[pos - 1] if m.group(1) == "上" and pos > 0 else None
        if partner is None or partner not in home:
            continue
        boxes = [b for _, b in char_boxes(ln)[m.start():m.end()]]
        links.append(LinkItem(union(boxes) if boxes and not ln.vertical else ln.bbox, home[partner], partner))
    return PageLayout(number=number, section=page.section, width_pt=page.width_pt, height_pt=page.height_pt,
                      lines=tuple(lines), rules=(), boxes=(), images=(item,) if item else (), links=tuple(links),
                      articles=tuple(articles))


def layout_epaper(issue: EpaperIssue, pages: list[int] | None = None, parts: Parts | None = None) -> IssueLayout:
    """The pages of an e-paper issue (or ``pages`` of them) as page layouts;
    a continued article's layout holds all its parts that are laid out
    (``parts``: the issue's continuation_parts, when known already)."""
    parts = parts if parts is not None else continuation_parts(issue)
    wanted = set(pages) if pages is not None else None
    out = []
    for p in issue.pages:
        if wanted is None or p.number in wanted:
            out.append(layout_epaper_page(issue, p, parts))
    found: dict[str, tuple[list[int], list[Region], list[TextLine]]] = {}
    for pl in out:
        for art in pl.articles:
            for aid in parts.of(art.id):
                pages_of, regions, lines = found.setdefault(aid, ([], [], []))
                if pl.number not in pages_of:
                    pages_of.append(pl.number)
                regions.extend(art.regions)
                lines.extend(pl.lines[i] for i in art.lines)
    articles = {aid: ArticleLayout(aid, tuple(sorted(v[0])), tuple(v[1]), tuple(v[2])) for aid, v in found.items()}
    return IssueLayout(tuple(out), articles)

