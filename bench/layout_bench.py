"""Benchmark the layout engine: the whole issue and page 1, cold and warm.

Cold: a fresh process (fonts opened, glyph metrics measured for the first
time); warm: the same work again in a process that has done it once.
Prints the median of several runs with min and max.

    python bench/layout_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ISSUE, ROOT, child_env, fmt_ms, run_code  # noqa: E402

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
layout = layout_issue(data, pages={pages})
cold = time.perf_counter() - t
warm = []
for _ in range({warm}):
    t = time.perf_counter()
    layout_issue(data, pages={pages})
    warm.append(time.perf_counter() - t)
print(json.dumps({{"cold": cold, "warm": min(warm) if warm else None, "pages": len(layout.pages)}}))
"""


def run(pages, runs: int, issue=ISSUE, warm: int = 3) -> dict:
    """Lay out ``pages`` (None: the whole issue) in ``runs`` fresh processes:
    the cold time of each, and the best of ``warm`` repeats after it."""
    cold, warm_times = [], []
    for _ in range(runs):
        code = CHILD.format(root=str(ROOT), issue=str(issue), pages=pages, warm=warm)
        r = run_code(code, child_env())
        cold.append(r["cold"])
        warm_times.append(r["warm"])
    return {"cold": cold, "warm": warm_times}


fmt = fmt_ms


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
