"""Benchmark saved e-paper sites (数字报): the bundled issue written as a
site by tools/make_epaper_site.py (24 pages, each drawn from its page PDF),
in fresh processes:

- epaper_first_paint_s: launch (offscreen) to page 1 of the site's date
  folder painted at its exact scale in the 1920x1080 main window, from the
  process's start (bench/ui_bench.py's first_paint child);
- epaper_first_paint_x11_s, epaper_floor_launch_s, epaper_launch_ratio: the
  same launch in a real window under Xvfb against the floor
  (bench/floor_viewer.py showing page 1's PDF of the same site at the same
  height), interleaved, each from the parent's clock to the end of the
  first paint; epaper_floor_launch_offscreen_s and
  epaper_launch_ratio_offscreen offscreen (bench/launch_bench.py);
- epaper_turn_uncached_s, epaper_turn_cached_s: page turns in the real page
  view at fit width, median over pages 2-24 (bench/ui_bench.py's turns child);
  beside them, in the same rounds, turn_uncached_s of the bundled issue
  (bundled_turn_uncached_s: the same machine at the same moment), and
  epaper_mupdf_page_s: MuPDF rasterizing each of the page PDFs 2-24 at the
  view's pixel size (a turn's unavoidable part), warm, in a process of its own;
- epaper_open_s, epaper_layout_s, epaper_export_s: opening the date folder,
  laying out its 24 pages (the PDFs' text read for search) and
  export_issue_pdf of them (the page PDFs passed through); the exported
  file's size over the sum of the 24 page PDFs (epaper_export_size_ratio);
  epaper_export_cmd_s: ``herald export`` of the date folder, a whole process;
- epaper_library_add_s: ``herald library add`` of a site of N dates of the
  same 24 pages (365 by default; the PDFs hard links) into an empty library
  (HERALD_DATA_DIR in a temporary folder), a whole process.

    python bench/epaper_bench.py [--runs 5] [--library-dates 365] [--json FILE]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import launch_bench  # noqa: E402
import ui_bench  # noqa: E402
from common import ROOT, child_env, run_code, summary, write_json  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))

DATE = ("2025-12", "29")
LIBRARY_DATES = 365
TARGETS = {
    "epaper_first_paint_s": 1.0,
    "epaper_launch_ratio": 1.2,
    "epaper_launch_ratio_offscreen": 1.2,
    "epaper_turn_uncached_s": 0.1,
    "epaper_export_s": 2.0,
    "epaper_export_size_ratio": 1.10,
    "epaper_library_add_s": 300.0,  # for 365 dates of 24 pages
}
TARGETS_AT_LEAST = {"epaper_export_size_ratio": 0.90}

MUPDF_CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from viewer.mupdf import load_pymupdf
pymupdf = load_pymupdf()
pdfs, width = {pdfs!r}, {width!r}
with pymupdf.open(pdfs[0]) as doc:  # MuPDF's fonts and caches warm
    doc[0].get_pixmap(matrix=pymupdf.Matrix(0.2, 0.2))
times = []
for path in pdfs[1:]:
    with pymupdf.open(path) as doc:
        page = doc[0]
        k = width / page.rect.width
        t = time.perf_counter()
        pix = page.get_pixmap(matrix=pymupdf.Matrix(k, k), alpha=False)
        times.append(time.perf_counter() - t)
print(json.dumps({{"mupdf": times, "px": [pix.width, pix.height]}}))
"""

EXPORT_CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from viewer.fonts import ensure_app
ensure_app()
from viewer.issue import open_issue
from viewer.export.pdf import export_issue_pdf
t = time.perf_counter()
issue = open_issue({site!r})
t_open = time.perf_counter() - t
t = time.perf_counter()
layout = issue.layout()
t_layout = time.perf_counter() - t
t = time.perf_counter()
res = export_issue_pdf(issue, layout, {out!r})
print(json.dumps({{"open": t_open, "layout": t_layout, "export": time.perf_counter() - t, "size": res.size_bytes,
                  "pages": len(res.pages), "problems": len(issue.problems)}}))
"""


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def make_sites(tmp: Path, library_dates: int) -> tuple[Path, Path | None]:
    """(the date folder of a one-date site, a site of ``library_dates``
    dates or None): the second written by tools/make_epaper_site.py, the
    first a copy of its newest date made of hard links."""
    env = child_env()
    many = tmp / "site-dates"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_epaper_site.py"), "--out", str(many),
                    "--dates", str(max(1, library_dates))], cwd=str(ROOT), env=env, check=True, capture_output=True)
    one = tmp / "site"
    for part in ("html", "images"):
        shutil.copytree(many / part / DATE[0] / DATE[1], one / part / DATE[0] / DATE[1], copy_function=os.link)
    shutil.copy(many / "paperindex.htm", one / "paperindex.htm")
    return one / "html" / DATE[0] / DATE[1], (many if library_dates else None)


def page_pdfs(date_folder: Path) -> list[Path]:
    site = date_folder.parents[2]
    return sorted((site / "images" / DATE[0] / DATE[1]).glob("*/*.pdf"))


def measure_export(date_folder: Path, runs: int, out: Path) -> dict:
    env = child_env()
    res = {"open": [], "layout": [], "export": [], "size": [], "command": []}
    for _ in range(runs):
        r = run_code(EXPORT_CHILD.format(root=str(ROOT), site=str(date_folder), out=str(out)), env)
        for key in ("open", "layout", "export", "size"):
            res[key].append(r[key])
        res["pages"], res["problems"] = r["pages"], r["problems"]
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "viewer", "export", str(date_folder), "-o", str(out)], cwd=str(ROOT),
                       env=env, check=True, capture_output=True)
        res["command"].append(time.perf_counter() - t)
    return res


def measure_library(site: Path, tmp: Path) -> dict:
    """``herald library add SITE`` into an empty library: seconds, issues, pages."""
    data = tmp / "library-data"
    shutil.rmtree(data, ignore_errors=True)
    env = child_env(HERALD_DATA_DIR=str(data))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "viewer", "library", "add", str(site)], cwd=str(ROOT), env=env,
                         capture_output=True, text=True, timeout=3600, check=False)
    seconds = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(f"herald library add failed (exit {out.returncode}):\n{out.stderr[-3000:]}")
    m = re.search(r"indexed (\d+) issues?, (\d+) pages?", out.stdout)
    issues, pages = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    return {"seconds": seconds, "issues": issues, "pages": pages}


def measure(runs: dict, library_dates: int, tmp: Path | None = None) -> dict:
    """The figures: ``stats`` (median, min, max of each), ``skipped`` (why a
    figure is missing), ``extra`` (sizes and counts). ``runs``: launch,
    turns, export (each a number of runs)."""
    own = tmp is None
    tmp = Path(tempfile.mkdtemp(prefix="herald-bench-epaper-")) if own else tmp
    stats, skipped, extra = {}, {}, {}
    try:
        _log(f"e-paper site: the bundled issue written as a site ({library_dates} dates for the library)")
        t = time.perf_counter()
        date_folder, many = make_sites(tmp, library_dates)
        extra["site_make_s"] = time.perf_counter() - t
        pdfs = page_pdfs(date_folder)
        extra["page_pdfs"] = len(pdfs)
        extra["page_pdfs_bytes"] = sum(p.stat().st_size for p in pdfs)

        _log("e-paper site: launch to first painted page, Herald and the floor")
        launch = launch_bench.measure_launch(pdfs[0], runs["launch"], issue=date_folder)
        extra["launch_page_px"] = launch["page_px"]
        launch_stats, launch_skipped = launch_bench.launch_figures(launch, "epaper_")
        stats.update(launch_stats)
        skipped.update(launch_skipped)

        _log("e-paper site: page turns at fit width (and the bundled issue's, and MuPDF's raster)")
        turns, bundled = [], []
        for i in range(runs["turns"]):
            pair = [("epaper", date_folder), ("bundled", None)]
            for name, issue in (pair if i % 2 == 0 else pair[::-1]):
                (turns if name == "epaper" else bundled).append(ui_bench._run("turns", issue))
        stats["epaper_turn_uncached_s"] = summary([t["uncached_turn_ms"] / 1000 for t in turns])
        stats["epaper_turn_cached_s"] = summary([t["cached_turn_ms"] / 1000 for t in turns])
        stats["bundled_turn_uncached_s"] = summary([t["uncached_turn_ms"] / 1000 for t in bundled])
        extra["epaper_turn_uncached_worst_s"] = max(t["uncached_turn_max_ms"] for t in turns) / 1000
        extra["view_page_px"] = turns[0]["page_px"]
        mu = run_code(MUPDF_CHILD.format(root=str(ROOT), pdfs=[str(p) for p in pdfs], width=turns[0]["page_px"][0]),
                      child_env())
        stats["epaper_mupdf_page_s"] = summary(mu["mupdf"])
        extra["mupdf_page_px"] = mu["px"]

        _log("e-paper site: open, layout and PDF export of its 24 pages")
        ex = measure_export(date_folder, runs["export"], tmp / "export.pdf")
        stats["epaper_open_s"] = summary(ex["open"])
        stats["epaper_layout_s"] = summary(ex["layout"])
        stats["epaper_export_s"] = summary(ex["export"])
        stats["epaper_export_cmd_s"] = summary(ex["command"])
        stats["epaper_export_size_ratio"] = summary([s / extra["page_pdfs_bytes"] for s in ex["size"]])
        extra["export_bytes"] = ex["size"][-1]
        extra["export_pages"] = ex["pages"]
        extra["site_problems"] = ex["problems"]

        if many is not None:
            _log(f"e-paper site: herald library add, {library_dates} dates of 24 pages")
            lib = measure_library(many, tmp)
            stats["epaper_library_add_s"] = summary([lib["seconds"]])
            extra["library_dates"] = library_dates
            extra["library_issues"] = lib["issues"]
            extra["library_pages"] = lib["pages"]
            extra["library_pages_per_s"] = lib["pages"] / lib["seconds"] if lib["seconds"] else None
            extra["library_365_projected_s"] = lib["seconds"] * LIBRARY_DATES / library_dates
    finally:
        if own:
            shutil.rmtree(tmp, ignore_errors=True)
    return {"stats": stats, "skipped": skipped, "extra": extra}


def status(key: str, value) -> str:
    if value is None:
        return ""
    if key in TARGETS and value > TARGETS[key]:
        return "MISSED"
    if key in TARGETS_AT_LEAST and value < TARGETS_AT_LEAST[key]:
        return "MISSED"
    return "ok" if key in TARGETS or key in TARGETS_AT_LEAST else ""


def target_text(key: str) -> str:
    if key in TARGETS and key in TARGETS_AT_LEAST:
        return f"{TARGETS_AT_LEAST[key]:g} - {TARGETS[key]:g}"
    if key in TARGETS:
        return f"<= {TARGETS[key]:g}"
    if key in TARGETS_AT_LEAST:
        return f">= {TARGETS_AT_LEAST[key]:g}"
    return ""


def rows(result: dict) -> list[tuple[str, str, str, str, str]]:
    """(name, median, min - max, target, status) for each figure."""
    st, skipped, extra = result["stats"], result["skipped"], result["extra"]
    lib_dates = extra.get("library_dates")
    spec = [
        ("epaper_first_paint_s", "epaper_first_paint_s: launch to first painted page", "s", 2),
        ("epaper_first_paint_x11_s", "epaper_first_paint_x11_s: the same, a real window (Xvfb)", "s", 2),
        ("epaper_floor_launch_s", "epaper_floor_launch_s: floor viewer, page 1's PDF (Xvfb)", "s", 2),
        ("epaper_launch_ratio", "epaper_launch_ratio: Herald / floor (Xvfb)", "", 2),
        ("epaper_floor_launch_offscreen_s", "epaper_floor_launch_offscreen_s: floor, offscreen", "s", 2),
        ("epaper_launch_ratio_offscreen", "epaper_launch_ratio_offscreen: Herald / floor", "", 2),
        ("epaper_turn_uncached_s", "epaper_turn_uncached_s: turn to an unrendered page", "s", 3),
        ("epaper_turn_cached_s", "epaper_turn_cached_s: turn to a rendered page", "s", 4),
        ("bundled_turn_uncached_s", "bundled_turn_uncached_s: the bundled issue's, same rounds", "s", 3),
        ("epaper_mupdf_page_s", "epaper_mupdf_page_s: MuPDF's raster of a page PDF, same size", "s", 3),
        ("epaper_open_s", "epaper_open_s: open the date folder (24 pages)", "s", 2),
        ("epaper_layout_s", "epaper_layout_s: lay out its 24 pages", "s", 2),
        ("epaper_export_s", "epaper_export_s: export_issue_pdf of 24 page PDFs", "s", 2),
        ("epaper_export_cmd_s", "epaper_export_cmd_s: herald export, a whole process", "s", 2),
        ("epaper_export_size_ratio", "epaper_export_size_ratio: its size / the page PDFs'", "", 3),
        ("epaper_library_add_s", f"epaper_library_add_s: herald library add, {lib_dates} dates", "s", 1),
    ]
    out = []
    for key, name, unit, digits in spec:
        if key in skipped:
            out.append((name, "skipped", "", "", skipped[key]))
            continue
        if key not in st:
            continue
        s = st[key]
        tgt = target_text(key) if key != "epaper_library_add_s" or lib_dates == LIBRARY_DATES else \
            f"(365 dates: {extra['library_365_projected_s']:.0f} s projected; <= 300)"
        out.append((name, f"{s['median']:.{digits}f} {unit}".strip(), f"{s['min']:.{digits}f} – {s['max']:.{digits}f}",
                    tgt, status(key, s["median"]) if key != "epaper_library_add_s" or lib_dates == LIBRARY_DATES
                    else status(key, extra["library_365_projected_s"])))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="launch rounds (turns and exports: 3)")
    ap.add_argument("--library-dates", type=int, default=LIBRARY_DATES,
                    help="dates of the site that library add indexes (0: none)")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args(argv)
    runs = {"launch": args.runs, "turns": min(3, args.runs), "export": min(3, args.runs)}
    result = measure(runs, args.library_dates)
    table = rows(result)
    w = max(len(r[0]) for r in table)
    for name, med, rng, tgt, ok in table:
        print(f"{name:<{w}}  {med:>9}  {rng:>15}  {tgt:<12} {ok}")
    x = result["extra"]
    print(f"site: {x['page_pdfs']} page PDFs, {x['page_pdfs_bytes'] / 1e6:.2f} MB; exported {x['export_bytes'] / 1e6:.2f} MB; "
          f"written in {x['site_make_s']:.0f} s; page shown at {x['launch_page_px']}, turns at {x['view_page_px']} px")
    if "library_pages" in x:
        print(f"library: {x['library_issues']} issues, {x['library_pages']} pages, {x['library_pages_per_s']:.0f} pages/s")
    if args.json:
        write_json(args.json, {**result, "targets": TARGETS, "targets_at_least": TARGETS_AT_LEAST,
                               "date": time.strftime("%Y-%m-%d")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
