"""Date and time normalisation: Chinese, numeric and English forms to ISO with a precision."""

from __future__ import annotations

from datetime import date

import pytest
from cn_numerals import chinese
from hypothesis import given
from hypothesis import strategies as st

from domain.normalise.dates import parse_date


@pytest.mark.parametrize("text,expected", [
    ("2021年3月5日", ("2021-03-05", "day")), ("2021.3.5", ("2021-03-05", "day")),
    ("2021-03-05", ("2021-03-05", "day")), ("2021/3/5", ("2021-03-05", "day")),
    ("二〇二一年三月五日", ("2021-03-05", "day")), ("2021年3月", ("2021-03", "month")),
    ("2021年6月底", ("2021-06", "month")), ("2021年", ("2021", "year")),
    ("13时许", ("13:00", "hour")), ("13时10分", ("13:10", "minute")), ("下午3点", ("15:00", "hour")),
    ("晚上十点半", ("22:30", "minute")), ("凌晨", ("00:00/06:00", "part_of_day")),
    ("2021年3月5日9时10分", ("2021-03-05T09:10", "minute")),
    ("2021年3月5日下午3点", ("2021-03-05T15:00", "hour")),
    ("2021-03-05 09:10:11", ("2021-03-05T09:10:11", "second")),
    ("5 March 2021", ("2021-03-05", "day")), ("March 5, 2021", ("2021-03-05", "day")),
    ("05/03/2021", ("2021-03-05", "day")), ("03/25/2021", ("2021-03-25", "day")),
    ("9:10 pm", ("21:10", "minute")),
])
def test_parse_date_forms(text, expected):
    assert parse_date(text) == expected


def test_month_day_takes_default_year_or_none():
    assert parse_date("3月5日", default_year=2020) == ("2020-03-05", "day")
    assert parse_date("3月5日") == ("--03-05", "day")


@pytest.mark.parametrize("text", ["2021年13月5日", "2021-02-30", "3点", "一时", "25时", "abc"])
def test_parse_date_rejects_impossible(text):
    assert parse_date(text) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_round_trip_in_every_form(d):
    iso = d.isoformat()
    cn_year = "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year))
    for text in (f"{d.year}年{d.month}月{d.day}日", f"{d.year}.{d.month}.{d.day}", iso, f"{d.year}/{d.month}/{d.day}",
                 f"{cn_year}年{chinese(d.month)}月{chinese(d.day)}日", f"{d.day} {d:%B} {d.year}"):
        assert parse_date(text) == (iso, "day"), text


@given(st.text(max_size=30))
def test_parse_date_never_crashes(text):
    parse_date(text)


def test_month_without_year_or_day_does_not_crash():
    from domain.normalise.dates import _ymd

    assert _ymd(None, 3, None) == ("--03", "month")
    assert _ymd(None, None, None) is None
