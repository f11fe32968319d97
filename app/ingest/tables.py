"""Reading statement spreadsheets safely: every sheet as rows of cells; a bad row is noted, never fatal.

CSV/TSV (any delimiter, UTF-8 with or without BOM, GB18030/GBK, UTF-16), legacy `.xls`, `.xlsx`/`.xlsm`
and `.ods` through python-calamine (Rust; reads the cells that are there, so a wrong `<dimension>`
element does not hide rows), and the HTML tables and Excel 2003 XML some banks save under a `.xls` name. Cells come
back stripped of the padding bank exports add (spaces, tabs, full-width spaces, zero-width marks).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from app.core.errors import CaseLensError

ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 is a superset of gbk/gb2312
MAX_ROWS = 2_000_000
MAX_FIELD = 1_000_000
DELIMITERS = ",\t;|"
_PADDING = " \t\r\n\u3000\u00a0\ufeff\u200b\u200e\u200f"


@dataclass
class Sheet:
    """One sheet (a CSV file is one sheet): its rows of cell values and the rows that could not be read."""

    name: str
    rows: list[list] = field(default_factory=list)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)  # (1-based row number, reason)
    encoding: str | None = None
    reader: str = ""  # how it was read: csv, calamine, html


def clean_cell(value):
    """A cell without the padding exports add around it (`"0.01      \\t"`, `记账日    `)."""
    return value.strip(_PADDING) if isinstance(value, str) else value


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes of a CSV as text: UTF-16 by its BOM, UTF-8 (with or without BOM), else GB18030/GBK;
    undecodable bytes replaced (the caller flags it)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    votes = {enc: 0 for enc in ENCODINGS}
    for line in data.splitlines()[:2000]:  # a few damaged bytes: the encoding most lines are valid in
        for enc in ENCODINGS:
            try:
                line.decode(enc)
                votes[enc] += 1
                break
            except UnicodeDecodeError:
                continue
    enc = max(ENCODINGS, key=lambda e: votes[e])
    return data.decode(enc, errors="replace"), f"{enc}-replace"


def _delimiter(text: str) -> str:
    """The delimiter that gives the most rows of one width of three or more cells (the table), so the
    preamble lines above it (支付宝 and 微信 exports have twenty) do not decide."""
    lines = [ln for ln in text.splitlines()[:400] if ln.strip()]
    best, best_score = ",", -1
    for delim in DELIMITERS:
        widths: dict[int, int] = {}
        for row in csv.reader(lines, delimiter=delim):
            if len(row) >= 3:
                widths[len(row)] = widths.get(len(row), 0) + 1
        score = max(widths.values(), default=0)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CaseLensError("E001", str(exc), path=str(path)) from exc


def read_csv(path: str | os.PathLike[str], data: bytes | None = None) -> Sheet:
    """A CSV file's rows; a row the csv module rejects becomes a bad row, not an exception."""
    path = Path(path)
    data = _read_bytes(path) if data is None else data
    text, enc = decode_text(data)
    text = text.replace("\x00", "")
    sheet = Sheet(path.stem, encoding=enc, reader="csv")
    if enc.endswith("-replace"):
        sheet.bad_rows.append((0, "some bytes are in no known encoding (shown as �)"))
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
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
        sheet.rows.append([clean_cell(c) for c in row])
    return sheet


class _HtmlTables(HTMLParser):
    """Rows of every <table> in an HTML file (a `.xls` some banks' web banking writes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            span = dict(attrs).get("colspan")
            self._span = int(span) if span and span.isdigit() and 0 < int(span) < 100 else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(clean_cell("".join(self._cell)))
            self._row.extend([""] * (self._span - 1))  # a merged cell keeps the columns below it aligned
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_html_tables(path: Path, data: bytes) -> list[Sheet]:
    text, enc = decode_text(data)
    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4096])
    if m:
        try:
            text, enc = data.decode(m.group(1).decode("ascii")), m.group(1).decode("ascii")
        except (LookupError, UnicodeDecodeError):
            pass
    parser = _HtmlTables()
    parser.feed(text)
    return [Sheet(f"{path.stem} table {i + 1}", rows, encoding=enc, reader="html")
            for i, rows in enumerate(parser.tables) if rows]


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def read_spreadsheetml(path: Path, data: bytes) -> list[Sheet]:
    """Excel 2003 XML (SpreadsheetML), which some banks' web exports save as `.xls`: every Worksheet's rows,
    cells placed by their ss:Index, merged cells (ss:MergeAcross) padded so the columns below stay aligned."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise CaseLensError("E012", f"XML spreadsheet cannot be read: {exc}", path=str(path)) from exc
    sheets = []
    for ws in root.iter(f"{_SS}Worksheet"):
        sheet = Sheet(ws.get(f"{_SS}Name") or path.stem, reader="spreadsheetml")
        for row in ws.iter(f"{_SS}Row"):
            index = row.get(f"{_SS}Index")
            while index and index.isdigit() and len(sheet.rows) < int(index) - 1 and len(sheet.rows) < MAX_ROWS:
                sheet.rows.append([])
            cells: list = []
            for cell in row.iter(f"{_SS}Cell"):
                at = cell.get(f"{_SS}Index")
                if at and at.isdigit() and int(at) - 1 < 10_000:
                    cells.extend([None] * (int(at) - 1 - len(cells)))
                node = cell.find(f"{_SS}Data")
                value = "".join(node.itertext()) if node is not None else None
                if node is not None and node.get(f"{_SS}Type") == "Number" and value:
                    try:
                        value = float(value)
                    except ValueError:
                        pass
                cells.append(clean_cell(value))
                span = cell.get(f"{_SS}MergeAcross")
                if span and span.isdigit():
                    cells.extend([None] * min(int(span), 100))
            sheet.rows.append(cells)
        sheets.append(sheet)
    return sheets


def read_workbook(path: str | os.PathLike[str], data: bytes | None = None) -> list[Sheet]:
    """Every sheet of an xls/xlsx/xlsm/ods workbook (cached values, not formulas), through python-calamine;
    the format is told by the content, so an `.xls` that is really `.xlsx` (or the reverse) reads too."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(_read_bytes(path) if data is None else data))
    except Exception as exc:  # zip, OLE, xml and password errors all mean the same to a user
        raise CaseLensError("E012", f"{type(exc).__name__}: {exc}", path=str(path)) from exc
    sheets = []
    try:
        for name in wb.sheet_names:
            sheet = Sheet(name, reader="calamine")
            try:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:  # a damaged sheet: note it, read the others
                sheet.bad_rows.append((1, f"sheet unreadable: {type(exc).__name__}: {exc}"))
                rows = []
            if len(rows) > MAX_ROWS:
                sheet.bad_rows.append((MAX_ROWS + 1, "sheet truncated at the row limit"))
                rows = rows[:MAX_ROWS]
            sheet.rows = [[clean_cell(c) for c in row] for row in rows]
            sheets.append(sheet)
    finally:
        wb.close()
    return sheets


def read_table_file(path: str | os.PathLike[str], kind: str | None = None) -> list[Sheet]:
    """The sheets of a CSV, XLS, XLSX or ODS file; E012 when the file is not a readable spreadsheet.

    The content decides, not the name: a `.xls` that is really HTML or tab-separated text is read as such."""
    path = Path(path)
    kind = kind or ("csv" if path.suffix.lower() in (".csv", ".tsv") else "xlsx")
    data = _read_bytes(path)
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:4096] and b"<html" not in head:
        return read_spreadsheetml(path, data)
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")) and b"<table" in data[:1_000_000].lower():
        sheets = read_html_tables(path, data)
        if sheets:
            return sheets
    if kind == "csv" or not data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        if kind != "csv" and b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise CaseLensError("E012", "not a spreadsheet or text table (binary content)", path=str(path))
        return [read_csv(path, data)]
    return read_workbook(path, data)
