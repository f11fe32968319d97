"""Cell text per field -> the normalised transaction field dict shared by PDF pages and spreadsheets."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from nlp.statements.amounts import is_empty, parse_amount, signed_amount, split_amount_text
from nlp.statements.dates import parse_datetime, time_is_cut
from nlp.statements.holder import Holder, normalise_currency
from nlp.statements.memo_cp import fill_counterparty_from_memo
from nlp.statements.status import status_flag

_ACCOUNT_RUN = re.compile(r"[0-9*＊][0-9*＊\- ]{5,}[0-9*＊]")
# a company name whose legal suffix stops mid-way: the wrapped rest of the cell was not read
_CUT_NAME = re.compile(r"(有限|有限责任|有限责|股份有|\)有|）有|有限公)$")
TEXT_FIELDS = ("cp_name", "cp_account", "cp_bank", "channel", "memo", "remark", "serial", "branch", "cp_id",
               "holder_id", "cash", "success")
JOINED_FIELDS = frozenset({"memo", "remark", "channel", "branch"})  # two such columns are joined with " / "
# Kept per row beside the ledger fields (transactions.details): what the row says that the ledger
# columns have no place for. `orig_*` is the amount in the transaction's own currency.
DETAIL_FIELDS = ("post_date", "order_ref", "orig_amount", "orig_currency", "orig_debit", "orig_credit",
                 "category", "fee", "refund", "branch", "success", "amount_note")


def split_counterparty(text: str | None) -> tuple[str | None, str | None]:
    """`6222021234567890123 张三`, `张三/6222…` or `张三6222…` (对方账号与户名, 对手信息) -> (account, name)."""
    if is_empty(text):
        return None, None
    raw = str(text).strip()
    t = unicodedata.normalize("NFKC", raw)
    if len(t) != len(raw):
        raw = t
    m = _ACCOUNT_RUN.search(t)
    if not m:
        return None, raw
    account = re.sub(r"[\s\-]", "", m.group(0))
    printed = (raw[: m.start()] + " " + raw[m.end():]).strip(" /|,;:-／")  # the name as printed (full-width kept)
    name = re.sub(r"\s+", " ", printed).strip() or None
    return account, name


def clean_account(text: str | None) -> str | None:
    """Account numbers without spaces (6222 0212 3456 7890 -> 6222021234567890); masks kept."""
    if is_empty(text):
        return None
    t = unicodedata.normalize("NFKC", str(text)).strip()
    if re.fullmatch(r"[0-9*\s\-]+[0-9xX*]?", t):
        return re.sub(r"[\s\-]", "", t)
    return t


def put_cell(cells: dict[str, str | None], fld: str, value: str | None) -> None:
    """Set a field's text: the first non-empty value wins, except memo-like fields which are joined."""
    if is_empty(value):
        cells.setdefault(fld, None)
    elif not cells.get(fld):
        cells[fld] = value
    elif fld in JOINED_FIELDS:
        cells[fld] = f"{cells[fld]} / {value}"


def _text(cells: dict[str, str | None], name: str) -> str | None:
    v = cells.get(name)
    if v is None:
        return None
    return None if is_empty(v) else str(v).strip()


def is_failed(cells: dict[str, str | None]) -> bool:
    """True when the row says the transaction did not go through (交易是否成功 = 否/失败/N)."""
    return status_flag(_text(cells, "success")) == "failed"


def _details(cells: dict[str, str | None], note: str | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {k: v for k in DETAIL_FIELDS if k in cells and (v := _text(cells, k))}
    if note:
        out["amount_note"] = note
    if "post_date" in out:
        out["post_date"] = parse_datetime(out["post_date"]) or out["post_date"]
    return out


def build_fields(cells: dict[str, str | None], holder: Holder | None = None) -> tuple[dict[str, Any], list[str]]:
    """The ledger fields of one row from its cell text per field, plus validation flags."""
    holder = holder or Holder()
    flags: list[str] = []
    if is_empty(cells.get("date")) and is_empty(cells.get("datetime")) and not is_empty(cells.get("post_date")):
        cells = {**cells, "date": cells["post_date"]}  # 交易日 left blank (a repayment): the posting date
    if "date" in cells:  # a 交易时间 column beside a date column carries the time of day
        time = parse_datetime(_text(cells, "date"), _text(cells, "time") or _text(cells, "datetime"))
        raw_date = _text(cells, "date")
    else:
        time = parse_datetime(_text(cells, "datetime"), _text(cells, "time"))
        raw_date = _text(cells, "datetime")
    if time is None:
        flags.append("bad_date" if raw_date else "missing_date")
    elif any(time_is_cut(_text(cells, k)) for k in ("date", "datetime", "time")):
        flags.append("bad_time")
    _, amount_ccy, note = split_amount_text(_text(cells, "amount"))
    amount, amount_flags = signed_amount(cells)
    flags.extend(amount_flags)
    for status in (status_flag(_text(cells, "success")), status_flag(note)):
        if status and status != "failed" and status not in flags:
            flags.append(status)
    balance: Decimal | None = parse_amount(cells.get("balance"))
    if balance is None and not is_empty(cells.get("balance")):
        flags.append("bad_balance")
    out: dict[str, Any] = {name: _text(cells, name) for name in TEXT_FIELDS}
    if "cp_combined" in cells:
        acc, name = split_counterparty(cells.get("cp_combined"))
        out["cp_account"] = out["cp_account"] or acc
        out["cp_name"] = out["cp_name"] or name
    out["cp_account"] = clean_account(out["cp_account"])
    own = clean_account(_text(cells, "holder_account"))
    last4 = own if own and own.isdigit() and len(own) <= 4 else None  # 卡号末四位: a hint, not the account
    if last4 and holder.account and holder.account.endswith(last4):
        own = holder.account
    out["holder_account"] = own or holder.account
    out["holder_name"] = _text(cells, "holder_name") or holder.name
    out["currency"] = (normalise_currency(_text(cells, "currency")) or amount_ccy or holder.currency
                       or "CNY")
    if not re.fullmatch(r"[A-Z]{3}", out["currency"]):
        flags.append("bad_currency")  # `2 人民币`: a neighbouring cell's text came along
    out.update(time=time, amount=amount, balance=balance)
    details = _details(cells, note)
    if last4:
        details["card_last4"] = last4
    if details:
        out["details"] = details
    if not out["holder_account"]:
        flags.append("no_holder_account")
    if fill_counterparty_from_memo(out):  # no counterparty column or cell: `转账-张三`, `TRF TO 周勇 6222…`
        flags.append("cp_from_memo")
    if out["cp_name"] and _CUT_NAME.search(out["cp_name"]):
        flags.append("text_cut")
    return out, flags
