"""OCR lines (image pixels) to page words (PDF points) in reading order, the same 8-tuples as the text layer.

RapidOCR returns one box per text line. Lines on the same visual row (table cells) share one line
number so the laid-out text reads row by row; each line splits into words at spaces (a Chinese run
without spaces stays one word), each word placed along the line's quadrilateral in proportion to
character widths (CJK characters about twice as wide as Latin ones), so skewed lines stay tight.
"""

from __future__ import annotations

import unicodedata

from app.core.models import WordTuple
from app.core.words import layout_text
from app.ingest.ocr.types import OcrLine


def char_width(ch: str) -> float:
    """Relative advance of a character: wide (CJK, full-width) 1.0, space 0.35, others 0.55."""
    if ch.isspace():
        return 0.35
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55


def _lerp(p, q, t: float) -> tuple[float, float]:
    return p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t


def split_line(line: OcrLine) -> list[tuple[tuple[float, float, float, float], str]]:
    """Words of a line with their axis-aligned boxes (image pixels), placed along the line's quad."""
    text = line.text
    weights = [char_width(c) for c in text]
    total = sum(weights) or 1.0
    tl, tr, br, bl = line.quad[0], line.quad[1], line.quad[2], line.quad[3]
    words = []
    pos = 0.0
    start = None
    for i, ch in enumerate(text + " "):
        if ch.isspace():
            if start is not None:
                a = sum(weights[:start]) / total
                b = pos / total
                pts = [_lerp(tl, tr, a), _lerp(tl, tr, b), _lerp(bl, br, a), _lerp(bl, br, b)]
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                words.append(((min(xs), min(ys), max(xs), max(ys)), text[start:i]))
                start = None
        elif start is None:
            start = i
        if i < len(weights):
            pos += weights[i]
    return words


MAX_SKEW = 0.035  # dy per dx (2 degrees): the most skew a pair of neighbouring cells is allowed to show


def _skew(lines: list[OcrLine]) -> float:
    """The page's skew (dy per dx), so rows are grouped straight: summed over the top edges of long lines
    and over neighbouring boxes on one row (table cells, whose own short boxes come back axis-aligned).

    A cell's box is only a few hundred pixels wide, so detection rounds its slope to zero; but the centres
    of cells that follow each other along a row climb with the skew, and summing dy and dx over all such
    pairs (not a median of noisy ratios) measures it. Each box pairs with the box to its right (starting
    within ten line heights) whose centre is nearest in height, within 0.4 line heights plus MAX_SKEW.
    """
    boxes = []
    for ln in lines:
        xs, ys = [p[0] for p in ln.quad], [p[1] for p in ln.quad]
        height = abs(ln.quad[3][1] - ln.quad[0][1])
        boxes.append((min(xs), max(xs), sum(xs) / 4, sum(ys) / 4, height))
    sum_dx = sum_dy = 0.0
    for ln, (_x0, _x1, _cx, _cy, h) in zip(lines, boxes, strict=True):
        dx = ln.quad[1][0] - ln.quad[0][0]
        if h > 0 and dx > 12 * h:  # a long line: its own top edge shows the skew
            sum_dx += dx
            sum_dy += ln.quad[1][1] - ln.quad[0][1]
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    for pos, i in enumerate(order):
        x0, x1, cx, cy, h = boxes[i]
        if h <= 0:
            continue
        best = None
        for j in order[pos + 1:]:
            bx0, _bx1, bcx, bcy, bh = boxes[j]
            if bx0 > x1 + 10 * h:
                break
            dx, dy = bcx - cx, bcy - cy
            if bx0 >= x1 - 0.2 * h and 0.7 < bh / h < 1.4 and abs(dy) < 0.4 * min(h, bh) + MAX_SKEW * dx:
                if best is None or abs(dy) < abs(best[1]):
                    best = (dx, dy)
        if best is not None:
            sum_dx += best[0]
            sum_dy += best[1]
    return sum_dy / sum_dx if sum_dx > 0 else 0.0


def reading_rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Group lines into visual rows (deskewed centres within half a line height), rows top to bottom."""
    if not lines:
        return []
    slope = _skew(lines)

    def centre(ln: OcrLine) -> float:
        x = sum(p[0] for p in ln.quad) / 4
        return sum(p[1] for p in ln.quad) / 4 - slope * x

    heights = sorted(abs(ln.quad[3][1] - ln.quad[0][1]) for ln in lines)
    tolerance = 0.5 * max(heights[len(heights) // 2], 1.0)
    rows: list[list[OcrLine]] = []
    anchor = 0.0
    for ln in sorted(lines, key=centre):
        c = centre(ln)
        if rows and c - anchor < tolerance:
            rows[-1].append(ln)
            continue
        rows.append([ln])
        anchor = c
    return [sorted(r, key=lambda ln: min(p[0] for p in ln.quad)) for r in rows]


def upright(lines: list[OcrLine], rotation: int, width: float, height: float) -> list[OcrLine]:
    """The lines as they would lie on the scan turned upright (text lying `rotation` degrees clockwise)."""
    turn = (360 - rotation) % 360
    if not turn:
        return lines

    def f(x: float, y: float) -> tuple[float, float]:
        if turn == 90:
            return height - y, x
        if turn == 180:
            return width - x, height - y
        return y, width - x

    return [OcrLine(tuple(f(x, y) for x, y in ln.quad), ln.text, ln.confidence) for ln in lines]


def page_words(lines: list[OcrLine], scale_x: float, scale_y: float) -> list[WordTuple]:
    """Word 8-tuples in page coordinates: pixel / scale; block 0, line = visual row, word index in row."""
    return page_layout(lines, scale_x, scale_y)[0]


def page_layout(lines: list[OcrLine], scale_x: float, scale_y: float, rotation: int = 0,
                size: tuple[float, float] = (0, 0)) -> tuple[list[WordTuple], list[tuple[int, int, int, float]]]:
    """page_words plus, per OCR line, (row, first word, last word, confidence): which words it became.

    Rows are grouped in the upright frame (a scan lying turned reads in its text's order); word boxes
    stay in the frame of the page as stored. size: the image's (width, height) in pixels.
    """
    words: list[WordTuple] = []
    spans: list[tuple[int, int, int, float]] = []
    turned = upright(lines, rotation, *size)
    back = {id(t): ln for t, ln in zip(turned, lines, strict=True)}
    for row_no, row in enumerate(reading_rows(turned)):
        n = 0
        for ln in (back[id(t)] for t in row):
            first = n
            for (x0, y0, x1, y1), text in split_line(ln):
                words.append((x0 / scale_x, y0 / scale_y, x1 / scale_x, y1 / scale_y, text, 0, row_no, n))
                n += 1
            if n > first:
                spans.append((row_no, first, n - 1, ln.confidence))
    return words, spans


def line_confidences(lines: list[OcrLine]) -> list[float]:
    """Per-line confidence in the same reading order as page_words (row by row, left to right)."""
    return [ln.confidence for row in reading_rows(lines) for ln in row]


def page_text(words: list[WordTuple]) -> str:
    return layout_text(words)[0]
