"""Fuzzing the statement-row parsers: amounts, dates, whole sheets of random cells never raise or hang."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.statements.amounts import direction_sign, parse_amount, signed_amount
from nlp.statements.dates import looks_like_date, parse_date, parse_datetime, parse_time
from nlp.statements.spreadsheets import cell_text, find_header_row, parse_workbook
from tests.reliability.fuzzing import FUZZ, cell, statement_text

HEADER = ["交易日期", "交易时间", "交易金额", "借方金额", "贷方金额", "余额", "收付标志", "对方户名", "对方账号", "摘要"]


@FUZZ
@given(statement_text)
def test_fuzz_parse_amount_is_decimal_or_none(text):
    value = parse_amount(text)
    assert value is None or (isinstance(value, Decimal) and value.is_finite())


@FUZZ
@given(st.dictionaries(st.sampled_from(["amount", "debit", "credit", "direction", "memo"]), statement_text))
def test_fuzz_signed_amount_never_raises(cells):
    value, flags = signed_amount(cells)
    assert value is None or value.is_finite()
    assert isinstance(flags, list)
    direction_sign(cells.get("direction"))


@FUZZ
@given(statement_text, statement_text)
def test_fuzz_statement_dates_never_raise(date_text, time_text):
    day, _ = parse_date(date_text)
    assert day is None or hasattr(day, "year")
    parse_time(time_text)
    looks_like_date(date_text)
    iso = parse_datetime(date_text, time_text)
    assert iso is None or iso[:4].isdigit()


@settings(FUZZ, max_examples=60)
@given(st.lists(st.lists(cell, max_size=10), max_size=10), st.booleans())
def test_fuzz_parse_workbook_on_random_rows(rows, with_header):
    if with_header:
        rows = [HEADER, *rows]
    for row in rows:
        for c in row:
            cell_text(c)
    find_header_row(rows)
    result = parse_workbook([("s", rows, [])])
    data_rows = len(rows) - 1 if with_header else len(rows)
    # nothing silently multiplied: every ledger, failed or unreadable row comes from one input row
    assert len(result.rows) + len(result.failed) + len(result.unreadable) <= max(data_rows, 0)
