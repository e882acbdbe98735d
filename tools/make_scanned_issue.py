"""Make a METS/ALTO package of scanned pages, for benchmarks.

The pages' OCR comes from a real package (by default the British Library's
Statesman of 1824 in tests/data, four pages of ALTO 1.4 in pixels), used in
turn for as many pages as asked. Each page gets a JPEG scan of the size a
library's master has (by default 6000 x 9000 px) drawn from its ALTO: paper
of uneven grey, every word a dark box where the OCR found it. The issue
METS (NDNP style: pages with their files, no articles) ties them together.

    python tools/make_scanned_issue.py [-o FOLDER] [--pages 12] [--size 6000x9000]

Prints the package's folder (by default a fresh folder under the system's
temporary directory). ``herald validate FOLDER`` finds it sound.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "bl-statesman-1824-02-17"
OCR_DPI = 300  # the resolution the source's pixels are taken at


def _alto_files(source: Path) -> list[Path]:
    files = sorted(p for p in source.glob("*.xml") if b"<alto" in p.read_bytes()[:4096].lower())
    if not files:
        raise SystemExit(f"no ALTO files in {source}")
    return files


def _words(alto: Path) -> tuple[tuple[float, float], list[tuple[float, float, float, float]]]:
    """(page size in ALTO pixels, word boxes) of an ALTO file."""
    tree = etree.parse(str(alto), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    page = next(e for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "Page")
    size = float(page.get("WIDTH")), float(page.get("HEIGHT"))
    boxes = []
    for e in tree.iter():
        if isinstance(e.tag, str) and etree.QName(e).localname == "String":
            try:
                x, y, w, h = (float(e.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
            except (TypeError, ValueError):
                continue
            boxes.append((x, y, x + w, y + h))
    return size, boxes


def _scan(size_px: tuple[int, int], alto_size, boxes, seed: int) -> Image.Image:
    w, h = size_px
    kx, ky = w / alto_size[0], h / alto_size[1]
    rnd = random.Random(seed)
    # paper: a coarse field of grey values, enlarged smoothly
    small = Image.new("L", (max(2, w // 40), max(2, h // 40)))
    small.putdata([rnd.randint(214, 242) for _ in range(small.width * small.height)])
    img = small.resize((w, h), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(3))
    draw = ImageDraw.Draw(img)
    for x0, y0, x1, y1 in boxes:
        ink = rnd.randint(20, 70)
        # a word: a few strokes rather than a solid box
        top, bottom = y0 * ky + (y1 - y0) * ky * 0.2, y1 * ky - (y1 - y0) * ky * 0.15
        x = x0 * kx
        while x < x1 * kx:
            step = rnd.uniform(2.5, 6.0) * kx
            draw.rectangle((x, top, min(x + step * 0.55, x1 * kx), bottom), fill=ink)
            x += step
    return img.convert("RGB")


METS = """<?xml version="1.0" encoding="UTF-8"?>
<mets xmlns="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink"
      xmlns:mods="http://www.loc.gov/mods/v3" LABEL="{label}">
  <dmdSec ID="issue"><mdWrap MDTYPE="MODS"><xmlData><mods:mods>
    <mods:titleInfo><mods:title>{title}</mods:title></mods:titleInfo>
    <mods:originInfo><mods:dateIssued encoding="iso8601">{date}</mods:dateIssued></mods:originInfo>
  </mods:mods></xmlData></mdWrap></dmdSec>
  <fileSec>
    <fileGrp USE="service">
{images}
    </fileGrp>
    <fileGrp USE="ocr">
{altos}
    </fileGrp>
  </fileSec>
  <structMap TYPE="PHYSICAL">
    <div TYPE="issue">
{pages}
    </div>
  </structMap>
</mets>
"""


def make_scanned_issue(pages: int = 12, out: str | Path | None = None, size: tuple[int, int] = (6000, 9000),
                       source: Path = SOURCE, quality: int = 85) -> Path:
    """Write the package and return its folder."""
    altos = _alto_files(source)
    out = Path(out) if out else Path(tempfile.mkdtemp(prefix="herald-scanned-"))
    (out / "ALTO").mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(exist_ok=True)
    images, alto_files, divs = [], [], []
    for n in range(1, pages + 1):
        src = altos[(n - 1) % len(altos)]
        alto_name = f"ALTO/{n:05d}.xml"
        shutil.copyfile(src, out / alto_name)
        alto_size, boxes = _words(src)
        dpi = round(OCR_DPI * size[0] / alto_size[0], 3)
        _scan(size, alto_size, boxes, n).save(out / "images" / f"{n:05d}.jpg", "JPEG", quality=quality,
                                              dpi=(dpi, dpi))
        images.append(f'      <file ID="IMG{n}" MIMETYPE="image/jpeg"><FLocat LOCTYPE="URL" '
                      f'xlink:href="file://./images/{n:05d}.jpg"/></file>')
        alto_files.append(f'      <file ID="ALTO{n}" MIMETYPE="text/xml"><FLocat LOCTYPE="URL" '
                          f'xlink:href="file://./{alto_name}"/></file>')
        divs.append(f'      <div TYPE="page" ORDER="{n}" ORDERLABEL="{n}"><fptr FILEID="IMG{n}"/>'
                    f'<fptr FILEID="ALTO{n}"/></div>')
    text = METS.format(label="The Benchmark Gazette, 1824-02-17", title="The Benchmark Gazette", date="1824-02-17",
                       images="\n".join(images), altos="\n".join(alto_files), pages="\n".join(divs))
    (out / "mets.xml").write_text(text, encoding="utf-8")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", help="folder to write (default: a new temporary folder)")
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--size", default="6000x9000", help="scan size in pixels, WxH")
    ap.add_argument("--source", default=str(SOURCE), help="a folder of ALTO files to take the OCR from")
    args = ap.parse_args(argv)
    m = re.fullmatch(r"(\d+)[xX](\d+)", args.size)
    if not m or args.pages < 1:
        ap.error("--size WxH and --pages N >= 1")
    print(make_scanned_issue(args.pages, args.out, (int(m[1]), int(m[2])), Path(args.source)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
