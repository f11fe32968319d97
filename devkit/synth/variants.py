"""The many ways people write amounts, dates and times in case papers: 人民币叁万元, 2021.3.5, 13时许."""

from __future__ import annotations

import random
from datetime import datetime

_DIGITS = "零一二三四五六七八九"
_DIGITS_UP = "零壹贰叁肆伍陆柒捌玖"
_UNITS_UP = ("", "拾", "佰", "仟")
_UNITS_LO = ("", "十", "百", "千")


def _four(n: int, digits: str, units: tuple[str, ...]) -> str:
    """Chinese numeral for 0 < n < 10000 (with 零 where a place is skipped)."""
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10**i % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        out += digits[d] + units[i]
    return out


def chinese_number(n: int, upper: bool = False) -> str:
    """Integer as Chinese numerals: 30000 -> 三万 / 叁万; up to 10^12."""
    digits, units = (_DIGITS_UP, _UNITS_UP) if upper else (_DIGITS, _UNITS_LO)
    if n == 0:
        return digits[0]
    parts = []
    for big, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // big % 10**4
        if chunk:
            text = _four(chunk, digits, units)
            if parts and chunk < 1000:
                text = digits[0] + text
            parts.append(text + name)
        elif parts and n % big:
            pass
    s = "".join(parts)
    if not upper and s.startswith("一十"):
        s = s[1:]
    return s


def money_upper(amount: float) -> str:
    """Capitalised amount as on receipts and forms: 人民币叁万元整 / 叁万贰仟元伍角."""
    yuan = int(round(amount * 100)) // 100
    fen = int(round(amount * 100)) % 100
    s = chinese_number(yuan, upper=True) + "元"
    if fen == 0:
        return s + "整"
    j, f = divmod(fen, 10)
    if j:
        s += _DIGITS_UP[j] + "角"
    if f:
        s += _DIGITS_UP[f] + "分"
    return s


def money_text(rng: random.Random, amount: float, *, style: str | None = None) -> str:
    """One of the ways an amount is written in statements and records."""
    whole = abs(amount - round(amount)) < 0.005
    styles = ["rmb_upper", "comma", "plain", "yuan_sign", "wan", "rmb_plain"]
    if not whole:
        styles = ["comma", "yuan_sign", "plain"]
    style = style or rng.choice(styles)
    if style == "rmb_upper":
        return "人民币" + money_upper(amount)
    if style == "comma":
        return f"{amount:,.2f}元"
    if style == "yuan_sign":
        return f"¥{amount:,.2f}"
    if style == "wan" and round(amount) % 1000 == 0:
        w = amount / 10000
        return f"{w:g}万元"
    if style == "rmb_plain":
        return f"人民币{amount:.0f}元" if whole else f"人民币{amount:.2f}元"
    return f"{amount:.0f}元" if whole else f"{amount:.2f}元"


def chinese_year(year: int) -> str:
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(year))


def date_text(rng: random.Random, when: datetime, *, style: str | None = None) -> str:
    """A date as written by hand or typed: 2021年3月5日, 2021.3.5, 2021-03-05, 二〇二一年三月五日."""
    style = style or rng.choice(["cn", "cn", "dot", "iso", "cn_numerals", "slash"])
    if style == "cn":
        return f"{when.year}年{when.month}月{when.day}日"
    if style == "dot":
        return f"{when.year}.{when.month}.{when.day}"
    if style == "iso":
        return f"{when:%Y-%m-%d}"
    if style == "slash":
        return f"{when.year}/{when.month}/{when.day}"
    return f"{chinese_year(when.year)}年{chinese_number(when.month)}月{chinese_number(when.day)}日"


def time_text(rng: random.Random, when: datetime, *, style: str | None = None) -> str:
    """A time of day: 13时许, 下午1点多, 13:05, 13时05分."""
    style = style or rng.choice(["xu", "hm", "colon", "period"])
    if style == "xu":
        return f"{when.hour}时许"
    if style == "hm":
        return f"{when.hour}时{when.minute:02d}分"
    if style == "colon":
        return f"{when:%H:%M}"
    period = "凌晨" if when.hour < 6 else "上午" if when.hour < 12 else "中午" if when.hour < 13 else "下午" if when.hour < 18 else "晚上"
    hour = when.hour if when.hour <= 12 else when.hour - 12
    return f"{period}{hour}点{'多' if when.minute else ''}"


def month_day_text(rng: random.Random, when: datetime) -> str:
    """Year left out, as people say it: 三月五日下午 / 3月5日."""
    if rng.random() < 0.5:
        half = "上午" if when.hour < 12 else "下午" if when.hour < 18 else "晚上"
        return f"{chinese_number(when.month)}月{chinese_number(when.day)}日{half}"
    return f"{when.month}月{when.day}日"
