"""The stored alerts as the window and the reports list them."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def alerts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every alert, biggest amount first (ties by id), its lists and params decoded."""
    rows = [dict(r) for r in conn.execute("SELECT * FROM alerts ORDER BY amount DESC, id")]
    for r in rows:
        for key in ("accounts", "persons", "transactions"):
            r[key] = json.loads(r[key] or "[]")
        r["params"] = json.loads(r["params"] or "{}")
    return rows


def alert_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM alerts").fetchone()[0])


def transaction_total(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM transactions").fetchone()[0])
