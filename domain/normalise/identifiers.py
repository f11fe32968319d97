"""Validators and normal forms for resident IDs, bank cards, phones, plates and e-mail addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.checkdigits import id_check_char, luhn_valid

# First two digits of a resident ID: provinces, plus 81/82/83 for Hong Kong, Macau and Taiwan residents.
PROVINCE_CODES = frozenset({"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
                            "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
                            "63", "64", "65", "71", "81", "82", "83"})
# Card schemes seen on Chinese personal cards: UnionPay 62/60/9, Visa 4, Mastercard 5, Amex/JCB 3.
_CARD_PREFIX = re.compile(r"(?:62|60|9[0-9]|4|5[1-5]|3[457])")
_MOBILE = re.compile(r"(?:\+?86|0086)?(1[3-9]\d{9})")
_LANDLINE = re.compile(r"0\d{9,11}")
_PLATE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}"
                    r"[挂学警港澳]?")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class ResidentId:
    """What a resident ID number says about its holder, and whether it is well formed."""

    number: str          # normal form: digits, check character upper-case X
    valid: bool
    birth: date | None
    region: str          # first six digits: province, city, county
    sex: str | None      # "M" or "F" from the sequence number's parity
    legacy: bool         # 15-digit first-generation number (no check character)


def digits_only(text: str) -> str:
    """The ASCII digits of a string, in order (full-width digits folded)."""
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii() or "０" <= ch <= "９").translate(
        str.maketrans("０１２３４５６７８９", "0123456789"))


def _birth(year: int, month: int, day: int) -> date | None:
    try:
        born = date(year, month, day)
    except ValueError:
        return None
    return born if date(1900, 1, 1) <= born <= date.today() else None


def validate_resident_id(text: str) -> ResidentId:
    """Decode an 18-character (or legacy 15-digit) resident ID; `valid` needs a real birth date,
    a known province and, for 18 characters, a correct check character."""
    number = re.sub(r"[\s-]", "", text or "").upper()
    if re.fullmatch(r"\d{17}[\dX]", number):
        birth = _birth(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        ok = birth is not None and number[:2] in PROVINCE_CODES and id_check_char(number[:17]) == number[17]
        return ResidentId(number, ok, birth, number[:6], "M" if int(number[16]) % 2 else "F", False)
    if re.fullmatch(r"\d{15}", number):
        birth = _birth(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        ok = birth is not None and number[:2] in PROVINCE_CODES
        return ResidentId(number, ok, birth, number[:6], "M" if int(number[14]) % 2 else "F", True)
    return ResidentId(number, False, None, number[:6], None, False)


def valid_bank_card(digits: str) -> bool:
    """A personal payment card: 16-19 digits, a card-scheme prefix and a correct Luhn digit."""
    return 16 <= len(digits) <= 19 and bool(_CARD_PREFIX.match(digits)) and luhn_valid(digits)


def normalise_phone(text: str) -> str | None:
    """Mobile as its 11 digits (country code dropped); landline as area code + number digits; else None."""
    digits = digits_only(text)
    m = _MOBILE.fullmatch(digits)
    if m:
        return m.group(1)
    if _LANDLINE.fullmatch(digits):
        return digits
    return None


def normalise_plate(text: str) -> str | None:
    """Plate without separators, upper-case: 浙A·12345 -> 浙A12345; None when it is not a plate."""
    plate = re.sub(r"[\s·•.\-・]", "", text or "").upper()
    if not _PLATE.fullmatch(plate):
        return None
    body = plate[2:].rstrip("挂学警港澳")
    return plate if sum(ch.isdigit() for ch in body) >= 3 else None


def normalise_email(text: str) -> str | None:
    """E-mail address lower-cased; None when it is not one."""
    text = (text or "").strip()
    return text.lower() if _EMAIL.fullmatch(text) else None
