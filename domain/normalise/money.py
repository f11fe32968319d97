"""Money amounts as written in case papers (人民币叁万伍仟元, 3.5万元, ¥30,000.00, $1,200.50) to (amount, currency)."""

from __future__ import annotations

import re

from domain.normalise.numerals import DIGITS, NUMERAL_CHARS, parse_number

_CN = NUMERAL_CHARS
_SMALL_DIGIT = "[" + "".join(DIGITS) + r"\d]"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Amount with a currency word after it: Arabic, Chinese or mixed (3.5万, 1万2千, 叁万伍仟).
_AMOUNT = rf"(?:{_ARABIC})[{_CN}\d.]*|[{_CN}][{_CN}\d.]*"
_PREFIX_CUR = r"人民币|RMB|CNY|USD|US\$|HK\$|HKD|EUR|GBP|¥|￥|\$|€|£"
_SUFFIX_CUR = r"元|圆|块钱|块|美元|美金|港元|港币|欧元|英镑|日元|dollars?|USD|CNY|RMB|HKD|EUR|yuan"
_CHANGE = rf"(?:{_SMALL_DIGIT}[角毛])?(?:{_SMALL_DIGIT}分)?整?"

MONEY_PATTERN = re.compile(
    rf"(?:(?P<pre>{_PREFIX_CUR}) ?)?(?<![数几每上成多余])(?P<num>{_AMOUNT}) ?(?P<approx>余|多)?"
    rf"(?:(?P<suf>{_SUFFIX_CUR})(?P<change>{_CHANGE}))?"
    # 元 starting a word (元旦, 元素, 元月) is not money
    r"(?![旦素宵首老件器代帅朝凶月])"
)

_CURRENCY = {"人民币": "CNY", "RMB": "CNY", "CNY": "CNY", "¥": "CNY", "￥": "CNY", "元": "CNY", "圆": "CNY",
             "块": "CNY", "块钱": "CNY", "yuan": "CNY", "USD": "USD", "US$": "USD", "$": "USD", "美元": "USD",
             "美金": "USD", "dollar": "USD", "dollars": "USD", "HK$": "HKD", "HKD": "HKD", "港元": "HKD",
             "港币": "HKD", "EUR": "EUR", "€": "EUR", "欧元": "EUR", "GBP": "GBP", "£": "GBP", "英镑": "GBP",
             "日元": "JPY"}
_CHANGE_PART = re.compile(rf"(?:(?P<jiao>{_SMALL_DIGIT})[角毛])?(?:(?P<fen>{_SMALL_DIGIT})分)?整?")


def _digit(ch: str | None) -> int:
    if not ch:
        return 0
    return int(ch) if ch.isdigit() else DIGITS[ch]


def money_from_match(m: re.Match[str]) -> tuple[float, str] | None:
    """(amount, ISO currency) of a MONEY_PATTERN match, or None when it is not a money amount.

    A number needs a currency sign before it or a currency word after it; a bare number is not money.
    """
    pre, suf, num = m.group("pre"), m.group("suf"), m.group("num")
    if not pre and not suf:
        return None
    if pre and not suf and not num[0].isdigit():
        return None
    num = num.rstrip(".")
    if "," in num:
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", num):
            return None
        num = num.replace(",", "")
    amount = parse_number(num)
    if amount is None:
        return None
    change = _CHANGE_PART.fullmatch(m.group("change") or "")
    if change:
        amount += _digit(change.group("jiao")) / 10 + _digit(change.group("fen")) / 100
    currency = _CURRENCY.get(pre or "", "") if pre else ""
    if suf and (not currency or suf not in ("元", "圆", "块", "块钱")):
        currency = _CURRENCY.get(suf.lower() if suf.isascii() else suf, currency) or currency
    if pre == "$" and suf in ("元",):
        currency = "USD"
    return round(amount, 2), currency or "CNY"


def parse_money(text: str) -> tuple[float, str] | None:
    """("人民币叁万伍仟元" -> (35000.0, "CNY")); None when the whole text is not one amount."""
    m = MONEY_PATTERN.fullmatch((text or "").strip())
    return money_from_match(m) if m else None


def format_money(amount: float, currency: str) -> str:
    """The stored value form: two decimals and the ISO currency, "35000.00 CNY"."""
    return f"{amount:.2f} {currency}"
