"""Finishing an exported PDF: what PyMuPDF adds once the pages are written.

Page labels as the paper names its pages (01版, or a scanned page's printed
number), the outline of pages and their articles, the links of the guide
and the jump lines inside the file, and the document's metadata: its info,
XMP, language and the reader's preference to show its title.
"""

from __future__ import annotations

import time

from ..layout.values import IssueLayout, PageLayout
from ..mupdf import load_pymupdf
from .writing import CREATOR

LANGUAGE = "zh-CN"


def page_label(page: PageLayout) -> str:
    """The page's name as the paper prints it: 01版 (a library's page
    number, p. 11, for a scanned page)."""
    return f"p. {page.label}" if page.label else f"{page.number:02d}版"


def write_page_labels(doc, labels: list[str]) -> None:
    """/PageLabels with a prefix per page (01版 ...). PyMuPDF's
    set_page_labels writes non-ASCII prefixes as UTF-8 bytes, which PDF
    readers take for PDFDocEncoding; write UTF-16 strings instead."""
    pymupdf = load_pymupdf()
    nums = "".join(f"{i}<</P{pymupdf.get_pdf_str(label)}>>" for i, label in enumerate(labels))
    doc.xref_set_key(doc.pdf_catalog(), "PageLabels", f"<</Nums[{nums}]>>")


def issue_title(issue) -> str:
    d = issue.date
    return f"{issue.paper} {d.year}年{d.month}月{d.day}日" if d else issue.paper


def _issue_subject(issue) -> str:
    if issue.issue_number is None:
        label = f"No. {issue.issue_label}, " if issue.issue_label else ""
        return f"{label}{issue.page_count} page{'s' if issue.page_count != 1 else ''}"
    s = f"第{issue.issue_number}期"
    if issue.serial_number:
        s += f"（总第{issue.serial_number}期）"
    return s + f" 今日{issue.page_count}版"


def write_metadata(doc, issue, extra_title: str = "") -> None:
    """Document info, XMP (Qt's own names only the title) and /Lang."""
    pymupdf = load_pymupdf()
    title = issue_title(issue) + extra_title
    language = issue.language or LANGUAGE
    meta = {
        "title": title,
        "author": issue.publisher or issue.paper,
        "subject": _issue_subject(issue),
        "keywords": ", ".join(k for k in (issue.paper, issue.paper_en, issue.date.isoformat() if issue.date else None)
                              if k),
        "creator": CREATOR,
        "producer": f"PyMuPDF {pymupdf.VersionBind}, Qt",
    }
    doc.set_metadata(meta)
    doc.set_xml_metadata(_xmp(meta, language))
    cat = doc.pdf_catalog()
    doc.xref_set_key(cat, "Lang", pymupdf.get_pdf_str(language))
    doc.xref_set_key(cat, "ViewerPreferences", "<</DisplayDocTitle true>>")


def _xmp(meta: dict, language: str) -> str:
    from xml.sax.saxutils import escape

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<dc:title>{alt(meta['title'])}</dc:title>"
        f"<dc:description>{alt(meta['subject'])}</dc:description>"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(meta['author'])}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"
        f"<pdf:Keywords>{escape(meta['keywords'])}</pdf:Keywords>"
        f"<pdf:Producer>{escape(meta['producer'])}</pdf:Producer>"
        f"<xmp:CreatorTool>{escape(meta['creator'])}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{now}</xmp:CreateDate><xmp:ModifyDate>{now}</xmp:ModifyDate>"
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )


def _target_point(page: PageLayout, article: str | None) -> tuple[float, float]:
    """The top-left of an article's part on a page (or the page's top)."""
    if article:
        for art in page.articles:
            if art.id == article:
                tops = [r.bounds for r in art.regions[:1]] + [page.lines[i].bbox for i in art.lines[:1]]
                if tops:
                    return max(0.0, min(t[0] for t in tops) - 4), max(0.0, min(t[1] for t in tops) - 4)
    return 0.0, 0.0


def outline(layout: IssueLayout, numbers: list[int]) -> list:
    pymupdf = load_pymupdf()

    toc = []
    for idx, n in enumerate(numbers):
        page = layout.page(n)
        toc.append([1, f"{page_label(page)} {page.section}".strip(), idx + 1,
                    {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(0, 0), "zoom": 0}])
        for art in page.articles:
            if art.kind == "block":
                continue  # a text block of a page without articles: no entry of its own
            x, y = _target_point(page, art.id)
            title = art.headline.replace("\n", " ").replace("\xad", "").strip()
            if art.continued:
                home = layout.article(art.id)
                src = home.pages[0] if home and home.pages else None
                if page.label:  # a scanned page: its printed number
                    src_page = layout.page(src) if src else None
                    title = f"{title} (from {page_label(src_page)})" if src_page else f"{title} (continued)"
                else:
                    title = f"{title}（上接第{src}版）" if src else f"{title}（续）"
            toc.append([2, title, idx + 1, {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(x, y), "zoom": 0}])
    return toc


def add_links(doc, layout: IssueLayout, numbers: list[int]) -> int:
    pymupdf = load_pymupdf()

    index = {n: i for i, n in enumerate(numbers)}
    count = 0
    for i, n in enumerate(numbers):
        page = layout.page(n)
        for link in page.links:
            if link.page not in index:
                continue  # the target page is not in this file
            target = layout.page(link.page)
            x, y = _target_point(target, link.article)
            x0, y0, x1, y1 = link.rect
            doc[i].insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(x0, y0, x1, y1),
                                "page": index[link.page], "to": pymupdf.Point(x, y), "zoom": 0})
            count += 1
    return count
