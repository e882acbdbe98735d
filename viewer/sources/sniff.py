"""What a path holds for the METS/ALTO reader, from the first bytes of its
XML files: the question every opening asks first, answered without the
reader itself (sources/package.py)."""

from __future__ import annotations

import re
from pathlib import Path

from .files import Refused, check_regular, open_regular

SNIFF_BYTES = 64 * 1024


def _sniff(path: Path) -> str | None:
    """The root element's local name of an XML file, from its first bytes."""
    from .xmlsafe import root_name  # lxml: only where there is XML to look at

    try:
        if not check_regular(path, path.name):
            return None
        with open_regular(path, path.name) as f:
            return root_name(f, SNIFF_BYTES)
    except (Refused, OSError):
        return None


def _xml_files(folder: Path) -> list[Path]:
    try:
        return sorted((p for p in folder.iterdir() if p.suffix.lower() == ".xml"), key=_natural)
    except OSError:
        return []


def _natural(p: Path):
    return [int(s) if s.isdigit() else s.lower() for s in re.split(r"(\d+)", p.name)]


def package_kind(path: str | Path) -> str | None:
    """"mets" when ``path`` is a METS file or a folder holding one, "alto" for
    an ALTO file or a folder of them, else None. Reads only the first bytes
    of each XML file in the folder (not its subfolders)."""
    path = Path(path)
    if path.is_dir():
        names = [_sniff(p) for p in _xml_files(path)]
        if "mets" in names:
            return "mets"
        return "alto" if "alto" in names else None
    name = _sniff(path)
    return name if name in ("mets", "alto") else None
