"""Render the README's page pictures (pages 1, 2, 10 and 13 of the bundled issue).

    python tools/render_readme.py [--dpi 72]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from viewer.layout import layout_issue  # noqa: E402
from viewer.model import load_issue  # noqa: E402
from viewer.render.paint import render_image  # noqa: E402

PAGES = (1, 2, 10, 13)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=float, default=72.0)
    ap.add_argument("--out", default=str(ROOT / "docs" / "images"))
    args = ap.parse_args(argv)
    layout = layout_issue(load_issue(ROOT / "layouts" / "2025-12-29"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for n in PAGES:
        path = out / f"page-{n:02d}.png"
        render_image(layout.page(n), args.dpi).save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
