"""Messages as values: an id and parameters, worded where they are shown.

Every message the program gives is a ``Msg``: its id is the English
template (gettext's msgid, with ``{name}`` for what varies) and its
parameters are the values. A ``Msg`` is also the English text itself (it
is a ``str``), so the command line prints it, scripts read it and tests
compare it as before; the window shows ``msg.translated("zh")``, worded by
the Chinese catalogue (``resources/translations/zh_CN/LC_MESSAGES/*.po``,
compiled to ``.mo`` in the wheel), never by matching English wording.

A parameter is shown in the message's language when it is a message of its
own (a reason inside "the file 'a.txt' {why}"), a list of names
(``Names``), or words from another program (``Foreign``: the system's
errno, libxml2's error, pydantic's error type, SQLite's result code),
which are translated by their codes, never by their wording. Anything else
(a name, a path, quoted text, a number) is shown as it is.

No Qt here: every layer words its messages with this module.
"""

from __future__ import annotations

import errno as _errno
import functools
import gettext
import re
import string
from collections.abc import Iterable

ENGLISH = "en"
CHINESE = "zh"

# the catalogue's language for each interface language
_CATALOGUE = {CHINESE: "zh_CN"}


def _shown(value, lang: str | None):
    """A parameter as it is shown in ``lang`` (None: English)."""
    if isinstance(value, (Msg, Names, Foreign)):
        return value.translated(lang)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return value if isinstance(value, str) else str(value)


def _fill(template: str, params: dict, lang: str | None) -> str:
    values = {k: _shown(v, lang) for k, v in params.items()}
    if lang is None or lang == ENGLISH:
        return template.format(**values)
    return _fill_spaced(template, values)


_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z0-9]")


def _spaced(left: str, right: str) -> bool:
    return bool((_IDEOGRAPH.match(left) and _LATIN.match(right)) or (_LATIN.match(left) and _IDEOGRAPH.match(right)))


def _fill_spaced(template: str, values: dict) -> str:
    """A Chinese form with its values, a space put between a Chinese
    character and a Latin letter or digit where a value meets the form's
    own words (是 PDF 文件); the values themselves are left as they are. A
    value the form names but the message lacks is left out."""
    out = ""
    for literal, field, spec, _conv in string.Formatter().parse(template):
        value = ""
        if field is not None:
            raw = values.get(field, "")
            try:
                value = format(raw, spec) if spec else str(raw)
            except (TypeError, ValueError):
                value = str(raw)
        for piece in (literal, value):
            if piece and out and _spaced(out[-1], piece[0]):
                out += " "
            out += piece
    return out


class Msg(str):
    """A message: ``Msg("the file '{file}' {why}", file="a.txt", why=Msg("does not exist"))``.

    As a ``str`` it is the English text; ``id`` and ``params`` keep what it
    was made of, so it can be worded in another language or stored."""

    id: str
    params: dict

    def __new__(cls, id: str, /, **params):  # noqa: A002 (gettext's word)
        self = super().__new__(cls, _fill(id, params, None))
        self.id = id
        self.params = params
        return self

    def translated(self, lang: str | None) -> str:
        """The message in ``lang`` ("zh", "en"; None: English)."""
        if lang is None or lang == ENGLISH:
            return str.__str__(self)
        return _fill(catalogue(lang).gettext(self.id), self.params, lang)

    def __reduce__(self):
        return (_remake, (self.id, self.params))

    def __repr__(self) -> str:
        return f"Msg({self.id!r}{''.join(f', {k}={v!r}' for k, v in self.params.items())})"

    # ---- storage (the library keeps problems as JSON)
    def to_json(self) -> dict:
        return {"id": self.id, "params": {k: _param_json(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, value) -> str:
        """A Msg from ``to_json``'s value; a plain str stays one."""
        if isinstance(value, dict) and "id" in value:
            return cls(value["id"], **{k: _param_value(v) for k, v in value.get("params", {}).items()})
        return str(value)


def message_json(value):
    """A message as JSON: a Msg by its id and parameters (``Msg.to_json``),
    any other text as it is. ``Msg.from_json`` reads either back."""
    return value.to_json() if isinstance(value, Msg) else str(value)


def _remake(id: str, params: dict) -> Msg:  # noqa: A002
    return Msg(id, **params)


def _param_json(value):
    if isinstance(value, Msg):
        return {"msg": value.to_json()}
    if isinstance(value, Names):
        return {"names": list(value.items), "quote": value.quote, "last": value.last, "quoted": value.quoted}
    if isinstance(value, Foreign):
        return {"foreign": [value.program, value.code, value.text, {k: _param_json(v) for k, v in value.params.items()}]}
    if isinstance(value, (int, float, str)) or value is None:
        return value
    return str(value)


def _param_value(value):
    if isinstance(value, dict):
        if "msg" in value:
            return Msg.from_json(value["msg"])
        if "names" in value:
            return Names(value["names"], value.get("quote", "'"), value.get("last", ", "), quoted=value.get("quoted"))
        if "foreign" in value:
            program, code, text, params = value["foreign"]
            return Foreign(program, code, text, **{k: _param_value(v) for k, v in (params or {}).items()})
    return value


class Names:
    """Names in a row: 'a', 'b' or 'c' in English, “a”、“b”或“c” in Chinese.
    ``quote`` the English quote ("" for none), ``last`` the English
    separator before the last name (", " or " or " or " and ").
    ``quoted``: whether another language quotes each name; by default when
    English does (field names that English lists bare, "col, line", are
    quoted in Chinese: “col”、“line”)."""

    def __init__(self, items: Iterable, quote: str = "'", last: str = ", ", *, quoted: bool | None = None):
        self.items = tuple(str(i) for i in items)
        self.quote, self.last = quote, last
        self.quoted = bool(quote) if quoted is None else quoted

    def translated(self, lang: str | None) -> str:
        items = self.items
        if lang is None or lang == ENGLISH:
            q = self.quote
            shown = [f"{q}{i}{q}" for i in items]
            if len(shown) < 2:
                return "".join(shown)
            return ", ".join(shown[:-1]) + self.last + shown[-1]
        shown = [f"“{i}”" if self.quoted else i for i in items]
        if len(shown) < 2:
            return "".join(shown)
        word = {" or ": "或", " and ": "和"}.get(self.last, "、")
        return "、".join(shown[:-1]) + word + shown[-1]

    def __str__(self) -> str:
        return self.translated(None)

    def __eq__(self, other) -> bool:
        return isinstance(other, Names) and (self.items, self.quote, self.last, self.quoted) == (
            other.items, other.quote, other.last, other.quoted)

    def __hash__(self) -> int:
        return hash(self.items)


class Foreign:
    """Words from another program, shown as that program wrote them in
    English and translated by their code: ``program`` is the catalogue's
    context (errno, libxml2, pydantic, sqlite, image), ``code`` the
    program's name for the error (ENOENT, ERR_TAG_NAME_MISMATCH,
    string_too_short, SQLITE_BUSY), ``params`` the values its Chinese form
    may name (pydantic's context)."""

    def __init__(self, program: str, code: str, text: str, **params):
        self.program, self.code, self.text, self.params = program, str(code), str(text), params

    def translated(self, lang: str | None) -> str:
        if lang is None or lang == ENGLISH:
            return self.text
        cat = catalogue(lang)
        found = cat.pgettext(self.program, self.code)
        if found != self.code:
            return _fill(found, self.params, lang)
        # a code the catalogue does not know: say whose words they are
        return _fill(cat.gettext("{program} reports: {text}"), {"program": self.program, "text": self.text}, lang)

    def known(self, lang: str) -> bool:
        """Whether the catalogue of ``lang`` has this code."""
        return catalogue(lang).pgettext(self.program, self.code) != self.code

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        return isinstance(other, Foreign) and (self.program, self.code, self.text) == (other.program, other.code, other.text)

    def __hash__(self) -> int:
        return hash((self.program, self.code))


# ------------------------------------------------------------ other programs' errors


def said(exc: BaseException) -> str:
    """What an exception says: the Msg it was made with, else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Msg):
        return exc.args[0]
    return str(exc)


def os_reason(exc: BaseException) -> Msg | Foreign | str:
    """The system's reason for an OSError, translated by its errno; an
    OSError raised with a message of ours as its reason gives that message."""
    code = getattr(exc, "errno", None)
    text = getattr(exc, "strerror", None) or str(exc)
    if isinstance(text, Msg):
        return text
    if isinstance(code, int) and code in _errno.errorcode:
        return Foreign("errno", _errno.errorcode[code], text)
    return text


# ------------------------------------------------------------ catalogues


def _translations_dir():
    from .resources_path import TRANSLATIONS_DIR

    return TRANSLATIONS_DIR


@functools.lru_cache(maxsize=None)
def catalogue(lang: str) -> gettext.NullTranslations:
    """The messages of ``lang``: every ``.mo`` of its folder (the wheel's),
    else every ``.po`` compiled in memory (a checkout); NullTranslations
    for English or a language without one."""
    name = _CATALOGUE.get(lang)
    if name is None:
        return gettext.NullTranslations()
    folder = _translations_dir() / name / "LC_MESSAGES"
    merged = gettext.NullTranslations()
    files = sorted(folder.glob("*.mo"))
    if files:
        for f in files:
            with open(f, "rb") as fp:
                merged.add_fallback(gettext.GNUTranslations(fp))
        return merged
    for f in sorted(folder.glob("*.po")):
        merged.add_fallback(compile_po(f))
    return merged


def compile_po(path) -> gettext.GNUTranslations:
    """A ``.po`` file as gettext's translations, compiled in memory with Babel."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        cat = read_po(f)
    buf = io.BytesIO()
    write_mo(buf, cat)
    buf.seek(0)
    return gettext.GNUTranslations(buf)
