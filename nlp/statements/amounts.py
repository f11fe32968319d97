"""Signed amounts from a signed column, a direction flag plus amount, or split debit/credit columns."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import overload

# Direction words: +1 money in, -1 money out (借 = debit = out of the holder's account).
DIRECTION_SIGN: dict[str, int] = {
    "进": 1, "入": 1, "收": 1, "贷": 1, "c": 1, "cr": 1, "credit": 1, "in": 1, "+": 1, "收入": 1, "存入": 1,
    "贷方": 1, "来账": 1,
    "出": -1, "支": -1, "付": -1, "借": -1, "d": -1, "dr": -1, "debit": -1, "out": -1, "o": -1, "-": -1,
    "支出": -1, "付出": -1, "借方": -1, "往账": -1, "0": -1,
    "已收入": 1, "已支出": -1, "收款": 1, "付款": -1, "转入": 1, "转出": -1,
}
# 收/支 values of payment platforms that say the row is neither income nor expense (own money moved,
# a refund, a wealth-product purchase): kept in the ledger unsigned and flagged `neutral`.
NEUTRAL_DIRECTIONS = frozenset({"不计收支", "中性交易", "其他", "/", "资金转移", "不计入收支"})
_CCY = re.compile(r"^(?P<ccy>[A-Z]{3})\s*(?=[-+(]?[\d.])|(?<=\d)\s*(?P<ccy2>[A-Z]{3})$")
# a note after the number: `131.77(已退款89.84)`, `468.32(已全额退款)`, `-3.90(CN)`
_WORDY = re.compile(r"[A-Za-z\u4e00-\u9fff(（]")
_NOTE = re.compile(r"^(?P<num>.*?\d)\s*[(（](?P<note>[^()（）]*[A-Za-z\u4e00-\u9fff][^()（）]*)[)）]\s*$")
EMPTY_MARKS = re.compile(r"^[\s\-—–_=/\\*.·]*$")
_CLEAN = re.compile(r"[¥￥$,，\s]|rmb|cny|元")
_SPLIT_NUMBERS = re.compile(r"\d[\s]+[+-]?\d")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


# Card statements with unsigned amounts name the kind of row in the description: money back to the card
# (还款, 退货, 退款, 返现, 存入, 溢缴款) or spent from it (消费, 取现, 分期, 年费, 利息, 手续费).
_CARD_IN = re.compile(r"还款|退货|退款|返现|返还|存入|溢缴|转入|红包|奖励|refund|payment|credit|return", re.I)
_CARD_OUT = re.compile(r"消费|取现|分期|年费|利息|手续费|转出|扣款|支付|purchase|sales|withdraw|fee|interest", re.I)


def card_memo_sign(text: str | None) -> int | None:
    """+1 (money back to the card) or -1 (spent) from a card row's type word; None when it says neither
    or both. The word that comes first decides (`退货 支付宝-…` is a refund even though it names 支付)."""
    if not text:
        return None
    t = unicodedata.normalize("NFKC", str(text))
    m_in, m_out = _CARD_IN.search(t), _CARD_OUT.search(t)
    if m_in and m_out:
        return 1 if m_in.start() < m_out.start() else -1
    return 1 if m_in else -1 if m_out else None


_EMPTY_CHARS = "-—–_=/\\*.·" + "".join(chr(c) for c in range(0x10000) if chr(c).isspace())


def is_empty(text: str | None) -> bool:
    """Empty cells, including markers like `-------------------`, `--` and `/` (EMPTY_MARKS, by str.strip)."""
    return text is None or not str(text).strip(_EMPTY_CHARS)


@overload
def split_amount_text(text: str) -> tuple[str, str | None, str | None]: ...
@overload
def split_amount_text(text: str | None) -> tuple[str | None, str | None, str | None]: ...
def split_amount_text(text: str | None) -> tuple[str | None, str | None, str | None]:
    """`CNY 123.18` -> ('123.18', 'CNY', None); `131.77(已退款89.84)` -> ('131.77', None, '已退款89.84').

    The number as text, a currency code printed with it and a note in brackets after it."""
    if text is None or isinstance(text, int | float | Decimal):
        return text, None, None
    t = unicodedata.normalize("NFKC", str(text)).strip()
    if not _WORDY.search(t):  # the usual cell, `-1,234.56`: nothing to split off
        return t, None, None
    note = None
    m = _NOTE.match(t)
    if m:
        t, note = m.group("num").strip(), m.group("note").strip()
    ccy = None
    m = _CCY.search(t)
    if m:
        ccy = m.group("ccy") or m.group("ccy2")
        t = (t[: m.start()] + t[m.end():]).strip()
    return t, ccy, note


def parse_amount(text: str | None) -> Decimal | None:
    """`1,234.56`, `-1,234.56`, `+12.00`, `(12.00)`, `12.00-`, `¥12.00` as a Decimal; None when not a number."""
    if text is None:
        return None
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return _cents(Decimal(str(text)))
    t, _, _ = split_amount_text(text)
    t = t.lower()
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
    t = re.sub(r"\s+", " ", t)
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
        if sign is None and unicodedata.normalize("NFKC", str(cells.get("direction") or "")).strip() in NEUTRAL_DIRECTIONS:
            flags.append("neutral")  # the platform counts it as neither in nor out: kept unsigned
            return abs(value), flags
        if sign is None:
            flags.append("direction_unknown")
            return value, flags
        return abs(value) * sign, flags
    return value, flags
