"""Append-only, hash-chained audit log: imports, exports, edits. Tampering breaks the chain."""

from __future__ import annotations

import getpass
import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some sandboxes/services
        return "unknown"


def _digest(prev_hash: str, ts: str, actor: str, action: str, details: str) -> str:
    payload = "\x1f".join([prev_hash, ts, actor, action, details])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(conn: sqlite3.Connection, action: str, details: dict[str, Any], actor: str | None = None) -> str:
    """Add an entry chained to the previous one; caller may hold a transaction."""
    actor = actor or _actor()
    ts = datetime.now(UTC).isoformat(timespec="milliseconds")
    body = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    digest = _digest(prev, ts, actor, action, body)
    conn.execute("INSERT INTO audit_log (ts, actor, action, details, prev_hash, hash) VALUES (?,?,?,?,?,?)",
                 (ts, actor, action, body, prev, digest))
    return digest


def verify_chain(conn: sqlite3.Connection) -> list[str]:
    """Problems found in the chain (empty when intact)."""
    problems = []
    prev = GENESIS
    for row in conn.execute("SELECT id, ts, actor, action, details, prev_hash, hash FROM audit_log ORDER BY id"):
        entry_id, ts, actor, action, details, prev_hash, digest = row
        if prev_hash != prev:
            problems.append(f"entry {entry_id}: previous hash does not match entry before it")
        if _digest(prev_hash, ts, actor, action, details) != digest:
            problems.append(f"entry {entry_id}: content does not match its hash")
        prev = digest
    return problems


def entry_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
