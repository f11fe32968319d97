"""Identifier generators produce valid numbers and validators reject broken ones."""

import random
from datetime import date

from devkit.synth.identifiers import (
    bank_card,
    mobile,
    resident_id,
    valid_luhn,
    valid_mobile,
    valid_resident_id,
)
from devkit.synth.variants import chinese_number, money_upper
from domain.checkdigits import id_check_char


def test_resident_id_known_check_digit():
    assert id_check_char("11010519491231002") == "X"
    assert valid_resident_id("11010519491231002X")
    assert not valid_resident_id("110105194912310021")


def test_generated_identifiers_validate():
    rng = random.Random(1)
    for _ in range(200):
        rid = resident_id(rng, "330106", date(1988, 2, 29), True)
        assert valid_resident_id(rid) and rid[6:14] == "19880229" and int(rid[16]) % 2 == 1
        card = bank_card(rng, rng.choice(["ICBC", "CCB", "ABC", "BOC", "CMB"]))
        assert valid_luhn(card) and 16 <= len(card) <= 19
        assert valid_mobile(mobile(rng))
    assert valid_luhn("4111111111111111") and not valid_luhn("4111111111111112")


def test_chinese_amounts():
    assert chinese_number(30000) == "三万"
    assert money_upper(30000) == "叁万元整"
    assert money_upper(1005) == "壹仟零伍元整"
