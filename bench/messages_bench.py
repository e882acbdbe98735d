"""What showing the problems in Chinese costs: the problems panel listing
every problem of a large broken issue, in the Chinese interface and in the
English one.

    python bench/messages_bench.py [--pages 240] [--runs 5]

The issue is tools/make_synthetic_issue.py's, its text folder and images
taken away (an issue copied without them) and on every page a frame moved
outside the grid, so each page has problems of its own.
Each run lists them once in English and once in Chinese, the catalogue's
memory of messages already translated emptied first (a cold start), and
puts each distinct message in Chinese once more, cold, for the time one
takes; the figures are the medians. Prints a table and, last, one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

TARGET_EXTRA_S_PER_1000 = 0.1  # what Chinese may add to listing 1,000 problems


def broken_issue(pages: int, folder: Path) -> Path:
    from make_synthetic_issue import make_synthetic_issue

    root = Path(make_synthetic_issue(pages, folder / "issue"))
    shutil.rmtree(root / "text")
    shutil.rmtree(root / "images")
    for page in sorted((root / "pages").glob("*.json")):
        data = json.loads(page.read_text(encoding="utf-8"))
        for block in data.get("blocks", []):
            frames = block.get("frames") or [block.get("frame")]
            if frames and frames[0] and frames[0].get("col"):
                frames[0]["col"] = 8
                frames[0]["span"] = 3
                break
        page.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return root


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=240)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    settings = tempfile.mkdtemp(prefix="herald-bench-")
    os.environ["HERALD_SETTINGS_DIR"] = settings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from viewer.issue import DescriptorIssue
    from viewer.model import load_issue
    from viewer.ui import i18n, messages
    from viewer.ui.problems_panel import ProblemsPanel

    with tempfile.TemporaryDirectory() as tmp:
        root = broken_issue(args.pages, Path(tmp))
        problems = DescriptorIssue(load_issue(root)).check()
    panel = ProblemsPanel()
    times = {"en": [], "zh": []}
    for _ in range(args.runs):
        for lang in ("en", "zh"):
            i18n.set_language(lang)
            messages._translate.cache_clear()
            t = time.perf_counter()
            panel.set_problems(problems)
            app.processEvents()
            times[lang].append(time.perf_counter() - t)
    untranslated = sum(row[2] == p.message for row, p in zip(panel.rows(), problems))
    distinct = sorted({p.message for p in problems})
    per_message = []
    for _ in range(args.runs):
        messages._translate.cache_clear()
        t = time.perf_counter()
        for m in distinct:
            messages.translate(m)
        per_message.append((time.perf_counter() - t) / len(distinct))
    shutil.rmtree(settings, True)
    en, zh = statistics.median(times["en"]), statistics.median(times["zh"])
    extra_per_1000 = (zh - en) / len(problems) * 1000
    result = {"problems": len(problems), "distinct_messages": len({p.message for p in problems}),
              "list_en_s": round(en, 4), "list_zh_s": round(zh, 4),
              "zh_extra_s_per_1000": round(extra_per_1000, 4), "target_s_per_1000": TARGET_EXTRA_S_PER_1000,
              "translate_distinct_ms": round(statistics.median(per_message) * 1000, 4), "untranslated": untranslated}
    print(f"{len(problems)} problems ({result['distinct_messages']} distinct messages) of a {args.pages}-page issue")
    print(f"  listed in English  {en:.3f} s")
    print(f"  listed in Chinese  {zh:.3f} s  (+{extra_per_1000:.3f} s per 1,000 problems; target "
          f"<= {TARGET_EXTRA_S_PER_1000} s)")
    print(f"  one message put in Chinese, cold: {result['translate_distinct_ms']:.3f} ms")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
