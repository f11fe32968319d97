"""Page and crop geometry for OCR: detection scale, turning pages and mapping points back, blank gaps to cut long
lines at, and cheap looks at a page (blank, lying on its side)."""

from __future__ import annotations

from app.ingest.ocr.settings import (
    DET_CROP_SKIP,
    DET_MAX_LONG,
    DET_SHORT,
    DET_SIDE,
    ELONGATED,
    PIECE_RATIO,
    SPLIT_RATIO,
)


def det_limit(height: int, width: int, side: int = DET_SIDE) -> tuple[str, int]:
    """RapidOCR (limit_type, limit_side_len) for an image: `side` px on the long side for page-shaped images;
    elongated ones (receipts) are scaled so their short side gets DET_SHORT px (up or down), long side capped."""
    long, short = max(height, width), max(1, min(height, width))
    if long / short <= ELONGATED:
        return "max", side
    scale = min(DET_SHORT * side / DET_SIDE / short, DET_MAX_LONG / long)
    if scale > 1:
        return "min", round(short * scale)
    return "max", max(32, round(long * max(scale, side / long)))


def turn(img, degrees: int):
    import cv2

    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return img if degrees % 360 == 0 else cv2.rotate(img, codes[degrees % 360])


def unturn_point(x: float, y: float, degrees: int, width: int, height: int) -> tuple[float, float]:
    """Map a point of the image turned clockwise by `degrees` back to the original width x height image."""
    d = degrees % 360
    if d == 90:
        return y, height - x
    if d == 180:
        return width - x, height - y
    if d == 270:
        return width - y, x
    return x, y


def flip_quads(quads: list, height: int, width: int) -> list:
    """Quads of a height x width image as they lie on the image turned 180 degrees (corners stay clockwise
    from top-left), so a flipped page needs no second detection."""
    return [[(width - q[i][0], height - q[i][1]) for i in (2, 3, 0, 1)] for q in quads]


def blank_cuts(crop, ratio: float = SPLIT_RATIO, piece: float = PIECE_RATIO) -> list[int]:
    """Columns at which a long line crop can be cut without cutting a character (widest blank gaps)."""
    import numpy as np

    h, w = crop.shape[:2]
    if w <= ratio * h:
        return []
    gray = crop if crop.ndim == 2 else crop.mean(axis=2)
    ink = (gray < (gray.mean() - 40)).sum(axis=0)
    blank = ink <= max(1, h // 24)
    cuts: list[int] = []
    step = int(piece * h)
    target = step
    while target < w - h * 4:
        lo, hi = max(cuts[-1] + h if cuts else h, target - step // 3), min(w - h * 2, target + step // 3)
        best, best_len, run_start = -1, 0, -1
        for x in range(lo, hi):
            if blank[x]:
                if run_start < 0:
                    run_start = x
                if x - run_start + 1 > best_len:
                    best_len, best = x - run_start + 1, (run_start + x) // 2
            else:
                run_start = -1
        if best > 0 and best_len >= max(2, h // 12):
            cuts.append(best)
            target = best + step
        else:
            target += step // 2
    return cuts if np.all(np.diff([0, *cuts, w]) > 0) else []


def gap_width(crop, x: int) -> int:
    """Width of the blank run around column x of a crop (to tell a word space from a character gap)."""
    gray = crop if crop.ndim == 2 else crop.mean(axis=2)
    ink = (gray < (gray.mean() - 40)).sum(axis=0)
    lo = hi = x
    while lo > 0 and ink[lo - 1] <= 1:
        lo -= 1
    while hi < len(ink) - 1 and ink[hi + 1] <= 1:
        hi += 1
    return hi - lo + 1


def mostly_vertical(quads: list) -> bool:
    """Text lines taller than wide on most boxes: the page lies on its side (turned 90 or 270 degrees)."""
    tall = wide = 0
    for q in quads:
        w = abs(q[1][0] - q[0][0]) + abs(q[1][1] - q[0][1])
        h = abs(q[3][1] - q[0][1]) + abs(q[3][0] - q[0][0])
        if h > 1.5 * w:
            tall += 1
        elif w > 1.5 * h:
            wide += 1
    return tall >= 3 and tall > 2 * wide


def looks_blank(img, dark: int = 128, max_dark: int = 20) -> bool:
    """No ink at all (fewer than max_dark dark pixels on a half-resolution sample): skip detection (~0.6 s)."""
    sample = img[::2, ::2, 0] if img.ndim == 3 else img[::2, ::2]
    return int((sample < dark).sum()) < max_dark


def ink_window(img, margin: int, grid: int = 32, below_paper: int = 60, least: int = 2) -> tuple[int, int, int, int] | None:
    """The part of a page image (at detection scale, sides multiples of `grid`) that holds ink, as (y0, y1, x0, x1):
    the rows and columns with at least `least` pixels darker than the paper (the median grey) by `below_paper`
    (a lone speck of scanner noise does not count), grown by `margin` and out to the grid.
    None when there is no ink or the window is nearly the whole page (DET_CROP_SKIP): detect on all of it."""
    import numpy as np

    gray = img[:, :, 0] if img.ndim == 3 else img
    h, w = gray.shape[:2]
    ink = gray < int(np.median(gray)) - below_paper
    rows, cols = np.flatnonzero(ink.sum(axis=1) >= least), np.flatnonzero(ink.sum(axis=0) >= least)
    if not len(rows):
        return None
    y0, x0 = (max(0, (int(v[0]) - margin) // grid * grid) for v in (rows, cols))
    y1, x1 = (min(n, -(-(int(v[-1]) + 1 + margin) // grid) * grid) for v, n in ((rows, h), (cols, w)))
    if (y1 - y0) * (x1 - x0) > DET_CROP_SKIP * h * w:
        return None
    return y0, y1, x0, x1


def normalise_for_detection(img, pre):
    """RapidOCR's DetPreProcess.normalize of a uint8 image (the same float32 values, bit for bit) by a 256-entry
    table per channel instead of float64 arithmetic over the whole image: a third of the time."""
    import numpy as np

    if img.dtype != np.uint8 or img.ndim != 3:
        return pre.normalize(img).astype(np.float32)
    values = np.arange(256, dtype=np.float32)[:, None] * pre.scale
    table = ((values - np.broadcast_to(pre.mean, (img.shape[2],))) / np.broadcast_to(pre.std, (img.shape[2],)))
    table = table.astype(np.float32)
    if all(np.array_equal(table[:, 0], table[:, c]) for c in range(1, img.shape[2])):
        return table[img, 0]
    return np.stack([table[img[:, :, c], c] for c in range(img.shape[2])], axis=2)
