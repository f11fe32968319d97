"""Documents of the case: one row per imported file (hash, where it was found, kind, status)."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from app.core.models import DocumentInfo


def find_document(conn: sqlite3.Connection, sha256: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return row


def add_document(conn: sqlite3.Connection, info: DocumentInfo) -> int:
    cur = conn.execute(
        "INSERT INTO documents (sha256, path, path_raw, name, size, page_count, kind, status)"
        " VALUES (?,?,?,?,?,?,?,'importing')",
        (info.sha256, info.path, info.path_raw, info.name, info.size, info.page_count, info.kind),
    )
    assert cur.lastrowid is not None  # set by every INSERT
    return cur.lastrowid


def set_document_status(conn: sqlite3.Connection, document_id: int, status: str, error: str | None = None) -> None:
    conn.execute("UPDATE documents SET status = ?, error = ? WHERE id = ?", (status, error, document_id))


def document_source(conn: sqlite3.Connection, document_id: int) -> dict[str, Any] | None:
    """Where a document was imported from and what it was: id, name, path, path_raw, sha256."""
    row = conn.execute("SELECT id, name, path, path_raw, sha256 FROM documents WHERE id = ?",
                       (document_id,)).fetchone()
    return dict(zip(("id", "name", "path", "path_raw", "sha256"), tuple(row), strict=True)) if row else None


def set_document_path(conn: sqlite3.Connection, document_id: int, path: str, path_raw: bytes) -> None:
    conn.execute("UPDATE documents SET path = ?, path_raw = ? WHERE id = ?", (path, path_raw, document_id))


def missing_source_candidates(conn: sqlite3.Connection) -> list[str]:
    """Folders the officer located moved files in before (newest first): look there for the others."""
    rows = conn.execute("SELECT DISTINCT path FROM documents ORDER BY id DESC").fetchall()
    seen: list[str] = []
    for (path,) in rows:
        folder = os.path.dirname(path)
        if folder and folder not in seen:
            seen.append(folder)
    return seen[:20]


def other_document_ids(conn: sqlite3.Connection, document_id: int) -> list[int]:
    """Every document of the case but `document_id`."""
    return [r[0] for r in conn.execute("SELECT id FROM documents WHERE id != ?", (document_id,)).fetchall()]


def recorded_sources(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every document's id, recorded SHA-256, path and path_raw, in import order."""
    return conn.execute("SELECT id, sha256, path, path_raw FROM documents ORDER BY id").fetchall()


def document_listing(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each document with its kind, page count, status, hash and how many of its pages are stored."""
    return [dict(r) for r in conn.execute(
        "SELECT d.id, d.name, d.kind, d.page_count, d.status, d.sha256,"
        " (SELECT count(*) FROM pages p WHERE p.document_id = d.id) AS pages_stored"
        " FROM documents d ORDER BY d.id")]
