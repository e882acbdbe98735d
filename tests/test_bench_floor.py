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

    launch = {"first_paint": [0.7, 0.8], "first_paint_cold": [0.9, 1.0], "herald_off": [0.8, 0.9],
              "herald_cold_off": [1.0, 1.1], "floor_off": [0.4, 0.5], "herald_x11": [], "herald_cold_x11": [],
              "floor_x11": [], "settled_off": [1.0, 1.2], "settled_x11": [], "skipped": "Xvfb is not installed"}
    commands = {"render": [1.0, 1.1], "render_cold": [1.3], "mutool": [], "validate": [0.2], "validate_cold": [1.2],
                "skipped": "mutool is not installed"}
    stats, skipped = figures(launch, commands)
    x11, mutool = "Xvfb is not installed", "mutool is not installed"
    assert skipped == {"first_paint_x11_s": x11, "first_paint_x11_cold_s": x11, "floor_launch_s": x11,
                       "launch_ratio": x11, "launch_ratio_cold": x11, "settled_x11_s": x11, "settled_ratio": x11,
                       "mutool_page_cmd_s": mutool,
                       "render_ratio": mutool, "render_ratio_cold": mutool}
    assert abs(stats["launch_ratio_offscreen"]["median"] - 0.85 / 0.45) < 1e-9
    assert abs(stats["launch_ratio_offscreen_cold"]["median"] - 1.05 / 0.45) < 1e-9
    assert abs(stats["settled_ratio_offscreen"]["median"] - 1.1 / 0.45) < 1e-9
    assert stats["validate_s"]["median"] == 0.2 and stats["validate_cold_s"]["median"] == 1.2
