"""A digitised newspaper from a library: a METS/ALTO package (or ALTO files
alone), its pages drawn on their scans (or rebuilt from the OCR) by the
scanned-page importer."""

from __future__ import annotations


from ..messages import Msg
from ..model.problems import Problem, named_chars
from . import describe as d
from .base import PRINTED_CAPTIONS, IssueMeta, Reading, SourceIssue
from .text import IssueText, Unit, fields, join_lines

KIND = "mets-alto"


class PackageIssue(SourceIssue):
    """A METS/ALTO package, read page by page as it is used (``issue``: a
    viewer.sources.model.ScannedIssue)."""

    kind = KIND
    captions = PRINTED_CAPTIONS
    ocr_layer = True

    @property
    def meta(self) -> IssueMeta:
        iss = self.issue
        number = int(iss.issue_label) if iss.issue_label and str(iss.issue_label).isdigit() else None
        return IssueMeta(paper=iss.title, date=iss.date, issue_number=number, issue_label=iss.issue_label,
                         page_count=len(iss.pages), language=iss.language)

    def left_out(self) -> list[int]:
        return list(self.issue.left_out)

    def page_label(self, number: int) -> str:
        sp = self.issue.page(number)
        return f"p. {sp.label if sp else number}"

    def caption(self, number: int, form: str = "label") -> tuple[str, dict]:
        key, values = super().caption(number, form)
        sp = self.issue.page(number)
        if form != "ref":  # the printed page number alone; "ref" names the page as page_label does
            values["label"] = sp.label if sp is not None else number
        return key, values

    def page_size(self, number: int) -> tuple[float, float] | None:
        sp = self.issue.page(number)
        return (sp.width_pt, sp.height_pt) if sp else None

    def title(self) -> str:
        m = self.meta
        return f"{m.paper}, {m.date.isoformat()}" if m.date else m.paper

    def groups(self) -> list[tuple[int, ...]]:
        from ..layout.scanned import scanned_page_groups

        return scanned_page_groups(self.issue)

    def lay_out(self, pages: list[int] | None = None):
        from ..layout.scanned import layout_scanned

        return layout_scanned(self.issue, pages)

    def cache_key(self, pages: tuple[int, ...] | None) -> str | None:
        """The METS (or first ALTO) file, and of each page its number, label,
        size, scan and ALTO file: what its layout is made of (an article
        over several pages ties them into one group)."""
        import hashlib

        from .cache import file_digest

        root = self.root
        h = hashlib.sha256(f"{self.issue.source_file}\0{file_digest(root / self.issue.source_file)}\n".encode(
            "utf-8", "surrogateescape"))
        wanted = None if pages is None else set(pages)
        for sp in self.issue.pages:
            if wanted is not None and sp.number not in wanted:
                continue
            alto = file_digest(root / sp.alto_file)
            if not alto:
                return None
            scan = None
            if sp.scan is not None:
                s = sp.scan
                scan = (str(s.path), s.kind, s.pixel_width, s.pixel_height, s.pdf_page, s.format, s.dpi,
                        s.page_size_pt)
            h.update(repr((sp.number, sp.label, sp.alto_file, alto, sp.width_pt, sp.height_pt, scan,
                           sp.notes)).encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    def background(self, number: int):
        from ..layout.scanned import scan_item

        sp = self.issue.page(number)
        return scan_item(sp) if sp is not None else None

    def article_ids(self) -> list[str]:
        return [a.id for a in self.issue.articles]

    def article_home(self, article_id: str) -> int | None:
        art = self.issue.article(article_id)
        return art.pages[0] if art and art.pages else None

    def reading(self, article_id: str) -> Reading | None:
        art = self.issue.article(article_id)
        if art is None:
            return None
        paras = [" ".join(p.split()) for p in art.text.split("\n\n") if p.strip()]
        # the headline is the article's first block, or its first line: not twice
        head = " ".join(art.headline.split())
        if paras and head and paras[0].startswith(head):
            rest = paras[0][len(head):].strip()
            paras = ([rest] if rest else []) + paras[1:]
        return Reading(id=art.id, headline=art.headline, paragraphs=tuple(paras), ocr=True)

    def check(self) -> list[Problem]:
        # a package's pages and articles are read on first use: all of them now
        self.issue.load_all()
        self.problems = list(self.issue.problems) + undrawable_chars(self.issue)
        return list(self.problems)

    def file_page(self, file: str) -> int | None:
        for p in self.issue.pages:
            if p.alto_file == file:
                return p.number
        return None

    # ---- text and description
    def search_text(self, missing_chars=None) -> IssueText:
        """Each article's text on the first page it is printed on."""
        issue = self.issue
        issue.load_all()  # every page read: the problems found on the way count
        out = IssueText(KIND, issue.title or None, issue.date, issue.issue_label or "", len(issue.pages),
                        problems=list(issue.problems))
        for art in issue.articles:
            text = fields(art.text)
            if not text:
                continue
            pages = art.pages
            page = pages[0] if pages else (issue.pages[0].number if issue.pages else 1)
            headline = join_lines(art.headline) if art.headline else ""
            out.units.append(Unit(page, art.id, headline, text))
        return out

    def describe(self, with_layout: bool = True, pages: list[int] | None = None) -> dict:
        """Its pages with their scans and notes, and the articles its METS
        defines (or its text blocks), each with its text, regions and lines."""
        issue = self.issue
        layout = self.layout_for(pages) if with_layout else None
        out = d.meta_info(self)
        out["source"] = issue.source_file
        out["profile"] = issue.profile
        out["language"] = issue.language
        for sp in issue.pages:
            if pages is not None and sp.number not in pages:
                continue
            page = {"number": sp.number, "name": "", "label": self.page_label(sp.number), "alto": sp.alto_file,
                    "scan": None, "notes": list(sp.notes), "articles": []}
            if sp.scan is not None:
                s = sp.scan
                page["scan"] = {"file": s.path.relative_to(issue.root).as_posix(), "format": s.format,
                                "pixels": [s.pixel_width, s.pixel_height],
                                "pdf_page": s.pdf_page if s.kind == "pdf" else None}
            pl = layout.page(sp.number) if layout else None
            page.update(d.page_geometry(pl, (sp.width_pt, sp.height_pt)))
            here = [(art.id, {"id": art.id, "kind": art.kind, "kicker": None, "headline": art.headline,
                              "subtitle": None, "byline": None, "signoff": None, "text": art.text, "sample": False})
                    for art in issue.articles if art.spans and art.spans[0].page == sp.number]
            out["pages"].append(d.articles_only(page, here, layout, pl, sp.number))
        return out

    def describe_heading(self, info: dict) -> Msg:
        n = info["page_count"]
        return Msg("{title} ({pages} page{s}, {profile} package {source})", title=self.title(), pages=n,
                   s="s" if n != 1 else "", profile=info["profile"], source=info["source"])


def undrawable_chars(issue) -> list[Problem]:
    """A warning for each page rebuilt from the OCR (it has no scan) whose
    words hold characters that no bundled font draws, not even the
    fallbacks: they show as boxes."""
    from ..typefaces import missing_chars

    out = []
    for sp in issue.pages:
        if sp.scan is not None:
            continue
        regular, bold = {}, {}  # the distinct characters, as the words' roles draw them
        for block in sp.blocks:
            for line in block.lines:
                for w in line.words:
                    (bold if w.bold else regular).update(dict.fromkeys(w.text))
                if line.hyphen:
                    regular.update(dict.fromkeys(line.hyphen))
        missing = dict.fromkeys(missing_chars("".join(regular), "serif", fallback=True)
                                + missing_chars("".join(bold), "serif_bold", fallback=True))
        if missing:
            out.append(Problem(sp.alto_file, "", Msg("page {page} (rebuilt from the OCR): characters no bundled font "
                                                     "has, drawn as boxes: {chars}", page=sp.label,
                                                     chars=named_chars("".join(missing))), severity="warning"))
    return out


def open_package_issue(path) -> PackageIssue:
    from ..sources.package import open_package

    return PackageIssue(open_package(path))
