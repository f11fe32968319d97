"""Counterparty names printed with a traditional character where the statements print the simplified form."""

from __future__ import annotations

from pdf_tables import table_pages

from nlp.statements.checks import flag_name_variants, flag_traditional_names
from nlp.statements.parse import StatementRow, read_statement_pages


def _row(name, account="6222000011112222", holder="王芳"):
    return StatementRow(0, 0, {"cp_name": name, "cp_account": account, "holder_name": holder}, {}, None)


def test_traditional_form_flagged_even_when_it_is_the_majority():
    rows = [_row("熊燕強"), _row("熊燕強"), _row("熊燕強"), _row("熊燕强")]
    flag_traditional_names(rows)
    flag_name_variants(rows)
    assert [("name_variant" in r.flags) for r in rows] == [True, True, True, False]
    fix = rows[0].fixes[0]
    assert (fix["field"], fix["old"], fix["new"], fix["kind"]) == ("cp_name", "熊燕強", "熊燕强", "traditional form")


def test_traditional_form_printed_once_matches_a_name_elsewhere():
    rows = [_row("熊燕強", account="6222000099998888"), _row("熊燕强", account=None), _row("李强", account="1")]
    flag_traditional_names(rows)
    assert "name_variant" in rows[0].flags and rows[0].fixes[0]["new"] == "熊燕强"
    assert not rows[1].flags and not rows[2].flags


def test_traditional_form_matches_the_id_records_or_the_holder():
    rows = [_row("張偉", holder="王芳"), _row("陳靜", holder="陈静")]
    flag_traditional_names(rows, known_names=["张伟"])
    assert [r.fixes[0]["new"] for r in rows] == ["张伟", "陈静"]


def test_traditional_name_with_no_simplified_form_anywhere_is_left_alone():
    rows = [_row("陳大文"), _row("陳大文")]
    flag_traditional_names(rows)
    flag_name_variants(rows)
    assert not rows[0].flags and not rows[1].flags


def test_parse_pdf_flags_traditional_counterparty(tmp_path):
    pages = table_pages(tmp_path, [[
        [(40, "户名：王芳"), (300, "账号：6222021234567890123")],
        [(40, "交易日期"), (130, "交易金额"), (230, "账户余额"), (330, "对方户名"), (470, "对方账号")],
        [(40, "2021-03-05"), (130, "-100.00"), (230, "900.00"), (330, "熊燕强"), (470, "6222000011112222")],
        [(40, "2021-03-06"), (130, "-100.00"), (230, "800.00"), (330, "熊燕強"), (470, "6222000011112222")],
        [(40, "2021-03-07"), (130, "-100.00"), (230, "700.00"), (330, "熊燕强"), (470, "6222000011112222")],
    ]])
    rows = read_statement_pages(pages).rows
    assert [r.flags for r in rows] == [[], ["name_variant", "suggested_fix"], []]
    assert rows[1].fixes[0]["new"] == "熊燕强" and rows[1].fields["cp_name"] == "熊燕強"  # never applied
