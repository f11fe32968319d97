"""Uncovered-ink pass (app.ingest.ocr.ink) on small synthetic page images: what it finds, what it leaves."""

from __future__ import annotations

import cv2
import numpy as np

from app.ingest.ocr import ink as ocr_ink
from app.ingest.ocr.types import OcrLine

H = 34  # detected line height in pixels (a 200 dpi statement page)


def _page(w: int = 600, h: int = 400):
    return np.full((h, w, 3), 255, dtype=np.uint8)


def _quad(x0: float, y0: float, x1: float, y1: float):
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _text(img, text: str, x: int, y: int, scale: float = 0.6) -> None:
    cv2.putText(img, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), 2, cv2.LINE_AA)


def _wrapped_time():
    """A time cell detected as one box, its wrapped seconds digit left below it, uncovered."""
    img = _page()
    _text(img, "2021-02-17 20:25:4", 40, 100)
    _text(img, "3", 40, 135)
    return img, [_quad(32, 80, 250, 80 + H)]


def _frags(img, quads):
    height = ocr_ink.line_height(quads)
    return ocr_ink.find_fragments(ocr_ink.uncovered_ink(img[:, :, 0], quads, height), quads, height)


def test_find_fragments_finds_lone_wrapped_digit():
    img, quads = _wrapped_time()
    frags = _frags(img, quads)
    assert len(frags) == 1
    f = frags[0]
    assert 35 <= f.x0 <= 45 and 115 <= f.y0 < 135 and f.x1 - f.x0 < H


def test_find_fragments_masks_detected_text():
    img, quads = _wrapped_time()
    img[120:140, :] = 255  # the wrapped digit removed: the detected line alone leaves nothing
    assert _frags(img, quads) == []


def test_find_fragments_groups_neighbouring_digits():
    img = _page()
    _text(img, "2021-02-17 20:25:4", 40, 100)
    _text(img, "38", 40, 135)
    frags = _frags(img, [_quad(32, 80, 250, 80 + H)])
    assert len(frags) == 1 and frags[0].x1 - frags[0].x0 > 20


def test_find_fragments_ignores_specks_rules_and_underlines():
    img, quads = _wrapped_time()
    img[135:140, :] = 255  # keep the digit clear of what follows
    cv2.line(img, (20, 200), (580, 200), (0, 0, 0), 2)  # table rule
    cv2.line(img, (300, 140), (300, 390), (0, 0, 0), 2)  # column rule
    cv2.circle(img, (150, 150), 2, (0, 0, 0), -1)  # speck
    frags = _frags(img, quads)
    assert len(frags) == 1 and frags[0].y0 >= 110 and frags[0].y1 <= 140


def test_find_fragments_ignores_ink_far_from_text():
    img, quads = _wrapped_time()
    _text(img, "7", 500, 380)  # lone mark in the bottom margin, nowhere near a detected line
    frags = _frags(img, quads)
    assert len(frags) == 1 and frags[0].x0 < 100


def test_find_fragments_skips_characters_inside_a_seal():
    img, quads = _page(), [_quad(32, 80, 250, 80 + H)]
    _text(img, "2021-02-17 20:25:4", 40, 100)
    cv2.circle(img, (170, 230), 70, (0, 0, 0), 3)  # stamp ring just below the text
    _text(img, "5", 160, 240)
    assert _frags(img, quads) == []


def test_find_fragments_skips_cluttered_ink():
    img, quads = _wrapped_time()
    rng = np.random.default_rng(0)
    for _ in range(40):  # loose blobs around the digit: a picture or heavy noise, not a wrapped cell
        x, y = int(rng.integers(60, 120)), int(rng.integers(120, 170))
        cv2.circle(img, (x, y), 3, (0, 0, 0), -1)
    assert _frags(img, quads) == []


def test_find_fragments_skewed_line_stays_masked():
    img = _page()
    line = np.full((40, 260, 3), 255, dtype=np.uint8)
    _text(line, "2021-02-17 20:25:43", 8, 28)
    m = cv2.getRotationMatrix2D((130, 20), -2.0, 1.0)  # 2 degrees of scan skew
    img[80:120, 32:292] = cv2.warpAffine(line, m, (260, 40), borderValue=(255, 255, 255))
    c, s = np.cos(np.radians(2)), np.sin(np.radians(2))
    corners = [(-130, -17), (130, -17), (130, 17), (-130, 17)]
    quad = tuple((162 + x * c - y * s, 100 + x * s + y * c) for x, y in corners)
    assert _frags(img, [quad]) == []


def test_ink_lines_keeps_confident_short_reads_only():
    img, quads = _wrapped_time()
    seen = []

    def recognise(crops):
        seen.extend(crops)
        return [("３", 0.9997)]  # full-width digit, as the recogniser may return it

    out = ocr_ink.ink_lines(img, quads, [OcrLine(quads[0], "2021-02-17 20:25:4", 0.99)], recognise)
    assert [(ln.text, ln.confidence) for ln in out] == [("3", 0.9997)]
    assert len(seen) == 1 and seen[0].shape[0] >= H - 1
    x0, y0 = out[0].quad[0]
    assert x0 < 45 and 100 <= y0 < 130
    assert ocr_ink.ink_lines(img, quads, [], lambda crops: [("3", 0.5)]) == []
    assert ocr_ink.ink_lines(img, quads, [], lambda crops: [("3333", 0.99)]) == []


def test_ink_lines_without_detected_text_reads_nothing():
    img, _quads = _wrapped_time()
    called = []
    assert ocr_ink.ink_lines(img, [], [], lambda crops: called.append(crops) or []) == []
    assert called == []


def test_ink_lines_masks_already_read_lines():
    img, quads = _wrapped_time()
    dash = OcrLine(_quad(32, 115, 60, 140), "------", 0.9)  # a line read by another pass covers the digit
    assert ocr_ink.ink_lines(img, quads, [dash], lambda crops: [("3", 0.99)] * len(crops)) == []


def test_find_fragments_leaves_clipped_line_ends():
    img = _page()
    _text(img, "2021-02-17 20:25:43", 40, 100)
    assert _frags(img, [_quad(32, 80, 230, 80 + H)]) == []  # detection cut the last characters off the line
    img, quads = _wrapped_time()
    assert len(_frags(img, quads)) == 1  # while the wrapped digit below is read


def test_crop_fragment_keeps_digit_whole_under_grown_box():
    img = _page()
    _text(img, "2021-02-17 20:25:4", 40, 100)
    _text(img, "9", 40, 132)  # tight under the line: the grown box above masks the digit's top
    quads = [_quad(32, 80, 250, 80 + H)]
    frags = _frags(img, quads)
    assert len(frags) == 1
    crop, (x0, y0, _x1, _y1) = ocr_ink.crop_fragment(img, frags[0], H)
    top = np.nonzero(img[115:135, 38:60, 0] < 128)[0].min() + 115  # the digit's true top row
    assert y0 <= top and (crop[int(top - y0), :, 0] < 128).any()  # seen whole, nothing painted out


def test_find_fragments_drops_pieces_of_a_column_rule():
    img = _page()
    quads = []
    for i, y in enumerate(range(60, 360, 50)):  # cells stacked in a column, a rule running down their left
        _text(img, f"2021-02-1{i} 20:25:4", 40, y + 20)
        quads.append(_quad(32, y, 250, y + H))
    cv2.line(img, (30, 40), (30, 380), (0, 0, 0), 2)  # its pieces between the grown boxes look like '1'
    assert _frags(img, quads) == []
