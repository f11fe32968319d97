"""identical_amount_relay: one exact non-round amount passed on through ≥3 accounts; not payrolls or round sums."""

from __future__ import annotations

from app.analysis.relay import RelayParams, find_relays
from app.analysis.rules import run_rules
from tests.analysis.helpers import transfers


def chain(amount: float, days=(1, 5, 3), hops=(("A", "B"), ("B", "C"), ("C", "D"))):
    return transfers([(f"2021-03-0{d} 09:00:00", s, t, amount) for d, (s, t) in zip(days, hops, strict=True)])


def test_relay_fires_on_planted_chain_in_any_time_order():
    alerts = run_rules(chain(13_731.37), ["identical_amount_relay"])
    assert len(alerts) == 1
    a = alerts[0]
    assert set(a.accounts) == {"A", "B", "C", "D"} and sorted(a.transactions) == [1, 2, 3]
    assert "链 chain" in a.explanation and "¥13,731.37" in a.explanation and a.amount == 13_731.37


def test_relay_labels_a_ring():
    led = chain(25_010.55, hops=(("A", "B"), ("B", "C"), ("C", "A")))
    (_, groups) = find_relays(led)
    assert len(groups) == 1 and groups[0].ring and groups[0].relays == 3


def test_relay_silent_on_round_amounts_and_different_amounts():
    assert run_rules(chain(20_000.0), ["identical_amount_relay"]) == []
    assert run_rules(chain(20_000.0), ["identical_amount_relay"], {"identical_amount_relay": {"round_unit": "0"}})
    led = transfers([("2021-03-01 09:00:00", "A", "B", 13_731.37), ("2021-03-02 09:00:00", "B", "C", 13_731.38),
                     ("2021-03-03 09:00:00", "C", "D", 13_731.37)])
    assert run_rules(led, ["identical_amount_relay"]) == []  # B and C send on a different cent
    near = run_rules(led, ["identical_amount_relay"], {"identical_amount_relay": {"tolerance": "0.001"}})
    assert len(near) == 1


def test_relay_silent_on_payroll_star():
    rows = [("2021-03-01 09:00:00", "BOSS", "HR", 8_765.43)]
    rows += [(f"2021-03-02 09:{i:02d}:00", "HR", f"E{i}", 8_765.43) for i in range(12)]
    assert run_rules(transfers(rows), ["identical_amount_relay"]) == []  # 1 in, 12 out: not passed on


def test_relay_max_gap_needs_receiving_before_sending():
    led = chain(13_731.37, days=(1, 2, 3))
    assert run_rules(led, ["identical_amount_relay"], {"identical_amount_relay": {"max_gap_s": "172800"}})
    late = chain(13_731.37, days=(3, 2, 1))  # sent on before it arrived
    assert run_rules(late, ["identical_amount_relay"], {"identical_amount_relay": {"max_gap_s": "172800"}}) == []


def test_relay_min_accounts_and_small_amounts():
    led = transfers([("2021-03-01 09:00:00", "A", "B", 13_731.37), ("2021-03-02 09:00:00", "B", "A", 13_731.37)])
    assert run_rules(led, ["identical_amount_relay"]) == []  # two accounts only
    assert run_rules(chain(731.37), ["identical_amount_relay"]) == []  # below min_amount
    assert find_relays(chain(731.37), RelayParams(min_amount=0))[1]
