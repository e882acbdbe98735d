"""The no-break mark of the descriptors: a run written between braces,
{陈思远}, is kept on one line; the braces are never printed."""

from __future__ import annotations

from ..messages import Msg

KEEP_OPEN, KEEP_CLOSE = "{", "}"


def plain(text: str) -> str:
    """Text as printed: without the no-break marks."""
    return text.replace(KEEP_OPEN, "").replace(KEEP_CLOSE, "")


def unbalanced_mark(text: str) -> tuple[int, Msg] | None:
    """(0-based position, why) where the no-break marks of ``text`` do not pair up, or None."""
    opened = None
    for i, ch in enumerate(text):
        if ch == KEEP_OPEN:
            if opened is not None:
                return i, Msg("the no-break mark '{{' at character {at} opens inside another", at=i + 1)
            opened = i
        elif ch == KEEP_CLOSE:
            if opened is None:
                return i, Msg("the no-break mark '}}' at character {at} closes nothing", at=i + 1)
            opened = None
    if opened is not None:
        return opened, Msg("the no-break mark '{{' at character {at} is not closed by '}}'", at=opened + 1)
    return None
