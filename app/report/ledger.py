"""Writing the transaction ledger to CSV, XLSX or JSON with the documented columns, safe to open in Excel."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from app.report.tables import neutralise, write_atomic, write_csv, write_xlsx

__all__ = ["COLUMNS", "FORMATS", "flags_text", "neutralise", "write_ledger"]

COLUMNS = ("holder_account", "holder_name", "time", "amount", "balance", "currency", "cp_name", "cp_account",
           "cp_bank", "channel", "memo", "document", "page", "flags")
NUMERIC = frozenset({"amount", "balance", "page"})
FORMATS = ("csv", "xlsx", "json")


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
    return write_atomic(out, lambda part: _write(rows, fmt, part))


def _write(rows: Iterable[dict], fmt: str, out: Path) -> int:
    if fmt == "json":
        data = [{c: r.get(c) for c in COLUMNS} for r in rows]
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(data)
    if fmt == "csv":
        return write_csv(rows, COLUMNS, _cell, out)
    if fmt == "xlsx":
        return write_xlsx(rows, COLUMNS, _cell, NUMERIC, "transactions", out)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
