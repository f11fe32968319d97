"""Writing the transaction ledger to CSV, XLSX or JSON with the documented columns, safe to open in Excel."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path

COLUMNS = ("holder_account", "holder_name", "time", "amount", "balance", "currency", "cp_name", "cp_account",
           "cp_bank", "channel", "memo", "document", "page", "flags")
NUMERIC = frozenset({"amount", "balance", "page"})
FORMATS = ("csv", "xlsx", "json")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def flags_text(flags: list) -> str:
    """Flags as one readable cell: `balance_break; suggested_fix amount 1800.00→1300.00 (digit 8→3)`."""
    parts = []
    for f in flags or []:
        if isinstance(f, dict):
            parts.append(f"{f.get('flag', 'note')} {f.get('field', '')} {f.get('old', '')}→{f.get('new', '')}"
                         + (f" ({f['kind']})" if f.get("kind") else ""))
        else:
            parts.append(str(f))
    return "; ".join(parts)


def _cell(column: str, value):
    if value is None:
        return None
    if column in NUMERIC:
        return value if isinstance(value, int | float) else value
    if column == "flags":
        return neutralise(flags_text(value))
    return neutralise(str(value))


def write_ledger(rows: Iterable[dict], fmt: str, out: str | os.PathLike[str]) -> int:
    """Write rows (dicts keyed by COLUMNS, flags as a list) to `out`; returns the number of rows written.

    Written to a temporary file beside `out`, then renamed over it: a crash never leaves a partial export.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        n = _write(rows, fmt, part)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    return n


def _write(rows: Iterable[dict], fmt: str, out: Path) -> int:
    if fmt == "json":
        data = [{c: r.get(c) for c in COLUMNS} for r in rows]
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(data)
    if fmt == "csv":
        n = 0
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for r in rows:
                writer.writerow(["" if (v := _cell(c, r.get(c))) is None else v for c in COLUMNS])
                n += 1
        return n
    if fmt == "xlsx":
        import openpyxl
        from openpyxl.cell import WriteOnlyCell

        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("transactions")
        ws.append(list(COLUMNS))
        n = 0
        for r in rows:
            cells = []
            for c in COLUMNS:
                cell = WriteOnlyCell(ws, value=_cell(c, r.get(c)))
                if c not in NUMERIC and cell.data_type == "f":  # never let text become a formula
                    cell.data_type = "s"
                cells.append(cell)
            ws.append(cells)
            n += 1
        wb.save(out)
        return n
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
