"""#23 first screen: the case summary lists the suspects; an alert opens its evidence; stale alerts say so and
Run analysis brings them back; the entity list opens with suspects first."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import QUrl


def _summary_ready(window, qtbot):
    qtbot.waitUntil(lambda: window.summary.summary is not None, timeout=10_000)
    return window.summary.summary


def test_first_screen_lists_the_suspects(window, ui_case, qtbot):
    _, ids = ui_case
    summary = _summary_ready(window, qtbot)
    assert window.centre.currentWidget() is window.summary
    first = summary.suspects[0]
    assert first.entity_id == ids["zhang"] and first.role == "suspect" and first.chosen_by == "role"
    assert [a.label for a in first.accounts] == ["中国建设银行 · 7891"]
    assert (first.money_in, first.money_out) == (50_000.0, 42_000.0)
    assert [c.name for c in first.counterparties] == ["赵敏", "王芳", "深圳市鑫源贸易有限公司"]
    assert {r.page_id for r in first.pages} == {ids["page0"], ids["page1"], ids["page2"]}
    assert "张伟" in window.summary.browser.toPlainText() and "7891" in window.summary.browser.toPlainText()
    window.summary.open_link(QUrl(f"entity:{ids['zhang']}"))
    assert window.selection.entity_id == ids["zhang"]
    window.summary.open_link(QUrl(f"page:{ids['page2']}:{ids['zhang']}"))
    assert window.reader.page.id == ids["page2"] and window.centre.currentWidget() is window.reader
    assert window.reader.focus.regions  # the name is outlined on the page


def test_summary_money_leaves_out_closed_and_refunded_rows(window, ui_case, qtbot):
    case, ids = ui_case
    conn = sqlite3.connect(case)
    conn.execute("INSERT INTO transactions (holder_account, holder_name, time, amount, cp_name, cp_account, flags)"
                 " VALUES ('6217001234567891', '张伟', '2021-04-02T08:00:00', -7777, '某商户', NULL, '[\"closed\"]')")
    conn.commit()
    conn.close()
    window.selection.notify_data_changed()
    qtbot.waitUntil(lambda: window.summary.summary is not None and window.summary.summary.transactions == 9,
                    timeout=10_000)
    assert window.summary.summary.suspects[0].money_out == 42_000.0


def test_clicking_an_alert_opens_its_evidence_row_and_all_its_rows(window, ui_case, qtbot):
    _, ids = ui_case
    window.selection.open_page(ids["page3"])
    window.transactions.min_amount.setValue(40_000)  # an earlier filter must not hide the alert's rows
    window.transactions.apply_filters()
    items = window.alerts.alert_items()
    window.docks["import"].raise_()
    window.alerts.list.setCurrentItem(items[0])
    window.alerts._open(items[0])
    assert window.reader.page.id == ids["page1"]  # the first evidence row's page, in one click
    assert not window.docks["transactions"].visibleRegion().isEmpty()  # the ledger in front of the import tab
    assert len(window.reader.focus.regions) == 2  # tx0 and tx1 on that page, outlined
    assert window.transactions.model.total == 4
    assert sorted(r["id"] for r in window.transactions.model.rows) == sorted(ids[k] for k in ("tx0", "tx1", "tx6", "tx7"))


def test_alert_of_311_rows_lists_311_rows(window, ui_case, qtbot):
    case, ids = ui_case
    conn = sqlite3.connect(case)
    tx = [conn.execute("INSERT INTO transactions (holder_account, holder_name, time, amount, cp_name, cp_account)"
                       " VALUES ('6228480012345678', '李强', ?, -100, '蚂蚁', '6222600000000009')",
                       (f"2021-05-01T{i // 60:02d}:{i % 60:02d}:00",)).lastrowid for i in range(311)]
    conn.execute("INSERT INTO alerts (rule, accounts, persons, amount, start, end, transactions, explanation)"
                 " VALUES ('ant_moving', '[\"6228480012345678\"]', '[\"李强\"]', 31100, '2021-05-01T00:00:00',"
                 " '2021-05-01T05:10:00', ?, '蚂蚁搬家')", (json.dumps(tx),))
    conn.commit()
    conn.close()
    window.selection.notify_data_changed()
    ant = next(i for i in window.alerts.alert_items() if window.alerts.alerts[i.data(0, 257)].rule == "ant_moving")
    window.alerts._open(ant)
    assert window.transactions.model.total == 311
    assert "311" in window.transactions.count.text()


def test_stale_alerts_banner_and_run_analysis_make_alerts(window, ui_case, qtbot):
    case, _ = ui_case
    conn = sqlite3.connect(case)
    conn.execute("DELETE FROM alerts")
    conn.executemany("INSERT INTO transactions (holder_account, holder_name, time, amount, cp_name, cp_account)"
                     " VALUES ('6230000000000001', '孙七', ?, ?, ?, ?)",
                     [("2021-06-01T10:00:00", 100_000, "周八", "6230000000000002"),
                      ("2021-06-01T10:10:00", -96_000, "吴九", "6230000000000003")])
    conn.commit()
    conn.close()
    window.selection.notify_data_changed()
    panel = window.alerts
    assert panel.state == "never" and panel.banner.isVisibleTo(panel) and not panel.alert_items()
    assert panel.banner_text.text() and panel.run_btn.isEnabled()
    panel.run_btn.click()
    assert panel.running and not panel.run_btn.isEnabled()  # the window keeps running; the job is in the pool
    assert panel.progress_row.isVisibleTo(panel) and panel.cancel_btn.isEnabled()
    qtbot.waitUntil(lambda: not panel.running and bool(panel.alert_items()), timeout=20_000)
    assert panel.state == "fresh" and not panel.banner.isVisibleTo(panel) and not panel.progress_row.isVisibleTo(panel)
    assert any(a.rule == "fast_in_fast_out" for a in panel.alerts.values())


def test_entity_list_opens_with_suspects_first(window, ui_case):
    _, ids = ui_case
    first = window.entities.proxy.index(0, 0).data(257)
    assert first == ids["zhang"]
    names = [window.entities.proxy.index(r, 0).data() for r in range(window.entities.proxy.rowCount())]
    assert names.index("王芳") < names.index("6222021234567890")  # people with roles before accounts
