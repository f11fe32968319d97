"""The graph opens on the suspects' networks (#23): captioned, readable, unlinked entities behind '+N more'."""

from __future__ import annotations

import random

from app.services.views.graph import GraphData, GraphEdge, GraphNode


def visible_captions(graph) -> list:
    return [n for n in graph.nodes.values() if n.isVisible()]


def label_overlaps(graph) -> list[tuple[str, str]]:
    """Pairs of visible captions whose painted rectangles intersect at the view's zoom."""
    lod = graph.canvas.transform().m11()
    rects = [(n.caption, n.label_rect(lod)) for n in visible_captions(graph) if n.label_shown(lod)]
    return [(a, b) for i, (a, ra) in enumerate(rects) for b, rb in rects[i + 1:] if ra.intersects(rb)]


def test_graph_default_shows_suspect_labelled_and_hides_unlinked(window, ui_case):
    _, ids = ui_case
    graph = window.graph
    lod = graph.canvas.transform().m11()
    zhang = graph.nodes[f"e:{ids['zhang']}"]
    assert zhang.isVisible() and zhang.suspect and zhang.caption == "张伟" and zhang.label_shown(lod)
    assert graph.nodes[f"e:{ids['acct_zhang']}"].isVisible()  # the suspect's money beside him
    assert not graph.nodes[f"e:{ids['smith']}"].isVisible()  # unlinked: counted, not drawn
    hidden = graph.hidden_count()
    assert hidden >= 1 and graph.more.text() == f"+{hidden} more" and not graph.more.isHidden()
    assert f"{len(graph.nodes) - hidden} of {len(graph.nodes)} nodes shown" in graph.status.text()
    graph.more.click()
    assert graph.hidden_count() == 0 and graph.nodes[f"e:{ids['smith']}"].isVisible()
    assert graph.more.text() == "Main network only"
    graph.more.click()
    assert not graph.nodes[f"e:{ids['smith']}"].isVisible() and zhang.isVisible()


def test_graph_account_caption_reads_bank_and_last_four(window, ui_case):
    _, ids = ui_case
    nodes = window.graph.nodes
    assert nodes[f"e:{ids['acct_zhang']}"].caption == "建设银行 · 7891"  # attrs bank 中国建设银行
    assert nodes[f"e:{ids['acct_wang']}"].caption == "工商银行 · 7890"
    assert nodes["a:6222600000000002"].caption == "陈刚\n…0002"  # no holder entity: its ledger name above
    assert "6217001234567891" in nodes[f"e:{ids['acct_zhang']}"].toolTip()  # the full number stays at hand


def suspects_graph(suspects: int = 6, around: int = 25, loose: int = 60) -> GraphData:
    """Suspects with an account each, counterparty accounts (some held by people) and unlinked entities."""
    rng = random.Random(23)
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    for s in range(suspects):
        person, account = f"p{s}", f"a{s}"
        nodes[person] = GraphNode(person, "person", f"嫌疑人{s}号", suspect=True, caption=f"嫌疑人{s}号")
        nodes[account] = GraphNode(account, "account", f"62122601234567{s:05d}", caption=f"工商银行 · {s:04d}")
        edges.append(GraphEdge(person, account, "owns"))
        for c in range(around):
            other = f"c{s}_{c}"
            kind = "account" if c % 2 else "organisation"
            caption = f"建设银行 · {c:04d}" if kind == "account" else f"某某贸易有限公司{c}"
            nodes[other] = GraphNode(other, kind, caption, caption=caption)
            edges.append(GraphEdge(account, other, "transfer", "¥1", rng.uniform(100, 1e6), 1,
                                   ["2021-03-01T10:00:00"], []))
            if kind == "account" and c % 3 == 0:
                holder = f"h{s}_{c}"
                nodes[holder] = GraphNode(holder, "person", f"王{c}芳", caption=f"王{c}芳")
                edges.append(GraphEdge(holder, other, "owns"))
    for i in range(loose):
        nodes[f"x{i}"] = GraphNode(f"x{i}", "organisation", f"无关单位{i}", caption=f"无关单位{i}")
    return GraphData(nodes, edges)


def test_graph_labels_do_not_overlap_at_default_zoom(qtbot):
    from app.ui.graph_items import LABEL_LOD
    from app.ui.graph_view import GraphView, arrange
    from app.ui.selection import SelectionModel

    view = GraphView(SelectionModel())
    qtbot.addWidget(view)
    view.resize(530, 420)  # the graph dock of a 1600 x 1000 window
    view.show()
    data = suspects_graph()
    view.apply(arrange(data, {}, view.canvas.width() / view.canvas.height()))
    shown = visible_captions(view)
    assert 10 <= len(shown) <= 40 < len(data.nodes)
    assert all(f"p{s}" in view.nodes and view.nodes[f"p{s}"].isVisible() for s in range(6))
    assert not any(view.nodes[f"x{i}"].isVisible() for i in range(60))
    lod = view.canvas.transform().m11()
    assert lod >= LABEL_LOD and all(n.label_shown(lod) for n in shown)  # every caption drawn, none a dot
    assert label_overlaps(view) == []
    view.canvas.scale(1.6, 1.6)  # closer in, captions keep their distance
    assert label_overlaps(view) == []


def test_graph_holder_sits_beside_own_account(qtbot):
    from app.ui.graph_view import arrange, caption_boxes

    data = suspects_graph()
    result = arrange(data, {})
    pos, box = result["pos"], caption_boxes(data, result["centrality"])

    def extent(key: str) -> tuple[float, float, float, float]:
        left, top, right, bottom = box(key)
        return pos[key][0] + left, pos[key][1] + top, pos[key][0] + right, pos[key][1] + bottom

    for s in range(6):  # the suspect's circle and caption touch his account's (a few units of margin)
        (l0, t0, r0, b0), (l1, t1, r1, b1) = extent(f"p{s}"), extent(f"a{s}")
        assert max(l1 - r0, l0 - r1, t1 - b0, t0 - b1) <= 12


def test_graph_entity_picked_elsewhere_centres_its_network(window, ui_case):
    _, ids = ui_case
    graph = window.graph
    window.selection.select_entity(ids["wang"])
    node = graph.nodes[f"e:{ids['wang']}"]
    assert node.isSelected() and graph.nodes[f"e:{ids['acct_wang']}"].isVisible()
    centre = graph.canvas.mapToScene(graph.canvas.viewport().rect().center())
    visible = graph.canvas.mapToScene(graph.canvas.viewport().rect()).boundingRect()
    assert visible.contains(node.pos()) and visible.contains(centre)
    assert graph.canvas.transform().m11() >= 0.45
