"""Scan degradation: rasterise pages at 200-300 dpi with skew, blur, noise, JPEG; some pages turned."""

from __future__ import annotations

import io
import random


def degrade(img, rng: random.Random, color: bool) -> tuple[bytes, int]:
    """One page image (PIL) made to look scanned; returns JPEG bytes and the rotation applied (0/90/180/270)."""
    import numpy as np
    from PIL import Image, ImageFilter

    fill = (255, 255, 255) if color else 255
    img = img.rotate(rng.uniform(-1.5, 1.5), resample=Image.BILINEAR, expand=False, fillcolor=fill)
    arr = np.asarray(img).astype(np.int16)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 4), arr.shape[:2])
    if color:
        noise = noise[..., None]
    arr = np.clip(arr + noise - rng.randint(0, 12), 0, 255).astype(np.uint8)  # grain and a slightly grey paper
    img = Image.fromarray(arr)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.1)))  # optics; also keeps the JPEG small
    r = rng.random()
    rotation = 90 if r < 0.05 else 180 if r < 0.08 else 0
    if rotation:
        img = img.rotate(-rotation, expand=True)  # page fed into the scanner turned clockwise
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=rng.randint(60, 70), optimize=False)
    return out.getvalue(), rotation


def scan_document(doc, rng: random.Random):
    """A new image-only PDF from `doc`: every page rasterised and degraded; returns (doc, rotations)."""
    import pymupdf
    from PIL import Image

    out = pymupdf.open()
    rotations = []
    for page in doc:
        dpi = rng.choice([200, 200, 200, 240, 300])
        has_stamp = bool(page.get_images(full=False))
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB if has_stamp else pymupdf.csGRAY)
        img = Image.frombytes("RGB" if has_stamp else "L", (pix.width, pix.height), pix.samples)
        jpeg, rot = degrade(img, rng, color=has_stamp)
        w, h = page.rect.width, page.rect.height
        if rot in (90, 270):
            w, h = h, w
        new = out.new_page(width=w, height=h)
        new.insert_image(new.rect, stream=jpeg)
        rotations.append(rot)
    doc.close()
    return out, rotations
