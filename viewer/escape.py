"""Text from files, made safe to show: the one escaping function.

Whatever a file holds — an OCR word, a title, a page label, a file name —
passes through ``printable`` before it reaches a terminal (``validate``,
``info``, ``search``, ``library list``, the command line's errors), a
message, a window title or the name of a file Herald proposes. Control
characters (C0 and C1: a newline, ESC, U+009B CSI), bidirectional controls
(U+202A–202E, U+2066–2069, U+200E/F, U+061C) and every other character
that prints nothing of its own (format characters, line and paragraph
separators, spaces other than the ordinary and the ideographic one,
private-use and unassigned code points, the surrogates that stand for
undecodable bytes in a file name) are shown as ``U+XXXX``: a name cannot
split a line, turn the terminal's text around or send it a command.

Machine-readable output keeps the text: ``printable_json`` writes JSON
whose strings hold those characters as JSON's own ``\\uXXXX`` escapes, so a
program reading it gets the text unchanged and a terminal showing it gets
only printable characters. The PDF's text layer keeps the text as it is.

No Qt here: every layer may use it.
"""

from __future__ import annotations

import json
import unicodedata

_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"))
_SPACES = frozenset(" \u3000")  # the ordinary and the ideographic space print as themselves


def unprintable(ch: str) -> bool:
    """Whether the character ``ch`` is shown as an escape."""
    return ch not in _SPACES and unicodedata.category(ch) in _UNPRINTABLE


def printable(text) -> str:
    """``text`` safe to print on one line: every character ``unprintable``
    names shown as U+XXXX (the rest as it is)."""
    text = str(text)
    if text.isprintable():  # Python's non-printables are exactly those named above, the ASCII space apart
        return text
    return "".join(f"U+{ord(ch):04X}" if unprintable(ch) else ch for ch in text)


def _json_escape(ch: str) -> str:
    n = ord(ch)
    if n > 0xFFFF:  # a surrogate pair, as JSON writes one
        n -= 0x10000
        return f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}"
    return f"\\u{n:04x}"


def printable_json(value, **options) -> str:
    """``json.dumps(value, ensure_ascii=False, **options)`` with every
    character ``unprintable`` names written as a JSON escape (inside
    strings, the only place JSON puts such characters; the line breaks of
    ``indent`` stay): the data is the same, the text prints safely."""
    lines = json.dumps(value, ensure_ascii=False, **options).split("\n")
    return "\n".join(line if line.isprintable() else "".join(_json_escape(ch) if unprintable(ch) else ch
                                                              for ch in line) for line in lines)


class PrintableStream:
    """A text stream that passes everything written to it through
    ``printable``, line by line (the line breaks stay): the command line
    writes through it (``cli.main``), so no text from a file reaches the
    terminal unescaped, whichever command prints it. JSON output is written
    with ``printable_json`` first, which leaves nothing here to change."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        if not text.isprintable():
            text = "\n".join(printable(line) for line in text.split("\n"))
        return self._stream.write(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):  # flush, isatty, fileno, encoding, buffer: the stream's own
        return getattr(self._stream, name)
