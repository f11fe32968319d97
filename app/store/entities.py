"""Entities and what hangs on them: entity_mentions, relations and events, as resolution writes them."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

# What resolution reads (pages, mentions, transactions and the officers' curation): a digest of these rows
# decides whether resolution has anything to do. Counts and highest ids were not enough: a page read again gets
# new mention and transaction rows that can reuse the old ids.
RESOLUTION_INPUTS = {
    "pages": "SELECT id, document_id, number, page_type, text FROM pages ORDER BY id",
    "mentions": "SELECT id, page_id, start, end, label, text, value, role, confidence FROM mentions ORDER BY id",
    "transactions": "SELECT id, holder_account, time, amount, holder_name, cp_account, cp_name, page_id, document_id"
                    " FROM transactions ORDER BY id",
    "curation": "SELECT id, action, payload FROM curation ORDER BY id",
}


def resolution_input_digest(conn: sqlite3.Connection, version: str) -> str:
    """A digest of every row resolution reads, seeded with its version (0.3 s for a 1,300-page case with 37,000
    mentions)."""
    digest = hashlib.blake2b(version.encode(), digest_size=16)
    for table, sql in RESOLUTION_INPUTS.items():
        digest.update(table.encode())
        for row in conn.execute(sql):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def clear_resolution(conn: sqlite3.Connection) -> None:
    """Delete every event, relation, entity link and entity (before a resolution run writes its own)."""
    for table in ("events", "relations", "entity_mentions", "entities"):
        conn.execute(f"DELETE FROM {table}")


def add_entity(conn: sqlite3.Connection, kind: str, name: str, attrs: dict[str, Any], resolver: str) -> int:
    cur = conn.execute("INSERT INTO entities (kind, name, attrs, resolver) VALUES (?,?,?,?)",
                       (kind, name, json.dumps(attrs, ensure_ascii=False), resolver))
    assert cur.lastrowid is not None  # set by every INSERT
    return cur.lastrowid


def add_entity_mentions(conn: sqlite3.Connection, rows: list[tuple[int, int, float, list[str]]]) -> None:
    """(entity id, mention id, score, reasons) links."""
    conn.executemany("INSERT INTO entity_mentions (entity_id, mention_id, score, reasons) VALUES (?,?,?,?)",
                     [(eid, mid, score, json.dumps(reasons, ensure_ascii=False)) for eid, mid, score, reasons in rows])


def add_relations(conn: sqlite3.Connection, rows: list[tuple[str, int, int, dict[str, Any], list[Any]]]) -> None:
    """(kind, source entity id, destination entity id, attrs, evidence) relations."""
    conn.executemany("INSERT INTO relations (kind, src_entity, dst_entity, attrs, evidence) VALUES (?,?,?,?,?)",
                     [(kind, src, dst, json.dumps(attrs, ensure_ascii=False), json.dumps(evidence, ensure_ascii=False))
                      for kind, src, dst, attrs, evidence in rows])


def add_events(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """(time, precision, kind, entity ids, page id, transaction id, text) events."""
    conn.executemany("INSERT INTO events (time, precision, kind, entities, page_id, transaction_id, text)"
                     " VALUES (?,?,?,?,?,?,?)",
                     [(time, precision, kind, json.dumps(entities), page_id, transaction_id, text)
                      for time, precision, kind, entities, page_id, transaction_id, text in rows])


def entity_kind(conn: sqlite3.Connection, entity_id: int) -> str | None:
    row = conn.execute("SELECT kind FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return row[0] if row is not None else None


def entity_attrs(conn: sqlite3.Connection, entity_id: int) -> dict[str, Any] | None:
    """The entity's attributes, None when there is no such entity."""
    row = conn.execute("SELECT attrs FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return json.loads(row["attrs"] or "{}") if row is not None else None


def entity_mention_spans(conn: sqlite3.Connection, entity_id: int, limit: int) -> list[sqlite3.Row]:
    """page_id, start, end and label of the entity's first `limit` mentions (by mention id)."""
    return conn.execute("SELECT m.page_id, m.start, m.end, m.label FROM entity_mentions em"
                        " JOIN mentions m ON m.id = em.mention_id WHERE em.entity_id = ? ORDER BY m.id LIMIT ?",
                        (entity_id, limit)).fetchall()


def entity_mention_ids(conn: sqlite3.Connection, entity_id: int) -> set[int]:
    return {r[0] for r in conn.execute("SELECT mention_id FROM entity_mentions WHERE entity_id = ?", (entity_id,))}
