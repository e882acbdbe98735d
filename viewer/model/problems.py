"""Problems found while loading or checking an issue, worded for people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..escape import printable


def named_chars(chars: str) -> str:
    """Characters named for a person: "œ (U+0153)" each, or U+XXXX alone for
    one that does not print (a private-use or unassigned code point)."""
    return " ".join(f"{c} (U+{ord(c):04X})" if printable(c) == c else printable(c) for c in chars)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an issue: where it is and what is wrong.

    ``file`` is relative to the issue folder where possible; ``where`` is a
    Msg ("line L, column C") for syntax errors or a field path such as
    ``blocks[2].frames[0].col`` for model errors (empty when the whole file
    is meant); ``message`` is a Msg (viewer.messages): its English text as
    the command line prints it, worded in the window's language there.
    """

    file: str
    where: str
    message: str
    severity: Literal["error", "warning"] = "error"
    # "image" marks a missing image: the issue is not valid, but pages still
    # lay out and render, with a placeholder where the image would be
    code: str = ""

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        prefix = "warning: " if self.severity == "warning" else ""
        return printable(f"{place}: {prefix}{self.message}")


# errors that leave the rest of an issue usable: a command warns and goes on,
# the library indexes it (a missing picture is drawn as a placeholder; a page
# whose file is missing from a library's package is left out)
NOT_FATAL = frozenset({"image", "missing-page"})


class IssueLoadError(Exception):
    """Raised when an issue cannot be used at all; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
