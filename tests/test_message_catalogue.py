"""Messages are values with ids, and every id has its Chinese form.

The source is read as it is written: every ``Msg`` id and window key must
be in a catalogue with a Chinese form naming only the values the message
has; and in the layers that word their messages as values, a problem or an
error worded with an f-string or a bare string (which would reach the
window in English) fails the build.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("messages_tool", ROOT / "tools" / "messages.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_message_id_in_the_source_has_a_chinese_form():
    tool = _tool()
    assert tool.source_ids(), "the walk found no message"
    missing = tool.untranslated()
    assert missing == [], "messages without a Chinese form (add them to a .po file):\n" + "\n".join(missing)


def _names(template: str) -> set[str]:
    return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(template) if f}


# tables whose Chinese forms name values their English (a code) does not
CODE_TABLES = {"pydantic", "image", "libxml2"}


def test_each_chinese_form_names_only_the_values_of_its_message():
    bad = []
    for (ctx, mid), zh in _tool().catalogue_entries().items():
        if ctx in CODE_TABLES:
            continue
        try:
            extra = _names(zh) - _names(mid)
        except ValueError as exc:
            bad.append(f"{ctx} {mid!r}: {exc}")
            continue
        if extra and not (ctx and ctx.count(".")):  # the window's keys may name more values than the English
            bad.append(f"{ctx} {mid!r} -> {zh!r}: {sorted(extra)}")
    assert bad == []


# ------------------------------------------------------------ no message worded outside Msg

# the parts of viewer/ whose messages are all values (Problem, exceptions)
CONVERTED = ["issue", "messages.py", "common.py", "commands.py", "cli.py", "fonts.py", "typefaces.py", "atomic.py",
             "display.py", "mupdf.py", "model", "layout", "render", "library", "export", "ui", "sources"]
# files of those parts that are left out, and why (none: every part words its messages as Msg)
NOT_CONVERTED: dict[str, str] = {}

ERRORS = {"UserError", "ExportError", "OutputError", "IssueLoadError", "LibraryError", "SourceError", "PrintError",
          "ValueError", "ImageError"}


# a field path such as blocks[2].frames[0].col, or the literal parts of one
# written as an f-string (f"blocks[{i}].image"): a place named, not worded
_FIELD_PATH = re.compile(r"[A-Za-z_$][\w$]*(?:\[\d+\]|\.[A-Za-z_$][\w$]*)*")
_FIELD_PATH_PART = re.compile(r"[\w$.\[\]]*")


def _field_path(node) -> bool:
    if isinstance(node, ast.IfExp):
        return _field_path(node.body) and _field_path(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not node.value or bool(_FIELD_PATH.fullmatch(node.value))
    if isinstance(node, ast.JoinedStr):
        return all(_FIELD_PATH_PART.fullmatch(v.value) for v in node.values if isinstance(v, ast.Constant))
    return False


def _worded(node) -> bool:
    """Whether an expression builds text outside a Msg (either reading of a conditional)."""
    if isinstance(node, ast.IfExp):
        return _worded(node.body) or _worded(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _worded(node.left) or _worded(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return isinstance(node.func.value, (ast.Constant, ast.JoinedStr))
    return False


def worded_outside_msg(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name == "Problem":
            where = node.args[1:2] + [k.value for k in node.keywords if k.arg == "where"]
            message = node.args[2:3] + [k.value for k in node.keywords if k.arg == "message"]
            if any(_worded(p) for p in message) or any(_worded(p) and not _field_path(p) for p in where):
                out.append((node.lineno, "Problem"))
        elif name in ERRORS and node.args and _worded(node.args[0]):
            out.append((node.lineno, name))
    return out


def _converted_files() -> list[Path]:
    files = []
    for part in CONVERTED:
        p = ROOT / "viewer" / part
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return [f for f in files if f.relative_to(ROOT / "viewer").as_posix() not in NOT_CONVERTED]


@pytest.mark.parametrize("path", _converted_files(), ids=lambda p: p.relative_to(ROOT / "viewer").as_posix())
def test_problems_and_errors_are_worded_as_msg(path):
    assert worded_outside_msg(path) == [], f"{path.relative_to(ROOT)} words a message outside Msg"


def test_the_wording_check_sees_text_outside_msg(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f(rel, n):\n"
                 "    Problem(rel, '', f'page {n} is missing')\n"
                 "    Problem(rel, '', Msg('page {n} is missing', n=n))\n"
                 "    raise UserError('no such page: ' + str(n))\n"
                 "    raise UserError(Msg('no such page: {n}', n=n))\n"
                 "    Problem(rel, f'blocks[{n}].frames[0]', Msg('page {n} is missing', n=n))\n"
                 "    Problem(rel, 'page_count', Msg('page {n} is missing', n=n))\n"
                 "    Problem(rel, f'line {n}', Msg('page {n} is missing', n=n))\n"
                 "    Problem(rel, f'line {n}' if n else '', Msg('page {n} is missing', n=n))\n"
                 "    Problem(rel, Msg('line {n}', n=n) if n else '', Msg('page {n} is missing', n=n))\n"
                 "    Problem(rel, '', Msg('page {n} is missing', n=n) if n else 'no page')\n", encoding="utf-8")
    assert worded_outside_msg(f) == [(2, "Problem"), (4, "UserError"), (8, "Problem"), (9, "Problem"), (11, "Problem")]
