"""Messages from below the window, shown in the interface's language.

The loader, the checks, the layout, the readers, the export and the library
word their problems and errors as values (``viewer.messages.Msg``: an id,
which is the English template, and its parameters). The command line prints
their English; the window shows them here with ``Msg.translated``, the
Chinese form coming from the gettext catalogues
(``resources/translations``). Nothing is translated by matching English
words: text that is not a message (a file name, a field path such as
``blocks[2].frames[0]``) is shown as it is, and a failure nobody foresaw is
said as such ("unexpected error"), with its kind and its own words.
"""

from __future__ import annotations

from ..escape import printable
from ..messages import Msg, os_reason, said
from . import i18n


def _chinese() -> bool:
    return i18n.language() == "zh"


def shown(text) -> str:
    """A message as the window shows it: a Msg (or other words that can be
    translated) in the interface's language; any other text as it is."""
    if hasattr(text, "translated"):
        return text.translated(i18n.language())
    return str(text)


def place(where, lang: str = "zh") -> str:
    """A problem's place in ``lang``: "line 3, column 4" (a Msg) ->
    第 3 行第 4 列; a field path stays as it is."""
    return where.translated(lang) if hasattr(where, "translated") else where


def shown_place(where) -> str:
    return place(where, i18n.language())


def problem_columns(p) -> tuple[str, str, str]:
    """(file, place, message) of a Problem as the problems panel shows
    them; control characters in names are shown as code points, as
    ``validate`` prints them."""
    return printable(p.file), printable(shown_place(p.where)), printable(shown(p.message))


def problem_text(p, columns: tuple[str, str, str] | None = None) -> str:
    """A Problem on one line, as ``validate`` prints it, in the interface's
    language (``columns``: its problem_columns, when they are at hand)."""
    if not _chinese():
        return str(p)
    file, where, message = columns or problem_columns(p)
    warning = "警告：" if p.severity == "warning" else ""
    return "：".join(x for x in (file, where) if x) + f"：{warning}{message}"


def unforeseen(exc: BaseException) -> Msg:
    """A failure nobody foresaw as a message: its kind and what it says
    (a system error's reason translated by its errno)."""
    error = said(exc)
    if isinstance(exc, OSError) and exc.strerror and not isinstance(error, Msg):
        reason = os_reason(exc)
        error = reason if exc.filename is None else Msg("{reason}: '{file}'", reason=reason, file=str(exc.filename))
    return Msg("unexpected error: {kind}: {error}", kind=type(exc).__name__, error=error)


def shown_error(exc: BaseException) -> str:
    """An exception as a message box shows it. In English: its kind and its
    text, as the record of errors keeps them. In Chinese: every problem of
    an issue that cannot be used; the message it was raised with (the kind
    of exception says nothing to a reader); for a failure nobody foresaw,
    ``unforeseen``'s message."""
    if not _chinese():
        return f"{type(exc).__name__}: {exc}"
    problems = getattr(exc, "problems", None)
    if problems and all(hasattr(p, "where") for p in problems):
        return "\n".join(problem_text(p) for p in problems)
    told = said(exc)
    return shown(told if isinstance(told, Msg) else unforeseen(exc))
