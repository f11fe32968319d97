"""Opening cases for the writer and for readers (UI), and the counts `caselens info` shows."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.store.db import open_case
from app.store.documents import document_listing
from app.store.statements import statement_layouts
from app.store.totals import page_status_counts, table_counts, text_source_counts


def open_writer(path: str | os.PathLike[str], *, create: bool = True) -> sqlite3.Connection:
    """The case's writer connection (one writer per case: every service writes through it); `create=False`
    refuses a case file that does not exist (E013)."""
    return open_case(path, create=create)


def open_reader(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection (the UI's); WAL lets it read while the writer imports."""
    open_case(path, create=True).close()  # make sure it exists and is migrated
    return open_case(path, readonly=True)


def case_info(path: str | os.PathLike[str]) -> dict:
    conn = open_reader(path)
    try:
        counts = table_counts(conn)
        pending = page_status_counts(conn)
        docs = document_listing(conn)
        sources = text_source_counts(conn)
        return {"case": str(Path(path)), "counts": counts, "page_status": pending, "text_sources": sources,
                "documents": docs, "statement_layouts": statement_layouts(conn)}
    finally:
        conn.close()
