"""Chinese and mixed numerals (叁万伍仟, 三万五千, 1.5万, 二〇二一) to numbers, for money and dates."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6,
          "陸": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[" + NUMERAL_CHARS + "]")


def parse_number(text: str) -> float | None:
    """Value of a Chinese, Arabic or mixed numeral ("叁万伍仟" 35000, "3.5万" 35000, "1万2千" 12000).

    Returns None for anything that is not one well-formed number. Arabic thousands separators must be
    removed by the caller (they are ambiguous with list commas).
    """
    if not text:
        return None
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != text:
        return None
    total = 0.0                     # completed 亿/万 sections
    section = 0.0                   # the part below 万 being read
    pending: float | None = None    # a digit waiting for its unit
    last_small = float("inf")       # units must fall within a section: 千 before 百 before 十
    prev = ""                       # previous token, for the "三万五" shorthand
    zero_seen = False
    for tok in tokens:
        if tok in ("零", "〇", "○", "Ｏ") and pending is None:
            zero_seen = True
            prev = tok
            continue
        if tok in DIGITS or tok[0].isdigit():
            if pending is not None:
                return None         # two digits in a row: "二〇二一" is a digit string, not a number
            pending = float(DIGITS[tok]) if tok in DIGITS else float(tok)
        elif tok in SMALL_UNITS:
            unit = SMALL_UNITS[tok]
            if unit >= last_small:
                return None
            section += (1.0 if pending is None else pending) * unit
            pending, last_small, zero_seen = None, unit, False
        else:
            unit = BIG_UNITS[tok]
            if pending is None and section == 0 and total == 0:
                return None         # a bare 万 is not a number
            value = section + (pending or 0.0)
            total = (total + value) * unit if unit == 100_000_000 else total + value * unit
            section, pending, last_small, zero_seen = 0.0, None, float("inf"), False
        prev = tok
    if pending is not None:
        if not zero_seen and prev and len(tokens) > 1:
            before = tokens[-2]
            scale = SMALL_UNITS.get(before) or BIG_UNITS.get(before)
            if scale and scale >= 100:
                pending *= scale / 10   # 三万五 = 35000, 三千五 = 3500
        section += pending
    return total + section


def parse_digit_string(text: str) -> int | None:
    """Digit-by-digit numerals ("二〇二一" 2021, "2021"); None when any character is not a digit."""
    out = 0
    for ch in text:
        if "0" <= ch <= "9":
            out = out * 10 + int(ch)
        elif ch in DIGITS and ch != "两":
            out = out * 10 + DIGITS[ch]
        else:
            return None
    return out if text else None


def parse_small_int(text: str) -> int | None:
    """Day, month and hour numbers: "5", "05", "十五", "廿"-free Chinese up to 99."""
    if text.isascii() and text.isdigit():
        return int(text)
    value = parse_number(text)
    if value is None or value != int(value):
        return None
    return int(value)
