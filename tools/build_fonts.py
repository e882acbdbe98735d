#!/usr/bin/env python3
"""Build the subset fonts bundled with the viewer (resources/fonts/).

The fonts are cut from Debian's packaged Noto Serif/Sans CJK (SC face of the
.ttc collections, package ``fonts-noto-cjk``) and LXGW WenKai (package
``fonts-lxgw-wenkai``), both under the SIL Open Font License 1.1.  Each subset
covers GB 2312, ASCII, Latin-1, the punctuation and symbol blocks a newspaper
needs, the vertical presentation forms (for vertical headlines) and every
character found in the ``layouts/`` folder of the repository.  Each one is
renamed ("Herald ...") because the originals' names are reserved, and
``OFL.txt`` is written next to them.

Why most OpenType layout features are dropped: Qt's QPdfWriter builds the
PDF ToUnicode map by looking up each drawn glyph in the font's cmap.  Glyphs
reached only through substitution (``locl`` digit alternates, ``liga``/``dlig``
ligatures such as "fi", Noto's ``ccmp`` ligature for "——") have no cmap
entry, so the PDF text layer turns them into control or wrong characters.
Only features that do not substitute by default are kept.  What ``locl`` and
``ccmp`` did for Chinese text is baked in instead: U+2014 maps to the
full-width Chinese dash, whose ink is widened to the whole em so "——" joins.
For the same reason no two code points may share a glyph: the reverse
lookup returns only one of them (with the full .ttc, 月 comes back as the
Kangxi radical ⽉; in these subsets ～ would come back as 〜 and · as •).
Code points that share a glyph in the source (space/no-break space, ～/〜,
·/•/・, –/‒, ...) therefore each get their own copy of the glyph.

The fallback fonts draw what those lack, on pages rebuilt from a library's
OCR (European newspapers: œ, ſ, Greek, Cyrillic, ►, ☞ ...): "Herald Serif
LGC" is cut from Noto Serif (Latin with its extensions, Greek, Cyrillic,
punctuation, currency, letterlike signs, number forms), "Herald Symbols"
merges cuts of Noto Sans Symbols 2, Noto Sans Symbols and Noto Sans Math
(arrows, mathematical operators, geometric shapes, miscellaneous symbols,
dingbats), leaving out what Herald Serif LGC has. Both come from Debian's
``fonts-noto-core`` (SIL OFL 1.1). The viewer places every glyph itself, so
they keep no OpenType layout tables and no hinting.

Usage: python3 tools/build_fonts.py [--out resources/fonts] [--layouts DIR]
"""

from __future__ import annotations

import argparse
import copy
import gzip
import io
import re
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

try:
    from fontTools import subset
    from fontTools.merge import Merger
    from fontTools.ttLib import TTCollection, TTFont
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("error: fontTools is required (pip install fonttools)")

REPO = Path(__file__).resolve().parent.parent

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
LXGW_DIR = Path("/usr/share/fonts/truetype/lxgw-wenkai")
NOTO_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
LXGW_COPYRIGHT = Path("/usr/share/doc/fonts-lxgw-wenkai/copyright")
NOTO_CORE_DIR = Path("/usr/share/fonts/truetype/noto")
NOTO_CORE_DOC = Path("/usr/share/doc/fonts-noto-core")

# Features safe for Qt's PDF text layer (see module docstring).  "ccmp" is
# left out too: in Noto CJK it ligates "——" into one 2-em glyph, which the
# PDF text layer then reports as a wrong character.
LAYOUT_FEATURES = [
    "vert", "vrt2", "fwid", "hwid", "pwid",
    "kern", "palt", "halt", "vkrn",
]

# Code points whose Simplified Chinese form (the target of the font's `locl`
# lookups for language ZHS) is put straight into the cmap, since `locl` is
# dropped.  In Noto CJK SC, U+2014 is otherwise a short, low Latin em dash.
ZHS_FORMS = (0x2014,)

# Dashes whose ink is stretched to the full advance width, so that "——"
# (and "――") reads as one unbroken 2-em line without the ccmp ligature.
JOINING_DASHES = (0x2014, 0x2015)

# Name IDs copied from the source font (English records only): copyright,
# manufacturer, designer, vendor/designer URLs, licence and licence URL.
KEPT_NAME_IDS = (0, 8, 9, 11, 12, 13, 14)

DESCRIPTION = (
    "Modified version (subset) of {source} by the Herald e-paper viewer "
    "project: reduced to GB 2312 and common punctuation/symbols, most "
    "OpenType layout features and hinting removed, em dash set to its "
    "Chinese full-width form, renamed. Licensed under "
    "the SIL Open Font License, Version 1.1."
)


@dataclass(frozen=True)
class Target:
    filename: str
    family: str
    style: str  # "Regular" or "Bold"
    source: Path
    source_family: str  # name ID 1 of the wanted member (selects the .ttc face)
    package: str

    @property
    def ps_name(self) -> str:
        return self.family.replace(" ", "") + "-" + self.style


TARGETS = [
    Target("HeraldSerifSC-Regular.otf", "Herald Serif SC", "Regular",
           NOTO_DIR / "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "fonts-noto-cjk"),
    Target("HeraldSerifSC-Bold.otf", "Herald Serif SC", "Bold",
           NOTO_DIR / "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "fonts-noto-cjk"),
    Target("HeraldSansSC-Regular.otf", "Herald Sans SC", "Regular",
           NOTO_DIR / "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "fonts-noto-cjk"),
    Target("HeraldSansSC-Bold.otf", "Herald Sans SC", "Bold",
           NOTO_DIR / "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", "fonts-noto-cjk"),
    Target("HeraldKai-Regular.ttf", "Herald Kai", "Regular",
           LXGW_DIR / "LXGWWenKai-Regular.ttf", "LXGW WenKai", "fonts-lxgw-wenkai"),
]


def _ranges(*pairs: tuple[int, int]) -> frozenset[int]:
    return frozenset(cp for lo, hi in pairs for cp in range(lo, hi + 1))


# What the fallback fonts are cut to (each takes the code points its sources map).
LGC_CHARS = _ranges(
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A (œ, ſ, ł, ő ...)
    (0x0180, 0x024F),  # Latin Extended-B
    (0x02B0, 0x02FF),  # Spacing Modifier Letters
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x1F00, 0x1FFF),  # Greek Extended (polytonic)
    (0x2000, 0x206F),  # General Punctuation
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2150, 0x218F),  # Number Forms
    (0x2E00, 0x2E7F),  # Supplemental Punctuation (⸗, the double hyphen of Fraktur)
    (0xFB00, 0xFB06),  # Latin ligatures (ﬁ ﬂ ﬀ, as some OCR writes them)
    (0xFFFD, 0xFFFD),  # the replacement character
)
SYMBOL_CHARS = _ranges(
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2150, 0x218F),  # Number Forms (Roman numerals)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2580, 0x259F),  # Block Elements
    (0x25A0, 0x25FF),  # Geometric Shapes (■ ● ► ◆)
    (0x2600, 0x26FF),  # Miscellaneous Symbols (☞ ★ ☛)
    (0x2700, 0x27BF),  # Dingbats (✓ ✠ ❧)
)

FALLBACK_DESCRIPTION = (
    "Modified version of {source} by the Herald e-paper viewer project: "
    "{what}, OpenType layout tables and hinting removed, renamed. Licensed "
    "under the SIL Open Font License, Version 1.1."
)


@dataclass(frozen=True)
class Fallback:
    """A fallback font: cuts of one or more fonts of ``fonts-noto-core``,
    merged in order (the first source that maps a code point gives it)."""

    filename: str
    family: str
    style: str
    sources: tuple[tuple[str, str], ...]  # (file in NOTO_CORE_DIR, its family name)
    chars: frozenset[int]
    what: str  # how it was cut, for its description
    before: tuple[str, ...] = ()  # files of fonts asked first: what they map is left out
    package: str = "fonts-noto-core"

    @property
    def ps_name(self) -> str:
        return self.family.replace(" ", "") + "-" + self.style

    @property
    def paths(self) -> list[Path]:
        return [NOTO_CORE_DIR / f for f, _ in self.sources] + [NOTO_CORE_DIR / f for f in self.before]


FALLBACKS = [
    Fallback("HeraldSerifLGC-Regular.ttf", "Herald Serif LGC", "Regular",
             (("NotoSerif-Regular.ttf", "Noto Serif"),), LGC_CHARS,
             "a subset (Latin, Greek, Cyrillic, punctuation and signs)"),
    Fallback("HeraldSerifLGC-Bold.ttf", "Herald Serif LGC", "Bold",
             (("NotoSerif-Bold.ttf", "Noto Serif"),), LGC_CHARS,
             "a subset (Latin, Greek, Cyrillic, punctuation and signs)"),
    Fallback("HeraldSymbols-Regular.ttf", "Herald Symbols", "Regular",
             (("NotoSansSymbols2-Regular.ttf", "Noto Sans Symbols2"),
              ("NotoSansSymbols-Regular.ttf", "Noto Sans Symbols"),
              ("NotoSansMath-Regular.ttf", "Noto Sans Math")), SYMBOL_CHARS,
             "subsets (arrows, operators, shapes, symbols, dingbats) merged",
             before=("NotoSerif-Regular.ttf",)),
]


# --------------------------------------------------------------------------
# Character set
# --------------------------------------------------------------------------

def gb2312_chars() -> set[int]:
    """Every valid two-byte GB 2312 sequence, as Unicode code points."""
    out = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                text = bytes((row, cell)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.update(ord(ch) for ch in text)
    return out


def fixed_ranges() -> set[int]:
    ranges = [
        (0x0020, 0x007E),  # printable ASCII
        (0x00A0, 0x00FF),  # Latin-1 supplement
        (0x2010, 0x206F),  # General Punctuation
        (0x2190, 0x21FF),  # Arrows
        (0x2460, 0x24FF),  # Enclosed Alphanumerics
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0xFE10, 0xFE19),  # Vertical Forms
        (0xFE30, 0xFE4F),  # CJK Compatibility Forms
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    ]
    out = {cp for lo, hi in ranges for cp in range(lo, hi + 1)}
    out.update(ord(ch) for ch in "·•※○●□■△▲◆◇★☆")
    return out


def layout_chars(folder: Path) -> set[int]:
    """Characters used in the newsroom's layout files (*.txt, *.toml, *.json)."""
    out: set[int] = set()
    if not folder.is_dir():
        return out
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".txt", ".toml", ".json") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for ch in text:
            if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd":
                continue
            out.add(ord(ch))
    return out


def pick_unicodes(font: TTFont, wanted: set[int]) -> list[int]:
    """The wanted code points that the font maps."""
    cmap = font.getBestCmap()
    return sorted(cp for cp in wanted if cp in cmap)


# --------------------------------------------------------------------------
# Font handling
# --------------------------------------------------------------------------

def open_member(target: Target) -> TTFont:
    """Open the source font; for a .ttc, the member whose family is wanted."""
    if target.source.suffix.lower() in (".ttc", ".otc"):
        collection = TTCollection(str(target.source), lazy=False)
        for member in collection.fonts:
            if member["name"].getDebugName(1) == target.source_family:
                return member
        sys.exit(f"error: no face named {target.source_family!r} in {target.source}")
    font = TTFont(str(target.source), lazy=False)
    if font["name"].getDebugName(1) != target.source_family:
        sys.exit(f"error: {target.source} is not {target.source_family!r}")
    return font


def subset_options() -> subset.Options:
    opts = subset.Options()
    opts.layout_features = list(LAYOUT_FEATURES)
    opts.layout_scripts = ["*"]
    opts.hinting = False
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.name_IDs = ["*"]  # names are rewritten by rename() afterwards
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.drop_tables = list(opts.drop_tables) + ["DSIG"]
    return opts


def _copy_glyph(font: TTFont, old: str, new: str) -> None:
    """Append glyph `new` to the font as an exact copy of glyph `old`."""
    if "glyf" in font:
        font["glyf"].glyphs[new] = copy.deepcopy(font["glyf"][old])
    elif "CFF " in font:
        top = font["CFF "].cff.topDictIndex[0]
        cs = top.CharStrings
        charstring, fd_index = cs.getItemAndSelector(old)
        dup = copy.copy(charstring)
        if getattr(charstring, "program", None) is not None:
            dup.program = list(charstring.program)
        if cs.charStringsAreIndexed:
            cs.charStringsIndex.items.append(dup)
            cs.charStrings[new] = len(cs.charStringsIndex.items) - 1
        else:
            cs.charStrings[new] = dup
        if hasattr(top, "FDSelect"):
            top.FDSelect.gidArray.append(fd_index)
        top.charset.append(new)
        top.numGlyphs = len(top.charset)
    else:
        raise RuntimeError("font has neither glyf nor CFF outlines")
    for tag in ("hmtx", "vmtx"):
        if tag in font:
            font[tag].metrics[new] = font[tag].metrics[old]
    if "VORG" in font and old in font["VORG"].VOriginRecords:
        font["VORG"].VOriginRecords[new] = font["VORG"].VOriginRecords[old]
    if "GDEF" in font:
        class_def = font["GDEF"].table.GlyphClassDef
        if class_def is not None and old in class_def.classDefs:
            class_def.classDefs[new] = class_def.classDefs[old]
    font.setGlyphOrder(font.getGlyphOrder() + [new])


def split_shared_glyphs(font: TTFont) -> list[int]:
    """Give every mapped code point a glyph of its own (see module docstring).

    The lowest code point of each group keeps the original glyph (and so its
    GSUB/GPOS lookups); the others are pointed at copies.  Returns the code
    points that were moved to copies.
    """
    cmap = font.getBestCmap()
    groups: dict[str, list[int]] = {}
    for cp in sorted(cmap):
        groups.setdefault(cmap[cp], []).append(cp)
    is_cid = "CFF " in font and hasattr(font["CFF "].cff.topDictIndex[0], "ROS")
    order = font.getGlyphOrder()
    used = set(order)
    cid = 1
    moved = {}
    for glyph, cps in groups.items():
        for cp in cps[1:]:
            if is_cid:  # CID-keyed CFF: glyph names encode the CID
                while f"cid{cid:05d}" in used:
                    cid += 1
                new = f"cid{cid:05d}"
            else:
                new = f"uni{cp:04X}" if cp <= 0xFFFF else f"u{cp:05X}"
                while new in used:
                    new += ".dup"
            used.add(new)
            _copy_glyph(font, glyph, new)
            moved[cp] = new
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp, new in moved.items():
                if cp in table.cmap:
                    table.cmap[cp] = new
    return sorted(moved)


def bake_zhs_forms(font: TTFont, cps=ZHS_FORMS) -> None:
    """Point `cps` at their `locl` (language ZHS) glyphs, in every cmap."""
    if "GSUB" not in font:
        return
    gsub = font["GSUB"].table
    lookups = set()
    for script in gsub.ScriptList.ScriptRecord:
        for rec in script.Script.LangSysRecord:
            if rec.LangSysTag.strip() != "ZHS":
                continue
            for fi in rec.LangSys.FeatureIndex:
                feat = gsub.FeatureList.FeatureRecord[fi]
                if feat.FeatureTag == "locl":
                    lookups.update(feat.Feature.LookupListIndex)
    mapping = {}
    for li in sorted(lookups):
        for st in gsub.LookupList.Lookup[li].SubTable:
            if st.LookupType == 7:
                st = st.ExtSubTable
            if st.LookupType == 1:
                mapping.update(st.mapping)
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp in cps:
                if table.cmap.get(cp) in mapping:
                    table.cmap[cp] = mapping[table.cmap[cp]]


def stretch_dashes(font: TTFont, cps=JOINING_DASHES) -> None:
    """Widen the ink of these dashes to their full advance, so pairs join."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cmap = font.getBestCmap()
    glyph_set = font.getGlyphSet()
    for glyph in sorted({cmap[cp] for cp in cps if cp in cmap}):
        advance = font["hmtx"][glyph][0]
        bounds_pen = BoundsPen(glyph_set)
        glyph_set[glyph].draw(bounds_pen)
        if bounds_pen.bounds is None:
            continue
        x_min, _, x_max, _ = bounds_pen.bounds
        margin = advance * 0.02
        if x_min <= margin and x_max >= advance - margin:
            continue  # already (nearly) edge to edge
        scale = advance / (x_max - x_min)
        transform = (scale, 0, 0, 1, -x_min * scale, 0)
        if "CFF " in font:
            top = font["CFF "].cff.topDictIndex[0]
            charstrings = top.CharStrings
            old, _ = charstrings.getItemAndSelector(glyph)
            private = old.private
            width = None
            if advance != getattr(private, "defaultWidthX", 0):
                width = advance - getattr(private, "nominalWidthX", 0)
            pen = T2CharStringPen(width, None)
            glyph_set[glyph].draw(TransformPen(pen, transform))
            new = pen.getCharString(private=private, globalSubrs=old.globalSubrs)
            if charstrings.charStringsAreIndexed:
                charstrings.charStringsIndex.items[charstrings.charStrings[glyph]] = new
            else:
                charstrings.charStrings[glyph] = new
        else:
            pen = TTGlyphPen(None)
            glyph_set[glyph].draw(TransformPen(pen, transform))
            font["glyf"][glyph] = pen.glyph()
        lsb = 0
        font["hmtx"][glyph] = (advance, lsb)


def rename(font: TTFont, target: Target | Fallback, source_full_name: str, version: str,
           description: str | None = None) -> None:
    name = font["name"]
    platforms = sorted({(r.platformID, r.platEncID, r.langID) for r in name.names})
    english = [p for p in platforms if p in ((3, 1, 0x409), (1, 0, 0))]
    if (3, 1, 0x409) not in english:
        english.append((3, 1, 0x409))
    kept = []
    for rec in name.names:
        key = (rec.platformID, rec.platEncID, rec.langID)
        if key in english and rec.nameID in KEPT_NAME_IDS:
            kept.append(rec)
    name.names = kept  # drops localized names (e.g. the reserved "霞鹜文楷")

    full = f"{target.family} {target.style}" if target.style != "Regular" else target.family
    values = {
        1: target.family,
        2: target.style,
        3: f"{version};HERALD;{target.ps_name}",
        4: full,
        5: f"Version {version}; subset of {source_full_name}",
        6: target.ps_name,
        10: description or DESCRIPTION.format(source=source_full_name),
    }
    for pid, eid, lid in english:
        for name_id, text in values.items():
            name.setName(text, name_id, pid, eid, lid)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))

    bold = target.style == "Bold"
    os2 = font["OS/2"]
    os2.usWeightClass = 700 if bold else 400
    sel = os2.fsSelection & ~((1 << 0) | (1 << 5) | (1 << 6))  # italic, bold, regular
    os2.fsSelection = sel | ((1 << 5) if bold else (1 << 6))
    font["head"].macStyle = 1 if bold else 0

    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [target.ps_name]
        top = cff.topDictIndex[0]
        top.FullName = full
        top.FamilyName = target.family
        top.Weight = target.style
        for idx, fd in enumerate(getattr(top, "FDArray", None) or []):
            fd.FontName = f"{target.ps_name}-FD{idx}"  # were "NotoSerifCJKsc-..."


def build(target: Target, wanted: set[int], out_dir: Path,
          extra: set[int] = frozenset()) -> tuple[Path, int, int, list[int], list[int]]:
    font = open_member(target)
    head = font["head"]
    created, modified = head.created, head.modified
    match = re.search(r"\d+\.\d+", font["name"].getDebugName(5) or "")
    version = match.group(0) if match else f"{head.fontRevision:.3f}"
    source_full_name = font["name"].getDebugName(4) or target.source_family
    bake_zhs_forms(font)
    unicodes = pick_unicodes(font, wanted)
    missing = sorted(set(extra) - set(unicodes))

    subsetter = subset.Subsetter(options=subset_options())
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    dupes = split_shared_glyphs(font)
    stretch_dashes(font)

    rename(font, target, source_full_name, version)
    # Deterministic output: timestamps follow the source font, not the clock.
    font.recalcTimestamp = False
    font["head"].created = created
    font["head"].modified = modified

    out = out_dir / target.filename
    font.save(str(out))
    glyphs = len(font.getGlyphOrder())
    return out, len(unicodes), glyphs, dupes, missing


def fallback_options() -> subset.Options:
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.name_IDs = ["*"]  # names are rewritten by rename() afterwards
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.drop_tables = list(opts.drop_tables) + ["DSIG", "GSUB", "GPOS", "GDEF", "MATH"]
    return opts


def open_source(path: Path, family: str) -> TTFont:
    font = TTFont(str(path), lazy=False)
    if font["name"].getDebugName(1) != family:
        sys.exit(f"error: {path} is not {family!r}")
    return font


def font_version(font: TTFont) -> str:
    match = re.search(r"\d+\.\d+", font["name"].getDebugName(5) or "")
    return match.group(0) if match else f"{font['head'].fontRevision:.3f}"


def build_fallback(fb: Fallback, out_dir: Path) -> tuple[Path, int, int, list[int], list[str]]:
    """Cut each source of ``fb`` to the code points still wanted, merge the
    cuts, give shared glyphs copies of their own, rename. Returns the file,
    its code points and glyphs, the code points given copies, and each
    source's "name version"."""
    wanted = set(fb.chars)
    for name in fb.before:
        wanted -= set(TTFont(str(NOTO_CORE_DIR / name)).getBestCmap())
    parts, names, stamps = [], [], None
    count = 0
    for file, family in fb.sources:
        font = open_source(NOTO_CORE_DIR / file, family)
        if stamps is None:
            stamps = (font["head"].created, font["head"].modified)
        names.append((font["name"].getDebugName(4) or family, font_version(font)))
        unicodes = pick_unicodes(font, wanted)
        wanted -= set(unicodes)
        count += len(unicodes)
        subsetter = subset.Subsetter(options=fallback_options())
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        buf = io.BytesIO()
        font.save(buf)
        buf.seek(0)
        parts.append(buf)
    if len(parts) > 1:
        font = Merger().merge(parts)
        buf = io.BytesIO()
        font.save(buf)  # and read back, so that the glyph order is the file's
        buf.seek(0)
    else:
        buf = parts[0]
    font = TTFont(buf, lazy=False)
    dupes = split_shared_glyphs(font)
    if len(names) > 1:
        source = ", ".join(n for n, _ in names[:-1]) + " and " + names[-1][0]
    else:
        source = names[0][0]
    rename(font, fb, source, names[0][1], FALLBACK_DESCRIPTION.format(source=source, what=fb.what))
    font["post"].formatType = 3.0  # no glyph names
    font.recalcTimestamp = False
    font["head"].created, font["head"].modified = stamps
    out = out_dir / fb.filename
    font.save(str(out))
    return out, count, len(font.getGlyphOrder()), dupes, [f"{n} {v}" for n, v in names]


# --------------------------------------------------------------------------
# Licence file
# --------------------------------------------------------------------------

def _dep5_paragraphs(path: Path) -> list[dict[str, str]]:
    """Parse a machine-readable debian/copyright file (DEP-5) into fields."""
    paras, cur, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                paras.append(cur)
            cur, key = {}, None
        elif line[0] in " \t" and key:
            cur[key] += "\n" + line
        else:
            key, _, value = line.partition(":")
            cur[key] = value.strip()
    if cur:
        paras.append(cur)
    return paras


def _dep5_text(value: str) -> str:
    """Undo DEP-5 continuation-line encoding (leading space, '.' for blank)."""
    lines = []
    for line in value.split("\n"):
        line = line[1:] if line[:1] in (" ", "\t") else line
        lines.append("" if line.strip() == "." else line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def _files_star(path: Path) -> dict[str, str]:
    for para in _dep5_paragraphs(path):
        if para.get("Files") == "*":
            return para
    return {}


def ofl_text() -> str:
    """The OFL 1.1 text, copied verbatim from a Debian copyright file."""
    for path in (NOTO_COPYRIGHT, LXGW_COPYRIGHT, NOTO_CORE_DOC / "copyright"):
        if not path.is_file():
            continue
        for para in _dep5_paragraphs(path):
            lic = para.get("License", "")
            head, _, body = lic.partition("\n")
            if head.strip() in ("SIL-1.1", "OFL-1.1") and "SIL OPEN FONT LICENSE" in body:
                return _dep5_text(body)
    sys.exit("error: could not find the OFL 1.1 text in "
             f"{NOTO_COPYRIGHT} or {LXGW_COPYRIGHT}")


def debian_version(doc: Path) -> str:
    """A Debian package's version, from the first line of its changelog."""
    try:
        with gzip.open(doc / "changelog.Debian.gz", "rt", encoding="utf-8") as f:
            match = re.search(r"\(([^)]+)\)", f.readline())
    except OSError:
        return "?"
    return match.group(1) if match else "?"


def write_ofl(out_dir: Path, notices: dict[str, list[str]],
              fallbacks: list[tuple[Fallback, list[str]]] = ()) -> Path:
    noto = _files_star(NOTO_COPYRIGHT)
    lxgw = _files_star(LXGW_COPYRIGHT)
    lines = []
    lines.append("Noto Serif CJK SC and Noto Sans CJK SC "
                 "(Debian package fonts-noto-cjk):")
    for c in notices["noto"]:
        lines.append(c)
    if noto.get("Copyright"):
        lines.append("Copyright " + ", ".join(_dep5_text(noto["Copyright"]).split("\n")))
    lines.append('Reserved Font Name "Source" (upstream noto-cjk LICENSE).')
    lines.append("")
    lines.append("LXGW WenKai (Debian package fonts-lxgw-wenkai):")
    for c in notices["lxgw"]:
        lines.append(c)
    if lxgw.get("Copyright"):
        lines.append("Copyright " + ", ".join(_dep5_text(lxgw["Copyright"]).split("\n")))
    if lxgw.get("Comment"):
        lines.append(textwrap.fill(" ".join(_dep5_text(lxgw["Comment"]).split("\n")),
                                   width=76))
    lines.append("")
    lines.append("The fonts in this folder are Modified Versions (subsets) of the "
                 "fonts above:")
    for t in TARGETS:
        lines.append(f"  {t.filename:<26} from {t.source.name} ({t.source_family})")
    lines.append(textwrap.fill("They were made by tools/build_fonts.py: reduced to GB 2312 and "
                 "common punctuation and symbols, most OpenType layout features "
                 "and hinting removed, the em dash set to its Chinese full-width "
                 "form, and renamed to \"Herald Serif SC\", "
                 "\"Herald Sans SC\" and \"Herald Kai\". None of the Reserved "
                 "Font Names (\"Source\", \"霞鹜\", \"LXGW\") is used, and the "
                 "fonts do not use the names Noto or LXGW WenKai.", width=76))
    lines.append("")
    if fallbacks:
        core = _files_star(NOTO_CORE_DOC / "copyright")
        lines.append("Noto Serif, Noto Sans Symbols2, Noto Sans Symbols and Noto Sans Math")
        lines.append(f"(Debian package fonts-noto-core {debian_version(NOTO_CORE_DOC)}):")
        for c in notices["noto-core"]:
            lines.append(c)
        if core.get("Copyright"):
            held = [h.strip() for h in _dep5_text(core["Copyright"]).split("\n") if h.strip()]
            lines.append("Copyright " + "; ".join(held))
        lines.append("")
        lines.append("The fallback fonts in this folder draw what the fonts above lack. They are")
        lines.append("Modified Versions of these:")
        for fb, sources in fallbacks:
            for k, ((file, _), source) in enumerate(zip(fb.sources, sources)):
                name, _, version = source.rpartition(" ")
                head = f"  {fb.filename:<26} from " if k == 0 else " " * 34
                lines.append(f"{head}{file} ({name}, version {version})")
        lines.append(textwrap.fill("They were made by tools/build_fonts.py: cut to Latin, Greek, "
                     "Cyrillic, punctuation and common signs (Herald Serif LGC) and to "
                     "arrows, mathematical operators, geometric shapes, symbols and "
                     "dingbats (Herald Symbols, whose three cuts are merged into one "
                     "font), OpenType layout tables and hinting removed, and renamed. "
                     "They do not use the name Noto.", width=76))
        lines.append("")
    lines.append("This Font Software is licensed under the SIL Open Font License, "
                 "Version 1.1.")
    lines.append("This license is copied below, and is also available with a FAQ at:")
    lines.append(notices["url"])
    lines.append("")
    lines.append("")
    text = "\n".join(lines) + "\n" + ofl_text() + "\n"
    path = out_dir / "OFL.txt"
    path.write_text(text, encoding="utf-8")
    return path


def copyright_lines(font: TTFont) -> list[str]:
    text = font["name"].getDebugName(0) or ""
    return [ln.strip() for ln in re.split(r"[\r\n]+", text) if ln.strip()]


# --------------------------------------------------------------------------

def check_sources() -> None:
    missing = [(t.source, t.package) for t in TARGETS if not t.source.is_file()]
    missing += [(path, fb.package) for fb in FALLBACKS for path in fb.paths if not path.is_file()]
    if not missing:
        return
    packages = sorted({package for _, package in missing})
    for path, _ in dict.fromkeys(missing):
        print(f"error: missing source font {path}", file=sys.stderr)
    print("Install the Debian package(s) that provide them:\n"
          f"    sudo apt-get install {' '.join(packages)}", file=sys.stderr)
    sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "resources" / "fonts",
                    help="output folder (default: resources/fonts)")
    ap.add_argument("--layouts", type=Path, default=REPO / "layouts",
                    help="folder scanned for extra characters (default: layouts/)")
    args = ap.parse_args(argv)

    check_sources()
    args.out.mkdir(parents=True, exist_ok=True)

    extra = layout_chars(args.layouts)
    wanted = gb2312_chars() | fixed_ranges() | extra
    if args.layouts.is_dir():
        print(f"{len(extra)} distinct characters from {args.layouts}")
    else:
        print(f"(no {args.layouts} folder: no extra characters)")

    notices: dict[str, list[str]] = {"noto": [], "lxgw": [], "url": ""}
    for t in TARGETS:
        src = open_member(t)
        key = "lxgw" if t.package == "fonts-lxgw-wenkai" else "noto"
        for line in copyright_lines(src):
            if line not in notices[key]:
                notices[key].append(line)
        notices["url"] = notices["url"] or (src["name"].getDebugName(14) or "")
    notices["url"] = notices["url"] or "https://openfontlicense.org"

    for t in TARGETS:
        path, ncp, nglyphs, dupes, missing = build(t, wanted, args.out, extra)
        size = path.stat().st_size
        note = (f" ({len(dupes)} given their own glyph copy: "
                + "".join(chr(cp) if unicodedata.category(chr(cp))[0] not in "CZ"
                          else f"<U+{cp:04X}>" for cp in dupes) + ")") if dupes else ""
        print(f"{path}  {size / 1e6:.2f} MB  {nglyphs} glyphs  "
              f"{ncp} code points{note}")
        if missing:
            shown = "".join(chr(cp) for cp in missing[:40])
            more = " ..." if len(missing) > 40 else ""
            print(f"  warning: {len(missing)} character(s) from layouts/ not in "
                  f"{t.source.name}: {shown}{more}")
    notices["noto-core"] = []
    for fb in FALLBACKS:
        for file, family in fb.sources:
            for line in copyright_lines(open_source(NOTO_CORE_DIR / file, family)):
                if line not in notices["noto-core"]:
                    notices["noto-core"].append(line)
    built = []
    for fb in FALLBACKS:
        path, ncp, nglyphs, dupes, sources = build_fallback(fb, args.out)
        built.append((fb, sources))
        note = f" ({len(dupes)} given their own glyph copy)" if dupes else ""
        print(f"{path}  {path.stat().st_size / 1e3:.0f} KB  {nglyphs} glyphs  {ncp} code points{note}")
    print(write_ofl(args.out, notices, built))
    return 0


if __name__ == "__main__":
    sys.exit(main())
