"""The counterparty named in a description, for layouts without a counterparty column."""

from __future__ import annotations

import pytest
from pdf_tables import table_pages

from nlp.statements.memo_cp import counterparty_from_memo, fill_counterparty_from_memo
from nlp.statements.parse import parse_statement_pages


@pytest.mark.parametrize(("memo", "name", "account"), [
    ("TRF TO 周勇 6222026010620494289", "周勇", "6222026010620494289"),
    ("TRF FROM JOHN SMITH 12-345678-9", "JOHN SMITH", "123456789"),
    ("FUND TRANSFER FROM 12-345678-9 JOHN SMITH", "JOHN SMITH", "123456789"),
    ("转账-张三", "张三", None),
    ("转账 张三 6222026010620494289", "张三", "6222026010620494289"),
    ("财付通-美团外卖", "美团外卖", None),
    ("消费 财付通-美团外卖", "美团外卖", None),
    ("支付宝-李四", "李四", None),
    ("跨行转出 李四", "李四", None),
    ("转账/王五/6217000011112222", "王五", "6217000011112222"),
    ("转账－北京某某科技有限公司", "北京某某科技有限公司", None),
])
def test_counterparty_from_memo_finds_name_and_account(memo, name, account):
    assert counterparty_from_memo(memo) == (name, account)


@pytest.mark.parametrize("memo", ["转账", "网银转账", "ATM取款", "转账-手续费", "Transfer", "利息", "", None, "转账汇款"])
def test_counterparty_from_memo_names_nothing_without_a_party(memo):
    assert counterparty_from_memo(memo) == (None, None)


def test_fill_counterparty_only_when_row_has_none():
    own = {"cp_name": "赵敏", "cp_account": None, "memo": "转账-张三"}
    assert not fill_counterparty_from_memo(own) and own["cp_name"] == "赵敏"
    bare = {"cp_name": None, "cp_account": None, "memo": "ATM", "remark": "转账 张三 6222026010620494289"}
    assert fill_counterparty_from_memo(bare) and bare["cp_account"] == "6222026010620494289"


def test_parse_pdf_without_counterparty_column_takes_it_from_the_description(tmp_path):
    pages = table_pages(tmp_path, [[
        [(40, "Account Name: JOHN SMITH"), (300, "Account No.: 012-345678-001")],
        [(40, "Date"), (130, "Description"), (500, "Withdrawals"), (600, "Deposits"), (700, "Balance")],
        [(40, "2024-01-03"), (130, "TRF TO 周勇 6222026010620494289"), (500, "500.00"), (700, "9,500.00")],
        [(40, "2024-01-04"), (130, "FUND TRANSFER FROM 12-345678-9 MARY JONES"), (600, "1,000.00"), (700, "10,500.00")],
        [(40, "2024-01-05"), (130, "ATM WITHDRAWAL"), (500, "100.00"), (700, "10,400.00")],
    ]])
    rows = parse_statement_pages(pages)
    assert [(r.fields["cp_name"], r.fields["cp_account"]) for r in rows] == [
        ("周勇", "6222026010620494289"), ("MARY JONES", "123456789"), (None, None)]
    assert rows[0].fields["memo"] == "TRF TO 周勇 6222026010620494289"
    assert [("cp_from_memo" in r.flags) for r in rows] == [True, True, False]
    assert [str(r.fields["amount"]) for r in rows] == ["-500.00", "1000.00", "-100.00"]
