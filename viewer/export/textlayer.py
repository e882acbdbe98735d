"""A PDF text layer that reads as it was set: no spaces the text does not have.

PDF readers rebuild a line's text from glyph positions: MuPDF puts a space
wherever the pen, advanced by a glyph's width, is more than 0.15 em short of
the next glyph, unless the glyph before is CJK. So the ¼ em between a digit
run and the Han character after it, or the blank of a narrow closing quote,
came out as a space ("2025 年", "时代” 。"), and a search for "2025年" failed.

Spaces the text has are set as space glyphs, so every other gap can be
closed: a Latin or general-punctuation glyph followed by a gap is drawn
under an alias code of its font, which shows the same glyph, maps to the same
character, and has the width from its origin to the next glyph's. What is
drawn does not change (each glyph is placed by its own position); only the
widths a reader uses to find the gaps do. The same holds for any text drawn
through the painter, visible or not.
"""

from __future__ import annotations

import re

GAP_EM = 0.1  # close gaps wider than this (MuPDF adds a space from 0.15 em)
MAX_GAP_EM = 4.0  # a gap wider than this is a deliberate separation: keep it



def _spaced(code: int) -> bool:
    """Whether a reader may put a space after this character (MuPDF: Latin,
    Greek, Cyrillic, Hebrew, Arabic, general punctuation, currency signs)."""
    return code != 0x20 and (code < 0x700 or 0x2000 <= code <= 0x20CF)


class _Font:
    """A Type0 font of Qt's: its widths, its ToUnicode map and the aliases added."""

    def __init__(self, doc, xref: int):
        self.doc = doc
        self.xref = xref
        self.cid_font = None
        self.widths: dict[int, int] = {}
        self.unicode: dict[int, str] = {}
        self.aliases: dict[tuple[int, int], int] = {}  # (code, width) -> alias code
        self.next_code = 0
        self.ok = self._read()

    def _read(self) -> bool:
        doc = self.doc
        desc = doc.xref_get_key(self.xref, "DescendantFonts")
        m = re.search(r"(\d+) 0 R", desc[1]) if desc[0] in ("array", "xref") else None
        tu = doc.xref_get_key(self.xref, "ToUnicode")
        if not m or tu[0] != "xref":
            return False
        self.cid_font = int(m.group(1))
        if doc.xref_get_key(self.cid_font, "CIDToGIDMap")[1] != "/Identity":
            return False
        w = doc.xref_get_key(self.cid_font, "W")
        if w[0] != "array":
            return False
        # W: c [w1 w2 ...] or c_first c_last w
        for first, group, last, single in re.findall(r"(\d+)\s*(?:\[([^\]]*)\]|(\d+)\s+(\d+))", w[1]):
            first = int(first)
            if group:
                for i, v in enumerate(group.split()):
                    self.widths[first + i] = int(float(v))
            else:
                for c in range(first, int(last) + 1):
                    self.widths[c] = int(float(single))
        self.tu_xref = int(tu[1].split()[0])
        cmap = doc.xref_stream(self.tu_xref).decode("latin-1")
        for a, b, dest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)",
                                     _section(cmap, "bfrange")):
            lo, hi = int(a, 16), int(b, 16)
            if dest.startswith("["):
                for i, h in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", dest)):
                    self.unicode[lo + i] = bytes.fromhex(h).decode("utf-16-be", "replace")
            else:
                start = int(dest[1:-1], 16)
                for i in range(hi - lo + 1):
                    self.unicode[lo + i] = chr(start + i)
        for a, dest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", _section(cmap, "bfchar")):
            self.unicode[int(a, 16)] = bytes.fromhex(dest).decode("utf-16-be", "replace")
        self.next_code = max(list(self.widths) + list(self.unicode) + [0]) + 1
        # the codes a reader may follow with a space, as the content stream writes them
        self.spaced: dict[bytes, int] = {}
        for code, ch in self.unicode.items():
            if len(ch) == 1 and _spaced(ord(ch)) and code in self.widths:
                for form in (f"{code:04X}", f"{code:04x}"):
                    self.spaced[form.encode()] = code
        self.spaced_code = re.compile(b"<(?:" + b"|".join(sorted(self.spaced)) + b")>" if self.spaced else b"(?!)")
        return True

    def alias(self, code: int, width: int) -> int | None:
        """A code that draws the same glyph as ``code`` with ``width`` (1/1000 em)."""
        key = (code, width)
        got = self.aliases.get(key)
        if got is None:
            if self.next_code > 0xFFFF:
                return None
            got = self.aliases[key] = self.next_code
            self.next_code += 1
        return got

    def finish(self) -> None:
        """Write the aliases into the font: widths, CID-to-glyph map, ToUnicode."""
        if not self.aliases:
            return
        doc = self.doc
        w = doc.xref_get_key(self.cid_font, "W")[1].strip()
        extra = " ".join(f"{alias} [{width}]" for (_, width), alias in sorted(self.aliases.items(), key=lambda t: t[1]))
        doc.xref_set_key(self.cid_font, "W", w[:-1].rstrip() + " " + extra + " ]")
        n = self.next_code
        gids = bytearray(2 * n)
        for c in range(n):
            gids[2 * c:2 * c + 2] = c.to_bytes(2, "big")
        for (code, _), alias in self.aliases.items():
            gids[2 * alias:2 * alias + 2] = code.to_bytes(2, "big")
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, bytes(gids), compress=False)  # the file is deflated when saved
        doc.xref_set_key(self.cid_font, "CIDToGIDMap", f"{xref} 0 R")
        cmap = doc.xref_stream(self.tu_xref).decode("latin-1")
        entries = sorted((alias, self.unicode[code]) for (code, _), alias in self.aliases.items())
        chunks = []
        for i in range(0, len(entries), 100):
            part = entries[i:i + 100]
            chunks.append(f"{len(part)} beginbfchar\n" + "".join(
                f"<{a:04X}> <{u.encode('utf-16-be').hex().upper()}>\n" for a, u in part) + "endbfchar\n")
        cmap = cmap.replace("endcmap", "".join(chunks) + "endcmap", 1)
        doc.update_stream(self.tu_xref, cmap.encode("latin-1"), compress=False)


def _section(cmap: str, name: str) -> str:
    return "\n".join(re.findall(rf"begin{name}(.*?)end{name}", cmap, flags=re.S))


def close_gaps(doc) -> int:
    """Give every glyph that a reader would follow with a space the text does
    not have the width that reaches the next glyph. Returns how many glyphs
    were changed."""
    fonts: dict[int, _Font] = {}
    changed = 0
    for page in doc:
        names = {}
        for entry in page.get_fonts(full=True):
            xref, name = entry[0], entry[4]
            if xref not in fonts:
                fonts[xref] = _Font(doc, xref)
            names[name.encode()] = fonts[xref]
        for xref in page.get_contents():
            stream = doc.xref_stream(xref)
            if b"BT" not in stream:
                continue
            new, n = _rewrite(stream, names)
            if n:
                doc.update_stream(xref, new, compress=False)
                changed += n
    for font in fonts.values():
        if font.ok:
            font.finish()
    return changed


# Qt's text objects: BT, "/F11 100 Tf", a Tm, then "x y Td <code> Tj" for each glyph, ET
_FONT = re.compile(rb"/(\S+) ([\d.]+) Tf")
_GLYPH = re.compile(rb"(?m)^(-?[\d.]+) (-?[\d.]+) Td <([0-9A-Fa-f]+)> Tj$")
_OTHER_SHOW = re.compile(rb"TJ|'|\"")


def _rewrite(stream: bytes, names: dict[bytes, _Font]) -> tuple[bytes, int]:
    """The content stream with the glyphs that need it under their aliases."""
    edits: list[tuple[int, int, bytes]] = []  # (start, end, new code) in the stream
    pos = 0
    while True:
        begin = stream.find(b"BT\n", pos)
        if begin < 0:
            break
        start = begin + 3
        end = stream.find(b"ET\n", start)
        if end < 0:
            end = len(stream)
        pos = end + 3
        if begin and stream[begin - 1:begin] != b"\n":
            continue
        tf = _FONT.search(stream, start, end)
        font = names.get(tf.group(1)) if tf else None
        size = float(tf.group(2)) if tf else 0.0
        # only a text object that shows a glyph a reader may follow with a space
        if (font is not None and font.ok and size and font.spaced_code.search(stream, start, end)
                and not _OTHER_SHOW.search(stream, start, end)):
            edits.extend(_aliases(list(_GLYPH.finditer(stream, start, end)), font, size))
    if not edits:
        return stream, 0
    out, pos = [], 0
    for a, b, code in edits:
        out.append(stream[pos:a])
        out.append(code)
        pos = b
    out.append(stream[pos:])
    return b"".join(out), len(edits)


def _aliases(glyphs: list, font: _Font, size: float):
    """(start, end, alias code) for each glyph of one text object that a
    reader would follow with a space the text does not have."""
    spaced = font.spaced
    for m, nxt in zip(glyphs, glyphs[1:]):
        raw = m.group(3)
        code = spaced.get(raw)
        if code is None or abs(float(nxt.group(2))) > 1e-3:
            continue
        reach = float(nxt.group(1)) / size  # from this glyph's origin to the next one's, in em
        gap = reach - font.widths[code] / 1000
        if GAP_EM < gap < MAX_GAP_EM:
            alias = font.alias(code, round(reach * 1000))
            if alias is not None:
                yield m.start(3), m.end(3), f"{alias:0{len(raw)}X}".encode()
