"""Spreadsheet rows (police inquiry layout and bank exports) to ledger fields via the same alias table."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from nlp.statements.spreadsheets import cell_text, find_header_row, parse_workbook

POLICE_HEADER = ["交易卡号", "交易账号", "交易户名", "交易证件号码", "交易时间", "交易金额", "交易余额", "收付标志",
                 "交易对手账卡号", "现金标志", "对手户名", "对手身份证号", "对手开户银行", "摘要说明", "交易币种",
                 "交易网点名称", "交易网点代码", "交易发生地", "交易是否成功", "传票号", "终端号", "IP地址", "MAC地址",
                 "对手交易余额", "交易流水号", "日志号", "凭证种类", "凭证号", "交易柜员号", "商户名称", "商户号", "备注",
                 "交易类型", "查询反馈结果原因"]


def police_row(time, amount, balance, flag, cp, success="是", serial="S1"):
    row = [""] * len(POLICE_HEADER)
    values = {"交易卡号": "6222021234567890123", "交易时间": time, "交易金额": amount, "交易余额": balance,
              "收付标志": flag, "交易对手账卡号": cp, "对手户名": "李四", "对手开户银行": "中国工商银行",
              "摘要说明": "转账", "交易币种": "人民币", "交易是否成功": success, "交易流水号": serial}
    for k, v in values.items():
        row[POLICE_HEADER.index(k)] = v
    return row


def test_police_layout_rows_signed_by_flag_and_holder_from_info_sheet():
    rows = [POLICE_HEADER,
            police_row("2021-03-05 09:10:11", "100.00", "1100.00", "进", "6217001234567890", serial="A1"),
            police_row(datetime(2021, 3, 6, 10, 0, 0), 50.0, 1050.0, "出", "6217001234567890", serial="A2"),
            police_row("20210307101010", "70.00", "1050.00", "出", "", success="否", serial="A3")]
    info = [["交易卡号", "账户开户名称", "开户网点"], ["6222021234567890123", "王芳", "某支行"]]
    result = parse_workbook([("交易明细", rows, []), ("账户信息", info, [])])
    assert result.sheets_used == ["交易明细"]
    assert [r.fields["amount"] for r in result.rows] == [Decimal("100.00"), Decimal("-50.00")]
    first = result.rows[0].fields
    assert first["holder_account"] == "6222021234567890123" and first["holder_name"] == "王芳"
    assert first["time"] == "2021-03-05T09:10:11" and first["cp_bank"] == "中国工商银行"
    assert first["serial"] == "A1" and first["currency"] == "CNY"
    assert result.rows[1].fields["time"] == "2021-03-06T10:00:00"
    assert len(result.failed) == 1 and result.failed[0].fields["serial"] == "A3"
    assert all(not r.flags for r in result.rows)


def test_header_row_found_below_title_rows():
    rows = [["某银行账户交易明细"], ["户名：王芳"], ["交易日期", "摘要", "借方金额", "贷方金额", "余额"],
            ["20210301", "存入", "", "500.00", "500.00"], ["20210302", "取现", "200.00", "", "300.00"]]
    assert find_header_row(rows)[0] == 2
    result = parse_workbook([("Sheet1", rows, [])])
    assert [r.fields["amount"] for r in result.rows] == [Decimal("500.00"), Decimal("-200.00")]


def test_bad_rows_kept_as_unreadable_and_malformed_cells_flagged():
    rows = [["交易日期", "交易金额", "余额", "对方户名"], ["2021-03-01", "abc", "10.00", "张三"],
            ["2021-03-02", "5.00", "15.00"], []]
    result = parse_workbook([("s", rows, [(4, "csv: bad quoting")])])
    assert "bad_amount" in result.rows[0].flags
    assert result.rows[1].fields["amount"] == Decimal("5.00")
    assert result.unreadable == [("s", 4, "csv: bad quoting", [])]


def test_cell_text_keeps_long_account_numbers_and_dates():
    assert cell_text(6.222021234567891e18).isdigit()
    assert cell_text(12.5) == "12.5" and cell_text(datetime(2021, 3, 5, 9, 10, 11)) == "2021-03-05 09:10:11"
