"""Benchmark scanned newspapers in the window: a 12-page METS/ALTO package
whose pages are 6000 x 9000 px JPEG scans (made by
tools/make_scanned_issue.py), in the real main window, offscreen, at fit
width in a 1920 x 1080 window.

- scan_first_paint_s: a fresh process, from its start until page 1 is
  painted with its scan at the exact scale;
- scan_turn_s: turning to a page never shown (no pre-rendering): set_page
  and a repaint, which shows the page at once (its scan decodes in the
  background); scan_turn_exact_s: until it is painted again with its scan;
- scan_peak_rss_mb: peak memory of a process that visits all 12 pages with
  idle time between, as a reader would;
- scan_launch_ratio: the launch to page 1 painted with its scan, in a real
  window under Xvfb, over the floor's (bench/floor_viewer.py showing page
  1's JPEG at the same pixel height), interleaved as bench/launch_bench.py
  does; warm (the package opened before: its layout kept) and cold (_cold);
  scan_launch_ratio_offscreen offscreen.

    python bench/scan_bench.py [--runs 3] [--package FOLDER] [--launch-only]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import ROOT, child_env, peak_rss_mb, run_json  # noqa: E402

TARGETS = {"scan_first_paint_s": 1.5, "scan_turn_s": 0.15, "scan_peak_rss_mb": 500, "scan_launch_ratio": 1.2}


def make_package(folder: Path) -> Path:
    """The benchmark's package in ``folder`` (made once; reused when there)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from make_scanned_issue import make_scanned_issue

    if (folder / "mets.xml").is_file() and len(list((folder / "images").glob("*.jpg"))) == 12:
        return folder
    return make_scanned_issue(12, folder)


# ------------------------------------------------------------ children


def turns_child() -> None:
    from ui_bench import _window_at_fit_width

    app, win = _window_at_fit_width()  # the package HERALD_BENCH_ISSUE names
    view = win.view
    view.prerender_enabled = False
    win.thumbnails.stop()
    app.processEvents()
    win.doc.layout()  # laid out in the background by now in normal use
    view.viewport().repaint()
    view.wait_for_scans()
    view.viewport().repaint()
    shown, exact = [], []
    for n in win.doc.numbers[1:]:
        t = time.perf_counter()
        view.set_page(n)
        view.viewport().repaint()
        shown.append(time.perf_counter() - t)
        view.wait_for_scans()
        view.viewport().repaint()
        exact.append(time.perf_counter() - t)
    print(json.dumps({"scan_turn_s": statistics.median(shown), "scan_turn_max_s": max(shown),
                      "scan_turn_exact_s": statistics.median(exact), "scan_turn_exact_max_s": max(exact),
                      "zoom_percent": view.zoom_percent()}))


def memory_child() -> None:
    from ui_bench import _window_at_fit_width

    app, win = _window_at_fit_width()  # the package HERALD_BENCH_ISSUE names
    view = win.view
    for n in win.doc.numbers:
        view.set_page(n)
        view.viewport().repaint()
        deadline = time.perf_counter() + 0.5
        while time.perf_counter() < deadline:  # idle: the scan decodes, neighbours pre-render
            app.processEvents()
            time.sleep(0.005)
        view.wait_for_scans()
    while win.thumbnails.pending():
        win.thumbnails._render_next()
    print(json.dumps({"scan_peak_rss_mb": peak_rss_mb()}))


# ------------------------------------------------------------ parent


def measure(package: Path, runs: int) -> dict:
    import ui_bench

    env = child_env(HERALD_BENCH_ISSUE=str(package))
    ui_bench._run("first_paint", package)  # disk cache
    firsts = [ui_bench._run("first_paint", package)["first_paint_s"] for _ in range(runs)]
    turns = [run_json([sys.executable, __file__, "--child", "turns"], env, timeout=1200) for _ in range(runs)]
    mem = [run_json([sys.executable, __file__, "--child", "memory"], env, timeout=1200)["scan_peak_rss_mb"]
           for _ in range(max(1, runs - 1))]
    return {"scan_first_paint_s": firsts, "scan_turn_s": [t["scan_turn_s"] for t in turns],
            "scan_turn_exact_s": [t["scan_turn_exact_s"] for t in turns], "scan_peak_rss_mb": mem,
            "zoom_percent": turns[0]["zoom_percent"]}


def page_one_scan(package: Path) -> Path:
    """Page 1's scan as tools/make_scanned_issue.py names it."""
    return package / "images" / "00001.jpg"


def measure_launch(package: Path, runs: int) -> tuple[dict, dict]:
    """(stats, skipped): the launch on ``package`` against the floor on
    page 1's scan, Xvfb and offscreen, warm and cold."""
    import launch_bench

    launch = launch_bench.measure_launch(page_one_scan(package), runs, issue=package)
    stats, skipped = launch_bench.launch_figures(launch, "scan_")
    # scan_first_paint_s is ``measure``'s (a first opening, as it always was): this warm one is left out
    del stats["scan_first_paint_s"], stats["scan_first_paint_cold_s"]
    return stats, skipped


LAUNCH_ROWS = (
    ("scan_first_paint_x11_s", "Herald, launch to page 1 with its scan, Xvfb, warm", "s"),
    ("scan_floor_launch_s", "floor (page 1's JPEG in a QLabel), Xvfb", "s"),
    ("scan_launch_ratio", "scan_launch_ratio: Herald / floor, Xvfb, warm", ""),
    ("scan_launch_ratio_cold", "scan_launch_ratio_cold: the same, cold", ""),
    ("scan_floor_launch_offscreen_s", "floor, offscreen", "s"),
    ("scan_launch_ratio_offscreen", "scan_launch_ratio_offscreen: Herald / floor, warm", ""),
    ("scan_launch_ratio_offscreen_cold", "scan_launch_ratio_offscreen_cold: the same, cold", ""),
)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--package", help="the package (default: made in the system's temporary folder)")
    ap.add_argument("--child", choices=("turns", "memory"))
    ap.add_argument("--launch-only", action="store_true", help="only the launch against the floor")
    args = ap.parse_args(argv)
    if args.child:
        sys.path.insert(0, str(ROOT))
        {"turns": turns_child, "memory": memory_child}[args.child]()
        return 0
    import tempfile

    package = make_package(Path(args.package) if args.package else Path(tempfile.gettempdir()) / "herald-bench-scans")
    stats, skipped = measure_launch(package, args.runs)
    print(f"12 scanned pages, 6000 x 9000 px JPEG: launch to page 1 with its scan; {args.runs} interleaved "
          "runs, medians")
    for key, label, unit in LAUNCH_ROWS:
        if key in skipped:
            print(f"  {label:<52} skipped: {skipped[key]}")
        elif key in stats:
            v = stats[key]
            print(f"  {label:<52} {v['median']:6.2f} {unit:<2} (min {v['min']:.2f}, max {v['max']:.2f})")
    if args.launch_only:
        return 0
    r = measure(package, args.runs)
    print(f"12 scanned pages, 6000 x 9000 px JPEG; window 1920x1080 at fit width ({r['zoom_percent']}%); medians")
    for key, unit in (("scan_first_paint_s", "s"), ("scan_turn_s", "s"), ("scan_turn_exact_s", "s"),
                      ("scan_peak_rss_mb", "MB")):
        v = r[key]
        target = TARGETS.get(key)
        ok = "" if target is None else ("ok" if statistics.median(v) <= target else "MISSED")
        print(f"  {key:<20} {statistics.median(v):8.3f} {unit}  (min {min(v):.3f}, max {max(v):.3f})"
              f"  {'<= ' + str(target) + ' ' + unit if target else '':<12} {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
