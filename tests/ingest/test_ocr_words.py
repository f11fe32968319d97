"""OCR lines to page words: word split, reading order of rows, coordinates; no engine needed."""

from __future__ import annotations

import numpy as np

from app.core.words import layout_text
from app.ingest.ocr.geometry import blank_cuts, turn, unturn_point
from app.ingest.ocr.types import OcrLine, normalise_ocr_text
from app.ingest.ocr.words import line_confidences, page_words, reading_rows, split_line


def _line(x0, y0, x1, y1, text, conf=0.9, dy=0.0):
    return OcrLine(((x0, y0), (x1, y0 + dy), (x1, y1 + dy), (x0, y1)), text, conf)


def test_split_line_keeps_chinese_run_as_one_word():
    words = split_line(_line(0, 0, 300, 30, "被讯问人 张伟 身份证号"))
    assert [w[1] for w in words] == ["被讯问人", "张伟", "身份证号"]
    xs = [w[0] for w in words]
    assert xs[0][0] == 0 and abs(xs[-1][2] - 300) < 1e-6
    assert all(a[2] < b[0] for a, b in zip(xs, xs[1:], strict=False))


def test_split_line_follows_skewed_quad():
    words = split_line(_line(0, 0, 1000, 30, "left right", dy=35))
    left, right = words[0][0], words[1][0]
    assert right[1] > left[1] + 10  # the right word sits lower, as on the skewed scan
    assert right[3] - right[1] < 60  # and its box stays about one line high


def test_reading_rows_groups_table_cells_and_orders_left_to_right():
    lines = [_line(400, 102, 500, 130, "30,000.00"), _line(10, 100, 100, 128, "2021-03-05"),
             _line(10, 160, 100, 188, "2021-03-06"), _line(150, 101, 250, 129, "转账")]
    rows = reading_rows(lines)
    assert [[ln.text for ln in r] for r in rows] == [["2021-03-05", "转账", "30,000.00"], ["2021-03-06"]]


def test_reading_rows_on_skewed_page_keeps_rows_apart():
    slope = 0.03  # ~1.7 degrees
    lines = []
    for row in range(5):
        for col in range(4):
            x = 100 + col * 400
            y = 100 + row * 60 + slope * x
            lines.append(OcrLine(((x, y), (x + 300, y + slope * 300), (x + 300, y + 28 + slope * 300), (x, y + 28)),
                                 f"r{row}c{col}", 0.9))
    rows = reading_rows(lines)
    assert [[ln.text for ln in r] for r in rows] == [[f"r{r}c{c}" for c in range(4)] for r in range(5)]


def test_page_words_are_in_points_and_lay_out_like_text_layer():
    lines = [_line(200, 200, 600, 260, "张伟 6222021234567890", conf=0.8), _line(200, 300, 400, 360, "答：朋友", 0.6)]
    words = page_words(lines, 200 / 72, 200 / 72)
    assert words[0][4] == "张伟" and abs(words[0][0] - 72.0) < 1e-6 and words[0][5:] == (0, 0, 0)
    text, _ = layout_text(words)
    assert text == "张伟 6222021234567890\n答：朋友"
    assert line_confidences(lines) == [0.8, 0.6]


def test_normalise_ocr_text_makes_full_width_ascii():
    assert normalise_ocr_text(" 6２２２ ＡＢ，") == "6222 AB,"


def test_unturn_point_inverts_turning_the_image():
    img = np.zeros((40, 60), np.uint8)
    img[5, 17] = 255  # y=5, x=17
    for degrees in (90, 180, 270):
        turned = turn(img, degrees)
        ys, xs = np.nonzero(turned)
        x, y = unturn_point(float(xs[0]) + 0.5, float(ys[0]) + 0.5, degrees, 60, 40)
        assert (round(x - 0.5), round(y - 0.5)) == (17, 5), degrees


def test_blank_cuts_split_long_line_only_in_gaps():
    h = 40
    crop = np.full((h, 2400, 3), 255, np.uint8)
    for x in range(20, 2380, 60):  # "characters" 44 px wide with 16 px gaps
        crop[8:32, x:x + 44] = 0
    cuts = blank_cuts(crop)
    assert cuts, "a 60-heights-long line should be cut"
    assert all(crop[:, c].min() == 255 for c in cuts)
    assert blank_cuts(crop[:, :600]) == []


def test_page_layout_reads_a_turned_scan_in_upright_order():
    from app.ingest.ocr.words import page_layout

    def on_scan(x, y):  # the upright 1000 x 1400 page fed turned 90 degrees clockwise: a 1400 x 1000 scan
        return (1400 - y, x)

    def line(text, y):
        quad = tuple(on_scan(x, yy) for x, yy in ((100, y), (600, y), (600, y + 30), (100, y + 30)))
        return OcrLine(quad, text, 0.9)

    lines = [line("第二行", 300), line("第一行", 100), line("第三行", 500)]
    words, spans = page_layout(lines, 1.0, 1.0, rotation=90, size=(1400, 1000))
    assert [w[4] for w in words] == ["第一行", "第二行", "第三行"]
    assert [w[6] for w in words] == [0, 1, 2] and [s[0] for s in spans] == [0, 1, 2]


def test_reading_rows_finds_skew_from_short_table_cells():
    # cells of a wide statement table: detection returns their short boxes axis-aligned, but each row climbs
    # 0.6 degrees, 20 px across the page, more than half the 35 px row pitch
    slope = 0.0105
    lines = []
    for row in range(6):
        for col in range(10):
            x = 100 + col * 200
            y = 400 + row * 35 + slope * x
            lines.append(OcrLine(((x, y), (x + 120, y), (x + 120, y + 30), (x, y + 30)), f"r{row}c{col}", 0.9))
    rows = reading_rows(lines)
    assert [[ln.text for ln in r] for r in rows] == [[f"r{r}c{c}" for c in range(10)] for r in range(6)]
