"""Runs of hyphens ("-------", the empty-cell marker of bank statements) found on a page image and counted.

Text detection does not see a row of small dashes as text (at detection scale it is a thin grey rule), and
the recogniser reads nothing from such a crop either, so these runs are found directly: thin horizontal
ink components whose darkness along the run dips regularly, at a pitch that fits the page's text size
(a solid table rule has no dips; a dashed border has dashes far longer than a hyphen). Each dash is one
dip-separated dark segment, so the run is read as that many '-' characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.ingest.ocr.settings import DASH_CONFIDENCE
from app.ingest.ocr.types import OcrLine

INK = 200  # a pixel darker than this is ink (the light gaps between blurred dashes stay below it)
MIN_DASHES = 6  # fewer are left to the recogniser ("--" in text; 4 gave false runs on receipts: cut-off letter tops)


@dataclass(frozen=True)
class DashRun:
    """A run of `count` hyphens inside the box (x0, y0, x1, y1), image pixels."""

    x0: int
    y0: int
    x1: int
    y1: int
    count: int


def dash_centres(profile, dark: float, light: float) -> list[int]:
    """Columns of the dark dips of a column profile: minima below the midpoint with a clear rise between
    (hysteresis of 15 % of the contrast, at least 12 grey levels), so blurred, touching dashes still count."""
    mid = (dark + light) / 2
    rise = max(12.0, 0.15 * (light - dark))
    centres: list[int] = []
    falling, low, low_at, high = True, 255.0, -1, 0.0
    for x, v in enumerate(profile):
        v = float(v)
        if falling:
            if v < low:
                low, low_at = v, x
            elif v > low + rise:
                if low < mid:
                    centres.append(low_at)
                falling, high = False, v
        elif v > high:
            high = v
        elif v < high - rise:
            falling, low, low_at = True, v, x
    if falling and low < mid and low_at >= 0:
        centres.append(low_at)
    return centres


def count_dashes(strip, light: float) -> int:
    """How many dashes a thin strip (the run's own rows of grey) on paper of grey `light` holds; 0: no run."""
    import numpy as np

    profile = strip.min(axis=0).astype(np.float32)
    dark = float(np.percentile(profile, 10))
    if light - dark < 40:
        return 0
    centres = dash_centres(profile, dark, light)
    if len(centres) < MIN_DASHES:
        return 0
    pitches = np.diff(centres)
    if pitches.std() > 0.3 * pitches.mean():
        return 0  # irregular: text, a rule with a few gaps, noise
    return len(centres)


def _merge_pieces(boxes: list[list[int]], gap: float) -> list[tuple[int, int, int, int]]:
    """Join (x, y, w, h) pieces that follow each other on one row at most `gap` apart (the dashes of a run,
    or pieces of one run that a lighter gap split), sweeping left to right."""
    done: list[list[float]] = []
    open_runs: list[list[float]] = []  # [x0, y0, x1, y1]
    for x, y, w, h in sorted(boxes):
        still = []
        for run in open_runs:
            (still if run[2] >= x - gap else done).append(run)
        open_runs = still
        yc = y + h / 2
        for run in open_runs:
            if abs((run[1] + run[3]) / 2 - yc) <= 1.5 and x - run[2] <= gap:
                run[:] = [run[0], min(run[1], y), max(run[2], x + w), max(run[3], y + h)]
                break
        else:
            open_runs.append([x, y, x + w, y + h])
    return [(int(a), int(b), int(c - a), int(d - b)) for a, b, c, d in done + open_runs]


def find_dash_runs(gray, line_height: float, taken: list[tuple[float, float, float, float]] = ()
                   ) -> list[DashRun]:
    """Dash runs on a page (grey image), for text whose detected lines are about line_height px tall.

    Candidates are thin, long ink components of the image at half size (a quarter of the pixels to label),
    each is then counted on the full-size pixels. taken: boxes (x0, y0, x1, y1) of lines already
    detected; a run whose centre lies inside one is left to that line.
    """
    import cv2
    import numpy as np

    if line_height <= 0 or min(gray.shape[:2]) < 8:
        return []
    even = gray.shape[0] // 2 * 2
    small = np.minimum(gray[0:even:2, ::2], gray[1:even:2, ::2])  # darkest of each row pair: thin runs survive
    _t, ink = cv2.threshold(small, INK - 1, 1, cv2.THRESH_BINARY_INV)
    _n, _labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    max_thick = max(2, int(0.125 * line_height) + 1)  # half size
    min_pitch, max_pitch = 0.08 * line_height, 0.45 * line_height
    keep = (stats[:, 3] <= max_thick) & (stats[:, 2] * 5 >= stats[:, 3] * 6)  # thin, lying pieces
    keep[0] = False  # the background
    runs = []
    for x, y, w, h in _merge_pieces(stats[keep][:, :4].tolist(), max_pitch / 4):
        if h > max_thick or 2 * w < MIN_DASHES * min_pitch or w < 4 * h:
            continue
        x0, x1 = max(0, 2 * x - 2), min(gray.shape[1], 2 * (x + w) + 2)
        y0, y1 = max(0, 2 * y - 2), min(gray.shape[0], 2 * (y + h) + 2)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(a <= cx <= c and b <= cy <= d for a, b, c, d in taken):
            continue
        window = gray[y0:y1, x0:x1]
        rows = np.nonzero(window.min(axis=1) < INK)[0]
        if not len(rows):
            continue
        paper = np.concatenate([gray[max(0, y0 - 3):y0, x0:x1].ravel(), gray[y1:y1 + 3, x0:x1].ravel()])
        light = float(np.median(paper)) if paper.size else 255.0
        count = count_dashes(window[rows[0]:rows[-1] + 1], light)
        if count and min_pitch <= (x1 - x0) / count <= max_pitch:
            runs.append(DashRun(int(x0), int(y0 + rows[0]), int(x1), int(y0 + rows[-1] + 1), count))
    return runs


def dash_lines(img, quads: list) -> list[OcrLine]:
    """Runs of hyphens outside the detected lines, as lines one text-line tall (find_dash_runs)."""
    import numpy as np

    if not quads:
        return []
    heights = sorted(float(np.linalg.norm(np.subtract(q[3], q[0]))) for q in quads)
    height = heights[len(heights) // 2]
    taken = [(min(p[0] for p in q), min(p[1] for p in q), max(p[0] for p in q), max(p[1] for p in q))
             for q in quads]
    gray = img[:, :, 0] if img.ndim == 3 else img
    out = []
    for run in find_dash_runs(gray, height, taken):
        mid = (run.y0 + run.y1) / 2
        top, bottom = mid - height / 2, mid + height / 2
        quad = ((float(run.x0), top), (float(run.x1), top), (float(run.x1), bottom), (float(run.x0), bottom))
        out.append(OcrLine(quad, "-" * run.count, DASH_CONFIDENCE))
    return out
