"""Money-flow analysis of a case: load its ledger, run the rules, store alerts; import generic edge lists."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.analysis import ledger as ledger_mod
from app.analysis.rules import run_rules
from app.core.errors import CaseLensError, Issue
from app.core.models import Alert
from app.core.progress import CancelToken, ProgressFn
from app.services.case import open_reader, open_writer
from app.store import alerts as alerts_store
from app.store import audit
from app.store.db import transaction
from app.store.pages import record_issue
from app.store.rejected import add_rejected_row
from app.store.transactions import add_transaction
from nlp.statements.status import NOT_MOVED

EDGE_COLUMNS = ("src", "dst", "amount", "time")
# Bump when a rule's output changes, so every case's alerts are recomputed at its next import.
RULES_VERSION = "2"  # 2: counterparties by name, intermediaries, one unrequested list, own-account alerts demoted


def analyze(case: str | os.PathLike[str], rules: list[str] | None = None,
            params: dict[str, dict[str, Any]] | None = None, issues: list[Issue] | None = None,
            progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> list[Alert]:
    """Run rules over the case's transactions and replace its alerts (an audit entry records what ran).

    A rule that fails is an E025 issue (recorded in the case and appended to `issues`); the others still run.
    Cancelled (checked between rules) leaves the stored alerts as they were.
    """
    conn = open_writer(case, create=False)
    try:
        return analyze_connection(conn, rules, params, issues, progress, cancel)
    finally:
        conn.close()


def analyze_connection(conn: sqlite3.Connection, rules: list[str] | None = None,
                       params: dict[str, dict[str, Any]] | None = None,
                       issues: list[Issue] | None = None, progress: ProgressFn | None = None,
                       cancel: CancelToken | None = None) -> list[Alert]:
    """analyze() on an open writer connection (the import's last stage uses it)."""
    rows = alerts_store.ledger_rows(conn, NOT_MOVED)
    ledger = ledger_mod.from_rows(rows)
    failed: list[Issue] = []
    alerts = run_rules(ledger, rules, params, failed, progress, cancel) if len(ledger) else []
    with transaction(conn):
        alerts_store.replace_alerts(conn, alerts, rules)
        if not rules and not params:  # the default run: these alerts are the case's, computed from this ledger
            alerts_store.set_digest(conn, alerts_store.ledger_digest(rows, RULES_VERSION))
        for issue in failed:
            record_issue(conn, issue)
        audit.append(conn, "analyze", {"rules": rules or "all", "params": params or {}, "alerts": len(alerts),
                                       "transactions": len(ledger), "failed": [i.message for i in failed]})
    if issues is not None:
        issues.extend(failed)
    return alerts


def alerts_stale(case: str | os.PathLike[str]) -> bool:
    """True when the case's transactions (or the rules) changed since its alerts were last computed with defaults:
    the window offers to run the analysis again."""
    conn = open_reader(case)
    try:
        return alerts_stale_connection(conn)
    finally:
        conn.close()


def alerts_stale_connection(conn: sqlite3.Connection) -> bool:
    stored = alerts_store.stored_digest(conn)
    rows = alerts_store.ledger_rows(conn, NOT_MOVED)
    if stored is None:
        return bool(rows)
    return stored != alerts_store.ledger_digest(rows, RULES_VERSION)


def _time_value(raw: str | None) -> str:
    """AMLSim-style integer steps become days after 1970-01-01 (one step = one day); timestamps pass through."""
    value = (raw or "").strip()
    if value.lstrip("-").isdigit():
        return ledger_mod.iso(int(value) * ledger_mod.DAY)
    return value.replace("/", "-")


def import_transactions(case: str | os.PathLike[str], csv_path: str | os.PathLike[str],
                        columns: dict[str, str]) -> dict:
    """Load an edge-list CSV: each edge an out row on src's ledger and an in row on dst's; bad rows are kept aside."""
    missing = [c for c in EDGE_COLUMNS if c not in columns]
    if missing:
        raise CaseLensError("E017", f"--columns needs {', '.join(missing)}")
    path = Path(csv_path)
    try:
        records = ledger_mod.read_edge_csv(path, columns)
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseLensError("E012", str(exc), path=str(path)) from exc
    rows, rejected = [], []
    for i, rec in enumerate(records, start=1):
        try:
            amount = abs(float(str(rec["amount"]).replace(",", "")))
            when = _time_value(rec["time"])
            ledger_mod.parse_times([when])
            if not rec["src"] or not rec["dst"] or when == "":
                raise ValueError("empty account or time")
        except (TypeError, ValueError) as exc:
            rejected.append((i, rec, str(exc)))
            continue
        serial = f"{path.name}:{i}"
        for holder, hname, cp, cname, sign in ((rec["src"], rec.get("src_name"), rec["dst"], rec.get("dst_name"), -1),
                                                (rec["dst"], rec.get("dst_name"), rec["src"], rec.get("src_name"), 1)):
            rows.append({"holder_account": holder, "holder_name": hname, "time": when, "amount": sign * amount,
                         "cp_name": cname, "cp_account": cp, "serial": serial, "source": f"edges:{path.name}",
                         "extractor": "import_transactions", "version": "1"})
    conn = open_writer(case)
    try:
        with transaction(conn):
            for row in rows:
                add_transaction(conn, row)
            for i, rec, why in rejected:
                add_rejected_row(conn, why, i, json.dumps(rec, ensure_ascii=False))
            audit.append(conn, "import_transactions", {"file": str(path), "edges": len(records) - len(rejected),
                                                       "rejected": len(rejected), "columns": columns})
    finally:
        conn.close()
    return {"edges": len(records) - len(rejected), "rows": len(rows), "rejected": len(rejected)}


def alert_dicts(alerts: list[Alert]) -> list[dict]:
    return [{k: v for k, v in asdict(a).items() if k != "params"} for a in alerts]
