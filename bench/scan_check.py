"""What the decision about a page's scan costs (viewer/sources/scan_check.py):
the header alone, the decision (header, pixel budget and the check of the
file's end that finds a truncated file), and, beside them, what a decode at
the smallest size would cost as the check instead, and a whole decode.

The files: the Library of Congress page PDF in tests/data (one 2146 x 3038
greyscale JPEG), that JPEG alone, and made from it in a temporary folder a
JPEG 2000, a PNG, an uncompressed and an LZW TIFF; the fixtures' JPEG
service copy, 1-bit Group 4 TIFF master and PNG; a 6000 x 9000 px JPEG as
tools/make_scanned_issue.py draws a library's master. Each figure is the
best of ``--repeats`` runs, in milliseconds of wall-clock time.

    python bench/scan_check.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from viewer.mupdf import load_pymupdf  # noqa: E402
from viewer.sources import scan_check  # noqa: E402

DATA = ROOT / "tests" / "data"


def best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def header(path: Path) -> None:
    with Image.open(path) as im:
        im.size  # noqa: B018


def smallest_decode(path: Path, level: int = 5) -> None:
    with Image.open(path) as im:
        w, h = im.size
        if im.format == "JPEG":
            im.draft(im.mode, (w // 8, h // 8))
        elif im.format == "JPEG2000":
            im.reduce = level
        im.load()


def smallest_level(path: Path) -> int:
    """The lowest resolution level OpenJPEG decodes this JPEG 2000 at (it
    fails on the lowest levels of some files)."""
    for level in range(5, 0, -1):
        try:
            smallest_decode(path, level)
            return level
        except OSError:
            continue
    return 0


def whole_decode(path: Path) -> None:
    with Image.open(path) as im:
        im.load()


def files(folder: Path) -> list[Path]:
    pymupdf = load_pymupdf()
    with pymupdf.open(DATA / "ndnp-mnhi-1878-01-03" / "0011.pdf") as doc:
        jpeg = doc.extract_image(doc[0].get_images()[0][0])["image"]
    out = [folder / "ndnp.jpg"]
    out[0].write_bytes(jpeg)
    with Image.open(io.BytesIO(jpeg)) as im:
        im.save(folder / "ndnp.jp2", quality_mode="rates", quality_layers=[40], irreversible=True)
        im.save(folder / "ndnp.png")
        im.save(folder / "ndnp.tif")
        im.save(folder / "ndnp-lzw.tif", compression="tiff_lzw")
    out += [folder / n for n in ("ndnp.jp2", "ndnp.png", "ndnp.tif", "ndnp-lzw.tif")]
    fixtures = DATA / "fixtures"
    out += [fixtures / "service-half" / "images" / "0001-service.jpg",
            fixtures / "service-half" / "images" / "0001-master.tif", fixtures / "alto-v4" / "0001.png"]
    big = folder / "master-6000x9000.jpg"
    Image.effect_noise((6000, 9000), 40).point(lambda v: 150 + v // 3).save(big, quality=85)
    out.append(big)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    pymupdf = load_pymupdf()
    pdf = DATA / "ndnp-mnhi-1878-01-03" / "0011.pdf"
    print(f"{'file':28} {'bytes':>10} {'header':>8} {'decision':>9} {'smallest':>9} {'whole':>8}  (ms)")
    d = best(lambda: scan_check.judge_pdf(pdf, pdf.name, pymupdf), args.repeats)
    print(f"{'ndnp page PDF':28} {pdf.stat().st_size:>10} {'':>8} {d:>9.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in files(Path(tmp)):
            scan, why = scan_check.judge_image(path, path.name)
            assert scan is not None, why
            level = smallest_level(path) if path.suffix == ".jp2" else 0
            h = best(lambda p=path: header(p), args.repeats)
            d = best(lambda p=path: scan_check.judge_image(p, p.name), args.repeats)
            s = best(lambda p=path, lv=level: smallest_decode(p, lv), max(1, args.repeats // 2))
            w = best(lambda p=path: whole_decode(p), 1)
            print(f"{path.name:28} {path.stat().st_size:>10} {h:>8.2f} {d:>9.2f} {s:>9.1f} {w:>8.1f}")


if __name__ == "__main__":
    main()
