"""Commands that lay out and paint: render, export, print, screenshot."""

from __future__ import annotations


def add_commands(sub) -> None:
    pass
