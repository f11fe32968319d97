"""Identifier component: validated IDs, cards, accounts, phones, plates, e-mail; no wrong labels."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.checkdigits import id_check_char, luhn_valid
from nlp.components.identifiers import find_identifiers


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(c.label, text[c.start:c.end], c.value) for c in find_identifiers(text)]


def _card(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def test_identifiers_each_kind_with_normalised_value():
    text = ("身份证号11010519491231002x，卡号6222 0212 3456 7890 128，手机+86 138-1234-5678，"
            "电话0571-8888888，车牌浙A·12345，邮箱 Zhang@Example.com")
    assert _found(text) == [
        ("ID_NUMBER", "11010519491231002x", "11010519491231002X"),
        ("BANK_CARD", "6222 0212 3456 7890 128", "6222021234567890128"),
        ("PHONE", "+86 138-1234-5678", "13812345678"),
        ("PHONE", "0571-8888888", "05718888888"),
        ("PLATE", "浙A·12345", "浙A12345"),
        ("EMAIL", "Zhang@Example.com", "zhang@example.com"),
    ]


def test_identifiers_account_only_when_labelled():
    corporate = "1202020209000012346"
    assert _found(f"账号：{corporate}") == [("ACCOUNT", corporate, corporate)]
    assert _found(f"流水号 {corporate}") == []


def test_identifiers_masked_card_and_phone():
    assert _found("卡号6222 **** **** 1234，手机138****5678") == [
        ("BANK_CARD", "6222 **** **** 1234", "6222********1234"), ("PHONE", "138****5678", "138****5678")]


def test_identifiers_digits_inside_longer_runs_do_not_match():
    card = _card("622202123456789012")
    assert _found("9" + card) == []
    assert _found(card + "7") == []
    assert _found("1381234567890") == []


def test_identifiers_card_with_bad_check_is_not_an_id_or_card():
    assert _found("6222021234567890121") == [] or _found("6222021234567890121")[0][0] != "ID_NUMBER"


@settings(max_examples=60)
@given(st.from_regex(r"62[0-9]{15}", fullmatch=True), st.from_regex(r"[0-9]{4}", fullmatch=True))
def test_identifiers_eighteen_digit_card_is_never_an_id(body, region):
    card = _card(body)
    labels = {label for label, _, _ in _found(f"转入{card}。")}
    assert "ID_NUMBER" not in labels or labels == {"ID_NUMBER"}
    first17 = f"33{region}19850612123"
    rid = first17 + id_check_char(first17)
    assert _found(f"身份证{rid}号")[0][0] == "ID_NUMBER"


@given(st.text(max_size=80))
def test_identifiers_never_crash(text):
    find_identifiers(text)
