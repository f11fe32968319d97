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
