"""Spreadsheet rows (bank exports, payment-platform bills, police inquiry returns; CSV/XLS/XLSX) to the
same fields as PDF rows, with the layout each sheet was recognised as.

A sheet is read as: preamble lines (holder, account, period), the header row(s), the table, and
summary or note lines after it. The header is found by the alias table (one row, or two where a
merged parent cell spans 收入 | 支出 below it); failing that, by content (a run of rows with a date
and a number in the same columns), every row then flagged `layout_inferred`. Nothing is dropped
silently: a row with a date or an amount that cannot be read becomes an unreadable row, summary
lines (合计, 共N笔) and notes are skipped by rule, and each sheet's layout says which columns were
mapped, which were not and which expected fields are missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from nlp.statements.aliases import field_for_header, in_cents, rename_settled
from nlp.statements.amounts import is_empty, parse_amount
from nlp.statements.cards import is_card_layout, sign_card_rows
from nlp.statements.dates import looks_like_date, period_end, with_year
from nlp.statements.fields import build_fields, is_failed, put_cell
from nlp.statements.holder import Holder, holder_from_lines
from nlp.statements.layout import StatementLayout, missing_fields
from nlp.statements.parse import StatementRow, check_rows
from nlp.statements.rows import FOOTER

# One spreadsheet row as read: its cells (text, numbers, dates and times, or None for a blank).
SheetRow = Sequence[object]

HEADER_SCAN = 80  # 支付宝 and 微信 bills print ~25 preamble lines; some inquiry returns more
DATE_FIELDS = frozenset({"date", "datetime", "post_date"})
AMOUNT_FIELDS = frozenset({"amount", "debit", "credit", "settle_amount", "settle_debit", "settle_credit"})
_INFO_ACCOUNT = re.compile(r"(交易)?(卡号|账号|帐号)|account", re.IGNORECASE)
_INFO_NAME = re.compile(r"户名|姓名|客户名称|开户名称|账户名称|name", re.IGNORECASE)
_NOTE_LINE = re.compile(r"^[\s\-—=_*]{6,}|^共\s*[:：]?\s*\d+\s*笔|^(收入|支出|不计收支|中性交易|已收入|待收入|已支出|待支出)"
                        r"\s*[:：]|^(注|特别提示|温馨提示|备注)\s*[:：]?$|^\d+\s*[.、]|^导出时间|以上数据", re.IGNORECASE)
PLATFORMS = (("alipay", re.compile(r"支付宝|alipay", re.I)), ("wechat", re.compile(r"微信|wechat|weixin", re.I)),
             ("jd", re.compile(r"京东|jd\.com|京东账号", re.I)), ("tenpay", re.compile(r"财付通|tenpay", re.I)),
             ("unionpay", re.compile(r"云闪付|银联|unionpay", re.I)), ("meituan", re.compile(r"美团", re.I)))
PLATFORM_LABELS = {"alipay": "支付宝", "wechat": "微信", "jd": "京东", "tenpay": "财付通", "unionpay": "云闪付",
                   "meituan": "美团", "platform": "platform"}
PLATFORM_KINDS = frozenset(PLATFORM_LABELS)
_MDY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(.*)$")


@dataclass
class SheetResult:
    """Rows for the ledger, failed transactions (kept for the audit) and rows that cannot be read."""

    rows: list[StatementRow] = field(default_factory=list)
    failed: list[StatementRow] = field(default_factory=list)
    unreadable: list[tuple[str, int, str, list[str | None]]] = field(default_factory=list)  # sheet, row, reason, cells
    sheets_used: list[str] = field(default_factory=list)
    layouts: list[StatementLayout] = field(default_factory=list)
    unmapped_sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why) for sheets with data


def cell_text(value: object) -> str | None:
    """A cell as text: dates as ISO, whole numbers without `.0`, long numbers without exponent."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e22:  # a card's last four, an account stored as a number
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    text = str(value).strip()
    return text or None


def _fields_of(row: SheetRow) -> list[str | None]:
    return [field_for_header(cell_text(c) or "") for c in row]


def _is_header(fields: Sequence[str | None]) -> bool:
    known = {f for f in fields if f and f != "ignore"}
    return len(known) >= 3 and bool(known & AMOUNT_FIELDS) and bool(known & DATE_FIELDS)


def _is_data_row(row: SheetRow, fields: Sequence[str | None]) -> bool:
    return any(f in DATE_FIELDS and k < len(row) and looks_like_date(cell_text(row[k]) or "")
               for k, f in enumerate(fields))


def _merge_header_rows(rows: Sequence[SheetRow], i: int, fields: list[str | None]) -> tuple[list[str | None], list[str], int]:
    """Fields of a header of one or two rows: a merged parent (`交易金额` over `收入 | 支出`) and a label
    whose cell is empty in the header row but printed in the row above or below it."""
    texts = [cell_text(c) or "" for c in rows[i]]
    for j in (i + 1, i - 1):
        if not 0 <= j < len(rows) or (j > i and _is_data_row(rows[j], fields)):
            continue
        other = [cell_text(c) or "" for c in rows[j]]
        other_fields = _fields_of(rows[j])
        if j < i and not any(other_fields):
            continue
        parent = ""
        merged = list(fields)
        changed = False
        for k in range(max(len(texts), len(other))):
            top, sub = (other, texts) if j < i else (texts, other)
            t = top[k] if k < len(top) else ""
            s = sub[k] if k < len(sub) else ""
            parent = t or (parent if s else "")
            if k >= len(merged):
                merged.append(None)
                texts.append("")
            if not s and not t:
                continue
            combined = field_for_header(f"{parent}({s})") if parent and s else None
            pick = combined or (field_for_header(s) if s else None) or merged[k] or (field_for_header(parent) if parent else None)
            if pick != merged[k]:
                merged[k], changed = pick, True
                texts[k] = f"{parent}({s})" if combined else (s or parent)
        if changed and sum(1 for f in other_fields if f) >= 2:
            return merged, texts, max(i, j)
    return fields, texts, i


def find_header_row(rows: Sequence[SheetRow]) -> tuple[int, list[str | None]] | None:
    """The first row (of the first 80) that names a date, an amount and a third known column."""
    for i, row in enumerate(rows[:HEADER_SCAN]):
        fields = _fields_of(row)
        if _is_header(fields):
            return i, fields
    return None


def _numberish(text: str | None) -> bool:
    return text is not None and parse_amount(text) is not None and not re.fullmatch(r"\d{8,}", text.strip())


def infer_header(rows: Sequence[SheetRow]) -> tuple[int | None, int, list[str | None]] | None:
    """No header the alias table knows: find the table by content. Returns (header row or None, first
    data row, fields) from the first run of 3 rows that each have a date and a number in the same columns."""
    limit = min(len(rows), HEADER_SCAN + 3)
    texts = [[cell_text(c) for c in r] for r in rows[:limit + 50]]
    for start in range(limit):
        block = texts[start:start + 3]
        if len(block) < 3:
            return None
        width = max(len(r) for r in block)
        date_cols = [k for k in range(width) if all(k < len(r) and (t := r[k]) and looks_like_date(t) for r in block)]
        num_cols = [k for k in range(width) if k not in date_cols
                    and all(k < len(r) and _numberish(r[k]) for r in block)]
        if not date_cols or not num_cols:
            continue
        body = [r for r in texts[start:] if r and any(r)]
        fields: list[str | None] = [None] * width
        fields[date_cols[0]] = "date"
        debit, credit = _split_pair(body, width, date_cols)
        if debit is not None and credit is not None:  # both or neither
            fields[debit], fields[credit] = "debit", "credit"
            full = [k for k in num_cols if k not in (debit, credit)]
            if full:
                fields[full[-1]] = "balance"
        else:
            amount, balance = _amount_and_balance(body, num_cols)
            fields[amount] = "amount"
            if balance is not None:
                fields[balance] = "balance"
        text_cols = [k for k in range(width) if fields[k] is None and any(
            k < len(r) and (t := r[k]) and not _numberish(t) and not looks_like_date(t) for r in body[:20])]
        if text_cols:
            longest = max(text_cols, key=lambda k: sum(len(r[k] or "") for r in body[:50] if k < len(r)))
            fields[longest] = "memo"
        head = start - 1 if start > 0 and texts[start - 1] and sum(1 for c in texts[start - 1] if c) >= 3 and not any(
            _numberish(c) for c in texts[start - 1] if c) else None
        return head, start, fields
    return None


def _split_pair(body: Sequence[Sequence[str | None]], width: int, skip: list[int]) -> tuple[int, int] | tuple[None, None]:
    """Two neighbouring columns of numbers never filled in the same row and together filled in (nearly)
    every row: withdrawals | deposits, left one out (the usual order; the layout is flagged as guessed)."""
    rows = body[:200]
    for k in range(width - 1):
        if k in skip or k + 1 in skip:
            continue
        a = [k < len(r) and _numberish(r[k]) for r in rows]
        b = [k + 1 < len(r) and _numberish(r[k + 1]) for r in rows]
        both = sum(x and y for x, y in zip(a, b, strict=True))
        either = sum(x or y for x, y in zip(a, b, strict=True))
        if both == 0 and any(a) and any(b) and either >= 0.9 * len(rows):
            return k, k + 1
    return None, None


def _amount_and_balance(body: Sequence[Sequence[str | None]], cols: list[int]) -> tuple[int, int | None]:
    """Which numeric column is the amount and which the running balance: the pair whose rows chain
    (previous balance + amount = balance, either order of rows) best; else the first is the amount."""
    best: tuple[int, int | None] = (cols[0], None)
    best_score = 0
    for a in cols:
        for b in cols:
            if a == b:
                continue
            vals = [(parse_amount(r[a]) if a < len(r) else None, parse_amount(r[b]) if b < len(r) else None)
                    for r in body[:200]]
            pairs = [(x, y) for x, y in vals if x is not None and y is not None]
            if len(pairs) < 3:
                continue
            fwd = sum(1 for (_, b0), (a1, b1) in zip(pairs, pairs[1:], strict=False) if abs(b0 + a1 - b1) < Decimal("0.005"))
            back = sum(1 for (a0, b0), (_, b1) in zip(pairs, pairs[1:], strict=False) if abs(b1 + a0 - b0) < Decimal("0.005"))
            score = max(fwd, back)
            if score > best_score and score >= 0.6 * (len(pairs) - 1):
                best, best_score = (a, b), score
    return best


def holder_names(sheets: dict[str, Sequence[SheetRow]], used: set[str] | None = None) -> dict[str, str]:
    """account -> holder name from 人员信息/账户信息-style sheets (no amount column); their names go to `used`."""
    out: dict[str, str] = {}
    for sheet, rows in sheets.items():
        if find_header_row(rows) is not None:
            continue
        for i, row in enumerate(rows[:HEADER_SCAN]):
            heads = [cell_text(c) or "" for c in row]
            acc = next((k for k, h in enumerate(heads) if _INFO_ACCOUNT.search(h)), None)
            name = next((k for k, h in enumerate(heads) if _INFO_NAME.search(h)), None)
            if acc is None or name is None or acc == name:
                continue
            for r in rows[i + 1:]:
                a = cell_text(r[acc]) if acc < len(r) else None
                n = cell_text(r[name]) if name < len(r) else None
                if a and n:
                    out.setdefault(a.replace(" ", ""), n)
            if used is not None:
                used.add(sheet)
            break
    return out


def _kind(fields: Sequence[str | None], context: str) -> str:
    present = set(fields)
    if {"cp_name", "direction", "success"} <= present and ("serial" in present or "order_ref" in present):
        for name, rx in PLATFORMS:
            if rx.search(context):
                return name
        return "platform"
    if is_card_layout(present, context):
        return "credit-card"
    return "bank"


def _date_order(rows: Sequence[SheetRow], cols: list[int]) -> tuple[str, bool]:
    """('mdy' | 'dmy', guessed): month-first when a second part exceeds 12 and no first part does,
    day-first when a first part does; with neither, the reading whose consecutive rows lie closer
    together in time (a statement runs day by day, not month by month), and guessed is True."""
    first_big = second_big = False
    seen: list[tuple[int, int, int]] = []
    for r in rows:
        for k in cols[:1]:
            m = _MDY.match(cell_text(r[k]) or "") if k < len(r) else None
            if m:
                a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
                first_big |= a > 12
                second_big |= b > 12
                seen.append((a, b, y))
    if first_big or second_big:
        return ("mdy" if second_big and not first_big else "dmy"), False
    if len(seen) < 2:
        return "dmy", False

    def spread(month_first: bool) -> int:
        days = []
        for a, b, y in seen:
            try:
                days.append(date(y, a, b).toordinal() if month_first else date(y, b, a).toordinal())
            except ValueError:
                return 10**9
        return sum(abs(x - y) for x, y in zip(days, days[1:], strict=False))

    return ("mdy" if spread(True) < spread(False) else "dmy"), spread(True) != spread(False)


def parse_sheet(rows: Sequence[SheetRow], sheet: str = "", sheet_index: int = 0,
                names: dict[str, str] | None = None, bad_rows: Sequence[tuple[int, str]] = ()) -> SheetResult:
    """Rows of one sheet under its header; failed transactions and unreadable rows kept apart."""
    result = SheetResult()
    found = find_header_row(rows)
    inferred = False
    head: int | None
    if found is not None:
        head = found[0]
        fields, texts, last = _merge_header_rows(rows, head, found[1])
        start = last + 1
    else:
        guess = infer_header(rows)
        if guess is None:
            if any(any(cell_text(c) for c in r) for r in rows):
                result.unmapped_sheets.append((sheet, "no header with a date and an amount column, and no run of rows "
                                                      "with a date and a number"))
            return result
        head, start, fields = guess
        texts = [cell_text(c) or "" for c in rows[head]] if head is not None else [""] * len(fields)
        inferred = True
    fields = rename_settled(list(fields))
    result.sheets_used.append(sheet)
    preamble = [" ".join(cell_text(c) or "" for c in r) for r in rows[: head if head is not None else start]]
    context = " ".join([sheet] + preamble)
    holder = holder_from_lines(preamble)
    layout = StatementLayout("inferred" if inferred else _kind(fields, context), part=sheet,
                             header_row=head + 1 if head is not None else None)
    for k, f in enumerate(fields):
        label = texts[k] if k < len(texts) else ""
        if f and f != "ignore":
            layout.columns.setdefault(f, label or f"#{k + 1}")
        elif label and f is None:
            layout.unmapped.append(label)
    layout.missing = missing_fields(layout.columns, holder.account)
    if layout.kind in PLATFORM_KINDS:
        holder = Holder(holder.name, _platform_account(layout.kind, holder), holder.period, holder.currency)
    layout.holder = {k: v for k, v in (("name", holder.name), ("account", holder.account),
                                       ("period", list(holder.period) if holder.period else None),
                                       ("currency", holder.currency)) if v}
    date_cols = [k for k, f in enumerate(fields) if f in DATE_FIELDS]
    order, guessed = _date_order(rows[start:start + 500], date_cols)
    mdy = order == "mdy"
    if guessed:
        layout.dates = ("month/day/year" if mdy else "day/month/year") + " (guessed from the rows' order)"
    end = period_end(holder.period)
    cents = {k for k in range(len(fields)) if k < len(texts) and fields[k] and in_cents(texts[k])}
    if cents:
        layout.sign += "; amounts in 分 (fen), read divided by 100"
    bad = dict(bad_rows)
    body: list[tuple[int, dict[str, str | None]]] = []
    for i in range(start, len(rows)):
        number = i + 1
        row = list(rows[i])
        if number in bad:
            result.unreadable.append((sheet, number, bad[number], [cell_text(c) for c in row]))
            continue
        texts_row = [cell_text(c) for c in row]
        if all(is_empty(t) for t in texts_row):
            continue
        if _skip_line(texts_row, fields):
            layout.skipped += 1
            continue
        cells: dict[str, str | None] = {}
        for k, fld in enumerate(fields):
            if not fld or fld == "ignore":
                continue
            value = texts_row[k] if k < len(texts_row) else None
            if mdy and fld in DATE_FIELDS and value:
                m = _MDY.match(value)
                value = f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}{m.group(4)}" if m else value
            if k in cents and value:
                fen = parse_amount(value)
                value = f"{fen / 100:.2f}" if fen is not None else value
            if fld == "direction" and value == "/" and layout.kind in PLATFORM_KINDS:
                value = "中性交易"  # 微信: '/' in 收/支 is its 中性交易 (提现, 零钱通, 还款), as its notes say
            if fld in DATE_FIELDS and value and not looks_like_date(value):
                value = with_year(value, end) or value  # card rows print no year: the statement period's
            put_cell(cells, fld, value)
        cells["_short"] = "1" if len(row) < len(fields) and any(fields[len(row):]) else ""
        cells["_rounded"] = "1" if any(f in ("cp_account", "holder_account") and k < len(row)
                                       and isinstance(v := row[k], float) and abs(v) >= 1e15
                                       for k, f in enumerate(fields)) else ""
        body.append((number, cells))
    if layout.kind == "credit-card":
        layout.sign = sign_card_rows([cells for _, cells in body], fields)
    for number, cells in body:
        short, rounded = cells.pop("_short", ""), cells.pop("_rounded", "")
        flags = ["short_row"] if short else []
        if rounded:  # Excel keeps 15 digits of a number: a 16-19 digit card stored as one has lost its tail
            flags.append("account_rounded")
        if inferred:
            flags.append("layout_inferred")
        if cells.get("direction") == "?":
            cells["direction"] = None
        values, more = build_fields(cells, holder)
        if names and not values.get("holder_name") and values.get("holder_account"):
            values["holder_name"] = names.get(values["holder_account"])
        srow = StatementRow(sheet_index, number, values, {k: v for k, v in cells.items() if v}, None,
                            flags + [f for f in more if f not in flags])
        srow.cells["_sheet"] = sheet
        if is_failed(cells):
            srow.flags.append("failed")
            result.failed.append(srow)
        else:
            result.rows.append(srow)
            layout.rows += 1
    result.layouts.append(layout)
    return result


def _platform_account(kind: str, holder: Holder) -> str | None:
    """A platform bill's own account, named by its platform: `支付宝:x@y.com`, or `微信:张三` when the
    preamble names only the person."""
    label = PLATFORM_LABELS.get(kind, "platform")
    own = holder.account or holder.name
    if not own:
        return None
    return own if own.startswith(label + ":") else f"{label}:{own}"


def _skip_line(texts: Sequence[str | None], fields: Sequence[str | None]) -> bool:
    """A summary (合计, 共N笔, Total) or a note line below the header: not a transaction, and not a
    row that failed to read. A line with a date in its date column is never skipped."""
    if _is_data_row(texts, fields):
        return False
    filled = [t for t in texts if t is not None and not is_empty(t)]
    if not filled:
        return True
    first = filled[0]
    if FOOTER.search(first) or _NOTE_LINE.search(first):
        return True
    has_amount = any(f in AMOUNT_FIELDS and k < len(texts) and _numberish(texts[k]) for k, f in enumerate(fields))
    return len(filled) == 1 and not has_amount


def parse_workbook(sheets: Sequence[tuple[str, Sequence[SheetRow], Sequence[tuple[int, str]]]]) -> SheetResult:
    """All transaction sheets of a workbook (交易明细 …), holder names from its info sheets; balances checked."""
    info_sheets: set[str] = set()
    names = holder_names({name: rows for name, rows, _ in sheets}, info_sheets)
    total = SheetResult()
    for index, (name, rows, bad) in enumerate(sheets):
        part = parse_sheet(rows, name, index, names, bad)
        total.rows.extend(part.rows)
        total.failed.extend(part.failed)
        total.unreadable.extend(part.unreadable)
        total.sheets_used.extend(part.sheets_used)
        total.layouts.extend(part.layouts)
        total.unmapped_sheets.extend(part.unmapped_sheets)
    if total.sheets_used:  # info sheets (人员信息) beside a statement sheet were read for names
        total.unmapped_sheets = [(s, why) for s, why in total.unmapped_sheets if s not in info_sheets]
    check_rows(total.rows)
    return total
