"""Entities, their mentions and who holds what."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any


def _dicts(rows: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


def page_mentions(conn: sqlite3.Connection, page_id: int) -> list[dict[str, Any]]:
    """Mentions on a page with the entity each belongs to (if resolved); rejected ones left out."""
    return _dicts(conn.execute(
        "SELECT m.id, m.start, m.end, m.x0, m.y0, m.x1, m.y1, m.label, m.text, m.value, m.role,"
        " m.confidence, em.entity_id, e.name AS entity_name, e.kind AS entity_kind FROM mentions m"
        " LEFT JOIN entity_mentions em ON em.mention_id = m.id LEFT JOIN entities e ON e.id = em.entity_id"
        " WHERE m.page_id = ? AND m.label != 'rejected' ORDER BY m.start", (page_id,)))


def entities_counted(conn: sqlite3.Connection, kinds: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Entities (attrs still JSON) with their mention counts, most mentioned first."""
    sql = ("SELECT e.id, e.kind, e.name, e.attrs, count(em.mention_id) AS mentions FROM entities e"
           " LEFT JOIN entity_mentions em ON em.entity_id = e.id")
    args: list[Any] = []
    if kinds:
        sql += f" WHERE e.kind IN ({','.join('?' * len(kinds))})"
        args += list(kinds)
    return _dicts(conn.execute(sql + " GROUP BY e.id ORDER BY mentions DESC, e.name", args))


def mention_roles(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(entity id, role) for every mention of an entity that carries a role."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT em.entity_id, m.role FROM entity_mentions em JOIN mentions m"
        " ON m.id = em.mention_id WHERE m.role IS NOT NULL AND m.role != ''")]


def account_holder_names(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(held entity id, holder's name) for every 'owns' relation."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT r.dst_entity, e.name FROM relations r JOIN entities e ON e.id = r.src_entity WHERE r.kind = 'owns'")]


def owns_pairs(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """(holder entity id, held entity id) for every 'owns' relation."""
    return [(r[0], r[1]) for r in conn.execute("SELECT src_entity, dst_entity FROM relations WHERE kind = 'owns'")]


def entity(conn: sqlite3.Connection, entity_id: int) -> dict[str, Any] | None:
    """One entity with its attrs decoded, or None."""
    row = conn.execute("SELECT id, kind, name, attrs FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["attrs"] = json.loads(out["attrs"] or "{}")
    return out


def entity_mentions(conn: sqlite3.Connection, entity_id: int) -> list[dict[str, Any]]:
    """Where an entity is mentioned: page, span and box, in reading order."""
    return _dicts(conn.execute(
        "SELECT m.id, m.page_id, m.start, m.end, m.x0, m.y0, m.x1, m.y1, m.label, m.text, m.role, p.number,"
        " d.name AS document_name FROM entity_mentions em JOIN mentions m ON m.id = em.mention_id"
        " JOIN pages p ON p.id = m.page_id JOIN documents d ON d.id = p.document_id"
        " WHERE em.entity_id = ? ORDER BY p.document_id, p.number, m.start", (entity_id,)))


def entity_by_name(conn: sqlite3.Connection, text: str) -> int | None:
    row = conn.execute("SELECT id FROM entities WHERE name = ? LIMIT 1", (text,)).fetchone()
    return row[0] if row else None


def account_entities(conn: sqlite3.Connection) -> list[tuple[int, str, dict[str, Any]]]:
    """(id, name, attrs) of every account entity, in id order."""
    return [(r[0], r[1], json.loads(r[2] or "{}"))
            for r in conn.execute("SELECT id, name, attrs FROM entities WHERE kind = 'account'")]


def named_counterparty_parties(conn: sqlite3.Connection) -> list[tuple[int, dict[str, Any]]]:
    """(id, attrs) of the people and organisations that stand for counterparties named without an account."""
    return [(r[0], json.loads(r[1] or "{}")) for r in conn.execute(
        "SELECT id, attrs FROM entities WHERE kind IN ('person', 'organisation')"
        " AND attrs LIKE '%counterparty_names%'")]


def owned_account_names(conn: sqlite3.Connection, entity_id: int) -> list[str]:
    """Names (numbers) of the account entities an entity owns."""
    return [r[0] for r in conn.execute("SELECT e.name FROM relations r JOIN entities e ON e.id = r.dst_entity"
                                       " WHERE r.kind = 'owns' AND r.src_entity = ? AND e.kind = 'account'",
                                       (entity_id,))]


def most_mentioned(conn: sqlite3.Connection, kinds: Sequence[str], n: int) -> list[int]:
    """Ids of the `n` entities of `kinds` mentioned most (ties by id)."""
    rows = conn.execute(
        "SELECT e.id FROM entities e LEFT JOIN entity_mentions em ON em.entity_id = e.id"
        f" WHERE e.kind IN ({','.join('?' * len(kinds))}) GROUP BY e.id"
        " ORDER BY count(em.mention_id) DESC, e.id LIMIT ?", (*kinds, n))
    return [r[0] for r in rows]


def all_entities(conn: sqlite3.Connection) -> list[tuple[int, str, str, dict[str, Any]]]:
    """(id, kind, name, attrs) of every entity, by kind, name and id."""
    return [(r[0], r[1], r[2], json.loads(r[3] or "{}"))
            for r in conn.execute("SELECT id, kind, name, attrs FROM entities ORDER BY kind, name, id")]


def mention_citations(conn: sqlite3.Connection) -> list[tuple[int, str | None, str, int]]:
    """(entity id, role, document name, page number) for every mention of an entity."""
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(
        "SELECT em.entity_id, m.role, d.name AS doc, p.number FROM entity_mentions em"
        " JOIN mentions m ON m.id = em.mention_id JOIN pages p ON p.id = m.page_id"
        " JOIN documents d ON d.id = p.document_id")]


def entity_listing(conn: sqlite3.Connection, kind: str | None = None) -> list[dict[str, Any]]:
    """Entities (of `kind` when given) with their mentions and page references (document name, page number)."""
    where, args = ("WHERE e.kind = ?", (kind,)) if kind else ("", ())
    ents = [dict(r) for r in conn.execute(f"SELECT e.id, e.kind, e.name, e.attrs FROM entities e {where}"
                                          " ORDER BY e.kind, e.name", args)]
    rows = conn.execute("SELECT em.entity_id, em.score, em.reasons, m.id, m.text, m.label, m.role, p.number,"
                        " d.name AS doc FROM entity_mentions em JOIN mentions m ON m.id = em.mention_id"
                        " JOIN pages p ON p.id = m.page_id JOIN documents d ON d.id = p.document_id"
                        " ORDER BY d.id, p.number, m.start").fetchall()
    by_entity: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by_entity.setdefault(r["entity_id"], []).append(
            {"mention_id": r["id"], "text": r["text"], "label": r["label"], "role": r["role"],
             "document": r["doc"], "page": r["number"], "score": r["score"], "reasons": json.loads(r["reasons"])})
    for e in ents:
        e["attrs"] = json.loads(e["attrs"] or "{}")
        e["mentions"] = by_entity.get(e["id"], [])
    return ents
