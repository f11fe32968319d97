"""Doubtful scanned statement rows re-read by the surer recogniser before they are stored (reread_rows).

The page image is a drawn statement (its text layer is the truth); the "OCR words" given to the stage are that
text with the misreadings each test needs, one OCR line per word, so the re-read's crops are real and the
accurate recogniser really reads them.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))

from pdf_tables import table_pdf  # noqa: E402

from app.services import reread_rows  # noqa: E402
from app.services.reread_rows import ScanPage, read_with_reread  # noqa: E402
from nlp.statements.parse import StatementPage  # noqa: E402
from nlp.statements.reread import DISAGREES, FIXED, NO_HELP  # noqa: E402

HEADER = [(40, "交易日期"), (130, "摘要"), (230, "金额"), (330, "余额"), (430, "对方户名")]


def _page(tmp_path: Path, balance2: str = "38,569.61") -> Path:
    rows = [
        [(40, "账号：6215588642798358062"), (330, "户名：王建国")],
        HEADER,
        [(40, "2021-01-04"), (130, "转账"), (230, "-2,800.00"), (330, "31,257.11"), (430, "李新")],
        [(40, "2021-01-11"), (130, "工资"), (230, "+7,312.50"), (330, balance2), (430, "王芳")],
        [(40, "2021-01-15"), (130, "消费"), (230, "-69.00"), (330, "38,500.61"), (430, "张三")],
    ]
    return table_pdf(tmp_path / "scan.pdf", [rows], line_h=20.0, font="cjk")


def _ocr_words(pdf: Path, misread: dict[str, str], low: set[str]) -> tuple[StatementPage, ScanPage]:
    """The page's words as the OCR stage stores them (line = visual row, word index in the row; boxes with the
    margin a detected quad has), with `misread` texts swapped in, and one ocr_lines span per word (confidence
    0.6 for texts in `low`)."""
    import pymupdf

    with pymupdf.open(pdf) as doc:
        page = doc[0]
        raw = sorted((tuple(w[:5]) for w in page.get_text("words")), key=lambda w: (round(w[1]), w[0]))
        width, height = page.rect.width, page.rect.height
    words, spans, row, last_y, n = [], [], -1, None, 0
    for x0, y0, x1, y1, text in raw:
        if last_y is None or abs(y0 - last_y) > 3:
            row, n, last_y = row + 1, 0, y0
        shown = misread.get(text, text)
        pad = 0.4 * (y1 - y0)
        words.append((x0 - pad, y0 - pad / 2, x1 + pad, y1 + pad / 2, shown, 0, row, n))
        spans.append((row, n, n, 0.6 if shown in low else 0.99))
        n += 1
    return StatementPage(words, width, height), ScanPage(str(pdf), 1, 0, spans)


def test_doubtful_row_is_reread_and_fixed(tmp_path):
    pdf = _page(tmp_path)
    page, scan = _ocr_words(pdf, {"38,569.61": "38,589.61"}, {"38,589.61"})
    read, stats = read_with_reread([page], (), [scan])
    assert stats.doubtful == 1 and stats.changed == 1 and stats.verdicts == {FIXED: 1}
    assert len(read.rows) == 3  # nothing dropped
    row = read.rows[1]
    assert row.fields["balance"] == Decimal("38569.61")
    assert FIXED in row.flags and "balance_break" not in row.flags and "suggested_fix" not in row.flags
    assert row.fields["details"]["reread"] == {"verdict": FIXED, "fields": {"balance": ["38589.61", "38569.61"]}}
    assert not any(FIXED in r.flags or NO_HELP in r.flags for r in (read.rows[0], read.rows[2]))


def test_reread_that_does_not_help_keeps_the_row_flagged(tmp_path):
    pdf = _page(tmp_path, balance2="38,589.61")  # the bank printed a balance that does not chain
    page, scan = _ocr_words(pdf, {"38,589.61": "38,588.61"}, {"38,588.61"})  # and OCR misread it too
    read, stats = read_with_reread([page], (), [scan])
    assert stats.changed == 1 and stats.verdicts == {NO_HELP: 1}
    assert len(read.rows) == 3
    row = read.rows[1]
    assert row.fields["balance"] == Decimal("38588.61")  # the first reading stays, with its doubt
    assert "balance_break" in row.flags and NO_HELP in row.flags
    assert row.fields["details"]["reread"]["fields"] == {"balance": ["38588.61", "38589.61"]}


def test_reread_reading_the_same_leaves_the_row_flagged(tmp_path):
    pdf = _page(tmp_path, balance2="38,589.61")
    page, scan = _ocr_words(pdf, {}, set())  # read right: it is the page that does not chain
    read, stats = read_with_reread([page], (), [scan])
    assert stats.doubtful == 1 and stats.changed == 0 and stats.verdicts == {NO_HELP: 1}
    assert {"balance_break", NO_HELP} <= set(read.rows[1].flags)
    assert read.rows[1].fields["balance"] == Decimal("38589.61")


def test_clean_row_is_not_reread(tmp_path, monkeypatch):
    pdf = _page(tmp_path)
    page, scan = _ocr_words(pdf, {}, set())

    def no_engine(name):
        raise AssertionError("a clean page must not load the re-read engine")

    monkeypatch.setattr("app.ingest.ocr.pool.engine_for", no_engine)
    read, stats = read_with_reread([page], (), [scan])
    assert stats.doubtful == 0 and stats.lines == 0
    assert [r.fields["balance"] for r in read.rows] == [Decimal("31257.11"), Decimal("38569.61"), Decimal("38500.61")]
    assert not any(f.startswith("reread") for r in read.rows for f in r.flags)


def test_low_confidence_figure_is_reread_confirmed_and_cached(tmp_path, monkeypatch):
    pdf = _page(tmp_path)
    page, scan = _ocr_words(pdf, {}, {"-69.00"})  # read right, but OCR was unsure of the amount
    read, stats = read_with_reread([page], (), [scan])
    assert stats.doubtful == 1 and stats.lines == 5 and stats.verdicts == {"confirmed": 1}
    assert not any(f.startswith("reread") for r in read.rows for f in r.flags)

    def no_engine(name):
        raise AssertionError("the same page image is never re-read twice")

    monkeypatch.setattr("app.ingest.ocr.pool.engine_for", no_engine)
    again, _ = read_with_reread([page], (), [scan])  # served from the cache (keyed by the page image's hash)
    assert [r.fields for r in again.rows] == [r.fields for r in read.rows]


def test_low_confidence_row_that_reads_differently_but_chains_is_flagged(tmp_path):
    pdf = _page(tmp_path)
    page, scan = _ocr_words(pdf, {"王芳": "王方"}, {"+7,312.50"})  # a name slip no check can see
    read, stats = read_with_reread([page], (), [scan])
    row = read.rows[1]
    assert stats.verdicts == {DISAGREES: 1}
    assert row.fields["cp_name"] == "王芳" and DISAGREES in row.flags  # the surer reading, and the doubt shown
    assert row.fields["details"]["reread"]["fields"] == {"cp_name": ["王方", "王芳"]}


def test_source_that_cannot_be_read_keeps_the_first_reading(tmp_path):
    pdf = _page(tmp_path)
    page, scan = _ocr_words(pdf, {"38,569.61": "38,589.61"}, set())
    gone = ScanPage(str(tmp_path / "moved.pdf"), 1, 0, scan.spans)
    read, stats = read_with_reread([page], (), [gone])
    assert stats.failed and len(read.rows) == 3
    assert "balance_break" in read.rows[1].flags and read.rows[1].fields["balance"] == Decimal("38589.61")


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_quad_starts_at_the_texts_top_left(rotation):
    quad = reread_rows._quad((0, 0, 10, 2), rotation)
    assert len(set(quad)) == 4 and quad[0] == [(0, 0), (10, 0), (10, 2), (0, 2)][rotation // 90]


def test_cache_name_is_the_engines_own():
    from app.ingest.ocr.pool import engine_for

    assert reread_rows._cache_name(reread_rows.ENGINE) == engine_for(reread_rows.ENGINE).name + "+rows"
