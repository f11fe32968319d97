"""Signed amounts from a signed column, a direction flag plus amount, or split debit/credit columns."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Direction words: +1 money in, -1 money out (借 = debit = out of the holder's account).
DIRECTION_SIGN: dict[str, int] = {
    "进": 1, "入": 1, "收": 1, "贷": 1, "c": 1, "cr": 1, "credit": 1, "in": 1, "+": 1, "收入": 1, "存入": 1,
    "贷方": 1, "来账": 1,
    "出": -1, "支": -1, "付": -1, "借": -1, "d": -1, "dr": -1, "debit": -1, "out": -1, "o": -1, "-": -1,
    "支出": -1, "付出": -1, "借方": -1, "往账": -1, "0": -1,
}
EMPTY_MARKS = re.compile(r"^[\s\-—–_=/\\*.·]*$")
_CLEAN = re.compile(r"[¥￥$,，\s]|rmb|cny|元")
_SPLIT_NUMBERS = re.compile(r"\d[\s]+[+-]?\d")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def is_empty(text: str | None) -> bool:
    """Empty cells, including markers like `-------------------`, `--` and `/`."""
    return text is None or bool(EMPTY_MARKS.match(str(text)))


def parse_amount(text: str | None) -> Decimal | None:
    """`1,234.56`, `-1,234.56`, `+12.00`, `(12.00)`, `12.00-`, `¥12.00` as a Decimal; None when not a number."""
    if text is None:
        return None
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return _cents(Decimal(str(text)))
    t = unicodedata.normalize("NFKC", str(text)).strip().lower()
    if is_empty(t) or _SPLIT_NUMBERS.search(t):
        return None  # two numbers in one cell (a neighbour's value leaked in) is not an amount
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    t = _CLEAN.sub("", t)
    if t.endswith("-") and len(t) > 1:
        negative, t = not negative, t[:-1]
    for suffix, sign in (("cr", False), ("dr", True)):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
            negative = negative != sign
    if not _NUMBER.match(t):
        return None
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    return _cents(-value if negative else value)


def _cents(value: Decimal) -> Decimal | None:
    """Rounded to cents; None for NaN, infinity or a number too long to be an amount (quantize would raise)."""
    try:
        return value.quantize(Decimal("0.01")) if value.is_finite() else None
    except InvalidOperation:
        return None


def direction_sign(text: str | None) -> int | None:
    """+1 (in), -1 (out) or None for a direction flag such as 进/出, 借/贷, C/D, Cr/Dr or a stray O."""
    if text is None:
        return None
    t = unicodedata.normalize("NFKC", str(text)).strip().lower()
    if t in DIRECTION_SIGN:
        return DIRECTION_SIGN[t]
    if t and t[0] in DIRECTION_SIGN and not t[0].isdigit():
        return DIRECTION_SIGN[t[0]]
    return None


def signed_amount(cells: dict[str, str | None]) -> tuple[Decimal | None, list[str]]:
    """The signed amount (+ in, - out) of a row from whichever amount columns it has, with flags."""
    flags: list[str] = []
    debit, credit = parse_amount(cells.get("debit")), parse_amount(cells.get("credit"))
    if "debit" in cells or "credit" in cells:
        if debit is not None and credit is not None and debit != 0 and credit != 0:
            flags.append("both_debit_and_credit")
            return credit - abs(debit), flags
        if debit is not None and debit != 0:
            return -abs(debit), flags
        if credit is not None and credit != 0:
            return abs(credit), flags
        if debit is not None or credit is not None:
            return Decimal("0.00"), flags
        if cells.get("amount") is None:
            flags.append("missing_amount")
            return None, flags
    raw = cells.get("amount")
    value = parse_amount(raw)
    if value is None:
        flags.append("missing_amount" if is_empty(raw) else "bad_amount")
        return None, flags
    if "direction" in cells:
        sign = direction_sign(cells.get("direction"))
        if sign is None:
            flags.append("direction_unknown")
            return value, flags
        return abs(value) * sign, flags
    return value, flags
