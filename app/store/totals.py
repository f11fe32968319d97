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
