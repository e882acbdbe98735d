"""PDF export: the bundled issue exported once, then read back with PyMuPDF."""

from __future__ import annotations

import collections
import contextlib
import io
import json
import re
import struct
import unicodedata
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.export import passthrough, writing
from viewer.export.pdf import ARTICLE_MARGIN_PT, export_issue_pdf
from viewer.layout.setting import VERTICAL_FORMS
from viewer.mupdf import load_pymupdf

pymupdf = load_pymupdf()

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"
FROM_VERTICAL = {v: k for k, v in VERTICAL_FORMS.items()}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def _pdf_text(token: str) -> str:
    """A PDF string token, (literal) or <hex>, as text (UTF-16BE with a BOM,
    or single bytes)."""
    if token.startswith("<"):
        raw = bytes.fromhex(token[1:-1])
    else:
        raw = token[1:-1].encode("latin-1")
    if raw[:2] == b"\xfe\xff":
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


def page_labels(doc) -> list[str]:
    """Every page's label, read from /PageLabels (prefix-only rules, as the
    export writes them). PyMuPDF's get_label() returns UTF-16 label strings
    undecoded, hence this."""
    kind, value = doc.xref_get_key(doc.pdf_catalog(), "PageLabels")
    assert kind == "dict", "no page labels"
    rules = [(int(i), _pdf_text(t)) for i, t in re.findall(r"(\d+)\s*<<\s*/P\s*(<[0-9A-Fa-f]*>|\([^)]*\))", value)]
    rules.sort()
    out = []
    for n in range(doc.page_count):
        prefix = [p for start, p in rules if start <= n]
        out.append(prefix[-1] if prefix else "")
    return out


@pytest.fixture(scope="session")
def exported(bundled_layout, tmp_path_factory):
    data, layout = bundled_layout
    path = tmp_path_factory.mktemp("export") / "issue.pdf"
    result = export_issue_pdf(data, layout, path)
    doc = pymupdf.open(path)
    yield data, layout, doc, result
    doc.close()


@pytest.fixture(scope="session")
def info_json():
    code, out, _ = run_cli("info", "--json", BUNDLED)
    assert code == 0
    return json.loads(out)


def chars_by_line(page, boxes: list[tuple[float, float, float, float]]) -> tuple[dict[int, list], list]:
    """Each extracted character, given to the box that holds its centre."""
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES)
    buckets = collections.defaultdict(list)
    for i, b in enumerate(boxes):
        for k in range(int(b[1] // 8), int(b[3] // 8) + 1):
            buckets[k].append(i)
    out: dict[int, list] = collections.defaultdict(list)
    stray = []
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                    for i in buckets.get(int(cy // 8), ()):
                        b = boxes[i]
                        if b[0] - 0.5 <= cx <= b[2] + 0.5 and b[1] <= cy <= b[3]:
                            out[i].append((x0, y0, x1, y1, ch["c"]))
                            break
                    else:
                        stray.append(ch["c"])
    return out, stray


def line_text(chars, vertical: bool = False) -> str:
    chars = sorted((c for c in chars if not c[4].isspace()), key=lambda c: c[1] if vertical else c[0])
    return "".join(FROM_VERTICAL.get(c[4], c[4]) if vertical else c[4] for c in chars)


@pytest.fixture(scope="session")
def extracted(exported):
    """{page number: {line index: extracted text}} for every laid-out line."""
    _, layout, doc, _ = exported
    out, strays = {}, {}
    for i, pl in enumerate(layout.pages):
        chars, stray = chars_by_line(doc[i], [ln.bbox for ln in pl.lines])
        out[pl.number] = {k: line_text(chars.get(k, []), ln.vertical) for k, ln in enumerate(pl.lines)}
        strays[pl.number] = "".join(c for c in stray if not c.isspace())
    return out, strays


# ------------------------------------------------------------ pages


def test_a_pdf_page_per_newspaper_page_at_its_own_size(exported):
    _, layout, doc, result = exported
    assert doc.page_count == len(layout.pages) == 24
    assert result.pages == tuple(range(1, 25))
    for page, pl in zip(doc, layout.pages):
        assert page.rect.width == pytest.approx(pl.width_pt, abs=0.01)
        assert page.rect.height == pytest.approx(pl.height_pt, abs=0.01)
        assert page.rotation == 0


def test_pages_are_labelled_like_the_paper(exported):
    _, layout, doc, _ = exported
    assert page_labels(doc) == [f"{n:02d}版" for n in range(1, 25)]


def test_metadata_names_the_paper_date_numbers_and_language(exported):
    data, _, doc, _ = exported
    meta = doc.metadata
    assert meta["title"] == "中国高新技术产业导报 2025年12月29日"
    assert "第48期" in meta["subject"] and "2652" in meta["subject"]
    assert doc.xref_get_key(doc.pdf_catalog(), "Lang") == ("string", "zh-CN")
    xmp = doc.get_xml_metadata()
    assert meta["title"] in xmp and "<rdf:li>zh-CN</rdf:li>" in xmp


def test_text_is_vector_in_embedded_subset_fonts(exported):
    _, _, doc, _ = exported
    fonts = {}
    for page in doc:
        for xref, ext, kind, base, *_ in page.get_fonts(full=True):
            fonts[xref] = (ext, kind, base)
    assert fonts
    source_sizes = {p.stem: p.stat().st_size for p in (ROOT / "resources" / "fonts").glob("*.[ot]tf")}
    for xref, (ext, kind, base) in fonts.items():
        assert ext != "n/a", f"{base} is not embedded"
        assert re.match(r"^[A-Z]{6}\+Herald", base), f"{base} is not a tagged subset"
        _, _, _, content = doc.extract_font(xref)
        family = base.split("+", 1)[1]
        assert 0 < len(content) < source_sizes[family] / 4, f"{base} looks like the whole font"
    # text, not pictures of text: every page has a text layer
    assert all(page.get_text("text").strip() for page in doc)


# ------------------------------------------------------------ images


def _png_idat(path: Path) -> bytes:
    raw = path.read_bytes()
    pos, out = 8, []
    while pos < len(raw):
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        if kind == b"IDAT":
            out.append(raw[pos + 8:pos + 8 + length])
        pos += 12 + length
    return b"".join(out)


def test_images_keep_their_own_data_and_photos_above_300_dpi_go_in_at_300_dpi(exported):
    """Photos placed at more than 300 dpi are downsampled to 300 dpi; QR
    codes and the photos at lower resolutions keep their compressed rows."""
    data, layout, doc, _ = exported
    from PIL import Image

    from viewer.model.types import Photo

    photos = {b.id for pd in data.pages for b in pd.page.blocks if isinstance(b, Photo)}

    streams = {}
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "Subtype") == ("name", "/Image"):
            streams[doc.xref_stream_raw(xref)] = (int(doc.xref_get_key(xref, "Width")[1]),
                                                  int(doc.xref_get_key(xref, "Height")[1]))
    dpi = {}  # the highest resolution each photo's file is placed at
    others = set()
    for pl in layout.pages:
        for im in pl.images:
            if im.path and im.block_id not in photos:
                others.add(im.path)
            elif im.path:
                (x0, y0, x1, y1), (sx0, sy0, sx1, sy1) = im.rect, im.crop
                dpi[im.path] = max(dpi.get(im.path, 0), (sx1 - sx0) * 72 / (x1 - x0), (sy1 - sy0) * 72 / (y1 - y0))
    kept = [p for p, d in dpi.items() if d <= 300] + sorted(others)
    reduced = [p for p, d in dpi.items() if d > 300]
    assert len(kept) > 20 and len(reduced) > 5 and any("qr" in p for p in others)  # the bundled issue has all
    for path in kept:
        with Image.open(path) as im:
            size = im.size
        data = _png_idat(Path(path))
        assert data in streams, f"{Path(path).name}: its compressed rows are not in the PDF as they are"
        assert streams[data] == size, f"{Path(path).name}: resampled"
    sizes = set(streams.values())
    for path in reduced:
        with Image.open(path) as im:
            w, h = im.size
        want = (round(w * 300 / dpi[path]), round(h * 300 / dpi[path]))
        assert want in sizes, f"{Path(path).name} ({w} x {h} at {dpi[path]:.0f} dpi) is not in the PDF at 300 dpi"


def test_jpeg_goes_in_unchanged_and_odd_images_are_decoded_once(tmp_path):
    from PIL import Image

    jpg = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(jpg, quality=80)
    keys, data, mask = passthrough._image_streams(str(jpg))
    assert data == jpg.read_bytes() and keys["Filter"] == "/DCTDecode" and mask is None
    rgba = tmp_path / "alpha.png"
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(rgba)
    keys, data, mask = passthrough._image_streams(str(rgba))
    assert keys["Filter"] == "/FlateDecode" and mask is not None


def test_photos_are_cropped_where_the_layout_crops_them(exported):
    """MuPDF's rendering of each photo in the PDF matches Qt's of the layout."""
    from PIL import Image, ImageChops, ImageFilter, ImageStat
    from PySide6.QtGui import QImage

    from viewer.render.paint import render_image

    _, layout, doc, _ = exported
    dpi = 40
    k = dpi / 72
    checked = 0
    for n in (1, 2, 3):
        pix = doc[n - 1].get_pixmap(dpi=dpi)
        mu = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        qi = render_image(layout.page(n), dpi).convertToFormat(QImage.Format.Format_RGB888)
        qt = Image.frombuffer("RGB", (qi.width(), qi.height()), bytes(qi.constBits()), "raw", "RGB", qi.bytesPerLine(), 1)
        for item in layout.page(n).images:
            if not item.path:
                continue
            box = (round(item.rect[0] * k) + 2, round(item.rect[1] * k) + 2, round(item.rect[2] * k) - 2, round(item.rect[3] * k) - 2)
            # blurred: the two resample fine patterns (QR codes) differently
            a, b = (im.crop(box).filter(ImageFilter.GaussianBlur(3)) for im in (mu, qt))
            diff = ImageChops.difference(a, b)
            assert max(ImageStat.Stat(diff).mean) < 6, f"page {n}: {Path(item.path).name} is not where the screen has it"
            checked += 1
    assert checked >= 4


# ------------------------------------------------------------ text layer


def test_every_article_extracts_to_its_descriptor_text(exported, extracted):
    data, layout, _, _ = exported
    lines_text, _ = extracted
    failures = []
    for pd, art in data.articles():
        al = layout.article(art.id)
        assert al is not None, art.id
        text = data.texts.get(art.id, "")
        expected = squeeze(text)
        if expected and art.byline:
            expected = squeeze(art.byline) + expected
        got = []
        for ln in al.lines:
            if ln.kind != "body":
                continue
            pl = layout.page(ln.page)
            got.append(lines_text[ln.page][pl.lines.index(ln)])
        if "".join(got) != expected:
            a, b = "".join(got), expected
            k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            failures.append(f"{art.id}: differs at {k}: pdf {a[k - 5:k + 10]!r} vs text {b[k - 5:k + 10]!r}")
    assert not failures, "\n".join(failures)


def test_headlines_signoffs_and_jump_lines_extract_as_set(exported, extracted):
    data, layout, _, _ = exported
    lines_text, _ = extracted
    for pd, art in data.articles():
        al = layout.article(art.id)
        home = [ln for ln in al.lines if ln.page == pd.page.number]

        def joined(kind):
            pl = layout.page(pd.page.number)
            return "".join(lines_text[pd.page.number][pl.lines.index(ln)] for ln in home if ln.kind == kind)

        assert joined("headline") == squeeze(art.headline), art.id
        if art.kicker:
            assert joined("kicker") == squeeze(art.kicker), art.id
        if art.subtitle:
            assert joined("subtitle") == squeeze(art.subtitle), art.id
        if art.signoff and data.texts.get(art.id):
            signoffs = [ln for ln in al.lines if ln.kind == "signoff"]
            assert len(signoffs) == 1
            pl = layout.page(signoffs[0].page)
            assert lines_text[pl.number][pl.lines.index(signoffs[0])] == squeeze(art.signoff)
        for ln in al.lines:
            if ln.kind == "jump":
                pl = layout.page(ln.page)
                assert re.fullmatch(r"（[上下][接转]第\d+版）", lines_text[ln.page][pl.lines.index(ln)])


def test_every_line_of_every_page_extracts_to_its_text(exported, extracted):
    _, layout, _, _ = exported
    lines_text, strays = extracted
    bad = []
    for pl in layout.pages:
        for i, ln in enumerate(pl.lines):
            if lines_text[pl.number][i] != squeeze(ln.text):
                bad.append(f"page {pl.number} {ln.kind}: {ln.text[:20]!r} -> {lines_text[pl.number][i][:20]!r}")
        assert not strays[pl.number], f"page {pl.number}: text outside every line box: {strays[pl.number][:40]!r}"
    assert not bad, "\n".join(bad[:20])


def test_no_control_characters_and_no_radical_look_alikes(exported):
    _, _, doc, _ = exported
    text = "".join(page.get_text("text") for page in doc)
    controls = {c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"}
    radicals = {c for c in text if 0x2E80 <= ord(c) <= 0x2FDF}
    private = {c for c in text if unicodedata.category(c) in ("Co", "Cn")}
    assert not controls and not radicals and not private, (controls, radicals, private)


def test_line_boxes_match_info_json_within_half_a_point(exported, info_json):
    _, layout, doc, _ = exported
    by_page = collections.defaultdict(list)
    for page in info_json["pages"]:
        for art in page["articles"]:
            for ln in art["lines"]:
                by_page[ln["page"]].append(ln)
    assert sum(len(v) for v in by_page.values()) > 1000
    worst = 0.0
    for number, lines in by_page.items():
        boxes = [tuple(ln["bbox"]) for ln in lines]
        chars, _ = chars_by_line(doc[number - 1], boxes)
        for i, ln in enumerate(lines):
            got = [c for c in chars.get(i, []) if not c[4].isspace()]
            assert got, f"page {number}: nothing extracted in the box of {ln['text'][:20]!r}"
            box = (min(c[0] for c in got), min(c[1] for c in got), max(c[2] for c in got), max(c[3] for c in got))
            d = max(abs(a - b) for a, b in zip(box, ln["bbox"]))
            worst = max(worst, d)
            assert d <= 0.5, f"page {number} {ln['kind']} {ln['text'][:20]!r}: pdf {box} vs info {ln['bbox']}"
    assert worst <= 0.5


def test_every_laid_out_line_box_matches_the_pdf(exported):
    """Not only article lines: mastheads, guides, captions, headers too."""
    _, layout, doc, _ = exported
    for pl in layout.pages:
        chars, _ = chars_by_line(doc[pl.number - 1], [ln.bbox for ln in pl.lines])
        for i, ln in enumerate(pl.lines):
            got = [c for c in chars.get(i, []) if not c[4].isspace()]
            box = (min(c[0] for c in got), min(c[1] for c in got), max(c[2] for c in got), max(c[3] for c in got))
            assert max(abs(a - b) for a, b in zip(box, ln.bbox)) <= 0.5, (pl.number, ln.kind, ln.text[:20], box, ln.bbox)


# ------------------------------------------------------------ outline and links


def test_outline_holds_every_page_under_its_section_and_every_article_under_its_page(exported):
    _, layout, doc, _ = exported
    toc = doc.get_toc(simple=False)
    pages = [t for t in toc if t[0] == 1]
    assert [t[1] for t in pages] == [f"{pl.number:02d}版 {pl.section}" for pl in layout.pages]
    assert [t[2] for t in pages] == list(range(1, 25))
    current = None
    seen: dict[int, list[str]] = collections.defaultdict(list)
    for level, title, page, dest in toc:
        if level == 1:
            current = page
            continue
        assert level == 2 and page == current
        seen[page].append(title)
        assert dest["kind"] == pymupdf.LINK_GOTO
    for pl in layout.pages:
        titles = seen[pl.number]
        assert len(titles) == len(pl.articles)
        for art, title in zip(pl.articles, titles):
            assert title.startswith(art.headline.replace("\n", " ").strip())
    # each article entry points at the article's place on its page
    for level, title, page, dest in toc:
        if level != 2:
            continue
        pl = layout.page(page)
        art = pl.articles[seen[page].index(title)]
        x0, y0, _, _ = art.regions[0].bounds
        first = pl.lines[art.lines[0]].bbox
        x0, y0 = min(x0, first[0]), min(y0, first[1])
        to = dest["to"]
        assert x0 - 6 <= to.x <= x0 and y0 - 6 <= to.y <= y0, (title, to, (x0, y0))


def test_guide_links_go_to_the_pages_they_name(exported):
    _, layout, doc, _ = exported
    links = [ln for ln in doc[0].get_links() if ln["kind"] == pymupdf.LINK_GOTO]
    assert [ln["page"] + 1 for ln in links] == [2, 3, 5, 13, 21, 23]
    guide = [ln for ln in layout.page(1).lines if ln.kind == "guide" and ln.text.endswith("版")]
    for link, ref in zip(links, guide):
        r = link["from"]
        assert r.x0 <= ref.bbox[0] and ref.bbox[2] <= r.x1 + 0.1 and r.y0 - 0.1 <= ref.bbox[1] <= r.y1
        assert ref.text == f"{link['page'] + 1:02d}版"
        # and land on the article's headline
        target = layout.page(link["page"] + 1)
        assert link["to"].y < target.lines[target.articles[0].lines[0]].bbox[3]


def test_jump_lines_link_to_the_continuation(exported):
    _, layout, doc, _ = exported
    jumps = [(pl.number, ln) for pl in layout.pages for ln in pl.lines if ln.kind == "jump"]
    assert jumps, "the bundled issue has continued articles"
    for number, ln in jumps:
        target = int(re.search(r"第(\d+)版", ln.text).group(1))
        links = doc[number - 1].get_links()
        centre = pymupdf.Point((ln.bbox[0] + ln.bbox[2]) / 2, (ln.bbox[1] + ln.bbox[3]) / 2)
        hit = [k for k in links if k["from"].contains(centre)]
        assert hit and hit[0]["page"] + 1 == target, (number, ln.text)


# ------------------------------------------------------------ command line


def test_export_command_writes_chosen_pages_with_their_labels_and_links(tmp_path):
    out = tmp_path / "some.pdf"
    code, stdout, stderr = run_cli("export", BUNDLED, "-o", out, "--pages", "1-3,5")
    assert code == 0, stderr
    assert "4 pages" in stdout
    with pymupdf.open(out) as doc:
        assert page_labels(doc) == ["01版", "02版", "03版", "05版"]
        assert [k["page"] for k in doc[0].get_links()] == [1, 2, 3]  # 13, 21, 23 are not in the file
        assert [t[1][:3] for t in doc.get_toc() if t[0] == 1] == ["01版", "02版", "03版", "05版"]


def test_article_clip_is_a_vector_crop_of_its_region(bundled_layout, tmp_path):
    data, layout = bundled_layout
    out = tmp_path / "lead.pdf"
    code, stdout, stderr = run_cli("export", BUNDLED, "-o", out, "--article", "p03-lead")
    assert code == 0, stderr
    page = layout.page(3)
    art = next(a for a in page.articles if a.id == "p03-lead")
    bounds = [r.bounds for r in art.regions] + [page.lines[i].bbox for i in art.lines]
    x0, y0 = min(b[0] for b in bounds), min(b[1] for b in bounds)
    x1, y1 = max(b[2] for b in bounds), max(b[3] for b in bounds)
    with pymupdf.open(out) as doc:
        assert doc.page_count == 1 and page_labels(doc) == ["03版"]
        assert doc[0].rect.width == pytest.approx(x1 - x0 + 2 * ARTICLE_MARGIN_PT, abs=0.01)
        assert doc[0].rect.height == pytest.approx(y1 - y0 + 2 * ARTICLE_MARGIN_PT, abs=0.01)
        text = squeeze(doc[0].get_text("text"))
        # vector: the text is text, and it is this article's and no one else's
        want = "".join(squeeze(page.lines[i].text) for i in art.lines)
        assert sorted(text) == sorted(want)
        assert text.startswith(squeeze(data.article("p03-lead")[1].kicker or "") + "高阶智驾时代大幕开启")
        assert not doc[0].get_images()  # the photo beside it belongs to another article


def test_article_clip_of_a_continued_article_has_a_page_per_part(bundled_layout, tmp_path):
    data, layout = bundled_layout
    continued = [a for _, a in data.articles() if a.continued_on]
    assert continued
    art = continued[0]
    out = tmp_path / "cont.pdf"
    code, _, stderr = run_cli("export", BUNDLED, "-o", out, "--article", art.id)
    assert code == 0, stderr
    home = next(p.page.number for p, a in data.articles() if a.id == art.id)
    with pymupdf.open(out) as doc:
        assert page_labels(doc) == [f"{home:02d}版", f"{art.continued_on:02d}版"]
        text = squeeze("".join(p.get_text("text") for p in doc))
        assert squeeze(data.texts[art.id])[:200] in text and squeeze(data.texts[art.id])[-50:] in text
        from viewer.model.types import Photo

        photos = [b for pd, _ in data.articles() if pd.page.number == home
                  for b in pd.page.blocks if isinstance(b, Photo) and b.article == art.id]
        assert len(doc[0].get_images()) == len(photos)  # its own photos, no one else's


# ------------------------------------------------------------ bad input and failed writes


@pytest.fixture()
def earlier(tmp_path):
    """An existing output file that a failed export must leave alone."""
    path = tmp_path / "issue.pdf"
    path.write_bytes(b"%PDF-1.4 the earlier export\n" * 100)
    return path, path.read_bytes()


def _left_alone(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "a partial file was left behind"


@pytest.mark.parametrize("argv, message", [
    (["--pages", "1-30"], "page 30 is outside the issue (1-24)"),
    (["--pages", "0"], "outside the issue"),
    (["--pages", "x"], "is not a page range"),
    (["--article", "p99-nothing"], "no article 'p99-nothing'"),
    (["--article", "p01-miit"], "did you mean 'p01-miit-2026'"),
])
def test_bad_input_is_one_clear_message_and_the_earlier_file_stays(earlier, argv, message):
    path, before = earlier
    code, _, stderr = run_cli("export", BUNDLED, "-o", path, *argv)
    assert code == 1
    assert message in stderr and stderr.count("\n") <= 1 + stderr.count("warning:") + stderr.count("layouts/")
    assert "Traceback" not in stderr
    _left_alone(path, before)


def test_unwritable_output_paths_are_refused(tmp_path):
    (tmp_path / "folder.pdf").mkdir()
    for target, message in ((tmp_path / "no-such-folder" / "x.pdf", "does not exist"),
                            (tmp_path / "folder.pdf", "is a folder")):
        code, _, stderr = run_cli("export", BUNDLED, "-o", target)
        assert code == 1 and message in stderr, stderr


def test_a_write_that_fails_half_way_leaves_the_earlier_file_byte_identical(earlier, monkeypatch):
    path, before = earlier

    def half_save(doc, out):
        data = doc.tobytes()
        Path(out).write_bytes(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writing, "_save", half_save)
    code, _, stderr = run_cli("export", BUNDLED, "-o", path)
    assert code == 1
    assert stderr.splitlines()[-1] == f"error: no space left on device while writing '{path}' (the earlier file is unchanged)"
    _left_alone(path, before)


def test_a_failure_while_painting_leaves_the_earlier_file_byte_identical(earlier, monkeypatch):
    path, before = earlier
    real = writing.paint_page
    calls = []

    def failing(painter, page, options):
        calls.append(page.number)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real(painter, page, options)

    monkeypatch.setattr(writing, "paint_page", failing)
    code, _, stderr = run_cli("export", BUNDLED, "-o", path)
    assert code == 1 and "Input/output error" in stderr
    _left_alone(path, before)


def test_a_successful_export_replaces_the_earlier_file(earlier, bundled_layout):
    path, before = earlier
    data, layout = bundled_layout
    export_issue_pdf(data, layout, path, [1])
    assert path.read_bytes()[:5] == b"%PDF-" and path.read_bytes() != before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_the_whole_issue_exports_small(exported):
    """Its time is measured by bench/export_bench.py, not asserted here."""
    _, _, _, result = exported
    assert result.size_bytes < 10_000_000


def test_a_continued_part_is_named_in_the_outline_with_the_page_it_comes_from(exported):
    _, _, doc, _ = exported
    page4 = [title for level, title, page, _ in doc.get_toc(simple=False) if level == 2 and page == 4]
    assert "示例：跨版接转的报道（上接第3版）" in page4
    page22 = [title for level, title, page, _ in doc.get_toc(simple=False) if level == 2 and page == 22]
    assert "2026攻坚年，光伏行业如何告别“内卷”（上接第21版）" in page22
