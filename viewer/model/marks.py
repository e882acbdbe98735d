"""The no-break mark of the descriptors: a run written between braces,
{陈思远}, is kept on one line; the braces are never printed."""

from __future__ import annotations

KEEP_OPEN, KEEP_CLOSE = "{", "}"


def plain(text: str) -> str:
    """Text as printed: without the no-break marks."""
    return text.replace(KEEP_OPEN, "").replace(KEEP_CLOSE, "")


def unbalanced_mark(text: str) -> tuple[int, str] | None:
    """(0-based position, why) where the no-break marks of ``text`` do not pair up, or None."""
    opened = None
    for i, ch in enumerate(text):
        if ch == KEEP_OPEN:
            if opened is not None:
                return i, f"the no-break mark '{{' at character {i + 1} opens inside another"
            opened = i
        elif ch == KEEP_CLOSE:
            if opened is None:
                return i, f"the no-break mark '}}' at character {i + 1} closes nothing"
            opened = None
    if opened is not None:
        return opened, f"the no-break mark '{{' at character {opened + 1} is not closed by '}}'"
    return None
