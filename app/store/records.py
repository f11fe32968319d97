"""Reads for record comparison: the pages of 笔录 with their mentions, and the papers that date the case."""

from __future__ import annotations

import sqlite3

RECORD_TYPES = ("interrogation", "inquiry", "interview")
# Papers whose dates bound the records: registration (受案/立案) and release (释放).
TIMELINE_TITLES = ("受案登记表", "立案决定书", "释放证明书", "释放通知书")


def record_pages(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Pages typed as records, or whose first lines carry a record title, in dossier order."""
    marks = ",".join("?" * len(RECORD_TYPES))
    return conn.execute(
        "SELECT p.id, p.document_id, d.name AS document, p.number, p.text, p.page_type FROM pages p"
        " JOIN documents d ON d.id = p.document_id"
        f" WHERE p.page_type IN ({marks}) OR substr(replace(p.text, ' ', ''), 1, 80) LIKE '%笔录%'"
        " ORDER BY p.document_id, p.number", RECORD_TYPES).fetchall()


def page_mentions(conn: sqlite3.Connection, page_ids: list[int]) -> dict[int, list[tuple[int, int, str, str]]]:
    """Mentions (start, end, label, value) per page."""
    out: dict[int, list[tuple[int, int, str, str]]] = {}
    for i in range(0, len(page_ids), 500):
        chunk = page_ids[i:i + 500]
        rows = conn.execute(
            f"SELECT page_id, start, end, label, COALESCE(value, text) FROM mentions WHERE page_id IN "
            f"({','.join('?' * len(chunk))}) ORDER BY page_id, start", chunk).fetchall()
        for pid, s, e, label, value in rows:
            out.setdefault(pid, []).append((s, e, label, value))
    return out


def timeline_pages(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Pages that may date the case: registration and release papers (title among the first characters)."""
    cond = " OR ".join("instr(substr(replace(text, ' ', ''), 1, 60), ?) > 0" for _ in TIMELINE_TITLES)
    return conn.execute(
        "SELECT p.id, d.name AS document, p.number, p.text FROM pages p JOIN documents d ON d.id = p.document_id"
        f" WHERE {cond} ORDER BY p.document_id, p.number", TIMELINE_TITLES).fetchall()


def person_entity_ids(conn: sqlite3.Connection, names: list[str]) -> dict[str, int]:
    """Resolved person entities by canonical name."""
    out: dict[str, int] = {}
    for i in range(0, len(names), 500):
        chunk = names[i:i + 500]
        rows = conn.execute(f"SELECT name, id FROM entities WHERE kind = 'person' AND name IN "
                            f"({','.join('?' * len(chunk))}) ORDER BY id", chunk).fetchall()
        for name, eid in rows:
            out.setdefault(name, eid)
    return out
