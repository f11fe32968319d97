"""Counterparty table, concentration and two-way pairs over a hand-made ledger."""

from __future__ import annotations

import numpy as np

from app.analysis.aggregate import concentration, counterparty_table, two_way_pairs
from tests.analysis.helpers import transfers

LEDGER = [("2021-03-01 09:00:00", "A", "B", 100.0), ("2021-03-02 09:00:00", "A", "B", 300.0),
          ("2021-03-03 09:00:00", "A", "C", 600.0), ("2021-03-04 09:00:00", "B", "A", 50.0),
          ("2021-03-05 09:00:00", "A", "D", 1000.0)]


def test_counterparty_table_counts_sums_and_times():
    led = transfers(LEDGER)
    recs = {(r["account"], r["counterparty"], r["direction"]): r for r in counterparty_table(led).records(led)}
    ab = recs[("A", "B", "out")]
    assert (ab["count"], ab["total"], ab["mean"]) == (2, 400.0, 200.0)
    assert ab["first"] == "2021-03-01T09:00:00" and ab["last"] == "2021-03-02T09:00:00"
    assert recs[("A", "B", "in")]["total"] == 50.0 and recs[("B", "A", "in")]["count"] == 2
    assert len(counterparty_table(led).records(led, "C")) == 1
    assert counterparty_table(led).records(led, "nobody") == []


def test_concentration_top_shares():
    led = transfers(LEDGER)
    table = counterparty_table(led)
    a = led.accounts.index("A")
    top1 = concentration(table, led.n_accounts, -1, 1)
    top2 = concentration(table, led.n_accounts, -1, 2)
    assert np.isclose(top1[a], 1000 / 2000) and np.isclose(top2[a], 1600 / 2000)
    assert concentration(table, led.n_accounts, -1, 5)[led.accounts.index("C")] == 0.0  # C never pays


def test_two_way_pairs():
    led = transfers(LEDGER)
    pairs = {(led.accounts[a], led.accounts[b]) for a, b in two_way_pairs(counterparty_table(led)).tolist()}
    assert pairs == {("A", "B"), ("B", "A")}
