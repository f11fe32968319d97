"""Graph drawing: level of detail (labels, dots), the batched edge layer and its hover look-up."""

from __future__ import annotations

import random

from app.services.views.graph import GraphData, GraphEdge, GraphNode


def big_graph(nodes: int) -> dict:
    rng = random.Random(3)
    data = GraphData({f"n{i}": GraphNode(f"n{i}", "person", f"节点{i}", None) for i in range(nodes)}, [])
    data.edges = [GraphEdge(f"n{i}", f"n{rng.randrange(i)}", "transfer", "¥1", 10.0, 1, ["2021-01-01T00:00:00"], [])
                  for i in range(1, nodes)]
    pos = {k: (rng.uniform(-2000, 2000), rng.uniform(-2000, 2000)) for k in data.nodes}
    return {"data": data, "pos": pos, "centrality": {}, "communities": {}}


def test_graph_labels_hidden_when_zoomed_out(qapp):
    from app.ui.graph_items import LABEL_LOD, NodeItem

    node = NodeItem("e:1", "person", "张伟", 1)
    assert node.label_shown(1.0)
    assert not node.label_shown(LABEL_LOD / 3)
    node.important = False  # half-way out only the central nodes keep their names
    assert node.label_shown(1.0) and not node.label_shown(LABEL_LOD * 1.1)
    node.setSelected(False)
    node.marked = True  # a node on a path keeps its name a little longer
    assert node.label_shown(LABEL_LOD * 0.6)


def test_graph_big_zoomed_out_draws_dots_in_layer(qtbot, qapp):
    from app.ui.graph_items import DOT_NODES
    from app.ui.graph_view import GraphView
    from app.ui.selection import SelectionModel

    view = GraphView(SelectionModel())
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.apply(big_graph(DOT_NODES + 50))
    layer = view.canvas.layer
    node = next(iter(view.nodes.values()))
    assert view.canvas.transform().m11() < 0.4  # fitted: far out
    assert layer.dots and bool(node.flags() & node.GraphicsItemFlag.ItemHasNoContents)
    qapp.processEvents()
    view.canvas.viewport().repaint()
    assert layer._dots  # noqa: SLF001 - the dot paths were built
    view.canvas.resetTransform()
    view.canvas.scale(1.0, 1.0)
    assert not layer.dots and not node.flags() & node.GraphicsItemFlag.ItemHasNoContents
    view.canvas.viewport().repaint()


def test_graph_edge_layer_finds_edge_under_pointer(qtbot):
    from PySide6.QtCore import QPointF

    from app.ui.graph_view import GraphView
    from app.ui.selection import SelectionModel

    view = GraphView(SelectionModel())
    qtbot.addWidget(view)
    data = GraphData({"a": GraphNode("a", "person", "甲"), "b": GraphNode("b", "account", "乙")},
                     [GraphEdge("a", "b", "transfer", "¥5,000 (1)", 5000.0, 1, ["2021-01-01T00:00:00"], [7])])
    view.apply({"data": data, "pos": {"a": (0.0, 0.0), "b": (300.0, 0.0)}, "centrality": {}, "communities": {}})
    layer = view.canvas.layer
    assert layer.edge_at(QPointF(150, 2), 5).tx_ids == [7]
    assert layer.edge_at(QPointF(150, 60), 5) is None
    view.nodes["b"].setVisible(False)
    view._sync_edges()  # noqa: SLF001 - as hide_selected does
    assert layer.edge_at(QPointF(150, 2), 5) is None
