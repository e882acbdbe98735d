"""Benchmark the layout engine: the whole issue and page 1, cold and warm.

Cold: a fresh process (fonts opened, glyph metrics measured for the first
time); warm: the same work again in a process that has done it once.
Prints the median of several runs with min and max.

    python bench/layout_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUE = ROOT / "layouts" / "2025-12-29"

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from viewer.fonts import ensure_app
ensure_app()
from viewer.model import load_issue
from viewer.layout import layout_issue
data = load_issue({issue!r})
t = time.perf_counter()
layout_issue(data, pages={pages})
cold = time.perf_counter() - t
warm = []
for _ in range(3):
    t = time.perf_counter()
    layout_issue(data, pages={pages})
    warm.append(time.perf_counter() - t)
print(json.dumps({{"cold": cold, "warm": min(warm)}}))
"""


def run(pages, runs: int) -> dict:
    cold, warm = [], []
    for _ in range(runs):
        code = CHILD.format(root=str(ROOT), issue=str(ISSUE), pages=pages)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        r = json.loads(out.stdout.strip().splitlines()[-1])
        cold.append(r["cold"])
        warm.append(r["warm"])
    return {"cold": cold, "warm": warm}


def fmt(values) -> str:
    return f"{statistics.median(values) * 1000:8.1f} ms  (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    issue = run(None, args.runs)
    page1 = run([1], args.runs)
    print(f"layout, whole issue (24 pages), cold: {fmt(issue['cold'])}   target < 1000 ms")
    print(f"layout, whole issue (24 pages), warm: {fmt(issue['warm'])}")
    print(f"layout, page 1, cold:                 {fmt(page1['cold'])}   target < 100 ms")
    print(f"layout, page 1, warm:                 {fmt(page1['warm'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
