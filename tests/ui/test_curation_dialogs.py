"""Curation from the GUI goes through app.services.curation and is recorded in the case."""

from __future__ import annotations

import sqlite3


def test_rename_entity_persisted(window, ui_case, qtbot, monkeypatch):
    case, ids = ui_case
    curator = window.curator
    monkeypatch.setattr(curator, "ask_name", lambda current: "张伟（主犯）")
    with qtbot.waitSignal(curator.finished, timeout=60_000) as done:
        curator.rename(ids["zhang"])
    conn = sqlite3.connect(case)
    rows = conn.execute("SELECT action, payload FROM curation").fetchall()
    conn.close()
    assert rows and rows[0][0] == "rename" and "张伟（主犯）" in rows[0][1]
    assert done.args[0] in (True, False)


def test_reject_mention_needs_confirmation(window, ui_case, monkeypatch):
    case, ids = ui_case
    monkeypatch.setattr(window.curator, "confirm", lambda question: False)
    window.curator.reject_mention(1, "张伟")
    conn = sqlite3.connect(case)
    assert conn.execute("SELECT count(*) FROM curation").fetchone()[0] == 0
    conn.close()
