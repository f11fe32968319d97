"""Money and numeral parsing: the forms case papers use, and property round-trips."""

from __future__ import annotations

import pytest
from cn_numerals import chinese
from hypothesis import given
from hypothesis import strategies as st

from domain.normalise.money import format_money, parse_money
from domain.normalise.numerals import parse_digit_string, parse_number


@pytest.mark.parametrize("text,expected", [
    ("人民币叁万伍仟元", (35000.0, "CNY")), ("三万五千元", (35000.0, "CNY")),
    ("一万二千三百四十五元六角", (12345.6, "CNY")), ("两万元", (20000.0, "CNY")),
    ("30,000.00元", (30000.0, "CNY")), ("3万元", (30000.0, "CNY")), ("3.5万元", (35000.0, "CNY")),
    ("$1,200.50", (1200.5, "USD")), ("1,200 dollars", (1200.0, "USD")), ("¥30,000.00", (30000.0, "CNY")),
    ("人民币352元", (352.0, "CNY")), ("RMB 5000", (5000.0, "CNY")), ("5元3角2分", (5.32, "CNY")),
    ("3000余元", (3000.0, "CNY")), ("1.2亿元", (120_000_000.0, "CNY")), ("HK$200", (200.0, "HKD")),
])
def test_parse_money_forms(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["30000", "元旦", "数千元", "3,00元", "万元", ""])
def test_parse_money_rejects_non_amounts(text):
    assert parse_money(text) is None


@given(st.integers(1, 99_999_999))
def test_chinese_numerals_round_trip(n):
    assert parse_number(chinese(n)) == n


@given(st.integers(0, 10**9), st.integers(0, 99))
def test_arabic_amounts_round_trip(whole, cents):
    text = f"{whole:,}.{cents:02d}元"
    amount, currency = parse_money(text)
    assert currency == "CNY" and format_money(amount, currency) == f"{whole}.{cents:02d} CNY"


@given(st.text(max_size=30))
def test_parsers_never_crash(text):
    parse_money(text)
    parse_number(text)
    parse_digit_string(text)


def test_digit_strings_for_years():
    assert parse_digit_string("二〇二一") == 2021
    assert parse_number("二〇二一") is None
