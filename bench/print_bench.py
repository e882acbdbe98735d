"""Benchmark the print preview in tile mode: the whole issue on A4 tiles.

In a fresh process, the print preview dialog is opened on the whole issue
(fit mode), then switched to tile mode, as a reader would. Reported:

- tile_s: from the switch until the preview holds every sheet;
- sheets: how many sheets the preview shows;
- rss_before_mb: resident memory with the issue laid out, before the preview;
- peak_mb: the process's peak resident memory (VmHWM) once the tiles are ready;
- rss_closed_mb: resident memory after the preview is closed (and deleted).

Targets: ready in under 5 s and under 800 MB; the memory comes back.

    python bench/print_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ISSUE, ROOT, child_env, run_code  # noqa: E402

TARGET_S = 5.0
TARGET_MB = 800.0

CHILD = r"""
import gc, json, os, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
app = QApplication.instance() or QApplication(["print-bench"])

def mb(key):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) / 1024 for l in f if l.startswith(key + ":"))

from viewer.model import load_issue
from viewer.layout import layout_issue
from viewer.export.printing import MODES, open_print_preview
layout = layout_issue(load_issue({issue!r}))
app.processEvents()
before = mb("VmRSS")
dialog = open_print_preview(None, layout, None, "fit", paper="A4")
app.processEvents()
t = time.perf_counter()
dialog.mode_box.setCurrentIndex(MODES.index("tile"))
sheets = dialog.preview.pageCount()
app.processEvents()
tile_s = time.perf_counter() - t
peak = mb("VmHWM")
dialog.close()
app.processEvents()
for _ in range(3):
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    app.processEvents()
gc.collect()
closed = mb("VmRSS")
print(json.dumps({{"tile_s": tile_s, "sheets": sheets, "rss_before_mb": before, "peak_mb": peak, "rss_closed_mb": closed}}))
"""


def measure(runs: int, issue=ISSUE) -> dict:
    out = {"tile_s": [], "sheets": [], "rss_before_mb": [], "peak_mb": [], "rss_closed_mb": []}
    for _ in range(runs):
        r = run_code(CHILD.format(root=str(ROOT), issue=str(issue)), child_env(), timeout=900)
        for k in out:
            out[k].append(r[k])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    r = measure(args.runs)
    med = {k: statistics.median(v) for k, v in r.items()}
    print(f"tile preview, whole issue on A4: {med['sheets']:.0f} sheets")
    print(f"  ready in      {med['tile_s']:6.2f} s   (min {min(r['tile_s']):.2f}, max {max(r['tile_s']):.2f})"
          f"   target < {TARGET_S:.0f} s")
    print(f"  peak memory   {med['peak_mb']:6.0f} MB  (before the preview {med['rss_before_mb']:.0f} MB)"
          f"   target < {TARGET_MB:.0f} MB")
    print(f"  after closing {med['rss_closed_mb']:6.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
