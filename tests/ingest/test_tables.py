"""Reading CSV/XLSX statement files: encodings, delimiters, sheets, bad rows, damaged files."""

from __future__ import annotations

import pytest

from app.core.errors import CaseLensError
from app.ingest.tables import read_table_file

ROWS = "交易日期,交易金额,余额,对方户名\n2021-03-01,100.00,100.00,张三\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_read_csv_encodings(tmp_path, encoding):
    path = tmp_path / "a.csv"
    path.write_bytes(ROWS.encode(encoding))
    sheet = read_table_file(path)[0]
    assert sheet.rows[0][0] == "交易日期" and sheet.rows[1][3] == "张三"


def test_read_csv_tab_delimited(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(ROWS.replace(",", "\t"), encoding="utf-8")
    assert read_table_file(path)[0].rows[1] == ["2021-03-01", "100.00", "100.00", "张三"]


def test_read_csv_malformed_row_is_noted_not_raised(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(ROWS.encode() + b"2021-03-02,\xff\xfe\x00,1,\"unterminated\n")
    sheets = read_table_file(path)
    assert sheets[0].rows[1][3] == "张三"


def test_read_xlsx_all_sheets_values_not_formulas(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "交易明细"
    ws.append(["交易日期", "交易金额", "余额"])
    ws.append(["2021-03-01", 100.5, "=B2"])
    wb.create_sheet("人员信息").append(["姓名", "证件号码"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    sheets = read_table_file(path)
    assert [s.name for s in sheets] == ["交易明细", "人员信息"]
    assert sheets[0].rows[1][:2] == ["2021-03-01", 100.5]
    assert sheets[0].rows[1][2] != "=B2"  # cached value (None when never computed), never the formula


def test_read_xlsx_damaged_file_raises_e012(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CaseLensError) as err:
        read_table_file(path)
    assert err.value.code == "E012"


def test_workbook_with_the_wrong_extension_is_read_by_content(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["交易日期", "交易金额", "余额"])
    wb.active.append(["2021-03-01", 100, 100])
    path = tmp_path / "明细.xls"  # really an xlsx, as some web banks name it
    wb.save(path)
    assert read_table_file(path, "xls")[0].rows[1][1] == 100
