"""Fuzzing the CSV/XLSX reader on random bytes: sheets or a coded error (E012), never another exception."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import CaseLensError
from app.ingest.tables import read_csv, read_workbook
from tests.reliability.fuzzing import FUZZ, statement_text

CSV_BYTES = st.one_of(st.binary(max_size=2000),
                      st.text(alphabet='交易日期金额,;\t|"\'\r\n 0123456789.-=+@\x00', max_size=400).map(
                          lambda t: t.encode("utf-8")),
                      st.text(max_size=300).map(lambda t: t.encode("gb18030", "replace")))


def _zip_with(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


XLSX_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b),
    st.dictionaries(st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                                     "xl/_rels/workbook.xml.rels", "_rels/.rels", "xl/sharedStrings.xml"]),
                    st.binary(max_size=300), max_size=6).map(_zip_with),
)


@FUZZ
@given(CSV_BYTES)
def test_fuzz_read_csv_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("csv") / "f.csv"
    path.write_bytes(data)
    sheet = read_csv(path)
    assert all(isinstance(r, list) for r in sheet.rows)
    assert all(isinstance(n, int) for n, _ in sheet.bad_rows)


@FUZZ
@given(XLSX_BYTES)
def test_fuzz_read_xlsx_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("xlsx") / "f.xlsx"
    path.write_bytes(data)
    try:
        sheets = read_workbook(path)
    except CaseLensError as exc:
        assert exc.code == "E012"
        return
    assert all(isinstance(s.rows, list) for s in sheets)


HEADERS = ["交易日期", "交易时间", "金额", "收/支", "交易状态", "对方户名", "余额", "入账金额", "记账日", "卡号末四位",
           "交易金额(分)", "收入", "支出", "摘要", "Date", "Billing amount", "", None]
GRID_CELL = st.one_of(st.none(), statement_text, st.sampled_from(HEADERS), st.floats(allow_nan=True),
                      st.integers(min_value=-10**20, max_value=10**20), st.datetimes())


@FUZZ
@given(st.lists(st.lists(GRID_CELL, max_size=8), max_size=25))
def test_fuzz_parse_sheet_never_raises(grid):
    """Any grid of cells (headers, numbers, dates, junk) parses into rows, unreadable rows or nothing."""
    from nlp.statements.spreadsheets import parse_workbook

    result = parse_workbook([("s", grid, [])])
    assert all(r.fields["amount"] is None or r.fields["amount"].is_finite() for r in result.rows)
