"""Benchmark the ALTO reader: megabytes of ALTO read into page values per second.

The real ALTO files in tests/data (four pages of the British Library's
Statesman, ALTO 1.4 in pixels, and a Library of Congress page, ALTO v2 in
inch1200; 4.8 MB, 24,879 words) are read from memory, parsed and walked into
blocks, lines and words in points, as ``open_package`` does for each page.
Each run is a fresh process that reads them once to warm up and then
``--repeats`` times; the figure of a run is its best pass, timed in the
process's own CPU time (``time.process_time``), so that other programs
sharing the processor do not count; the wall-clock figure is printed
beside it, and so is the share of libxml2's parse in the whole.

Opening a package: a fresh process opens a 12-page METS/ALTO package (made
by tools/make_scanned_issue.py: the Statesman's OCR, about 1 MB of ALTO a
page, 6000 x 9000 px JPEG scans) as the window does (``open_issue``) and
lays out its page 1 with the pages tied to it (``layout_for([1])``); the
figures are the CPU time of the opening and of that layout, each run a
process of its own, with the wall-clock time beside them.

    python bench/alto_bench.py [--runs 3] [--repeats 5] [--package FOLDER]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, child_env, run_code  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))

FILES = [
    *(f"tests/data/bl-statesman-1824-02-17/0002647_18240217_000{n}.xml" for n in (1, 2, 3, 4)),
    "tests/data/ndnp-mnhi-1878-01-03/0011.xml",
]
TARGET_MB_S = 20.0

CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from viewer.sources.alto import UNIT_PT, parse_alto
from viewer.sources.xmlsafe import parse_bytes
datas = [open(f, "rb").read() for f in {files!r}]
size = sum(len(d) for d in datas)

def read_all():
    words = 0
    for d in datas:
        doc = parse_alto(d, "bench.xml")
        s = UNIT_PT.get(doc.unit, 0.24)
        page = doc.page(s, s)
        words += sum(len(ln.words) for b in page.blocks for ln in b.lines)
    return words

def parse_all():
    for d in datas:
        parse_bytes(d, "bench.xml")

words = read_all()
total, parse, wall = [], [], []
for _ in range({repeats}):
    w, t = time.perf_counter(), time.process_time()
    read_all()
    total.append(time.process_time() - t); wall.append(time.perf_counter() - w)
    t = time.process_time(); parse_all(); parse.append(time.process_time() - t)
print(json.dumps({{"mb": size / 1e6, "words": words, "total_s": min(total), "parse_s": min(parse),
                  "wall_s": min(wall)}}))
"""


def run(runs: int, repeats: int = 5) -> dict:
    """``runs`` fresh processes; MB/s of each, and the parse's share."""
    out = {"mb_s": [], "wall_mb_s": [], "parse_share": [], "mb": None, "words": None}
    for _ in range(runs):
        code = CHILD.format(root=str(ROOT), files=[str(ROOT / f) for f in FILES], repeats=repeats)
        r = run_code(code, child_env())
        out["mb_s"].append(r["mb"] / r["total_s"])
        out["wall_mb_s"].append(r["mb"] / r["wall_s"])
        out["parse_share"].append(r["parse_s"] / r["total_s"])
        out["mb"], out["words"] = r["mb"], r["words"]
    return out


OPEN_PAGES = 12

OPEN_CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
w0, c0 = time.perf_counter(), time.process_time()
from viewer.issue import open_issue
w1, c1 = time.perf_counter(), time.process_time()
source = open_issue({package!r})
w2, c2 = time.perf_counter(), time.process_time()
page = source.layout_for([1]).page(1)
w3, c3 = time.perf_counter(), time.process_time()
assert len(source.numbers) == {pages} and page is not None and page.lines, "the package did not open"
print(json.dumps({{"import_s": c1 - c0, "open_s": c2 - c1, "page1_s": c3 - c2,
                  "open_wall_s": w2 - w1, "page1_wall_s": w3 - w2}}))
"""


def make_package(folder: Path) -> Path:
    """The 12-page package the opening is measured on (about half a minute:
    the scans are drawn; made once, then reused)."""
    from scan_bench import make_package as scanned_package

    return scanned_package(folder)


def open_run(runs: int, package: Path) -> dict:
    """``runs`` fresh processes opening ``package`` and laying out its page 1:
    lists of seconds, CPU time (open_s, page1_s, total_s) and wall clock."""
    out = {k: [] for k in ("import_s", "open_s", "page1_s", "total_s", "open_wall_s", "page1_wall_s", "total_wall_s")}
    for _ in range(runs):
        r = run_code(OPEN_CHILD.format(root=str(ROOT), package=str(package), pages=OPEN_PAGES), child_env())
        r["total_s"] = r["open_s"] + r["page1_s"]
        r["total_wall_s"] = r["open_wall_s"] + r["page1_wall_s"]
        for k in out:
            out[k].append(r[k])
    return out


def _med(values) -> str:
    return f"{statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--package", help="the 12-page package to open (python tools/make_scanned_issue.py -o FOLDER); "
                                      "default: one made in a temporary folder")
    args = ap.parse_args(argv)
    r = run(args.runs, args.repeats)
    v = r["mb_s"]
    print(f"ALTO read into values: {statistics.median(v):5.1f} MB/s  (min {min(v):.1f}, max {max(v):.1f})   "
          f"target >= {TARGET_MB_S:g} MB/s; {r['mb']:.1f} MB, {r['words']} words")
    w = r["wall_mb_s"]
    print(f"  by the wall clock: {statistics.median(w):5.1f} MB/s  (min {min(w):.1f}, max {max(w):.1f})")
    print(f"  libxml2's parse: {statistics.median(r['parse_share']) * 100:.0f}% of it; the walk into values, the rest")
    with tempfile.TemporaryDirectory(prefix="herald-alto-bench-") as tmp:
        package = Path(args.package) if args.package else make_package(Path(tmp) / "package")
        o = open_run(args.runs, package)
    print(f"open a {OPEN_PAGES}-page package and lay out page 1 (CPU): {_med(o['total_s'])}")
    print(f"  opening {_med(o['open_s'])}; page 1 {_med(o['page1_s'])}; importing Herald {_med(o['import_s'])}")
    print(f"  by the wall clock: {_med(o['total_wall_s'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
