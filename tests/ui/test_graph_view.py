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


def test_graph_time_window_requeries_and_keeps_positions(window, qtbot):
    graph = window.graph
    before = {k: (n.pos().x(), n.pos().y()) for k, n in graph.nodes.items()}
    all_transfers = sum(e.count for e in graph.data.edges if e.kind == "transfer")
    with qtbot.waitSignal(graph.graphReady, timeout=20_000):
        window.selection.set_time_window("2021-03-01T00:00:00", "2021-03-31T23:59:59")
    inside = [e for e in graph.data.edges if e.kind == "transfer"]
    assert inside and all(t.startswith("2021-03") for e in inside for t in e.times)
    assert sum(e.count for e in inside) < all_transfers
    kept = {k: (n.pos().x(), n.pos().y()) for k, n in graph.nodes.items() if k in before}
    assert kept == {k: before[k] for k in kept}
    with qtbot.waitSignal(graph.graphReady, timeout=20_000):
        window.selection.set_time_window(None, None)
    assert sum(e.count for e in graph.data.edges if e.kind == "transfer") == all_transfers


def test_graph_alert_focus_survives_reload(window, qtbot):
    graph = window.graph
    from app.services.views import facts as views_facts

    alert_id = views_facts.alerts(window.selection.view)[0]["id"]
    window.selection.select_alert(alert_id)
    marked = {k for k, n in graph.nodes.items() if n.marked}
    assert marked
    with qtbot.waitSignal(graph.graphReady, timeout=20_000):
        window.selection.notify_data_changed()
    assert {k for k, n in graph.nodes.items() if n.marked} == marked
