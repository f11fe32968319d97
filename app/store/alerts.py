"""The case's money-flow alerts, and the digest of the transactions they were computed from."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from app.core.models import Alert

# What the money-flow rules read (the ledger is built from these rows): a change to any of it makes alerts stale.
LEDGER_SQL = ("SELECT id, holder_account, holder_name, time, amount, cp_name, cp_account, channel, memo"
              " FROM transactions ORDER BY id")
DIGEST_KEY = "alerts_ledger_digest"


def ledger_rows(conn: sqlite3.Connection, not_moved: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The transactions as the ledger reads them (app.analysis.ledger.from_rows), less the rows flagged with
    any of `not_moved` (a closed or wholly refunded order stays in the ledger but moved no money)."""
    cur = conn.execute(LEDGER_SQL.replace(" FROM transactions", ", flags FROM transactions"))
    cols = [d[0] for d in cur.description]
    out = []
    for r in cur:
        row = dict(zip(cols, r, strict=True))
        flags = row.pop("flags") or "[]"
        if not_moved and any(f'"{flag}"' in flags for flag in not_moved) and set(json.loads(flags)) & not_moved:
            continue
        out.append(row)
    return out


def ledger_digest(rows: list[dict[str, Any]], version: str) -> str:
    """A digest of every transaction column the rules read, with the rules' version."""
    digest = hashlib.blake2b(version.encode(), digest_size=16)
    for row in rows:
        digest.update(repr(tuple(row.values())).encode())
    return digest.hexdigest()


def stored_digest(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (DIGEST_KEY,)).fetchone()
    return row[0] if row is not None else None


def set_digest(conn: sqlite3.Connection, digest: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (DIGEST_KEY, digest))


def replace_alerts(conn: sqlite3.Connection, alerts: list[Alert], rules: list[str] | None = None) -> None:
    """Delete the alerts of `rules` (all when None) and insert `alerts`; the caller holds the transaction."""
    marks = ",".join("?" * len(rules or []))
    conn.execute("DELETE FROM alerts" + (f" WHERE rule IN ({marks})" if rules else ""), rules or [])
    conn.executemany(
        "INSERT INTO alerts (rule, accounts, persons, amount, start, end, transactions, explanation, params)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(a.rule, json.dumps(a.accounts, ensure_ascii=False), json.dumps(a.persons, ensure_ascii=False),
          a.amount, a.start, a.end, json.dumps(a.transactions),
          a.explanation, json.dumps(a.params, ensure_ascii=False, default=str)) for a in alerts])
