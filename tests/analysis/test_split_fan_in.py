"""split_fan_in: several payers each splitting a sum into near-identical same-day payments to one payee."""

from __future__ import annotations

from app.analysis.rules import run_rules
from tests.analysis.helpers import transfers


def split(payers: int, per_payer: int, spread: float = 0.0):
    rows = [(f"2021-03-0{1 + j} 1{i}:00:00", f"P{j}", "Z", 9_800.0 + spread * i) for j in range(payers)
            for i in range(per_payer)]
    return transfers(rows)


def test_split_fan_in_fires_with_all_payers():
    alerts = run_rules(split(3, 3, 13.0), ["split_fan_in"])
    assert len(alerts) == 1
    assert alerts[0].accounts == ["Z", "P0", "P1", "P2"] and len(alerts[0].transactions) == 9
    assert alerts[0].amount == sum(9_800.0 + 13.0 * i for i in range(3)) * 3


def test_split_fan_in_near_misses():
    assert run_rules(split(1, 5), ["split_fan_in"]) == []  # one payer is not a fan-in
    assert run_rules(split(3, 1), ["split_fan_in"]) == []  # single payments are not split
    assert run_rules(split(3, 2, 9_000.0), ["split_fan_in"]) == []  # amounts far apart


def burst_and_single(single_amount: float, single_day: str = "2021-03-09"):
    rows = [(f"2021-03-01 1{i}:00:00", "P", "Z", 9_800.0 + 13 * i) for i in range(3)]
    return transfers([*rows, (f"{single_day} 10:00:00", "Q", "Z", single_amount)])


ONE = {"split_fan_in": {"min_split_payers": "1"}}


def test_split_fan_in_payer_of_a_similar_amount_joins():
    alerts = run_rules(burst_and_single(9_700.0), ["split_fan_in"], ONE)
    assert len(alerts) == 1 and alerts[0].accounts == ["Z", "P", "Q"] and len(alerts[0].transactions) == 4
    assert "另有 1 个付款人" in alerts[0].explanation


def test_split_fan_in_joining_near_misses():
    assert run_rules(burst_and_single(20_000.0), ["split_fan_in"], ONE) == []  # not the bursts' amount
    assert run_rules(burst_and_single(9_700.0, "2021-05-20"), ["split_fan_in"], ONE) == []  # outside the window
    off = {"split_fan_in": {"band": "none", "min_split_payers": "1"}}
    assert run_rules(burst_and_single(9_700.0), ["split_fan_in"], off) == []  # bursts only
    assert run_rules(burst_and_single(9_700.0), ["split_fan_in"]) == []  # default: two payers must split


def test_split_fan_in_joining_payer_adds_to_a_two_splitter_alert():
    rows = [(f"2021-03-0{1 + j} 1{i}:00:00", f"P{j}", "Z", 9_800.0 + 13 * i) for j in range(2) for i in range(3)]
    alerts = run_rules(transfers([*rows, ("2021-03-09 10:00:00", "Q", "Z", 9_650.0),
                                  ("2021-03-09 11:00:00", "R", "Z", 30_000.0)]), ["split_fan_in"])
    assert len(alerts) == 1 and alerts[0].accounts == ["Z", "P0", "P1", "Q"]
