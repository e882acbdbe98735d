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

    python tools/make_synthetic_issue.py 240 [-o FOLDER] [--source viewer/resources/issues/2025-12-29]

Prints the new issue folder (by default a fresh folder under the system's
temporary directory). The result validates cleanly with
``python -m viewer validate FOLDER``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "viewer" / "resources" / "issues" / "2025-12-29"
ISSUE_FILES = ("issue.toml", "issue.json")


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


def make_synthetic_issue(pages: int, out: str | Path | None = None, source: str | Path = BUNDLED) -> Path:
    """Write an issue of ``pages`` pages made from ``source``'s pages; return its folder.

    ``pages`` must be a positive multiple of the source's page count.
    ``out`` must not exist or be an empty folder; by default a new
    temporary folder is made (the caller removes it)."""
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
    for item in source.iterdir():
        if item.name in ISSUE_FILES or item.name == "pages":
            continue
        if item.is_dir():
            shutil.copytree(item, out / item.name)
        else:
            shutil.copy2(item, out / item.name)

    issue.pop("pages", None)  # every pages/*.json
    issue["page_count"] = pages
    (out / "issue.json").write_text(json.dumps(issue, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "pages").mkdir()
    width = max(2, len(str(pages)))
    for copy in range(pages // count):
        for page in src_pages:
            new = _copy_page(page, copy, copy * count)
            name = f"{new['number']:0{width}d}.json"
            (out / "pages" / name).write_text(json.dumps(new, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", type=int, help="page count of the new issue: a multiple of the source's")
    ap.add_argument("-o", "--out", help="new issue folder (default: a new temporary folder)")
    ap.add_argument("--source", default=str(BUNDLED), help="issue to copy pages from (default: the bundled issue)")
    args = ap.parse_args(argv)
    try:
        folder = make_synthetic_issue(args.pages, args.out, args.source)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
