"""Write a saved e-paper site (数字报) of the bundled issue.

The bundled 中国高新技术产业导报 of 2025-12-29 as its publisher's e-paper
site would have it, in the Founder classic layout and in GBK (the form of
tests/data/epaper/classic-gbk; docs/epaper-sites.md describes it):

    SITE/paperindex.htm                          -> the newest date's first page
    SITE/html/2025-12/29/node_2.htm … node_25.htm  the pages (版面), node_{n+1} for page n
    SITE/html/2025-12/29/content_600001.htm …    the articles
    SITE/images/2025-12/29/01/GXDB2025122901.pdf the page PDF (the page exported by Herald)
    SITE/images/2025-12/29/01/GXDB2025122901_b.jpg  its preview, 800 px wide
    SITE/images/2025-12/29/02/p02-photo-1.jpg    the articles' photos

Each page file has the day's page list (every page with its 版名 and its
PDF), the page image shown at 400 px wide with its hot zones (one
``<area shape="polygon">`` for each region of each article, in the image's
displayed pixels), the page's own banner and PDF link, and its headline
list. Each article file has the enpproperty comment (articleid, date,
nodename, introtitle, title, subtitle, author) and the body between the
enpcontent markers; an article continued on another page is two article
files, the first ending with 下转第N版 and the second opening with 上接第N版.

``--dates N`` writes N consecutive dates ending with 2025-12-29 (the same
pages under each date: the HTML is written per date, with its own date and
article ids; the PDFs, previews and photos are hard links to the first
date's, copies where links cannot be made). ``--pages`` writes a part of the
issue (its page list then lists those pages only).

    python tools/make_epaper_site.py --out /tmp/gxdb [--dates 365] [--pages 1-3]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html
import io
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ISSUE = ROOT / "layouts" / "2025-12-29"
CODE = "GXDB"  # the file names' prefix, as KJRB is 科技日报's
PREVIEW_PX = 800  # the preview JPEG's width
DISPLAY_PX = 400  # the width the page file shows the preview at (its map's pixels)
PHOTO_PX = 600  # photos at most this wide
FIRST_ID = 600_000  # the newest date's first article id
IDS_PER_DATE = 300  # article ids of one date: FIRST_ID - k * IDS_PER_DATE + i, + CONTINUED for a continuation part
CONTINUED = 150
WEEKDAYS = "一二三四五六日"


# ---------------------------------------------------------------- the issue's pages and articles, once


@dataclass
class Part:
    """One article file: an article, or the part of it set on one page."""

    key: int  # its place among the day's ids
    source: str  # the bundled issue's article id
    page: int
    headline: str
    kicker: str = ""
    subtitle: str = ""
    author: str = ""
    paragraphs: list[str] = field(default_factory=list)
    photos: list[tuple[str, str]] = field(default_factory=list)  # (file name in the page's image folder, caption)
    regions: list[tuple[tuple[float, float], ...]] = field(default_factory=list)  # polygons in points


@dataclass
class Page:
    number: int
    section: str
    width_pt: float
    height_pt: float
    parts: list[Part]  # in the page's reading order: the headline list's order
    photos: dict[str, Path] = field(default_factory=dict)  # file name -> the bundled photo


def _plain(text: str | None) -> str:
    return " ".join((text or "").split())


def split_text(paragraphs: list[str], counts: list[int]) -> list[list[str]]:
    """The paragraphs cut into len(counts) + 1 parts, the first holding the
    first counts[0] characters (white space not counted), and so on; a cut
    inside a paragraph makes two paragraphs of it."""
    parts: list[list[str]] = [[]]
    want = list(counts)
    for para in paragraphs:
        rest = para
        while want and rest:
            seen, cut = 0, None
            for i, ch in enumerate(rest):
                if not ch.isspace():
                    seen += 1
                    if seen == want[0]:
                        cut = i + 1
                        break
            if cut is None:  # the part goes on in the next paragraph
                want[0] -= seen
                break
            head, rest = rest[:cut].strip(), rest[cut:].strip()
            if head:
                parts[-1].append(head)
            parts.append([])
            want.pop(0)
        if rest:
            parts[-1].append(rest)
    while len(parts) < len(counts) + 1:
        parts.append([])
    return parts


def plan(issue, layout, numbers: list[int]) -> list[Page]:
    """The pages ``numbers`` of the bundled issue as the site shows them."""
    ids = issue.article_ids()
    out = []
    for n in numbers:
        pl = layout.page(n)
        page = Page(n, issue.section(n), pl.width_pt, pl.height_pt, [])
        for art in pl.articles:
            if art.kind != "article":
                continue
            whole = layout.article(art.id)
            reading = issue.reading(art.id)
            pages = list(whole.pages) if whole else [n]
            k = pages.index(n) if n in pages else 0
            key = ids.index(art.id) + (CONTINUED if k else 0)
            part = Part(key, art.id, n, _plain(reading.headline if reading else art.headline))
            part.regions = [r.points for r in art.regions]
            paragraphs = [p for p in (reading.paragraphs if reading else ()) if p.strip()]
            if len(pages) > 1:
                counts = [sum(len("".join(ln.text.split())) for ln in whole.lines if ln.page == p and ln.kind == "body")
                          for p in pages[:-1]]
                paragraphs = split_text(paragraphs, counts)[k]
                jumps = [ln.text.strip() for ln in whole.lines if ln.page == n and ln.kind == "jump"]
                if k > 0:
                    came = next((j for j in jumps if "上接" in j), f"（上接第{pages[k - 1]}版）")
                    paragraphs = [came] + paragraphs
                if k < len(pages) - 1:
                    goes = next((j for j in jumps if "下转" in j), f"（下转第{pages[k + 1]}版）")
                    paragraphs = paragraphs + [goes]
            part.paragraphs = paragraphs
            if k == 0 and reading is not None:
                part.kicker = _plain(reading.kicker)
                part.subtitle = _plain(reading.subtitle)
                part.author = _plain(reading.byline)
                for ph in reading.photos:
                    if ph.path is None or not Path(ph.path).is_file():
                        continue
                    name = Path(ph.path).stem + ".jpg"
                    page.photos[name] = Path(ph.path)
                    caption = " ".join(t for t in (_plain(ph.caption), _plain(ph.credit)) if t)  # 示例/摄 after the caption
                    part.photos.append((name, caption))
            page.parts.append(part)
        out.append(page)
    return out


# ---------------------------------------------------------------- the files a date shares


def export_page_pdf(issue, layout, number: int, target: Path) -> None:
    from viewer.export.pdf import export_issue_pdf

    export_issue_pdf(issue, layout, target, pages=[number])


def write_preview(layout, number: int, target: Path) -> None:
    from PIL import Image
    from PySide6.QtGui import QImage

    from viewer.render.paint import render_image

    img = render_image(layout.page(number), width_px=PREVIEW_PX).convertToFormat(QImage.Format.Format_RGB888)
    im = Image.frombuffer("RGB", (img.width(), img.height()), bytes(img.constBits()), "raw", "RGB",
                          img.bytesPerLine(), 1)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=70, optimize=True)
    target.write_bytes(buf.getvalue())


def write_photo(source: Path, target: Path) -> None:
    from PIL import Image

    with Image.open(source) as im:
        im = im.convert("RGB")
        if im.width > PHOTO_PX:
            im = im.resize((PHOTO_PX, round(im.height * PHOTO_PX / im.width)), Image.LANCZOS)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=75)
    target.write_bytes(buf.getvalue())


def link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# ---------------------------------------------------------------- HTML, per date


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def spaced(section: str) -> str:
    """A two-character 版名 spaced to the width of four, as Founder lists write them (综 合)."""
    return " ".join(section) if len(section) == 2 else section


def _date_text(day: _dt.date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日 星期{WEEKDAYS[day.weekday()]}"


def _folder(day: _dt.date) -> str:
    return f"{day.year}-{day.month:02d}/{day.day:02d}"


def _stem(day: _dt.date, number: int) -> str:
    return f"{CODE}{day:%Y%m%d}{number:02d}"


def page_html(paper: str, day: _dt.date, page: Page, pages: list[Page], ids: dict[int, int],
              earlier: _dt.date | None) -> str:
    folder = _folder(day)
    scale = DISPLAY_PX / page.width_pt
    height_px = round(page.height_pt * scale)
    img = f"../../../images/{folder}/{page.number:02d}/{_stem(day, page.number)}_b.jpg"
    pdf = f"../../../images/{folder}/{page.number:02d}/{_stem(day, page.number)}.pdf"
    areas = []
    for part in page.parts:
        aid = ids[part.key]
        for points in part.regions:
            coords = ",".join(f"{round(x * scale)},{round(y * scale)}" for x, y in points)
            areas.append(f'<Area coords="{coords}" shape="polygon" href="content_{aid}.htm?div=-1">')
    items = "".join(f'<li><img src="../../../tplimg/checkbox.bmp" /><a href=content_{ids[p.key]}.htm?div=-1>'
                    f'<div style="display:inline" id=mp{ids[p.key]}>{esc(p.headline)}</div></a>\n' for p in page.parts)
    nav = "".join(f" <Li>&nbsp;<a id=pageLink href=node_{p.number + 1}.htm>{p.number:02d}： {esc(spaced(p.section))}</a>"
                  f"</Li>" for p in pages)
    rows = "".join(f"<tr><td class=default align=left>&nbsp;<a id=pageLink href=node_{p.number + 1}.htm>"
                   f"第{p.number:02d}版：{esc(spaced(p.section))}</a></td><td nowrap align=middle width=55>"
                   f"<a href=../../../images/{folder}/{p.number:02d}/{_stem(day, p.number)}.pdf>"
                   f'<img height=16 src="../../../tplimg/pdf.gif" width=16 border=0></a></td></tr>\n' for p in pages)
    at = pages.index(page)
    prev_link = (f'<a class=preart href="node_{pages[at - 1].number + 1}.htm">上一版</a>' if at > 0 else "")
    next_link = (f'<a class=preart href="node_{pages[at + 1].number + 1}.htm">下一版</a>'
                 if at + 1 < len(pages) else "")
    back = (f'<a href="../../{_folder(earlier)}/node_{pages[0].number + 1}.htm">上一期</a>' if earlier else "")
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(paper)}--数字报</title>
<link href="../../../tplimg/global.css" type="text/css" rel="stylesheet">
<SCRIPT language=Javascript src="../../../tplimg/mp.js"></SCRIPT>
<SCRIPT id=oMapScript event=onmouseover() for=pagepicmap>
 drawLine(event.srcElement);
</SCRIPT>
</head>
<SPAN id=leveldiv title=点击查看内容 style="Z-INDEX: 100; LEFT: 233px; WIDTH: 210px; POSITION: absolute; TOP: 123px; HEIGHT: 34px"></SPAN>
<body onLoad="initialize();initMPPage();">
<DIV id=pgn>
 <UL>{nav}</UL>
</DIV>
<table width=1002 align=center border=0><tr>
<td valign=top width={DISPLAY_PX + 11}>
<MAP NAME="pagepicmap">
{chr(10).join(areas)}
</MAP><img src={img} width={DISPLAY_PX} height={height_px} border=0 USEMAP=#PagePicMap>
<table width={DISPLAY_PX + 11}><tr><td class="banci">第{page.number:02d}版：<STRONG>{esc(page.section)}</STRONG></td>
<td class=px12>{prev_link} {next_link}</td>
<td class="pdf"><a href={pdf}><IMG height=16 src="../../../tplimg/pdf.gif" width=16 border=0></a></td></tr></table>
</td>
<td valign=top width={1002 - DISPLAY_PX - 11}>
<div class="date">{_date_text(day)}</div>
<div class="title"><ul class="list01">
{items}</ul></div>
<table cellspacing=0 cellpadding=2 width=100% border=0><tbody>
{rows}</tbody></table>
{back}
</td></tr></table>
</body>
</html>
<!--enpproperty <founder-date>{day.isoformat()} 23:59:59</founder-date><founder-pagenum>{page.number:02d}</founder-pagenum><founder-papername>{esc(paper)}</founder-papername><founder-type>2</founder-type><founder-content>{esc(paper)}</founder-content> /enpproperty-->
"""


def article_html(paper: str, day: _dt.date, page: Page, part: Part, aid: int) -> str:
    folder = _folder(day)
    pics = "".join(f"<table align=center><tr><td><img src=../../../images/{folder}/{page.number:02d}/{name} border=0>"
                   f"</td></tr><tr><td align=center class=font03>{esc(caption)}</td></tr></table>\n"
                   for name, caption in part.photos)
    body = "".join(f"<P>　　{esc(p)}</P>\n" for p in part.paragraphs)
    stamp = f"{day.isoformat()} {8 + part.key % 12:02d}:{(part.key * 7) % 60:02d}:{(part.key * 13) % 60:02d}.0"
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(paper)}--数字报</title>
<link href="../../../tplimg/global.css" type="text/css" rel="stylesheet">
</head>
<body>
<table width=98% align=center>
<tr><td class="font02" align=center>{esc(part.kicker)}</td></tr>
<tr><td class="font01" align=center>{esc(part.headline)}</td></tr>
<tr><td class="font02" align=center>{esc(part.subtitle)}</td></tr>
<tr><td class="font03" align=center>{esc(part.author)}</td></tr>
<tr><td>{pics}<div id=ozoom><!--enpcontent--><!--enpcontent-->{body}<!--/enpcontent--><!--/enpcontent--></div></td></tr>
<tr><td align=center class=px12><a href=node_{page.number + 1}.htm>返回第{page.number:02d}版</a></td></tr>
</table>
<!--enpproperty <articleid>{aid}</articleid><date>{stamp}</date><author>{esc(part.author)}</author><title>{esc(part.headline)}</title><keyword></keyword><subtitle>{esc(part.subtitle)}</subtitle><introtitle>{esc(part.kicker)}</introtitle><siteid>1</siteid><nodeid>{100 + page.number}</nodeid><nodename>{esc(page.section)}</nodename><nodesearchname></nodesearchname><picurl></picurl>/enpproperty-->
</body>
</html>
"""


def write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("gbk", errors="xmlcharrefreplace"))


# ---------------------------------------------------------------- the site


def parse_pages(text: str) -> list[int]:
    """1-3,5 -> [1, 2, 3, 5]"""
    out: set[int] = set()
    for piece in text.split(","):
        piece = piece.strip()
        if not piece:
            continue
        a, _, b = piece.partition("-")
        out.update(range(int(a), int(b or a) + 1))
    return sorted(out)


def make_site(out: str | Path, dates: int = 1, pages: list[int] | None = None, issue_path: str | Path = ISSUE,
              quiet: bool = True) -> Path:
    """Write the site into ``out`` (made if missing; the date folders it
    writes are replaced) and return it."""
    from viewer.issue import open_issue

    out = Path(out)
    issue = open_issue(issue_path)
    numbers = [n for n in issue.numbers if pages is None or n in pages]
    if not numbers:
        raise SystemExit(f"no such pages in the issue (it has {issue.numbers[0]}-{issue.numbers[-1]})")
    layout = issue.layout_for(numbers if pages is not None else None)
    site_pages = plan(issue, layout, numbers)
    paper = issue.meta.paper
    newest = issue.meta.date
    days = [newest - _dt.timedelta(days=k) for k in range(dates)]
    first: dict[tuple, Path] = {}  # the files the later dates link to
    t0 = time.perf_counter()
    for k, day in enumerate(days):
        html_dir = out / "html" / _folder(day)
        shutil.rmtree(html_dir, ignore_errors=True)
        shutil.rmtree(out / "images" / _folder(day), ignore_errors=True)
        html_dir.mkdir(parents=True)
        base = FIRST_ID - k * IDS_PER_DATE
        ids = {p.key: base + 1 + p.key for page in site_pages for p in page.parts}
        earlier = days[k + 1] if k + 1 < len(days) else None
        for page in site_pages:
            img_dir = out / "images" / _folder(day) / f"{page.number:02d}"
            img_dir.mkdir(parents=True)
            files = {f"{_stem(day, page.number)}.pdf": ("pdf", page.number),
                     f"{_stem(day, page.number)}_b.jpg": ("jpg", page.number),
                     **{name: ("photo", name) for name in page.photos}}
            for name, (what, which) in files.items():
                target = img_dir / name
                if (what, which) in first:
                    link_or_copy(first[(what, which)], target)
                    continue
                if what == "pdf":
                    export_page_pdf(issue, layout, page.number, target)
                elif what == "jpg":
                    write_preview(layout, page.number, target)
                else:
                    write_photo(page.photos[which], target)
                first[(what, which)] = target
            write_text(html_dir / f"node_{page.number + 1}.htm", page_html(paper, day, page, site_pages, ids, earlier))
            for part in page.parts:
                write_text(html_dir / f"content_{ids[part.key]}.htm", article_html(paper, day, page, part, ids[part.key]))
        if not quiet and (k == 0 or (k + 1) % 50 == 0 or k + 1 == len(days)):
            print(f"  {k + 1}/{len(days)} dates ({time.perf_counter() - t0:.1f} s)", file=sys.stderr, flush=True)
    write_text(out / "paperindex.htm", f'<META HTTP-EQUIV="REFRESH" CONTENT="0; URL=html/{_folder(newest)}/'
                                       f'node_{numbers[0] + 1}.htm">\n')
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="the site folder to write")
    ap.add_argument("--dates", type=int, default=1, help="consecutive dates ending with the issue's (default 1)")
    ap.add_argument("--pages", help="the pages to write, as 1-3,5 (default: all)")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.dates < 1:
        ap.error("--dates must be at least 1")
    t0 = time.perf_counter()
    site = make_site(args.out, args.dates, parse_pages(args.pages) if args.pages else None, quiet=False)
    files = [p for p in site.rglob("*") if p.is_file()]
    inodes = {(p.stat().st_dev, p.stat().st_ino): p.stat().st_size for p in files}
    print(f"wrote {site}: {args.dates} date{'s' if args.dates != 1 else ''}, {len(files)} files, "
          f"{sum(inodes.values()) / 1e6:.1f} MB on disk, {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
