"""Page to image for OCR: 200 dpi greyscale as a numpy array, refusing decompression bombs before decoding.

200 dpi is enough: recognition resizes every line to 48 px high (an 11 pt line is ~30 px at 200 dpi)
and detection works at 960 px on the long side, so a higher resolution only costs rendering time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from app.core.errors import CaseLensError
from app.ingest.images import MAX_PIXELS

RENDER_DPI = 200
MAX_RENDER_PIXELS = 40_000_000  # an A4 page at 200 dpi is 3.9 MP; a huge page is rendered at a lower dpi
MIN_RENDER_DPI = 36


@dataclass(frozen=True)
class RenderedPage:
    """A page image (H x W x 3 uint8 BGR), pixels per PDF point, and the SHA-256 of its pixels."""

    image: Any
    scale_x: float
    scale_y: float
    digest: str


def check_page_images(page, *, path: str | None = None, number: int | None = None) -> None:
    """Refuse (E007) a page embedding an image above MAX_PIXELS: decoding it would exhaust memory."""
    for info in page.get_images(full=True):
        width, height = int(info[2]), int(info[3])
        if width * height > MAX_PIXELS:
            raise CaseLensError("E007", f"embedded image is {width} x {height} pixels", path=path, page=number)


def render_dpi(width_pt: float, height_pt: float, dpi: int = RENDER_DPI) -> int:
    """The dpi to render at: `dpi`, lowered for huge pages so the image stays under MAX_RENDER_PIXELS."""
    pixels = width_pt * height_pt * (dpi / 72) ** 2
    if pixels <= MAX_RENDER_PIXELS:
        return dpi
    fitted = int(dpi * (MAX_RENDER_PIXELS / pixels) ** 0.5)
    if fitted < MIN_RENDER_DPI:
        raise CaseLensError("E007", f"page is {width_pt:.0f} x {height_pt:.0f} points")
    return fitted


def render_page(page, *, dpi: int = RENDER_DPI, path: str | None = None, number: int | None = None
                ) -> RenderedPage:
    """Render one PyMuPDF page to a greyscale image (as 3-channel BGR for the OCR models)."""
    import cv2
    import numpy as np
    import pymupdf

    check_page_images(page, path=path, number=number)
    rect = page.rect
    try:
        use_dpi = render_dpi(rect.width, rect.height, dpi)
    except CaseLensError as exc:
        raise CaseLensError("E007", exc.detail, path=path, page=number) from exc
    pix = page.get_pixmap(dpi=use_dpi, colorspace=pymupdf.csGRAY, alpha=False)
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    digest = hashlib.sha256(f"{pix.width}x{pix.height}:".encode() + gray.tobytes()).hexdigest()
    image = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    return RenderedPage(image, pix.width / rect.width, pix.height / rect.height, digest)
