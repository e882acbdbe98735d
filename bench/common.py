"""Helpers shared by the benchmark scripts: paths, child processes, peak
memory and the median/min/max summaries.

Every measurement that must start cold runs in a child process of its own
(fresh Python, fonts, Qt), which prints one JSON object as its last line.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUE = ROOT / "layouts" / "2025-12-29"


# Python's compiled modules for the children, kept between runs: an installed
# program has its bytecode (pip compiles it), so a launch must not compile
# every module from source, even where PYTHONDONTWRITEBYTECODE is set.
PYCACHE = Path(tempfile.gettempdir()) / "herald-bench-pycache"


def fresh_folder(prefix: str = "herald-bench-") -> str:
    """A new empty folder in the temporary directory, removed at exit."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, True)
    return folder


def child_env(**extra: str) -> dict:
    """The environment of a benchmark child: offscreen Qt, the repository
    importable, settings in a fresh folder (a first launch: no saved state),
    an empty layout cache of its own (a first opening: everything laid out;
    pass HERALD_CACHE_DIR for a warm one), and compiled modules cached (in
    PYCACHE, outside the checkout). Never the user's own settings or cache."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env["HERALD_SETTINGS_DIR"] = fresh_folder()
    env["HERALD_CACHE_DIR"] = fresh_folder("herald-bench-cache-")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def x11_env(display: str, **extra: str) -> dict:
    """``child_env`` for a real X11 window on ``display`` (Qt's xcb platform)."""
    return child_env(QT_QPA_PLATFORM="xcb", DISPLAY=display, **extra)


@contextlib.contextmanager
def xvfb(size: str = "1920x1080x24"):
    """A private Xvfb server for the time of the block: yields (display, None),
    or (None, why) when there is none to be had (Xvfb not installed, Qt's X11
    plugin missing a library, the server not starting)."""
    if not shutil.which("Xvfb"):
        yield None, "Xvfb is not installed (Debian: apt-get install xvfb)"
        return
    sys.path.insert(0, str(ROOT))
    from viewer.display import missing_xcb_packages

    missing = missing_xcb_packages()
    if missing:
        yield None, f"Qt's X11 plugin lacks libraries (Debian: apt-get install {' '.join(missing)})"
        return
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb") as pipe:  # Xvfb writes its display number once it accepts clients
            number = pipe.readline().strip()
        if not number.isdigit():
            yield None, f"Xvfb did not start (exit {proc.poll()})"
        else:
            yield f":{number.decode()}", None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_json(cmd: list[str], env: dict | None = None, timeout: float = 900) -> dict:
    """Run a child process and return the JSON object on its last output line."""
    out = subprocess.run(cmd, capture_output=True, text=True, env=env or child_env(), cwd=str(ROOT), timeout=timeout)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed (exit {out.returncode}):\n{out.stderr[-4000:]}")
    lines = [ln for ln in out.stdout.strip().splitlines() if ln.startswith("{")]
    if not lines:
        raise SystemExit(f"{' '.join(cmd[:4])} … printed no result:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return json.loads(lines[-1])


def run_code(code: str, env: dict | None = None, timeout: float = 900) -> dict:
    """Run ``python -c code`` in a fresh process; its last line is JSON."""
    return run_json([sys.executable, "-c", code], env, timeout)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (VmHWM, else ru_maxrss)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def summary(values) -> dict:
    """{'median', 'min', 'max', 'n'} of a list of numbers."""
    values = [v for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def write_json(path: str | Path, value) -> None:
    """The figures as indented JSON (``--json FILE``)."""
    Path(path).write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def fmt_ms(values) -> str:
    return f"{statistics.median(values) * 1000:8.1f} ms  (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"


def fmt_s(values) -> str:
    return f"{statistics.median(values):6.2f} s  (min {min(values):.2f}, max {max(values):.2f})"
