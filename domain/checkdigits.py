"""Check digits of Chinese identifiers: the resident ID's ISO 7064 MOD 11-2 character and the Luhn digit of
bank cards. One home for both: nlp validates with them, analysis weighs IDs by them, devkit/synth writes them."""

from __future__ import annotations

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_check_ok(number: str) -> bool:
    """True for 17 ASCII digits followed by their check character (upper-case X); the date is not checked."""
    return (len(number) == 18 and number[:17].isdigit() and number[:17].isascii()
            and id_check_char(number[:17]) == number[17])


def luhn_check_digit(body: str) -> str:
    """Luhn check digit to append to the digit string `body`."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(digits: str) -> bool:
    """True when a string of at least two ASCII digits passes the Luhn (mod 10) check."""
    if not digits.isdigit() or not digits.isascii() or len(digits) < 2:
        return False
    return luhn_check_digit(digits[:-1]) == digits[-1]
