"""analyze() and import_transactions(): edges in, alerts stored with their rows, audit written."""

from __future__ import annotations

import json

from app.services.analysis import analyze, import_transactions
from app.store.audit import verify_chain
from app.store.db import open_case


def test_import_then_analyze_stores_alerts(case_path, tmp_path):
    csv = tmp_path / "edges.csv"
    csv.write_text("from,to,amt,when\nS,A,300000,2021-03-05 10:00:00\nA,B,295000,2021-03-05 10:25:00\n"
                   "A,B,oops,2021-03-05 10:26:00\n", encoding="utf-8")
    report = import_transactions(case_path, csv, {"src": "from", "dst": "to", "amount": "amt", "time": "when"})
    assert report == {"edges": 2, "rows": 4, "rejected": 1}
    alerts = analyze(case_path, ["fast_in_fast_out"])
    assert len(alerts) == 1
    conn = open_case(case_path)
    stored = conn.execute("SELECT rule, accounts, transactions FROM alerts").fetchall()
    assert len(stored) == 1 and json.loads(stored[0]["accounts"])[:3] == ["S", "A", "B"]
    assert len(json.loads(stored[0]["transactions"])) == 2
    assert conn.execute("SELECT count(*) FROM rejected_rows").fetchone()[0] == 1
    assert verify_chain(conn) == []
    conn.close()


def test_import_amlsim_steps_become_days(case_path, tmp_path):
    csv = tmp_path / "tx.csv"
    csv.write_text("sourceNodeId,targetNodeId,value,time\n1,2,10.5,3\n", encoding="utf-8")
    import_transactions(case_path, csv, {"src": "sourceNodeId", "dst": "targetNodeId", "amount": "value",
                                         "time": "time"})
    conn = open_case(case_path)
    assert {r[0] for r in conn.execute("SELECT time FROM transactions")} == {"1970-01-04T00:00:00"}
    conn.close()


def test_analyze_stores_relay_alert_with_score(case_path, tmp_path):
    csv = tmp_path / "relay.csv"
    csv.write_text("src,dst,amount,time\nA,B,13731.37,2021-03-05 10:00:00\nB,C,13731.37,2021-03-01 10:00:00\n"
                   "C,D,13731.37,2021-03-09 10:00:00\n", encoding="utf-8")
    import_transactions(case_path, csv, {"src": "src", "dst": "dst", "amount": "amount", "time": "time"})
    alerts = analyze(case_path, ["identical_amount_relay"])
    assert len(alerts) == 1
    conn = open_case(case_path)
    (accounts, params), = conn.execute("SELECT accounts, params FROM alerts").fetchall()
    assert set(json.loads(accounts)) == {"A", "B", "C", "D"} and json.loads(params)["score"] > 0
    conn.close()


def _edges(case_path, tmp_path, text: str, name: str = "e.csv") -> None:
    csv = tmp_path / name
    csv.write_text("src,dst,amount,time\n" + text, encoding="utf-8")
    import_transactions(case_path, csv, {"src": "src", "dst": "dst", "amount": "amount", "time": "time"})


def test_analysis_is_the_last_import_stage():
    from app.services.stages import ORDER, runners

    assert ORDER[-1] == "analyze" and runners()[-1][0] == "analyze"


def test_stage_analyze_reruns_only_when_the_ledger_changed(case_path, tmp_path, monkeypatch):
    from app.services.analysis import alerts_stale
    from app.services.case import open_writer
    from app.services.stages import analyze as stage_analyze

    _edges(case_path, tmp_path, "S,A,300000,2021-03-05 10:00:00\nA,B,295000,2021-03-05 10:25:00\n")
    assert alerts_stale(case_path)
    conn = open_writer(case_path)
    assert stage_analyze.run(conn, case=case_path) == []
    conn.close()
    assert not alerts_stale(case_path)
    conn = open_case(case_path)
    assert [r[0] for r in conn.execute("SELECT rule FROM alerts")].count("fast_in_fast_out") == 1
    conn.close()
    calls = []
    monkeypatch.setattr(stage_analyze, "analyze_connection", lambda *a, **k: calls.append(a))
    conn = open_writer(case_path)
    stage_analyze.run(conn, case=case_path)
    conn.close()
    assert calls == []  # nothing changed: not rerun
    _edges(case_path, tmp_path, "B,C,1000,2021-03-06 10:00:00\n", "more.csv")
    assert alerts_stale(case_path)
    conn = open_writer(case_path)
    stage_analyze.run(conn, case=case_path)
    conn.close()
    assert len(calls) == 1


def test_analyze_with_chosen_rules_leaves_the_alerts_stale(case_path, tmp_path):
    from app.services.analysis import alerts_stale

    _edges(case_path, tmp_path, "S,A,300000,2021-03-05 10:00:00\n")
    analyze(case_path, ["cycles"])
    assert alerts_stale(case_path)  # only one rule ran: the default alerts are still to compute
    analyze(case_path)
    assert not alerts_stale(case_path)


def test_failing_rule_is_recorded_and_the_other_alerts_stored(case_path, tmp_path, monkeypatch):
    from app.analysis.rules import RULES
    from app.cli.main import main

    def broken(ledger, p):
        raise ValueError("boom")

    monkeypatch.setitem(RULES, "cycles", (broken, RULES["cycles"][1]))
    _edges(case_path, tmp_path, "S,A,300000,2021-03-05 10:00:00\nA,B,295000,2021-03-05 10:25:00\n")
    issues: list = []
    alerts = analyze(case_path, issues=issues)
    assert [i.code for i in issues] == ["E025"] and any(a.rule == "fast_in_fast_out" for a in alerts)
    conn = open_case(case_path)
    assert conn.execute("SELECT count(*) FROM issues WHERE code = 'E025'").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM alerts").fetchone()[0] == len(alerts)
    conn.close()
    assert main(["analyze", "--case", str(case_path), "--format", "table"]) == 1
