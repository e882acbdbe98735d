"""Where Herald's start-up goes, from process start to the first painted page.

    python bench/startup_profile.py [--runs 5] [--x11] [--cold] [--top 20] [--issue PATH]

The program measured is the launch that first_paint_s times
(bench/ui_bench.py): a fresh process opens the main window, 1920x1080, on
the bundled issue (or ``--issue``: an e-paper site's date folder, as
epaper_first_paint_s does) at page 1 and runs until its page view has
painted page 1 at its exact scale. Three kinds of fresh process, interleaved, --runs of
each but the last:

1. phases: the launch with its steps timed from outside the viewer (its
   functions wrapped, nothing in viewer/ changed); every step's own time,
   without the steps inside it, so the phases add up to the launch. Every
   ``import`` statement counts as importing, wherever it runs. Then the
   window goes on until it is idle (every thumbnail made, the issue laid
   out), and the same steps are counted again for that part. The wrappers
   make this launch about 5-8% slower than the plain one;
2. imports: ``python -X importtime``, each module's own import time summed
   by package; a standard library module counts under the package that
   imported it;
3. cProfile, one run, to the first paint: the functions with the most own
   time, and own time summed by where the code lives.

Medians over the runs; the process start is the parent's clock just before
it starts the child. Offscreen, or with --x11 in a real window on a private
Xvfb server. The layout cache is warm (a folder of the run's own, filled by
a first launch that is not counted), or with --cold empty at every launch. docs/benchmarks.md ("Start-up profile") has the figures.
"""

from __future__ import annotations

import time

STARTED = time.time()  # a child's first line: what Python took before is its own start

# only what the children need is imported here: the rest would be imported
# before the phases are timed and missed from them
import builtins  # noqa: E402
import collections  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# the issue opened: --issue, passed to the children as HERALD_BENCH_ISSUE; else the bundled one
ISSUE = os.environ.get("HERALD_BENCH_ISSUE") or os.path.join(ROOT, "layouts", "2025-12-29")

# (key, what it is), in the order of the table; "imports", "python" and
# "other" are not functions of the viewer
PHASES = (
    ("python", "Python itself: interpreter start to the first line of the program"),
    ("imports", "importing modules (all of them, wherever imported; split below)"),
    ("qt_enums", "Qt's enums made into Python enums when first used (PySide6, enum's functional API)"),
    ("app", "QApplication made, settings, interface language (create_app)"),
    ("fonts", "font registration: bundled fonts added to Qt (register_fonts; the page fonts when a page is first drawn)"),
    ("raw_fonts", "fonts opened for measuring, QRawFont (raw_font)"),
    ("window", "main window built: widgets, docks, menus (MainWindow.__init__)"),
    ("show", "window shown (show)"),
    ("read", "descriptors read: TOML/JSON files parsed (_read_structured)"),
    ("load", "descriptors checked by the pydantic models, texts read (load_issue)"),
    ("site", "e-paper site read: page and article files parsed, zones placed (open_site), the rest"),
    ("pdf_probe", "e-paper page PDFs opened for their page size (probe_pdf)"),
    ("articles", "e-paper article files read (_articles)"),
    ("digest", "the layout cache's key: the issue's files and the fonts hashed (tree_digest, fonts_digest)"),
    ("cache", "the layout cache read and written, values decoded (IssueStore.read/write, codec.decode)"),
    ("open", "the issue opened in the window, the rest (open_path, IssueDocument)"),
    ("layout", "layout of page 1's page group when not cached (lay_out of each kind), the rest"),
    ("pdf_text", "e-paper page PDF's text read for its invisible layer (pdf_text_lines)"),
    ("fit", "fit checks of the pages laid out (IssueDocument._check_fit)"),
    ("thumbnails", "thumbnails (ThumbnailStrip.render_thumbnail)"),
    ("page_image", "page 1's image painted (PageView.render_page), the rest"),
    ("mupdf", "e-paper page PDF drawn by MuPDF (render_piece)"),
    ("paint_event", "the view's paint event, the rest (drawing the image, overlays)"),
    ("check", "problems listed as validate does (MainWindow.check_problems)"),
    ("other", "the rest: Qt's event loop, other widgets' painting, Shiboken"),
)

# what to wrap: label -> (module, attribute path), or several of them
WRAP = {
    "app": ("viewer.ui.app", "create_app"),
    "fonts": ("viewer.fonts", "register_fonts"),
    "window": ("viewer.ui.main_window", "MainWindow.__init__"),
    "show": ("viewer.ui.main_window", "MainWindow.show"),
    "read": ("viewer.model.load", "_read_structured"),
    "load": ("viewer.model.load", "load_issue"),
    "site": ("viewer.sources.epaper", "open_site"),
    "pdf_probe": ("viewer.sources.epaper.media", "probe_pdf"),
    "articles": ("viewer.sources.epaper.issue", "_articles"),
    "open": ("viewer.ui.main_window", "MainWindow.open_path"),
    "digest": ("viewer.issue.cache", "tree_digest"),
    "digest ": ("viewer.issue.cache", "fonts_digest"),
    "cache": ("viewer.issue.cache", "IssueStore.read"),
    "cache ": ("viewer.issue.cache", "IssueStore.write"),
    "cache  ": ("viewer.layout.codec", "decode"),
    "layout": ("viewer.issue.descriptors", "DescriptorIssue.lay_out"),
    "layout ": ("viewer.issue.epaper", "SiteIssue.lay_out"),
    "layout  ": ("viewer.issue.packages", "PackageIssue.lay_out"),
    "pdf_text": ("viewer.layout.epaper", "pdf_text_lines"),
    "mupdf": ("viewer.render.pdf_pages", "render_piece"),
    "fit": ("viewer.ui.document", "IssueDocument._check_fit"),
    "thumbnails": ("viewer.ui.thumbnails", "ThumbnailStrip.render_thumbnail"),
    "page_image": ("viewer.ui.page_view", "PageView.render_page"),
    "paint_event": ("viewer.ui.page_view", "PageView.paintEvent"),
    "check": ("viewer.ui.main_window", "MainWindow.check_problems"),
}

IDLE_LIMIT_S = 60.0  # the window's idle work must end by then


# ------------------------------------------------------------ child: phases


class Spans:
    """Own time per label: a labelled call's time less that of the labelled
    calls inside it. Only the main thread counts (photo decoding runs on
    worker threads beside it)."""

    def __init__(self):
        self.own = collections.defaultdict(float)
        self.calls = collections.Counter()
        self.stack: list[list] = []  # [label, start, time of labelled calls inside]
        self.main = threading.get_ident()

    def wrap(self, label: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if threading.get_ident() != self.main:
                return fn(*args, **kwargs)
            frame = [label, time.perf_counter(), 0.0]
            self.stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self.stack.pop()
                took = time.perf_counter() - frame[1]
                self.own[label] += took - frame[2]
                self.calls[label] += 1
                if self.stack:
                    self.stack[-1][2] += took

        return timed

    def snapshot(self) -> dict:
        """Own times so far, the calls still running included up to now."""
        out = dict(self.own)
        now = time.perf_counter()
        inner = 0.0
        for label, start, nested in reversed(self.stack):
            took = now - start
            out[label] = out.get(label, 0.0) + took - nested - inner
            inner = took
        return out


def _patch(spans: Spans, label: str, module_name: str, path: str) -> None:
    import importlib

    module = importlib.import_module(module_name)
    owner_name, _, attr = path.rpartition(".")
    owner = getattr(module, owner_name) if owner_name else module
    original = getattr(owner, attr)
    timed = spans.wrap(label, original)
    setattr(owner, attr, timed)
    if not owner_name:  # a module's function: also where other modules imported it by name
        for name, mod in list(sys.modules.items()):
            if name.startswith("viewer") and getattr(mod, attr, None) is original:
                setattr(mod, attr, timed)


def phases_child() -> None:
    spans = Spans()
    real_import = builtins.__import__
    # the functions to wrap, each as soon as its module is imported (never
    # before: a module the launch does not import, such as the descriptor
    # loader on a warm start, must not be imported for the measuring)
    pending = dict(WRAP)

    def patch_imported():
        for label, (module, path) in list(pending.items()):
            mod = sys.modules.get(module)
            if mod is not None and not getattr(getattr(mod, "__spec__", None), "_initializing", False):
                if pending.pop(label, None) is None:  # patched meanwhile, by an import the patching made
                    continue
                _patch(spans, label.strip(), module, path)  # a label with spaces: a second function of the phase

    timed_import = spans.wrap("imports", real_import)

    def importing(*args, **kwargs):
        result = timed_import(*args, **kwargs)
        if pending:
            patch_imported()
        return result

    builtins.__import__ = importing
    sys.path.insert(0, ROOT)
    t0 = time.perf_counter()
    import enum

    enum.EnumType._create_ = spans.wrap("qt_enums", enum.EnumType._create_)
    import viewer.fonts

    cached = viewer.fonts.raw_font
    fresh = functools.cache(spans.wrap("raw_fonts", cached.__wrapped__))  # misses timed, hits free
    for name, mod in list(sys.modules.items()):
        if name.startswith("viewer") and getattr(mod, "raw_font", None) is cached:
            mod.raw_font = fresh

    from viewer.ui.app import create_app

    app = create_app()
    from PySide6.QtCore import QTimer

    from viewer.ui.main_window import MainWindow

    win = MainWindow()
    win.resize(1920, 1080)
    result: dict = {"started_at": STARTED}

    def painted(pages, exact):
        if pages and exact and "first_paint" not in result:
            result["painted_at"] = time.time()
            result["first_paint"] = spans.snapshot()
            result["first_paint_in_child_s"] = time.perf_counter() - t0
            result["idle_from"] = time.perf_counter()

    def idle_check():
        done = win.doc is not None and win.doc.is_complete and not win.thumbnails.pending()
        if "first_paint" in result and (done or time.perf_counter() - result["idle_from"] > IDLE_LIMIT_S):
            result["idle"] = spans.snapshot()
            result["idle_s"] = time.perf_counter() - result["idle_from"]
            result["idle_done"] = done
            app.quit()

    win.view.painted.connect(painted)
    poll = QTimer(interval=20)
    poll.timeout.connect(idle_check)
    poll.start()
    win.show()
    win.open_path(ISSUE, page=1)
    app.exec()
    result["calls"] = dict(spans.calls)
    builtins.__import__ = real_import
    print(json.dumps(result))


def profile_child(out: str) -> None:
    """cProfile from the program's first line to the first paint."""
    import cProfile

    prof = cProfile.Profile()
    prof.enable()
    sys.path.insert(0, ROOT)
    from viewer.ui.app import create_app

    app = create_app()
    from viewer.ui.main_window import MainWindow

    win = MainWindow()
    win.resize(1920, 1080)

    def painted(pages, exact):
        if pages and exact:
            prof.disable()
            app.quit()

    win.view.painted.connect(painted)
    win.show()
    win.open_path(ISSUE, page=1)
    app.exec()
    prof.dump_stats(out)
    print(json.dumps({"profile": out}))


def importtime_child() -> None:
    """The launch to the first paint, nothing wrapped (run with -X importtime);
    prints the modules loaded before its first line (Python's start)."""
    preloaded = sorted(sys.modules)
    sys.path.insert(0, ROOT)
    from viewer.ui.app import create_app

    app = create_app()
    from viewer.ui.main_window import MainWindow

    win = MainWindow()
    win.resize(1920, 1080)
    win.view.painted.connect(lambda pages, exact: app.quit() if pages and exact else None)
    win.show()
    win.open_path(ISSUE, page=1)
    app.exec()
    print(json.dumps({"preloaded": preloaded}))


# ------------------------------------------------------------ parent


def import_group(module: str) -> str:
    """The package an imported module is counted under."""
    top = module.split(".")[0]
    if top in ("PySide6", "shiboken6", "shibokensupport", "signature_bootstrap"):
        parts = module.split(".")
        return f"PySide6.{parts[1]}" if top == "PySide6" and len(parts) > 1 and parts[1].startswith("Qt") \
            else "PySide6, shiboken6 (package set-up)"
    if top in ("pydantic", "pydantic_core", "annotated_types", "typing_inspection", "typing_extensions"):
        return "pydantic (+ pydantic_core, annotated_types, typing_extensions)"
    if top == "viewer":
        parts = module.split(".")
        return "viewer." + parts[1] if len(parts) > 2 else "viewer (top-level modules)"
    known = {"lxml": "lxml", "pymupdf": "PyMuPDF", "fitz": "PyMuPDF", "PIL": "Pillow", "platformdirs": "platformdirs",
             "sqlite3": "sqlite3", "_sqlite3": "sqlite3"}
    return known.get(top, STDLIB)


STDLIB = "the standard library"


def parse_importtime(stderr: str, preloaded=()) -> tuple[dict, dict]:
    """({group: own µs}, {module: own µs}) of one -X importtime run, without
    the modules in ``preloaded`` (loaded at Python's start). A standard
    library module counts under the nearest package that imported it, as
    "GROUP: the standard library it imports"."""
    import re

    lines = []  # (own µs, depth, module), each module after the modules it imported
    for line in stderr.splitlines():
        m = re.match(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            lines.append((int(m[1]), len(m[3]), m[4]))
    skip = set(preloaded)
    groups: dict[str, float] = collections.defaultdict(float)
    modules: dict[str, float] = {}
    for i, (own, depth, module) in enumerate(lines):
        if module in skip:
            continue
        group = import_group(module)
        if group == STDLIB:
            for own2, depth2, module2 in lines[i + 1:]:  # the importers: the next line less deep, and so on
                if depth2 < depth:
                    depth = depth2
                    if import_group(module2) != STDLIB:
                        group = f"{import_group(module2)}: the standard library it imports"
                        break
        groups[group] += own
        modules[module] = own
    return dict(groups), modules


def _child(kind: str, env: dict, python_flags=(), extra=()) -> tuple[float, dict, str]:
    import subprocess

    cmd = [sys.executable, *python_flags, __file__, "--child", kind, *extra]
    t0 = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"startup_profile child {kind} failed (exit {out.returncode}):\n{out.stderr[-3000:]}")
    return t0, json.loads(lines[-1]), out.stderr


PACKAGES = {"PySide6": "PySide6", "shiboken6": "PySide6", "pydantic": "pydantic", "pydantic_core": "pydantic",
            "annotated_types": "pydantic", "typing_inspection": "pydantic", "typing_extensions": "pydantic",
            "PIL": "Pillow", "pymupdf": "PyMuPDF", "fitz": "PyMuPDF", "lxml": "lxml"}


def _where(file: str, func: str) -> str | None:
    """Where a profiled function lives; None for a built-in (counted where it was called from)."""
    if file == "~":
        if "PySide6." in func or "Shiboken" in func:
            return "Qt: methods of Qt objects (drawing, widgets, fonts)"
        return None
    if "shibokensupport" in file or "signature_bootstrap" in file:
        return "PySide6: Shiboken's support code (signatures, its import hook)"
    if "site-packages" + os.sep in file:
        top = file.split("site-packages" + os.sep, 1)[1].split(os.sep)[0].removesuffix(".py")
        return PACKAGES.get(top, top)
    if os.sep + "viewer" + os.sep in file:
        part = file.split(os.sep + "viewer" + os.sep, 1)[1].split(os.sep)
        return "viewer." + part[0] if len(part) > 1 else "viewer (top-level modules)"
    if file.startswith("<frozen importlib"):
        return "the import system (reading, compiling, running modules)"
    if file.startswith("<frozen "):
        return f"standard library: {file[8:].rstrip('>')}"
    if file.startswith("<"):
        return "code made at run time (methods @dataclass writes)"
    name = os.path.basename(file)
    parent = os.path.basename(os.path.dirname(file))
    module = parent if name == "__init__.py" or parent in ("re", "json", "email", "tomllib", "importlib") else name[:-3]
    if module == "enum":
        return "enum: Qt's enums made into Python enums when first used"
    return f"standard library: {module}"


def _profile_groups(stats) -> dict[str, float]:
    """Own time (s) summed by where the code lives; a built-in's own time
    goes where it was called from."""
    out: dict[str, float] = collections.defaultdict(float)
    for (file, _line, func), (_cc, _nc, tottime, _ct, callers) in stats.stats.items():
        key = _where(file, func)
        if key is not None:
            out[key] += tottime
            continue
        for (cfile, _cline, cfunc), caller_stats in callers.items():
            out[_where(cfile, cfunc) or "built-ins called by built-ins"] += caller_stats[2]
    return dict(out)


# cumulative times (under the profiler) of things that cost at start-up,
# spread over many callers: (what, file ends with, function)
NOTABLE = (
    ("PySide6's import hook: the source of every module imported after it read and searched "
     "(shibokensupport feature_imported)", "shibokensupport/feature.py", "feature_imported"),
    ("Shiboken's signature support loaded (signature_bootstrap)", "signature_bootstrap.py", "bootstrap"),
    ("Qt's enums made into Python enums on first use (enum's functional API)", "enum.py", "_create_"),
    ("classes made by @dataclass", "dataclasses.py", "_process_class"),
    ("pydantic model classes built", "_model_construction.py", "__new__"),
    ("regular expressions compiled", "re/_compiler.py", "compile"),
    ("TOML parsed (tomllib.loads)", "tomllib/_parser.py", "loads"),
    ("JSON parsed (json.loads)", "json/__init__.py", "loads"),
    ("photos decoded (Pillow's ImageFile.load)", "PIL/ImageFile.py", "load"),
    ("the Chinese message catalogue loaded (viewer.messages.catalogue: .mo files, or .po compiled in a checkout)",
     "viewer/messages.py", "catalogue"),
    ("layout (layout_issue)", "viewer/layout/engine.py", "layout_issue"),
    ("paint_page (page 1 and any thumbnail)", "viewer/render/paint.py", "paint_page"),
)


def notable(stats) -> list[tuple[str, float, int]]:
    """(what, cumulative s, calls) of NOTABLE found in the profile."""
    out = []
    for what, file_end, func in NOTABLE:
        found = [(ct, nc) for (f, _l, fn), (_cc, nc, _tt, ct, _c) in stats.stats.items()
                 if fn == func and f.replace(os.sep, "/").endswith(file_end)]
        if found:
            out.append((what, max(ct for ct, _ in found), sum(nc for _, nc in found)))
    return out


def _short(func_key) -> str:
    file, line, func = func_key
    if file == "~":
        return func
    for marker in ("site-packages" + os.sep, ROOT + os.sep):
        if marker in file:
            file = file.split(marker, 1)[1]
            break
    else:
        file = os.path.basename(file)
    return f"{file}:{line} {func}"


def measure(runs: int, x11: bool = False, top: int = 20, cold: bool = False) -> dict:
    import contextlib
    import pstats
    import tempfile

    sys.path.insert(0, HERE)
    from common import child_env, x11_env, xvfb

    with xvfb() if x11 else contextlib.nullcontext((None, None)) as (display, why):
        if x11 and not display:
            raise SystemExit(f"--x11: {why}")

        import atexit
        import shutil

        warm_cache = tempfile.mkdtemp(prefix="herald-profile-cache-")
        atexit.register(shutil.rmtree, warm_cache, True)

        def env():
            # the layout cache: one the first launch fills (warm), or a new empty one each time (cold)
            cache = warm_cache
            if cold:
                cache = tempfile.mkdtemp(prefix="herald-profile-cache-")
                atexit.register(shutil.rmtree, cache, True)
            extra = {"HERALD_CACHE_DIR": cache}
            return x11_env(display, **extra) if display else child_env(QT_QPA_PLATFORM="offscreen", **extra)

        _child("importtime", env())  # the disk cache warm
        phases, imports, import_modules = [], [], []
        for i in range(runs):
            kinds = ("phases", "importtime") if i % 2 == 0 else ("importtime", "phases")
            for kind in kinds:
                if kind == "phases":
                    t0, r, _ = _child("phases", env())
                    r["python"] = r["started_at"] - t0
                    r["total"] = r["painted_at"] - t0
                    phases.append(r)
                else:
                    t0, r, err = _child("importtime", env(), python_flags=("-X", "importtime"))
                    groups, modules = parse_importtime(err, r["preloaded"])
                    imports.append(groups)
                    import_modules.append(modules)
        with tempfile.TemporaryDirectory(prefix="herald-profile-") as tmp:
            _child("profile", env(), extra=("--out", os.path.join(tmp, "start.prof")))
            stats = pstats.Stats(os.path.join(tmp, "start.prof"))
    return {"phases": phases, "imports": imports, "import_modules": import_modules, "profile": stats, "top": top,
            "platform": ("xcb (Xvfb)" if x11 else "offscreen") + (", layout cache cold" if cold else
                                                                   ", layout cache warm"), "runs": runs}


def _med(values) -> float:
    import statistics

    values = list(values)
    return statistics.median(values) if values else 0.0


def report(m: dict) -> str:
    out = []
    ph = m["phases"]
    total = _med(r["total"] for r in ph)
    out.append(f"Start-up to the first painted page: {m['platform']}, 1920x1080 window, {ISSUE} at page 1; "
               f"medians of {m['runs']} runs")
    out.append(f"launch to first paint: {total * 1000:.0f} ms (min {min(r['total'] for r in ph) * 1000:.0f}, "
               f"max {max(r['total'] for r in ph) * 1000:.0f})")
    out.append("")
    w = max(len(what) for _, what in PHASES)
    out.append(f"{'phase':<{w}} {'ms':>6} {'share':>6}   {'after, until idle':>17}")
    rows = []
    for key, what in PHASES:
        if key == "python":
            before = [r["python"] for r in ph]
            after = [0.0 for _ in ph]
        elif key == "other":
            before = [r["total"] - r["python"] - sum(r["first_paint"].values()) for r in ph]
            after = [r["idle_s"] - sum(r["idle"].values()) + sum(r["first_paint"].values()) for r in ph]
        else:
            before = [r["first_paint"].get(key, 0.0) for r in ph]
            after = [r["idle"].get(key, 0.0) - r["first_paint"].get(key, 0.0) for r in ph]
        rows.append((what, _med(before), _med(after)))
    for what, before, after in rows:
        out.append(f"{what:<{w}} {before * 1000:6.0f} {before / total * 100:5.0f}%   {after * 1000:14.0f} ms")
    idle = _med(r["idle_s"] for r in ph)
    out.append("(each phase is its own median: their sum need not be the median launch)")
    out.append(f"after the first paint, until idle (every thumbnail made, the whole issue laid out): {idle:.2f} s"
               + ("" if all(r["idle_done"] for r in ph) else f" (NOT idle after {IDLE_LIMIT_S:.0f} s)"))
    calls = ph[-1]["calls"]
    out.append("calls in all (last run): " + ", ".join(f"{k} {calls[k]}" for k, _ in PHASES if k in calls))

    out.append("")
    groups = sorted({g for r in m["imports"] for g in r}, key=lambda g: -_med(r.get(g, 0) for r in m["imports"]))
    all_imports = _med(sum(r.values()) for r in m["imports"])
    out.append(f"imports by package (python -X importtime, own time of each module summed, without those "
               f"loaded at Python's start; in all {all_imports / 1000:.0f} ms, with importtime's own cost)")
    w = max(len(g) for g in groups)
    for g in groups:
        v = _med(r.get(g, 0) for r in m["imports"])
        if v >= 1000:
            out.append(f"  {g:<{w}} {v / 1000:6.0f} ms")
    mods = collections.defaultdict(list)
    for r in m["import_modules"]:
        for k, v in r.items():
            mods[k].append(v)
    slow = sorted(mods, key=lambda k: -_med(mods[k]))[:12]
    out.append("  the slowest modules (own time): " + ", ".join(f"{k} {_med(mods[k]) / 1000:.0f}" for k in slow))

    stats = m["profile"]
    out.append("")
    groups = _profile_groups(stats)
    prof_total = sum(groups.values())
    out.append(f"cProfile, one run, to the first paint ({prof_total:.2f} s under the profiler): own time by where "
               f"the code lives")
    for g, v in sorted(groups.items(), key=lambda kv: -kv[1]):
        if v >= 0.005:
            out.append(f"  {g:<70} {v * 1000:6.0f} ms {v / prof_total * 100:4.0f}%")
    small = sum(v for v in groups.values() if v < 0.005)
    out.append(f"  {'the rest, under 5 ms each':<70} {small * 1000:6.0f} ms {small / prof_total * 100:4.0f}%")
    out.append("notable costs, each with all it calls (they overlap)")
    for what, ct, nc in notable(stats):
        out.append(f"  {what:<110} {ct * 1000:6.0f} ms {nc:6d} calls")
    out.append(f"the {m['top']} functions with the most own time")
    entries = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[: m["top"]]
    for key, (_cc, nc, tottime, cumtime, _callers) in entries:
        out.append(f"  {tottime * 1000:6.0f} ms own {cumtime * 1000:6.0f} ms with callees {nc:7d} calls  {_short(key)}")
    return "\n".join(out)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:  # no argparse in a child: it would be imported before the phases are timed
        kind = argv[1]
        if kind == "phases":
            phases_child()
        elif kind == "importtime":
            importtime_child()
        else:
            profile_child(argv[argv.index("--out") + 1])
        return 0
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--x11", action="store_true", help="a real window on a private Xvfb server")
    ap.add_argument("--cold", action="store_true", help="an empty layout cache at every launch (default: warm)")
    ap.add_argument("--top", type=int, default=20, help="functions listed from the profile")
    ap.add_argument("--issue", help="the issue to open (default: the bundled one)")
    args = ap.parse_args(argv)
    if args.issue:
        global ISSUE
        ISSUE = os.environ["HERALD_BENCH_ISSUE"] = os.path.abspath(args.issue)
    print(report(measure(args.runs, args.x11, args.top, args.cold)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
