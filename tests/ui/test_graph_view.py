"""Graph view: paths, hide/expand, pin, stable layout, exports."""

from __future__ import annotations


def test_graph_fewest_hops_path_marked(window, ui_case):
    _, ids = ui_case
    path = window.graph.find_path(f"e:{ids['zhang']}", f"e:{ids['org']}")
    assert path == [f"e:{ids['zhang']}", f"e:{ids['li']}", f"e:{ids['org']}"]
    assert window.graph.nodes[f"e:{ids['li']}"].marked


def test_graph_earliest_arrival_follows_money_forward(window, ui_case):
    _, ids = ui_case
    window.graph.path_mode.setCurrentIndex(1)
    path = window.graph.find_path(f"e:{ids['acct_zhang']}", "a:6222600000000002")
    assert path == [f"e:{ids['acct_zhang']}", f"e:{ids['acct_wang']}", f"e:{ids['acct_li']}", "a:6222600000000002"]


def test_graph_hide_and_expand(window, ui_case):
    _, ids = ui_case
    graph = window.graph
    phone = graph.nodes[f"e:{ids['phone']}"]
    phone.setSelected(True)
    graph.hide_selected()
    assert not phone.isVisible()
    assert not any(e.isVisible() for e in phone.edges)
    graph.canvas.scene().clearSelection()
    graph.nodes[f"e:{ids['zhang']}"].setSelected(True)
    graph.expand()
    assert phone.isVisible()


def test_graph_layout_keeps_positions_on_reload(window, qtbot):
    graph = window.graph
    before = {k: (n.pos().x(), n.pos().y()) for k, n in graph.nodes.items()}
    with qtbot.waitSignal(graph.graphReady, timeout=20_000):
        window.selection.notify_data_changed()
    after = {k: (n.pos().x(), n.pos().y()) for k, n in graph.nodes.items()}
    assert after == before


def test_graph_exports_png_and_svg(window, tmp_path):
    png = window.graph.export_png(str(tmp_path / "g.png"))
    svg = window.graph.export_svg(str(tmp_path / "g.svg"))
    assert (tmp_path / "g.png").stat().st_size > 1000
    assert "<svg" in (tmp_path / "g.svg").read_text(encoding="utf-8")
    assert png and svg
