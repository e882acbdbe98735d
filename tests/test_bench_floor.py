"""The benchmarks' floor viewer and the way the launch benchmark skips what
it cannot measure (bench/floor_viewer.py, bench/launch_bench.py). Timings
are not checked here: that is what the benchmarks are for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


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


def test_no_xvfb_gives_a_reason_not_a_failure(tmp_path, monkeypatch):
    from common import xvfb

    monkeypatch.setenv("PATH", str(tmp_path))  # no Xvfb on it
    with xvfb() as (display, why):
        assert display is None
        assert "Xvfb is not installed" in why


def test_figures_missing_tools_are_skipped_with_the_reason():
    from launch_bench import figures

    launch = {"first_paint": [0.7, 0.8], "herald_off": [0.8, 0.9], "floor_off": [0.4, 0.5], "herald_x11": [],
              "floor_x11": [], "skipped": "Xvfb is not installed"}
    commands = {"render": [1.0, 1.1], "mutool": [], "validate": [1.2], "skipped": "mutool is not installed"}
    stats, skipped = figures(launch, commands)
    assert skipped == {"first_paint_x11_s": "Xvfb is not installed", "floor_launch_s": "Xvfb is not installed",
                       "launch_ratio": "Xvfb is not installed", "mutool_page_cmd_s": "mutool is not installed",
                       "render_ratio": "mutool is not installed"}
    assert abs(stats["launch_ratio_offscreen"]["median"] - 0.85 / 0.45) < 1e-9
    assert stats["validate_s"]["median"] == 1.2
