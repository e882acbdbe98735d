"""The message catalogues: what the source says, and what has no Chinese form.

    python tools/messages.py check      ids in the source without a Chinese form; exit 1 if any
    python tools/messages.py extract    write herald.pot (every id of the source) for translators

An id is the literal first argument of ``Msg(...)``, a ``Foreign(program,
code, ...)`` with literal program and code, or a key of the window's table
(``viewer/ui/i18n.py``), which is looked up under its key as context.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO_DIR = ROOT / "resources" / "translations" / "zh_CN" / "LC_MESSAGES"


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def source_ids(root: Path = ROOT / "viewer") -> list[tuple[str | None, str, str, int]]:
    """(context, id, file, line) of every message id written in the source."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name == "Msg" and node.args and _literal(node.args[0]) is not None:
                    out.append((None, _literal(node.args[0]), rel, node.lineno))
                elif name == "Foreign" and len(node.args) >= 2 and _literal(node.args[0]) and _literal(node.args[1]):
                    out.append((_literal(node.args[0]), _literal(node.args[1]), rel, node.lineno))
            elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "STRINGS" \
                    and isinstance(node.value, ast.Dict):
                for k, v in zip(node.value.keys, node.value.values):
                    if _literal(k) is not None and _literal(v) is not None:
                        out.append((_literal(k), _literal(v), rel, k.lineno))
    return out


def catalogue_entries() -> dict[tuple[str | None, str], str]:
    """(context, id) -> Chinese, from every .po file."""
    from babel.messages.pofile import read_po

    out = {}
    for po in sorted(PO_DIR.glob("*.po")):
        with open(po, "rb") as f:
            for m in read_po(f):
                if m.id and m.string:
                    out[(m.context, m.id)] = m.string
    return out


def untranslated() -> list[str]:
    known = catalogue_entries()
    return [f"{file}:{line}: {(ctx + ' | ') if ctx else ''}{mid!r}" for ctx, mid, file, line in source_ids()
            if (ctx, mid) not in known]


def extract(target: Path) -> int:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    cat = Catalog(project="Herald", charset="utf-8")
    for ctx, mid, file, line in source_ids():
        cat.add(mid, locations=[(file, line)], context=ctx)
    with open(target, "wb") as f:
        write_po(f, cat, width=0)
    return len(cat)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("check", "extract"))
    ap.add_argument("-o", type=Path, default=Path("herald.pot"), help="extract: the template file to write")
    args = ap.parse_args(argv)
    if args.command == "extract":
        print(f"{extract(args.o)} messages written to {args.o}")
        return 0
    missing = untranslated()
    for line in missing:
        print(line)
    print(f"{len(missing)} message{'s' if len(missing) != 1 else ''} without a Chinese form", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
