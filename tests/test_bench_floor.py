"""The benchmarks' floor viewer (bench/floor_viewer.py). Timings are not
checked here: that is what the benchmarks are for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_floor_viewer_paints_page_1_offscreen_and_exits(tmp_path):
    from viewer.mupdf import load_pymupdf

    pymupdf = load_pymupdf()
    pdf = tmp_path / "one.pdf"
    doc = pymupdf.open()
    doc.new_page(width=300, height=420).insert_text((40, 60), "floor")
    doc.save(pdf)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "floor_viewer.py"), str(pdf), "--height", "200",
                          "--bench"], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    painted_at = json.loads(out.stdout.strip().splitlines()[-1])["painted_at"]
    assert t0 < painted_at < time.time()
