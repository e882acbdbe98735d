"""The bundled front page carries every word of the printed one.

tests/data/seed-front-page.txt is the text of the printed page 1 of
中国高新技术产业导报, 2025-12-29, as it was extracted: ASCII punctuation,
and lines broken where the printed columns broke. Every sentence of it must
be found in page 1 of ``python -m viewer info layouts/2025-12-29 --json
--no-layout`` (articles) or in the descriptors (masthead facts, photo
caption and credit, guide entries, image labels).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.model import load_issue
from viewer.model.types import Guide, Image, Photo

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"
SEED = Path(__file__).resolve().parent / "data" / "seed-front-page.txt"

FULL_WIDTH = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"})


def norm(text: str) -> str:
    """Full-width punctuation, no whitespace at all."""
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH))


def seed_lines() -> list[str]:
    return [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]


MASTHEAD_LINES = 3  # paper, English name, the line of facts
GUIDE_ENTRY = re.compile(r"^-\s*(?P<title>.+?)\s+(?P<page>\d{2})版$")


def joined_body_lines(lines: list[str]) -> list[str]:
    """Undo the column breaks: a body line (20 characters or more) that
    stops without closing its sentence runs on into the next line, as in
    发展 / 行动, 出 / 台 and (挂 / 牌)."""
    out: list[str] = []
    for line in lines:
        if (out and len(out[-1]) >= 20 and not re.search(r"[。！？!?]$", out[-1])
                and not GUIDE_ENTRY.match(out[-1]) and not GUIDE_ENTRY.match(line)):
            out[-1] += line
        else:
            out.append(line)
    return out


def sentences(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for s in re.split(r"(?<=[。！？])", line):
            s = norm(s)
            if s:
                out.append(s)
    return out


@pytest.fixture(scope="module")
def info() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "viewer", "info", str(BUNDLED), "--json", "--no-layout"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def page1(info) -> dict:
    return next(p for p in info["pages"] if p["number"] == 1)


@pytest.fixture(scope="module")
def descriptor():
    data = load_issue(BUNDLED)
    pd = data.page(1)
    assert pd is not None, [str(p) for p in data.problems]
    return data.issue, pd.page


def test_seed_is_the_front_page():
    lines = seed_lines()
    assert lines[0] == "中国高新技术产业导报"
    assert "姚雯" in lines
    body = joined_body_lines(lines[MASTHEAD_LINES:])
    joined = "".join(body)
    # the four column breaks are undone ...
    for word in ("创新能力、优化提升传统产业", "高质量发展行动", "各地方纷纷出台", "上市(挂牌)企业"):
        assert word in joined, word
    assert len(body) == len(lines) - MASTHEAD_LINES - 4
    # ... and nothing else runs together: headlines, caption, credit and sign-off keep their lines
    for line in ("工信部部署2026年十大重点工作", "新华社记者", "张博文/摄", "我国科技成果转化实现量质齐升", "姚雯", "本期导读"):
        assert line in body, line


def test_every_seed_sentence_is_on_page_1(page1, descriptor):
    _, page = descriptor
    corpus = []
    for a in page1["articles"]:
        # the byline is set at the start of the first paragraph
        corpus += [a["kicker"] or "", a["headline"], a["subtitle"] or "",
                   (a["byline"] or "") + a["text"], a["signoff"] or ""]
    for b in page.blocks:
        if isinstance(b, Photo):
            corpus += [b.caption or "", b.credit or ""]
        elif isinstance(b, Guide):
            corpus.append(b.title)
        elif isinstance(b, Image):
            corpus.append(b.label or "")
    corpus = [norm(c) for c in corpus if c]

    body = [ln for ln in seed_lines()[MASTHEAD_LINES:] if not GUIDE_ENTRY.match(ln)]
    wanted = sentences(joined_body_lines(body))
    assert len(wanted) == 53  # the seed is fixed test data: a change here means the splitting changed
    missing = [s for s in wanted if not any(s in c for c in corpus)]
    assert missing == []


def test_article_text_comes_from_the_seed(page1):
    """Each article's body is in the info output itself, not only in files."""
    heads = {a["headline"]: a for a in page1["articles"]}
    assert set(heads) >= {"工信部部署2026年十大重点工作", "我国科技成果转化实现量质齐升"}
    miit = heads["工信部部署2026年十大重点工作"]
    assert miit["byline"] == "本报讯（记者 张伟）"
    assert norm(miit["text"]).startswith("12月25-26日，全国工业和信息化工作会议在北京召开")
    assert "提升中国中小企业服务网功能。" in miit["text"]
    transfer = heads["我国科技成果转化实现量质齐升"]
    assert transfer["byline"] == "本报讯"
    assert transfer["signoff"] == "姚雯"
    assert transfer["text"].rstrip().endswith("有力支撑新质生产力发展。")
    assert not miit["sample"] and not transfer["sample"]


def test_masthead_facts(info, descriptor):
    issue, _ = descriptor
    paper, paper_en, facts = seed_lines()[:MASTHEAD_LINES]
    assert info["paper"] == issue.paper == paper
    assert info["paper_en"] == issue.paper_en == paper_en
    m = re.fullmatch(r"(?P<supervisor>\S+)主管 (?P<publisher>\S+)主办 国内统一连续出版物号 (?P<cn>CN [\d-]+) "
                     r"邮发代号 (?P<postal>[\d-]+) (?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日 (?P<weekday>星期.) "
                     r"第(?P<number>\d+)期\(总第(?P<serial>\d+)期\) 今日(?P<pages>\d+)版", facts)
    assert m, facts
    assert issue.supervisor == m["supervisor"] == "科学技术部"
    assert issue.publisher == m["publisher"] == "科技日报社"
    assert issue.cn_number == m["cn"] == "CN 11-0237"
    assert issue.postal_code == m["postal"] == "1-206"
    assert info["date"] == issue.date.isoformat() == f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"
    assert info["weekday"] == m["weekday"] == "星期一"
    assert info["issue_number"] == int(m["number"]) == 48
    assert info["serial_number"] == int(m["serial"]) == 2652
    assert info["page_count"] == int(m["pages"]) == 24


def test_caption_and_credit(descriptor):
    _, page = descriptor
    lines = seed_lines()
    caption = next(ln for ln in lines if ln.startswith("2025年12月26日，西安") or ln.startswith("2025年12月26日,西安"))
    credit = lines[lines.index(caption) + 1] + lines[lines.index(caption) + 2]
    photos = [b for b in page.blocks if isinstance(b, Photo)]
    assert len(photos) == 1
    assert norm(photos[0].caption) == norm(caption)
    assert norm(photos[0].credit) == norm(credit) == "新华社记者张博文/摄"


def test_guide_entries(descriptor):
    _, page = descriptor
    seed = [(norm(m["title"]), int(m["page"])) for m in map(GUIDE_ENTRY.match, seed_lines()) if m]
    assert len(seed) == 6
    guides = [b for b in page.blocks if isinstance(b, Guide)]
    assert len(guides) == 1 and guides[0].title == "本期导读"
    assert [(norm(e.title), e.page) for e in guides[0].entries] == seed


def test_sign_off(page1):
    assert [a["signoff"] for a in page1["articles"] if a["signoff"]] == ["姚雯"]


def test_image_labels(descriptor):
    _, page = descriptor
    labels = [b.label for b in page.blocks if isinstance(b, Image)]
    assert labels == ["微信公众号", "中国高新网"]
    assert seed_lines()[-2:] == labels


NOT_TEXT = {"kind", "id", "image", "article"}  # keys whose values are names, not printed text


def _strings(value) -> list[str]:
    """Every printed string inside a JSON value, in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in NOT_TEXT for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_info_of_page_1_holds_every_line_of_the_front_page():
    """``info --json --page 1`` carries all the text printed on the page: the
    masthead's facts, both articles, the photo's caption and credit, the
    guide's entries with their pages and the labels of the QR codes."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "viewer", "info", str(BUNDLED), "--json", "--page", "1"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert [p["number"] for p in info["pages"]] == [1]
    page = info["pages"][0]
    corpus = norm("\n".join(_strings(page)))
    entries = [(norm(e["title"]), e["page"]) for e in page["guide"]["entries"]]
    lines = seed_lines()
    checked = 0
    for i, line in enumerate(lines):
        m = GUIDE_ENTRY.match(line)
        if m:
            assert (norm(m["title"]), int(m["page"])) in entries, line
        elif i == 2:  # the masthead's line of facts: set as several lines
            for piece in line.split(" "):
                assert norm(piece) in corpus, piece
        else:
            assert norm(line) in corpus, line
        checked += 1
    assert checked == len(lines) == 38  # fixed test data
    # the masthead as set, and the photo with its box on the page
    assert page["masthead"]["facts"]["cn_number"] == "CN 11-0237"
    assert page["masthead"]["facts"]["postal_code"] == "1-206"
    assert "中国高新技术产业导报" in page["masthead"]["lines"]
    (photo,) = page["photos"]
    assert photo["credit"] == "新华社记者 张博文/摄" and len(photo["box"]) == 4
    assert [im["label"] for im in page["images"]] == ["微信公众号", "中国高新网"]
    assert page["adverts"] == [] and page["header"] == []
