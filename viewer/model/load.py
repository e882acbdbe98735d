"""Load an issue folder (TOML or JSON descriptors) into typed values.

Loading never raises for bad content: every problem is collected with its
file and place, and the valid pages are still returned, so a window can show
them beside the list of problems.
"""

from __future__ import annotations

import difflib
import errno
import json
import os
import re
import stat
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any

import pydantic
from pydantic import BaseModel

from .geometry import PageGeometry
from .problems import IssueLoadError, Problem
from .types import Article, Issue, Page

ISSUE_FILES = ("issue.toml", "issue.json")


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
            raise IssueLoadError(self.errors or [Problem(self.issue_file, "", "the issue has no usable page")])


# ---------------------------------------------------------------- parsing

_TOML_POS = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$")

# Far deeper than any descriptor needs (an issue is five levels deep), far
# below what would exhaust the parsers' recursion. Brackets are counted
# wherever they are, in strings too: no descriptor holds a hundred of them.
MAX_NESTING = 100


def _line_col(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


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
        problems.append(Problem(rel, _line_col(text, deep), f"{kind} nested deeper than {MAX_NESTING} levels"))
        return None
    try:
        if toml:
            return tomllib.loads(text)
        value = _StrictJSON().decode(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POS.match(str(exc))
        if m:
            problems.append(Problem(rel, f"line {m['line']}, column {m['col']}", f"TOML syntax error: {m['msg']}"))
        else:
            problems.append(Problem(rel, "", f"TOML syntax error: {exc}"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(Problem(rel, f"line {exc.lineno}, column {exc.colno}", f"JSON syntax error: {exc.msg}"))
        return None
    except _DuplicateKey as exc:
        problems.append(Problem(rel, _line_col(text, exc.pos), f"the key '{exc.key}' is given twice in one object"))
        return None
    except (ValueError, RecursionError, MemoryError) as exc:
        # Python refuses to convert integers of more than 4300 digits
        m = _LONG_NUMBER.search(text)
        if m and isinstance(exc, ValueError):
            digits = sum(ch.isdigit() for ch in m.group())
            problems.append(Problem(rel, _line_col(text, m.start()), f"a number of {digits} digits is too long to be read"))
        else:
            problems.append(Problem(rel, "", f"{kind} that cannot be read: {type(exc).__name__}"))
        return None
    # JSON escapes may give half of a UTF-16 pair, which is no character
    if _first_surrogate(value):
        m = re.search(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", text)
        where = _line_col(text, m.start()) if m else ""
        problems.append(Problem(rel, where, "a \\u escape gives half of a UTF-16 pair, which is no character"))
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
        problems.append(Problem(rel, "", f"the file {why}"))
        return None
    try:
        raw = read_regular(path)
    except OSError as exc:
        problems.append(Problem(rel, "", f"cannot read the file: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, f"line {line}", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} at offset {exc.start})"))
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
            msg = f"unknown key '{key}'"
            if owner is not None:
                close = difflib.get_close_matches(key, list(owner.model_fields), n=1, cutoff=0.6)
                if close:
                    msg += f"; did you mean '{close[0]}'?"
                else:
                    msg += "; allowed keys: " + ", ".join(owner.model_fields)
        elif kind == "missing":
            msg = f"required key '{loc[-1]}' is missing" if loc else "a required value is missing"
            where = _loc_path(prefix + loc[:-1]) if len(loc) > 1 else ""
        elif kind == "union_tag_invalid":
            ctx = err.get("ctx", {})
            msg = f"unknown block type {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
            if isinstance(ctx.get("tag"), str):
                tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
                close = difflib.get_close_matches(ctx["tag"], tags, n=1, cutoff=0.6)
                if close:
                    msg += f"; did you mean '{close[0]}'?"
        elif kind == "union_tag_not_found":
            msg = "the block has no 'type' key (masthead, article, continuation, photo, guide, rule, box, image or advert)"
        else:
            got = err.get("input")
            msg = _plain(err["msg"])
            if kind.endswith("_type") or kind.endswith("_parsing"):
                msg += f" (got {type(got).__name__} {got!r})" if not isinstance(got, (dict, list)) else f" (got a {type(got).__name__})"
        key = (where, msg)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(rel, where, msg))
    # a misspelt required key is one mistake: drop its "is missing" twin
    misspelt = set()
    for p in problems:
        m = re.match(r"unknown key '[^']*'; did you mean '([^']*)'\?$", p.message)
        if m:
            parent = p.where.rsplit(".", 1)[0] if "." in p.where else ""
            misspelt.add((parent, m[1]))
    return [p for p in problems
            if not (p.message.startswith("required key '") and
                    (p.where, p.message.split("'")[1]) in misspelt)]


# ---------------------------------------------------------------- loading


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what the file is ("a FIFO", ...)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def not_a_file(path: Path) -> str | None:
    """Why ``path`` is no regular file that can be read ("does not exist",
    "is a FIFO, not a file", ...), or None when it is one.

    Decided by ``stat`` alone: a FIFO or a device is never opened."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "does not exist"
    except (OSError, ValueError) as exc:
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    kind = file_kind(st.st_mode)
    return f"is {kind}, not a file" if kind else None


class NotAFile(OSError):
    """A file that, once opened, turns out to be no regular file."""


def open_regular(path: Path) -> typing.BinaryIO:
    """A binary file object for a regular file. A FIFO or device put in its
    place after it was checked is refused (NotAFile), never waited on: the
    open does not block and the opened file is checked again."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind:
            raise NotAFile(errno.EINVAL, f"it is {kind}, not a file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, opened as ``open_regular`` does."""
    with open_regular(path) as f:
        return f.read()


def is_absolute(rel: str) -> bool:
    """True for a path that names a place of its own rather than one inside
    the issue: /x, and on any system C:\\x, C:x and \\\\server\\share."""
    return Path(rel).is_absolute() or bool(PureWindowsPath(rel).drive) or rel.startswith(("/", "\\"))


def refuse_path(root: Path, rel: str) -> str | None:
    """Why the descriptor path ``rel`` may not be used, or None. Links are
    followed: the file must lie inside ``root`` after resolving them."""
    if "\0" in rel:
        return f"the path '{rel}' holds a NUL character"
    if is_absolute(rel):
        return f"the path '{rel}' is absolute; give it relative to the issue folder"
    if _inside(root, rel) is None:
        return f"the path '{rel}' leads outside the issue folder"
    return None


def _inside(root: Path, rel: str) -> Path | None:
    """The resolved path of ``rel`` when it stays inside ``root`` (after
    following links), else None."""
    if "\0" in rel or is_absolute(rel):
        return None
    try:
        p = (root / rel).resolve()
        p.relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return None
    return p


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
        problems.append(Problem(owner, where, f"the file '{rel}' {why}"))
        return None
    try:
        raw = read_regular(path)
    except OSError as exc:
        problems.append(Problem(owner, where, f"cannot read the file '{rel}': {exc.strerror or exc}"))
        return None
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, f"line {line}", f"the text file is not UTF-8 (byte 0x{raw[exc.start]:02X} at offset {exc.start}); save it as UTF-8"))
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
        problems.append(Problem(str(path), "", "no such issue folder"))
        return data
    if not _exists(issue_path):
        problems.append(Problem(str(root), "", "no issue.toml or issue.json in this folder: it is not an issue"))
        return data
    if _inside(root, issue_path.name) is None:
        problems.append(Problem(issue_path.name, "", "the file leads outside the issue folder (through a link)"))
        return data
    raw = _read_structured(issue_path, issue_path.name, problems)
    if raw is None:
        return data
    if not isinstance(raw, dict):
        problems.append(Problem(issue_path.name, "", "the issue file must hold a table of keys"))
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
                problems.append(Problem(rel, "", "the file leads outside the issue folder (through a link)"))
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
                    problems.append(Problem(issue_path.name, f"pages[{i}]", f"the page file '{entry}' {why}"))
                else:
                    page_sources.append((entry, None))
            else:
                page_sources.append((f"{issue_path.name}#pages[{i}]", entry))

    if not page_sources and not raw.get("pages"):  # nothing declared (not: all declared pages broken)
        problems.append(Problem(issue_path.name, "", "the issue has no pages (no pages/*.toml or pages/*.json, and no 'pages' list)"))

    for rel, inline in page_sources:
        if inline is not None:
            page = inline
        else:
            raw_page = _read_structured(root / rel, rel, problems)
            if raw_page is None:
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
