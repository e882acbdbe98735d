"""Make a larger issue from the bundled one, for benchmarks and tests.

The source issue's pages are copied N / S times (S = the source's page
count) into a new issue folder: copy k (0-based) holds pages k*S+1 .. k*S+S.
Every copy gets renumbered pages, unique ids (``-c2``, ``-c3``, … appended
to the ids of every copy after the first), and its references moved along
with it: ``continued_on``, continuation blocks' and photos' ``article``, and
the guide's entries (page and article) all point into the same copy. The
issue's ``page_count`` is N. Text and image files are copied once and shared
by all copies. Pages are written as JSON descriptors (the loader reads TOML
and JSON alike), so no TOML writer is needed.

    python tools/make_synthetic_issue.py 240 [-o FOLDER] [--source layouts/2025-12-29]

Prints the new issue folder (by default a fresh folder under the system's
temporary directory). The result validates cleanly with
``python -m viewer validate FOLDER``.

``--date``, ``--paper`` and ``--seed`` make an issue of another day, of
another paper, and with its text varied: every run of Chinese characters
in the bodies, headlines, kickers, subtitles and captions is replaced by as
many characters drawn from a character chain (each character chosen by the
two before it, as they follow each other in the source issue), seeded, so
the same seed gives the same text. Punctuation, digits and Latin letters
stay where they are, so the pages lay out much as the source's do. A
library of many such issues, of two papers, each with its own text:

    python tools/make_synthetic_issue.py 24 --issues 1000 -o FOLDER [--seed 1]

writes FOLDER/<paper>/<date> for each issue (images are hard-linked to one
copy where the file system allows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"
ISSUE_FILES = ("issue.toml", "issue.json")
SECOND_PAPER = "中国科技导报周刊"  # the second paper of a synthetic library: a weekly
_HAN = re.compile(r"[\u3400-\u9fff]+")
VARIED_FIELDS = ("headline", "kicker", "subtitle", "caption")


def _read(path: Path):
    text = path.read_text(encoding="utf-8-sig")
    return json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if k != "$schema"}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def _source_pages(source: Path, issue: dict) -> list[dict]:
    """The source issue's page tables, in page-number order."""
    entries = issue.get("pages")
    if entries is None:
        files = sorted(list((source / "pages").glob("*.toml")) + list((source / "pages").glob("*.json")))
        pages = [_read(f) for f in files]
    else:
        pages = [_read(source / e) if isinstance(e, str) else e for e in entries]
    return sorted((_jsonable(p) for p in pages), key=lambda p: p["number"])


def _copy_page(page: dict, copy: int, offset: int) -> dict:
    """Page ``page`` as it is in copy ``copy`` (0-based), pages moved by ``offset``."""
    suffix = f"-c{copy + 1}" if copy else ""

    def rid(value):
        return value + suffix if isinstance(value, str) else value

    out = json.loads(json.dumps(page))  # a deep copy
    out["number"] = page["number"] + offset
    for block in out.get("blocks", []):
        if "id" in block:
            block["id"] = rid(block["id"])
        kind = block.get("type")
        if kind in ("continuation", "photo") and block.get("article") is not None:
            block["article"] = rid(block["article"])
        if kind == "article" and block.get("continued_on") is not None:
            block["continued_on"] += offset
        if kind == "guide":
            for entry in block.get("entries", []):
                entry["page"] += offset
                if entry.get("article") is not None:
                    entry["article"] = rid(entry["article"])
    return out


class CharChain:
    """Which Chinese characters follow which two in a text: a seeded random
    walk along it makes new text with the source's character statistics."""

    def __init__(self, texts):
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for text in texts:
            for run in _HAN.findall(text):
                if len(run) >= 2:
                    self.starts.append(run[:2])
                for k in range(len(run) - 2):
                    self.next.setdefault(run[k:k + 2], []).append(run[k + 2])
        if not self.starts:
            raise ValueError("the source has no Chinese text to vary")

    def run(self, n: int, rng: random.Random) -> str:
        """``n`` characters."""
        out = list(rng.choice(self.starts))
        while len(out) < n:
            nxt = self.next.get(out[-2] + out[-1])
            if nxt is None:
                out += rng.choice(self.starts)
            else:
                out.append(nxt[rng.randrange(len(nxt))])
        return "".join(out[:n])

    def vary(self, text: str, rng: random.Random) -> str:
        """``text`` with every run of Chinese characters replaced by as many new ones."""
        return _HAN.sub(lambda m: self.run(len(m.group()), rng), text)


_chains: dict[Path, CharChain] = {}


def source_chain(source: Path) -> CharChain:
    """The character chain of an issue's text files and page descriptors (made once)."""
    source = source.resolve()
    if source not in _chains:
        texts = [f.read_text(encoding="utf-8-sig") for f in sorted((source / "text").glob("*.txt"))]
        texts += [f.read_text(encoding="utf-8-sig") for f in sorted((source / "pages").glob("*.*"))]
        _chains[source] = CharChain(texts)
    return _chains[source]


def _vary_page(page: dict, chain: CharChain, rng: random.Random) -> dict:
    for block in page.get("blocks", []):
        for key in VARIED_FIELDS:
            if isinstance(block.get(key), str):
                block[key] = chain.vary(block[key], rng)
        if isinstance(block.get("text"), str):  # an article's inline body, an advert's text
            block["text"] = chain.vary(block["text"], rng)
        for entry in block.get("entries", []):  # the guide's
            entry["title"] = chain.vary(entry["title"], rng)
    return page


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def make_synthetic_issue(pages: int, out: str | Path | None = None, source: str | Path = BUNDLED, *,
                         date: dt.date | None = None, paper: str | None = None, seed: int | None = None,
                         link: bool = False) -> Path:
    """Write an issue of ``pages`` pages made from ``source``'s pages; return its folder.

    ``pages`` must be a positive multiple of the source's page count.
    ``out`` must not exist or be an empty folder; by default a new
    temporary folder is made (the caller removes it). ``date`` and
    ``paper`` replace the source's; with ``seed`` the text is varied (see
    the module's description); ``link`` hard-links the files that are not
    rewritten (images) instead of copying them."""
    source = Path(source)
    issue_path = next((source / n for n in ISSUE_FILES if (source / n).is_file()), None)
    if issue_path is None:
        raise ValueError(f"{source} has no issue.toml or issue.json")
    issue = _jsonable(_read(issue_path))
    src_pages = _source_pages(source, issue)
    count = len(src_pages)
    if [p["number"] for p in src_pages] != list(range(1, count + 1)):
        raise ValueError(f"{source}: the pages are not numbered 1..{count}")
    if pages < count or pages % count:
        raise ValueError(f"the page count must be a positive multiple of {count} (the source's pages), not {pages}")

    if out is None:
        out = Path(tempfile.mkdtemp(prefix=f"herald-synthetic-{pages}-"))
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)

    # text, images and anything else beside the descriptors: one shared copy
    copy_file = _link_or_copy if link else shutil.copy2
    for item in source.iterdir():
        if item.name in ISSUE_FILES or item.name == "pages":
            continue
        if item.is_dir():
            shutil.copytree(item, out / item.name, copy_function=copy_file)
        else:
            copy_file(item, out / item.name)

    rng = random.Random(seed) if seed is not None else None
    chain = source_chain(source) if rng is not None else None
    if rng is not None:
        for f in sorted((out / "text").glob("*.txt")):
            varied = chain.vary(f.read_text(encoding="utf-8-sig"), rng)
            f.unlink()  # it may be a hard link to the source's file
            f.write_text(varied, encoding="utf-8")

    issue.pop("pages", None)  # every pages/*.json
    issue["page_count"] = pages
    if date is not None:
        issue["date"] = date.isoformat()
        issue.pop("weekday", None)
    if paper is not None:
        issue["paper"] = paper
        issue.pop("paper_en", None)
    (out / "issue.json").write_text(json.dumps(issue, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "pages").mkdir()
    width = max(2, len(str(pages)))
    for copy in range(pages // count):
        for page in src_pages:
            new = _copy_page(page, copy, copy * count)
            if rng is not None:
                new = _vary_page(new, chain, rng)
            name = f"{new['number']:0{width}d}.json"
            (out / "pages" / name).write_text(json.dumps(new, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def library_plan(issues: int, start: dt.date = dt.date(2023, 1, 2)) -> list[tuple[str, dt.date, int]]:
    """(paper, date, issue number) of each issue of a synthetic library:
    three of every four issues are the source paper's, a daily; the fourth
    the weekly SECOND_PAPER's."""
    out = []
    daily = weekly = 0
    for k in range(issues):
        if k % 4 == 3:
            weekly += 1
            out.append((SECOND_PAPER, start + dt.timedelta(days=7 * (weekly - 1)), weekly))
        else:
            daily += 1
            out.append(("", start + dt.timedelta(days=daily - 1), daily))
    return out


def make_library(issues: int, out: str | Path, pages: int = 24, seed: int = 1, source: str | Path = BUNDLED,
                 first: int = 0) -> list[Path]:
    """Write issues ``first`` .. ``issues - 1`` of a library (see library_plan)
    under ``out``, each with its own text (seed ``seed`` + its index)."""
    out = Path(out)
    folders = []
    for k, (paper, date, number) in enumerate(library_plan(issues)):
        if k < first:
            continue
        folder = out / ("weekly" if paper else "daily") / date.isoformat()
        make_synthetic_issue(pages, folder, source, date=date, paper=paper or None, seed=seed + k, link=True)
        issue_file = folder / "issue.json"
        data = json.loads(issue_file.read_text(encoding="utf-8"))
        data["issue_number"] = number
        data.pop("serial_number", None)
        issue_file.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        folders.append(folder)
    return folders


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", type=int, help="page count of the new issue: a multiple of the source's")
    ap.add_argument("-o", "--out", help="new issue folder (default: a new temporary folder)")
    ap.add_argument("--source", default=str(BUNDLED), help="issue to copy pages from (default: the bundled issue)")
    ap.add_argument("--date", type=dt.date.fromisoformat, help="the issue's date, YYYY-MM-DD")
    ap.add_argument("--paper", help="the paper's name")
    ap.add_argument("--seed", type=int, help="vary the text, reproducibly (an integer)")
    ap.add_argument("--issues", type=int, help="write a library of this many issues of two papers into -o")
    args = ap.parse_args(argv)
    try:
        if args.issues is not None:
            if not args.out:
                raise ValueError("--issues needs -o FOLDER")
            make_library(args.issues, args.out, args.pages, 1 if args.seed is None else args.seed, args.source)
            folder = Path(args.out)
        else:
            folder = make_synthetic_issue(args.pages, args.out, args.source, date=args.date, paper=args.paper,
                                          seed=args.seed)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
