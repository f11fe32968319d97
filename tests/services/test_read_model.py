"""The read model (app.services.views.model): typed facts for a selection and a time window, read by the window's
views and by the exports alike."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from fixture_case import build_fixture_case  # noqa: E402

from app.services.case import open_reader  # noqa: E402
from app.services.export_data import gather  # noqa: E402
from app.services.views import CaseView  # noqa: E402
from app.services.views import facts as views_facts  # noqa: E402
from app.services.views.alerts import alert_records  # noqa: E402
from app.services.views.model import (  # noqa: E402
    AlertFact,
    EntityFact,
    Selection,
    TransactionFact,
    case_facts,
)


def test_facts_are_typed_cited_and_narrowed_to_the_window(tmp_path):
    case = tmp_path / "c.case"
    build_fixture_case(case, tmp_path)
    conn = open_reader(case)
    everything = case_facts(conn)
    assert everything.transactions and all(isinstance(t, TransactionFact) for t in everything.transactions)
    assert all(isinstance(e, EntityFact) for e in everything.entities.values())
    times = [t.time for t in everything.transactions]
    assert times == sorted(times)
    assert {t.page for t in everything.transactions} == {None, 2}  # rows read from page 2 cite it; typed-in rows do not
    first, last = times[0][:10], times[-1][:10]
    assert first < last, "the fixture spans more than one day"
    window = case_facts(conn, Selection(start=first, end=first))
    assert window.transactions and len(window.transactions) < len(everything.transactions)
    assert all(t.time.startswith(first) for t in window.transactions)
    assert all(e.time is None or e.time[:10] == first for e in window.events)
    assert set(window.entities) == set(everything.entities)  # entities are narrowed by the caller, not the window


def test_one_alert_ranking_for_the_window_and_the_report(tmp_path):
    case = tmp_path / "c.case"
    build_fixture_case(case, tmp_path)
    raw = sqlite3.connect(case)
    raw.execute("INSERT INTO alerts (rule, accounts, persons, amount, transactions, explanation, params)"
                " VALUES ('same_name_transfers', '[]', '[]', 1e9, '[]', 'own', ?)",
                (json.dumps({"demoted": "own_accounts"}),))
    raw.execute("INSERT INTO alerts (rule, accounts, persons, amount, transactions, explanation, params)"
                " VALUES ('rapid_in_out', '[]', '[]', 1.0, '[]', 'small', '{}')")
    raw.commit()
    raw.close()
    conn = open_reader(case)
    facts = case_facts(conn).alerts
    assert all(isinstance(a, AlertFact) for a in facts)
    assert facts[-1].demoted and facts[-1].amount == 1e9  # biggest of all, yet last: about a holder's own accounts
    amounts = [a.amount for a in facts if not a.demoted]
    assert amounts == sorted(amounts, reverse=True)
    ids = [a.id for a in facts]
    view = CaseView(case)
    try:
        assert [a["id"] for a in views_facts.alerts(view)] == ids
        assert [r.id for r in alert_records(view)] == ids
    finally:
        view.close()
    assert [a["id"] for a in gather(conn, case)["alerts"]] == ids
