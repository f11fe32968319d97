"""The officer's corrections (merge, split, rename, reject a mention): append-only, never touched by a re-run,
each one audit-logged."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from app.store import audit


def add_curation(conn: sqlite3.Connection, action: str, payload: dict[str, Any], author: str) -> int:
    """Record one correction and its audit entry; the caller holds the transaction. Returns its id."""
    cur = conn.execute("INSERT INTO curation (author, action, payload) VALUES (?,?,?)",
                       (author, action, json.dumps(payload, ensure_ascii=False, sort_keys=True)))
    audit.append(conn, f"curation.{action}", payload, actor=author or None)
    assert cur.lastrowid is not None  # set by every INSERT
    return cur.lastrowid


def curation_actions(conn: sqlite3.Connection) -> list[tuple[int, str, dict[str, Any]]]:
    """Every correction as (id, action, payload), in the order the officer made them."""
    return [(r["id"], r["action"], json.loads(r["payload"]))
            for r in conn.execute("SELECT id, action, payload FROM curation ORDER BY id")]
