"""The wheel carries the top-level ``resources/`` (fonts, schemas,
translations) and ``layouts/`` (the bundled issue) inside the package, as
``viewer/resources`` and ``viewer/layouts``, with every translation compiled
from ``.po`` to ``.mo``. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CARRIED = ("resources", "layouts")


class BuildPy(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them where they are (viewer.resources_path)
        package = Path(self.build_lib) / "viewer"
        for name in CARRIED:
            target = package / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(HERE / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        self._compile_translations(package / "resources" / "translations")

    @staticmethod
    def _compile_translations(folder: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(folder.rglob("*.po")):
            with open(po, "rb") as f:
                catalog = read_po(f)
            with open(po.with_suffix(".mo"), "wb") as f:
                write_mo(f, catalog)


setup(cmdclass={"build_py": BuildPy})
