"""The main window: first page shown, linked selection across views, time window, alerts, settings."""

from __future__ import annotations

import pytest

from app.ui import i18n
from app.ui.selection import PageFocus


def test_main_window_opens_first_page_with_mentions(window, ui_case):
    _, ids = ui_case
    assert window.reader.page.id == ids["page0"]
    labels = {item.mention["label"] for item in window.reader._mention_items}
    assert {"PERSON", "ID_NUMBER", "PHONE"} <= labels
    assert window.explorer.model.rowCount() == 1


def test_selecting_entity_updates_every_view(window, ui_case, qtbot):
    _, ids = ui_case
    window.selection.select_entity(ids["wang"])
    node = window.graph.nodes[f"e:{ids['wang']}"]
    assert node.isSelected()
    accounts = {r["holder_account"] for r in window.transactions.model.rows} | \
               {r["cp_account"] for r in window.transactions.model.rows}
    assert "6222021234567890" in accounts
    assert window.transactions.model.total == 5  # own rows + the two counterparties' rows
    emphasised = [i for i in window.reader._mention_items if i.pen().widthF() > 2]
    assert emphasised and all(i.mention["entity_id"] == ids["wang"] for i in emphasised)
    qtbot.waitUntil(lambda: any(e["id"] == ids["wang"] for e, _ in window.timeline.canvas.rows), timeout=5000)


def test_clicking_graph_node_selects_entity(window, ui_case):
    _, ids = ui_case
    window.graph.nodes[f"e:{ids['li']}"].setSelected(True)
    assert window.selection.entity_id == ids["li"]


def test_time_window_filters_transactions_and_graph(window, ui_case):
    _, ids = ui_case
    window.transactions.follow.setChecked(False)
    window.selection.set_time_window("2021-03-05T10:30:00", "2021-03-05T23:00:00")
    times = [r["time"] for r in window.transactions.model.rows]
    assert times and all("2021-03-05T10:30" <= t <= "2021-03-05T23" for t in times)
    visible = [e for e in window.graph.edges if e.kind == "transfer" and e.isVisible()]
    hidden = [e for e in window.graph.edges if e.kind == "transfer" and not e.isVisible()]
    assert visible and hidden
    window.selection.set_time_window(None, None)  # every link between shown nodes is back
    assert all(e.isVisible() for e in window.graph.edges if e.src.isVisible() and e.dst.isVisible())


def test_alert_opens_chain_on_graph_timeline_and_table(window, ui_case, qtbot):
    _, ids = ui_case
    items = window.alerts.alert_items()
    assert len(items) == 1
    window.alerts._open(items[0])
    assert sorted(r["id"] for r in window.transactions.model.rows) == sorted(
        ids[k] for k in ("tx0", "tx1", "tx6", "tx7"))
    assert any(n.marked for n in window.graph.nodes.values())
    assert ids["wang"] in window.selection.themes


def test_search_hit_opens_page_highlighted(window, ui_case):
    _, ids = ui_case
    window.search.query.setText("李强")
    window.search.run()
    assert window.search.results.count() == 3
    window.search._open(window.search.results.item(0))
    hits = [i for i in window.reader._overlay_items if i.brush().color().alpha() == 120]
    assert hits


def test_fact_opens_source_page_with_region(window, ui_case):
    _, ids = ui_case
    window.selection.open_page(ids["page1"], PageFocus(regions=((50.0, 86.0, 420.0, 100.0),)))
    assert window.reader.page.id == ids["page1"]
    assert any(i.pen().widthF() == 2.5 for i in window.reader._overlay_items)
    flagged = [i for i in window.reader._overlay_items if "balance break" in (i.toolTip() or "")]
    assert flagged


def test_text_selection_copies_words(window):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QGuiApplication

    text = window.reader.canvas.select_words_in(QRectF(50, 60, 500, 30))
    assert "张伟" in text
    window.reader.copy_selection()
    assert QGuiApplication.clipboard().text() == text


def test_language_switch_translates_docks(window, qtbot):
    window.set_language("zh_CN")
    try:
        qtbot.waitUntil(lambda: window.docks["graph"].windowTitle() == "关系图", timeout=3000)
        assert window.menuBar().actions()[0].text() == "文件(&F)"
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: window.docks["graph"].windowTitle() == "Graph", timeout=3000)
    assert i18n.current_language() == "en"


def test_layout_and_recent_cases_remembered(window, ui_case, qtbot):
    from app.ui.app import settings

    window.docks["alerts"].hide()
    window.close()
    s = settings()
    assert s.value("state") is not None
    recent = s.value("recent")
    assert str(ui_case[0].resolve()) in (recent if isinstance(recent, list) else [recent])


def test_window_keeps_its_size_and_no_stray_tab_bars(window, qtbot):
    from PySide6.QtWidgets import QTabBar

    window.resize(1280, 800)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() < 1000  # panel toolbars overflow instead of widening the window
    assert window.reader.width() > window.graph.width() * 0.8
    window.hide_stale_tab_bars()
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            assert all(bar.tabText(i) for i in range(bar.count()))


def test_reread_statements_needs_scanned_statement_pages(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[-1]))
    monkeypatch.setattr(window, "confirm", lambda question: pytest.fail("nothing to re-read: no question"))
    assert window.reread_statements_dialog() is False  # the fixture case is born-digital
    assert shown and "no scanned bank statement pages" in shown[0]
    assert not window.importer.running
