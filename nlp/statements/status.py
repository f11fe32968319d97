"""What a row's status column (交易状态, 当前状态, 交易是否成功, Transaction status) says about the money.

One rule for banks' inquiry returns and payment platforms' bills alike:
- `failed`: the bank says it did not go through (否, 失败, N): kept apart in rejected_rows;
- `closed`: the order was closed before any money moved (交易关闭, 已关闭, 支付失败);
- `refunded`: paid and then wholly refunded (已全额退款, 对方已退还, 已退款 without a part);
- `partly_refunded`: part of it came back (`131.77(已退款89.84)`, 部分退款);
- `pending`: not settled yet (等待确认收货, 处理中, 待支付, 退款中);
- `refund`: the row is itself a refund coming back (退款成功);
- None: settled (交易成功, 支付成功, 已存入零钱, 对方已收钱, 提现已到账, POSTED …).

`closed` and `refunded` rows are kept in the ledger, flagged, and are not money moved (NOT_MOVED).
"""

from __future__ import annotations

import re
import unicodedata

FAILED_VALUES = frozenset({"否", "失败", "n", "no", "f", "false", "0", "交易失败", "不成功", "fail", "failed",
                           "declined", "rejected"})
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("partly_refunded", re.compile(r"部分退款|已退款\s*[¥￥]?\d|partial(ly)?\s*refund", re.I)),
    ("refunded", re.compile(r"全额退款|已退款|对方已退还|已退还|已退回|refunded|reversed", re.I)),
    ("closed", re.compile(r"交易关闭|已关闭|关闭|已撤销|撤销|支付失败|已取消|取消|cancel|closed|void", re.I)),
    ("pending", re.compile(r"等待|处理中|待支付|待确认|退款中|未到账|pending|authori[sz]ed|processing", re.I)),
    ("refund", re.compile(r"退款成功|^退款$", re.I)),
)
NOT_MOVED = frozenset({"closed", "refunded"})  # flags of rows that stay in the ledger but moved no money
STATUS_FLAGS = frozenset({"closed", "refunded", "partly_refunded", "pending", "refund"})


def status_flag(text: str | None) -> str | None:
    """The status flag a status cell (or an amount's bracketed note) gives, or None when settled."""
    if text is None:
        return None
    t = unicodedata.normalize("NFKC", str(text)).strip()
    if not t or t in ("/", "-", "--"):
        return None
    if t.lower() in FAILED_VALUES:
        return "failed"
    for flag, rx in _RULES:
        if rx.search(t):
            return flag
    return None
