"""The benchmark suite: speed and memory of the viewer, side by side with MuPDF.

    python bench/run.py [--quick] [--json out.json]

Prints a table (median, min and max of several runs beside each target) and
writes the figures as JSON. Every figure that must start cold is measured in
a fresh child process, so runs do not pollute each other:

- first_paint_s: launch of a fresh process (offscreen) until the main window
  has painted page 1 at its exact scale (bench/ui_bench.py), with the layout
  cache warm (a first launch filled it: the issue opened again);
  first_paint_cold_s: the same with an empty layout cache (a first opening);
- first_paint_x11_s, floor_launch_s, launch_ratio: the same in a real window
  on a private Xvfb server, and the floor beside it: a 20-line PySide6 +
  PyMuPDF viewer showing page 1 of the exported issue in a QLabel
  (bench/floor_viewer.py), both timed from the parent's clock to the end of
  the first paint, interleaved; floor_launch_offscreen_s and
  launch_ratio_offscreen offscreen; each warm, and cold (_cold)
  (bench/launch_bench.py);
- layout_issue_s, layout_page_s: laying out the whole issue and page 1, cold
  (bench/layout_bench.py);
- render_page_cmd_s: ``herald render ISSUE --page 1 --dpi 150`` as a whole
  process, and render_ratio: it over ``mutool draw -r 150`` of page 1 of
  the exported PDF, interleaved; validate_s: ``herald validate ISSUE`` as a
  whole process; each warm, and cold (_cold) (bench/launch_bench.py);
- paint_page_s: paint_page of page 1 into an image 1920 px wide, and
  mupdf_page_s: MuPDF rasterizing page 1 of our exported PDF at the same
  pixel size, alternately in one process, both warm (fonts loaded, images
  decoded once); paint_ratio = paint_page_s / mupdf_page_s;
- turn_uncached_s, turn_cached_s: page turns in the real page view at fit
  width in a 1920x1080 window (bench/ui_bench.py);
- export_issue_s, export_size_mb: the whole-issue PDF export (bench/export_bench.py);
- peak_rss_mb: peak memory (VmHWM) of a process that visits all pages in the
  window, with idle time for pre-rendering, layout and thumbnails;
- print_tile_s, print_tile_peak_mb, print_tile_closed_mb: the print preview
  of the whole issue switched to tile mode on A4 (216 sheets): the time
  until every sheet is in the preview, the peak memory, and the memory once
  the preview is closed (bench/print_bench.py);
- scale: for synthetic issues of 24, 96 and 240 pages (24, 72 and 168 in
  the quick run, which must end within two minutes) made by
  tools/make_synthetic_issue.py, the cold layout time of the whole issue and
  the peak memory of a window that visits every page;
- alto_parse_mb_s: megabytes of real ALTO read into page values per second
  (bench/alto_bench.py);
- scan_open_page1_s: a fresh process opening a 12-page METS/ALTO package
  (tools/make_scanned_issue.py: 1 MB of ALTO and a 6000 x 9000 px JPEG a
  page; drawing its scans takes about half a minute) and laying out its
  page 1, in CPU time (bench/alto_bench.py);
- scan_first_paint_s, scan_turn_s, scan_turn_exact_s, scan_peak_rss_mb: a
  12-page METS/ALTO package of 6000 x 9000 px JPEG scans in the window
  (bench/scan_bench.py); scan_launch_ratio (_cold, _offscreen): its launch
  to page 1 painted with its scan over the floor's showing page 1's JPEG;
- library: a small synthetic library (12 issues, 288 pages; 42 issues,
  1,008 pages in the full run) indexed as ``herald library scan`` does, with
  pages indexed per second, the index's size and the time of a 1-, 2- and
  4-character query and a phrase (bench/library_bench.py; the 24,000-page
  run is its own command: python bench/library_bench.py);
- epaper_*: the bundled issue as a saved e-paper site with page PDFs
  (tools/make_epaper_site.py): launch to the first painted page against the
  floor showing page 1's PDF, page turns (beside the bundled issue's and
  MuPDF's raster of the same page), open, layout and PDF export of the 24
  page PDFs against their size, and ``herald library add`` of a site of
  365 dates (10 in the quick run, with the time for 365 projected)
  (bench/epaper_bench.py; about 30 s of the quick run, 3 minutes of the
  full one; --skip-epaper leaves it out).

Figures that need Xvfb or mutool are skipped, with the reason, when they
are missing.

--quick takes fewer runs (320 s on a 2-core machine on 2026-12-06, the
scanned package's launch against the floor about 50 s of it); the default
takes more (about 10 minutes), and measures the scale memory warm too. docs/benchmarks.md has the latest figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import alto_bench  # noqa: E402
import epaper_bench  # noqa: E402
import export_bench  # noqa: E402
import launch_bench  # noqa: E402
import layout_bench  # noqa: E402
import scan_bench  # noqa: E402
import library_bench  # noqa: E402
import print_bench  # noqa: E402
import ui_bench  # noqa: E402
from common import ISSUE, ROOT, child_env, fresh_folder, run_json, summary, write_json  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
from make_synthetic_issue import make_synthetic_issue  # noqa: E402

PAINT_WIDTH_PX = 1920
SCALE_PAGES = (24, 96, 240)
QUICK_SCALE_PAGES = (24, 72, 168)  # the quick run's sizes: the same judgements, under two minutes in all
SCALE_IDLE_S = 0.0  # idle time per page visited in the scale runs (events are processed once)

# upper bounds; "linear" and "flat" are judged on the scale figures
TARGETS = {
    "paint_ratio": 1.5,
    "first_paint_s": 1.5,
    "first_paint_cold_s": 1.5,
    "launch_ratio": 1.2,  # a first page as fast as the floor's, within 20 %, when the issue was opened before
    "launch_ratio_cold": 1.5,
    "settled_ratio": 1.5,  # every thumbnail drawn, warm, within 1.5 times the floor's first page
    "render_ratio": 2.0,
    "render_ratio_cold": 2.5,
    "validate_s": 0.3,
    "turn_uncached_s": 0.15,
    "layout_issue_s": 1.0,
    "layout_per_page_growth": 1.25,  # layout s/page at 240 pages over that at 96
    "rss_growth_240_over_24": 1.10,  # peak memory at 240 pages over that at 24 ("flat")
    "print_tile_s": print_bench.TARGET_S,
    "print_tile_peak_mb": print_bench.TARGET_MB,
    **scan_bench.TARGETS,
}
# lower bounds
TARGETS_AT_LEAST = {
    "alto_parse_mb_s": alto_bench.TARGET_MB_S,
}

RUNS = {
    #              quick  full
    "launch": (3, 5),  # rounds; each launches Herald and the floor, under Xvfb and offscreen
    "commands": (3, 5),  # rounds of herald render and mutool draw
    "validate": (2, 5),
    "layout": (2, 5),
    "paint": (2, 3),  # processes; each takes PAINT_REPEATS of both
    "turns": (1, 3),
    "export": (1, 3),
    "memory": (1, 3),
    "print_tile": (1, 3),
    "scale": (1, 3),
    "alto": (2, 3),
    "scan_open": (2, 5),
    "scans": (1, 3),
    "scan_launch": (2, 5),  # rounds, as "launch"
    "library_issues": (12, 42),  # issues of the synthetic library, not runs
    "epaper_launch": (2, 5),  # rounds, as "launch"
    "epaper_turns": (1, 3),  # each with a turns run of the bundled issue beside it
    "epaper_export": (1, 3),
    "epaper_library_dates": (10, 365),  # dates of the site library add indexes, not runs
}
PAINT_REPEATS = 7


# ------------------------------------------------------------ paint against MuPDF (child)


def paint_child(pdf: str, repeats: int) -> None:
    """paint_page against MuPDF on page 1, alternately, both warm."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from viewer.fonts import ensure_app

    ensure_app()
    from viewer.mupdf import load_pymupdf
    from viewer.layout import layout_issue
    from viewer.model import load_issue
    from viewer.render.paint import render_image

    page = layout_issue(load_issue(ISSUE), pages=[1]).page(1)
    pymupdf = load_pymupdf()
    doc = pymupdf.open(pdf)
    mpage = doc[0]
    zoom = PAINT_WIDTH_PX / mpage.rect.width
    matrix = pymupdf.Matrix(zoom, zoom)

    def ours():
        t = time.perf_counter()
        img = render_image(page, width_px=PAINT_WIDTH_PX)
        return time.perf_counter() - t, (img.width(), img.height())

    def mupdf():
        t = time.perf_counter()
        pix = mpage.get_pixmap(matrix=matrix, alpha=False)
        return time.perf_counter() - t, (pix.width, pix.height)

    first_ours, size_ours = ours()  # fonts, glyph caches, decoded images
    first_mupdf, size_mupdf = mupdf()  # fonts and images into MuPDF's store
    paint, mu = [], []
    for _ in range(repeats):
        paint.append(ours()[0])
        mu.append(mupdf()[0])
    print(json.dumps({"paint": paint, "mupdf": mu, "paint_first": first_ours, "mupdf_first": first_mupdf,
                      "size": size_ours, "mupdf_size": size_mupdf, "pymupdf": pymupdf.VersionBind}))


def measure_paint(pdf: Path, runs: int) -> dict:
    paint, mu, sizes = [], [], None
    for _ in range(runs):
        r = run_json([sys.executable, __file__, "--child", "paint", "--pdf", str(pdf)], child_env())
        paint += r["paint"]
        mu += r["mupdf"]
        sizes = (r["size"], r["mupdf_size"])
    return {"paint": paint, "mupdf": mu, "sizes": sizes}


# ------------------------------------------------------------ machine


def machine() -> dict:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "?")
    except OSError:
        cpu = platform.processor() or "?"
    ram_gb = None
    try:
        with open("/proc/meminfo") as f:
            kb = next(int(ln.split()[1]) for ln in f if ln.startswith("MemTotal:"))
        ram_gb = round(kb / 2**20, 1)
    except (OSError, StopIteration):
        pass
    os_name = platform.system()
    try:
        os_name = platform.freedesktop_os_release().get("PRETTY_NAME", os_name)
    except (OSError, AttributeError):
        pass
    import PySide6
    from PySide6.QtCore import qVersion

    try:
        import pymupdf

        mupdf = f"PyMuPDF {pymupdf.VersionBind} (MuPDF {pymupdf.VersionFitz})"
    except Exception:  # noqa: BLE001
        mupdf = "?"
    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram_gb,
        "os": f"{os_name}, Linux {platform.release()}" if platform.system() == "Linux" else os_name,
        "python": platform.python_version(), "qt": qVersion(), "pyside6": PySide6.__version__, "mupdf": mupdf,
        "mutool": launch_bench.mutool_version(),
    }


# ------------------------------------------------------------ the suite


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_suite(quick: bool, epaper: bool = True) -> dict:
    k = 0 if quick else 1
    runs = {name: v[k] for name, v in RUNS.items()}
    stats: dict[str, dict] = {}
    extra: dict = {}
    t_start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="herald-bench-run-"))
    try:
        _log("whole-issue PDF export")
        pdf = tmp / "issue.pdf"  # also what the floor and mutool open below
        ex = export_bench.measure(runs["export"], pdf, command=False)
        stats["export_issue_s"] = summary(ex["export"])
        stats["export_size_mb"] = summary([s / 1e6 for s in ex["sizes"]])

        _log("launch to first painted page: Herald and the floor, under Xvfb and offscreen")
        launch = launch_bench.measure_launch(pdf, runs["launch"])
        _log("herald render --page 1 and mutool draw, herald validate: whole processes")
        commands = launch_bench.measure_commands(pdf, runs["commands"], runs["validate"])
        launch_stats, skipped = launch_bench.figures(launch, commands)
        stats.update(launch_stats)
        extra["launch_page_px"] = launch["page_px"]
        extra["render_px"] = {"herald": commands["render_px"], "mutool": commands["mutool_px"]}

        _log("layout, cold")
        stats["layout_issue_s"] = summary(layout_bench.run(None, runs["layout"], warm=0)["cold"])
        stats["layout_page_s"] = summary(layout_bench.run([1], runs["layout"], warm=0)["cold"])

        _log("paint_page against MuPDF")
        pm = measure_paint(pdf, runs["paint"])
        stats["paint_page_s"] = summary(pm["paint"])
        stats["mupdf_page_s"] = summary(pm["mupdf"])
        # the ratio of the medians; min and max are those of the pairs measured back to back
        stats["paint_ratio"] = summary([a / b for a, b in zip(pm["paint"], pm["mupdf"])])
        stats["paint_ratio"]["median"] = stats["paint_page_s"]["median"] / stats["mupdf_page_s"]["median"]
        extra["paint_px"] = pm["sizes"][0]

        _log("page turns")
        turns = [ui_bench._run("turns") for _ in range(runs["turns"])]
        stats["turn_uncached_s"] = summary([t["uncached_turn_ms"] / 1000 for t in turns])
        stats["turn_cached_s"] = summary([t["cached_turn_ms"] / 1000 for t in turns])
        extra["turn_uncached_worst_s"] = max(t["uncached_turn_max_ms"] for t in turns) / 1000
        extra["view_page_px"] = turns[0]["page_px"]

        _log("peak memory, all pages in the window")
        mem = [ui_bench._run("memory") for _ in range(runs["memory"])]
        stats["peak_rss_mb"] = summary([m["peak_rss_mb"] for m in mem])
        extra["render_cache_mb"] = mem[0]["cache_mb"]

        _log("ALTO reading")
        alto = alto_bench.run(runs["alto"])
        stats["alto_parse_mb_s"] = summary(alto["mb_s"])
        extra["alto_parse_share"] = statistics.median(alto["parse_share"])

        _log("a 12-page METS/ALTO package: opening it and laying out page 1")
        # drawn once (about half a minute), then reused by later runs
        package = alto_bench.make_package(Path(tempfile.gettempdir()) / "herald-bench-scans")
        stats["scan_open_page1_s"] = summary(alto_bench.open_run(runs["scan_open"], package)["total_s"])
        _log("scanned pages: 12 pages of 6000 x 9000 px JPEG scans")
        scans = scan_bench.measure(package, runs["scans"])
        for key in ("scan_first_paint_s", "scan_turn_s", "scan_turn_exact_s", "scan_peak_rss_mb"):
            stats[key] = summary(scans[key])
        _log("the same package's launch against the floor showing page 1's scan")
        scan_launch, scan_skipped = scan_bench.measure_launch(package, runs["scan_launch"])
        stats.update(scan_launch)
        skipped.update(scan_skipped)

        _log("print preview, tile mode")
        pt = print_bench.measure(runs["print_tile"])
        stats["print_tile_s"] = summary(pt["tile_s"])
        stats["print_tile_peak_mb"] = summary(pt["peak_mb"])
        stats["print_tile_closed_mb"] = summary(pt["rss_closed_mb"])
        extra["print_tile_sheets"] = pt["sheets"][0]

        scale = []
        for n in (QUICK_SCALE_PAGES if quick else SCALE_PAGES):
            _log(f"scale: {n} pages")
            folder = make_synthetic_issue(n, tmp / f"synthetic-{n}")
            lay = layout_bench.run(None, runs["scale"], issue=folder, warm=0)["cold"]
            rss = [ui_bench._run("memory", folder, idle=SCALE_IDLE_S) for _ in range(runs["scale"])]
            # warm (the full run only, the quick one must end within two minutes): the
            # issue opened before (validate lays it all out into the cache)
            rss_warm = []
            if not quick:
                warm_cache = fresh_folder("herald-bench-cache-")
                launch_bench._run([sys.executable, "-m", "viewer", "validate", str(folder)],
                                  child_env(HERALD_CACHE_DIR=warm_cache))
                rss_warm = [ui_bench._run("memory", folder, idle=SCALE_IDLE_S, cache=warm_cache)
                            for _ in range(runs["scale"])]
            warm_mb = [r["peak_rss_mb"] for r in rss_warm]
            scale.append({"pages": n, "layout_s": statistics.median(lay), "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in rss),
                          "peak_rss_warm_mb": statistics.median(warm_mb) if warm_mb else None,
                          "rss_warm_min_mb": min(warm_mb, default=None), "rss_warm_max_mb": max(warm_mb, default=None),
                          "layout_s_per_page": statistics.median(lay) / n,
                          "layout_min_s": min(lay), "layout_max_s": max(lay),
                          "rss_min_mb": min(r["peak_rss_mb"] for r in rss), "rss_max_mb": max(r["peak_rss_mb"] for r in rss),
                          "visit_s": statistics.median(r["visit_s"] for r in rss)})
            shutil.rmtree(folder, ignore_errors=True)

        _log(f"library index: {runs['library_issues']} synthetic issues")
        library = library_bench.run((runs["library_issues"],), tmp / "library", warm_runs=3)["stages"][0]

        if epaper:
            (tmp / "epaper").mkdir()
            site = epaper_bench.measure({"launch": runs["epaper_launch"], "turns": runs["epaper_turns"],
                                         "export": runs["epaper_export"]}, runs["epaper_library_dates"], tmp / "epaper")
            stats.update(site["stats"])
            skipped.update(site["skipped"])
            extra["epaper"] = site["extra"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    result = {key: s["median"] for key, s in stats.items()}
    result["skipped"] = skipped
    result["scale"] = scale
    result["library"] = library
    # judged on the largest issue against the middle one (time) and the smallest (memory)
    small, mid, large = scale[0], scale[1], scale[-1]
    growth = {
        "layout_per_page_growth": (large["layout_s_per_page"] / mid["layout_s_per_page"]),
        "rss_growth_240_over_24": large["peak_rss_mb"] / small["peak_rss_mb"],
        "rss_growth_240_over_24_warm": (large["peak_rss_warm_mb"] / small["peak_rss_warm_mb"]
                                        if small["peak_rss_warm_mb"] else None),
        "rss_mb_per_page": (large["peak_rss_mb"] - small["peak_rss_mb"]) / (large["pages"] - small["pages"]),
        "scale_pages": [small["pages"], mid["pages"], large["pages"]],
    }
    result.update({
        "quick": quick, "runs": runs, "stats": stats, "derived": growth, "extra": extra,
        "targets": {**TARGETS, **epaper_bench.TARGETS},
        "targets_at_least": {**TARGETS_AT_LEAST, **epaper_bench.TARGETS_AT_LEAST}, "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "elapsed_s": time.perf_counter() - t_start,
    })
    return result


# ------------------------------------------------------------ the table


def _status(value, target, at_least: bool = False) -> str:
    if target is None or value is None:
        return ""
    return "ok" if (value >= target if at_least else value <= target) else "MISSED"


def table(r: dict) -> str:
    st = r["stats"]
    rows = []

    def row(name, key, unit, scale=1.0, digits=2, target=None):
        if key in r.get("skipped", {}):
            rows.append((name, "skipped", "", "", r["skipped"][key]))
            return
        s = st[key]
        at_least = key in TARGETS_AT_LEAST
        t = target if target is not None else (TARGETS_AT_LEAST if at_least else TARGETS).get(key)
        tgt = f"{'>=' if at_least else '<='} {t * scale:g} {unit}".strip() if t is not None else ""
        rows.append((name, f"{s['median'] * scale:.{digits}f} {unit}".strip(),
                     f"{s['min'] * scale:.{digits}f} – {s['max'] * scale:.{digits}f}", tgt,
                     _status(s["median"], t, at_least)))

    row("first_paint_s: launch to first painted page, warm", "first_paint_s", "s")
    row("first_paint_cold_s: the same, empty layout cache", "first_paint_cold_s", "s")
    row("first_paint_x11_s: warm, a real window (Xvfb)", "first_paint_x11_s", "s")
    row("first_paint_x11_cold_s: cold, a real window (Xvfb)", "first_paint_x11_cold_s", "s")
    row("floor_launch_s: floor viewer, the same (Xvfb)", "floor_launch_s", "s")
    row("launch_ratio: Herald / floor (Xvfb), warm", "launch_ratio", "")
    row("launch_ratio_cold: Herald / floor (Xvfb), cold", "launch_ratio_cold", "")
    row("settled_x11_s: launch to every thumbnail drawn (Xvfb), warm", "settled_x11_s", "s")
    row("settled_ratio: the same / floor (Xvfb)", "settled_ratio", "")
    row("floor_launch_offscreen_s: floor viewer, offscreen", "floor_launch_offscreen_s", "s")
    row("launch_ratio_offscreen: Herald / floor, warm", "launch_ratio_offscreen", "")
    row("launch_ratio_offscreen_cold: Herald / floor, cold", "launch_ratio_offscreen_cold", "")
    row("layout_issue_s: whole issue, cold", "layout_issue_s", "s")
    row("layout_page_s: page 1, cold", "layout_page_s", "s", digits=3)
    row("render_page_cmd_s: herald render --page 1 --dpi 150, warm", "render_page_cmd_s", "s")
    row("render_page_cmd_cold_s: the same, cold", "render_page_cmd_cold_s", "s")
    row("mutool_page_cmd_s: mutool draw -r 150, same page", "mutool_page_cmd_s", "s", digits=3)
    row("render_ratio: herald render / mutool draw, warm", "render_ratio", "", digits=1)
    row("render_ratio_cold: the same, cold", "render_ratio_cold", "", digits=1)
    row("validate_s: herald validate, bundled issue, warm", "validate_s", "s")
    row("validate_cold_s: the same, cold", "validate_cold_s", "s")
    row(f"paint_page_s: page 1 at {PAINT_WIDTH_PX} px wide", "paint_page_s", "s", digits=3)
    row("mupdf_page_s: MuPDF, same page and size", "mupdf_page_s", "s", digits=3)
    row("paint_ratio: paint / MuPDF", "paint_ratio", "", digits=2)
    row("turn_uncached_s: turn to an unrendered page", "turn_uncached_s", "s", digits=3)
    row("turn_cached_s: turn to a rendered page", "turn_cached_s", "s", digits=4)
    row("export_issue_s: whole-issue PDF", "export_issue_s", "s")
    row("export_size_mb: its size", "export_size_mb", "MB")
    row("peak_rss_mb: visiting all pages", "peak_rss_mb", "MB", digits=0)
    row("alto_parse_mb_s: ALTO read into values", "alto_parse_mb_s", "MB/s", digits=1)
    row("scan_open_page1_s: open 12 scanned pages, lay out page 1", "scan_open_page1_s", "s", digits=3)
    row("scan_first_paint_s: 12 scanned pages, first page", "scan_first_paint_s", "s")
    row("scan_turn_s: turn to a page of a 6000x9000 scan", "scan_turn_s", "s", digits=3)
    row("scan_turn_exact_s: until its scan is shown", "scan_turn_exact_s", "s", digits=3)
    row("scan_peak_rss_mb: 12 scanned pages visited", "scan_peak_rss_mb", "MB", digits=0)
    row("scan_launch_ratio: the package's page 1, over the floor on its scan (Xvfb), warm", "scan_launch_ratio", "")
    row("scan_launch_ratio_cold: the same, cold", "scan_launch_ratio_cold", "")
    row("scan_launch_ratio_offscreen: the same, offscreen, warm", "scan_launch_ratio_offscreen", "")
    row("print_tile_s: tile preview, issue on A4", "print_tile_s", "s")
    row("print_tile_peak_mb: its peak memory", "print_tile_peak_mb", "MB", digits=0)
    row("print_tile_closed_mb: after it closes", "print_tile_closed_mb", "MB", digits=0)
    ep_rows = []
    if "epaper" in r["extra"]:
        ep_rows = epaper_bench.rows({"stats": st, "skipped": r.get("skipped", {}), "extra": r["extra"]["epaper"]})
    w = max(len(x[0]) for x in rows + ep_rows)
    out = [f"{'figure':<{w}}  {'median':>10}  {'min – max':>17}  {'target':<11} ",
           "-" * (w + 48)]
    for name, med, rng, tgt, ok in rows:
        out.append(f"{name:<{w}}  {med:>10}  {rng:>17}  {tgt:<11} {ok}")
    out.append("")
    out.append("scale (synthetic issues)   layout_s   s/page   peak_rss_mb cold  warm   visit (s)")
    for s in r["scale"]:
        warm = f"{s['peak_rss_warm_mb']:8.0f}" if s["peak_rss_warm_mb"] else "       -"
        out.append(f"  {s['pages']:>4} pages              {s['layout_s']:7.2f}   {s['layout_s_per_page'] * 1000:5.1f} ms"
                   f"   {s['peak_rss_mb']:8.0f} {warm}      {s['visit_s']:6.1f}")
    d = r["derived"]
    small, mid, large = d.get("scale_pages", (24, 96, 240))
    out.append(f"layout s/page at {large} over {mid} pages: {d['layout_per_page_growth']:.2f}  "
               f"(<= {TARGETS['layout_per_page_growth']}: linear) {_status(d['layout_per_page_growth'], TARGETS['layout_per_page_growth'])}")
    out.append(f"peak memory at {large} over {small} pages: {d['rss_growth_240_over_24']:.2f}, {d['rss_mb_per_page']:.2f} MB a page  "
               f"(<= {TARGETS['rss_growth_240_over_24']}: flat) "
               f"{_status(d['rss_growth_240_over_24'], TARGETS['rss_growth_240_over_24'])}")
    if d["rss_growth_240_over_24_warm"] is not None:
        out.append(f"  the same with the layout cache warm: {d['rss_growth_240_over_24_warm']:.2f} "
                   f"{_status(d['rss_growth_240_over_24_warm'], TARGETS['rss_growth_240_over_24'])}")
    else:
        out.append("  the same with the layout cache warm: in the full run")
    lib = r.get("library")
    if lib:
        q = lib["queries"]
        out.append("")
        out.append(f"library index, {lib['pages']:,} synthetic pages: {lib['pages_per_s']:.0f} pages/s, "
                   f"{lib['bytes_per_page'] / 1024:.1f} KB a page; queries (warm): "
                   + ", ".join(f"{name} {q[name]['warm_s'] * 1000:.1f} ms" for name in library_bench.QUERIES)
                   + f"  (<= {library_bench.TARGET_QUERY_S * 1000:.0f} ms at 24,000 pages: bench/library_bench.py)")
    if "epaper" in r["extra"]:
        ep = r["extra"]["epaper"]
        out.append("")
        out.append(f"e-paper site (the bundled issue written by tools/make_epaper_site.py: {ep['page_pdfs']} page PDFs, "
                   f"{ep['page_pdfs_bytes'] / 1e6:.2f} MB)")
        for name, med, rng, tgt, ok in ep_rows:
            out.append(f"{name:<{w}}  {med:>10}  {rng:>17}  {tgt:<11} {ok}")
    m = r["machine"]
    out.append("")
    out.append(f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB; {m['os']}; Python {m['python']}, "
               f"Qt {m['qt']} (PySide6 {m['pyside6']}), {m['mupdf']}, mutool {m.get('mutool') or 'missing'}")
    out.append(f"{'quick' if r['quick'] else 'full'} run, {r['elapsed_s']:.0f} s; runs per figure: "
               + ", ".join(f"{k} {v}" for k, v in r["runs"].items()))
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs (about 2 minutes, 2.3 with the e-paper site)")
    ap.add_argument("--skip-epaper", action="store_true", help="leave out the e-paper site (bench/epaper_bench.py)")
    ap.add_argument("--json", metavar="FILE", help="write the figures as JSON to FILE")
    ap.add_argument("--child", choices=("paint",), help=argparse.SUPPRESS)
    ap.add_argument("--pdf", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child == "paint":
        paint_child(args.pdf, PAINT_REPEATS)
        return 0
    result = run_suite(args.quick, epaper=not args.skip_epaper)
    print(table(result))
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
