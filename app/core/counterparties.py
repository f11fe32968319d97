"""Counterparties named without an account: one name key, and which names are payment platforms (intermediaries).

Real statements (CMB, card statements, Alipay/WeChat bills) often give a counterparty's name only. The ledger, the
resolver and the graph must agree on when two such names are the same counterparty: `name_key` is that rule.
Payment platforms and clearing houses (财付通, 支付宝, 银联 …) stand between the holder and the real payer or payee;
they are intermediaries, not people, and money through them is no path between parties: `is_intermediary`.
"""

from __future__ import annotations

import re
import unicodedata

# Account key of a statement whose own account number is printed nowhere (followed by its holder's name).
UNKNOWN_HOLDER = "(未知账户)"
# Account-like key of a counterparty known by name only (ledger accounts, alert accounts, graph lookups).
NAME_KEY_PREFIX = "name:"

# Platform and clearing names as they appear in 对手信息 / 对方户名 (a substring match, case-insensitive).
INTERMEDIARY_WORDS = (
    "财付通", "支付宝", "微信支付", "微信零钱", "微信转账", "微信红包", "零钱通", "余额宝", "网联", "银联",
    "清算中心", "清算有限", "京东支付", "网银在线", "云闪付", "快钱", "拉卡拉", "通联支付", "易宝支付", "汇付",
    "抖音支付", "美团支付", "壹钱包", "翼支付", "tenpay", "alipay", "unionpay", "wechat pay", "wechatpay",
    "nets union",
)
# Banks, police, prosecution and courts, utilities, bank and platform products (一卡通, 理财通), restaurants (a
# substring match, case-insensitive): institutions a dossier names often, never a person, never a suspect. "China Merchants" (招商银行 without 银行) is one, so are English merchant names
# that end in a trade (KFC RESTAURANT, SHENZHEN METRO) read from card statements.
INSTITUTION_WORDS = (
    "银行", "信用社", "信用合作", "农信", "农商", "储蓄", "手机银行", "网上银行", "网银", "公安", "派出所", "分局",
    "大队", "支队", "刑侦", "经侦", "检察", "法院", "看守所", "司法", "证券", "保险", "基金", "信托",
    "餐厅", "餐饮", "理财通", "一卡通", "国网", "电网", "燃气", "水务", "物业", "公积金",
    "bank", "merchants", "securities", "insurance", "police", "court", "procuratorate", "credit union",
)
INSTITUTION_LATIN_WORDS = frozenset({
    "bank", "merchants", "merchant", "securities", "insurance", "police", "court", "restaurant", "convenience",
    "metro", "platform", "store", "shop", "mall", "supermarket", "hotel", "airlines", "airline", "railway",
    "company", "co", "ltd", "limited", "inc", "llc", "corp", "corporation", "group", "holdings", "trading",
    "services", "service", "pay", "payment", "wallet", "cafe", "coffee", "market", "pharmacy", "hospital",
})
_LATIN_WORD = re.compile(r"[a-z]+")
_SPACES_AND_MARKS = re.compile(r"[\s\u3000·•・\-—_/\\|,，.。:：;；'\"“”‘’]+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})


def name_key(name: str | None) -> str:
    """A counterparty name as a comparison key: NFKC, lower case, no spaces or punctuation; '' when empty."""
    text = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS).lower()
    return _SPACES_AND_MARKS.sub("", text).strip("()")


def counterparty_key(account: str | None, name: str | None) -> str | None:
    """The counterparty's account when given, else NAME_KEY_PREFIX + its name key; None when neither is known."""
    acct = str(account).strip() if account is not None else ""
    if acct:
        return acct
    key = name_key(name)
    return NAME_KEY_PREFIX + key if key else None


def is_name_key(key: str | None) -> bool:
    return bool(key) and str(key).startswith(NAME_KEY_PREFIX)


def is_intermediary(name: str | None) -> bool:
    """A payment platform or clearing house (财付通, 支付宝, 网联清算, 银联, Tenpay …), not a person or merchant."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    if not text:
        return False
    return any(w in text for w in INTERMEDIARY_WORDS)


def is_institution(name: str | None) -> bool:
    """A bank, payment platform, police unit, court or trading name (招商银行, 手机银行, 武昌区分局经侦大队,
    China Merchants, KFC RESTAURANT): an organisation, never a person or a suspect."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    if not text:
        return False
    if is_intermediary(text) or any(w in text for w in INSTITUTION_WORDS):
        return True
    return any(w in INSTITUTION_LATIN_WORDS for w in _LATIN_WORD.findall(text))
