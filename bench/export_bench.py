"""Benchmark the whole-issue PDF export: time and file size, median of 3 runs.

Each run is a fresh process (fonts, Qt's PDF engine and PyMuPDF loaded for
the first time). Reported:

- export: export_issue_pdf on a laid-out issue (paint 24 pages with Qt,
  put the original images in, outline, links, labels, metadata, save);
- command: ``python -m viewer export`` from start to exit (Python and
  Qt start-up, loading, checking, layout and export);
- the file's size.

    python bench/export_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ISSUE, ROOT, child_env, fmt_s, run_code  # noqa: E402

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from viewer.fonts import ensure_app
ensure_app()
from viewer.model import load_issue
from viewer.layout import layout_issue
from viewer.export.pdf import export_issue_pdf
data = load_issue({issue!r})
t = time.perf_counter()
layout = layout_issue(data)
lay = time.perf_counter() - t
t = time.perf_counter()
res = export_issue_pdf(data, layout, {out!r})
print(json.dumps({{"layout": lay, "export": time.perf_counter() - t, "size": res.size_bytes, "pages": len(res.pages)}}))
"""

TARGET_S = 3.0
TARGET_BYTES = 10_000_000


def measure(runs: int, out: str | Path, issue=ISSUE, command: bool = True) -> dict:
    """Export ``issue`` to ``out`` in ``runs`` fresh processes (and, with
    ``command``, through ``python -m viewer export`` as well): lists of the
    export and layout times, the command's times, the file sizes, and the
    page count."""
    env = child_env()
    export, layout, commands, sizes = [], [], [], []
    pages = 0
    for _ in range(runs):
        code = CHILD.format(root=str(ROOT), issue=str(issue), out=str(out))
        r = run_code(code, env)
        export.append(r["export"])
        layout.append(r["layout"])
        sizes.append(r["size"])
        pages = r["pages"]
        if command:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "viewer", "export", str(issue), "-o", str(out)], cwd=ROOT,
                           capture_output=True, check=True, env=env)
            commands.append(time.perf_counter() - t)
            sizes.append(os.path.getsize(out))
    return {"export": export, "layout": layout, "command": commands, "sizes": sizes, "pages": pages}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        r = measure(args.runs, Path(tmp) / "issue.pdf")
    export, layout, command, sizes, pages = r["export"], r["layout"], r["command"], r["sizes"], r["pages"]
    fmt = fmt_s

    size = statistics.median(sizes)
    print(f"whole issue, {pages} pages, {args.runs} runs, median")
    print(f"export (paint + post-process): {fmt(export)}   target < {TARGET_S:.0f} s")
    print(f"layout before it:              {fmt(layout)}")
    print(f"python -m viewer export:       {fmt(command)}")
    print(f"file size:                     {size / 1e6:6.2f} MB ({int(size):,} bytes)   target < {TARGET_BYTES / 1e6:.0f} MB")
    ok = statistics.median(export) < TARGET_S and size < TARGET_BYTES
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
