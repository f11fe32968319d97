"""Credit-card statement pages: rows without a year, posting dates, card last four, settled amounts, signs."""

from __future__ import annotations

import pytest
from pdf_tables import table_pages

from nlp.statements.dates import looks_like_month_day
from nlp.statements.holder import period_from_lines
from nlp.statements.parse import read_statement_pages

TOP = [[(40, "招商银行信用卡对账单")],
       [(40, "账单周期 Statement Cycle 2024/12/06-2025/01/05"), (420, "账单日 2025/01/05")],
       [(40, "卡号 Card No.: 6225 **** **** 1234"), (420, "到期还款日 2025/01/25")]]


def _rows(read):
    return [(r.fields["time"], r.fields["details"].get("post_date"), str(r.fields["amount"]), r.fields["currency"])
            for r in read.rows]


def test_card_statement_rolls_the_year_over_and_keeps_both_dates(tmp_path):
    pages = table_pages(tmp_path, [TOP + [
        [(40, "交易日"), (100, "记账日"), (160, "交易摘要"), (440, "人民币金额"), (540, "卡号末四位"),
         (620, "交易地金额")],
        [(40, "12/08"), (100, "12/09"), (160, "消费 财付通-美团外卖"), (440, "58.00"), (540, "1234"), (620, "58.00")],
        [(40, "12/31"), (100, "01/02"), (160, "消费 京东商城"), (440, "1,299.00"), (540, "1234"), (620, "1,299.00")],
        [(40, "01/03"), (100, "01/03"), (160, "还款"), (440, "-5,000.00"), (540, "1234")],
        [(40, "01/04"), (100, "01/05"), (160, "消费 AMAZON.COM"), (440, "720.35"), (540, "5678"),
         (620, "100.00")],
    ]])
    read = read_statement_pages(pages)
    assert _rows(read) == [
        ("2024-12-08", "2024-12-09", "-58.00", "CNY"),
        ("2024-12-31", "2025-01-02", "-1299.00", "CNY"),
        ("2025-01-03", "2025-01-03", "5000.00", "CNY"),
        ("2025-01-04", "2025-01-05", "-720.35", "CNY"),
    ]
    first, supplementary = read.rows[0], read.rows[3]
    assert first.cells["post_date"] == "12/09" and first.cells["date"] == "12/08"  # as printed
    assert first.fields["holder_account"] == "6225********1234"  # the block's card, its last four agree
    assert first.fields["details"]["card_last4"] == "1234"
    assert supplementary.fields["holder_account"] == "5678"  # another card's rows keep their own hint
    assert supplementary.fields["details"]["orig_amount"] == "100.00"
    [layout] = read.layouts
    assert layout.kind == "credit-card" and layout.rows == 4
    assert layout.columns["date"] == "交易日" and layout.columns["post_date"] == "记账日"
    assert layout.columns["amount"] == "人民币金额" and layout.columns["holder_account"] == "卡号末四位"
    assert "balance" in layout.missing and "negative" in layout.sign


def test_card_statement_foreign_amount_and_currency_kept_beside_cny(tmp_path):
    pages = table_pages(tmp_path, [[
        [(40, "Credit Card Statement"), (300, "Statement Date 05 Jan 2025")],
        [(40, "交易日"), (100, "记账日"), (160, "交易摘要"), (400, "交易币种"), (470, "交易金额"),
         (560, "人民币金额")],
        [(40, "15 DEC"), (100, "16 DEC"), (160, "HOTEL TOKYO"), (400, "JPY"), (470, "12,000.00"), (560, "552.10")],
        [(40, "0102"), (100, "0103"), (160, "退货 HOTEL TOKYO"), (400, "JPY"), (470, "-2,000.00"), (560, "-92.02")],
    ]])
    read = read_statement_pages(pages)
    assert _rows(read) == [("2024-12-15", "2024-12-16", "-552.10", "CNY"),
                           ("2025-01-02", "2025-01-03", "92.02", "CNY")]
    details = read.rows[0].fields["details"]
    assert details["orig_amount"] == "12,000.00" and details["orig_currency"] == "JPY"


def test_card_statement_split_columns_and_dash_dates(tmp_path):
    pages = table_pages(tmp_path, [[
        [(40, "信用卡账单"), (300, "起止日期：2024-02-20 至 2024-03-19")],
        [(40, "交易日期"), (110, "记账日期"), (180, "交易描述"), (420, "存入"), (500, "支出")],
        [(40, "02-25"), (110, "02-26"), (180, "消费 星巴克"), (500, "36.00")],
        [(40, "03-15"), (110, "03-15"), (180, "还款"), (420, "2,000.00")],
    ]])
    read = read_statement_pages(pages)
    assert [(r.fields["time"], str(r.fields["amount"])) for r in read.rows] == [
        ("2024-02-25", "-36.00"), ("2024-03-15", "2000.00")]


def test_card_rows_without_a_period_are_flagged_not_dated(tmp_path):
    pages = table_pages(tmp_path, [[
        [(40, "交易日"), (100, "记账日"), (160, "交易摘要"), (440, "人民币金额")],
        [(40, "12/08"), (100, "12/09"), (160, "消费"), (440, "58.00")],
    ]])
    [row] = read_statement_pages(pages).rows
    assert row.fields["time"] is None and "no_year" in row.flags


def test_card_unsigned_amounts_take_the_sign_from_the_description(tmp_path):
    pages = table_pages(tmp_path, [TOP + [
        [(40, "交易日"), (100, "记账日"), (160, "交易摘要"), (440, "交易金额")],
        [(40, "12/10"), (100, "12/11"), (160, "消费 超市"), (440, "88.00")],
        [(40, "12/20"), (100, "12/20"), (160, "还款 谢谢"), (440, "88.00")],
    ]])
    read = read_statement_pages(pages)
    assert [str(r.fields["amount"]) for r in read.rows] == ["-88.00", "88.00"]
    assert "description" in read.layouts[0].sign


@pytest.mark.parametrize(("text", "ok"), [("03/15", True), ("0315", True), ("03-15", True), ("15 MAR", True),
                                          ("3月15日", True), ("13/45", False), ("2021", False), ("09:10", False)])
def test_looks_like_month_day(text, ok):
    assert looks_like_month_day(text) is ok


def test_period_from_lines_reads_card_headers():
    assert period_from_lines(["账单周期 2024/12/06-2025/01/05"]) == ("2024/12/06", "2025/01/05")
    assert period_from_lines(["账单日 2025/01/05 到期还款日 2025/01/25"]) == ("", "2025/01/05")
    assert period_from_lines(["Statement Date 05 Jan 2025"]) == ("", "05 Jan 2025")
    assert period_from_lines(["起止日期：2021-03-01 至 2021-12-31"]) == ("2021-03-01", "2021-12-31")


def test_card_statement_with_english_header_line_on_ocr_fragments(tmp_path):
    from statement_fixtures import ocr_like

    pages = table_pages(tmp_path, [TOP + [
        [(40, "交易日"), (100, "记账日"), (160, "交易摘要"), (440, "人民币金额"), (540, "卡号末四位")],
        [(40, "Trans Date"), (100, "Post Date"), (160, "Description"), (440, "RMB Amount"), (540, "Card No.")],
        [(40, "12/08"), (100, "12/09"), (160, "消费 财付通-美团外卖"), (440, "58.00"), (540, "1234")],
        [(40, "01/03"), (100, "01/03"), (160, "还款"), (440, "-5,000.00"), (540, "1234")],
    ]])
    for src in (pages, ocr_like(pages, seed=5)):
        read = read_statement_pages(src)
        assert [(r.fields["time"], str(r.fields["amount"]), r.flags) for r in read.rows] == [
            ("2024-12-08", "-58.00", ["cp_from_memo"]), ("2025-01-03", "5000.00", [])]
        assert read.rows[0].fields["cp_name"] == "美团外卖"
        assert read.layouts[0].unmapped == [] and read.rows[0].fields["memo"] == "消费 财付通-美团外卖"
