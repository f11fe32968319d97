"""Money graph metrics, shortest paths and earliest arrival through time-ordered transfers."""

from __future__ import annotations

from app.analysis.graph import earliest_arrival, metrics, money_graph, shortest_path
from tests.analysis.helpers import transfers

LEDGER = [("2021-03-01 09:00:00", "A", "B", 100.0), ("2021-03-01 10:00:00", "A", "B", 50.0),
          ("2021-03-02 09:00:00", "B", "C", 140.0), ("2021-02-01 09:00:00", "C", "D", 10.0),
          ("2021-03-03 09:00:00", "C", "E", 120.0)]


def test_money_graph_collapses_repeats():
    led = transfers(LEDGER)
    g = money_graph(led)
    ab = g.edges[led.accounts.index("A"), led.accounts.index("B")]
    assert ab["count"] == 2 and ab["total"] == 150.0 and ab["first"] < ab["last"]
    assert g.number_of_edges() == 4


def test_metrics_broker_has_highest_betweenness():
    m = metrics(transfers(LEDGER))
    assert max(m, key=lambda a: m[a]["betweenness"]) in {"B", "C"}
    assert m["A"]["out_degree"] == 1 and m["A"]["in_degree"] == 0
    assert abs(sum(v["pagerank"] for v in m.values()) - 1) < 1e-6
    assert len({v["community"] for v in m.values()}) >= 1


def test_shortest_path_and_no_path():
    led = transfers(LEDGER)
    assert shortest_path(led, "A", "E") == ["A", "B", "C", "E"]
    assert shortest_path(led, "E", "A") == [] and shortest_path(led, "A", "nobody") == []


def _transfers(ledger) -> list[tuple[str, str, list[str]]]:
    """The ledger as the relationship graph's transfer links: (src, dst, sorted times)."""
    links: dict[tuple[str, str], list[str]] = {}
    for time, src, dst, _ in ledger:
        links.setdefault((src, dst), []).append(time)
    return [(src, dst, sorted(times)) for (src, dst), times in links.items()]


def test_earliest_arrival_respects_time_order():
    assert earliest_arrival(_transfers(LEDGER), "A", "E") == ["A", "B", "C", "E"]
    assert earliest_arrival(_transfers(LEDGER), "A", "D") == []  # C → D happened before the money reached C
    assert earliest_arrival(_transfers(LEDGER), "E", "A") == []
    assert earliest_arrival(_transfers(LEDGER), "nobody", "A") == []
