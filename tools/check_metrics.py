#!/usr/bin/env python3
"""Compare the layout's font metrics (viewer.typefaces, no Qt) with Qt's
QRawFont, exhaustively: for every bundled font, the glyph of every code
point (U+0000 to U+10FFFF, surrogates included) and whether the font
covers it, the advance and ink box of every glyph, and the ascent and
descent. The values must be equal, not close: a page is laid out from them.

    QT_QPA_PLATFORM=offscreen python tools/check_metrics.py [ROLE ...]

Checks the fonts of the roles named (by default every one). Prints one line per font and exits with 1 when anything differs. Takes
about a minute.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QRawFont  # noqa: E402

from viewer.fonts import raw_font  # noqa: E402
from viewer.typefaces import REFERENCE_PX, ROLES, typeface  # noqa: E402

SURROGATES = range(0xD800, 0xE000)


def check(role: str) -> list[str]:
    qt, face = raw_font(role), typeface(role)
    px = REFERENCE_PX
    problems = []

    def differ(what: str, key, mine, theirs) -> None:
        if mine != theirs:
            problems.append(f"{role}: {what} {key}: {mine!r}, Qt {theirs!r}")

    codes = [c for c in range(0x110000) if c not in SURROGATES]
    qt_glyphs = qt.glyphIndexesForString("".join(map(chr, codes)))
    if len(qt_glyphs) != len(codes):
        return [f"{role}: Qt gave {len(qt_glyphs)} glyphs for {len(codes)} code points"]
    mapped = 0
    for c, g in zip(codes, qt_glyphs):
        differ("glyph of", f"U+{c:04X}", face.glyph_index(chr(c)), g)
        mapped += g != 0
    for c in range(0x110000):
        differ("coverage of", f"U+{c:04X}", face.covers(chr(c)), qt.supportsCharacter(c))

    glyphs = list(range(face.glyph_count))
    advances = qt.advancesForGlyphIndexes(glyphs, QRawFont.LayoutFlag.UseDesignMetrics)
    for g, a in zip(glyphs, advances):
        differ("advance of glyph", g, face.advance(g), a.x() / px)
        r = qt.boundingRect(g)
        differ("ink box of glyph", g, face.ink_box(g), (r.left() / px, r.top() / px, r.right() / px, r.bottom() / px))
    differ("ascent", "", face.ascent, qt.ascent() / px)
    differ("descent", "", face.descent, qt.descent() / px)
    print(f"{role}: {mapped} code points mapped, {len(glyphs)} glyphs: "
          f"{'equal' if not problems else f'{len(problems)} differences'}")
    return problems


def main(argv: list[str] | None = None) -> int:
    roles = (sys.argv[1:] if argv is None else argv) or list(ROLES)
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        print(f"unknown role(s) {', '.join(unknown)}; the roles: {', '.join(ROLES)}")
        return 2
    problems = [p for role in roles for p in check(role)]
    for p in problems[:50]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
