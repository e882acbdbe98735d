"""Make the placeholder images that an issue's descriptors ask for.

Every photo, image or advert block marked ``placeholder = true`` gets a
grey picture at its frame's aspect ratio that says plainly it is a
placeholder (示意占位图) and what it stands for. QR placeholders are a plain
framed square with a label: never a pattern that could pass for a real,
scannable code.

    python tools/make_placeholders.py [ISSUE_FOLDER] [--force]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.model.load import load_issue  # noqa: E402
from viewer.model.types import Advert, Image as ImageBlock, Photo  # noqa: E402

FONT = ROOT / "resources" / "fonts" / "HeraldSansSC-Bold.otf"
LONG_SIDE = 1600


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _centered(draw: ImageDraw.ImageDraw, box, text: str, size: int, fill) -> None:
    font = _font(size)
    x0, y0, x1, y1 = box
    l, t, r, b = draw.textbbox((0, 0), text, font=font)
    draw.text(((x0 + x1 - (r - l)) / 2 - l, (y0 + y1 - (b - t)) / 2 - t), text, font=font, fill=fill)


def make_photo(path: Path, width: int, height: int, title: str) -> None:
    img = Image.new("RGB", (width, height), (214, 214, 210))
    d = ImageDraw.Draw(img)
    step = max(24, width // 24)
    for x in range(-height, width, step):
        d.line([(x, 0), (x + height, height)], fill=(200, 200, 196), width=max(2, step // 6))
    d.rectangle([0, 0, width - 1, height - 1], outline=(120, 120, 120), width=max(2, width // 300))
    s = max(14, min(min(width, height) // 9, int(width * 0.7 / 12)))  # the label is about 12 em wide
    band = (width * 0.12, height * 0.5 - s * 1.9, width * 0.88, height * 0.5 + s * 1.9)
    d.rectangle(band, fill=(245, 245, 242), outline=(120, 120, 120), width=2)
    _centered(d, (band[0], band[1], band[2], band[1] + s * 1.5), "示意占位图 PLACEHOLDER", s, (90, 90, 90))
    _centered(d, (band[0], band[1] + s * 1.5, band[2], band[3]), title, max(14, s * 2 // 3), (90, 90, 90))
    img.save(path)


def make_qr(path: Path, side: int, title: str) -> None:
    img = Image.new("RGB", (side, side), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, side - 1, side - 1], outline=(110, 110, 110), width=max(2, side // 60))
    m = side // 10
    d.rectangle([m, m, side - m, side - m], outline=(170, 170, 170), width=max(1, side // 120))
    _centered(d, (0, side * 0.25, side, side * 0.5), "二维码", side // 7, (90, 90, 90))
    _centered(d, (0, side * 0.5, side, side * 0.7), "占位图", side // 9, (90, 90, 90))
    _centered(d, (0, side * 0.7, side, side * 0.85), title, side // 14, (130, 130, 130))
    img.save(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("issue", nargs="?", default=str(ROOT / "layouts" / "2025-12-29"))
    ap.add_argument("--force", action="store_true", help="remake images that exist")
    args = ap.parse_args(argv)
    data = load_issue(args.issue)
    if data.issue is None:
        for p in data.problems:
            print(p, file=sys.stderr)
        return 1
    made = 0
    for pd in data.pages:
        geo = pd.geometry
        for b in pd.page.blocks:
            if not isinstance(b, (Photo, ImageBlock, Advert)) or not getattr(b, "placeholder", False) or not b.image:
                continue
            target = (data.root / b.image).resolve()
            if target.exists() and not args.force:
                continue
            x0, y0, x1, y1 = geo.frame_rect(b.frame)
            w, h = x1 - x0, y1 - y0
            if isinstance(b, Photo) and b.caption:
                h = max(h * 0.75, h - 3 * geo.pitch_pt)
            scale = LONG_SIDE / max(w, h)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(b, ImageBlock):
                make_qr(target, 600, b.label or b.id)
            else:
                make_photo(target, max(64, round(w * scale)), max(64, round(h * scale)), f"{pd.page.number:02d}版 {b.id}")
            print(f"made {target.relative_to(data.root)}")
            made += 1
    print(f"{made} placeholder image(s) made")
    return 0


if __name__ == "__main__":
    sys.exit(main())
