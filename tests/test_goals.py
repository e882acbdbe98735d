"""The measured goals of editor-grade typesetting, over the whole bundled issue.

Lines, their boxes and the articles' paragraphs come from ``info --json``;
where each glyph stands, and its ink, from the exported PDF as MuPDF reads
it. The goals: no line looser than a quarter em beyond normal; at most 1 %
of lines letter-spaced (a mean Han-Han gap of 0.10 em or more); at most 1 %
of paragraphs ending in a one-character line and none of those at a column
top; at most 3 mid-line pause marks per 100 lines set narrow to make a line
fit; no opening quote after Han set half width; 6 pt or more of white
between body text and the photos and rules above or below it; and MuPDF
finds 2025年12月29日, 12月22日 and 2364家 on page 1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import BUNDLED, ROOT
from viewer.mupdf import load_pymupdf

pymupdf = load_pymupdf()

PAUSES = set("，、；：。！？")
MARKS = PAUSES | set("“”‘’（）《》〈〉「」『』【】—…·")
OPENING_QUOTES = set("“‘")


def _cli(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "viewer", *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def info() -> dict:
    return json.loads(_cli("info", BUNDLED, "--json").stdout)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("goals") / "issue.pdf"
    _cli("export", BUNDLED, "-o", path)
    doc = pymupdf.open(path)
    yield doc
    doc.close()


def _han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def paragraphs(info, pdf):
    """Every paragraph of every article as a list of its body lines, each
    line with its page, box and glyphs: (x0, y0, x1, y1, character) in reading order."""
    pages = {p["number"]: p for p in info["pages"]}
    boxes: dict[int, list] = {}
    lines_by_page: dict[int, list] = {}
    out = []
    for page in info["pages"]:
        for art in page["articles"]:
            body = [ln for ln in art["lines"] if ln["kind"] == "body"]
            for ln in body:
                lines_by_page.setdefault(ln["page"], []).append(ln)
            paras = [_squeeze(p) for p in art["text"].split("\n\n") if p.strip()]
            if art["byline"] and paras:
                paras[0] = _squeeze(art["byline"]) + paras[0]
            grouped, acc, i = [[] for _ in paras], "", 0
            for ln in body:
                grouped[i].append(ln)
                acc += _squeeze(ln["text"])
                if acc == paras[i]:
                    i, acc = i + 1, ""
            assert i == len(paras), art["id"]
            out.extend(grouped)
    # each glyph of the PDF goes to the line box that holds its centre
    for number, lines in lines_by_page.items():
        raw = pdf[number - 1].get_text("rawdict", flags=pymupdf.TEXT_ACCURATE_BBOXES | pymupdf.TEXT_PRESERVE_WHITESPACE)
        for ln in lines:
            ln["glyphs"] = []
        for block in raw["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for ch in span["chars"]:
                        x0, y0, x1, y1 = ch["bbox"]
                        cx, cy = (x0 + x1) / 2, ch["origin"][1]
                        for ln in lines:
                            b = ln["bbox"]
                            if b[0] - 0.5 <= cx <= b[2] + 0.5 and b[1] <= cy <= b[3]:
                                ln["glyphs"].append((x0, y0, x1, y1, ch["c"]))
                                break
        for ln in lines:
            ln["glyphs"].sort()
            ln["size"] = pages[number]["grid"]["body_size_pt"]
            ln["pitch"] = pages[number]["grid"]["pitch_pt"]
    return out


def _han_gaps(ln) -> list[float]:
    """The white between neighbouring Han characters (no space between them), in em."""
    g, size = ln["glyphs"], ln["size"]
    return [(b[0] - a[2]) / size for a, b in zip(g, g[1:]) if _han(a[4]) and _han(b[4])]


def _all_lines(paragraphs):
    return [ln for p in paragraphs for ln in p]


def test_no_line_is_looser_than_a_quarter_em_beyond_normal(paragraphs):
    loose = [ln["text"] for p in paragraphs for ln in p[:-1] if max(_han_gaps(ln), default=0) > 0.25 + 1e-3]
    assert loose == []


def test_at_most_one_line_in_a_hundred_is_letter_spaced(paragraphs):
    lines = _all_lines(paragraphs)
    assert len(lines) > 9000
    spaced = [ln["text"] for p in paragraphs for ln in p[:-1]
              if _han_gaps(ln) and sum(_han_gaps(ln)) / len(_han_gaps(ln)) >= 0.10 - 1e-3]
    assert len(spaced) <= len(lines) / 100, (len(spaced), spaced[:10])


def test_at_most_one_paragraph_in_a_hundred_ends_in_a_one_character_line_and_none_at_a_column_top(paragraphs):
    def one_char(ln) -> bool:
        return len([c for c in _squeeze(ln["text"]) if c not in MARKS]) <= 1

    multi = [p for p in paragraphs if len(p) > 1]
    ending = [p[-1]["text"] for p in multi if one_char(p[-1])]
    assert len(ending) <= len(paragraphs) / 100, ending
    at_top = []
    for p in multi:
        prev, last = p[-2], p[-1]
        directly_under = (prev["page"] == last["page"] and abs(prev["bbox"][0] - last["bbox"][0]) < 2 * prev["size"] + 1
                          and abs(last["bbox"][1] - prev["bbox"][1] - last["pitch"]) < 0.5)
        if one_char(last) and not directly_under:
            at_top.append(last["text"])
    assert at_top == []


def test_mid_line_pause_marks_keep_their_width_and_opening_quotes_are_never_half_width(paragraphs):
    lines = _all_lines(paragraphs)
    squeezed, half_quotes = [], []
    for ln in lines:
        g, size = ln["glyphs"], ln["size"]
        for i in range(1, len(g) - 1):
            c, nxt, prev = g[i][4], g[i + 1][4], g[i - 1][4]
            box = (g[i + 1][0] - g[i][0]) / size
            if c in PAUSES and nxt not in MARKS and not nxt.isspace() and box < 0.8:
                squeezed.append(ln["text"])
            if c in OPENING_QUOTES and _han(prev) and box < 0.8:
                half_quotes.append(ln["text"])
    assert len(squeezed) <= 3 * len(lines) / 100, (len(squeezed), squeezed[:10])
    assert half_quotes == []


def test_body_text_keeps_six_points_from_photos_and_rules_above_and_below_it(info, pdf):
    worst = []
    for page in info["pages"]:
        lines = [ln for art in page["articles"] for ln in art["lines"] if ln["kind"] == "body"]
        if not lines:
            continue
        doc_page = pdf[page["number"] - 1]
        raw = doc_page.get_text("rawdict", flags=pymupdf.TEXT_ACCURATE_BBOXES)
        ink = []  # the ink box of each body line, from its glyphs
        for ln in lines:
            b = ln["bbox"]
            boxes = [c["bbox"] for block in raw["blocks"] for l in block.get("lines", []) for s in l["spans"]
                     for c in s["chars"] if not c["c"].isspace()
                     and b[0] - 0.5 <= (c["bbox"][0] + c["bbox"][2]) / 2 <= b[2] + 0.5 and b[1] <= c["origin"][1] <= b[3]]
            if boxes:
                ink.append((min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes),
                            max(x[3] for x in boxes)))
        # where each photo shows (the PDF draws it whole under a clip), and every horizontal rule
        obstacles = [tuple(im["rect"]) for im in page["pictures"]]
        for d in doc_page.get_drawings():
            for item in d["items"]:
                if item[0] == "l" and abs(item[1].y - item[2].y) < 0.1 and abs(item[1].x - item[2].x) > 20:
                    w = (d.get("width") or 0) / 2
                    obstacles.append((min(item[1].x, item[2].x), item[1].y - w, max(item[1].x, item[2].x), item[1].y + w))
        for o in obstacles:
            for b in ink:
                if min(b[2], o[2]) - max(b[0], o[0]) > 1:
                    gap = max(o[1] - b[3], b[1] - o[3])
                    if -1 < gap < 12:  # the text right above or below it
                        worst.append((round(gap, 2), page["number"]))
    assert worst and min(worst)[0] >= 6.0, sorted(worst)[:5]


def test_mupdf_finds_dates_and_figures_on_the_front_page(pdf):
    page = pdf[0]
    for query in ("2025年12月29日", "12月22日", "2364家"):
        assert page.search_for(query), query
    text = page.get_text()
    # no space the text does not have, none before punctuation
    assert "“高铁时代”。" in text and "2025年12月26日" in text
    assert not re.search(r"\d [年月日版期家]", text)
    assert not re.search(r"\S [，。、；：！？”）]", text)
