"""Digitised pages (METS/ALTO) laid out: the values a ScannedIssue holds
turned into the same frozen page layouts the engine makes for typeset
pages, so that one paint_page, the window, search, PDF export and printing
serve both.

A page is its scan (an image item under everything) and its words, each
set in a bundled font on its ALTO box: the font size follows the line's
height (or the word's TextStyle), the glyphs are stretched to the box's
width. What the serif lacks (œ, ►, ☞ ...) is drawn by its fallbacks
(typefaces.FALLBACKS), a run for each font a word needs. Over a scan the words are invisible (a text layer: for search
highlights and a searchable PDF); without a scan they are the page, drawn
in black, with illustrations as marked placeholders.
"""

from __future__ import annotations

from array import array

from ..sources.model import Line, ScannedArticle, ScannedIssue, ScannedPage, Word
from ..sources.scans import NOTE_SCAN_REFUSED
from ..escape import unprintable
from ..typefaces import drawn_by
from .groups import tied_groups
from .setting import EM_ASCENT, set_simple
from .text import metrics
from .values import (ArticleLayout, ArticleOnPage, BoxItem, GlyphRun, ImageItem, IssueLayout, PageLayout, Region,
                     TextLine, union)

INVISIBLE = "#00000000"  # ARGB: words over a scan, present but not drawn on screen
INK = "#000000"
SIZE_FROM_LINE = 1 / 1.15  # type size over the height of an ALTO line box
MIN_SCALE, MAX_SCALE = 0.5, 2.0  # how far a word is stretched to its box
NOTE_SIZE = 7.0
NO_SCAN_NOTE = "OCR 重建页面：包中没有扫描图像 · Reconstructed from the OCR: the scan is not in the package"
REFUSED_SCAN_NOTE = "OCR 重建页面：扫描图像无法显示 · Reconstructed from the OCR: the scan cannot be shown"


def _role(word: Word) -> str:
    return "serif_bold" if word.bold else "serif"


def block_size(block) -> float | None:
    """The usual type size of a block's lines (their median), so that the
    lines of one paragraph are set alike although OCR boxes differ in height."""
    sizes = sorted(_line_size(ln) for ln in block.lines if ln.words)
    return sizes[len(sizes) // 2] if sizes else None


def _line_size(line: Line, usual: float | None = None) -> float:
    """The type size of a line: its words' TextStyle size where it fits the
    line, else from the line box's height; the block's usual size when the
    line's own is within a quarter of it."""
    h = line.box[3] - line.box[1]
    own = max(2.0, h * SIZE_FROM_LINE)
    sizes = [w.size_pt for w in line.words if w.size_pt]
    if sizes:
        s = sorted(sizes)[len(sizes) // 2]
        if 0.5 * own <= s <= 1.5 * own:
            own = s
    if usual is not None and 0.75 * usual <= own <= 1.25 * usual:
        return usual
    return own


def _pieces(role: str, text: str) -> tuple[list[tuple[str, str, dict]], float]:
    """``text`` cut where the font that draws it changes (the role's own
    font, else its fallbacks: typefaces.FALLBACKS), as (role, piece, glyph
    table) each, and its natural width in em."""
    cut: list[tuple[str, str]] = []
    for c in text:
        # a character that prints nothing (a control, a bidi mark) stays in
        # the run it is in: a fallback font's empty glyph would cut the word
        r = cut[-1][0] if cut and unprintable(c) else drawn_by(role, c)
        if cut and cut[-1][0] == r:
            cut[-1] = (r, cut[-1][1] + c)
        else:
            cut.append((r, c))
    m = metrics()
    pieces = [(r, piece, m.prepare(r, piece)) for r, piece in cut]
    return pieces, sum(table[c][1] for _, piece, table in pieces for c in piece)


def _place(pieces, x: float, baseline: float, size: float, color: str,
           scale: float = 1.0) -> tuple[tuple[GlyphRun, ...], float]:
    """The pieces' glyphs one after the other from ``x``: a run each, and
    where the last one ends."""
    runs = []
    for r, piece, table in pieces:
        glyphs = array("I")
        xy = array("d")
        for c in piece:
            gid, adv = table[c]
            glyphs.append(gid)
            xy.append(x)
            xy.append(baseline)
            x += adv * size * scale
        runs.append(GlyphRun(r, size, glyphs.tobytes(), xy.tobytes(), piece, color, scale))
    return tuple(runs), x


def word_runs(word: Word, size: float, baseline: float, color: str) -> tuple[GlyphRun, ...]:
    """The word's glyphs from the left of its box, stretched to its width:
    one run for each font that draws a part of it."""
    text = word.text
    if not text:
        return ()
    pieces, natural = _pieces(_role(word), text)
    natural *= size
    x0, _, x1, _ = word.box
    width = max(x1 - x0, 0.1)
    if natural <= 0:
        return ()
    scale = width / natural
    if scale < MIN_SCALE:  # a word much narrower than the font sets it: a smaller size
        size *= scale / MIN_SCALE
        scale = MIN_SCALE
    scale = min(scale, MAX_SCALE)
    return _place(pieces, x0, baseline, size, color, scale)[0]


def set_ocr_line(page: int, line: Line, first: int, end: int, color: str, article: str | None,
                 usual: float | None = None) -> TextLine | None:
    """Words first..end-1 of an ALTO line as one set line (``usual``: the
    type size of the line's block)."""
    words = [w for w in line.words[first:end] if w.text]
    if not words:
        return None
    size = _line_size(line, usual)
    y0 = min(w.box[1] for w in words)
    y1 = max(w.box[3] for w in words)
    ly0, ly1 = line.box[1], line.box[3]
    # the baseline sits where an em box of the size, centred on the line box, has it
    baseline = (ly0 + ly1) / 2 - size / 2 + EM_ASCENT * size
    runs = tuple(r for w in words for r in word_runs(w, size, baseline, color))
    if not runs:
        return None
    bbox = (min(w.box[0] for w in words), min(y0, ly0), max(w.box[2] for w in words), max(y1, ly1))
    return TextLine(page=page, kind="ocr", text=" ".join(w.text for w in words), bbox=bbox, runs=runs,
                    article=article)


def hyphen_line(page: int, line: Line, color: str, usual: float | None = None) -> TextLine | None:
    """The HYP mark at a line's end, set after its last word: drawn, but a
    line of its own, outside every article's text, so that a word broken
    over two lines reads and searches as one."""
    if not line.hyphen or not line.words:
        return None
    last = line.words[-1]
    size = _line_size(line, usual)
    pieces, width = _pieces("serif", line.hyphen)
    width *= size
    x = last.box[2]
    room = line.box[2] - x
    if room >= width:
        x += (room - width) / 2 if room < 2 * width else 0.0
    baseline = (line.box[1] + line.box[3]) / 2 - size / 2 + EM_ASCENT * size
    runs, x_end = _place(pieces, x, baseline, size, color)
    return TextLine(page=page, kind="hyphen", text=line.hyphen,
                    bbox=(last.box[2], line.box[1], x_end, line.box[3]), runs=runs, article=None)


def _poly_region(page: int, points) -> Region:
    return Region(page, tuple((float(x), float(y)) for x, y in points))


def scan_item(sp: ScannedPage) -> ImageItem | None:
    """The image item of a page's scan, under all else on the page (known
    before the page's words are read: the window starts decoding it early)."""
    s = sp.scan
    if s is None:
        return None
    return ImageItem((0.0, 0.0, sp.width_pt, sp.height_pt), str(s.path),
                     (0.0, 0.0, float(s.pixel_width), float(s.pixel_height)),
                     f"scan-{sp.number}", kind="scan", pdf_page=s.pdf_page if s.kind == "pdf" else None)


def layout_scanned_page(issue: ScannedIssue, sp: ScannedPage) -> tuple[PageLayout, dict[str, tuple[list[Region], list[TextLine]]]]:
    """One scanned page, and each article's regions and lines on it."""
    number = sp.number
    color = INVISIBLE if sp.scan is not None else INK
    lines: list[TextLine] = []
    images: list[ImageItem] = []
    boxes: list[BoxItem] = []
    warnings: list[str] = []  # the page's notes are among the issue's problems already
    if sp.scan is not None:
        images.append(scan_item(sp))
    else:
        for b in sp.blocks:
            if b.kind == "illustration":
                images.append(ImageItem(b.box, None, None, b.id, True, "no scan", label="插图 Illustration"))

    # which words of which line belong to which article, in the articles' order
    owner: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    arts_here: list[tuple[ScannedArticle, list]] = []
    for art in issue.articles_on(number):
        spans = [s for s in art.spans if s.page == number]
        if not spans:
            continue
        arts_here.append((art, spans))
        for s in spans:
            for bi, li, w0, w1 in s.lines:
                owner.setdefault((bi, li), []).append((w0, w1, art.id))

    index: dict[tuple[int, int, int], int] = {}  # (block, line, first word) -> index in lines
    for bi, block in enumerate(sp.blocks):
        usual = block_size(block)
        for li, line in enumerate(block.lines):
            segments = sorted(owner.get((bi, li), []))
            pieces: list[tuple[int, int, str | None]] = []
            pos = 0
            for w0, w1, aid in segments:
                w0, w1 = max(w0, pos), min(w1, len(line.words))
                if w0 > pos:
                    pieces.append((pos, w0, None))
                if w1 > w0:
                    pieces.append((w0, w1, aid))
                    pos = w1
            if pos < len(line.words):
                pieces.append((pos, len(line.words), None))
            for w0, w1, aid in pieces:
                tl = set_ocr_line(number, line, w0, w1, color, aid, usual)
                if tl is not None:
                    index[(bi, li, w0)] = len(lines)
                    lines.append(tl)
            hy = hyphen_line(number, line, color, usual)
            if hy is not None:
                lines.append(hy)

    per_article: dict[str, tuple[list[Region], list[TextLine]]] = {}
    articles: list[ArticleOnPage] = []
    for art, spans in arts_here:
        regions = [_poly_region(number, poly) for s in spans for poly in s.regions if len(poly) >= 3]
        idx = []
        for s in spans:
            for bi, li, w0, _w1 in s.lines:
                k = index.get((bi, li, w0))
                if k is None:  # the span starts inside a piece cut at another article's edge
                    k = next((v for (b, l, w), v in index.items() if b == bi and l == li and w <= w0
                              and lines[v].article == art.id), None)
                if k is not None and k not in idx:
                    idx.append(k)
        if not regions:
            boxes_of = [lines[k].bbox for k in idx]
            if boxes_of:
                regions = [Region.of_rect(number, union(boxes_of))]
        if not regions and not idx:
            continue
        articles.append(ArticleOnPage(id=art.id, headline=art.headline, regions=tuple(regions), lines=tuple(idx),
                                      continued=art.pages[0] != number, kind=art.kind))
        per_article[art.id] = (regions, [lines[k] for k in idx])

    if sp.scan is None:
        said = REFUSED_SCAN_NOTE if NOTE_SCAN_REFUSED in sp.notes else NO_SCAN_NOTE
        note = set_simple(number, "note", "sans", NOTE_SIZE, said, 6.0, 2.0, NOTE_SIZE * 1.6, color="#6A6A6A")
        if note is not None:
            x0, y0, x1, y1 = note.bbox
            boxes.append(BoxItem((x0 - 3, y0 - 1, x1 + 3, y1 + 1), 0.0, "#FFFFFF"))
            lines.append(note)

    page = PageLayout(number=number, section="", width_pt=sp.width_pt, height_pt=sp.height_pt, lines=tuple(lines),
                      rules=(), boxes=tuple(boxes), images=tuple(images), links=(), articles=tuple(articles),
                      warnings=tuple(warnings), label=sp.label)
    return page, per_article


def scanned_page_groups(issue: ScannedIssue) -> list[tuple[int, ...]]:
    """Page numbers in groups that must be laid out together: an article
    over several pages ties them (the METS says which; no ALTO is read)."""
    ties = [(a, b) for linked in issue.linked_pages() for a, b in zip(linked, linked[1:])]
    return tied_groups([p.number for p in issue.pages], ties)


def layout_scanned(issue: ScannedIssue, pages: list[int] | None = None) -> IssueLayout:
    """The pages of a scanned issue (or ``pages`` of them) as page layouts."""
    wanted = set(pages) if pages is not None else None
    out: list[PageLayout] = []
    found: dict[str, tuple[list[int], list[Region], list[TextLine]]] = {}
    for sp in issue.pages:
        if wanted is not None and sp.number not in wanted:
            continue
        page, per_article = layout_scanned_page(issue, sp)
        out.append(page)
        for aid, (regions, lns) in per_article.items():
            entry = found.setdefault(aid, ([], [], []))
            entry[0].append(sp.number)
            entry[1].extend(regions)
            entry[2].extend(lns)
    articles = {}
    for art in issue.articles_on(*(p.number for p in out)):
        if art.id in found:
            pages_of, regions, lns = found[art.id]
            articles[art.id] = ArticleLayout(art.id, tuple(pages_of), tuple(regions), tuple(lns))
    return IssueLayout(pages=tuple(out), articles=articles)
