"""Unit tests of the statement modules: aliases, dates, amounts, holder block, counterparty, balance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.statements.aliases import ALIASES, field_for_header, split_header_run
from nlp.statements.amounts import direction_sign, is_empty, parse_amount, signed_amount
from nlp.statements.balance import check_continuity, confusion_variants
from nlp.statements.boxes import Box, split_box
from nlp.statements.dates import parse_datetime
from nlp.statements.fields import split_counterparty
from nlp.statements.holder import parse_holder

D = Decimal


@pytest.mark.parametrize("header,field", [
    ("记账日期", "date"), ("对方卡号/账号", "cp_account"), ("收入/支出金额", "amount"), ("联机余额", "balance"),
    ("对方账号与户名", "cp_combined"), ("对手信息", "cp_combined"), ("借方发生额（支取）", "debit"),
    ("贷方发生额（收入）", "credit"), ("借贷标志", "direction"), ("收(付)方账号", "cp_account"),
    ("收（付）方名称", "cp_name"), ("借方金额（支出）", "debit"), ("支出金额", "debit"), ("收入金额", "credit"),
    ("交易后余额[ After-transaction balance ]", "balance"), ("Withdrawals / Debit", "debit"),
    ("Deposits / Credit", "credit"), ("交易卡号", "holder_account"), ("收付标志", "direction"),
    ("交易对手账卡号", "cp_account"), ("对手开户银行", "cp_bank"), ("交易是否成功", "success"),
    ("交易流水号", "serial"), ("帐号", "holder_account"), ("Balance", "balance"), ("摘要", "memo"),
])
def test_field_for_header_maps_domain_variants(header, field):
    assert field_for_header(header) == field


def test_aliases_every_alias_maps_to_its_field():
    for field, names in ALIASES.items():
        for name in names:
            assert field_for_header(name) in (field, "ignore") or field_for_header(name)


def test_split_header_run_splits_fused_ocr_header():
    assert split_header_run("记账日期记账时间") == ["记账日期", "记账时间"]
    assert split_header_run("交易金额") is None


@pytest.mark.parametrize("text,iso", [
    ("20210305", "2021-03-05"), ("2021-03-05 09:10:11", "2021-03-05T09:10:11"), ("2021/3/5", "2021-03-05"),
    ("20210305 091011", "2021-03-05T09:10:11"), ("20210305091011", "2021-03-05T09:10:11"),
    ("2021-03-05-09.10.11.123456", "2021-03-05T09:10:11"), ("05 Mar 2021", "2021-03-05"),
    ("2021年3月5日", "2021-03-05"), ("2021.03.05", "2021-03-05"), ("２０２１－０３－０５", "2021-03-05"),
])
def test_parse_datetime_statement_formats(text, iso):
    assert parse_datetime(text) == iso


def test_parse_datetime_separate_time_cell_and_bad_dates():
    assert parse_datetime("2021-03-05", "09:10:11") == "2021-03-05T09:10:11"
    assert parse_datetime("2021-02-30") is None
    assert parse_datetime("转账") is None and parse_datetime(None) is None


@pytest.mark.parametrize("text,value", [
    ("1,234.56", "1234.56"), ("-1,234.56", "-1234.56"), ("+12.00", "12.00"), ("(12.00)", "-12.00"),
    ("12.00-", "-12.00"), ("¥1,000", "1000.00"), ("１２３.４", "123.40"), (1234.5, "1234.50"),
])
def test_parse_amount_forms(text, value):
    assert parse_amount(text) == D(value)


@pytest.mark.parametrize("text", ["-------------------", "--", "/", "", None, "abc", "12 345.00 6.00"])
def test_parse_amount_rejects_non_numbers(text):
    assert parse_amount(text) is None


def test_is_empty_markers():
    assert is_empty("-------------------") and is_empty("--") and is_empty("/") and not is_empty("0")


@pytest.mark.parametrize("flag,sign", [("进", 1), ("出", -1), ("借", -1), ("贷", 1), ("收", 1), ("付", -1),
                                       ("入", 1), ("支", -1), ("C", 1), ("D", -1), ("Cr", 1), ("Dr", -1),
                                       ("O", -1), ("?", None)])
def test_direction_sign_flags(flag, sign):
    assert direction_sign(flag) == sign


def test_signed_amount_from_each_column_style():
    assert signed_amount({"amount": "-5.00"}) == (D("-5.00"), [])
    assert signed_amount({"amount": "5.00", "direction": "出"}) == (D("-5.00"), [])
    assert signed_amount({"debit": "5.00", "credit": None}) == (D("-5.00"), [])
    assert signed_amount({"debit": "", "credit": "7.00"}) == (D("7.00"), [])
    assert signed_amount({"amount": "5.00", "direction": "?"})[1] == ["direction_unknown"]
    assert signed_amount({"amount": None})[1] == ["missing_amount"]
    assert signed_amount({"debit": "1.00", "credit": "2.00"})[1] == ["both_debit_and_credit"]


def test_parse_holder_block_keys():
    h = parse_holder(["户名：王芳    账号：6222 0212 3456 7890 123", "起止日期：2021-03-01 至 2021-12-31  币种：人民币"])
    assert (h.name, h.account, h.currency) == ("王芳", "6222021234567890123", "CNY")
    assert h.period == ("2021-03-01", "2021-12-31")
    e = parse_holder(["Account holder: John Smith   Account No.: 0123456789012"])
    assert (e.name, e.account) == ("John Smith", "0123456789012")


@pytest.mark.parametrize("text,acc,name", [
    ("6222021234567890123/张三", "6222021234567890123", "张三"), ("张三 6222021234567890123", "6222021234567890123", "张三"),
    ("杭州某某公司6222021234567890123", "6222021234567890123", "杭州某某公司"), ("张三", None, "张三"),
    ("-------", None, None), ("6222 **** **** 1234 李四", "6222********1234", "李四"),
])
def test_split_counterparty_combined_cells(text, acc, name):
    assert split_counterparty(text) == (acc, name)


def test_split_box_estimates_parts_of_an_ocr_fragment():
    parts = split_box(Box(0, 0, 100, 10, "2021-03-05 09:10:11"))
    assert [p.text for p in parts] == ["2021-03-05", "09:10:11"]
    assert parts[0].x1 < parts[1].x0 and parts[1].x1 == pytest.approx(100, abs=0.01)


def test_check_continuity_flags_break_and_suggests_balance_fix():
    amounts = [D("0"), D("-100.00"), D("50.00"), D("-20.00")]
    balances = [D("1000.00"), D("900.00"), D("950.00"), D("930.00")]
    assert all(not c.flags for c in check_continuity(amounts, balances))
    bad = list(balances)
    bad[2] = D("960.00")  # 5 read as 6
    res = check_continuity(amounts, bad)
    assert res[2].flags == ["balance_break", "suggested_fix"]
    assert res[2].fixes[0]["field"] == "balance" and res[2].fixes[0]["new"] == "950.00"
    assert not res[3].flags  # the next row agrees with the corrected balance


def test_check_continuity_newest_first_order():
    amounts = [D("-20.00"), D("50.00"), D("-100.00"), D("0")]
    balances = [D("930.00"), D("950.00"), D("900.00"), D("1000.00")]
    assert all(not c.flags for c in check_continuity(amounts, balances))


def test_check_continuity_unexplained_break_has_no_fix():
    res = check_continuity([D("0"), D("-123.45"), D("1.00")], [D("1000.00"), D("500.00"), D("501.00")])
    assert res[1].flags == ["balance_break"] and not res[1].fixes


@given(st.decimals(min_value=D("0.01"), max_value=D("9999999.99"), places=2))
def test_confusion_variants_never_contain_the_value(value):
    variants = confusion_variants(value)
    assert value not in variants and all(isinstance(k, Decimal) for k in variants)


def test_docs_alias_table_lists_every_alias():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "statements.md").read_text(encoding="utf-8")
    missing = [name for names in ALIASES.values() for name in names if name not in doc]
    assert missing == []


def test_header_characters_ocr_reads_as_look_alikes_still_name_their_field():
    from nlp.statements.aliases import field_for_header

    assert field_for_header("货方") == "credit"           # 贷方 as OCR reads it on a scan
    assert field_for_header("货方发生额") == "credit"
    assert field_for_header("佘额") == "balance"
    assert field_for_header("货币") == "currency"         # an alias as read is never changed
    assert field_for_header("交易货币") == "currency"
    assert field_for_header("货物") is None               # not an alias either way
