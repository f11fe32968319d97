"""Fuzzing the normalisers and validators (money, dates, numerals, IDs, cards, phones, plates, e-mail)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from domain.checkdigits import luhn_valid
from domain.normalise.dates import parse_date
from domain.normalise.identifiers import (
    digits_only,
    normalise_email,
    normalise_phone,
    normalise_plate,
    valid_bank_card,
    validate_resident_id,
)
from domain.normalise.money import format_money, parse_money
from domain.normalise.numerals import parse_digit_string, parse_number, parse_small_int
from tests.reliability.fuzzing import FUZZ, statement_text

ID_CHARS = "0123456789Xx０１２３４５６７８９ -*"
id_text = st.one_of(st.text(alphabet=ID_CHARS, max_size=24), st.text(max_size=24))


@FUZZ
@given(statement_text)
def test_fuzz_parse_money(text):
    result = parse_money(text)
    if result is not None:
        amount, currency = result
        assert math.isfinite(amount) and currency
        format_money(amount, currency)


@FUZZ
@given(statement_text, st.one_of(st.none(), st.integers(1, 9999)))
def test_fuzz_parse_date(text, year):
    result = parse_date(text, year)
    assert result is None or (isinstance(result[0], str) and isinstance(result[1], str))


@FUZZ
@given(statement_text)
def test_fuzz_numerals(text):
    value = parse_number(text)
    assert value is None or not math.isnan(value)
    parse_digit_string(text)
    parse_small_int(text)


@FUZZ
@given(id_text)
def test_fuzz_identifier_validators(text):
    rid = validate_resident_id(text)
    assert isinstance(rid.valid, bool)
    if rid.valid:
        assert len(rid.number) == 18 and rid.birth is not None
    digits = digits_only(text)
    assert digits == "" or digits.isdigit()
    luhn_valid(digits)
    valid_bank_card(digits)
    normalise_phone(text)
    normalise_plate(text)
    normalise_email(text)
