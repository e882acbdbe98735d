"""A real install: the wheel carries the fonts, the schemas, the bundled
issue and the licences, and the installed ``herald`` works from a folder
outside the repository, finding everything through the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The project built as a wheel and unpacked into a folder of its own
    (its dependencies come from this environment)."""
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = dist.glob("herald_viewer-*.whl")
    site = tmp / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                           str(wheel)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    work = tmp / "elsewhere"
    work.mkdir()
    return wheel, site, work


def _run(installed, *args):
    wheel, site, work = installed
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONPATH=str(site), QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([str(site / "bin" / "herald"), *map(str, args)], cwd=work, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_the_resources(installed):
    wheel, _, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("viewer/resources/fonts/HeraldSerifSC-Regular.otf", "viewer/resources/fonts/HeraldSansSC-Bold.otf",
                 "viewer/resources/fonts/HeraldKai-Regular.ttf", "viewer/resources/fonts/OFL.txt",
                 "viewer/resources/fonts/HeraldSerifLGC-Regular.ttf", "viewer/resources/fonts/HeraldSerifLGC-Bold.ttf",
                 "viewer/resources/fonts/HeraldSymbols-Regular.ttf",
                 "viewer/resources/schema/issue.schema.json", "viewer/resources/schema/page.schema.json",
                 "viewer/resources/translations/zh_CN/LC_MESSAGES/model.mo",
                 "viewer/resources/translations/zh_CN/LC_MESSAGES/ui.mo",
                 "viewer/layouts/2025-12-29/issue.toml",
                 "viewer/layouts/2025-12-29/pages/01.toml",
                 "viewer/layouts/2025-12-29/text/p01-miit-2026.txt",
                 "viewer/layouts/2025-12-29/images/placeholder-photo-xiyan.png"):
        assert name in names, name
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("tests/", "bench/", "tools/")) for n in names)


def test_the_installed_program_works_outside_the_repository(installed):
    _, site, work = installed
    bundled = site / "viewer" / "layouts" / "2025-12-29"
    proc = _run(installed, "--version")
    assert proc.returncode == 0 and proc.stdout.startswith("herald "), proc.stderr

    proc = _run(installed, "validate", bundled)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("valid: 中国高新技术产业导报 2025-12-29 第48期, 24 pages")

    proc = _run(installed, "render", bundled, "--page", "1", "--dpi", "30", "-o", "p1.png")
    assert proc.returncode == 0, proc.stderr
    assert (work / "p1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    proc = _run(installed, "export", bundled, "--pages", "1", "-o", "p1.pdf")
    assert proc.returncode == 0, proc.stderr
    from viewer.mupdf import load_pymupdf

    with load_pymupdf().open(str(work / "p1.pdf")) as doc:
        text = doc[0].get_text()
    assert "工信部部署2026年十大重点工作" in "".join(text.split())

    proc = _run(installed, "schema")
    assert proc.returncode == 0, proc.stderr
    assert (work / "issue.schema.json").is_file() and (work / "page.schema.json").is_file()
    assert not list((site / "viewer" / "resources" / "schema").glob("*.tmp"))


def test_the_installed_program_reads_its_own_files(installed):
    """The installed package is the one that ran: nothing was read from the
    source tree."""
    _, site, work = installed
    code = ("import viewer.resources_path as r, viewer; print(viewer.__file__); print(r.FONT_DIR); "
            "from viewer.typefaces import drawn_by, missing_chars; "
            "print(drawn_by('serif', 'œ'), drawn_by('serif', '►'), repr(missing_chars('cœur ►', 'serif', True)))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True, text=True, timeout=60,
                          env=dict(env, PYTHONPATH=str(site)))
    assert proc.returncode == 0, proc.stderr
    module, fonts, fallbacks = proc.stdout.splitlines()
    assert Path(module).is_relative_to(site) and Path(fonts).is_relative_to(site)
    assert fallbacks == "serif_lgc symbols ''"  # the fallback fonts are in the wheel and read


# ------------------------------------------------------------ one lookup, three ways to run

LOOKUP = ("import viewer, viewer.resources_path as r; print(viewer.__file__); "
          "print(r.FONT_DIR); print(r.SCHEMA_DIR); print(r.TRANSLATIONS_DIR); print(r.BUNDLED_ISSUE); "
          "from viewer.messages import Msg; print(Msg('does not exist').translated('zh'))")


def _lookup(python, cwd, env) -> list[str]:
    proc = subprocess.run([str(python), "-c", LOOKUP], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_the_installed_wheel_finds_its_files_inside_the_package(installed):
    _, site, work = installed
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    module, fonts, schema, translations, issue, said = _lookup(sys.executable, work, dict(env, PYTHONPATH=str(site)))
    package = site / "viewer"
    assert Path(module).parent == package
    assert (Path(fonts), Path(schema), Path(translations), Path(issue)) == (
        package / "resources" / "fonts", package / "resources" / "schema", package / "resources" / "translations",
        package / "layouts" / "2025-12-29")
    assert list((package / "resources" / "translations" / "zh_CN" / "LC_MESSAGES").glob("*.mo"))
    assert said == "不存在"


def test_a_bare_checkout_finds_the_top_level_folders(tmp_path):
    """Run from the source tree with nothing installed: the package comes
    from the checkout and its files from the folders beside it (the
    translations compiled from the .po files in memory)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(ROOT)
    module, fonts, schema, translations, issue, said = _lookup(sys.executable, tmp_path, env)
    assert Path(module) == ROOT / "viewer" / "__init__.py"
    assert (Path(fonts), Path(schema), Path(translations), Path(issue)) == (
        ROOT / "resources" / "fonts", ROOT / "resources" / "schema", ROOT / "resources" / "translations",
        ROOT / "layouts" / "2025-12-29")
    assert not list((ROOT / "resources" / "translations").rglob("*.mo"))
    assert said == "不存在"


def test_an_editable_install_finds_the_top_level_folders(tmp_path):
    """``pip install -e .`` into a fresh environment (its dependencies taken
    from this one): the installed package is the checkout, and so are its files."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps",
                           "-e", str(ROOT)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    module, fonts, schema, translations, issue, said = _lookup(python, tmp_path, env)
    assert Path(module) == ROOT / "viewer" / "__init__.py"
    assert (Path(fonts), Path(issue)) == (ROOT / "resources" / "fonts", ROOT / "layouts" / "2025-12-29")
    assert said == "不存在"
