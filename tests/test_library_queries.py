"""Library searches against a plain substring search, with Hypothesis.

Texts and queries are drawn from a few Chinese characters, Latin words and
the characters and words that mean something to FTS5 (^ * " : ( ) - + { }
NEAR AND OR NOT ...). Whatever they hold, the index must find exactly the
units a plain search finds: the query's words, each with the punctuation
and symbols at its ends left off, or its phrases in quotation marks as
written, all standing in the unit (without case; a Latin letter or digit at
a term's end must end a Latin word there).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.issue import IssueText, Unit
from viewer.library.index import INDEX_NAME, Library
from viewer.library.text import QueryError

CHINESE = list("高铁芯片新闻")
LATIN = ["Nordstern", "AI", "said", "the", "near", "and", "not", "or"]
OPERATORS = ["^", "*", '"', ":", "(", ")", "-", "+", "{", "}", ",", ".", "'", "“", "”", "「", "」",
             "NEAR", "AND", "OR", "NOT", "NEAR(", "^高", "*)"]
PIECES = CHINESE + LATIN + OPERATORS
CLOSING = {'"': '"', "“": "”", "「": "」"}


def texts(min_pieces: int = 1, max_pieces: int = 12):
    """Pieces run together or separated by single spaces."""
    piece = st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " "]))
    return st.lists(piece, min_size=min_pieces, max_size=max_pieces).map(lambda ps: "".join(p + s for p, s in ps).strip())


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def expected_terms(query: str) -> list[str]:
    """The query's terms, read by hand: a phrase runs from an opening
    quotation mark to its closing one (or the end); a word runs to the next
    space and loses every character at its ends that is not a letter or
    digit; a term without a letter or digit is none."""
    terms = []
    k = 0
    while k < len(query):
        if query[k].isspace():
            k += 1
            continue
        if query[k] in CLOSING:
            end = query.find(CLOSING[query[k]], k + 1)
            end = len(query) if end < 0 else end
            term = " ".join(query[k + 1:end].split())
            k = end + 1
        else:
            end = k
            while end < len(query) and not query[end].isspace():
                end += 1
            term = query[k:end]
            k = end
            a, b = 0, len(term)
            while a < b and not term[a].isalnum():
                a += 1
            while b > a and not term[b - 1].isalnum():
                b -= 1
            term = term[a:b]
        if any(c.isalnum() for c in term):
            terms.append(term.lower())
    return terms


def plainly_holds(text: str, term: str) -> bool:
    pattern = re.escape(term)
    if _latin(term[0]):
        pattern = "(?<![a-z0-9])" + pattern
    if _latin(term[-1]):
        pattern += "(?![a-z0-9])"
    return re.search(pattern, text.lower()) is not None


def index_of(folder: Path, units: list[str]) -> Library:
    """A library of one issue whose units are ``units``, indexed as a scan indexes them."""
    lib = Library(folder / INDEX_NAME)
    lib.db.execute("BEGIN")
    lib.db.execute("INSERT INTO folders(path) VALUES ('/corpus')")
    lib.db.execute("INSERT INTO issues(folder_id, path, kind, signature, state) VALUES (1, '/corpus/1', 'descriptor', '', 'ok')")
    lib._insert_units(1, IssueText("descriptors", "测试导报", dt.date(2025, 12, 29), "", 1,
                                   units=[Unit(1, str(k), "", text) for k, text in enumerate(units)]))
    lib.db.execute("COMMIT")
    return lib


@st.composite
def corpus_and_queries(draw):
    units = draw(st.lists(texts(), min_size=1, max_size=8))
    queries = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            queries.append(draw(texts(1, 5)))
        else:  # a piece of a unit, with operator characters around it
            text = draw(st.sampled_from(units))
            a = draw(st.integers(0, len(text)))
            b = draw(st.integers(a, len(text)))
            before = draw(st.sampled_from(["", "^", "*", "+", "-", "(", '"', "NEAR(", "AND ", "“"]))
            after = draw(st.sampled_from(["", "*", ")", ":", '"', "^", " OR", "”", "+"]))
            queries.append(before + text[a:b] + after)
    return units, queries


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus_and_queries())
def test_a_search_finds_what_a_plain_substring_search_finds(case):
    units, queries = case
    with tempfile.TemporaryDirectory() as folder, index_of(Path(folder), units) as lib:
        for query in queries:
            terms = expected_terms(query)
            if not terms:
                with pytest.raises(QueryError):
                    lib.search(query)
                continue
            want = {str(k) for k, text in enumerate(units) if all(plainly_holds(text, t) for t in terms)}
            result = lib.search(query, limit=len(units) + 1)
            assert {h.article for h in result.hits} == want, (query, terms)
            assert (result.total, result.approximate) == (len(want), False)


def test_the_hand_reading_of_queries():
    assert expected_terms('^Nordstern "the AI" 「高 铁」 (芯片) NEAR(said: ^') == ["nordstern", "the ai", "高 铁", "芯片", "near(said"]
    assert expected_terms('"^高') == ["^高"]
