"""Statements that name counterparties without an account (CMB, card statements, Alipay/WeChat bills): every rule
runs, the same name is one counterparty, platforms are intermediaries, and one failing rule stops nothing."""

from __future__ import annotations

import pytest

from app.analysis import rules as rules_mod
from app.analysis.rules import RULES, run_rules
from app.core.errors import CaseLensError
from tests.analysis.helpers import statement


def named(holder: str, rows: list[tuple[str, float, str | None]], holder_name: str = "甲") -> list[dict]:
    """Rows of one statement: (time, signed amount, counterparty name), no counterparty account."""
    return [{"holder_account": holder, "holder_name": holder_name, "time": t, "amount": amt, "cp_account": None,
             "cp_name": cp} for t, amt, cp in rows]


def test_every_rule_runs_on_name_only_counterparties():
    rows = [(f"2021-03-0{1 + i % 4} 0{i % 9}:00:00", 50_000, f"付款人{i}") for i in range(6)]
    rows += [("2021-03-06 09:00:00", -290_000, "王五"), ("2021-03-06 10:00:00", -500, None),
             ("2021-03-07 10:00:00", -300, "财付通"), ("2021-03-07 11:00:00", 300, "支付宝（中国）网络技术有限公司")]
    led = statement(named("6222001", rows))
    issues: list = []
    alerts = run_rules(led, None, None, issues)
    assert issues == []
    scatter = [a for a in alerts if a.rule == "scatter_in_gather_out"]
    assert len(scatter) == 1 and "name:王五" in scatter[0].accounts
    assert "王五(无账号 no account)" in scatter[0].explanation


def test_same_name_on_two_statements_is_one_counterparty():
    led = statement(named("A", [("2021-03-01 09:00:00", -1_000, "张 三")], "甲")
                    + named("B", [("2021-03-02 09:00:00", -2_000, "张三")], "乙"))
    assert led.n_accounts == 3 and "name:张三" in led.accounts
    common = run_rules(led, ["common_counterparties"], {"common_counterparties": {"accounts": "A,B"}})
    assert [a.accounts[0] for a in common] == ["name:张三"]


def test_name_only_counterparty_is_the_one_statement_account_of_that_name():
    led = statement(named("A", [("2021-03-01 09:00:00", -100_000, "李四")], "甲")
                    + named("B", [("2021-03-01 09:00:00", 100_000, "甲"), ("2021-03-01 09:20:00", -99_000, "丙")],
                            "李四"))
    assert "name:李四" not in led.accounts  # 李四 holds statement B: the transfer goes to B
    alerts = run_rules(led, ["fast_in_fast_out"])
    assert len(alerts) == 1 and alerts[0].accounts[:2] == ["A", "B"]


def test_payment_platform_is_no_path_between_parties():
    rows = [("2021-03-01 09:00:00", -20_000, "财付通"), ("2021-03-02 09:00:00", 20_000, "财付通")]
    led = statement(named("A", rows))
    platform = led.accounts.index("name:财付通")
    assert led.intermediary[platform] and led.by_name[platform]
    assert run_rules(led, ["cycles"], {"cycles": {"min_amount": "0"}}) == []
    person = statement(named("A", [(t, a, "张三") for t, a, _ in rows]))
    assert len(run_rules(person, ["cycles"], {"cycles": {"min_amount": "0"}})) == 1


def test_failing_rule_is_a_coded_issue_and_the_others_run(monkeypatch):
    def broken(ledger, p):
        raise ValueError("boom")

    monkeypatch.setitem(RULES, "night_transfers", (broken, RULES["night_transfers"][1]))
    led = statement(named("A", [("2021-03-05 02:00:00", -300_000, "张三")]
                          + [(f"2021-03-05 1{i}:00:00", -10_000, "张三") for i in range(5)]))
    issues: list = []
    alerts = run_rules(led, ["night_transfers", "round_amounts"], None, issues)
    assert [a.rule for a in alerts] == ["round_amounts"]
    assert len(issues) == 1 and issues[0].code == "E025" and "night_transfers" in issues[0].message
    assert "What to do" in issues[0].message
    with pytest.raises(CaseLensError) as err:  # a caller that collects no issues gets the coded error
        rules_mod.run_rules(led, ["night_transfers"])
    assert err.value.code == "E025"


def test_unrequested_accounts_is_one_list_without_names_or_platforms():
    led = statement([
        {"holder_account": "A", "time": "2021-03-01", "amount": -60_000, "cp_account": "X"},
        {"holder_account": "B", "time": "2021-03-02", "amount": -10_000, "cp_account": "X"},
        {"holder_account": "A", "time": "2021-03-02", "amount": -70_000, "cp_account": "W"},
        {"holder_account": "A", "time": "2021-03-03", "amount": -90_000, "cp_account": None, "cp_name": "张三"},
        {"holder_account": "A", "time": "2021-03-03", "amount": -90_000, "cp_account": "900001", "cp_name": "财付通"},
    ])
    alerts = run_rules(led, ["unrequested_accounts"])
    assert len(alerts) == 1
    ranked = alerts[0].params["ranked"]
    assert [r["account"] for r in ranked] == ["X", "W"]  # two links first, then the bigger total
    assert ranked[0]["linked"] == 2 and ranked[0]["count"] == 2
    assert alerts[0].accounts[:2] == ["X", "W"] and len(alerts[0].transactions) == 3
    assert "未调单账户 2 个" in alerts[0].explanation


def test_alert_lists_every_row_behind_it():
    rows = [(f"2021-03-0{1 + i // 100} {i % 24:02d}:{i % 60:02d}:00", -1_000 - i, f"收款人{i % 7}")
            for i in range(311)]
    alerts = run_rules(statement(named("A", rows)), ["ant_moving"])
    assert len(alerts) == 1 and "311 笔" in alerts[0].explanation
    assert len(alerts[0].transactions) == 311  # was cut at 200


def test_own_account_transfers_are_demoted_last():
    led = statement([
        {"holder_account": "A1", "holder_name": "张伟", "time": "2021-03-05 09:00:00", "amount": -300_000,
         "cp_account": "A2", "cp_name": "张伟"},
        {"holder_account": "A2", "holder_name": "张伟", "time": "2021-03-05 09:00:00", "amount": 300_000,
         "cp_account": "A1", "cp_name": "张伟"},
        {"holder_account": "A2", "holder_name": "张伟", "time": "2021-03-05 09:10:00", "amount": -299_000,
         "cp_account": "A3", "cp_name": "张伟"},
        {"holder_account": "B", "holder_name": "李四", "time": "2021-03-06 09:00:00", "amount": 300_000,
         "cp_account": "S", "cp_name": "王五"},
        {"holder_account": "B", "holder_name": "李四", "time": "2021-03-06 09:10:00", "amount": -299_000,
         "cp_account": "T", "cp_name": "赵六"},
    ])
    alerts = run_rules(led, ["same_name_transfers", "fast_in_fast_out"])
    assert [a.rule for a in alerts][0] == "fast_in_fast_out" and "B" in alerts[0].accounts
    assert "demoted" not in alerts[0].params
    demoted = [a for a in alerts if a.params.get("demoted") == "own_accounts"]
    assert {a.rule for a in demoted} == {"same_name_transfers", "fast_in_fast_out"}
    assert alerts[-len(demoted):] == demoted


def test_paying_ones_own_name_without_account_is_an_own_account_transfer():
    led = statement(named("A", [("2021-03-01 10:00:00", -20_000, "张伟"), ("2021-03-02 10:00:00", -20_000, "李四")],
                          "张伟"))
    alerts = run_rules(led, ["same_name_transfers"])
    assert len(alerts) == 1 and alerts[0].accounts == ["A", "name:张伟"]
    assert alerts[0].params["demoted"] == "own_accounts"
