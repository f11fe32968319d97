"""Reading CSV/XLSX statement files safely: every sheet as rows of cells; a bad row is noted, never fatal."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import CaseLensError

ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 is a superset of gbk/gb2312
MAX_ROWS = 2_000_000
MAX_FIELD = 1_000_000


@dataclass
class Sheet:
    """One sheet (a CSV file is one sheet): its rows of cell values and the rows that could not be read."""

    name: str
    rows: list[list] = field(default_factory=list)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)  # (1-based row number, reason)
    encoding: str | None = None


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes of a CSV as text: UTF-8 (with or without BOM), else GB18030/GBK; undecodable bytes replaced."""
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8-replace"


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        return "\t" if sample.count("\t") > sample.count(",") else ","


def read_csv(path: str | os.PathLike[str]) -> Sheet:
    """A CSV file's rows; a row the csv module rejects becomes a bad row, not an exception."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CaseLensError("E001", str(exc), path=str(path)) from exc
    text, enc = decode_text(data)
    text = text.replace("\x00", "")
    sheet = Sheet(path.stem, encoding=enc)
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text[:8192]))
    number = 0
    while number < MAX_ROWS:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            sheet.bad_rows.append((number, f"csv: {exc}"))
            sheet.rows.append([])
            continue
        sheet.rows.append([c.strip() for c in row])
    return sheet


def read_xlsx(path: str | os.PathLike[str]) -> list[Sheet]:
    """Every sheet of a workbook (read-only, cached values not formulas)."""
    import openpyxl

    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, xml and openpyxl errors all mean the same to a user
        raise CaseLensError("E012", f"{type(exc).__name__}: {exc}", path=str(path)) from exc
    sheets = []
    try:
        for ws in wb.worksheets:
            sheet = Sheet(ws.title)
            try:
                for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                    if number > MAX_ROWS:
                        sheet.bad_rows.append((number, "sheet truncated at the row limit"))
                        break
                    sheet.rows.append([c.strip() if isinstance(c, str) else c for c in row])
            except Exception as exc:  # a damaged sheet: keep what was read, note the rest
                sheet.bad_rows.append((len(sheet.rows) + 1, f"sheet unreadable from here: {exc}"))
            sheets.append(sheet)
    finally:
        wb.close()
    return sheets


def read_table_file(path: str | os.PathLike[str], kind: str | None = None) -> list[Sheet]:
    """The sheets of a CSV or XLSX file; E012 when the file is not a readable spreadsheet."""
    path = Path(path)
    kind = kind or ("csv" if path.suffix.lower() == ".csv" else "xlsx")
    if kind == "csv":
        return [read_csv(path)]
    return read_xlsx(path)
