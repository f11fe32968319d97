"""Turned scans: OCR reads each line upright but keeps the scan's coordinates; turn the words back, and rows' boxes out."""

from __future__ import annotations

from collections.abc import Sequence

from nlp.statements.boxes import Word


def turn_words(words: Sequence[Word], width: float, height: float, rotation: int
               ) -> tuple[list[Word], float, float]:
    """Words of a page whose content lies turned clockwise by `rotation` (90, 180, 270), in the upright
    frame, with that frame's width and height. Turned before boxes are split at spaces, so each part of
    `2021-03-05 09:10:11` lands where it is read."""
    out: list[Word] = []
    for w in words:
        x0, y0, x1, y1 = (float(v) for v in w[:4])
        if rotation == 180:
            box = (width - x1, height - y1, width - x0, height - y0)
        elif rotation == 90:
            box = (y0, width - x1, y1, width - x0)
        else:
            box = (height - y1, x0, height - y0, x1)
        out.append((*box, *w[4:]))
    return (out, width, height) if rotation == 180 else (out, height, width)


def bbox_as_stored(bbox: tuple[float, float, float, float], width: float, height: float, rotation: int
                   ) -> tuple[float, float, float, float]:
    """A box in the upright frame of a turned page, back on the page as stored (width x height)."""
    x0, y0, x1, y1 = bbox
    if rotation == 180:
        return width - x1, height - y1, width - x0, height - y0
    if rotation == 90:
        return width - y1, x0, width - y0, x1
    if rotation == 270:
        return y0, height - x1, y1, height - x0
    return bbox


def looks_sideways(words: Sequence[Word]) -> bool:
    """True when most words of three or more characters stand taller than wide: a scan turned 90°."""
    tall = wide = 0
    for w in words:
        if len(w) > 4 and w[4] is not None and len(str(w[4]).strip()) >= 3:
            dx, dy = float(w[2]) - float(w[0]), float(w[3]) - float(w[1])
            tall += dy > 1.5 * dx
            wide += dx > 1.5 * dy
    return tall > 2 * wide and tall >= 5
