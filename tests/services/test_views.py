"""Read-only view queries: pages, mentions, entities, ledger filters, graph, layout and paths."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from fixture_case import build_fixture_case  # noqa: E402

from app.services.views import CaseView, TxFilter  # noqa: E402
from app.services.views import facts as views_facts  # noqa: E402
from app.services.views import graph as views_graph  # noqa: E402


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


def test_layout_puts_isolates_and_small_groups_near_the_main_graph():
    keys = [f"n{i}" for i in range(40)]
    edges = [(f"n{i}", f"n{i + 1}") for i in range(19)] + [("n30", "n31")]  # a chain, a pair, 18 isolates
    pos = views_graph.layout(keys, edges, scale=1.0)
    chain = [pos[f"n{i}"] for i in range(20)]
    span = max(max(abs(a[0] - b[0]), abs(a[1] - b[1])) for a in chain for b in chain)
    xs = [p[0] for p in chain]
    ys = [p[1] for p in chain]
    for key in ["n30", "n31", *[f"n{i}" for i in range(20, 30)], *[f"n{i}" for i in range(32, 40)]]:
        x, y = pos[key]
        assert min(xs) - 1 <= x <= min(xs) + max(span, 12) + 8
        assert max(ys) < y <= max(ys) + span + 12  # below the main graph, not flung away


def test_views_rotated_text_page_words_where_rendered(tmp_path):
    import pymupdf

    from app.services.imports import import_paths

    pdf = tmp_path / "turned.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((100, 100), "讯问笔录 张伟", fontname="china-s", fontsize=20)
    page.set_rotation(90)
    doc.save(pdf)
    doc.close()
    import_paths([pdf], case=tmp_path / "r.case", run_post_stages=False)
    view = CaseView(tmp_path / "r.case")
    page_view = view.page(view.first_page_id())
    assert (page_view.width, page_view.height) == (842, 595) and page_view.rotation == 90
    x0, y0, x1, y1 = page_view.words[0][:4]
    rendered = view.render(page_view.id, 1.0)
    assert (rendered.width, rendered.height) == (842, 595)
    inside = [rendered.samples[y * rendered.stride + x * 3] for y in range(int(y0), int(y1))
              for x in range(int(x0), int(x1))]
    assert min(inside) < 100  # ink inside the mapped word box
    assert x0 > 595  # the unrotated box (x about 100) would be on blank paper
    view.close()


def test_views_turned_scan_is_upright_with_words_along_the_text():
    from app.services.views import PageView, to_display

    assert to_display((10, 20, 30, 40), 90, 842, 595) == (802, 10, 822, 30)
    assert to_display((10, 20, 30, 40), 180, 595, 842) == (565, 802, 585, 822)
    assert to_display((10, 20, 30, 40), 270, 842, 595) == (20, 565, 40, 585)
    page = PageView(1, 1, "s.pdf", 1, 1, 595.0, 842.0, "", [], [], None, "ocr", "done", rotation=90, turn=270)
    assert page.display_box((100, 70, 120, 300)) == (70, 722, 300, 742)  # a vertical line becomes horizontal


def test_flag_names_and_notes_accept_dict_flags():
    from app.services.views import flag_names, flag_notes

    flags = ["balance_break", "suggested_fix", {"flag": "suggested_fix", "field": "amount", "old": "5", "new": "-5",
                                                "kind": "direction (sign)", "evidence": "balance matches"}]
    assert flag_names(flags) == ["balance_break", "suggested_fix"]
    assert flag_notes(flags) == ["direction (sign) — amount: 5 → -5 — balance matches"]
