"""The counterparty a statement's description names when the layout has no counterparty column.

`TRF TO 周勇 6222026010620494289`, `TRF FROM JOHN SMITH 12-345678-9`, `FUND TRANSFER FROM 12-345678-9 JOHN SMITH`,
`转账-张三`, `转账 张三 6222…`, `财付通-美团`, `支付宝-张三`, `跨行转出 李四`: a transfer word, then the other
party's name and/or account in either order. One rule for PDF pages and spreadsheet rows alike:
`counterparty_from_memo` is pure; `fill_counterparty_from_memo` applies it to a row's fields (only when the row
names no counterparty of its own) and says so, so the row can be flagged `cp_from_memo`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Words that introduce the other party. Longest first so 跨行转出 wins over 转出.
_CN_WORDS = sorted((
    "转账", "转入", "转出", "跨行转出", "跨行转入", "跨行转账", "跨行汇款", "行内转账", "网银转账", "网银转入",
    "网银转出", "手机银行转账", "手机转账", "电子汇入", "电子汇出", "汇款", "汇入", "汇出", "代付", "代发",
    "财付通", "支付宝", "微信支付", "微信转账", "银联入账", "快捷支付", "转账存入", "转账支取", "他行汇入",
    "本行转入", "本行转出", "收款", "付款",
), key=len, reverse=True)
_EN_WORDS = (r"(?:fund\s+|funds\s+|inward\s+|outward\s+|online\s+|interbank\s+|ibg\s+|fast\s+)?"
             r"(?:trf|tfr|xfer|transfer|transfers|remittance|payment|giro)\s+(?:to|from)\b|(?:to|from)\s+a/?c\b")
# a card row's type word may come first: 消费 财付通-美团, 退货 支付宝-某某
_KIND = r"(?:(?:消费|支付|快捷支付|网上支付|退货|退款)\s*)?"
_LEAD = re.compile(rf"^\s*{_KIND}(?:(?P<cn>{'|'.join(_CN_WORDS)})|(?P<en>{_EN_WORDS}))\s*[-:/|,，：／—]*\s*",
                   re.IGNORECASE)
# an account: at least 6 digits, possibly grouped by spaces or dashes (12-345678-9), masked digits allowed
_ACCOUNT = re.compile(r"(?<![\w])(?:\d[\d*]*(?:[ \-]\d[\d*]*)*)(?![\w])")
# what is left is a name only when it is one: CJK (with ·, brackets of a company name) or Latin words
_NAME = re.compile(r"^(?:[\u3400-\u9fff·•()（）]{2,40}|[A-Za-z][A-Za-z.&'\- ]{1,60}[A-Za-z.])$")
_NOT_NAMES = frozenset({"手续费", "利息", "工资", "奖金", "本金", "冲正", "退款", "还款", "存入", "支取", "取款", "存款",
                        "入账", "消费", "跨行", "本行", "他行", "网银", "柜面", "批量", "代发工资", "charges", "fee",
                        "fees", "interest", "reversal", "own account", "self", *_CN_WORDS})


def counterparty_from_memo(memo: str | None) -> tuple[str | None, str | None]:
    """(name, account) of the other party a description names after a transfer word, else (None, None).

    The account comes back as digits (spaces and dashes taken out, masks `*` kept), the name as printed.
    A description that starts with no transfer word, or names nothing after it, gives (None, None).
    """
    if not memo:
        return None, None
    text = unicodedata.normalize("NFKC", str(memo)).strip()
    lead = _LEAD.match(text)
    if not lead:
        return None, None
    rest = text[lead.end():].strip()
    account = None
    for m in _ACCOUNT.finditer(rest):
        digits = re.sub(r"[ \-]", "", m.group(0))
        if sum(c.isdigit() for c in digits) >= 6:
            account = digits
            rest = (rest[: m.start()] + " " + rest[m.end():]).strip()
            break
    name: str | None = re.sub(r"\s+", " ", rest).strip(" -/|,，:：;；")
    if not name or not _NAME.match(name) or name.casefold() in _NOT_NAMES:
        name = None
    return (name, account) if name or account else (None, None)


def fill_counterparty_from_memo(fields: dict[str, Any]) -> bool:
    """Set cp_name/cp_account from the row's memo (then remark) when it has neither; True when it did."""
    if fields.get("cp_name") or fields.get("cp_account"):
        return False
    for key in ("memo", "remark"):
        name, account = counterparty_from_memo(fields.get(key))
        if name or account:
            fields["cp_name"], fields["cp_account"] = name, account
            return True
    return False
