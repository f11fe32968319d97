"""Mentions: spans of page text an extractor labelled (a person, an account, an amount…), with their boxes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from app.store.jobs import RESOLVE_STATE_KEY


def replace_page_mentions(conn: sqlite3.Connection, page_id: int, extractor: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Replace the page's mentions from `extractor` with `rows` (start, end, x0, y0, x1, y1, label, text, value,
    role, confidence, version); their links to entities go first (foreign key). The caller holds the
    transaction; mentions of other extractors stay."""
    unlinked = conn.execute("DELETE FROM entity_mentions WHERE mention_id IN (SELECT id FROM mentions"
                            " WHERE page_id = ? AND extractor = ?)", (page_id, extractor)).rowcount
    if unlinked:  # the same mentions may come back under the same ids: resolution must run again all the same
        conn.execute("DELETE FROM meta WHERE key = ?", (RESOLVE_STATE_KEY,))
    conn.execute("DELETE FROM mentions WHERE page_id = ? AND extractor = ?", (page_id, extractor))
    conn.executemany(
        "INSERT INTO mentions (page_id, start, end, x0, y0, x1, y1, label, text, value, role, confidence,"
        " extractor, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(page_id, *row[:11], extractor, row[11]) for row in rows])


def all_mentions(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every mention (id, page, span, label, text, value, role, confidence) in id order: what resolution reads."""
    return conn.execute("SELECT id, page_id, start, end, label, text, value, role, confidence"
                        " FROM mentions ORDER BY id").fetchall()


def mention(conn: sqlite3.Connection, mention_id: int) -> sqlite3.Row | None:
    """id, page_id, start, end, label and text of one mention."""
    row: sqlite3.Row | None = conn.execute("SELECT id, page_id, start, end, label, text FROM mentions WHERE id = ?",
                                           (mention_id,)).fetchone()
    return row


def mention_spans(conn: sqlite3.Connection, mention_ids: list[int]) -> list[sqlite3.Row]:
    """id, page_id, start, end and label of the given mentions."""
    return conn.execute(f"SELECT id, page_id, start, end, label FROM mentions WHERE id IN "
                        f"({','.join('?' * len(mention_ids))})", mention_ids).fetchall()


def count_mentions(conn: sqlite3.Connection, value: str | None = None) -> int:
    """How many mentions the case holds; with `value`, how many read or normalised to it."""
    if value is None:
        return int(conn.execute("SELECT count(*) FROM mentions").fetchone()[0])
    return int(conn.execute("SELECT count(*) FROM mentions WHERE value = ? OR text = ?", (value, value)).fetchone()[0])
