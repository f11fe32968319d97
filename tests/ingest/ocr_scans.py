"""Small scanned PDFs for OCR tests: typed text rasterised at 200 dpi and embedded as a JPEG-only page."""

from __future__ import annotations

from pathlib import Path


def scan_image(lines: list[str], *, rotate: int = 0, skew: float = 0.0, dpi: int = 200):
    """Greyscale page image (numpy) of the given lines, optionally skewed and turned clockwise."""
    import cv2
    import numpy as np
    import pymupdf

    src = pymupdf.open()
    page = src.new_page(width=595, height=842)
    y = 80
    for line in lines:
        font = "helv" if line.isascii() else "china-s"  # china-s sets Latin full-width
        page.insert_text((60, y), line, fontname=font, fontsize=14)
        y += 30
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()
    src.close()
    if skew:
        h, w = img.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
        img = cv2.warpAffine(img, m, (w, h), borderValue=255)
    if rotate:
        codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
        img = cv2.rotate(img, codes[rotate])
    return img


def make_scanned_pdf(path: Path, pages: list[list[str]], *, rotations: dict[int, int] | None = None,
                     skews: dict[int, float] | None = None) -> Path:
    """An image-only PDF: each page is a JPEG scan of its lines (no text layer)."""
    import cv2
    import pymupdf

    out = pymupdf.open()
    for i, lines in enumerate(pages):
        rot = (rotations or {}).get(i, 0)
        img = scan_image(lines, rotate=rot, skew=(skews or {}).get(i, 0.0))
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])
        assert ok
        w, h = (842, 595) if rot in (90, 270) else (595, 842)
        page = out.new_page(width=w, height=h)
        page.insert_image(page.rect, stream=buf.tobytes())
    out.save(path)
    out.close()
    return path
