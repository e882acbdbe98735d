"""Make the README's pictures of the window with the screenshot command.

    python tools/make_screenshots.py [--out docs/images] [--lang zh]

Writes window-page1.png (page 1), window-article.png (page 1 with an article
open in the reader), window-search.png (a search across the issue) and
window-scan.png (the Library of Congress's scanned page of 1878 in
tests/data, with a block of it open in the reader) and window-epaper.png
(the bundled issue as a saved e-paper site, written by
tools/make_epaper_site.py into a temporary folder, with page 1's lead
article open). Each is a separate ``python -m viewer screenshot`` run,
offscreen; ``--only NAME`` makes one of them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUE = ROOT / "layouts" / "2025-12-29"
SCANNED = ROOT / "tests" / "data" / "ndnp-mnhi-1878-01-03"
SITE = "e-paper site"  # written by tools/make_epaper_site.py when a picture needs it

SHOTS = {
    "window-page1.png": (ISSUE, ["--page", "1"]),
    "window-article.png": (ISSUE, ["--page", "1", "--article", "p01-miit-2026"]),
    "window-search.png": (ISSUE, ["--page", "1", "--search", "科技成果"]),
    "window-scan.png": (SCANNED, ["--article", "TB124", "--search", "Leichen"]),
    # the date folder of the site; content_600001 is p01-miit-2026, page 1's lead
    "window-epaper.png": (SITE, ["--article", "content_600001"]),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "images"))
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--size", default="1600x1000")
    ap.add_argument("--only", action="append", choices=sorted(SHOTS), help="make this picture only (repeatable)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    shots = {name: v for name, v in SHOTS.items() if not args.only or name in args.only}
    with tempfile.TemporaryDirectory(prefix="herald-shots-") as tmp:
        for name, (issue, extra) in shots.items():
            if issue == SITE:
                site = Path(tmp) / "site"
                if not site.exists():
                    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_epaper_site.py"), "--out", str(site)],
                                          cwd=str(ROOT), env=env, capture_output=True, text=True)
                    if done.returncode != 0:
                        sys.stderr.write(done.stderr)
                        return done.returncode
                issue = site / "html" / "2025-12" / "29"
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
