"""Documents and pages as the reader and the reports read them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any


def _dicts(rows: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


def documents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return _dicts(conn.execute("SELECT id, name, kind, page_count, status, path FROM documents ORDER BY id"))


def document_list(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Documents with their hashes (the report's list of sources)."""
    return _dicts(conn.execute("SELECT id, name, kind, page_count, sha256 FROM documents ORDER BY id"))


def pages(conn: sqlite3.Connection, document_id: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT id, document_id, number, page_type, width, height, text_source, status FROM pages"
    if document_id is None:
        return _dicts(conn.execute(sql + " ORDER BY document_id, number"))
    return _dicts(conn.execute(sql + " WHERE document_id = ? ORDER BY number", (document_id,)))


def first_page_id(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT id FROM pages ORDER BY document_id, number LIMIT 1").fetchone()
    return row[0] if row else None


def page_id_at(conn: sqlite3.Connection, document_id: int, number: int) -> int | None:
    row = conn.execute("SELECT id FROM pages WHERE document_id = ? AND number = ?", (document_id, number)).fetchone()
    return row[0] if row else None


def place(conn: sqlite3.Connection, page_id: int) -> sqlite3.Row | None:
    """(document_id, number) of a page, or None."""
    row: sqlite3.Row | None = conn.execute("SELECT document_id, number FROM pages WHERE id = ?", (page_id,)).fetchone()
    return row


def neighbour_page(conn: sqlite3.Connection, page_id: int, step: int) -> int | None:
    """The page `step` pages away in reading order (across documents), or None at either end."""
    row = place(conn, page_id)
    if row is None:
        return None
    op, order = (">", "ASC") if step > 0 else ("<", "DESC")
    found = conn.execute(
        f"SELECT id FROM pages WHERE (document_id, number) {op} (?, ?) ORDER BY document_id {order},"
        f" number {order} LIMIT 1 OFFSET ?", (row[0], row[1], abs(step) - 1)).fetchone()
    return found[0] if found else None


def page_with_words(conn: sqlite3.Connection, page_id: int) -> sqlite3.Row | None:
    """A page's row with its document's name and page count and its stored word boxes (JSON)."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT p.*, d.name AS document_name, d.page_count, w.words FROM pages p"
        " JOIN documents d ON d.id = p.document_id LEFT JOIN page_words w ON w.page_id = p.id"
        " WHERE p.id = ?", (page_id,)).fetchone()
    return row


def page_types(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT page_type FROM pages WHERE page_type IS NOT NULL ORDER BY page_type")]


def page_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM pages").fetchone()[0])


def page_places(conn: sqlite3.Connection) -> dict[int, tuple[str, int]]:
    """Page id -> (document name, page number): what a citation names."""
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT p.id, d.name, p.number FROM pages p JOIN documents d ON d.id = p.document_id")}


def dated_pages(conn: sqlite3.Connection, lo: str, hi: str) -> set[int]:
    """Pages carrying a dated event or a date mention inside [lo, hi]."""
    return {r[0] for r in conn.execute(
        "SELECT page_id FROM events WHERE page_id IS NOT NULL AND time >= ? AND time <= ?"
        " UNION SELECT page_id FROM mentions WHERE label IN ('DATE', 'TIME', 'date', 'time')"
        " AND value >= ? AND value <= ?", (lo, hi, lo, hi))}


def contents_pages(conn: sqlite3.Connection) -> list[tuple[int, int, str]]:
    """(page id, document id, text) of the pages typed as a table of contents, in dossier order."""
    return [(r[0], r[1], r[2] or "") for r in conn.execute(
        "SELECT id, document_id, text FROM pages WHERE page_type = 'contents' ORDER BY document_id, number")]


def case_counts(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(documents, pages, transactions) in the case."""
    row = conn.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM pages),"
                       " (SELECT count(*) FROM transactions)").fetchone()
    return row[0], row[1], row[2]
