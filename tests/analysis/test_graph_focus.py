"""The graph's first picture: whose networks, what they hold, captions kept apart (no Qt)."""

from __future__ import annotations

from app.analysis.graph_focus import Node, default_focus, network, node_box, place, seeds
from app.analysis.graph_layout import overlaps, separate
from app.analysis.period import case_period


def small_case(suspect: bool = True) -> tuple[dict[str, Node], list]:
    nodes = {"zhang": Node("person", "张伟", suspect), "a1": Node("account", "工商银行 · 0001"),
             "phone": Node("phone", "13800138000"), "li": Node("person", "李强"),
             "a2": Node("account", "建设银行 · 0002"), "wang": Node("person", "王芳"),
             "a3": Node("account", "…0003"), "shop": Node("organisation", "某某商贸有限公司"),
             "loner": Node("person", "John Smith")}
    links = [("zhang", "a1", "owns", 0.0), ("zhang", "phone", "uses_phone", 0.0), ("li", "a2", "owns", 0.0),
             ("a1", "a2", "transfer", 50_000.0), ("wang", "a3", "owns", 0.0), ("a3", "a1", "transfer", 900.0),
             ("a2", "shop", "transfer", 20_000.0), ("zhang", "wang", "family", 0.0)]
    return nodes, links


def test_focus_suspect_network_holders_and_no_loners():
    nodes, links = small_case()
    focus = default_focus(nodes, links)
    assert focus.seeds == ["zhang"]
    assert {"zhang", "a1", "a2", "li", "wang", "a3"} <= focus.shown  # counterpart accounts with their holders
    assert "loner" not in focus.shown and "phone" not in focus.shown  # unlinked; a detail of the suspect
    assert focus.hidden(len(nodes)) == len(nodes) - len(focus.shown)


def test_focus_without_suspects_takes_the_most_connected_people():
    nodes, links = small_case(suspect=False)
    first = seeds(nodes, links)
    assert first[0] == "zhang" and "loner" not in first  # his account and his family: three counterparts


def test_network_keeps_relations_before_money_and_respects_limit():
    nodes, links = small_case()
    shown = network(nodes, links, ["zhang"], limit=4)
    assert {"zhang", "a1", "wang"} <= shown and len(shown) <= 4


def test_place_keeps_captions_apart_and_holders_beside_accounts():
    nodes, links = small_case()
    shown = default_focus(nodes, links).shown

    def box(k: str):
        return node_box(nodes[k].caption, 12.0, 20.0)

    pos = place(nodes, links, shown, spread=70.0, box=box)
    assert overlaps(pos, {k: box(k) for k in shown}) == []
    assert abs(pos["zhang"][1] - pos["a1"][1]) < 1e-6  # side by side
    again = place(nodes, links, shown, spread=70.0, box=box, fixed=pos)
    assert again == pos  # a reload keeps every position


def test_separate_moves_only_free_nodes():
    pos = {"a": (0.0, 0.0), "b": (5.0, 1.0), "c": (8.0, -2.0)}
    boxes = {k: (-10.0, -5.0, 10.0, 5.0) for k in pos}
    out = separate(pos, boxes, {"a"})
    assert out["a"] == (0.0, 0.0) and overlaps(out, boxes) == []


def test_case_period_leaves_out_a_birth_date():
    day = 86400.0
    times = [1_614_556_800.0 + i * day for i in range(40)] + [-631_152_000.0]  # March–April 2021, born 1950
    assert case_period(times) == (1_614_556_800.0, 1_614_556_800.0 + 39 * day)
    assert case_period([]) is None
