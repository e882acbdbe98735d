"""Where the program's own files are: the bundled fonts, the JSON Schemas,
the translations and the bundled issue.

One lookup serves every way the program runs. The repository keeps them at
its top level, beside ``viewer/``: ``resources/`` (fonts, schema,
translations) and ``layouts/`` (bundled issues). A wheel carries both
inside the package (``viewer/resources``, ``viewer/layouts``: see
setup.py), so an installed program finds them there; a checkout, run in
place or installed editable, finds them beside the package. The package's
own copy, when there is one, wins.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(name: str) -> Path:
    package = Path(str(files("viewer")))
    for candidate in (package / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the program's {name} folder is missing from {package} and {package.parent}: "
                            "reinstall the program")


RESOURCES = _folder("resources")
LAYOUTS = _folder("layouts")


def resource(*parts: str) -> Path:
    """A path inside the program's ``resources`` folder."""
    return RESOURCES.joinpath(*parts)


FONT_DIR = resource("fonts")
SCHEMA_DIR = resource("schema")
TRANSLATIONS_DIR = resource("translations")
BUNDLED_ISSUE = LAYOUTS / "2025-12-29"
