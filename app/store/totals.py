"""What a case holds, in the few numbers a batch summary shows (one row per dossier)."""

from __future__ import annotations

import sqlite3


def case_totals(conn: sqlite3.Connection) -> dict[str, int]:
    """Pages, OCR'd pages, transactions, people, alerts and recorded problems of a case."""
    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return {
        "pages": one("SELECT count(*) FROM pages"),
        "ocr_pages": one("SELECT count(*) FROM pages WHERE text_source = 'ocr'"),
        "transactions": one("SELECT count(*) FROM transactions"),
        "people": one("SELECT count(*) FROM entities WHERE kind = 'person'"),
        "alerts": one("SELECT count(*) FROM alerts"),
        "problems": one("SELECT count(*) FROM issues"),
    }


COUNTED_TABLES = ["documents", "pages", "mentions", "entities", "transactions", "relations", "events", "alerts",
                  "issues", "audit_log", "curation", "rejected_rows"]


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in each table `caselens info` shows."""
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}


def page_status_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT status, count(*) FROM pages GROUP BY status").fetchall())


def text_source_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT text_source, count(*) FROM pages GROUP BY text_source").fetchall())


def transaction_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM transactions").fetchone()[0])


def ocr_text_of(conn: sqlite3.Connection, document_name: str) -> str | None:
    """The OCR'd text of the pages of the document(s) called `document_name`, joined by spaces."""
    text: str | None = conn.execute(
        "SELECT group_concat(p.text, ' ') FROM pages p JOIN documents d ON d.id = p.document_id"
        " WHERE d.name = ? AND p.text_source = 'ocr'", (document_name,)).fetchone()[0]
    return text
