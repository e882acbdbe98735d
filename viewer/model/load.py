"""Load an issue folder (TOML or JSON descriptors) into typed values.

Loading never raises for bad content: every problem is collected with its
file and place, and the valid pages are still returned, so a window can show
them beside the list of problems.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel

from ..messages import Foreign, Msg, Names, os_reason
from .files import (_KINDS, ISSUE_FILES, NotAFile, _inside, file_kind, is_absolute, not_a_file,  # noqa: F401
                    open_regular, read_regular, refuse_path)
from .geometry import PageGeometry
from .problems import IssueLoadError, Problem
from .types import Article, Issue, Page



@dataclass(frozen=True)
class PageData:
    """A valid page with its defaults resolved."""

    page: Page
    file: str
    geometry: PageGeometry


@dataclass
class IssueData:
    """Everything read from an issue folder."""

    root: Path
    issue_file: str
    issue: Issue | None
    pages: list[PageData] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # article id -> body text
    problems: list[Problem] = field(default_factory=list)
    # issue keys whose values are stand-ins because the given ones were wrong
    placeholders: set[str] = field(default_factory=set)
    # page number -> file, for pages that exist but could not be loaded
    broken_pages: dict[int, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def page(self, number: int) -> PageData | None:
        for p in self.pages:
            if p.page.number == number:
                return p
        return None

    def articles(self) -> list[tuple[PageData, Article]]:
        return [(p, b) for p in self.pages for b in p.page.blocks if isinstance(b, Article)]

    def article(self, article_id: str) -> tuple[PageData, Article] | None:
        for p, a in self.articles():
            if a.id == article_id:
                return p, a
        return None

    def raise_if_unusable(self) -> None:
        if self.issue is None or not self.pages:
            raise IssueLoadError(self.errors or [Problem(self.issue_file, "", Msg("the issue has no usable page"))])


# ---------------------------------------------------------------- parsing

_TOML_POS = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$")
_AT_END = " (at end of document)"

# Far deeper than any descriptor needs (an issue is five levels deep), far
# below what would exhaust the parsers' recursion. Brackets are counted
# wherever they are, in strings too: no descriptor holds a hundred of them.
MAX_NESTING = 100


def _line_col(text: str, pos: int) -> Msg:
    line = text.count("\n", 0, pos) + 1
    return Msg("line {line}, column {column}", line=line, column=pos - (text.rfind(chr(10), 0, pos) + 1) + 1)


# The parsers' own words. tomllib and json name no error by a code, so the
# code of one is its wording with the values it carries taken out: the
# wording itself for most, "Cannot declare {key} twice" for the few with a
# value. Their Chinese forms are in model.po under msgctxt "toml" and "json".
PARSER_WORDS_WITH_VALUES = {
    "toml": ("Expected {what}", "Found invalid character {char}", "Illegal character {char}",
             "Cannot declare {key} twice", "Cannot mutate immutable namespace {key}", "Cannot redefine namespace {key}",
             "Duplicate inline table key {key}"),
    "json": ("Invalid control character {char} at", "Invalid \\escape: {char}"),
}
_REPR = r"'[^']*'|\"[^\"]*\""  # a character or a string as repr() writes it
_VALUE_FORMS = {"what": _REPR, "char": _REPR, "key": r".+"}
_PARSER_PATTERNS = {
    program: [(code, re.compile(re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m[1]}>{_VALUE_FORMS[m[1]]})", re.escape(code))))
              for code in codes]
    for program, codes in PARSER_WORDS_WITH_VALUES.items()
}


def parser_words(program: str, text: str) -> Foreign:
    """A syntax error as ``program`` ("toml", "json") words it, keyed by its
    wording without the values it carries."""
    for code, pattern in _PARSER_PATTERNS[program]:
        m = pattern.fullmatch(text)
        if m:
            return Foreign(program, code, text, **m.groupdict())
    return Foreign(program, text, text)


def _too_deep(text: str) -> int | None:
    """Where brackets first nest deeper than MAX_NESTING, or None."""
    depth = 0
    for i, c in enumerate(text):
        if c in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return i
        elif c in "]}":
            depth -= 1
    return None


class _DuplicateKey(ValueError):
    def __init__(self, key: str, pos: int):
        super().__init__(key)
        self.key, self.pos = key, pos


def _json_key_position(text: str, start: int, key: str) -> int:
    """Where ``key`` occurs the second time among the keys of the object
    that begins at ``text[start]``."""
    depth, i, seen = 0, start, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            name, end = json.decoder.scanstring(text, i + 1)
            if depth == 1 and name == key and text[end:].lstrip().startswith(":"):
                seen += 1
                if seen == 2:
                    return i
            i = end
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return start


class _StrictJSON(json.JSONDecoder):
    """json.loads that refuses a key given twice in one object, as TOML does."""

    def __init__(self):
        super().__init__()

        def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None, *rest):
            text, end = s_and_end

            def pairs_hook(pairs):
                keys = set()
                for k, _ in pairs:
                    if k in keys:
                        raise _DuplicateKey(k, _json_key_position(text, end - 1, k))
                    keys.add(k)
                return dict(pairs)

            return json.decoder.JSONObject(s_and_end, strict, scan_once, object_hook, pairs_hook, memo, *rest)

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)


_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{400,}")


def _parse(text: str, toml: bool, rel: str, problems: list[Problem]) -> Any | None:
    kind = "TOML" if toml else "JSON"
    deep = _too_deep(text)
    if deep is not None:
        problems.append(Problem(rel, _line_col(text, deep),
                                Msg("{kind} nested deeper than {levels} levels", kind=kind, levels=MAX_NESTING)))
        return None
    try:
        if toml:
            return tomllib.loads(text)
        value = _StrictJSON().decode(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POS.match(str(exc))
        if m:
            problems.append(Problem(rel, Msg("line {line}, column {column}", line=int(m["line"]), column=int(m["col"])),
                                    Msg("TOML syntax error: {detail}", detail=parser_words("toml", m["msg"]))))
        else:
            said = str(exc)
            if said.endswith(_AT_END):
                detail = Msg("{detail} (at end of document)", detail=parser_words("toml", said[: -len(_AT_END)]))
            else:
                detail = parser_words("toml", said)
            problems.append(Problem(rel, "", Msg("TOML syntax error: {detail}", detail=detail)))
        return None
    except json.JSONDecodeError as exc:
        problems.append(Problem(rel, Msg("line {line}, column {column}", line=exc.lineno, column=exc.colno),
                                Msg("JSON syntax error: {detail}", detail=parser_words("json", exc.msg))))
        return None
    except _DuplicateKey as exc:
        problems.append(Problem(rel, _line_col(text, exc.pos), Msg("the key '{key}' is given twice in one object", key=exc.key)))
        return None
    except (ValueError, RecursionError, MemoryError) as exc:
        # Python refuses to convert integers of more than 4300 digits
        m = _LONG_NUMBER.search(text)
        if m and isinstance(exc, ValueError):
            digits = sum(ch.isdigit() for ch in m.group())
            problems.append(Problem(rel, _line_col(text, m.start()),
                                    Msg("a number of {digits} digits is too long to be read", digits=digits)))
        else:
            problems.append(Problem(rel, "", Msg("{kind} that cannot be read: {error}", kind=kind, error=type(exc).__name__)))
        return None
    # JSON escapes may give half of a UTF-16 pair, which is no character
    if _first_surrogate(value):
        m = re.search(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", text)
        where = _line_col(text, m.start()) if m else ""
        problems.append(Problem(rel, where, Msg("a \\u escape gives half of a UTF-16 pair, which is no character")))
        return None
    return value


def _first_surrogate(value: Any) -> bool:
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, str):
            if _SURROGATE.search(v):
                return True
        elif isinstance(v, dict):
            todo.extend(v.keys())
            todo.extend(v.values())
        elif isinstance(v, list):
            todo.extend(v)
    return False


def _read_structured(path: Path, rel: str, problems: list[Problem]) -> Any | None:
    why = not_a_file(path)
    if why:
        problems.append(Problem(rel, "", Msg("the file {why}", why=why)))
        return None
    try:
        raw = read_regular(path)
    except OSError as exc:
        problems.append(Problem(rel, "", Msg("cannot read the file: {reason}", reason=os_reason(exc))))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, Msg("line {line}", line=line),
                                Msg("the file is not UTF-8 text (byte 0x{byte} at offset {offset})",
                                    byte=f"{raw[exc.start]:02X}", offset=exc.start)))
        return None
    return _parse(text, path.suffix.lower() != ".json", rel, problems)


def _loc_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(model: type, loc: tuple) -> type | None:
    """The pydantic model class that holds the last element of ``loc``."""
    current: Any = model
    for part in loc[:-1]:
        current = _descend(current, part)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _descend(tp: Any, part: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _descend(typing.get_args(tp)[0], part)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        f = tp.model_fields.get(part) if isinstance(part, str) else None
        return f.annotation if f is not None else None
    if origin in (list, tuple) and isinstance(part, int):
        args = typing.get_args(tp)
        return args[0] if args else None
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        # a smart union puts the member's name into the location
        for m in members:
            if isinstance(m, type) and issubclass(m, BaseModel) and part == m.__name__:
                return m
        # a discriminated union puts the tag into the location
        for m in members:
            if isinstance(m, type) and issubclass(m, BaseModel):
                lit = m.model_fields.get("type")
                if lit is not None and part in typing.get_args(lit.annotation):
                    return m
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        if len(models) == 1:
            return _descend(models[0], part)
        for m in members:
            if typing.get_origin(m) in (list, tuple) and isinstance(part, int):
                return typing.get_args(m)[0]
        if isinstance(part, str) and models:
            return _descend(models[0], part)
    return None


def _clean_loc(model: type, loc: tuple) -> tuple:
    """Drop discriminator tags and union member names from a pydantic loc."""
    out: list = []
    current: Any = model
    for part in loc:
        nxt = _descend(current, part)
        if isinstance(part, str) and current is not None and not (
            isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields
        ):
            # a union tag such as 'article' or 'str': skip it
            if nxt is not None and nxt is not current and isinstance(nxt, type) and issubclass(nxt, BaseModel):
                current = nxt
                continue
            if part in ("str", "Page", "function-after[_one_form(), Frame]"):
                continue
        out.append(part)
        current = nxt
    return tuple(out)


def _plain(msg: str) -> str:
    msg = msg.replace("Value error, ", "")
    return msg[0].lower() + msg[1:] if msg else msg


_CHOICES = re.compile(r"'[^']*'(?:(?:, | or )'[^']*')*")


def _pydantic_values(ctx: dict) -> dict:
    """The values of a pydantic error's context as its Chinese form names
    them: numbers as pydantic writes them (3, not 3.0), a model's name and a
    date parser's reason translated by their codes, choices as Names."""
    out = {}
    for name, value in ctx.items():
        if name == "class_name":
            value = Foreign("model", value, value)
        elif name == "error" and isinstance(value, str):
            value = Foreign("speedate", value, value)  # the date parser's reason, worded without values
        elif name == "expected" and isinstance(value, str) and _CHOICES.fullmatch(value):
            choices = Names(re.findall(r"'([^']*)'", value), last=" or ")
            value = choices if str(choices) == value else value
        elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            value = int(value)
        elif not isinstance(value, (int, float, str)):
            value = str(value)
        out[name] = value
    return out


def _type_error(kind: str, text: str, ctx: dict, got: Any) -> Msg:
    """One of pydantic's own errors, translated by its type; a value of the
    wrong type is named with its Python type."""
    error = ctx.get("error")
    if kind == "value_error" and isinstance(error, ValueError) and error.args and isinstance(error.args[0], Msg):
        return error.args[0]  # a rule of the descriptors (viewer.model.types), worded there
    reason = Foreign("pydantic", kind, text, **_pydantic_values(ctx))
    if not (kind.endswith("_type") or kind.endswith("_parsing")):
        return Msg("{message}", message=reason)
    name = type(got).__name__
    if isinstance(got, (dict, list)):
        return Msg("{message} (got a {type})", message=reason, type=Foreign("pytype", name, name))
    return Msg("{message} (got {type} {value})", message=reason, type=Foreign("pytype", name, name), value=repr(got))


def model_problems(model: type, exc: pydantic.ValidationError, rel: str, prefix: tuple = ()) -> list[Problem]:
    """Turn a pydantic error into one Problem per error, with did-you-mean."""
    problems = []
    seen = set()
    errors = exc.errors(include_url=False)
    for err in errors:
        raw_loc = tuple(err["loc"])
        kind = err["type"]
        # a union of a file name and an inline table (Issue.pages): report
        # only the member that matches the kind of value given
        if raw_loc and raw_loc[-1] == "str" and isinstance(err.get("input"), dict):
            continue
        if raw_loc and raw_loc[-1] == "Page" and kind == "model_type":
            continue
        loc = _clean_loc(model, raw_loc)
        where = _loc_path(prefix + loc)
        if kind == "extra_forbidden":
            # the raw loc still holds the block's type tag, which names the model
            owner = _model_at(model, raw_loc)
            key = str(loc[-1]) if loc else "?"
            msg = Msg("unknown key '{key}'", key=key)
            if owner is not None:
                close = difflib.get_close_matches(key, list(owner.model_fields), n=1, cutoff=0.6)
                if close:
                    msg = Msg("unknown key '{key}'; did you mean '{close}'?", key=key, close=close[0])
                else:
                    msg = Msg("unknown key '{key}'; allowed keys: {keys}", key=key,
                              keys=Names(owner.model_fields, quote="", quoted=True))
        elif kind == "missing":
            msg = Msg("required key '{key}' is missing", key=str(loc[-1])) if loc else Msg("a required value is missing")
            where = _loc_path(prefix + loc[:-1]) if len(loc) > 1 else ""
        elif kind == "union_tag_invalid":
            ctx = err.get("ctx", {})
            said = str(ctx.get("expected_tags"))
            tags = [t.strip(" '") for t in said.split(",")]
            shown: Names | str = Names(tags)
            if str(shown) != said:  # not as pydantic lists them: as it wrote them
                shown = said
            tag = repr(ctx.get("tag"))
            msg = Msg("unknown block type {tag}; expected one of {tags}", tag=tag, tags=shown)
            if isinstance(ctx.get("tag"), str):
                close = difflib.get_close_matches(ctx["tag"], tags, n=1, cutoff=0.6)
                if close:
                    msg = Msg("unknown block type {tag}; expected one of {tags}; did you mean '{close}'?",
                              tag=tag, tags=shown, close=close[0])
        elif kind == "union_tag_not_found":
            msg = Msg("the block has no 'type' key (masthead, article, continuation, photo, guide, rule, box, image or advert)")
        else:
            msg = _type_error(kind, _plain(err["msg"]), err.get("ctx") or {}, err.get("input"))
        key = (where, msg)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(rel, where, msg))
    # a misspelt required key is one mistake: drop its "is missing" twin
    misspelt = set()
    for p in problems:
        if p.message.id == "unknown key '{key}'; did you mean '{close}'?":
            parent = p.where.rsplit(".", 1)[0] if "." in p.where else ""
            misspelt.add((parent, p.message.params["close"]))
    return [p for p in problems
            if not (p.message.id == "required key '{key}' is missing" and
                    (p.where, p.message.params["key"]) in misspelt)]


# ---------------------------------------------------------------- loading


def resolve_file(data: IssueData, rel: str) -> Path | None:
    return _inside(data.root, rel)


def read_text_file(root: Path, rel: str, owner: str, where: str, problems: list[Problem]) -> str | None:
    """Read a UTF-8 text file referenced by a descriptor, reporting problems."""
    refused = refuse_path(root, rel)
    if refused:
        problems.append(Problem(owner, where, refused))
        return None
    path = _inside(root, rel)
    why = not_a_file(path)
    if why:
        problems.append(Problem(owner, where, Msg("the file '{file}' {why}", file=rel, why=why)))
        return None
    try:
        raw = read_regular(path)
    except OSError as exc:
        problems.append(Problem(owner, where, Msg("cannot read the file '{file}': {reason}", file=rel, reason=os_reason(exc))))
        return None
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, Msg("line {line}", line=line),
                                Msg("the text file is not UTF-8 (byte 0x{byte} at offset {offset}); save it as UTF-8",
                                    byte=f"{raw[exc.start]:02X}", offset=exc.start)))
        return None


def _without_schema_key(raw: Any) -> Any:
    """A descriptor table without its '$schema' key, which only tells an
    editor which JSON Schema to check the file against."""
    if isinstance(raw, dict) and "$schema" in raw:
        return {k: v for k, v in raw.items() if k != "$schema"}
    return raw


def _note_broken_page(data: IssueData, raw: Any, rel: str) -> None:
    """Remember the number of a page that exists but did not load, so that
    it is not also reported as missing."""
    number = raw.get("number") if isinstance(raw, dict) else None
    if not (isinstance(number, int) and not isinstance(number, bool) and number >= 1):
        # unreadable: trust a file name such as pages/07.toml
        stem = Path(rel).stem
        number = int(stem) if stem.isdigit() and int(stem) >= 1 else None
    if number is not None:
        data.broken_pages.setdefault(number, rel)


def _exists(path: Path) -> bool:
    """True when something (even a broken link) is there."""
    try:
        path.lstat()
    except (OSError, ValueError):
        return False
    return True


def load_issue(path: str | Path) -> IssueData:
    """Read an issue folder (or its issue.toml/issue.json) and collect problems."""
    path = Path(path)
    if _exists(path) and not path.is_dir():
        root, issue_path = path.parent, path
    else:
        root = path
        issue_path = next((root / n for n in ISSUE_FILES if _exists(root / n)), root / ISSUE_FILES[0])
    data = IssueData(root=root, issue_file=issue_path.name, issue=None)
    problems = data.problems
    if not root.is_dir():
        problems.append(Problem(str(path), "", Msg("no such issue folder")))
        return data
    if not _exists(issue_path):
        problems.append(Problem(str(root), "", Msg("no issue.toml or issue.json in this folder: it is not an issue")))
        return data
    if _inside(root, issue_path.name) is None:
        problems.append(Problem(issue_path.name, "", Msg("the file leads outside the issue folder (through a link)")))
        return data
    known = len(problems)
    raw = _read_structured(issue_path, issue_path.name, problems)
    if raw is None and len(problems) > known:
        return data  # the file could not be read: said
    if not isinstance(raw, dict):
        problems.append(Problem(issue_path.name, "", Msg("the issue file must hold a table of keys")))
        return data
    raw = _without_schema_key(raw)
    if isinstance(raw.get("pages"), list):
        raw["pages"] = [_without_schema_key(e) for e in raw["pages"]]
    page_index: list[int] = []  # position in the 'pages' list as written
    try:
        issue = Issue.model_validate(raw)
    except pydantic.ValidationError as exc:
        problems.extend(model_problems(Issue, exc, issue_path.name))
        # pages may still be readable for display: keep every key that was
        # right, stand-ins for the rest, and the page entries that are valid
        bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
        keep = {k: v for k, v in raw.items() if k in Issue.model_fields and k not in bad}
        if "pages" in bad and isinstance(raw.get("pages"), list):
            keep["pages"] = []
            for i, entry in enumerate(raw["pages"]):
                if isinstance(entry, dict):
                    try:
                        entry = Page.model_validate(entry)
                    except pydantic.ValidationError:
                        _note_broken_page(data, entry, f"{issue_path.name}#pages[{i}]")
                        continue
                elif not isinstance(entry, str):
                    continue
                keep["pages"].append(entry)
                page_index.append(i)
        stand_ins = {"paper": "?", "date": "2000-01-01", "issue_number": 1, "page_count": 1}
        data.placeholders = {k for k in stand_ins if k not in keep}
        try:
            issue = Issue.model_validate(stand_ins | keep)
        except pydantic.ValidationError:
            return data
        issue_ok = False
    else:
        issue_ok = True

    page_sources: list[tuple[str, Any]] = []
    if issue.pages is None:
        files = sorted(list((root / "pages").glob("*.toml")) + list((root / "pages").glob("*.json")))
        for f in files:
            rel = f.relative_to(root).as_posix()
            if _inside(root, rel) is None:
                problems.append(Problem(rel, "", Msg("the file leads outside the issue folder (through a link)")))
                _note_broken_page(data, None, rel)
            else:
                page_sources.append((rel, None))
    else:
        for i, entry in enumerate(issue.pages):
            i = page_index[i] if page_index else i
            if isinstance(entry, str):
                refused = refuse_path(root, entry)
                why = not_a_file(root / entry) if not refused else None
                if refused:
                    problems.append(Problem(issue_path.name, f"pages[{i}]", refused))
                elif why:
                    problems.append(Problem(issue_path.name, f"pages[{i}]", Msg("the page file '{file}' {why}", file=entry, why=why)))
                else:
                    page_sources.append((entry, None))
            else:
                page_sources.append((f"{issue_path.name}#pages[{i}]", entry))

    if not page_sources and not raw.get("pages"):  # nothing declared (not: all declared pages broken)
        problems.append(Problem(issue_path.name, "", Msg("the issue has no pages (no pages/*.toml or pages/*.json, and no 'pages' list)")))

    for rel, inline in page_sources:
        if inline is not None:
            page = inline
        else:
            known = len(problems)
            raw_page = _read_structured(root / rel, rel, problems)
            if raw_page is None and len(problems) > known:
                _note_broken_page(data, None, rel)
                continue
            raw_page = _without_schema_key(raw_page)
            try:
                page = Page.model_validate(raw_page)
            except pydantic.ValidationError as exc:
                problems.extend(model_problems(Page, exc, rel))
                _note_broken_page(data, raw_page, rel)
                continue
        d = issue.defaults
        geo = PageGeometry.of(page.size or d.size, page.margins or d.margins, page.grid or d.grid)
        data.pages.append(PageData(page=page, file=rel, geometry=geo))

    data.pages.sort(key=lambda p: p.page.number)
    # with stand-in values for a broken issue file, the valid pages stay viewable
    data.issue = issue if issue_ok or data.pages else None

    for pd in data.pages:
        for i, block in enumerate(pd.page.blocks):
            if isinstance(block, Article):
                where = f"blocks[{i}].text_file"
                if block.text_file is not None:
                    text = read_text_file(root, block.text_file, pd.file, where, problems)
                else:
                    text = block.text
                if text is not None:
                    data.texts[block.id] = text
    return data
