"""Each money-flow rule fires on a planted pattern and stays silent on a near miss."""

from __future__ import annotations

import pytest

from app.analysis.rules import RULES, make_params, parse_param_args, run_rules
from app.core.errors import CaseLensError
from tests.analysis.helpers import statement, transfers


def fifo(minutes_out: int, out_amount: float):
    return transfers([("2021-03-05 10:00:00", "S", "A", 300_000),
                      (f"2021-03-05 10:{minutes_out:02d}:00", "A", "B", out_amount)])


def test_fast_in_fast_out_fires_with_chain_and_rows():
    alerts = run_rules(fifo(25, 295_000), ["fast_in_fast_out"])
    assert len(alerts) == 1
    a = alerts[0]
    assert a.accounts[:3] == ["S", "A", "B"] and a.transactions == [1, 2]
    assert "25 分钟" in a.explanation and "¥300,000.00" in a.explanation and "98%" in a.explanation


def test_fast_in_fast_out_near_miss_keeps_too_much():
    assert run_rules(fifo(25, 200_000), ["fast_in_fast_out"]) == []


def test_fast_in_fast_out_near_miss_small_inflow():
    led = transfers([("2021-03-05 10:00:00", "S", "A", 40_000), ("2021-03-05 10:05:00", "A", "B", 40_000)])
    assert run_rules(led, ["fast_in_fast_out"]) == []


def scatter(n_sources: int, gather: float):
    rows = [(f"2021-03-0{1 + i % 4} 09:00:00", f"P{i}", "A", 50_000) for i in range(n_sources)]
    rows.append(("2021-03-06 09:00:00", "A", "Z", gather))
    return transfers(rows)


def test_scatter_in_gather_out_fires():
    alerts = run_rules(scatter(5, 240_000), ["scatter_in_gather_out"])
    assert len(alerts) == 1 and "Z" in alerts[0].accounts and len(alerts[0].transactions) == 6


@pytest.mark.parametrize("n,gather", [(4, 200_000), (5, 150_000)])
def test_scatter_in_gather_out_near_miss(n, gather):
    assert run_rules(scatter(n, gather), ["scatter_in_gather_out"]) == []


def test_gather_in_scatter_out_fires_and_near_miss():
    rows = [("2021-03-01 09:00:00", "S", "A", 150_000)]
    rows += [(f"2021-03-02 1{i}:00:00", "A", f"Q{i}", 20_000) for i in range(5)]
    assert len(run_rules(transfers(rows), ["gather_in_scatter_out"])) == 1
    assert run_rules(transfers(rows[:-1]), ["gather_in_scatter_out"]) == []


def test_threshold_evasion_fires_and_near_miss():
    rows = [(f"2021-03-{1 + 5 * i:02d} 09:00:00", "A", f"B{i}", 49_000) for i in range(5)]
    assert len(run_rules(transfers(rows), ["threshold_evasion"])) == 1
    spread = [(f"2021-0{1 + i}-01 09:00:00", "A", f"B{i}", 49_000) for i in range(5)]  # one a month
    assert run_rules(transfers(spread), ["threshold_evasion"]) == []


def test_round_amounts_fires_and_near_miss():
    rows = [(f"2021-03-{1 + i:02d} 09:00:00", "A", f"B{i}", 30_000) for i in range(5)]
    assert any(a.accounts == ["A"] for a in run_rules(transfers(rows), ["round_amounts"]))
    odd = [(f"2021-03-{1 + i:02d} 09:00:00", "A", f"B{i}", 30_123) for i in range(5)]
    assert run_rules(transfers(odd), ["round_amounts"]) == []


def test_night_transfers_fires_and_near_miss():
    assert len(run_rules(transfers([("2021-03-05 02:30:00", "A", "B", 120_000)]), ["night_transfers"])) == 2
    assert run_rules(transfers([("2021-03-05 06:30:00", "A", "B", 120_000)]), ["night_transfers"]) == []


def test_night_transfers_ignore_date_only_rows():
    # Statements that print a date only (CCB personal: 20210305) must not read as midnight transfers.
    assert run_rules(transfers([("2021-03-05", "A", "B", 120_000)]), ["night_transfers"]) == []


def test_ant_moving_fires_and_near_miss():
    rows = [(f"2021-03-0{1 + i % 6} {10 + i % 12}:00:00", "A", f"B{i}", 5_500) for i in range(20)]
    assert any(a.accounts == ["A"] for a in run_rules(transfers(rows), ["ant_moving"]))
    assert run_rules(transfers(rows[:19]), ["ant_moving"]) == []


def ring(amounts, days=(1, 2, 3)):
    return transfers([(f"2021-03-0{d} 09:00:00", s, t, x)
                      for d, (s, t), x in zip(days, [("A", "B"), ("B", "C"), ("C", "A")], amounts, strict=True)])


def test_cycles_fire_time_respecting():
    alerts = run_rules(ring([100_000, 95_000, 90_000]), ["cycles"])
    assert len(alerts) == 1 and set(alerts[0].accounts) == {"A", "B", "C"}


def test_cycles_near_miss_out_of_order_or_amount():
    assert run_rules(ring([100_000, 95_000, 90_000], days=(3, 2, 1)), ["cycles"]) == []
    assert run_rules(ring([100_000, 50_000, 45_000]), ["cycles"]) == []
    unordered = run_rules(ring([100_000, 95_000, 90_000], days=(3, 2, 1)), ["cycles"], {"cycles": {"ordered": "false"}})
    assert len(unordered) == 1


def test_cycles_decay_lets_each_hop_keep_a_cut_but_not_grow():
    strict = {"cycles": {"tolerance": "0.01"}}
    decaying = ring([100_000, 88_000, 77_500])  # each account keeps back ~12%
    assert run_rules(decaying, ["cycles"], strict) == []
    cut = {"cycles": {"tolerance": "0.01", "max_decay": "0.15"}}
    alerts = run_rules(decaying, ["cycles"], cut)
    assert len(alerts) == 1 and set(alerts[0].accounts) == {"A", "B", "C"}
    assert run_rules(ring([100_000, 112_000, 125_000]), ["cycles"], cut) == []  # growing is not a cut
    assert run_rules(ring([100_000, 80_000, 64_000]), ["cycles"], cut) == []  # 20% a hop is more than the cut


def test_transit_accounts_fire_and_near_miss():
    led = transfers([("2021-03-05 09:00:00", "S", "A", 500_000), ("2021-03-08 09:00:00", "A", "B", 480_000)])
    assert [a.accounts for a in run_rules(led, ["transit_accounts"])] == [["A"]]
    led = transfers([("2021-03-05 09:00:00", "S", "A", 500_000), ("2021-03-08 09:00:00", "A", "B", 200_000)])
    assert run_rules(led, ["transit_accounts"]) == []


def test_same_name_transfers_fire_and_near_miss():
    rows = [("2021-03-05 09:00:00", "A1", "A2", 10_000)]
    assert len(run_rules(transfers(rows, {"A1": "张伟", "A2": "张伟"}), ["same_name_transfers"])) == 1
    assert run_rules(transfers(rows, {"A1": "张伟", "A2": "章伟"}), ["same_name_transfers"]) == []


def test_unrequested_accounts_ranked_by_links():
    led = statement([
        {"holder_account": "A", "time": "2021-03-01", "amount": -60_000, "cp_account": "X"},
        {"holder_account": "B", "time": "2021-03-02", "amount": -10_000, "cp_account": "X"},
        {"holder_account": "B", "time": "2021-03-02", "amount": -1_000, "cp_account": "Y"},
        {"holder_account": "A", "time": "2021-03-03", "amount": -5_000, "cp_account": "B"},
    ])
    alerts = run_rules(led, ["unrequested_accounts"])
    assert [a.accounts[0] for a in alerts] == ["X"]  # Y: one link, small; B has a statement


def test_double_counting_pairs_cash_round_trip():
    base = {"channel": "ATM", "cp_account": None}
    led = statement([{**base, "holder_account": "A", "time": "2021-03-01", "amount": -50_000, "memo": "取现"},
                     {**base, "holder_account": "B", "time": "2021-03-05", "amount": 48_000, "memo": "存现"}])
    assert len(run_rules(led, ["double_counting"])) == 1
    late = statement([{**base, "holder_account": "A", "time": "2021-03-01", "amount": -50_000},
                      {**base, "holder_account": "B", "time": "2021-03-25", "amount": 48_000}])
    assert run_rules(late, ["double_counting"]) == []


def test_tracing_follows_time_ordered_similar_hops():
    led = transfers([("2021-03-01 09:00:00", "A", "B", 100_000), ("2021-03-02 09:00:00", "B", "C", 98_000),
                     ("2021-02-27 09:00:00", "B", "D", 98_000),  # before the money arrived: not downstream
                     ("2021-03-03 09:00:00", "C", "E", 20_000)])  # amount too different
    alerts = run_rules(led, ["tracing"], {"tracing": {"accounts": "A"}})
    assert sorted(a.accounts[-1] for a in alerts) == ["B", "C"]
    up = run_rules(led, ["tracing"], {"tracing": {"accounts": "C", "direction": "up"}})
    assert sorted(a.accounts[0] for a in up) == ["A", "B"]


def test_common_counterparties_fire_and_near_miss():
    led = transfers([("2021-03-01 09:00:00", "A", "X", 1_000), ("2021-03-01 10:00:00", "B", "X", 1_000),
                     ("2021-03-01 11:00:00", "A", "Y", 1_000)])
    alerts = run_rules(led, ["common_counterparties"], {"common_counterparties": {"accounts": "A,B"}})
    assert [a.accounts[0] for a in alerts] == ["X"]


def test_every_rule_runs_on_empty_counterparty_ledger():
    led = statement([{"holder_account": "A", "time": "2021-03-01", "amount": 10}])
    assert run_rules(led) == []
    assert len(RULES) >= 14


def test_params_bad_name_or_value_is_coded_error():
    with pytest.raises(CaseLensError) as e:
        make_params("cycles", {"nope": 1})
    assert e.value.code == "E017"
    with pytest.raises(CaseLensError):
        make_params("cycles", {"max_depth": "x"})
    with pytest.raises(CaseLensError):
        parse_param_args(["cycles.max_depth"])
    assert parse_param_args(["cycles.max_depth=6"]) == {"cycles": {"max_depth": "6"}}


def test_ant_moving_merges_bursts_of_one_account_and_ranks_by_score():
    rows = [(f"2021-03-0{1 + i % 6} {10 + i % 12}:00:00", f"B{i}", "A", 5_500) for i in range(20)]
    rows += [(f"2021-03-2{i % 6} {10 + i % 12}:00:00", f"C{i}", "A", 5_500) for i in range(20)]
    merged = run_rules(transfers(rows), ["ant_moving"], {"ant_moving": {"direction": "in"}})
    assert len(merged) == 1 and "2 个时段" in merged[0].explanation and merged[0].amount == 40 * 5_500
    split = run_rules(transfers(rows), ["ant_moving"], {"ant_moving": {"direction": "in", "merge_s": "none"}})
    assert len(split) == 2 and all("score" in a.params for a in split)


def test_fast_in_fast_out_ranks_whole_fast_single_payout_first():
    rows = [("2021-03-05 10:00:00", "S", "A", 300_000), ("2021-03-05 10:10:00", "A", "B", 299_000),
            ("2021-03-05 10:00:00", "T", "X", 900_000)]
    rows += [(f"2021-03-05 {11 + i}:00:00", "X", f"Q{i}", 90_000) for i in range(10)]
    alerts = run_rules(transfers(rows), ["fast_in_fast_out"])
    assert [a.accounts[1] for a in alerts] == ["A", "X"]
    assert alerts[0].params["score"] > alerts[1].params["score"]


def test_fast_in_fast_out_merges_repeats_of_one_account():
    rows = []
    for d in (1, 3, 5):
        rows += [(f"2021-03-0{d} 10:00:00", f"S{d}", "A", 100_000), (f"2021-03-0{d} 10:05:00", "A", "B", 99_000)]
    alerts = run_rules(transfers(rows), ["fast_in_fast_out"])
    assert len(alerts) == 1 and "3 次快进快出" in alerts[0].explanation
    assert {"S1", "S3", "S5"} <= set(alerts[0].accounts)


def test_fast_in_fast_out_says_same_day_when_statement_has_dates_only():
    led = transfers([("2021-03-05", "S", "A", 300_000), ("2021-03-05", "A", "B", 295_000)])
    alerts = run_rules(led, ["fast_in_fast_out"])
    assert len(alerts) == 1 and "同日" in alerts[0].explanation and "分钟" not in alerts[0].explanation
