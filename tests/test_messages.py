"""Every message a user sees reads in Chinese in the Chinese interface.

The messages are the real ones: the program is run over broken issue
folders (made with test_descriptors' make_issue and edit), hostile files, the
fit tests' crafted pages, the METS/ALTO fixtures, paths that are no issue
and output folders that cannot be written; the window shows them, and the
tests read what its problems panel and message boxes display. A check for
English left over (tested itself) looks at each. The window translates
nothing by its English wording: a walk over the source finds every message
the code below the window gives and fails on one worded as plain text
(which the window would show in English) rather than as a Msg.
"""

from __future__ import annotations

import ast
import functools
import itertools
import json
import os
import re
import typing
from pathlib import Path

import pydantic
import pytest

from conftest import write_issue
from test_descriptors import P1, P2, _png, append, edit, make_issue
from test_fit import HAN, OVERPRINT, _article, _three_lines

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "fixtures"


# ------------------------------------------------------------ English left over

# Latin words a Chinese message may hold as they are: units, names of
# programs, and the values true, false and none as a file or Python writes them
ALLOWED = {"pt", "px", "mm", "dpi", "x", "y", "Herald", "Qt", "Python", "Unix", "Unicode", "gzip",
           "true", "false", "True", "False", "None", "NaN", "nan", "inf", "Infinity", "null"}
_KEPT = re.compile(r"“[^”]*”|‘[^’]*’|'[^'\n]*'|\"[^\"\n]*\"|<[^<>\n]*>")
_ASCII_RUN = re.compile(r"[\x21-\x7e]+")
_NAME_MARKS = re.compile(r"[/\\._\[\]#=+@$%0-9]")


def english_left(text: str) -> list[str]:
    """The English words of a message shown in Chinese, outside what stays
    as written: quoted text and <elements>, paths and file names, field
    paths and identifiers, numbers and code points (U+202E), names written
    in capitals or with capitals inside (TOML, OCR, MeasurementUnit,
    fileSec), and the words in ALLOWED."""
    left = []
    for token in _ASCII_RUN.findall(_KEPT.sub(" ", text)):
        token = token.lstrip("(").rstrip(".,;:!?)")
        if _NAME_MARKS.search(token):
            continue  # a path, a file name, a field path, an identifier, a number
        for word in re.findall(r"[A-Za-z]+", token):
            capitals = sum(ch.isupper() for ch in word)
            if word in ALLOWED or capitals >= 2 or re.search(r"[a-z][A-Z]", word):
                continue
            left.append(word)
    return left


def test_the_english_check_finds_english_and_leaves_names_paths_and_quoted_text():
    assert english_left("文件 'text/a.txt' does not exist") == ["does", "not", "exist"]
    assert english_left("第 3 版：page is missing.") == ["page", "is", "missing"]
    assert english_left("是 a FIFO，不是普通文件") == ["a"]
    assert english_left("TOML syntax error: Invalid value") == ["syntax", "error", "Invalid", "value"]
    assert english_left("应为表示Frame的表") == ["Frame"]
    assert english_left("无法读取：Permission denied") == ["Permission", "denied"]
    assert english_left("(got str 'one')") == ["got", "str"]
    assert english_left("未知的键“colr”；是否应为“col”？") == []
    assert english_left("blocks[1].frames[0].col") == []
    assert english_left("/tmp/pytest-7/my issue/pages/01.toml：第 2 行第 11 列") == []
    assert english_left("XML 格式错误：起始标签“TextLine”（第 7 行）与结束标签“TextBlock”不匹配") == []
    assert english_left("应为整数（实为字符串 'one'）；应为布尔值（实为布尔值 True）") == []
    assert english_left("主题“标题”与图片“ph”（blocks[1].frame）压字：重叠 80.0 × 6.0 pt，位于 x 262.7、y 107.4 pt") == []
    assert english_left("没有 MeasurementUnit；按规范的默认值 mm10（0.1 毫米）计；fileSec；SQLite；U+202E；UTF-8") == []
    assert english_left("根元素是 <mets:mets>，不是 <alto>") == []


def unknown_codes(value) -> list[tuple[str, str]]:
    """(program, code) of other programs' words inside a message (a Msg,
    its values in turn) that the Chinese catalogue has no form for."""
    from viewer.messages import Foreign, Msg

    if isinstance(value, Foreign):
        return [] if value.known("zh") else [(value.program, value.code)]
    if isinstance(value, Msg):
        return [u for v in value.params.values() for u in unknown_codes(v)]
    return []


# ------------------------------------------------------------ message templates in the source

HOLE = "\uE000"


def message_files() -> list[Path]:
    """The modules below the window that word messages (the command-line
    modules, which print their own, are left out). The messages of every
    part CONVERTED in test_message_catalogue are values (viewer.messages.Msg),
    each id checked against the catalogue there."""
    folders = ["sources", "sources/epaper", "export", "issue"]
    files = [p for f in folders for p in (ROOT / "viewer" / f).glob("*.py") if p.name not in ("commands.py", "cli.py")]
    files += [ROOT / "viewer" / name for name in ("common.py", "fonts.py", "typefaces.py")]
    return sorted(files + [ROOT / "viewer" / "ui" / "document.py"])


class Templates:
    """The message templates of a module: the strings and f-strings given
    to Problem(...), to exceptions raised, to warnings.append(...) (notes,
    errors), to ImageInfo's error and warning, to an exception's
    super().__init__(...), and those a function declared to return a str
    returns. A value is HOLE; a conditional gives both readings; a name is
    followed to what is assigned to it (and added to it with +=)."""

    def __init__(self, path: Path):
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.functions = [n for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        self._busy: set = set()

    def function_of(self, node):
        inner = None
        for f in self.functions:
            if f.lineno <= node.lineno <= f.end_lineno and (inner is None or f.lineno >= inner.lineno):
                inner = f
        return inner

    def readings(self, node, func) -> list[str] | None:
        if isinstance(node, ast.Constant):
            return [node.value] if isinstance(node.value, str) else None
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append([v.value])
                else:
                    inner = self.readings(v.value, func) if isinstance(v.value, (ast.IfExp, ast.Name)) else None
                    parts.append(inner or [HOLE])
            return ["".join(c) for c in itertools.product(*parts)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            a, b = self.readings(node.left, func), self.readings(node.right, func)
            return None if a is None and b is None else [x + y for x in a or [HOLE] for y in b or [HOLE]]
        if isinstance(node, ast.IfExp):
            a, b = self.readings(node.body, func), self.readings(node.orelse, func)
            return None if a is None and b is None else (a or [HOLE]) + (b or [HOLE])
        if isinstance(node, ast.Name) and (node.id, id(func)) not in self._busy:
            self._busy.add((node.id, id(func)))
            try:
                return self._assigned(node.id, func)
            finally:
                self._busy.discard((node.id, id(func)))
        return None

    def _assigned(self, name: str, func) -> list[str] | None:
        for scope in ([func] if func is not None else []) + [self.tree]:
            own = func if scope is func else None
            found = []
            for body in self._bodies(scope):
                for i, stmt in enumerate(body):
                    if isinstance(stmt, ast.Assign) and any(getattr(t, "id", None) == name for t in stmt.targets):
                        base = self.readings(stmt.value, own) or []
                        added = [r for later in body[i + 1:] for n in ast.walk(later)
                                 if isinstance(n, ast.AugAssign) and getattr(n.target, "id", None) == name
                                 for r in self.readings(n.value, own) or []]
                        found += base + [b + a for b in base for a in added]
            if found:
                return found
            if scope is func and any(a.arg == name for a in func.args.args + func.args.kwonlyargs):
                return None  # a parameter: its messages are found where the caller makes them
        return None

    @staticmethod
    def _bodies(scope):
        if isinstance(scope, ast.Module):
            yield scope.body
            return
        for n in ast.walk(scope):
            for field in ("body", "orelse", "finalbody"):
                body = getattr(n, field, None)
                if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                    yield body

    def __iter__(self):
        """(line, where it was given, template)."""
        for n in ast.walk(self.tree):
            given = []
            if isinstance(n, ast.Call):
                fn = n.func
                name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
                if name == "Problem":
                    given = [("Problem(...)", a)
                             for a in n.args[2:3] + [k.value for k in n.keywords if k.arg == "message"]]
                elif name == "append" and isinstance(fn, ast.Attribute) and n.args:
                    owner = fn.value.id if isinstance(fn.value, ast.Name) else getattr(fn.value, "attr", "")
                    if any(w in owner for w in ("warnings", "notes", "errors")):
                        given = [(f"{owner}.append(...)", n.args[0])]
                elif name == "ImageInfo":
                    given = [("ImageInfo(...)", a) for a in n.args[3:5] + [k.value for k in n.keywords
                                                                           if k.arg in ("error", "warning")]]
                elif name == "__init__" and getattr(getattr(fn.value, "func", None), "id", "") == "super":
                    given = [("super().__init__(...)", a) for a in n.args]
            elif isinstance(n, ast.Raise) and isinstance(n.exc, ast.Call):
                given = [("raise", a) for a in n.exc.args + [k.value for k in n.exc.keywords]]
            elif (isinstance(n, ast.FunctionDef) and n.returns is not None and "str" in ast.unparse(n.returns)
                  and n.name not in NOT_MESSAGES):
                given = [(f"return in {n.name}()", v) for r in ast.walk(n) if isinstance(r, ast.Return) and r.value
                         for v in (r.value.elts if isinstance(r.value, ast.Tuple) else [r.value])]
            for why, expr in given:
                for template in self.readings(expr, self.function_of(n)) or []:
                    yield n.lineno, why, template


# functions that return text which is no message, and why
NOT_MESSAGES = {
    "__repr__": "a value as a programmer reads it",
    "_text_layer_ops": "PDF content operators",
    "_xmp": "the PDF's XMP metadata", "alt": "the PDF's XMP metadata",
}
# strings given where messages are, which are none
NOT_MESSAGE_TEXTS = {
    "soft hyphen": "the reason of a UnicodeEncodeError that viewer.export.writing catches where it is raised",
}


def _is_message(template: str) -> bool:
    """Two or more English words: a name, a path or a PDF operator is none."""
    words = [t.strip("(),.;:?'\"") for t in template.replace(HOLE, " ").split()]
    return sum(bool(re.fullmatch(r"[a-z]{2,}", w)) for w in words) >= 2 and template not in NOT_MESSAGE_TEXTS


@functools.lru_cache(maxsize=1)
def all_templates() -> list[tuple[str, int, str, str]]:
    return [(p.relative_to(ROOT).as_posix(), line, why, t)
            for p in message_files() for line, why, t in Templates(p) if _is_message(t)]


def test_every_message_the_code_below_the_window_gives_is_a_msg():
    plain = sorted({f"{f}:{line} ({why}): {t.replace(HOLE, '{}')!r}" for f, line, why, t in all_templates()})
    assert not plain, ("messages worded as plain text, which the window shows in English; word them as "
                       "viewer.messages.Msg ({} stands for a value):\n" + "\n".join(plain))


def test_the_walk_finds_messages_worded_as_plain_text(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f(rel, n, notes):\n"
                 "    notes.append('The scan is not in the package.')\n"
                 "    notes.append(Msg('The scan is not in the package.'))\n"
                 "    why = f'page {n} is missing' if n else 'no page at all'\n"
                 "    Problem(rel, '', why)\n"
                 "    Problem(rel, '', Msg('page {n} is missing', n=n))\n"
                 "    raise OSError('cannot read the file ' + rel)\n"
                 "def g(n) -> str:\n"
                 "    return f'{n} pages are missing'\n"
                 "def h(n) -> str:\n"
                 "    return Msg('{n} pages are missing', n=n)\n", encoding="utf-8")
    found = sorted((line, why, t.replace(HOLE, "{}")) for line, why, t in Templates(f) if _is_message(t))
    assert found == [(2, "notes.append(...)", "The scan is not in the package."),
                     (5, "Problem(...)", "no page at all"), (5, "Problem(...)", "page {} is missing"),
                     (7, "raise", "cannot read the file {}"), (8, "return in g()", "{} pages are missing")]


def test_the_words_messages_are_built_from_read_in_chinese():
    """The kinds of file, the parts of a page the fit checks name and the
    kinds of block: messages of their own, each with a Chinese form."""
    from viewer.issue.opening import _SIGNATURES
    from viewer.layout.engine import _KINDS as BLOCKS
    from viewer.layout.fit import _WHAT
    from viewer.messages import Msg
    from viewer.model.load import _KINDS
    from viewer.model.types import Block

    blocks = [cls.__name__.lower() for cls in typing.get_args(typing.get_args(Block)[0])]
    assert sorted(blocks) == sorted(BLOCKS)  # a new kind of block is named in Chinese too
    words = [w for _, w in _SIGNATURES] + list(_WHAT.values()) + list(BLOCKS.values()) + [w for _, w in _KINDS]
    assert len(words) > 35 and all(isinstance(w, Msg) for w in words)
    chinese = [w.translated("zh") for w in words]
    assert [(w, zh) for w, zh in zip(words, chinese) if zh == w or english_left(zh)] == []


def test_the_chinese_forms_hold_no_english():
    """Every Chinese form of a message and of another program's words (the
    window's own strings, keyed by a context with a dot, keep their
    accelerators; the command line's refusals, commands.po, name commands and
    options as they are typed, as does an option anywhere)."""
    from babel.messages.pofile import read_po
    from test_message_catalogue import _tool

    forms = []
    for po in sorted(_tool().PO_DIR.glob("*.po")):
        with open(po, "rb") as f:
            forms += [(po.name, m.context, m.id, m.string) for m in read_po(f) if m.id and m.string
                      and po.name != "commands.po" and not (m.context and "." in m.context)]
    assert len(forms) > 500

    def words(zh: str) -> str:
        return re.sub(r"--[\w-]+|\{[^{}]*\}", " ", zh.replace("{{", "").replace("}}", ""))

    assert [f for f in forms if english_left(words(f[3]))] == []


# ------------------------------------------------------------ type and range mistakes (pydantic's words)


def test_every_type_and_range_mistake_in_a_descriptor_reads_in_chinese():
    """Each field of each descriptor model given wrong values of every kind:
    every problem the loader words from pydantic's errors has a Chinese form,
    found by pydantic's error type, never by its wording."""
    from viewer.messages import Msg
    from viewer.model import types as T
    from viewer.model.load import model_problems

    frame = {"col": 1, "line": 1, "lines": 1}
    valid = {
        T.Issue: {"paper": "报", "date": "2025-01-01", "issue_number": 1, "page_count": 1},
        T.Page: {"number": 1, "section": "要闻"},
        T.Article: {"type": "article", "id": "a", "headline": "题", "text": "文", "frames": [frame]},
        T.Continuation: {"type": "continuation", "article": "a", "frames": [frame]},
        T.Photo: {"type": "photo", "id": "p", "image": "i.png", "frame": frame},
        T.Guide: {"type": "guide", "frame": frame, "entries": [{"title": "题", "page": 1}]},
        T.GuideEntry: {"title": "题", "page": 1},
        T.Rule: {"type": "rule", "orientation": "horizontal", "col": 1, "line": 1},
        T.Box: {"type": "box", "frame": frame},
        T.Image: {"type": "image", "id": "i", "image": "x.png", "frame": frame},
        T.Advert: {"type": "advert", "id": "ad", "frame": frame},
        T.Masthead: {"type": "masthead", "frame": frame},
        T.Frame: frame,
        T.Head: {}, T.Margins: {}, T.Grid: {}, T.PageSize: {}, T.Editors: {}, T.PageDefaults: {},
    }
    wrong = [None, "x", "", "2025-13-45", "2025/01/01", "1e3", 0, -1, 10**7, 1.5, 1e308, float("nan"), float("inf"),
             True, [], [1, 2, 3, 4, 5], {}, {"zz": 1}, "a" * 10, [None], 2**70]
    messages = set()

    def collect(model, value):
        try:
            model.model_validate(value)
        except pydantic.ValidationError as exc:
            messages.update(p.message for p in model_problems(model, exc, "f.toml"))

    for model, base in valid.items():
        for name in model.model_fields:
            for v in wrong:
                collect(model, {**base, name: v})
    for v in wrong + [{"type": "foto"}, {"type": 3}, {"type": "article"}]:
        collect(T.Page, {**valid[T.Page], "blocks": [v]})
        collect(T.Issue, {**valid[T.Issue], "pages": [v]})
    assert len(messages) > 100
    assert all(isinstance(m, Msg) for m in messages)
    assert sorted({u for m in messages for u in unknown_codes(m)}) == []
    assert sorted((m, m.translated("zh")) for m in messages if english_left(m.translated("zh"))) == []


# ------------------------------------------------------------ broken issues, shown in the window


@pytest.fixture
def window(qtbot, ui_settings):
    from viewer.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _broken_issues(tmp_path: Path) -> list[Path]:
    """Issue folders each broken in a few ways of its own, as the descriptor
    and hostile-input tests break them."""
    made = []

    def issue(name, pages=2, page_count=None):
        made.append(make_issue(tmp_path / name, pages, page_count))
        return made[-1]

    # syntax
    edit(issue("toml") / P1, 'section = "要闻"', "section = 要闻")
    edit(issue("toml-header") / P1, '[[blocks]]\ntype = "article"', '[[blocks]\ntype = "article"')
    root = issue("json")
    (root / P2).unlink()
    (root / "pages" / "02.json").write_text('{\n  "number": 2,\n  "section": "综合",\n}\n', encoding="utf-8")
    root = issue("json-issue")
    (root / "issue.toml").unlink()
    (root / "issue.json").write_text('{"paper": "测试导报",\n "date": "2025-12-29"\n "page_count": 2}', encoding="utf-8")
    # keys and types
    root = issue("types")
    edit(root / P1, "{ col = 1, span = 4, line = 1, lines = 20 }", '{ col = "one", span = 4, line = 1, lines = 2.5 }')
    edit(root / P1, 'headline = "头条标题"', 'headlin = "头条标题"')
    edit(root / P1, 'caption = "图为测试图片说明。"', 'caption = "图为测试图片说明。"\nzzz = 1\nfit = "fill"')
    edit(root / P2, 'type = "article"', 'type = "artcle"')
    edit(root / "issue.toml", "issue_number = 7", 'issue_number = "七"')
    edit(root / "issue.toml", "date = 2025-12-29", 'date = "昨天"')
    append(root / "issue.toml", "[defaults.grid]\ncolumn = 6\n")
    root = issue("required")
    edit(root / P1, 'id = "p1-photo"\n', "")
    edit(root / P1, 'type = "article"\n', "")
    edit(root / P2, 'section = "综合"\n', "")
    edit(root / "issue.toml", 'paper = "测试导报"\n', "")
    root = issue("forms")
    edit(root / P1, "frame = { col = 5, span = 4, line = 1, lines = 20 }", "frame = { col = 5, span = 4, line = 1 }")
    edit(root / P2, "frames = [{ col = 1, span = 8, line = 1, lines = 20 }]",
         "frames = [{ col = 1, line = 1, lines = 20, x_mm = 0, y_mm = 0, width_mm = 10, height_mm = 10 }]")
    append(root / P2, '[[blocks]]\ntype = "rule"\norientation = "horizontal"\nx_mm = 3\n'
                      '[[blocks]]\ntype = "rule"\norientation = "vertical"\ncol = 2\n')
    root = issue("crop")
    edit(root / P1, 'credit = "记者 李四/摄"', 'credit = "记者 李四/摄"\ncrop = [0.6, 0, 0.2, 1]')
    edit(root / P1, 'text_file = "text/p1-lead.txt"', "")
    edit(root / P2, 'headline = "二版头条"', 'headline = "二版头条"\ntext_file = "text/p1-lead.txt"')
    # numbers out of range, as the hostile-input tests give them
    root = issue("numbers")
    edit(root / P1, "{ col = 1, span = 4, line = 1, lines = 20 }",
         "{ x_mm = nan, y_mm = 1e308, width_mm = 10, height_mm = 10, columns = 1000000000 }")
    edit(root / P1, "number = 1\n", "number = 1\nmargins = { top_mm = inf }\n")
    edit(root / "issue.toml", "page_count = 2", "page_count = true")
    (root / P2).unlink()
    (root / "pages" / "02.json").write_text(
        '{"number": "2", "section": "综合", "blocks": [{"type": "rule", "orientation": "diagonal", "x_mm": Infinity, '
        '"y_mm": 0, "length_mm": NaN}]}', encoding="utf-8")
    # files and paths
    root = issue("files")
    (root / "text" / "p1-lead.txt").unlink()
    (root / "images" / "photo.png").unlink()
    root = issue("paths")
    (tmp_path / "outside.txt").write_text("外面的文字。", encoding="utf-8")
    edit(root / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "../outside.txt"')
    edit(root / P1, 'image = "images/photo.png"', "image = '/etc/hostname'")
    edit(root / P2, 'text = "二版正文第一段。\\n\\n第二段。"', 'text_file = "text/a\\u0000b.txt"')
    root = issue("encodings")
    (root / "text" / "p1-lead.txt").write_bytes("第一段。\n".encode() + b"\xff\xfe\n")
    (root / P2).write_bytes(P2.encode() + b"\nsection = '\xc4\xe3'\n")
    issue("no-pages", pages=0)
    # the grid, overlaps, numbers, references
    root = issue("grid")
    edit(root / P2, "frames = [{ col = 1, span = 8, line = 1, lines = 20 }]",
         "frames = [{ col = 6, span = 4, line = 1, lines = 20 }]")
    append(root / P2, '[[blocks]]\ntype = "image"\nid = "p1-photo"\nimage = "images/photo.png"\n'
                      "frame = { col = 1, span = 2, line = 95, lines = 10 }\n"
                      '[[blocks]]\ntype = "box"\nframe = { x_mm = 300, y_mm = 400, width_mm = 200, height_mm = 10 }\n'
                      '[[blocks]]\ntype = "masthead"\nframe = { col = 1, span = 2, line = 10, lines = 20 }\n'
                      '[[blocks]]\ntype = "advert"\nid = "ad"\nframe = { col = 6, span = 2, line = 5, lines = 5 }\n'
                      '[[blocks]]\ntype = "rule"\norientation = "horizontal"\ncol = 1\nspan = 9\nline = 1\n'
                      '[[blocks]]\ntype = "rule"\norientation = "vertical"\ncol = 10\nline = 1\n'
                      '[[blocks]]\ntype = "rule"\norientation = "horizontal"\ncol = 1\nline = 102\n'
                      '[[blocks]]\ntype = "rule"\norientation = "vertical"\ncol = 2\nline = 90\nlines = 20\n'
                      '[[blocks]]\ntype = "rule"\norientation = "horizontal"\nx_mm = -30\ny_mm = 0\nlength_mm = 10\n')
    edit(root / P1, 'section = "要闻"', 'section = "要闻"\nmargins = { left_mm = 200, right_mm = 200 }')
    root = issue("page-numbers", page_count=3)
    edit(root / P2, "number = 2", "number = 1")
    root = issue("beyond", page_count=1)
    root = issue("references")
    append(root / P1, '[[blocks]]\ntype = "guide"\nframe = { col = 1, span = 4, line = 30, lines = 10 }\n'
                      'entries = [{ title = "甲", page = 9 }, { title = "乙", page = 1, article = "nope" },'
                      ' { title = "丙", page = 1, article = "p2-lead" }]\n'
                      '[[blocks]]\ntype = "continuation"\narticle = "ghost"\n'
                      "frames = [{ col = 1, span = 4, line = 50, lines = 5 }]\n"
                      '[[blocks]]\ntype = "continuation"\narticle = "p2-lead"\n'
                      "frames = [{ col = 5, span = 4, line = 50, lines = 5 }]\n"
                      '[[blocks]]\ntype = "photo"\nid = "ph2"\nimage = "images/photo.png"\narticle = "nobody"\n'
                      "frame = { col = 1, span = 4, line = 60, lines = 10 }\n")
    edit(root / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt"\ncontinued_on = 2')
    edit(root / P2, 'frames = [{ col = 1, span = 8, line = 1, lines = 20 }]',
         'frames = [{ col = 1, span = 8, line = 1, lines = 20 }]\ncontinued_on = 7')
    root = issue("continued-here", pages=1)
    edit(root / P1, 'text_file = "text/p1-lead.txt"', 'text_file = "text/p1-lead.txt"\ncontinued_on = 1')
    append(root / P1, '[[blocks]]\ntype = "continuation"\narticle = "p1-lead"\n'
                      "frames = [{ col = 1, span = 4, line = 50, lines = 5 }]\n")
    # marks and fonts
    root = issue("marks")
    edit(root / P1, 'headline = "头条标题"', 'headline = "头条{标题"')
    edit(root / P2, 'headline = "二版头条"', 'headline = "二版}头条\u202e"')
    (root / "text" / "p1-lead.txt").write_text("第一段{{正文}}。\n", encoding="utf-8")
    # hostile files
    root = issue("fifo")
    (root / P2).unlink()
    os.mkfifo(root / P2)
    root = issue("hostile")
    (root / P2).unlink()
    os.mkfifo(root / P2)
    (root / "pages" / "03.toml").mkdir()
    append(root / "issue.toml", 'pages = ["pages/01.toml", "pages/02.toml", "pages/03.toml", "../x.toml"]\n')
    root = issue("parser-limits")
    append(root / P2, "deep = " + "[" * 40 + "]" * 40 + "\n")
    (root / "pages" / "03.json").write_text('{"number": 3,\n"section": ' + "9" * 5000 + "}", encoding="utf-8")
    (root / "pages" / "04.json").write_text('{"number": 4, "section": "综合",\n "blocks": [{"type": "rule", '
                                            '"orientation": "horizontal", "col": 1,\n  "line": 1, "col": 2}]}',
                                            encoding="utf-8")
    (root / "pages" / "05.json").write_text('{"number": 5,\n "section": "综\\ud800合"}', encoding="utf-8")
    (root / "pages" / "06.json").write_text('{"number": 6, "deep": ' + '{"a": ' * 40 + "1" + "}" * 41, encoding="utf-8")
    root = issue("linked")
    outside = tmp_path / "elsewhere"
    (root / "pages").rename(outside)
    (root / "pages").symlink_to(outside, target_is_directory=True)
    return made


def _fit_issues(tmp_path: Path) -> list[Path]:
    """The fit tests' crafted pages: overflow, underset, a headline group and
    a masthead too large for their frames, a headline printing over a photo."""
    made = [_three_lines(tmp_path / "overflow", HAN * 5), _three_lines(tmp_path / "underset", HAN * 2)]
    page = _article("{ col = 1, span = 1, line = 10, lines = 5 }", head="{ col = 1, span = 1, line = 1, lines = 2 }",
                    headline="特大号标题").replace("size_pt = 18", "size_pt = 40")
    made.append(write_issue(tmp_path / "headline", {1: page}, texts={"a1.txt": HAN * 6 + HAN[:3]}))
    made.append(write_issue(tmp_path / "masthead", {1: '[[blocks]]\ntype = "masthead"\n'
                                                       'frame = { col = 1, span = 8, line = 1, lines = 3 }\n'},
                            issue_extra='serial_number = 2\ncn_number = "CN 00-0000"\npostal_code = "0-000"\n'
                                        'supervisor = "示例"\npublisher = "示例社"\n'))
    made.append(write_issue(tmp_path / "overprint", {1: OVERPRINT}))
    return made


def _problems_of(root: Path, fit: bool = False) -> list:
    from viewer.issue import DescriptorIssue
    from viewer.layout import layout_issue
    from viewer.layout.fit import fit_problems
    from viewer.model import load_issue

    data = load_issue(root)
    problems = DescriptorIssue(data).check()
    return problems + (fit_problems(data, layout_issue(data)) if fit else [])


_FIELD_PATH = re.compile(r"[A-Za-z_]\w*(\[\d+\]|\.[A-Za-z_]\w*)*")


def _untranslated(rows, problems) -> list:
    """Rows that still hold English (with the English they were made from);
    a place that is a field path (date, blocks[1].frames[0]) is a name."""
    return [(row, str(p)) for row, p in zip(rows, problems)
            if (english_left(row[1]) and not _FIELD_PATH.fullmatch(row[1])) or english_left(row[2])
            or row[2] in (p.message, f"警告：{p.message}")]


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """Every problem of the broken issues and the crafted pages, found as validate finds them."""
    tmp = tmp_path_factory.mktemp("broken")
    problems = [p for root in _broken_issues(tmp) for p in _problems_of(root)]
    problems += [p for root in _fit_issues(tmp) for p in _problems_of(root, fit=True)]
    return problems


def test_the_problems_of_broken_issues_read_in_chinese_in_the_problems_panel(window, broken):
    assert len(broken) > 80 and len({p.message for p in broken}) > 75
    window.problems.set_problems(broken)
    rows = window.problems.rows()
    assert len(rows) == len(broken)
    assert _untranslated(rows, broken) == []
    assert [row[0] for row in rows] == [p.file for p in broken]  # file names stay as they are
    # the tooltip: the whole line, as validate prints it, in Chinese
    tips = [window.problems.tree.topLevelItem(i).toolTip(2) for i in range(len(rows))]
    assert tips == ["：".join(x for x in row[:2] if x) + "：" + row[2] for row in rows]


def test_common_messages_read_as_an_editor_would_write_them(window, broken):
    window.problems.set_problems(broken)
    shown = dict(zip([(p.file, p.where, p.message) for p in broken], window.problems.rows()))
    expected = {
        (P1, "line 2, column 11", "TOML syntax error: Invalid value"):
            (P1, "第 2 行第 11 列", "TOML 语法错误：值无效"),
        (P1, "blocks[1].frames[0].col", "input should be a valid integer (got str 'one')"):
            (P1, "blocks[1].frames[0].col", "应为整数（实为字符串 'one'）"),
        (P1, "blocks[1].headlin", "unknown key 'headlin'; did you mean 'headline'?"):
            (P1, "blocks[1].headlin", "未知的键“headlin”；是否应为“headline”？"),
        (P1, "blocks[1].text_file", "the file 'text/p1-lead.txt' does not exist"):
            (P1, "blocks[1].text_file", "文件“text/p1-lead.txt”不存在"),
        (P1, "blocks[0].image", "the image file 'images/photo.png' does not exist"):
            (P1, "blocks[0].image", "图片文件“images/photo.png”不存在"),
        ("issue.toml", "page_count", "page 3 is missing: the issue states 3 pages"):
            ("issue.toml", "page_count", "缺少第 3 版：本期应有 3 版"),
        (P2, "", "the file is a FIFO, not a file"):
            (P2, "", "文件是命名管道（FIFO），不是普通文件"),
        (P2, "blocks[1].frame", "frame outside the grid: lines 95..104 pass the grid's 100 lines"):
            (P2, "blocks[1].frame", "框超出网格：占第 95 至 104 行，而网格只有 100 行"),
        (P1, "blocks[0].frames[0]", "the body text of 'a1' overflows its frames: 13 characters (1 line) do not fit; "
                                    "the last line set is “五六七八九十一二三四五六七”"):
            (P1, "blocks[0].frames[0]", "稿件“a1”的正文排不下：还有 13 字（1 行）超出文本框；排入的最后一行是“五六七八九十一二三四五六七”"),
        (P1, "blocks[0].frames[0]", "the body text of 'a1' ends 1 line before its last frame does (underset)"):
            (P1, "blocks[0].frames[0]", "警告：稿件“a1”的正文排完后，最后一个文本框还空着 1 行（稿件不足）"),
        (P1, "blocks[0].head.frame", "the headline “标题” prints over the image of 'ph' (blocks[1].frame) across "
                                     "80.0 × 6.0 pt at x 262.7, y 107.4 pt"):
            (P1, "blocks[0].head.frame", "主题“标题”与图片“ph”（blocks[1].frame）压字：重叠 80.0 × 6.0 pt，位于 x 262.7、y 107.4 pt"),
    }
    assert {k: shown.get(k) for k in expected} == expected


def test_switching_the_language_retranslates_the_problems(window, tmp_path):
    root = make_issue(tmp_path / "issue")
    edit(root / P1, 'headline = "头条标题"', 'headlin = "头条标题"')
    (root / "text" / "p1-lead.txt").unlink()
    assert window.open_path(root) is True
    window.check_problems()
    chinese = [(P1, "blocks[1].headlin", "未知的键“headlin”；是否应为“headline”？")]
    assert window.problems.rows() == chinese
    window.set_language("en")
    assert window.problems.rows() == [(P1, "blocks[1].headlin", "unknown key 'headlin'; did you mean 'headline'?")]
    assert window.problems_dock.windowTitle() == "Problems (1 errors, 0 warnings)"
    window.set_language("zh")
    assert window.problems.rows() == chinese
    assert window.problems_dock.windowTitle() == "问题（1 个错误，0 个警告）"


# ------------------------------------------------------------ packages and paths that are no issue


def test_the_problems_of_broken_packages_read_in_chinese(window):
    assert window.open_path(FIXTURES / "bad" / "escapes") is True
    problems = window.check_problems()
    rows = window.problems.rows()
    assert len(rows) == 7 and _untranslated(rows, problems) == []
    assert ("mets.xml", "第 9 行", "第 3 页的 OCR 文件：“file:///etc/passwd”是绝对路径；只读取报纸文件夹内的文件") in rows
    assert ("ALTO/0001.xml", "", "警告：第 1 页的扫描图像不在报纸文件夹中；此页按 OCR 文字重建") in rows
    for path in ("bad/bad-area", "bad/missing-alto"):
        assert window.open_path(FIXTURES / path) is True
        problems = window.check_problems()
        assert problems and _untranslated(window.problems.rows(), problems) == []


@pytest.mark.parametrize("name, row", [
    ("bad/unknown-unit.xml", ("unknown-unit.xml", "第 5 行", "未知的 MeasurementUnit“inch”：应为“pixel”、mm10 或 inch1200")),
    ("unsafe/billion-laughs.xml", ("billion-laughs.xml", "第 3 行",
                                   "此 XML 在 DTD 中声明了实体，不予读取：实体可以读取其他文件，或无限膨胀")),
])
def test_a_package_that_cannot_be_opened_says_why_in_chinese(window, name, row):
    assert window.open_path(FIXTURES / name) is False
    assert window.problems.rows() == [row]
    assert window.last_message.text() == f"“{FIXTURES / name}”不是可用的报纸文件夹：\n\n{row[0]}：{row[1]}：{row[2]}"
    assert window.errors == []


def test_malformed_xml_is_said_in_chinese(window):
    """An ALTO file opens on its header; its words, read later, are malformed."""
    assert window.open_path(FIXTURES / "bad" / "malformed.xml") is True
    window.check_problems()
    assert window.problems.rows() == [
        ("malformed.xml", "第 9 行第 17 列", "XML 格式错误：起始标签“TextLine”（第 7 行）与结束标签“TextBlock”不匹配")]


def test_paths_that_are_no_issue_are_refused_in_chinese(window, tmp_path):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    text = tmp_path / "notes.txt"
    text.write_text("不是报纸。\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    for path, reason in [
        (pdf, f"“{pdf}”是 PDF 文件，不是报纸文件夹"),
        (text, f"“{text}”是文本文件，不是报纸文件夹"),
        (tmp_path / "gone", f"文件或文件夹不存在：“{tmp_path / 'gone'}”"),
        (empty, f"“{empty}”不是报纸文件夹：其中既没有 issue.toml 或 issue.json，也没有 METS 或 ALTO 文件，也没有电子报的版面文件"),
    ]:
        assert window.open_path(path) is False
        assert window.last_message.text() == f"无法打开：{reason}"
        assert window.problems.rows() == [(str(path), "", reason)]
        window.last_message.close()


def test_an_issue_of_no_usable_page_lists_its_problems_in_chinese(window, tmp_path):
    root = make_issue(tmp_path / "issue", pages=1)
    edit(root / P1, 'section = "要闻"', "section = 要闻")
    assert window.open_path(root) is False
    assert window.last_message.text() == f"“{root}”不是可用的报纸文件夹：\n\n{P1}：第 2 行第 11 列：TOML 语法错误：值无效"


def test_the_message_box_of_a_broken_issue_holds_no_english(qtbot, ui_settings, tmp_path):
    """Each broken issue opened in a Chinese window of its own: one that
    cannot be used is refused in a message box listing its problems as the
    panel does, with no English word but names; one that opens lists its
    problems in the panel when checked, with none either."""
    from viewer.ui.main_window import MainWindow

    refused = 0
    for root in _broken_issues(tmp_path / "broken"):
        win = MainWindow()
        qtbot.addWidget(win)
        opened = win.open_path(root)
        problems = win.check_problems() if opened else win.problems.problems
        rows = win.problems.rows()
        assert problems and _untranslated(rows, problems) == [], root.name
        if not opened:
            refused += 1
            heading, listing = win.last_message.text().split("\n\n")
            assert heading == f"“{root}”不是可用的报纸文件夹："
            assert listing.splitlines() == [win.problems.tree.topLevelItem(i).toolTip(2)
                                            for i in range(min(len(rows), 12))]
        win.close()
    assert refused >= 6


def test_a_failure_nobody_foresaw_is_said_as_an_unexpected_error(window, small_issue, monkeypatch):
    """Not a message of ours: the Chinese window says 意外错误 with the kind
    of failure and its own words (a system error's reason in Chinese); the
    English one its kind and words, as the record of errors keeps them."""
    import errno

    from viewer.layout import search

    failures = [RuntimeError("index is broken"), PermissionError(errno.EACCES, "Permission denied", "/x/y")]

    def broken(layout, query):
        raise failures.pop(0)

    monkeypatch.setattr(search, "search_issue", broken)
    shown = []
    for _ in range(2):
        assert window.run_search("标题") is None
        shown.append(window.last_message.text())
        window.last_message.close()
    assert shown == ["操作未能完成：意外错误：RuntimeError：index is broken",
                     "操作未能完成：意外错误：PermissionError：没有权限：“/x/y”"]
    assert window.errors == ["RuntimeError: index is broken", "PermissionError: [Errno 13] Permission denied: '/x/y'"]
    window.set_language("en")
    failures.append(RuntimeError("index is broken"))
    assert window.run_search("标题") is None
    assert window.last_message.text() == "The action could not be completed: RuntimeError: index is broken"
    window.errors.clear()


def test_text_that_is_no_message_is_shown_as_it_is(ui_settings):
    """The window translates messages by their ids, never by English words:
    a plain str (a name, a field path) stays as it is in Chinese."""
    from viewer.messages import Msg
    from viewer.ui.messages import shown, shown_place

    assert shown("the file 'a.txt' does not exist") == "the file 'a.txt' does not exist"
    assert shown(Msg("the file '{file}' {why}", file="a.txt", why=Msg("does not exist"))) == "文件“a.txt”不存在"
    assert shown_place("blocks[1].frames[0]") == "blocks[1].frames[0]"
    assert shown_place(Msg("line {line}, column {column}", line=3, column=4)) == "第 3 行第 4 列"


# ------------------------------------------------------------ exporting and printing


@pytest.fixture
def small_issue(window, tmp_path):
    root = make_issue(tmp_path / "issue", pages=1)
    assert window.open_path(root) is True
    return root


def test_export_failures_read_in_chinese(window, small_issue, tmp_path):
    missing = tmp_path / "no-such-folder"
    window.export_to(missing / "x.pdf", "article", "p1-lead")
    assert window.last_message.text() == f"操作未能完成：文件夹“{missing}”不存在"
    window.last_message.close()
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    window.export_to(folder, "pages", [1])
    assert window.last_message.text() == f"操作未能完成：“{folder}”是文件夹，不是文件"
    window.last_message.close()
    os.mkfifo(tmp_path / "pipe.pdf")
    window.export_to(tmp_path / "pipe.pdf", "article", "p1-lead")
    assert window.last_message.text() == f"操作未能完成：“{tmp_path / 'pipe.pdf'}”是命名管道（FIFO），不是普通文件；保持原样，未写入"
    assert [e.split(":")[0] for e in window.errors] == ["OutputError"] * 3  # the record keeps what was raised
    window.last_message.close()
    window.export_to("/sys/herald.pdf", "article", "p1-lead")  # a folder nobody may write in, root neither
    assert window.last_message.text().startswith("操作未能完成：")
    assert english_left(window.last_message.text()) == [], window.errors[-1]
    window.errors.clear()


def test_a_page_range_that_is_no_range_is_said_in_chinese(window, small_issue):
    from viewer.ui.dialogs import ExportDialog

    dlg = ExportDialog(window, 1, 1, None)
    dlg.range.setChecked(True)
    for text, error in [("3-1", "版面范围 3-1 前大后小"), ("7", "版面 7 超出本期范围（1-1）"),
                        ("一", "“一”不是有效的版面范围（例如 1-3,5）"), (",", "“,”中没有版面")]:
        dlg.range_text.setText(text)
        dlg._accept()
        assert dlg.error.text() == f"版面范围有误：{error}"
    dlg.close()


def test_print_failures_read_in_chinese(window, small_issue):
    from PySide6.QtPrintSupport import QPrinter

    assert window.print_to(QPrinter(QPrinter.PrinterMode.HighResolution), [9]) is None
    assert window.last_message.text() == "操作未能完成：本期没有第 9 版"
    window.last_message.close()
    assert window.print_preview(article="nope") is None
    assert window.last_message.text() == "操作未能完成：本期没有稿件“nope”"
    assert [e.split(":")[0] for e in window.errors] == ["PrintError"] * 2
    window.errors.clear()


# ------------------------------------------------------------ the library


def test_library_errors_read_in_chinese(window, tmp_path, monkeypatch):
    monkeypatch.setenv("HERALD_DATA_DIR", str(tmp_path / "data"))
    afile = tmp_path / "issue.toml"
    afile.write_text("paper = 1\n", encoding="utf-8")
    assert window.library.add_folder(afile) is False
    assert window.last_message.text() == f"报库出错：“{afile}”不是文件夹"
    assert window.library.add_folder(tmp_path / "gone") is False
    assert window.last_message.text() == f"报库出错：文件夹“{tmp_path / 'gone'}”不存在"
    window.library.close()


def test_a_library_that_cannot_be_written_says_so_in_chinese(window, tmp_path, monkeypatch):
    from library_data import unwritable

    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("HERALD_DATA_DIR", str(data))
    (tmp_path / "shelf").mkdir()
    with unwritable(data):
        assert window.library.add_folder(tmp_path / "shelf") is False
        assert window.last_message.text() == f"报库出错：报库索引所在的文件夹 {data} 无法写入：报库只能搜索和浏览，不能更改"
    window.library.close()


def test_a_refused_library_search_is_said_again_in_the_other_language(window, tmp_path, monkeypatch):
    from viewer.library.index import Library

    monkeypatch.setenv("HERALD_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "shelf").mkdir()
    with Library() as lib:
        lib.add_folder(tmp_path / "shelf")
    window.search.set_scope(True)
    window.library.search("，。")
    assert window.search.count.text() == "没有可搜索的内容：请输入词语或文字，不要只输入标点或空格"
    window.set_language("en")
    assert window.search.count.text() == ("the query has nothing to search for: give words or characters, not only "
                                          "punctuation or spaces")
    window.set_language("zh")
    assert window.search.count.text() == "没有可搜索的内容：请输入词语或文字，不要只输入标点或空格"
    window.library.close()


def test_a_library_issues_problems_read_in_chinese(window, tmp_path, monkeypatch):
    """An issue a library keeps with its problems, written out as validate
    prints them, shows them in Chinese in the library panel."""
    from viewer.library.index import Library

    monkeypatch.setenv("HERALD_DATA_DIR", str(tmp_path / "data"))
    shelf = tmp_path / "shelf"
    bad = make_issue(shelf / "2025-12-29")
    edit(bad / P1, "{ col = 1, span = 4, line = 1, lines = 20 }", "{ col = 3, span = 4, line = 1, lines = 20 }")
    (bad / "images" / "photo.png").unlink()
    (bad / "text" / "p1-lead.txt").unlink()
    with Library() as lib:
        lib.add_folder(shelf)
        lib.scan()
    window.library.show_panel()
    panel = window.library_panel
    panel.issues.setCurrentRow(0)
    assert panel.details.toPlainText().splitlines()[1:] == [
        "此期有 3 个问题：",
        f"{bad}/{P1}：blocks[1].text_file：文件“text/p1-lead.txt”不存在",
        f"{bad}/{P1}：blocks[1].frames[0]：与 blocks[0].frame 重叠",
        f"{bad}/{P1}：blocks[0].image：图片文件“images/photo.png”不存在",
    ]
    window.library.close()


# ------------------------------------------------------------ the layout's own warnings


def test_the_layouts_warnings_read_in_chinese(tmp_path):
    """A picture the layout cannot use is drawn as a placeholder with a
    warning; the window words such warnings like every other message."""
    from viewer.layout import layout_issue
    from viewer.model import load_issue
    from viewer.ui import i18n
    from viewer.ui.messages import shown

    root = make_issue(tmp_path / "issue", pages=1)
    (root / "images" / "photo.png").write_bytes(_png()[:40])
    (root / "images" / "big.png").write_bytes(_png(4, 3))
    warnings = [w for w in layout_issue(load_issue(root)).pages[0].warnings if w.startswith("page 1: image")]
    assert warnings and all(w.startswith("page 1: image 'images/photo.png' cannot be used (") for w in warnings)
    i18n.set_language("zh")
    assert [w for w in warnings if english_left(shown(w))] == []
    assert shown(warnings[0]).startswith("第 1 版：图片“images/photo.png”无法使用（")
    i18n.set_language("en")
    try:
        assert shown(warnings[0]) == warnings[0]
    finally:
        i18n.set_language("zh")
    assert json.dumps(warnings)  # plain strings, as the command line prints them
