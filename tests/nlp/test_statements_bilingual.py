"""A Chinese header with its English translation on the line beneath: the English line is header, not row 1."""

from __future__ import annotations

from pdf_tables import table_pages

from nlp.statements.parse import parse_statement_pages


def test_parse_english_line_under_chinese_header_is_consumed(tmp_path):
    pages = table_pages(tmp_path, [[
        [(40, "户名：王芳"), (300, "账号：6222021234567890123")],
        [(40, "记账日期"), (110, "币种"), (160, "金额"), (240, "余额"), (320, "对方户名"), (520, "对方账号"),
         (660, "摘要")],
        [(40, "Transaction"), (110, "CURRENCY"), (160, "AMOUNT"), (240, "BALANCE"), (320, "Counter Party"),
         (520, "Counter Party Account"), (660, "Description")],
        [(40, "Date")],
        [(40, "2021-03-05"), (110, "CNY"), (160, "-1,200.00"), (240, "8,800.00"), (320, "北京住房公积金管理中心"),
         (520, "6222000011112222"), (660, "转账")],
        [(40, "2021-03-06"), (110, "CNY"), (160, "300.00"), (240, "9,100.00"), (320, "李强"),
         (520, "6222000011113333"), (660, "工资")],
    ]])
    rows = parse_statement_pages(pages)
    assert len(rows) == 2
    first = rows[0]
    assert first.fields["cp_name"] == "北京住房公积金管理中心" and first.fields["currency"] == "CNY"
    assert first.fields["cp_account"] == "6222000011112222" and first.fields["memo"] == "转账"
    assert str(first.fields["amount"]) == "-1200.00" and not first.flags


def test_parse_english_line_with_every_field_still_translates(tmp_path):
    # the English line alone would make a header (date, amount, balance): it still only translates
    pages = table_pages(tmp_path, [[
        [(40, "记账日期"), (130, "对方户名"), (330, "币种"), (380, "金额"), (460, "余额")],
        [(40, "Transaction Date"), (130, "Counter Party"), (330, "CURRENCY"), (380, "AMOUNT"), (460, "BALANCE")],
        [(40, "2021-03-05"), (130, "北京住房公积金管理中心"), (330, "CNY"), (380, "-1,200.00"), (460, "8,800.00")],
    ]])
    rows = parse_statement_pages(pages)
    assert len(rows) == 1
    assert rows[0].fields["cp_name"] == "北京住房公积金管理中心" and rows[0].fields["currency"] == "CNY"
