"""Valid identifiers as they appear in dossiers: resident IDs (MOD 11-2), bank cards (Luhn), phones."""

from __future__ import annotations

import random
import re
from datetime import date

from app.core.banks import CARD_BINS
from domain.checkdigits import id_check_char, luhn_check_digit, luhn_valid

# Cards use app.core.banks.CARD_BINS (real BINs), so the graph reads a synthetic card's bank back.
# Corporate settlement accounts: digits per bank (no check digit).
CORP_LENGTHS = {"ICBC": 19, "CCB": 20, "ABC": 17, "BOC": 12, "CMB": 15, "BOCOM": 21, "HSBC": 12}
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "156", "158", "159", "166", "176", "177", "180", "181", "186", "187", "188",
                   "189", "198", "199", "173", "178", "185")


def valid_resident_id(value: str) -> bool:
    """True for an 18-character resident ID with a real birth date and a correct check character."""
    if not re.fullmatch(r"\d{17}[\dX]", value or ""):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return id_check_char(value[:17]) == value[17]


def resident_id(rng: random.Random, region: str, birth: date, male: bool) -> str:
    """A valid resident ID: region, birth date, sequence (odd for men), check character."""
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def valid_luhn(value: str) -> bool:
    """True when the digit string passes the Luhn check."""
    return bool(re.fullmatch(r"\d{12,19}", value or "")) and luhn_valid(value)


def bank_card(rng: random.Random, bank: str) -> str:
    """A personal debit card number of the bank: real BIN, 16-19 digits, valid Luhn."""
    prefix, length = rng.choice(CARD_BINS[bank])
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def corporate_account(rng: random.Random, bank: str) -> str:
    """A corporate settlement account number (12-22 digits, no check digit)."""
    n = CORP_LENGTHS.get(bank, 18)
    return str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(n - 1))


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number 1[3-9]xxxxxxxxx."""
    return rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))


def valid_mobile(value: str) -> bool:
    return bool(re.fullmatch(r"1[3-9]\d{9}", value or ""))


def mask_card(card: str) -> str:
    """Masked form as printed on receipts: 6222 **** **** 1234."""
    return f"{card[:4]} **** **** {card[-4:]}"
