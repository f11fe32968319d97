"""Second OCR pass over small ink that text detection left uncovered (a lone wrapped seconds digit, say).

At detection scale a one- or two-character fragment on its own line (a statement's time cell wrapped as
"2021-02-17 20:25:4" / "3") can fall below the detector's box score, so it is never recognised. Here the
page is binarised once, every detected box (slightly grown) and every dash run is masked out, and the
remaining ink components of text size (as tall as the page's characters, one to three characters wide)
that lie next to detected text, away from clutter (pictures, seals), are grouped and recognised in one
batch with the page's own recogniser. Only confident reads are kept. Cheap on ordinary pages: one
threshold, one polygon fill per line and one component labelling at half size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.ingest.ocr.types import OcrLine, normalise_ocr_text

INK = 160  # darker than this is ink (text strokes of a 200 dpi scan; light speckle and blur stay out)
MIN_CONFIDENCE = 0.9  # a recognised fragment below this is dropped (no false text on clean pages)
MAX_CHARS = 3  # a fragment read as more characters than this was not a lone fragment
MAX_FRAGMENTS = 40  # more candidates than this on one page: a picture or noise, the pass gives up
GROW = 0.2  # detected boxes are grown by this many line heights before masking
NEAR = 1.6  # a fragment must lie within this many line heights of detected text (below, above or beside)
CLUTTER = 0.6  # other uncovered ink around a fragment, as a share of its own ink, above which it is skipped


@dataclass(frozen=True)
class Fragment:
    """Uncovered ink of text size: box (x0, y0, x1, y1) in image pixels and its ink pixel count."""

    x0: int
    y0: int
    x1: int
    y1: int
    ink: int


def line_height(quads: list) -> float:
    """Median height of the detected boxes (detection boxes include a margin around the characters)."""
    import numpy as np

    heights = sorted(float(np.linalg.norm(np.subtract(q[3], q[0]))) for q in quads)
    return heights[len(heights) // 2] if heights else 0.0


def _grown(quad, margin: float):
    """A quad pushed outwards along its own axes by margin pixels (skewed lines stay tight)."""
    import numpy as np

    p = np.asarray(quad, dtype=np.float32)
    along = p[1] - p[0]
    along /= max(1e-6, float(np.linalg.norm(along)))
    down = p[3] - p[0]
    down /= max(1e-6, float(np.linalg.norm(down)))
    signs = ((-1, -1), (1, -1), (1, 1), (-1, 1))
    return np.array([p[i] + margin * (sa * along + sd * down) for i, (sa, sd) in enumerate(signs)],
                    dtype=np.int32)


def uncovered_ink(gray, quads: list, height: float):
    """Binary ink (uint8 0/1) of a grey page with the quads (grown along their own axes) blanked out."""
    import cv2

    _t, ink = cv2.threshold(gray, INK - 1, 1, cv2.THRESH_BINARY_INV)
    tall = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(8, int(1.5 * height))))
    ink[cv2.morphologyEx(ink, cv2.MORPH_OPEN, tall) > 0] = 0  # column rules (pieces left between masked
    # boxes would read '1')
    for q in quads:  # one at a time: fillPoly over overlapping polygons leaves their overlap unfilled
        cv2.fillConvexPoly(ink, _grown(q, GROW * height), 0)
    return ink


def find_fragments(ink, quads: list, height: float) -> list[Fragment]:
    """Groups of uncovered ink components of text size next to detected text, left to right on a row."""
    import cv2
    import numpy as np

    if height <= 0:
        return []
    char_lo, char_hi = 0.22 * height, 1.0 * height  # ink height of a digit or character vs the box height
    _n, _labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    stats = stats[1:]
    w, h = stats[:, 2].astype(np.float32), stats[:, 3].astype(np.float32)
    large = (w > 3 * height) & (h > 3 * height)
    seal = (w < 1.7 * h) & (h < 1.7 * w) & (np.maximum(w, h) < 12 * height)  # round or square, stamp-sized
    picture = stats[:, 4] > 0.3 * w * h  # dense ink (a table's grid is large but sparse: not skipped)
    big = stats[large & (seal | picture)]
    keep = (stats[:, 3] >= char_lo) & (stats[:, 3] <= char_hi) & (stats[:, 2] <= 1.2 * height)
    keep &= stats[:, 4] >= 0.012 * height * height  # not a hairline speck (a thin "1" has ~0.017)
    parts = sorted(stats[keep][:, :5].tolist())
    groups: list[list[int]] = []
    for x, y, w, h, a in parts:  # join pieces of one character and neighbouring characters on one row
        for g in groups:
            if x - g[2] <= 0.35 * height and min(g[3], y + h) - max(g[1], y) >= 0.4 * min(h, g[3] - g[1]):
                g[:] = [g[0], min(g[1], y), max(g[2], x + w), max(g[3], y + h), g[4] + a]
                break
        else:
            groups.append([x, y, x + w, y + h, a])
    if not groups or len(groups) > MAX_FRAGMENTS * 4:
        return []
    boxes = np.array([[min(p[0] for p in q), min(p[1] for p in q), max(p[0] for p in q), max(p[1] for p in q)]
                      for q in quads], dtype=np.float32).reshape(-1, 4)
    integral = cv2.integral(ink)
    out = []
    for x0, y0, x1, y1, _area in groups:
        if x1 - x0 > MAX_CHARS * 1.1 * height or y1 - y0 < char_lo:
            continue
        if _clipped_end(boxes, x0, y0, x1, y1, height):
            continue
        if any(bx <= x0 and x1 <= bx + bw and by <= y0 and y1 <= by + bh for bx, by, bw, bh in big[:, :4].tolist()):
            continue  # inside a seal or picture
        near = ((boxes[:, 0] - NEAR * height <= x1) & (x0 <= boxes[:, 2] + NEAR * height)
                & (boxes[:, 1] - NEAR * height <= y1) & (y0 <= boxes[:, 3] + NEAR * height))
        if not near.any():
            continue
        r = int(height)
        wx0, wy0 = max(0, x0 - r), max(0, y0 - r)
        wx1, wy1 = min(ink.shape[1], x1 + r), min(ink.shape[0], y1 + r)
        around = int(integral[wy1, wx1] - integral[wy0, wx1] - integral[wy1, wx0] + integral[wy0, wx0])
        own = int(integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0])
        if around - own > CLUTTER * own:
            continue  # other loose ink nearby: texture, a picture, a broken rule
        out.append(Fragment(int(x0), int(y0), int(x1), int(y1), own))
    return [] if len(out) > MAX_FRAGMENTS else out


def _clipped_end(boxes, x0: int, y0: int, x1: int, y1: int, height: float) -> bool:
    """Ink just beside a detected box, level with it: the end of that line, clipped by detection (reading
    it alone gives a false character, say '二' from the left stroke of '人'), not a line of its own."""
    cx = (x0 + x1) / 2
    for bx0, by0, bx1, by1 in boxes.tolist():
        if bx0 <= cx <= bx1 or min(by1, y1) - max(by0, y0) < 0.5 * (y1 - y0):
            continue
        if max(bx0 - x1, x0 - bx1) <= 0.5 * height:
            return True
    return False


def crop_fragment(img, frag: Fragment, height: float):
    """The fragment with a margin, centred in a crop one detected line tall (what the recogniser expects).
    Nothing in it is painted out: a wrapped digit whose top the grown box above masks must still be seen
    whole (painting the masked ink white made '9' read as '1', a silent error)."""
    mid = (frag.y0 + frag.y1) / 2
    pad = 0.3 * height
    y0, y1 = max(0, int(mid - height / 2)), min(img.shape[0], int(mid + height / 2) + 1)
    x0, x1 = max(0, int(frag.x0 - pad)), min(img.shape[1], int(frag.x1 + pad) + 1)
    return img[y0:y1, x0:x1], (float(x0), float(y0), float(x1), float(y1))


def ink_lines(img, quads: list, lines: list, recognise: Callable[[list], list[tuple[str, float]]]) -> list:
    """OcrLines for every confidently read fragment of uncovered ink on a page image (upright frame).

    quads: the detected text boxes; lines: the lines already read (their boxes, dash runs included, are
    masked too); recognise: the engine's batched recogniser (crops in, (text, score) out). The lines get
    confidence capped at the recogniser's score, like any other line; the pass adds no other marking."""
    if not quads:
        return []
    height = line_height(quads)
    gray = img[:, :, 0] if img.ndim == 3 else img
    ink = uncovered_ink(gray, [*quads, *(ln.quad for ln in lines)], height)
    frags = find_fragments(ink, quads, height)
    if not frags:
        return []
    crops, boxes = zip(*(crop_fragment(img, f, height) for f in frags), strict=True)
    out = []
    for (text, score), (x0, y0, x1, y1) in zip(recognise(list(crops)), boxes, strict=True):
        text = normalise_ocr_text(text)
        if text and len(text) <= MAX_CHARS and score >= MIN_CONFIDENCE:
            out.append(OcrLine(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text, round(float(score), 4)))
    return out
