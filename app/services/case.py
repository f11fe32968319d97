"""Opening cases for the writer and for readers (UI), and the counts `caselens info` shows."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.store.db import open_case
from app.store.statements import statement_layouts

COUNTED_TABLES = ["documents", "pages", "mentions", "entities", "transactions", "relations", "events", "alerts",
                  "issues", "audit_log", "curation", "rejected_rows"]


def open_writer(path: str | os.PathLike[str]) -> sqlite3.Connection:
    return open_case(path, create=True)


def open_reader(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection (the UI's); WAL lets it read while the writer imports."""
    open_case(path, create=True).close()  # make sure it exists and is migrated
    return open_case(path, readonly=True)


def case_info(path: str | os.PathLike[str]) -> dict:
    conn = open_reader(path)
    try:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}
        pending = dict(conn.execute("SELECT status, count(*) FROM pages GROUP BY status").fetchall())
        docs = [dict(r) for r in conn.execute(
            "SELECT d.id, d.name, d.kind, d.page_count, d.status, d.sha256,"
            " (SELECT count(*) FROM pages p WHERE p.document_id = d.id) AS pages_stored"
            " FROM documents d ORDER BY d.id")]
        sources = dict(conn.execute("SELECT text_source, count(*) FROM pages GROUP BY text_source").fetchall())
        return {"case": str(Path(path)), "counts": counts, "page_status": pending, "text_sources": sources,
                "documents": docs, "statement_layouts": statement_layouts(conn)}
    finally:
        conn.close()
