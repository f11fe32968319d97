"""Resident ID, Luhn, phone, plate and e-mail normalisers: examples and property tests."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from domain.checkdigits import id_check_char, luhn_valid
from domain.normalise.identifiers import (
    PROVINCE_CODES,
    normalise_email,
    normalise_phone,
    normalise_plate,
    valid_bank_card,
    validate_resident_id,
)


def _luhn_complete(body: str) -> str:
    for d in "0123456789":
        if luhn_valid(body + d):
            return body + d
    raise AssertionError("no Luhn digit")


def test_resident_id_decodes_birth_region_and_sex():
    rid = validate_resident_id("11010519491231002x")
    assert rid.valid and rid.number == "11010519491231002X"
    assert rid.birth == date(1949, 12, 31) and rid.region == "110105" and rid.sex == "F"


def test_resident_id_rejects_bad_check_and_impossible_date():
    assert not validate_resident_id("110105194912310021").valid
    first17 = "11010519490231002"            # 31 February
    assert not validate_resident_id(first17 + id_check_char(first17)).valid


def test_resident_id_legacy_15_digits():
    rid = validate_resident_id("110105491231002")
    assert rid.valid and rid.legacy and rid.birth == date(1949, 12, 31)


@st.composite
def resident_ids(draw):
    region = draw(st.sampled_from(sorted(PROVINCE_CODES))) + draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
    seq = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    first17 = f"{region}{born:%Y%m%d}{seq}"
    return first17 + id_check_char(first17)


@given(resident_ids(), st.integers(0, 16), st.integers(1, 9))
def test_resident_id_valid_and_one_digit_change_detected(number, pos, delta):
    assert validate_resident_id(number).valid
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1:]
    assert not validate_resident_id(changed).valid


@given(st.from_regex(r"62[0-9]{14,16}", fullmatch=True), st.integers(0, 30), st.integers(1, 9))
def test_luhn_valid_cards_and_single_digit_errors(body, pos, delta):
    card = _luhn_complete(body)
    assert luhn_valid(card) and valid_bank_card(card)
    pos %= len(card)
    changed = card[:pos] + str((int(card[pos]) + delta) % 10) + card[pos + 1:]
    assert not luhn_valid(changed)


@given(st.text(max_size=40))
def test_normalisers_never_crash(text):
    validate_resident_id(text)
    luhn_valid(text)
    normalise_phone(text)
    normalise_plate(text)
    normalise_email(text)


def test_card_needs_card_prefix():
    corporate = _luhn_complete("120202020900001234")
    assert luhn_valid(corporate) and not valid_bank_card(corporate)


def test_phone_forms_normalise_to_digits():
    assert normalise_phone("+86 138-1234-5678") == "13812345678"
    assert normalise_phone("8613812345678") == "13812345678"
    assert normalise_phone("0571-8888888") == "05718888888"
    assert normalise_phone("12345") is None


def test_plate_and_email_forms():
    assert normalise_plate("浙A·12345") == "浙A12345"
    assert normalise_plate("浙ad12345") == "浙AD12345"
    assert normalise_plate("浙A·ABCDE") is None
    assert normalise_email("Zhang.Wei@Example.COM") == "zhang.wei@example.com"
    assert normalise_email("not an address") is None
