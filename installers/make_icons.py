"""Render installers/caselens.svg to the PNG/ICO/ICNS icons the installers need (build/icons/), at build time.

Usage: python installers/make_icons.py [--out build/icons]. PyMuPDF draws the SVG; Pillow writes ICO and ICNS.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "installers" / "caselens.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)


def render_png(size: int) -> bytes:
    import pymupdf

    doc = pymupdf.open(str(SVG))
    page = doc[0]
    zoom = size / page.rect.width
    png = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=True).tobytes("png")
    doc.close()
    return png


def write_icons(out: Path) -> list[Path]:
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        path = out / f"caselens_{size}.png"
        path.write_bytes(render_png(size))
        written.append(path)
    (out / "caselens.png").write_bytes(render_png(256))
    big = Image.open(io.BytesIO(render_png(512))).convert("RGBA")
    big.save(out / "caselens.ico", sizes=[(s, s) for s in (16, 32, 48, 64, 128, 256)])
    big.save(out / "caselens.icns")
    written += [out / "caselens.png", out / "caselens.ico", out / "caselens.icns"]
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "icons")
    args = parser.parse_args()
    for path in write_icons(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
