"""Skew of a scanned page from its word boxes, so rows stay rows when a scan is slightly rotated."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from nlp.statements.boxes import Box

COARSE = [k / 1000 for k in range(-40, 41, 8)]  # ±2.3°, then refined to ~0.06° around the best
MIN_GAIN = 1.05  # a tilted reading must sharpen the rows by 5% to be believed


def _sharpness(boxes: Sequence[Box], slope: float) -> int:
    """Projection-profile sharpness: sum of squared counts of box centres per 1-pt band."""
    bands = Counter(int(b.yc - slope * b.xc) for b in boxes)
    return sum(v * v for v in bands.values())


def estimate_slope(boxes: Sequence[Box]) -> float:
    """dy/dx of the text rows (0.0 for a straight page or too few boxes)."""
    if len(boxes) < 20:
        return 0.0
    flat = _sharpness(boxes, 0.0)
    best, best_score = 0.0, flat
    for s in COARSE:
        score = _sharpness(boxes, s)
        if score > best_score:
            best, best_score = s, score
    for s in [best + k / 1000 for k in range(-4, 5) if k]:
        score = _sharpness(boxes, s)
        if score > best_score:
            best, best_score = s, score
    return best if best_score >= flat * MIN_GAIN else 0.0


def deskew(boxes: list[Box]) -> list[Box]:
    """Boxes with their y moved onto straight rows (x kept), when the page is measurably tilted."""
    slope = estimate_slope(boxes)
    if slope == 0.0:
        return boxes
    return [Box(b.x0, b.y0 - slope * b.xc, b.x1, b.y1 - slope * b.xc, b.text) for b in boxes]
