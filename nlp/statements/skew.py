"""Skew of a scanned page from its word boxes, so rows stay rows when a scan is slightly rotated."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nlp.statements.boxes import Box

if TYPE_CHECKING:
    import numpy as np

COARSE = [k / 1000 for k in range(-40, 41, 8)]  # ±2.3°, then refined to ~0.06° around the best
MIN_GAIN = 1.05  # a tilted reading must sharpen the rows by 5% to be believed


def _sharpness(xc: np.ndarray, yc: np.ndarray, slope: float) -> int:
    """Projection-profile sharpness: sum of squared counts of box centres per 1-pt band (the band is the
    centre's height truncated toward zero, as int() does)."""
    import numpy as np

    bands = np.trunc(yc - slope * xc).astype(np.int64)
    counts = np.bincount(bands - bands.min())
    return int((counts * counts).sum())


def estimate_slope(boxes: Sequence[Box]) -> float:
    """dy/dx of the text rows (0.0 for a straight page or too few boxes)."""
    import numpy as np

    if len(boxes) < 20:
        return 0.0
    rows = Counter(round(b.y1, 1) for b in boxes)
    if sum(n for n in rows.values() if n > 1) >= 0.8 * len(boxes):
        return 0.0  # a text layer: words of a row share their baseline to the tenth of a point
    xc = np.fromiter((b.xc for b in boxes), dtype=np.float64, count=len(boxes))
    yc = np.fromiter((b.yc for b in boxes), dtype=np.float64, count=len(boxes))
    flat = _sharpness(xc, yc, 0.0)
    best, best_score = 0.0, flat
    for s in COARSE:
        score = _sharpness(xc, yc, s)
        if score > best_score:
            best, best_score = s, score
    for s in [best + k / 1000 for k in range(-4, 5) if k]:
        score = _sharpness(xc, yc, s)
        if score > best_score:
            best, best_score = s, score
    return best if best_score >= flat * MIN_GAIN else 0.0


def deskew(boxes: list[Box], centre: tuple[float, float] | None = None) -> list[Box]:
    """Boxes turned back about the page centre (the scanner turned the page about it), when measurably tilted.

    Rows become straight and columns upright again: at 1.5° a box 300 pt from the centre moves ~8 pt
    sideways, enough to change its column. Box sizes are kept; only their centres move.
    """
    slope = estimate_slope(boxes)
    if slope == 0.0:
        return boxes
    if centre is None or not all(centre):
        centre = ((min(b.x0 for b in boxes) + max(b.x1 for b in boxes)) / 2,
                  (min(b.y0 for b in boxes) + max(b.y1 for b in boxes)) / 2)
    cx, cy = centre
    norm = (1 + slope * slope) ** 0.5
    cos, sin = 1 / norm, slope / norm
    out = []
    for b in boxes:
        dx, dy = b.xc - cx, b.yc - cy
        nx, ny = cx + dx * cos + dy * sin, cy - dx * sin + dy * cos
        mx, my = nx - b.xc, ny - b.yc
        out.append(Box(b.x0 + mx, b.y0 + my, b.x1 + mx, b.y1 + my, b.text))
    return out
