"""Benchmark the desktop reader (offscreen, the real main window).

- launch to first painted page: a fresh process, from its start to the end of
  the first paint of page 1 with the page image drawn at its exact scale
  (and, for bench/launch_bench.py, on to the moment every page's thumbnail
  is drawn: settled);
- turning to an uncached page (never rendered at this zoom) and to a cached
  one, at fit width in a 1920x1080 window; the time covers set_page and a
  synchronous repaint of the view;
- peak memory (max RSS) of a fresh process after visiting all 24 pages at fit
  width in a 1920x1080 window, with pre-rendering on as in normal use.

    python bench/ui_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ISSUE, ROOT, child_env, peak_rss_mb, run_json  # noqa: E402

TARGETS = {"first_paint_s": 1.5, "uncached_turn_ms": 150, "cached_turn_ms": 20, "peak_rss_mb": 400}


def _issue() -> str:
    """The issue a child opens: HERALD_BENCH_ISSUE, else the bundled one."""
    return os.environ.get("HERALD_BENCH_ISSUE") or str(ISSUE)


# ------------------------------------------------------------ child processes


def _process_start_time() -> float:
    """The wall-clock time this process started (Linux /proc), else now."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        boot = time.time() - uptime
        return boot + start_ticks / ticks
    except (OSError, ValueError, IndexError):
        return time.time()


def first_paint_child() -> None:
    t_start = _process_start_time()
    from viewer.ui.app import create_app

    app = create_app()
    from PySide6.QtCore import QTimer

    from viewer.ui.main_window import MainWindow
    from viewer.ui.thumbnails import MAX_THUMBNAILS

    win = MainWindow()
    win.resize(1920, 1080)
    result = {}

    strip = win.thumbnails
    settled = QTimer(interval=5)

    def painted(pages, exact):
        if pages and exact and "t" not in result:
            result["at"] = time.time()
            result["t"] = result["at"] - t_start
            rect = dict(win.view.page_rects())[pages[0]]
            result["page_px"] = [round(rect.width()), round(rect.height())]
            settled.start()

    def settle():
        # settled: every page's thumbnail drawn (as many as the strip keeps)
        if not strip._pending and len(strip._shown) >= min(len(win.doc.numbers), MAX_THUMBNAILS):
            result["settled_at"] = time.time()
            settled.stop()
            app.quit()
        elif time.time() - result["at"] > 60:
            app.quit()

    settled.timeout.connect(settle)
    win.view.painted.connect(painted)
    win.show()
    win.open_path(_issue(), page=1)
    app.exec()
    # painted_at, settled_at: wall-clock moments, for a parent that timed the launch itself (bench/launch_bench.py)
    print(json.dumps({"first_paint_s": result.get("t"), "painted_at": result.get("at"),
                      "settled_at": result.get("settled_at"), "page_px": result.get("page_px")}))


def _window_at_fit_width():
    """(app, window) showing the issue's page 1 at fit width in 1920 x 1080."""
    from viewer.ui.app import create_app

    app = create_app()
    from viewer.ui.main_window import MainWindow

    win = MainWindow()
    win.resize(1920, 1080)
    win.show()
    win.open_path(_issue(), page=1)
    win.set_zoom_mode("fit_width")
    return app, win


def turns_child() -> None:
    app, win = _window_at_fit_width()
    view = win.view
    view.prerender_enabled = False
    app.processEvents()
    win.doc.layout()  # the background layout has finished in normal use by now
    view.viewport().repaint()

    def turn(n: int) -> float:
        t = time.perf_counter()
        view.set_page(n)
        view.viewport().repaint()
        return (time.perf_counter() - t) * 1000

    uncached = [turn(n) for n in win.doc.numbers[1:]]
    cached_pages = [k[0] for k in view.cache.keys() if k[3] is None]
    cached = []
    for n in reversed(cached_pages):
        cached.append(turn(n))
    # a normal page turn: the neighbour was pre-rendered while idle
    view.prerender_enabled = True
    view.cache.clear()
    turn(10)
    view.prerender_now()
    with_prerender = turn(11)
    print(json.dumps({
        "uncached_turn_ms": statistics.median(uncached), "uncached_turn_max_ms": max(uncached),
        "cached_turn_ms": statistics.median(cached), "cached_turn_max_ms": max(cached),
        "prerendered_next_ms": with_prerender,
        "zoom_percent": view.zoom_percent(), "page_px": list(view.cache.get(view._key(11, view.zoom * view.devicePixelRatioF())).size().toTuple()),
    }))


def memory_child() -> None:
    """Visit every page; HERALD_BENCH_IDLE seconds of idle time after each."""
    app, win = _window_at_fit_width()
    view = win.view
    idle = float(os.environ.get("HERALD_BENCH_IDLE") or 0.2)
    t0 = time.perf_counter()
    for n in win.doc.numbers:
        view.set_page(n)
        view.viewport().repaint()
        deadline = time.perf_counter() + idle
        app.processEvents()
        while time.perf_counter() < deadline:  # idle time: pre-rendering, layout, thumbnails
            app.processEvents()
    win.doc.layout()  # finished in the background by now in normal use
    while win.thumbnails.pending():
        win.thumbnails._render_next()
    print(json.dumps({"peak_rss_mb": peak_rss_mb(), "cache_mb": view.cache.bytes / 2**20, "cached_images": len(view.cache),
                      "pages": win.doc.page_count, "visit_s": time.perf_counter() - t0}))


# ------------------------------------------------------------ parent


def _run(kind: str, issue=None, idle: float | None = None, cache: str | None = None) -> dict:
    """One child process of ``kind`` (first_paint, turns, memory) on ``issue``
    (default: the bundled one); ``idle``: seconds of idle time per page
    visited; ``cache``: a layout cache folder (default: an empty one)."""
    extra = {"HERALD_CACHE_DIR": cache} if cache else {}
    env = child_env(HERALD_BENCH_ISSUE=str(issue or ISSUE), HERALD_BENCH_IDLE=str(idle if idle is not None else ""),
                    **extra)
    return run_json([sys.executable, __file__, "--child", kind], env, timeout=1200)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", choices=("first_paint", "turns", "memory"))
    args = ap.parse_args(argv)
    if args.child:
        sys.path.insert(0, str(ROOT))
        {"first_paint": first_paint_child, "turns": turns_child, "memory": memory_child}[args.child]()
        return 0

    _run("first_paint")  # warm the disk cache and Python's bytecode cache
    firsts = [_run("first_paint")["first_paint_s"] for _ in range(args.runs)]
    turns = [_run("turns") for _ in range(args.runs)]
    mem = _run("memory")

    def med(key):
        return statistics.median(t[key] for t in turns)

    rows = [
        ("launch to first painted page", f"{statistics.median(firsts):.2f} s", f"(min {min(firsts):.2f}, max {max(firsts):.2f})",
         f"< {TARGETS['first_paint_s']} s", statistics.median(firsts) < TARGETS["first_paint_s"]),
        ("turn to an uncached page", f"{med('uncached_turn_ms'):.0f} ms", f"(max {max(t['uncached_turn_max_ms'] for t in turns):.0f})",
         f"< {TARGETS['uncached_turn_ms']} ms", med("uncached_turn_ms") < TARGETS["uncached_turn_ms"]),
        ("turn to a cached page", f"{med('cached_turn_ms'):.1f} ms", f"(max {max(t['cached_turn_max_ms'] for t in turns):.1f})",
         f"< {TARGETS['cached_turn_ms']} ms", med("cached_turn_ms") < TARGETS["cached_turn_ms"]),
        ("next page after idle pre-render", f"{med('prerendered_next_ms'):.1f} ms", "", "", True),
        ("peak memory, 24 pages at fit width", f"{mem['peak_rss_mb']:.0f} MB",
         f"(render cache {mem['cache_mb']:.0f} MB in {mem['cached_images']} images)",
         f"< {TARGETS['peak_rss_mb']} MB", mem["peak_rss_mb"] < TARGETS["peak_rss_mb"]),
    ]
    t0 = turns[0]
    print(f"window 1920x1080, fit width: zoom {t0['zoom_percent']}%, page image {t0['page_px'][0]}x{t0['page_px'][1]} px; "
          f"{args.runs} runs, medians")
    for name, value, extra, target, ok in rows:
        print(f"  {name:<38} {value:>9} {extra:<38} {target:<10} {'ok' if ok else 'MISSED' if target else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
