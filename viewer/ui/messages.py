"""Messages from below the window, shown in the interface's language.

The loader, the checks, the layout, the METS/ALTO reader and the export
word their problems and errors in English: the command line prints
them as they are, and scripts read them. The window shows them through this
module, which translates a message by its English pattern
(``messages_zh.CATALOGUE``): the names, paths, quoted text and numbers a
message carries are kept as they are; a part that is itself a message (the
reason inside "the file 'a.txt' does not exist") is translated in turn.

A pattern is the message as the code words it, ``{name}`` standing for what
varies, and ``{name:kind}`` saying what may stand there:

    (no kind)  anything: a name, a path, quoted text; kept as written
    num        a number
    msg        a message of its own (a reason, a fragment), translated in turn
    ext        words from another program (the system, a parser, SQLite):
               translated when known, else kept
    place      a place in a file ("line 3, column 4", or a field path)
    list       names separated by ", ", shown separated by 、 (each quoted
               unless it already is)
    numbers    numbers separated by ", ", shown separated by 、
    choices    quoted names separated by ", " and " or "
    pytype     a Python type name (str, int, dict ...), shown as what it is
    model      a descriptor model's name (Frame, Grid ...), shown as what it is
    plural     an English plural "s", or nothing; not shown

The Chinese form names the same values as ``str.format`` does; braces meant
literally are doubled in both.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

from ..escape import printable
from . import i18n

# stands for a value in a message template read from the source (tests)
HOLE = "\uE000"

KINDS = frozenset({"", "num", "msg", "ext", "place", "list", "numbers", "choices", "pytype", "model", "plural"})

_NUMBER = re.compile(r"[-+]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_NUMBERS = re.compile(r"\d+(?:, \d+)*")
_CHOICES = re.compile(r"('[^']*'|\"[^\"]*\")(?:(?:, | or )('[^']*'|\"[^\"]*\"))*")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_FIELD_PATH = re.compile(r"[A-Za-z_$][\w$]*(?:\[\d+\]|\.[A-Za-z_$][\w$]*)*(?:#[\w.\[\]]+)?")


@dataclass(frozen=True)
class Hole:
    name: str
    kind: str


@dataclass(frozen=True)
class Pattern:
    english: str
    chinese: str
    parts: tuple  # literal strings and Holes, never two Holes side by side
    weight: int  # characters of literal text: the most specific pattern wins

    @property
    def head(self) -> str:
        return self.parts[0] if self.parts and isinstance(self.parts[0], str) else ""


def parse(english: str, chinese: str) -> Pattern:
    """A catalogue entry as a Pattern; ValueError for a malformed one."""
    parts: list = []
    for literal, field, spec, conversion in string.Formatter().parse(english):
        if literal:
            if parts and isinstance(parts[-1], str):
                parts[-1] += literal
            else:
                parts.append(literal)
        if field is not None:
            if not field or conversion or spec not in KINDS:
                raise ValueError(f"bad value {{{field}:{spec}}} in pattern {english!r}")
            if parts and isinstance(parts[-1], Hole):
                raise ValueError(f"two values side by side in pattern {english!r}")
            parts.append(Hole(field, spec))
    names = {p.name for p in parts if isinstance(p, Hole)}
    used = {f for _, f, _, _ in string.Formatter().parse(chinese) if f is not None}
    if not used <= names:
        raise ValueError(f"the Chinese form of {english!r} names {sorted(used - names)}, which the pattern has not")
    weight = sum(len(p) for p in parts if isinstance(p, str))
    return Pattern(english, chinese, tuple(parts), weight)


# ------------------------------------------------------------ the catalogue


def _load():
    from .messages_zh import CATALOGUE, MODEL_NAMES, PYTHON_TYPES

    patterns = [parse(en, zh) for en, zh in CATALOGUE]
    twice = sorted({p.english for p in patterns if sum(q.english == p.english for q in patterns) > 1})
    if twice:
        raise ValueError(f"patterns in the catalogue twice: {twice}")
    exact = {p.english: _fill(p.chinese, {}) for p in patterns if len(p.parts) == 1 and isinstance(p.parts[0], str)}
    ordered = sorted((p for p in patterns if p.english not in exact), key=lambda p: -p.weight)
    by_first: dict[str, list[Pattern]] = {}
    headless = [p for p in ordered if not p.head]
    for p in ordered:
        if p.head:
            by_first.setdefault(p.head[0], []).append(p)
    # a pattern that begins with a value may follow any first character: keep the order by weight
    for ch, group in by_first.items():
        by_first[ch] = sorted(group + headless, key=lambda p: -p.weight)
    return exact, by_first, headless, MODEL_NAMES, PYTHON_TYPES


# ------------------------------------------------------------ matching


def _quoted(item: str) -> bool:
    return len(item) >= 2 and item[0] == item[-1] and item[0] in "'\""


def _value(kind: str, text: str, probe: bool, lenient: bool) -> str | None:
    """How the value ``text`` of a hole of ``kind`` is shown, or None when
    it cannot stand there."""
    if probe and text == HOLE:
        return text
    if kind == "":
        return text
    if kind == "num":
        return text if _NUMBER.fullmatch(text) else None
    if kind == "msg":
        shown = _translate(text, probe, lenient) if text else None
        if shown is None and lenient and text and not probe:
            return text
        return shown
    if kind == "ext":
        shown = _translate(text, probe, False) if text else None
        return text if shown is None else shown
    if kind == "place":
        return place(text) if not probe else text
    if kind == "plural":
        return "" if text in ("", "s") else None
    if kind == "numbers":
        return text.replace(", ", "、") if _NUMBERS.fullmatch(text) else None
    if not text:
        return None
    if kind == "list":
        return "、".join(i if _quoted(i) or probe else f"“{i}”" for i in text.split(", "))
    if kind == "choices":
        return text.replace(", ", "、").replace(" or ", " 或 ") if probe or _CHOICES.fullmatch(text) else None
    if not _IDENTIFIER.fullmatch(text):
        return None
    if kind == "pytype":
        return _PYTHON_TYPES.get(text, text)
    if kind == "model":
        return _MODEL_NAMES.get(text, f"“{text}”")
    return None


def _match(parts: tuple, text: str, probe: bool, lenient: bool) -> dict | None:
    """The shown values of the holes when ``text`` reads as ``parts``."""
    values: dict[str, str] = {}

    def step(i: int, pos: int) -> bool:
        if i == len(parts):
            return pos == len(text)
        part = parts[i]
        if isinstance(part, str):
            return text.startswith(part, pos) and step(i + 1, pos + len(part))
        if i + 1 == len(parts):
            ends = [len(text)]
        else:
            lit = parts[i + 1]
            ends = []
            j = text.find(lit, pos)
            while j != -1:
                ends.append(j)
                j = text.find(lit, j + 1)
        for end in ends:
            shown = _value(part.kind, text[pos:end], probe, lenient)
            if shown is not None:
                values[part.name] = shown
                if step(i + 1, end):
                    return True
        return False

    return values if step(0, 0) else None


def _literals_in_order(p: Pattern, text: str) -> bool:
    pos = 0
    for part in p.parts:
        if isinstance(part, str):
            pos = text.find(part, pos)
            if pos < 0:
                return False
            pos += len(part)
    return True


@lru_cache(maxsize=8192)
def _translate(text: str, probe: bool = False, lenient: bool = False) -> str | None:
    exact = _EXACT.get(text)
    if exact is not None:
        return exact
    if not text:
        return None
    for p in _BY_FIRST.get(text[0], _HEADLESS):
        if lenient and not re.search(r"\w", "".join(x for x in p.parts if isinstance(x, str))):
            continue  # a pattern of values and punctuation says nothing by itself
        if (p.head and not text.startswith(p.head)) or not _literals_in_order(p, text):
            continue
        values = _match(p.parts, text, probe, lenient)
        if values is not None:
            return _fill(p.chinese, values)
    return None


_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z0-9]")


def _fill(chinese: str, values: dict[str, str]) -> str:
    """The Chinese form with its values, a space put between a Chinese
    character and a Latin letter or digit where a value meets the form's
    own words (是 PDF 文件); the values themselves are left as they are."""
    out = ""
    for literal, field, _spec, _conv in string.Formatter().parse(chinese):
        for piece in (literal, values[field] if field is not None else ""):
            if piece and out and _spaced(out[-1], piece[0]):
                out += " "
            out += piece
    return out


def _spaced(left: str, right: str) -> bool:
    return bool((_IDEOGRAPH.match(left) and _LATIN.match(right)) or (_LATIN.match(left) and _IDEOGRAPH.match(right)))


_EXACT, _BY_FIRST, _HEADLESS, _MODEL_NAMES, _PYTHON_TYPES = _load()


def translate(text: str) -> str | None:
    """The Chinese form of a message, or None when the catalogue has none."""
    return _translate(str(text))


def covers(template: str) -> bool:
    """Whether the catalogue has a Chinese form for every message the
    template can give; the template's values are HOLE characters."""
    return _translate(template, True) is not None


# ------------------------------------------------------------ for the window


def _chinese() -> bool:
    return i18n.language() == "zh"


_printable = printable


def shown(text: str) -> str:
    """A message as the window shows it: in Chinese in the Chinese
    interface (what has no Chinese form stays as it is)."""
    if hasattr(text, "translated"):  # a viewer.messages.Msg: worded by the catalogue
        return text.translated(i18n.language())
    text = str(text)
    if not _chinese():
        return text
    found = _translate(text)
    if found is None:
        found = _translate(text, False, True)
    return text if found is None else found


def place(where: str) -> str:
    """A problem's place in Chinese: "line 3, column 4" -> 第 3 行第 4 列;
    a field path stays as it is."""
    if hasattr(where, "translated"):
        return where.translated("zh")
    if not where or _FIELD_PATH.fullmatch(where):
        return where
    found = _translate(where)
    return where if found is None else found


def shown_place(where: str) -> str:
    return place(where) if _chinese() else where


def problem_columns(p) -> tuple[str, str, str]:
    """(file, place, message) of a Problem as the problems panel shows
    them; control characters in names are shown as code points, as
    ``validate`` prints them."""
    return _printable(p.file), _printable(shown_place(p.where)), _printable(shown(p.message))


def problem_text(p, columns: tuple[str, str, str] | None = None) -> str:
    """A Problem on one line, as ``validate`` prints it, in the interface's
    language (``columns``: its problem_columns, when they are at hand)."""
    if not _chinese():
        return str(p)
    file, where, message = columns or problem_columns(p)
    warning = "警告：" if p.severity == "warning" else ""
    return "：".join(x for x in (file, where) if x) + f"：{warning}{message}"


def shown_error(exc: BaseException) -> str:
    """An exception as a message box shows it. In Chinese: its message
    alone when the catalogue knows it (the kind of exception says nothing
    to a reader), every problem of an issue that cannot be used, and the
    kind with the message for a failure nobody foresaw."""
    text = str(exc)
    if not _chinese():
        return f"{type(exc).__name__}: {text}"
    problems = getattr(exc, "problems", None)
    if problems and all(hasattr(p, "where") for p in problems):
        return "\n".join(problem_text(p) for p in problems)
    said = exc.args[0] if len(exc.args) == 1 else None
    if hasattr(said, "translated"):  # a message of ours
        return said.translated("zh")
    found = _translate(text)
    return found if found is not None else f"{type(exc).__name__}: {shown(text)}"
