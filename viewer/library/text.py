"""Query parsing and text matching shared by indexing and searching.

Matching is on characters, as a Chinese reader expects: a query is found
wherever its characters stand in a row. Letters are compared without case.
A term that begins or ends with a Latin letter or digit must begin or end a
Latin word there ("AI" is found in "AI芯片" and "the AI", not in "said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..messages import Msg

# letters and digits: the only characters the short-query table keeps
_WORD_CHAR = re.compile(r"[^\W_]")
_WORD_PAIR = re.compile(r"(?=([^\W_]{2}))")
_SPACE = re.compile(r"\s+")
# a quoted phrase in ASCII or Chinese quotation marks, or a bare word
_TOKEN = re.compile(r'"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|(\S+)')

SNIPPET_CHARS = 28  # of context on each side of a hit


class QueryError(ValueError):
    """A query that cannot be searched for: its one argument is the message (a Msg)."""


def fold(text: str) -> str:
    """``text`` without case, one character for each character (so that
    positions in the folded text are positions in the original)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def short_grams(text: str) -> str:
    """Every character and every pair of neighbouring characters of the
    letter-and-digit runs of ``text``, folded, once each (characters first,
    then pairs, in the order they first stand), separated by spaces: the
    tokens of the index for queries of one or two characters."""
    folded = fold(text)
    return " ".join(dict.fromkeys(_WORD_CHAR.findall(folded) + _WORD_PAIR.findall(folded)))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Term:
    """One thing to find: a word, or a phrase given in quotation marks."""

    text: str  # folded; inner white space made single spaces

    @property
    def short(self) -> bool:
        """Too short for the trigram index."""
        return len(self.text) < 3

    def positions(self, folded: str) -> list[int]:
        """Where the term stands in the folded text ``folded``."""
        out = []
        t = self.text
        n = len(t)
        start = 0
        while True:
            k = folded.find(t, start)
            if k < 0:
                return out
            if not ((_latin(t[0]) and k > 0 and _latin(folded[k - 1]))
                    or (_latin(t[-1]) and k + n < len(folded) and _latin(folded[k + n]))):
                out.append(k)
            start = k + 1


def parse_query(query: str) -> list[Term]:
    """The terms of a query: words separated by spaces (all must be found),
    or phrases in quotation marks. Every character at either end of a bare
    word that is no letter or digit (punctuation, symbols, FTS5's operators
    such as ^ * + -) is dropped; the rest of a word, and a phrase, is taken
    literally, as the index holds the text (FTS5 sees each term as one
    quoted string). A query with no letter, digit or character raises
    QueryError."""
    terms: list[Term] = []
    for m in _TOKEN.finditer(query):
        quoted = next((g for g in m.groups()[:3] if g is not None), None)
        if quoted is not None:
            text = _SPACE.sub(" ", quoted).strip()
        else:
            text = m.group(4)
            while text and not text[0].isalnum():
                text = text[1:]
            while text and not text[-1].isalnum():
                text = text[:-1]
        if any(c.isalnum() for c in text):
            term = Term(fold(text))
            if term not in terms:
                terms.append(term)
    if not terms:
        raise QueryError(Msg("the query has nothing to search for: give words or characters, "
                             "not only punctuation or spaces"))
    return terms


def fts_string(text: str) -> str:
    """``text`` as one FTS5 string (a phrase)."""
    return '"' + text.replace('"', '""') + '"'


def short_match(term: Term) -> str:
    """The short-query table's MATCH expression that every unit holding
    ``term`` satisfies: the pair of characters, or the one letter or character."""
    if len(term.text) == 2 and all(c.isalnum() for c in term.text):
        return fts_string(term.text)
    return fts_string(next(c for c in term.text if c.isalnum()))


def snippet(text: str, start: int, length: int, context: int = SNIPPET_CHARS) -> tuple[str, int, int]:
    """The hit at ``start`` with some text around it, white space made
    single spaces: (snippet, hit start, hit end) within the snippet."""
    left = _SPACE.sub(" ", text[max(0, start - context):start])
    mid = _SPACE.sub(" ", text[start:start + length])
    right = _SPACE.sub(" ", text[start + length:start + length + context])
    if start > context:
        left = "…" + left
    if start + length + context < len(text):
        right = right + "…"
    return left + mid + right, len(left), len(left) + len(mid)
