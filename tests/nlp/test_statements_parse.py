"""Statement pages in several layouts (text layer and OCR-like word boxes) parse to exact rows."""

from __future__ import annotations

import pytest
from statement_fixtures import LAYOUTS, ocr_like, statement

from nlp.statements.parse import is_statement_page, parse_statement_pages

CHECKED = ("time", "amount", "balance", "cp_name", "cp_account", "memo", "holder_account", "holder_name")


def _mismatches(rows, truth):
    assert len(rows) == len(truth)
    return [(r.page, r.index, {k: (r.fields.get(k), t[k]) for k in CHECKED if r.fields.get(k) != t[k]})
            for r, t in zip(rows, truth, strict=True) if any(r.fields.get(k) != t[k] for k in CHECKED)]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_parse_layout_exact_on_text_layer(tmp_path, layout):
    pages, truth = statement(tmp_path, layout, n=26, rows_per_page=10)
    rows = parse_statement_pages(pages)
    assert _mismatches(rows, truth) == []
    assert all(not r.flags for r in rows)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_parse_layout_exact_on_ocr_fragments(tmp_path, layout):
    pages, truth = statement(tmp_path, layout, n=16, rows_per_page=8, seed=3)
    rows = parse_statement_pages(ocr_like(pages, seed=5))
    assert _mismatches(rows, truth) == []


def test_parse_continuation_pages_without_header_keep_layout_and_holder(tmp_path):
    pages, truth = statement(tmp_path, "ccb_corp_two_row", n=25, rows_per_page=8, repeat_header=False)
    rows = parse_statement_pages(pages)
    assert _mismatches(rows, truth) == []
    assert {r.page for r in rows} == {0, 1, 2, 3}
    assert all(r.fields["holder_account"] == "6222021234567890123" for r in rows)


def test_parse_rows_carry_page_and_bbox(tmp_path):
    pages, _ = statement(tmp_path, "boc_signed", n=5)
    rows = parse_statement_pages(pages)
    x0, y0, x1, y1 = rows[0].bbox
    assert x0 < x1 and y0 < y1 and rows[0].page == 0 and rows[0].index == 0
    assert rows[1].bbox[1] > rows[0].bbox[3] - 1


def test_parse_empty_cell_markers_read_as_missing(tmp_path):
    pages, truth = statement(tmp_path, "boc_signed", n=10)
    rows = parse_statement_pages(pages)
    missing = [r for r, t in zip(rows, truth, strict=True) if t["cp_account"] is None]
    assert missing and all(r.fields["cp_account"] is None and r.fields["cp_name"] is None for r in missing)


def test_parse_footer_subtotal_is_not_a_row(tmp_path):
    pages, truth = statement(tmp_path, "icbc_corp_flag", n=6, footer=True)
    rows = parse_statement_pages(pages)
    assert len(rows) == len(truth)
    assert not any("合计" in " ".join(r.cells.values()) for r in rows)


def test_parse_balance_break_flagged_never_altered(tmp_path):
    pages, truth = statement(tmp_path, "boc_signed", n=8)
    words, w, h = pages[0]
    shown = f"{truth[4]['balance']:,.2f}"
    wrong = shown.replace(shown[-4], "9" if shown[-4] != "9" else "1", 1)
    pages[0] = ([(*x[:4], wrong if x[4] == shown else x[4], *x[5:]) for x in words], w, h)
    rows = parse_statement_pages(pages)
    assert "balance_break" in rows[4].flags
    assert str(rows[4].fields["balance"]) != str(truth[4]["balance"])  # kept as printed


def test_parse_ocr_slip_in_amount_gets_suggested_fix(tmp_path):
    pages, truth = statement(tmp_path, "icbc_corp_flag", n=8, seed=7)
    words, w, h = pages[0]
    shown = f"{abs(truth[3]['amount']):,.2f}"
    i = next(k for k, c in enumerate(shown) if c in "0835617")
    alt = {"0": "8", "8": "3", "3": "8", "5": "6", "6": "5", "1": "7", "7": "1"}[shown[i]]
    slipped = shown[:i] + alt + shown[i + 1:]
    pages[0] = ([(*x[:4], slipped if x[4] == shown else x[4], *x[5:]) for x in words], w, h)
    rows = parse_statement_pages(pages)
    assert "balance_break" in rows[3].flags and "suggested_fix" in rows[3].flags
    fix = rows[3].fixes[0]
    assert fix["field"] == "amount" and fix["new"] == f"{truth[3]['amount']:.2f}" and fix["evidence"]


def test_parse_unreadable_date_row_kept_and_flagged(tmp_path):
    pages, truth = statement(tmp_path, "boc_signed", n=6)
    words, w, h = pages[0]
    day = truth[2]["time"][:10]
    pages[0] = ([(*x[:4], "2O21-O3-?" if x[4] == day else x[4], *x[5:]) for x in words], w, h)
    rows = parse_statement_pages(pages)
    assert len(rows) == 6
    assert "bad_date" in rows[2].flags and rows[2].fields["time"] is None


def test_is_statement_page_detects_header_only_on_statement(tmp_path):
    pages, _ = statement(tmp_path, "english", n=3)
    assert is_statement_page(pages[0][0])
    prose = [(56, 72, 90, 83, "问：你和李某是什么关系？", 0, 0, 0), (56, 90, 90, 101, "答：朋友。", 0, 1, 0)]
    assert not is_statement_page(prose)


def test_parse_tilted_scan_rows_stay_rows(tmp_path):
    pages, truth = statement(tmp_path, "icbc_corp_flag", n=10, seed=4)
    slope = 0.02  # about 1.1°: the right end of a row sits a line lower than its left end
    tilted = [([(w[0], w[1] + slope * w[0], w[2], w[3] + slope * w[0], *w[4:]) for w in words], wd, ht)
              for words, wd, ht in pages]
    rows = parse_statement_pages(tilted)
    assert _mismatches(rows, truth) == []
