"""Make the README's pictures of the window with the screenshot command.

    python tools/make_screenshots.py [--out docs/images] [--lang zh]

Writes window-page1.png (page 1), window-article.png (page 1 with an article
open in the reader), window-search.png (a search across the issue) and
window-scan.png (the Library of Congress's scanned page of 1878 in
tests/data, with a block of it open in the reader).
Each is a separate ``python -m viewer screenshot`` run, offscreen.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUE = ROOT / "layouts" / "2025-12-29"
SCANNED = ROOT / "tests" / "data" / "ndnp-mnhi-1878-01-03"

SHOTS = {
    "window-page1.png": (ISSUE, ["--page", "1"]),
    "window-article.png": (ISSUE, ["--page", "1", "--article", "p01-miit-2026"]),
    "window-search.png": (ISSUE, ["--page", "1", "--search", "科技成果"]),
    "window-scan.png": (SCANNED, ["--article", "TB124", "--search", "Leichen"]),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "images"))
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--size", default="1600x1000")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for name, (issue, extra) in SHOTS.items():
        cmd = [sys.executable, "-m", "viewer", "screenshot", str(issue), "-o", str(out / name),
               "--size", args.size, "--lang", args.lang, *extra]
        done = subprocess.run(cmd, cwd=str(ROOT), env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return done.returncode
        print(done.stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
