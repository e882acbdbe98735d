"""Can a window be opened here? Checked before Qt starts, because Qt's own
answer on Linux is an abort: with no display it waits offscreen forever (we
set that platform for the commands), and when its X11 plugin cannot load a
library it names the wrong one and ends the process with signal 6."""

from __future__ import annotations

import ctypes
import os
import sys

from .messages import Msg

NO_DISPLAY = Msg("no display to open a window on; the commands validate, info, render, export and print "
                 "work without one")

# The libraries Qt's X11 platform plugin (libqxcb with libQt6XcbQpa, Qt 6.8
# to 6.11) loads, with the Debian/Ubuntu packages that hold them.
XCB_LIBRARIES = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
)


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_xcb_packages(loadable=_loadable) -> list[str]:
    """The packages whose libraries Qt's X11 plugin needs and cannot load."""
    return [package for soname, package in XCB_LIBRARIES if not loadable(soname)]


def display_problem(environ=None, platform: str | None = None, loadable=_loadable) -> Msg | None:
    """None when a window can be opened, else one line saying why not."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None  # other systems always have a window system; a chosen platform is the user's call
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return NO_DISPLAY
    if environ.get("WAYLAND_DISPLAY"):
        return None
    missing = missing_xcb_packages(loadable)
    if missing:
        return Msg("Qt's X11 plugin cannot start: libraries it needs are not installed; install the packages "
                   "{packages} (for example: sudo apt-get install {packages})", packages=" ".join(missing))
    return None
