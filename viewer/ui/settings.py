"""What the window remembers: geometry, zoom mode, language, recent issues,
the last page of each issue.

Settings live in an INI file under the user's configuration folder. Set
``HERALD_SETTINGS_DIR`` to keep them elsewhere (the tests and the screenshot
command do, so they never touch the reader's own settings).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Herald"
APPLICATION = "Herald Viewer"
ENV_DIR = "HERALD_SETTINGS_DIR"
MAX_RECENT = 8
ZOOM_MODES = ("fit_page", "fit_width", "free")


_open: dict[str, QSettings] = {}


def settings() -> QSettings:
    """The settings store (one object per location: Qt writes it to disk
    lazily, so a page turn does not wait for a file write)."""
    folder = os.environ.get(ENV_DIR) or ""
    s = _open.get(folder)
    if s is None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            s = QSettings(str(Path(folder) / "herald-viewer.ini"), QSettings.Format.IniFormat)
        else:
            s = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
        _open[folder] = s
    return s


def sync() -> None:
    for s in _open.values():
        s.sync()


def _key(path: str | Path) -> str:
    return hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]


def recent_issues() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if v]


def add_recent(path: str | Path) -> list[str]:
    p = str(Path(path).resolve())
    items = [p] + [r for r in recent_issues() if r != p]
    items = items[:MAX_RECENT]
    settings().setValue("recent", items)
    return items


def clear_recent() -> None:
    settings().setValue("recent", [])


def last_page(path: str | Path) -> int | None:
    v = settings().value(f"last_page/{_key(path)}")
    try:
        return int(v) if v is not None else None
    except (TypeError, ValueError):
        return None


def set_last_page(path: str | Path, number: int) -> None:
    settings().setValue(f"last_page/{_key(path)}", int(number))


def language() -> str | None:
    v = settings().value("language")
    return v if v in ("zh", "en") else None


def set_language(lang: str) -> None:
    settings().setValue("language", lang)


def zoom_mode() -> str:
    v = settings().value("view/zoom_mode", "fit_page")
    return v if v in ZOOM_MODES else "fit_page"


def zoom_factor() -> float:
    try:
        return max(0.1, min(8.0, float(settings().value("view/zoom", 1.0))))
    except (TypeError, ValueError):
        return 1.0


def set_zoom(mode: str, factor: float) -> None:
    s = settings()
    s.setValue("view/zoom_mode", mode)
    s.setValue("view/zoom", float(factor))


def spread() -> bool:
    return str(settings().value("view/spread", "false")).lower() == "true"


def set_spread(on: bool) -> None:
    settings().setValue("view/spread", "true" if on else "false")


def reader_size() -> float:
    try:
        return max(9.0, min(28.0, float(settings().value("reader/size_pt", 13.0))))
    except (TypeError, ValueError):
        return 13.0


def set_reader_size(size_pt: float) -> None:
    settings().setValue("reader/size_pt", float(size_pt))


def window_state() -> tuple[QByteArray | None, QByteArray | None]:
    s = settings()
    geo, state = s.value("window/geometry"), s.value("window/state")
    return (geo if isinstance(geo, QByteArray) else None, state if isinstance(state, QByteArray) else None)


def set_window_state(geometry: QByteArray, state: QByteArray) -> None:
    s = settings()
    s.setValue("window/geometry", geometry)
    s.setValue("window/state", state)


def export_folder() -> Path:
    """Where the Export dialog starts: the folder last exported to, else the
    user's documents folder (else the home folder)."""
    from PySide6.QtCore import QStandardPaths

    last = settings().value("export/folder", "")
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if docs and Path(docs).is_dir():
        return Path(docs)
    return Path.home()


def set_export_folder(folder: str | Path) -> None:
    settings().setValue("export/folder", str(Path(folder)))
