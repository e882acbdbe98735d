"""Layering: the descriptor model, the package readers and the layout engine
know nothing of Qt (layout measures glyphs with viewer.typefaces). Checked on
the source, so that an import hidden in a function counts too, and in a
fresh interpreter in which Qt cannot be imported."""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "viewer" / "model"
LAYOUT = ROOT / "viewer" / "layout"
SOURCES = ROOT / "viewer" / "sources"
TYPEFACES = ROOT / "viewer" / "typefaces.py"


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, dotted name) of everything a module imports, at any depth;
    relative imports are resolved against the module's package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    package = parts[:-1]  # for __init__.py too: its package is its folder
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((node.lineno, module))
            out += [(node.lineno, f"{module}.{a.name}") for a in node.names]
    return out


def _sources(folder: Path) -> list[Path]:
    files = sorted(folder.rglob("*.py"))
    assert files, folder
    return files


# modules of this program that pull in Qt
QT_MODULES = ("PySide6", "shiboken6", "viewer.fonts", "viewer.render", "viewer.ui",
              "viewer.export", "viewer.commands", "viewer.cli")


def _is(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("path", _sources(MODEL), ids=lambda p: p.name)
def test_model_imports_no_qt(path):
    bad = [(line, name) for line, name in imported_modules(path) if any(_is(name, q) for q in QT_MODULES)]
    assert bad == [], f"{path.relative_to(ROOT)} imports Qt code: {bad}"


@pytest.mark.parametrize("path", _sources(SOURCES), ids=lambda p: p.name)
def test_sources_import_no_qt(path):
    """METS/ALTO packages are read into plain values: no Qt, and nothing
    that brings it in."""
    bad = [(line, name) for line, name in imported_modules(path) if any(_is(name, q) for q in QT_MODULES)]
    assert bad == [], f"{path.relative_to(ROOT)} imports Qt code: {bad}"


def test_sources_load_without_qt():
    """Opening a package, page PDF included, loads no Qt module."""
    code = ("import sys\nfrom viewer.sources.package import open_package\n"
            "issue = open_package('tests/data/ndnp-mnhi-1878-01-03')\n"
            "assert issue.pages[0].scan.kind == 'pdf'\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_model_loads_without_qt():
    """Importing and using the model in a fresh interpreter loads no Qt module."""
    code = ("import sys, viewer.model, viewer.model.validate, viewer.model.schema, viewer.model.geometry\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("path", _sources(LAYOUT) + [TYPEFACES], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_layout_imports_no_qt(path):
    """Layout, and the font metrics it measures with, import no Qt and
    nothing that brings it in (viewer.fonts is the Qt side of the fonts)."""
    bad = [(line, name) for line, name in imported_modules(path) if any(_is(name, q) for q in QT_MODULES)]
    assert bad == [], f"{path.relative_to(ROOT)} imports Qt code: {bad}"


# A finder that makes Qt unimportable, as on a machine without PySide6.
NO_QT = """
import sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"{name} is made unimportable for this test")
        return None

sys.meta_path.insert(0, NoQt())
"""


def test_layout_works_where_qt_cannot_be_imported(bundled_data):
    """In a fresh interpreter in which PySide6 cannot be imported, the layout
    imports, sets page 1 of the bundled issue (to the same values as here)
    and checks the fonts' coverage."""
    code = NO_QT + """
import hashlib
try:
    import PySide6.QtGui
except ImportError:
    pass
else:
    raise SystemExit("the finder let PySide6 through")
import viewer.layout
from viewer.layout import layout_issue
from viewer.model.load import load_issue
from viewer.typefaces import missing_chars
page = layout_issue(load_issue("layouts/2025-12-29"), pages=[1]).pages[0]
print(len(page.lines), hashlib.sha256(repr(page).encode()).hexdigest(), missing_chars("头条𠀀，ABC"),
      sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))))
"""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 0, proc.stderr
    lines, digest, missing, qt = proc.stdout.split(maxsplit=3)
    from viewer.layout import layout_issue

    here = layout_issue(bundled_data, pages=[1]).pages[0]
    assert int(lines) == len(here.lines) > 100
    assert digest == hashlib.sha256(repr(here).encode()).hexdigest()
    assert missing == "𠀀" and qt.strip() == "[]"


def test_the_checker_sees_imports(tmp_path):
    """The checker itself: direct, from-, relative and nested imports."""
    probe = tmp_path / "viewer" / "model" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("import PySide6.QtGui\nfrom PySide6 import QtWidgets\nfrom ..fonts import raw_font\n"
                     "from . import types\ndef f():\n    from ..ui import app\n", encoding="utf-8")
    names = [n for _, n in imported_modules(probe, tmp_path)]
    assert {"PySide6.QtGui", "PySide6.QtWidgets", "viewer.fonts", "viewer.ui", "viewer.model.types"} <= set(names)


# the command line sits on top: nothing below it imports it back
COMMAND_LINE = ("viewer.cli", "viewer.commands", "viewer.export.commands", "viewer.ui.commands")
BELOW_THE_COMMAND_LINE = [p for p in _sources(ROOT / "viewer")
                          if p.relative_to(ROOT).as_posix() not in ("viewer/cli.py", "viewer/commands.py",
                                                                     "viewer/__main__.py")
                          and p.name != "commands.py"]


@pytest.mark.parametrize("path", BELOW_THE_COMMAND_LINE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_nothing_imports_the_command_line_back(path):
    bad = [(line, name) for line, name in imported_modules(path) if any(_is(name, c) for c in COMMAND_LINE)]
    assert bad == [], f"{path.relative_to(ROOT)} imports the command line: {bad}"


# ------------------------------------------------------------ one issue façade

ISSUE_PACKAGE = ROOT / "viewer" / "issue"
# the names of the kinds of issue, today's and those they replaced
KIND_WORDS = {"descriptors", "descriptor", "mets-alto", "mets", "scanned", "epaper", "package"}
# the classes that tell the kinds apart
KIND_CLASSES = {"DescriptorIssue", "PackageIssue", "IssueData", "ScannedIssue", "EpaperIssue"}


def kind_branches(path: Path) -> list[tuple[int, str]]:
    """Where a module compares something with the name of a kind of issue,
    or asks whether a value is of one kind's class."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                if isinstance(side, ast.Constant) and side.value in KIND_WORDS:
                    out.append((node.lineno, f"compares with {side.value!r}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
            names = {n.id if isinstance(n, ast.Name) else getattr(n, "attr", "") for n in ast.walk(node.args[1])}
            if names & KIND_CLASSES:
                out.append((node.lineno, f"isinstance with {sorted(names & KIND_CLASSES)}"))
    return out


def _outside_the_issue_package() -> list[Path]:
    """Every module above the readers of each kind (model/ reads our
    descriptors, sources/ the libraries' packages) but the issue package."""
    below = (ISSUE_PACKAGE, ROOT / "viewer" / "model", SOURCES)
    return [p for p in sorted((ROOT / "viewer").rglob("*.py")) if not any(b in p.parents for b in below)]


@pytest.mark.parametrize("path", _outside_the_issue_package(), ids=lambda p: str(p.relative_to(ROOT / "viewer")))
def test_nothing_outside_the_issue_package_branches_on_the_kind_of_issue(path):
    assert kind_branches(path) == [], f"{path.relative_to(ROOT)} asks which kind of issue it has"


def test_the_kind_check_sees_a_branch(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f(doc, data):\n    if doc.kind != 'descriptors':\n        pass\n"
                 "    return isinstance(data, (IssueData, int))\n", encoding="utf-8")
    assert kind_branches(f) == [(2, "compares with 'descriptors'"), (4, "isinstance with ['IssueData']")]


# ------------------------------------------------------------ the layer contracts (import-linter)


def _lint(config: Path, path: Path) -> int:
    """import-linter's verdict on ``config`` (0: every contract kept), in a
    child process so that the package it reads is the one at ``path``."""
    code = ("import sys; from importlinter.cli import lint_imports; "
            f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(path)
    return subprocess.run([sys.executable, "-c", code], cwd=path, env=env, capture_output=True, text=True,
                          timeout=300).returncode


def test_the_layer_contracts_in_pyproject_hold():
    assert _lint(ROOT / "pyproject.toml", ROOT) == 0, "run lint-imports to see which import breaks a layer"


def test_a_lower_layer_importing_a_higher_one_breaks_the_contract(tmp_path):
    pkg = tmp_path / "house"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "top.py").write_text("from . import bottom\n", encoding="utf-8")
    (pkg / "bottom.py").write_text("", encoding="utf-8")
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "house"\n\n[[tool.importlinter.contracts]]\n'
                      'name = "layers"\ntype = "layers"\nlayers = ["house.top", "house.bottom"]\n', encoding="utf-8")
    assert _lint(config, tmp_path) == 0
    (pkg / "bottom.py").write_text("def f():\n    from . import top\n", encoding="utf-8")
    assert _lint(config, tmp_path) == 1


def _circles(package: str) -> list[list[str]]:
    """The groups of modules of ``package`` that import one another round
    in a circle (strongly connected, more than one module), every import
    counted wherever it stands except those only for type checking."""
    import grimp

    graph = grimp.build_graph(package, exclude_type_checking_imports=True)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in graph.modules:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return out


def test_no_two_modules_of_the_viewer_import_each_other():
    assert _circles("viewer") == []


def test_the_circle_check_sees_a_circle(tmp_path, monkeypatch):
    pkg = tmp_path / "round"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "a.py").write_text("from . import b\n", encoding="utf-8")
    (pkg / "b.py").write_text("def f():\n    from . import c\n", encoding="utf-8")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n"
                              "from . import a\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _circles("round") == [["round.a", "round.b", "round.c"]]
