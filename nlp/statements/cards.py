"""Credit-card statements, PDF pages and spreadsheets alike: what makes a layout a card's, and its signs.

A card statement prints spending as positive (money out of the holder) and repayments or refunds as negative
(money in); one that prints every amount unsigned names the kind of row in its description (消费 out,
还款/退货 in). Split 存入/支出 columns and a direction column need neither rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.statements.amounts import card_memo_sign, parse_amount

# Words above (or around) a table that say it is a card statement
CARD_CONTEXT = re.compile(r"信用卡|credit\s*card|card\s*statement|账单周期|本期账单|账单日|到期还款日|statement\s*date"
                          r"|payment\s*due\s*date|卡号末四位|卡末四位|卡号后四位", re.I)
SIGN_AS_PRINTED = "as printed"
SIGN_NEGATIVE_IN = "card: positive = spending (money out), negative = repayment or refund (money in)"
SIGN_FROM_MEMO = "card: unsigned amounts; direction from the type word in the description (消费 out, 还款/退货 in)"


def is_card_layout(fields: Iterable[str | None], context: str) -> bool:
    """A card statement: the words around the table say so, or it has a posting date beside the
    transaction date and no running balance."""
    present = set(fields)
    dual_dates = "post_date" in present and ("date" in present or "datetime" in present)
    return bool(CARD_CONTEXT.search(context)) or (dual_dates and "balance" not in present)


def sign_card_rows(rows: list[dict[str, str | None]], fields: Iterable[str | None]) -> str:
    """Give each card row's cells a `direction` (in / out, `?` when its description does not say) when the
    layout has one amount column and no debit/credit/direction columns; returns the sign rule used.

    With any negative amount in the statement, positive is spending; with none, the type word decides."""
    present = set(fields)
    if present & {"debit", "credit", "direction"} or "amount" not in present:
        return SIGN_AS_PRINTED
    values = [parse_amount(c.get("amount")) for c in rows]
    if any(v is not None and v < 0 for v in values):
        for cells, v in zip(rows, values, strict=True):
            cells["direction"] = "in" if v is not None and v < 0 else "out"
        return SIGN_NEGATIVE_IN
    by_sign: dict[int | None, str] = {1: "in", -1: "out"}
    for cells in rows:
        sign = card_memo_sign(" ".join(str(cells.get(k) or "") for k in ("memo", "remark", "category")))
        cells["direction"] = by_sign.get(sign, "?")
    return SIGN_FROM_MEMO
