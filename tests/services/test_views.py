"""Read-only view queries: pages, mentions, entities, ledger filters, graph, layout and paths."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from fixture_case import build_fixture_case  # noqa: E402

from app.services import views_facts, views_graph  # noqa: E402
from app.services.views import CaseView, TxFilter  # noqa: E402


def test_views_page_render_and_mentions(tmp_path):
    ids = build_fixture_case(tmp_path / "v.case", tmp_path)
    view = CaseView(tmp_path / "v.case")
    page = view.page(ids["page0"])
    assert page.text.startswith("讯问笔录") and page.words and len(page.word_starts) == len(page.words)
    rendered = view.render(ids["page0"], 0.5)
    assert rendered.width == round(page.width * 0.5) and len(rendered.samples) == rendered.stride * rendered.height
    assert view.neighbour_page(ids["page0"], 1) == ids["page1"]
    assert view.neighbour_page(ids["page0"], -1) is None
    names = {m["entity_name"] for m in view.mentions(ids["page0"])}
    assert {"张伟", "李强"} <= names
    people = {e["name"]: e for e in view.entities(["person"])}
    assert people["张伟"]["role"] == "suspect" and people["张伟"]["mentions"] == 3
    accounts = {e["name"]: e for e in view.entities(["account"])}
    assert accounts["6222021234567890"]["holder"] == "王芳"


def test_views_transaction_filters(tmp_path):
    build_fixture_case(tmp_path / "v.case", tmp_path)
    view = CaseView(tmp_path / "v.case")
    assert views_facts.transaction_count(view) == 8
    big = views_facts.transactions(view, TxFilter(min_amount=29000))
    assert {abs(r["amount"]) for r in big} == {30000.0, 29500.0, 50000.0, 29000.0}
    assert views_facts.transaction_count(view, TxFilter(counterparty="鑫源")) == 1
    march = views_facts.transactions(view, TxFilter(start="2021-03-01", end="2021-03-31", order_by="amount"))
    assert [r["amount"] for r in march] == sorted(r["amount"] for r in march)


def test_layout_keeps_fixed_nodes_and_is_seeded():
    keys = [str(i) for i in range(50)]
    edges = [(str(i), str(i // 2)) for i in range(1, 50)]
    first = views_graph.layout(keys, edges, seed=3)
    assert first == views_graph.layout(keys, edges, seed=3)
    grown = views_graph.layout([*keys, "new"], [*edges, ("new", "7")], fixed=first, seed=3)
    assert all(grown[k] == first[k] for k in keys)
    assert "new" in grown


def test_earliest_arrival_respects_time_order(tmp_path):
    ids = build_fixture_case(tmp_path / "v.case", tmp_path)
    data = views_graph.graph_data(CaseView(tmp_path / "v.case"))
    a, z = f"e:{ids['acct_zhang']}", "a:6222600000000002"
    assert views_graph.earliest_arrival(data, a, z)[-1] == z
    assert views_graph.earliest_arrival(data, z, a) == []
    assert len(views_graph.fewest_hops(data, f"e:{ids['phone']}", f"e:{ids['org']}")) == 4
