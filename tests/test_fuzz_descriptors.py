"""Property-based fuzzing of the descriptors: the bundled issue's files,
mutated (keys, values, types, numbers at the extremes, nesting, bytes,
encodings), must always validate to exit 0 or 1 with located messages only,
and an issue that validates must lay out (``info --json`` gives JSON)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import tempfile
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"
PAGES = ("pages/01.toml", "pages/03.toml")  # the front page, and a page with a photo, rules and a box
FILES = ("issue.toml",) + PAGES


def _base() -> dict[str, dict]:
    out = {}
    for rel in FILES:
        data = tomllib.loads((BUNDLED / rel).read_text(encoding="utf-8"))
        if rel == "issue.toml":
            data["page_count"] = 2
            data["pages"] = list(PAGES)
        out[rel] = data
    return out


BASE = _base()

# values at the edges of what parsers, pydantic and the arithmetic take
EXTREMES = st.one_of(
    st.sampled_from([0, -1, 1, 2, 20, 21, 2000, 2001, 2**31, 2**63, -(2**63), 10**30, 0.5, -0.0, 1e-308, 1e308,
                     float("inf"), float("-inf"), float("nan"), True, False, None, "", "6", "nan", "\x00", "\u202e",
                     "../../etc/passwd", "/etc/hostname", "C:\\a.txt", "images/../../x.png", "\n\n", "a" * 5000]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.lists(st.integers(-3, 3), max_size=5),
    st.dictionaries(st.sampled_from(["type", "col", "x_mm", "frame", "id", "zz"]), st.integers(-2, 30), max_size=3),
)


def _paths(value):
    """Every (path, value) inside a parsed document, to a depth of 40."""
    todo = [((), value)]
    while todo:
        prefix, value = todo.pop()
        yield prefix, value
        if len(prefix) < 40 and isinstance(value, dict):
            todo.extend((prefix + (k,), v) for k, v in value.items())
        elif len(prefix) < 40 and isinstance(value, list):
            todo.extend((prefix + (i,), v) for i, v in enumerate(value))


def _set(doc, path, value):
    if not path:
        return value
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return doc


@st.composite
def mutated(draw):
    """(file name, its new bytes) for one mutated file of the small issue."""
    rel = draw(st.sampled_from(FILES))
    doc = json.loads(json.dumps(BASE[rel], default=str))  # a deep copy in JSON's own types (dates as text)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path, old = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["value", "value", "delete", "add", "nest", "type"]))
        if op == "value":
            doc = _set(doc, path, draw(EXTREMES))
        elif op == "delete" and path:
            parent = doc
            for part in path[:-1]:
                parent = parent[part]
            del parent[path[-1]]
        elif op == "add" and isinstance(old, dict):
            old[draw(st.sampled_from(["colour", "type", "frames", "$schema", "pages", "blocks", "zz"]))] = draw(EXTREMES)
        elif op == "nest":
            depth = draw(st.sampled_from([2, 31, 33, 200]))
            nested = draw(EXTREMES)
            for _ in range(depth):
                nested = [nested] if draw(st.booleans()) else {"k": nested}
            doc = _set(doc, path, nested)
        elif op == "type":
            doc = _set(doc, path, draw(st.sampled_from([[old], {"v": old}, str(old), None])))
    kind = draw(st.sampled_from(["json", "json", "toml-bytes", "encoding"]))
    if kind == "json":
        text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True, indent=draw(st.sampled_from([None, 1])))
        # in place of one number, what json.dumps cannot write: numbers too big or too long, NaN, deep nesting,
        # half a surrogate pair, a key twice
        numbers = list(re.finditer(r"(?<=: )-?\d+(\.\d+)?(?=[,}\]\n])", text))
        if numbers:
            m = numbers[draw(st.integers(0, len(numbers) - 1))]
            new = draw(st.sampled_from(["1e400", "-1e400", "9" * 5000, "[" * 5000 + "]" * 5000, "NaN", "Infinity",
                                        '"\\ud800"', "true", '1, "number": 2', m.group()]))
            text = text[:m.start()] + new + text[m.end():]
        return rel.replace(".toml", ".json"), text.encode("utf-8")
    raw = (BUNDLED / rel).read_bytes() if rel != "issue.toml" else (
        (BUNDLED / rel).read_text(encoding="utf-8").replace("page_count = 24", "page_count = 2")
        + 'pages = ["pages/01.toml", "pages/03.toml"]\n').encode("utf-8")
    if kind == "toml-bytes":
        for _ in range(draw(st.integers(1, 4))):
            pos = draw(st.integers(0, len(raw)))
            cut = draw(st.integers(0, 20))
            insert = draw(st.sampled_from([b"", b"[", b"{", b"]", b"}", b"=", b'"', b"'''", b"\n[[blocks]]\n",
                                           b"\x00", b"\xff", b"\xe2\x80\xae", b"inf", b"nan", b"1e400", b"9" * 5000,
                                           b"[" * 5000, b"a = 1\na = 2\n", b"\r\n", b"#"]))
            raw = raw[:pos] + insert + raw[pos + cut:]
        return rel, raw
    encoding = draw(st.sampled_from(["utf-16", "gbk", "utf-8-sig", "latin-1", "utf-32"]))
    return rel, raw.decode("utf-8").encode(encoding, errors="replace")


LOCATED = re.compile(r"^(?P<file>[^:]+)(: (?P<where>[^:]+))?: .+$")


def _run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_validate_ends_in_exit_0_or_1_with_located_messages_only(change):
    rel, raw = change
    with tempfile.TemporaryDirectory(prefix="herald-fuzz-") as tmp:
        root = Path(tmp) / "issue"
        (root / "pages").mkdir(parents=True)
        shutil.copytree(BUNDLED / "text", root / "text")
        (root / "issue.toml").write_text(
            (BUNDLED / "issue.toml").read_text(encoding="utf-8").replace("page_count = 24", "page_count = 2")
            + 'pages = ["pages/01.toml", "pages/03.toml"]\n', encoding="utf-8")
        for page in PAGES:
            shutil.copy(BUNDLED / page, root / page)
        if rel.endswith(".json"):
            (root / rel.replace(".json", ".toml")).unlink()
            if rel == "issue.json":
                pass
            else:  # the issue lists its pages by name
                text = (root / "issue.toml").read_text(encoding="utf-8").replace(rel.replace(".json", ".toml"), rel)
                (root / "issue.toml").write_text(text, encoding="utf-8")
        (root / rel).write_bytes(raw)

        code, out, err = _run("validate", str(root))
        assert code in (0, 1), err
        assert "unexpected failure" not in err and "Traceback" not in err
        lines = out.splitlines()
        if code == 1:
            assert lines and re.fullmatch(r"\d+ problems? found in .*\n", err)
            for line in lines:
                assert line.startswith(f"{root}/"), line
                m = LOCATED.match(line[len(str(root)) + 1:])
                assert m and m["file"] in FILES + tuple(f.replace(".toml", ".json") for f in FILES) + (
                    "text", ) or m["file"].startswith("text/") or m["file"].startswith("pages/"), line
        else:
            assert lines[-1].startswith("valid: ")
        # nothing that does not print: control and bidi characters are shown as U+XXXX
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", out + err)
        if code == 0:
            code, out, err = _run("info", "--json", str(root))
            assert code == 0 and "unexpected failure" not in err
            json.loads(out, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
