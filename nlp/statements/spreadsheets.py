"""Spreadsheet rows (police inquiry returns and bank exports, CSV/XLSX) to the same fields as PDF rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from nlp.statements.aliases import field_for_header
from nlp.statements.amounts import is_empty
from nlp.statements.fields import build_fields, is_failed, put_cell
from nlp.statements.header import AMOUNT_FIELDS, DATE_FIELDS
from nlp.statements.parse import StatementRow, check_rows

HEADER_SCAN = 30
_INFO_ACCOUNT = re.compile(r"(交易)?(卡号|账号|帐号)|account", re.IGNORECASE)
_INFO_NAME = re.compile(r"户名|姓名|客户名称|开户名称|账户名称|name", re.IGNORECASE)


@dataclass
class SheetResult:
    """Rows for the ledger, failed transactions (kept for the audit) and rows that cannot be read."""

    rows: list[StatementRow] = field(default_factory=list)
    failed: list[StatementRow] = field(default_factory=list)
    unreadable: list[tuple[str, int, str, list]] = field(default_factory=list)  # sheet, row, reason, cells
    sheets_used: list[str] = field(default_factory=list)


def cell_text(value) -> str | None:
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
        if value.is_integer() and abs(value) >= 1e11:  # an account stored as a number
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value).strip()


def find_header_row(rows: Sequence[Sequence]) -> tuple[int, list[str | None]] | None:
    """The first row (of the first 30) that names a date, an amount and a third known column."""
    for i, row in enumerate(rows[:HEADER_SCAN]):
        fields = [field_for_header(cell_text(c) or "") for c in row]
        known = {f for f in fields if f and f != "ignore"}
        if len(known) >= 3 and known & AMOUNT_FIELDS and known & DATE_FIELDS:
            return i, fields
    return None


def holder_names(sheets: dict[str, Sequence[Sequence]]) -> dict[str, str]:
    """account -> holder name from 人员信息/账户信息-style sheets (no amount column)."""
    out: dict[str, str] = {}
    for rows in sheets.values():
        if find_header_row(rows) is not None:
            continue
        for i, row in enumerate(rows[:HEADER_SCAN]):
            heads = [cell_text(c) or "" for c in row]
            acc = next((k for k, h in enumerate(heads) if _INFO_ACCOUNT.search(h)), None)
            name = next((k for k, h in enumerate(heads) if _INFO_NAME.search(h)), None)
            if acc is None or name is None:
                continue
            for r in rows[i + 1:]:
                a = cell_text(r[acc]) if acc < len(r) else None
                n = cell_text(r[name]) if name < len(r) else None
                if a and n:
                    out.setdefault(a.replace(" ", ""), n)
            break
    return out


def parse_sheet(rows: Sequence[Sequence], sheet: str = "", sheet_index: int = 0,
                names: dict[str, str] | None = None, bad_rows: Sequence[tuple[int, str]] = ()) -> SheetResult:
    """Rows of one sheet under its header; failed transactions and unreadable rows kept apart."""
    result = SheetResult()
    found = find_header_row(rows)
    if found is None:
        return result
    result.sheets_used.append(sheet)
    start, fields = found
    bad = dict(bad_rows)
    for i in range(start + 1, len(rows)):
        number = i + 1
        row = list(rows[i])
        if number in bad:
            result.unreadable.append((sheet, number, bad[number], [cell_text(c) for c in row]))
            continue
        if all(is_empty(cell_text(c)) for c in row):
            continue
        cells: dict[str, str | None] = {}
        for k, fld in enumerate(fields):
            if not fld or fld == "ignore":
                continue
            put_cell(cells, fld, cell_text(row[k]) if k < len(row) else None)
        flags = ["short_row"] if len(row) < len(fields) and any(fields[len(row):]) else []
        values, more = build_fields(cells, None)
        if names and not values.get("holder_name") and values.get("holder_account"):
            values["holder_name"] = names.get(values["holder_account"])
        srow = StatementRow(sheet_index, number, values, {k: v for k, v in cells.items() if v}, None,
                            flags + more)
        srow.cells["_sheet"] = sheet
        if is_failed(cells):
            srow.flags.append("failed")
            result.failed.append(srow)
        else:
            result.rows.append(srow)
    return result


def parse_workbook(sheets: Sequence[tuple[str, Sequence[Sequence], Sequence[tuple[int, str]]]]) -> SheetResult:
    """All transaction sheets of a workbook (交易明细 …), holder names from its info sheets; balances checked."""
    names = holder_names({name: rows for name, rows, _ in sheets})
    total = SheetResult()
    for index, (name, rows, bad) in enumerate(sheets):
        part = parse_sheet(rows, name, index, names, bad)
        total.rows.extend(part.rows)
        total.failed.extend(part.failed)
        total.unreadable.extend(part.unreadable)
        total.sheets_used.extend(part.sheets_used)
    check_rows(total.rows)
    return total
