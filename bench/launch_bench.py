"""Herald as whole processes, beside the least that does the same job.

- launch: a fresh process, from the moment the parent starts it until the
  end of the first paint event that draws page 1 whole: Herald's page view
  at its exact scale in a 1920x1080 main window (the child of
  bench/ui_bench.py that first_paint_s comes from), and the floor
  (bench/floor_viewer.py: PyMuPDF renders page 1 of the issue's exported PDF
  at the same pixel height, a QLabel shows it). Each child prints the
  wall-clock time at that moment; the parent read the same clock just
  before starting it. In a real window on a private Xvfb server and
  offscreen. launch_ratio: Herald's median over the floor's; settled:
  Herald's warm launch on to the moment every page's thumbnail is drawn,
  settled_ratio: that over the floor's first page;
- render: ``herald render ISSUE --page 1 --dpi 150`` against
  ``mutool draw -r 150`` of page 1 of the exported PDF, whole processes
  (the same pixel size); render_ratio;
- validate_s: ``herald validate ISSUE``, a whole process.

Herald runs warm and cold: warm with a layout cache that a first launch
(not counted) filled, as when a reader opens an issue again; cold with an
empty layout cache of its own each time, a first opening (every figure
with _cold in its name). The disk cache and Python's compiled modules are
warm for both.

Runs are interleaved: each round starts each program once, in an order
that alternates from round to round, so a busy machine slows both alike.
A ratio is the ratio of the medians; its min and max are those of the
pairs of a round. Without Xvfb or mutool the figures that need them are
skipped with the reason.

    python bench/launch_bench.py [--runs 5] [--pdf FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import ISSUE, ROOT, child_env, fresh_folder, summary, x11_env, xvfb  # noqa: E402

FLOOR = HERE / "floor_viewer.py"
RENDER_DPI = 150


def _painted(cmd: list[str], env: dict) -> tuple[float, dict]:
    """Seconds from starting ``cmd`` to the ``painted_at`` its last JSON line gives."""
    t0 = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=300)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"{' '.join(cmd[:3])} … failed (exit {out.returncode}):\n{out.stderr[-3000:]}")
    result = json.loads(lines[-1])
    if result.get("settled_at") is not None:
        result["settled_s"] = result["settled_at"] - t0
    return result["painted_at"] - t0, result


def _herald(env: dict) -> tuple[float, dict]:
    return _painted([sys.executable, str(HERE / "ui_bench.py"), "--child", "first_paint"], env)


def _floor(pdf: Path, height: int, env: dict) -> float:
    return _painted([sys.executable, str(FLOOR), str(pdf), "--height", str(height), "--bench"], env)[0]


def _ratio(ours: list[float], theirs: list[float]) -> dict:
    s = summary([a / b for a, b in zip(ours, theirs)])
    s["median"] = statistics.median(ours) / statistics.median(theirs)
    return s


def measure_launch(pdf: Path, runs: int, issue=ISSUE) -> dict:
    """Herald's launch on ``issue``, warm and cold, and the floor's on ``pdf``, under Xvfb and
    offscreen, interleaved. Lists of seconds; ``skipped``: why the X11
    figures are missing."""
    warm = fresh_folder("herald-bench-cache-")

    def env_off(cache=None):
        return child_env(QT_QPA_PLATFORM="offscreen", HERALD_BENCH_ISSUE=str(issue),
                         HERALD_CACHE_DIR=cache or fresh_folder("herald-bench-cache-"))

    out = {"page_px": None, "first_paint": [], "first_paint_cold": [], "skipped": None,
           **{f"settled_{name}": [] for name in ("off", "x11")},
           **{f"{who}_{name}": [] for who in ("herald", "herald_cold", "floor") for name in ("off", "x11")}}
    with xvfb() as (display, why):
        out["skipped"] = why

        def env_x11(cache=None):
            return x11_env(display, HERALD_BENCH_ISSUE=str(issue),
                           HERALD_CACHE_DIR=cache or fresh_folder("herald-bench-cache-"))

        # a first run, not counted: modules, fonts and Qt's plugins read from
        # disk once, the warm layout cache filled; and the size Herald shows
        # page 1 at, which the floor copies
        out["page_px"] = _herald((env_x11 if display else env_off)(warm))[1]["page_px"]
        if display:
            _herald(env_off(warm))
        height = out["page_px"][1]
        for i in range(runs):
            platforms = [("off", env_off)] + ([("x11", env_x11)] if display else [])
            for name, env in (platforms if i % 2 == 0 else platforms[::-1]):
                order = ("herald", "herald_cold", "floor")
                for which in (order if i % 2 == 0 else order[::-1]):
                    if which == "floor":
                        out[f"floor_{name}"].append(_floor(pdf, height, env()))
                        continue
                    t, r = _herald(env(warm if which == "herald" else None))
                    out[f"{which}_{name}"].append(t)
                    if which == "herald":
                        out[f"settled_{name}"].append(r.get("settled_s") or float("nan"))
                    if name == "off":  # from /proc, as first_paint_s always was
                        out["first_paint" if which == "herald" else "first_paint_cold"].append(r["first_paint_s"])
    return out


def _run(cmd: list[str], env: dict, ok=(0,)) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=300)
    t = time.perf_counter() - t0
    if out.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed (exit {out.returncode}):\n{out.stderr[-3000:]}")
    return t, out.stdout


def _png_size(path: Path) -> list[int]:
    head = path.read_bytes()[:24]
    return [int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")]


def measure_commands(pdf: Path, runs: int, validate_runs: int | None = None) -> dict:
    """``herald render --page 1``, warm and cold, against ``mutool draw`` of
    page 1, and ``herald validate``, warm and cold: whole processes,
    interleaved."""
    warm = fresh_folder("herald-bench-cache-")

    def env(cache=None):
        return child_env(HERALD_CACHE_DIR=cache or fresh_folder("herald-bench-cache-"))

    mutool = shutil.which("mutool")
    out = {"render": [], "render_cold": [], "mutool": [], "validate": [], "validate_cold": [], "render_px": None,
           "mutool_px": None,
           "skipped": None if mutool else "mutool is not installed (Debian: apt-get install mupdf-tools)"}
    validate_runs = runs if validate_runs is None else validate_runs
    with tempfile.TemporaryDirectory(prefix="herald-bench-") as tmp:
        ours, theirs = Path(tmp) / "herald.png", Path(tmp) / "mutool.png"
        render = [sys.executable, "-m", "viewer", "render", str(ISSUE), "--page", "1", "--dpi", str(RENDER_DPI),
                  "-o", str(ours)]
        draw = [mutool, "draw", "-q", "-r", str(RENDER_DPI), "-o", str(theirs), str(pdf), "1"] if mutool else None
        validate = [sys.executable, "-m", "viewer", "validate", str(ISSUE)]
        if draw:
            _run(draw, env())  # mutool read from disk once (Herald's modules were by the launches)
        _run(render, env(warm))  # the warm cache filled: page 1's group, then the whole issue and validate's verdict
        _run(validate, env(warm))
        for i in range(max(runs, validate_runs)):
            steps = []
            if i < runs:
                steps += [("render", render, warm), ("render_cold", render, None)]
                steps += [("mutool", draw, None)] if draw else []
            if i < validate_runs:
                steps += [("validate", validate, warm), ("validate_cold", validate, None)]
            for name, cmd, cache in (steps if i % 2 == 0 else steps[::-1]):
                out[name].append(_run(cmd, env(cache))[0])
        out["render_px"] = _png_size(ours)
        if draw:
            out["mutool_px"] = _png_size(theirs)
    return out


def launch_figures(launch: dict, prefix: str = "") -> tuple[dict, dict]:
    """(stats, skipped) of a ``measure_launch``: the summaries, each key
    after ``prefix`` (the bundled issue's have none; "epaper_", "scan_"),
    and for each figure that could not be measured, why."""
    stats = {
        "first_paint_s": summary(launch["first_paint"]),
        "first_paint_cold_s": summary(launch["first_paint_cold"]),
        "floor_launch_offscreen_s": summary(launch["floor_off"]),
        "launch_ratio_offscreen": _ratio(launch["herald_off"], launch["floor_off"]),
        "launch_ratio_offscreen_cold": _ratio(launch["herald_cold_off"], launch["floor_off"]),
        "settled_offscreen_s": summary(launch["settled_off"]),
        "settled_ratio_offscreen": _ratio(launch["settled_off"], launch["floor_off"]),
    }
    skipped = {}
    if launch["skipped"]:
        for key in ("first_paint_x11_s", "first_paint_x11_cold_s", "floor_launch_s", "launch_ratio",
                    "launch_ratio_cold", "settled_x11_s", "settled_ratio"):
            skipped[prefix + key] = launch["skipped"]
    else:
        stats["first_paint_x11_s"] = summary(launch["herald_x11"])
        stats["first_paint_x11_cold_s"] = summary(launch["herald_cold_x11"])
        stats["floor_launch_s"] = summary(launch["floor_x11"])
        stats["launch_ratio"] = _ratio(launch["herald_x11"], launch["floor_x11"])
        stats["launch_ratio_cold"] = _ratio(launch["herald_cold_x11"], launch["floor_x11"])
        stats["settled_x11_s"] = summary(launch["settled_x11"])
        stats["settled_ratio"] = _ratio(launch["settled_x11"], launch["floor_x11"])
    return {prefix + k: v for k, v in stats.items()}, skipped


def figures(launch: dict, commands: dict) -> tuple[dict, dict]:
    """(stats, skipped): the summaries under the keys bench/run.py reports,
    and for each figure that could not be measured, why."""
    stats, skipped = launch_figures(launch)
    stats["render_page_cmd_s"] = summary(commands["render"])
    stats["render_page_cmd_cold_s"] = summary(commands["render_cold"])
    if commands["skipped"]:
        for key in ("mutool_page_cmd_s", "render_ratio", "render_ratio_cold"):
            skipped[key] = commands["skipped"]
    else:
        stats["mutool_page_cmd_s"] = summary(commands["mutool"])
        stats["render_ratio"] = _ratio(commands["render"], commands["mutool"])
        stats["render_ratio_cold"] = _ratio(commands["render_cold"], commands["mutool"])
    stats["validate_s"] = summary(commands["validate"])
    stats["validate_cold_s"] = summary(commands["validate_cold"])
    return stats, skipped


ROWS = (
    ("first_paint_x11_s", "Herald, launch to first painted page, Xvfb, warm", "s", 2),
    ("first_paint_x11_cold_s", "the same, cold (empty layout cache)", "s", 2),
    ("floor_launch_s", "floor (PyMuPDF page in a QLabel), Xvfb", "s", 2),
    ("launch_ratio", "launch_ratio: Herald / floor, Xvfb, warm", "", 2),
    ("launch_ratio_cold", "launch_ratio_cold: the same, cold", "", 2),
    ("settled_x11_s", "Herald, launch to every thumbnail drawn, Xvfb, warm", "s", 2),
    ("settled_ratio", "settled_ratio: the same / floor", "", 2),
    ("first_paint_s", "Herald, launch to first painted page, offscreen, warm", "s", 2),
    ("first_paint_cold_s", "the same, cold", "s", 2),
    ("floor_launch_offscreen_s", "floor, offscreen", "s", 2),
    ("launch_ratio_offscreen", "launch_ratio_offscreen: Herald / floor, warm", "", 2),
    ("launch_ratio_offscreen_cold", "launch_ratio_offscreen_cold: the same, cold", "", 2),
    ("settled_offscreen_s", "Herald, launch to every thumbnail drawn, offscreen, warm", "s", 2),
    ("settled_ratio_offscreen", "settled_ratio_offscreen: the same / floor", "", 2),
    ("render_page_cmd_s", f"herald render --page 1 --dpi {RENDER_DPI}, warm", "s", 2),
    ("render_page_cmd_cold_s", "the same, cold", "s", 2),
    ("mutool_page_cmd_s", f"mutool draw -r {RENDER_DPI}, page 1 of the PDF", "s", 3),
    ("render_ratio", "render_ratio: herald render / mutool draw, warm", "", 1),
    ("render_ratio_cold", "render_ratio_cold: the same, cold", "", 1),
    ("validate_s", "herald validate, the bundled issue, warm", "s", 2),
    ("validate_cold_s", "the same, cold", "s", 2),
)


def mutool_version() -> str | None:
    """mutool's version (``mutool -v``), None when it is not installed."""
    if not shutil.which("mutool"):
        return None
    out = subprocess.run(["mutool", "-v"], capture_output=True, text=True)
    words = (out.stderr + out.stdout).split()
    return words[-1] if words else "?"


def export_pdf(target: Path) -> Path:
    """The bundled issue exported as ``herald export`` does (what the floor and mutool open)."""
    _run([sys.executable, "-m", "viewer", "export", str(ISSUE), "-o", str(target)], child_env())
    return target


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pdf", help="the bundled issue's exported PDF (default: exported into a temporary folder)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="herald-bench-") as tmp:
        pdf = Path(args.pdf) if args.pdf else export_pdf(Path(tmp) / "issue.pdf")
        launch = measure_launch(pdf, args.runs)
        commands = measure_commands(pdf, args.runs)
    stats, skipped = figures(launch, commands)
    print(f"page 1 shown at {launch['page_px'][0]}x{launch['page_px'][1]} px; rendered at {RENDER_DPI} dpi: "
          f"herald {commands['render_px']}, mutool {commands['mutool_px']}; {args.runs} interleaved runs, medians")
    for key, name, unit, digits in ROWS:
        if key in skipped:
            print(f"  {name:<50} skipped: {skipped[key]}")
            continue
        s = stats[key]
        print(f"  {name:<50} {s['median']:7.{digits}f} {unit:<2} (min {s['min']:.{digits}f}, max {s['max']:.{digits}f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
