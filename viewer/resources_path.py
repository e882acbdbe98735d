"""Where the program's own files are: the bundled fonts, the JSON Schemas
and the bundled issue. They ship inside the package (an installed wheel
holds them) and are found through importlib.resources, never through the
source tree."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource(*parts: str) -> Path:
    """A path inside the package's ``resources`` folder."""
    return Path(str(files("viewer").joinpath("resources", *parts)))


FONT_DIR = resource("fonts")
SCHEMA_DIR = resource("schema")
BUNDLED_ISSUE = resource("issues", "2025-12-29")
