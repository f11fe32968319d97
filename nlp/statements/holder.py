"""The statement header block: holder name and account, period and currency (户名/账号/起止日期/币种)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_KEYS = {
    "name": r"户\s*名|客户姓名|客户名称|账户名称|账户名|姓\s*名|account\s*holder|account\s*name|customer\s*name",
    "account": r"账\s*号|帐\s*号|卡\s*号|客户账号|账户号码|account\s*(?:no\.?|number)|card\s*no\.?",
    "period": r"起止日期|查询期间|交易期间|查询日期|起止时间|statement\s*period|period",
    "currency": r"币\s*种|币\s*别|货\s*币|currency",
}
_ANY_KEY = "|".join(f"(?:{v})" for v in _KEYS.values())
_PAIR = re.compile(rf"(?P<key>{_ANY_KEY})\s*[:：]\s*(?P<value>.*?)(?=\s+(?:{_ANY_KEY})\s*[:：]|$)", re.IGNORECASE)
_ACCOUNT = re.compile(r"[0-9*＊xX][0-9*＊ \-]{7,}[0-9]")
_DATE = re.compile(r"((?:19|20)\d{2}[-/.年]?\d{1,2}[-/.月]?\d{1,2}日?)")
CURRENCIES = {"人民币": "CNY", "rmb": "CNY", "cny": "CNY", "156": "CNY", "本币": "CNY", "美元": "USD",
              "usd": "USD", "港币": "HKD", "港元": "HKD", "hkd": "HKD", "欧元": "EUR", "eur": "EUR",
              "英镑": "GBP", "gbp": "GBP", "日元": "JPY", "jpy": "JPY"}


@dataclass
class Holder:
    """Who the statement belongs to; fields stay None when the block does not say."""

    name: str | None = None
    account: str | None = None
    period: tuple[str, str] | None = None
    currency: str | None = None

    def merged(self, other: Holder) -> Holder:
        """This holder updated with what `other` knows (a new block on a later page wins)."""
        return Holder(other.name or self.name, other.account or self.account, other.period or self.period,
                      other.currency or self.currency)

    @property
    def empty(self) -> bool:
        return not (self.name or self.account or self.period or self.currency)


def normalise_currency(text: str | None) -> str | None:
    """`人民币`, `RMB`, `156` -> `CNY`; unknown text returned as given; empty -> None."""
    if not text or not str(text).strip():
        return None
    t = unicodedata.normalize("NFKC", str(text)).strip().lower()
    for key, code in CURRENCIES.items():
        if t == key or t.startswith(key):
            return code
    return str(text).strip().upper() if t.isascii() else str(text).strip()


def _kind(key: str) -> str:
    for kind, rx in _KEYS.items():
        if re.fullmatch(rx, key, re.IGNORECASE):
            return kind
    return ""


def parse_holder(lines: list[str]) -> Holder:
    """Holder details from the text lines above a statement table (key：value pairs, any order)."""
    found = Holder()
    for raw in lines:
        line = unicodedata.normalize("NFKC", raw).replace("：", ":")
        for m in _PAIR.finditer(line):
            kind, value = _kind(m.group("key").strip()), re.split(r"\s+\S+\s*:", m.group("value"))[0].strip()
            if not value:
                continue
            if kind == "name" and not found.name:
                found.name = value if value.isascii() else value.split()[0]
            elif kind == "account" and not found.account:
                acc = _ACCOUNT.search(value)
                if acc:
                    found.account = re.sub(r"[ \-]", "", acc.group(0))
            elif kind == "period" and not found.period:
                dates = _DATE.findall(value)
                if len(dates) >= 2:
                    found.period = (dates[0], dates[1])
            elif kind == "currency" and not found.currency:
                found.currency = normalise_currency(value.split()[0])
    if not found.period:
        found.period = period_from_lines(lines)
    return found


_PERIOD_LINE = re.compile(r"起始时间|起止日期|起止时间|日期区间|查询期间|交易期间|账单周期|账单期间|statement\s*(?:period|cycle)"
                          r"|billing\s*cycle|period", re.IGNORECASE)
# the statement day of a card statement (账单日 2025/01/05, Statement Date 05 Jan 2025): the period's end
_STATEMENT_DAY = re.compile(r"账单日|statement\s*(?:closing\s*)?date|closing\s*date", re.IGNORECASE)
_DATE_ANY = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|(?:19|20)\d{2}[01]\d[0-3]\d"
                       r"|\d{1,2}[\s-]*[A-Za-z]{3,9}\.?,?[\s-]*(?:19|20)\d{2}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+(?:19|20)\d{2}")
_STATEMENT_MONTH = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?!\s*\d)")


def period_from_lines(lines: list[str]) -> tuple[str, str] | None:
    """The statement period printed around a table, as (first, last) date text, else None.

    Two dates after a period key (账单周期 2024/12/06-2025/01/05, 起止日期, Statement Period); else a card
    statement's day (账单日 2025/01/05, Statement Date 05 Jan 2025) as ('', day); else a title month
    (招商银行信用卡对账单（2024年01月）) as (month, month). Card rows print no year: it comes from here.
    """
    text = [unicodedata.normalize("NFKC", ln) for ln in lines]
    for line in text:
        for m in _PERIOD_LINE.finditer(line):
            dates = _DATE_ANY.findall(line[m.end():])
            if len(dates) >= 2:
                return dates[0], dates[1]
    for line in text:
        for m in _STATEMENT_DAY.finditer(line):
            dates = _DATE_ANY.findall(line[m.end():])
            if dates:
                return "", dates[0]
    for line in text:
        month = _STATEMENT_MONTH.search(line)
        if month:
            return month.group(0), month.group(0)
    return None


_PLATFORM_ACCOUNT = re.compile(r"(支付宝账户|支付宝账号|京东账号名|京东账号|微信号|财付通账号|云闪付账号|美团账号)\s*[:：]\s*"
                               r"\[?(?P<value>[^\]\s,，;；]+)\]?")
_PLATFORM_NAME = re.compile(r"(微信昵称|昵称|账户名|用户名)\s*[:：]\s*\[?(?P<value>[^\]\s,，;；]+)\]?")
_BARE_KEY = re.compile(rf"^(?:{_ANY_KEY}|借记卡号)$", re.IGNORECASE)


def holder_from_lines(lines: list[str]) -> Holder:
    """Holder details from a spreadsheet's preamble rows (cells joined by spaces): `卡号: 1234****5678`,
    `账号 6200…` in two cells, `支付宝账户：x@y.com`, `微信昵称：[张三]`, `起始时间：[…] 终止时间：[…]`."""
    fixed = []
    for line in lines:
        parts = line.split()
        out = []
        for i, part in enumerate(parts):  # a key alone in its cell, its value in the next: add the colon
            out.append(part + ":" if _BARE_KEY.match(unicodedata.normalize("NFKC", part)) and i + 1 < len(parts)
                       else part)
        fixed.append(" ".join(out))
    found = parse_holder(fixed)
    text = "\n".join(unicodedata.normalize("NFKC", ln) for ln in lines)
    if not found.account:
        m = _PLATFORM_ACCOUNT.search(text)
        if m:
            found.account = m.group("value")
    if not found.name:
        m = _PLATFORM_NAME.search(text)
        if m:
            found.name = m.group("value")
    if found.name:
        found.name = found.name.strip("[]【】")
    return found
