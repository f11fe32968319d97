"""Writing a table to CSV or XLSX safely: formula-looking text made inert, written atomically."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = Callable[[str, object], object]


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_atomic(out: str | os.PathLike[str], write: Callable[[Path], int]) -> int:
    """Run write(temp) on a temporary file beside `out`, then rename it over `out`: never a partial file."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        n = write(part)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    return n


def write_csv(rows: Iterable[dict], columns: Sequence[str], cell: Cell, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if (v := cell(c, r.get(c))) is None else v for c in columns])
            n += 1
    return n


def write_xlsx(rows: Iterable[dict], columns: Sequence[str], cell: Cell, numeric: frozenset[str], sheet: str,
               out: Path) -> int:
    """One sheet; text cells are stored as strings even when they look like formulas."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(list(columns))
    n = 0
    for r in rows:
        cells = []
        for c in columns:
            xc = WriteOnlyCell(ws, value=cell(c, r.get(c)))
            if c not in numeric and xc.data_type == "f":  # never let text become a formula
                xc.data_type = "s"
            cells.append(xc)
        ws.append(cells)
        n += 1
    wb.save(out)
    return n
