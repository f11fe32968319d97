"""Rejected rows: statement or ledger lines that were not taken as transactions (unreadable, duplicate,
failed), kept with their reason and data so nothing read is lost."""

from __future__ import annotations

import sqlite3


def add_rejected_row(conn: sqlite3.Connection, reason: str, row_index: int | None, data: str, *,
                     document_id: int | None = None, page_id: int | None = None) -> None:
    conn.execute("INSERT INTO rejected_rows (reason, document_id, page_id, row_index, data) VALUES (?,?,?,?,?)",
                 (reason, document_id, page_id, row_index, data))


def delete_document_rejected(conn: sqlite3.Connection, document_id: int) -> None:
    conn.execute("DELETE FROM rejected_rows WHERE document_id = ?", (document_id,))
