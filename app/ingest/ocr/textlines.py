"""Text boxes of a clean printed page without the detection model: rulings removed, skew measured, ink cut
into lines by its row profile and lines into segments at wide gaps.

The detector (~0.85 CPU s on a dense statement page, half or more of a page's OCR) is the costliest step of
a clean scan, and on typewritten pages — records, forms, bank statements, ruled or not — the text lines are
what a row profile shows. `text_boxes` returns the boxes in the page's own frame (quads as the detector's:
top-left, top-right, bottom-right, bottom-left) or None when the page is not one it can read safely: too
little or too much ink, text not running left to right (a page on its side), a skew outside ±3°, lines that do
not separate over much of the page (handwriting, a photo). The engine then detects as before. Where lines do
not separate only in a few places — a seal across the sign-off, a signature, a fingerprint, a photo box — the
rest of the page keeps its boxes and only those places (`TextBoxes.regions`) go to the detector.
"""

from __future__ import annotations

from dataclasses import dataclass

BELOW_PAPER = 60          # a pixel is ink when this many grey levels darker than the paper (as ink_window)
RULE_LENGTH = 72          # a straight run at least this long (px at 200 dpi, ~2.5 characters) is a ruling
MAX_SKEW = 3.0            # degrees searched for the skew
SKEW_STEP = 0.1
MIN_LINE_H = 7            # px: thinner bands are specks, dashes or the remains of a ruling
SEGMENT_GAP = 1.1         # a gap of this many line heights ends a segment (table columns, separate fields)
THIN = 0.4                # a segment this many times the median line height or thinner is no text
TALL = 2.3                # a segment this many times the page's median line height: lines did not separate
RULE_NEAR = 24            # px: how far above and below a line a ruling is looked for
SPECK = 3 * MIN_LINE_H    # px of ink: a run of rows with less is a speck, not a line's
WALL_STUB = 10            # px: ink this narrow touching a wall and a ruling is what is left of a ruling
STUB_NEAR = 4
PAD_Y, PAD_X = 0.34, 0.33  # margins around the ink, in line heights, as wide as the detector's boxes have
DOUBT_MARGIN = 0.5        # a region left to the detector reaches this many line heights beyond its ink ...
MAX_DOUBT = 0.25          # ... and the regions together over more than this share of the page: all detected
COLUMN = 0.5              # a tall segment narrower than this share of its height is text running down the page
MAX_DOUBTFUL = 24         # segments that do not separate: more than this, the whole page is in doubt


@dataclass(frozen=True)
class Segment:
    """A box in the deskewed frame: x0, y0, x1, y1 (ink extent, end exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int
    lo: int = -1 << 30  # the column walls on either side: a box's margin never reaches over them
    hi: int = 1 << 30
    top: int = -1 << 30  # the rulings above and below, likewise
    bottom: int = 1 << 30


@dataclass(frozen=True)
class TextBoxes:
    """A page's text boxes found without the detector (quads in the image's frame, reading order) and the
    rectangles (x0, y0, x1, y1 in the image's frame) where lines do not separate, left to the detector."""

    quads: list
    regions: list[tuple[int, int, int, int]]


def ink_mask(gray):
    """uint8 0/1: pixels darker than the paper by BELOW_PAPER."""
    import numpy as np

    paper = int(np.median(gray[::4, ::4]))
    return (gray < paper - BELOW_PAPER).astype(np.uint8)


def rulings(ink):
    """(text, walls, floors): the ink with long horizontal and vertical straight runs (table rulings, underlines)
    taken out, the vertical rulings alone (a column's wall: text on its two sides never joins into one box) and
    the horizontal ones (a box's margin stops short of them)."""
    import cv2
    import numpy as np

    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, RULE_LENGTH), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((RULE_LENGTH, 1), np.uint8))
    rules = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    return ink & (1 - rules), vertical, horizontal


def skew_angle(mask) -> float:
    """Degrees the text runs up to the right (sharpest row profile over ±MAX_SKEW), on a quarter-size sample."""
    import numpy as np

    ys, xs = np.nonzero(mask[::4, ::4])
    if len(ys) < 50:
        return 0.0
    if len(ys) > 60_000:
        pick = np.linspace(0, len(ys) - 1, 60_000).astype(np.int64)
        ys, xs = ys[pick], xs[pick]
    best, best_angle = -1.0, 0.0
    xs_c = xs - xs.mean()
    for angle in np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, SKEW_STEP):
        rows = np.round(ys + xs_c * np.tan(np.radians(angle))).astype(np.int64)
        rows -= rows.min()
        profile = np.bincount(rows).astype(np.float64)
        sharp = float((profile * profile).sum())
        if sharp > best:
            best, best_angle = sharp, float(angle)
    return best_angle


def _runs(profile, least: int, join: int):
    """(start, end) of runs where profile >= least, runs closer than `join` joined."""
    import numpy as np

    on = np.flatnonzero(profile >= least)
    if not len(on):
        return []
    breaks = np.flatnonzero(np.diff(on) > join)
    starts = np.concatenate(([on[0]], on[breaks + 1]))
    ends = np.concatenate((on[breaks], [on[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _split(on, gap: int, walls_cum):
    """Runs of the sorted columns `on`: a new run after a gap wider than `gap` or across a wall."""
    import numpy as np

    if not len(on):
        return []
    step = np.diff(on)
    crossed = walls_cum[on[1:]] - walls_cum[on[:-1]]
    breaks = np.flatnonzero((step > gap) | (crossed > 0))
    starts = np.concatenate(([on[0]], on[breaks + 1]))
    ends = np.concatenate((on[breaks], [on[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def segments(mask, walls=None, floors=None) -> list[Segment]:
    """Lines by the row profile, segments by wide gaps (or a column's wall) in each line, each trimmed to its
    own ink."""
    out: list[Segment] = []
    for a, b in [(a, b) for a, b in _runs(mask.sum(axis=1), 1, 1) if b - a >= MIN_LINE_H]:
        out.extend(_band_segments(mask, walls, floors, a, b, 0, mask.shape[1], True))
    return out


def _same_ink(s: Segment, o: Segment) -> bool:
    """Two boxes mostly over the same ink (more than half of the smaller one)."""
    w = min(s.x1, o.x1) - max(s.x0, o.x0)
    h = min(s.y1, o.y1) - max(s.y0, o.y0)
    return w > 0 and h > 0 and w * h > 0.5 * min((s.x1 - s.x0) * (s.y1 - s.y0), (o.x1 - o.x0) * (o.y1 - o.y0))


def _cell_columns(walls, a: int, b: int, x0: int, x1: int) -> tuple[int, int]:
    """Columns [x0, x1) widened to the walls on either side in rows [a, b): a label centred over two columns
    (发生额/元 over 借方 | 贷方) was cut at the wall of the row below; in its own rows it reaches to its cell's
    walls. Unchanged without a wall on both sides (no ruled cell to widen to)."""
    import numpy as np

    if walls is None:
        return x0, x1
    wall = walls[a:b].any(axis=0)
    left, right = np.flatnonzero(wall[:x0]), np.flatnonzero(wall[x1:])
    if not len(left) or not len(right):
        return x0, x1
    return int(left[-1]) + 1, x1 + int(right[0])


def _band_segments(mask, walls, floors, a: int, b: int, left: int, right: int, split: bool) -> list[Segment]:
    """The segments of the band of rows [a, b) between columns [left, right). With `split`, a segment holding
    two or more lines one above the other (a header cell's two rows beside a cell centred over both, so the
    page's row profile never parts them: 发生额/元 over 借方 | 贷方) is cut into those lines, each segmented
    again with the walls of its own rows."""
    import numpy as np

    band = mask[a:b, left:right]
    gap = max(4, int(SEGMENT_GAP * (b - a)))
    wall = walls[a:b, left:right].any(axis=0) if walls is not None else np.zeros(right - left, dtype=bool)
    walls_cum = np.cumsum(wall)
    wall_x = np.flatnonzero(wall)
    out: list[Segment] = []
    # ink on a wall's own columns is what the opening left of the ruling (its ends, where rulings meet)
    for x0, x1 in _split(np.flatnonzero((band.sum(axis=0) > 0) & ~wall), gap, walls_cum):
        profile = band[:, x0:x1].sum(axis=1)
        rows = _runs(profile, 1, 1)
        if not rows:
            continue
        inked = [(r0, r1) for r0, r1 in rows if int(profile[r0:r1].sum()) >= SPECK]
        rows = inked or rows  # a speck above or below (a ruling's remains) is not part of the line
        if split and len(rows) > 1 and all(r1 - r0 >= MIN_LINE_H for r0, r1 in rows):
            for r0, r1 in rows:
                lo_x, hi_x = _cell_columns(walls, a + r0, a + r1, left + x0, left + x1)
                for seg in _band_segments(mask, walls, floors, a + r0, a + r1, lo_x, hi_x, False):
                    if not any(_same_ink(seg, o) for o in out):  # both halves of a label over a wall give it
                        out.append(seg)
            continue
        y0, y1 = rows[0][0], rows[-1][1]
        if y1 - y0 < MIN_LINE_H // 2 and x1 - x0 < MIN_LINE_H:
            continue  # a speck
        k = int(np.searchsorted(wall_x, x0))  # no wall column lies inside [x0, x1)
        lo = left + int(wall_x[k - 1]) + 1 if k > 0 else -1 << 30
        hi = left + int(wall_x[k]) if k < len(wall_x) else 1 << 30
        x0, x1 = x0 + left, x1 + left
        top, bottom = -1 << 30, 1 << 30
        if floors is not None:
            above = np.flatnonzero(floors[max(0, a + y0 - RULE_NEAR):a + y0, x0:x1].any(axis=1))
            below = np.flatnonzero(floors[a + y1:a + y1 + RULE_NEAR, x0:x1].any(axis=1))
            top = max(0, a + y0 - RULE_NEAR) + int(above[-1]) + 1 if len(above) else top
            bottom = a + y1 + int(below[0]) if len(below) else bottom
        if x1 - x0 <= WALL_STUB and (x0 - lo < STUB_NEAR or hi - x1 < STUB_NEAR) and floors is not None:
            near = floors[max(0, a + y0 - STUB_NEAR):a + y1 + STUB_NEAR, max(0, x0 - WALL_STUB):x1 + WALL_STUB]
            if near.any():
                continue  # the end of a ruling where two meet, left over by the opening (a digit keeps clear)
        out.append(Segment(x0, a + y0, x1, a + y1, lo, hi, top, bottom))
    return out


def _median_height(segs: list[Segment]) -> float:
    import numpy as np

    return float(np.median([s.y1 - s.y0 for s in segs]))


def text_boxes(img, regions: bool = True) -> TextBoxes | None:
    """Boxes of the page's text without the detector, and the regions it must still look at; None: detect
    the whole page. With regions=False a page with any region is refused whole (settings s17)."""
    import cv2
    import numpy as np

    gray = img[:, :, 0] if img.ndim == 3 else img
    h, w = gray.shape[:2]
    mask = ink_mask(gray)
    ink, walls, floors = rulings(mask)
    if ink.sum() < 200 or ink.mean() > 0.25:
        return None
    angle = skew_angle(ink)
    if abs(angle) >= MAX_SKEW - SKEW_STEP / 2:
        return None
    centre = (w / 2, h / 2)
    if abs(angle) >= SKEW_STEP / 2:
        # rulings found again on the page turned straight: a skewed ruling breaks into runs shorter than
        # RULE_LENGTH, and the pieces left over would read as text (a `1` where a wall meets a floor)
        turn = cv2.getRotationMatrix2D(centre, -angle, 1.0)
        ink, walls, floors = rulings(cv2.warpAffine(mask, turn, (w, h), flags=cv2.INTER_NEAREST, borderValue=0))
    segs = segments(ink, walls, floors)
    if len(segs) < 3:
        return None
    line_h = _median_height(segs)
    if line_h < MIN_LINE_H or line_h > 0.08 * h:
        return None
    # thinner than any character: what the opening left of a dashed placeholder it took for a ruling
    # (`------` in an empty cell); the dashes pass reads hyphen runs that no box covers
    segs = [s for s in segs if s.y1 - s.y0 >= THIN * line_h]
    tall = [s for s in segs if s.y1 - s.y0 > TALL * line_h]
    narrow = [s for s in segs if (s.x1 - s.x0) < 0.9 * (s.y1 - s.y0) and (s.y1 - s.y0) > 1.5 * line_h]
    doubt: list[tuple[int, int, int, int]] = []
    if tall or len(narrow) > 2:  # lines that do not separate, or text running down the page
        column = any(_stacked(s, tall + narrow, line_h) for s in tall)  # characters stacked: a page on its side
        if not regions or column or len(set(narrow) - set(tall)) > 2 or len(tall) + len(narrow) > MAX_DOUBTFUL:
            return None
        bad = set(tall) | set(narrow)
        doubt, segs = _doubt_regions([s for s in segs if s in bad], [s for s in segs if s not in bad], line_h, w)
        if sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in doubt) > MAX_DOUBT * w * h:
            return None
    back = cv2.getRotationMatrix2D(centre, angle, 1.0) if abs(angle) >= SKEW_STEP / 2 else None

    def to_image(corners):
        if back is not None:
            corners = corners @ back[:, :2].T + back[:, 2]
        corners[:, 0] = corners[:, 0].clip(0, w - 1)
        corners[:, 1] = corners[:, 1].clip(0, h - 1)
        return corners

    quads = []
    for s in sorted(segs, key=lambda s: (s.y0, s.x0)):
        lh = max(s.y1 - s.y0, line_h)  # margins as the detector's: about the same on digits and characters
        py, px = PAD_Y * lh, PAD_X * lh
        left, right = max(s.x0 - px, s.lo + 1.0), min(s.x1 + px, s.hi - 1.0)
        top, bottom = max(s.y0 - py, s.top + 1.0), min(s.y1 + py, s.bottom - 1.0)
        corners = to_image(np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float64))
        quads.append(tuple((float(x), float(y)) for x, y in corners))
    boxes = []
    for x0, y0, x1, y1 in doubt:
        corners = to_image(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64))
        boxes.append((int(corners[:, 0].min()), int(corners[:, 1].min()),
                      int(np.ceil(corners[:, 0].max())) + 1, int(np.ceil(corners[:, 1].max())) + 1))
    return TextBoxes(quads, boxes)


def text_quads(img) -> list[tuple[tuple[float, float], ...]] | None:
    """The page's boxes when it needs no detector at all (no region in doubt); None otherwise."""
    boxes = text_boxes(img)
    return boxes.quads if boxes is not None and not boxes.regions else None


def _stacked(s: Segment, doubtful: list[Segment], line_h: float) -> bool:
    """A tall segment much narrower than high standing alone: a column of characters (a page on its side), not
    a sliver of a seal's ring that a wall cut off the seal beside it."""
    if s.x1 - s.x0 >= COLUMN * (s.y1 - s.y0):
        return False
    m = DOUBT_MARGIN * line_h
    return not any(o is not s and s.x0 - m < o.x1 and o.x0 < s.x1 + m and s.y0 - m < o.y1 and o.y0 < s.y1 + m
                   for o in doubtful)


def _doubt_regions(bad: list[Segment], good: list[Segment], line_h: float, width: int
                   ) -> tuple[list[tuple[int, int, int, int]], list[Segment]]:
    """Bands across the page (deskewed frame) over the rows of the segments whose lines do not separate, each
    DOUBT_MARGIN line heights beyond their ink and grown over every segment that shares a row with them: a line
    beside a seal is the detector's whole, never cut in two, and the row profile keeps only rows it parted
    cleanly (a band as tall as a seal took the walls of the table rows beside it for the line below). The good
    segments left outside them."""
    m = DOUBT_MARGIN * line_h
    bands = sorted((s.y0 - m, s.y1 + m) for s in bad)
    rest = list(good)
    while True:
        merged: list[tuple[float, float]] = []
        for a, b in bands:
            if merged and a < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        keep, grown = [], list(merged)
        for s in rest:
            pad = PAD_Y * max(s.y1 - s.y0, line_h)  # its box's margin (text_boxes) stays out of the band too
            hit = next((i for i, (a, b) in enumerate(grown) if s.y0 - pad < b and a < s.y1 + pad), None)
            if hit is None:
                keep.append(s)
            else:
                a, b = grown[hit]
                grown[hit] = (min(a, s.y0 - m), max(b, s.y1 + m))
        if len(keep) == len(rest):
            bands = merged
            break
        rest, bands = keep, sorted(grown)
    return [(0, int(a), width, int(b + 0.5)) for a, b in bands], rest
