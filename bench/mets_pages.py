"""Benchmark a METS of many pages that all name one real ALTO file.

Builds, in a temporary folder, a METS whose PHYSICAL structMap lists
``--pages`` pages (1,500 by default), every one pointing at a copy of one
real ALTO file of the samples (tests/data/bl-statesman-1824-02-17 page 1:
1.2 MB, about 6,000 words, in pixels), then measures in child processes:

- validate_s, validate_peak_rss_mb: ``herald validate`` on the package,
  wall time and peak resident memory (resource.getrusage(RUSAGE_CHILDREN));
- first_page_s: opening the package and reading
  page 1's words (what the window needs before it paints page 1).

    python bench/mets_pages.py [--pages 1500] [--alto FILE]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import ROOT, child_env  # noqa: E402

ALTO = ROOT / "tests" / "data" / "bl-statesman-1824-02-17" / "0002647_18240217_0001.xml"
TARGETS = {"validate_s": 60.0, "validate_peak_rss_mb": 1024.0, "first_page_s": 2.0}

_FIRST_PAGE = """
import json, sys, time
t0 = time.perf_counter()
from viewer.sources.package import open_package
issue = open_package(sys.argv[1])
issue.pages[0].blocks
print(json.dumps({"s": time.perf_counter() - t0, "pages": len(issue.pages)}))
"""


def make_package(folder: Path, pages: int, alto: Path) -> Path:
    """A METS of ``pages`` pages in ``folder``, each naming ALTO/page.xml."""
    (folder / "ALTO").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(alto, folder / "ALTO" / "page.xml")
    divs = "\n".join(f'      <mets:div TYPE="page" ORDER="{n}"><mets:fptr FILEID="ALTO1"/></mets:div>'
                     for n in range(1, pages + 1))
    (folder / "mets.xml").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink" LABEL="Many pages">
  <mets:fileSec>
    <mets:fileGrp USE="ocr">
      <mets:file ID="ALTO1" MIMETYPE="text/xml"><mets:FLocat xlink:href="ALTO/page.xml"/></mets:file>
    </mets:fileGrp>
  </mets:fileSec>
  <mets:structMap TYPE="PHYSICAL">
    <mets:div TYPE="issue">
{divs}
    </mets:div>
  </mets:structMap>
</mets:mets>
""", encoding="utf-8")
    return folder


def _child(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and peak memory (MB) of one child process, run alone."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=child_env(), cwd=str(ROOT))
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print("warning: an earlier child used more memory; the peak is a lower bound", file=sys.stderr)
    return wall, peak / 1024, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1500)
    ap.add_argument("--alto", type=Path, default=ALTO, help="the ALTO file every page names")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="herald-mets-pages-") as tmp:
        folder = make_package(Path(tmp), args.pages, args.alto)
        # validate first: it is the larger, so the peak of the children is its own
        wall, peak, out = _child([sys.executable, "-m", "viewer", "validate", str(folder)])
        last = (out.stdout.strip().splitlines() or out.stderr.strip().splitlines() or [""])[-1]
        figures = {"pages": args.pages, "validate_s": round(wall, 2), "validate_peak_rss_mb": round(peak),
                   "validate_exit": out.returncode, "validate_says": last[:200]}
        wall, peak, out = _child([sys.executable, "-c", _FIRST_PAGE, str(folder)])
        if out.returncode != 0:
            raise SystemExit(out.stderr[-4000:])
        figures["first_page_s"] = round(json.loads(out.stdout.strip().splitlines()[-1])["s"], 2)
        figures["first_page_wall_s"] = round(wall, 2)
    print(json.dumps(figures))
    for key, target in TARGETS.items():
        print(f"{key}: {figures[key]} (target under {target:g})", file=sys.stderr)


if __name__ == "__main__":
    main()
