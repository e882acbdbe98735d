"""A command as a user runs it: ``herald render ISSUE --page 1`` timed as a
whole process (interpreter start, imports, loading and checking the issue,
laying out what the page needs, painting, writing the PNG).

    python bench/cli_bench.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ISSUE, ROOT, child_env, fmt_s, summary  # noqa: E402


def render_page_cmd(runs: int = 5, page: int = 1) -> list[float]:
    """Wall-clock seconds of ``python -m viewer render ISSUE --page N`` runs."""
    env = child_env()
    times = []
    with tempfile.TemporaryDirectory(prefix="herald-bench-") as tmp:
        for i in range(runs):
            target = Path(tmp) / f"p{i}.png"
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "viewer", "render", str(ISSUE), "--page", str(page),
                                   "-o", str(target)], capture_output=True, text=True, env=env, cwd=str(ROOT),
                                  timeout=300)
            times.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                raise SystemExit(f"render failed:\n{proc.stderr[-2000:]}")
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    times = render_page_cmd(args.runs)
    if args.json:
        print(json.dumps({"render_page_cmd_s": summary(times)}))
    else:
        print(f"herald render --page 1: {fmt_s(times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
