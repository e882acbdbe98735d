"""What showing the problems in Chinese costs: the problems panel listing
every problem of a large broken issue, in the Chinese interface and in the
English one, and loading the Chinese catalogue.

    python bench/messages_bench.py [--pages 240] [--runs 5]

The issue is tools/make_synthetic_issue.py's, its text folder and images
taken away (an issue copied without them) and on every page a frame moved
outside the grid, so each page has problems of its own.
Each run lists them once in English and once in Chinese (the catalogue
loaded), and puts each distinct message in Chinese once more for the time
one takes (``Msg.translated``: a gettext look-up of its id and its values
filled in). The Chinese catalogue is loaded cold, as at the first Chinese
message of a run of the program: from the ``.po`` files, compiled in memory
(a checkout), and from the ``.mo`` files a wheel carries (compiled here as
setup.py compiles them). The figures are the medians. Prints a table and,
last, one line of JSON.
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


def compiled_translations(folder: Path) -> Path:
    """A copy of the translations with every ``.po`` compiled to ``.mo``, as setup.py does for a wheel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from viewer.resources_path import TRANSLATIONS_DIR

    target = folder / "translations"
    for po in sorted(TRANSLATIONS_DIR.rglob("*.po")):
        mo = target / po.relative_to(TRANSLATIONS_DIR).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with open(po, "rb") as f:
            catalog = read_po(f)
        with open(mo, "wb") as f:
            write_mo(f, catalog)
    return target


def load_times(runs: int, folder: Path | None) -> list[float]:
    """Seconds to load the Chinese catalogue cold, ``runs`` times: from
    ``folder`` (the ``.mo`` files), else from the checkout's ``.po`` files."""
    from viewer import messages

    kept = messages._translations_dir
    if folder is not None:
        messages._translations_dir = lambda: folder
    try:
        out = []
        for _ in range(runs):
            messages.catalogue.cache_clear()
            t = time.perf_counter()
            messages.catalogue("zh")
            out.append(time.perf_counter() - t)
        return out
    finally:
        messages._translations_dir = kept
        messages.catalogue.cache_clear()


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
    from viewer.ui import i18n
    from viewer.ui.problems_panel import ProblemsPanel

    with tempfile.TemporaryDirectory() as tmp:
        root = broken_issue(args.pages, Path(tmp))
        problems = DescriptorIssue(load_issue(root)).check()
        load_po = load_times(args.runs, None)
        load_mo = load_times(args.runs, compiled_translations(Path(tmp)))
    panel = ProblemsPanel()
    times = {"en": [], "zh": []}
    for _ in range(args.runs):
        for lang in ("en", "zh"):
            i18n.set_language(lang)
            t = time.perf_counter()
            panel.set_problems(problems)
            app.processEvents()
            times[lang].append(time.perf_counter() - t)
    untranslated = sum(row[2] == p.message for row, p in zip(panel.rows(), problems))
    distinct = sorted({p.message for p in problems})
    per_message = []
    for _ in range(args.runs):
        t = time.perf_counter()
        for m in distinct:
            m.translated("zh")
        per_message.append((time.perf_counter() - t) / len(distinct))
    shutil.rmtree(settings, True)
    en, zh = statistics.median(times["en"]), statistics.median(times["zh"])
    extra_per_1000 = (zh - en) / len(problems) * 1000
    result = {"problems": len(problems), "distinct_messages": len(distinct),
              "list_en_s": round(en, 4), "list_zh_s": round(zh, 4),
              "zh_extra_s_per_1000": round(extra_per_1000, 4), "target_s_per_1000": TARGET_EXTRA_S_PER_1000,
              "translate_distinct_ms": round(statistics.median(per_message) * 1000, 4),
              "catalogue_load_po_ms": round(statistics.median(load_po) * 1000, 2),
              "catalogue_load_mo_ms": round(statistics.median(load_mo) * 1000, 2), "untranslated": untranslated}
    print(f"{len(problems)} problems ({result['distinct_messages']} distinct messages) of a {args.pages}-page issue")
    print(f"  listed in English  {en:.3f} s")
    print(f"  listed in Chinese  {zh:.3f} s  (+{extra_per_1000:.3f} s per 1,000 problems; target "
          f"<= {TARGET_EXTRA_S_PER_1000} s)")
    print(f"  one message put in Chinese: {result['translate_distinct_ms']:.3f} ms")
    print(f"  the Chinese catalogue loaded cold: {result['catalogue_load_po_ms']:.1f} ms from the .po files "
          f"(a checkout), {result['catalogue_load_mo_ms']:.1f} ms from the .mo files (a wheel)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
