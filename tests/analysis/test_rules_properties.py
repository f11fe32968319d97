"""Property tests: the ledger loader and the rules on arbitrary small ledgers (no crash, sane alerts)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.analysis.ledger import DAY, from_edges, from_rows
from app.analysis.rules import RULES, run_rules

T0 = int(np.datetime64("2021-03-01T00:00:00", "s").astype(np.int64))
ACCOUNTS = ["A", "B", "C", "D", "E"]
# A few repeated amounts so relays, cycles and splits can form; thresholds lowered so rules fire.
AMOUNT = st.one_of(st.sampled_from([13.73, 100.0, 49_500.0, 120_000.0]),
                   st.floats(min_value=0.01, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2)))
EDGE = st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS), AMOUNT, st.integers(0, 20 * DAY))
LOW = {"fast_in_fast_out": {"min_amount": "0"}, "scatter_in_gather_out": {"min_sources": "2", "min_total": "0"},
       "gather_in_scatter_out": {"min_inflow": "0", "min_payees": "2"}, "ant_moving": {"min_count": "3",
                                                                                       "min_total": "0"},
       "cycles": {"min_amount": "0"}, "identical_amount_relay": {"min_amount": "0"},
       "threshold_evasion": {"min_count": "2"}, "night_transfers": {"min_amount": "0"},
       "double_counting": {"min_amount": "0"}, "tracing": {"accounts": "A", "min_amount": "0"},
       "common_counterparties": {"accounts": "A,B"}, "transit_accounts": {"min_total": "0"}}
# Rules whose alert amount is a sum or a single one of the alert's own transactions.
BOUNDED = {"fast_in_fast_out", "scatter_in_gather_out", "gather_in_scatter_out", "ant_moving", "cycles",
           "identical_amount_relay", "split_fan_in", "threshold_evasion", "night_transfers", "round_amounts",
           "same_name_transfers", "double_counting", "tracing", "common_counterparties"}


def ledger_of(edges):
    edges = [e for e in edges if e[0] != e[1]]
    return from_edges([e[0] for e in edges], [e[1] for e in edges], [e[2] for e in edges],
                      [int(T0 + e[3]) for e in edges])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDGE, max_size=25))
def test_rules_never_crash_and_alerts_stay_within_their_transactions(edges):
    led = ledger_of(edges)
    if not len(led):
        return
    per_id = {int(r): abs(float(a)) for r, a in zip(led.row, led.amount, strict=True)}
    alerts = run_rules(led, None, LOW)
    for a in alerts:
        assert a.rule in RULES and set(a.accounts) <= set(led.accounts)
        assert set(a.transactions) <= set(per_id) and len(a.transactions) == len(set(a.transactions))
        assert math.isfinite(a.amount) and a.amount >= 0
        assert (a.start is None) == (a.end is None) and (a.start is None or a.start <= a.end)
        if a.rule in BOUNDED and a.transactions:
            assert a.amount <= sum(per_id[t] for t in a.transactions) + 1e-6, a.explanation


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ACCOUNTS), st.one_of(st.none(), st.sampled_from(ACCOUNTS)),
                          st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 40 * DAY),
                          st.sampled_from([None, "", "ATM 取现", "理财申购"])), max_size=30))
def test_ledger_loader_sorts_and_keeps_every_row(rows):
    recs = [{"id": i + 1, "holder_account": h, "cp_account": c, "amount": a, "memo": m,
             "time": str(np.datetime64(T0 + t, "s"))} for i, (h, c, a, t, m) in enumerate(rows)]
    led = from_rows(recs)
    assert len(led) == len(recs)
    assert sorted(led.amount.tolist()) == sorted(float(r["amount"]) for r in recs)
    order = list(zip(led.acct.tolist(), led.time.tolist(), led.row.tolist(), strict=True))
    assert order == sorted(order)
    assert np.all(np.diff(led.key) >= 0)
    assert int(led.cash.sum()) == sum(1 for r in recs if r["memo"] == "ATM 取现")
    assert all(led.accounts[a] == recs[int(r) - 1]["holder_account"] for a, r in zip(led.acct, led.row, strict=True))
    assert all((c == -1) == (recs[int(r) - 1]["cp_account"] is None) for c, r in zip(led.cp, led.row, strict=True))


@settings(max_examples=40, deadline=None)
@given(st.lists(EDGE, max_size=25))
def test_edges_count_each_transfer_once(edges):
    led = ledger_of(edges)
    src, dst, _, amount, row = led.edges()
    assert sorted(row.tolist()) == sorted(set(led.row.tolist()))
    assert np.all(amount >= 0)
