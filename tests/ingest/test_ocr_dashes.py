"""Runs of hyphens (empty-cell markers) found and counted on page images; no OCR engine needed."""

from __future__ import annotations

import numpy as np
import pytest

from app.ingest.ocr.dashes import count_dashes, dash_centres, find_dash_runs

LINE_HEIGHT = 35.0  # detected line height of ~9 pt text at 200 dpi


def _page(draw) -> np.ndarray:
    """A 200 dpi greyscale strip with whatever `draw(page)` typesets, blurred like a scan."""
    import cv2
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=200)
    draw(page)
    pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()
    doc.close()
    return cv2.GaussianBlur(img, (3, 3), 0.8)


@pytest.mark.parametrize("count", [19, 7])
def test_find_dash_runs_counts_typed_hyphens(count):
    img = _page(lambda p: p.insert_text((60, 100), "-" * count, fontname="helv", fontsize=9))
    runs = find_dash_runs(img, LINE_HEIGHT)
    assert [r.count for r in runs] == [count]
    run = runs[0]
    assert run.x0 < 60 * 200 / 72 + 20 < run.x1 and run.y0 < 100 * 200 / 72 < run.y1 + 20


def test_find_dash_runs_ignores_rules_long_dashes_and_text():
    def draw(p):
        p.draw_line((40, 40), (550, 40), width=1)  # a solid table rule
        p.draw_line((40, 80), (550, 80), width=1, dashes="[6 4] 0")  # a dashed border: dashes ~17 px
        p.insert_text((60, 140), "2021-01-04 -3200.00 25598.81", fontname="helv", fontsize=9)

    assert find_dash_runs(_page(draw), LINE_HEIGHT) == []


def test_find_dash_runs_leaves_runs_inside_detected_lines():
    img = _page(lambda p: p.insert_text((60, 100), "-" * 19, fontname="helv", fontsize=9))
    run = find_dash_runs(img, LINE_HEIGHT)[0]
    taken = [(run.x0 - 40, run.y0 - 20, run.x1 + 40, run.y1 + 20)]
    assert find_dash_runs(img, LINE_HEIGHT, taken) == []


def test_dash_centres_splits_touching_dashes_at_shallow_dips():
    profile = np.array([247, 240, 100, 95, 150, 98, 96, 155, 97, 99, 240, 247], dtype=np.float32)
    assert dash_centres(profile, 95, 247) == [3, 6, 8]
    assert count_dashes(np.tile(profile, (3, 1)), 247) == 0  # three dips: fewer than a run


def test_count_dashes_rejects_irregular_gaps():
    row = np.full(120, 247, dtype=np.uint8)
    for start in (0, 8, 16, 60, 66, 110):  # dips at irregular pitch: not typed hyphens
        row[start:start + 4] = 90
    assert count_dashes(np.tile(row, (3, 1)), 247) == 0
