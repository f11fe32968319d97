"""Transactions of the case: one row per statement or ledger line, each with its cross-source fingerprint."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

from domain.fingerprint import fingerprint

COLUMNS = ("holder_account", "holder_name", "time", "amount", "balance", "currency", "cp_name", "cp_account",
           "cp_bank", "channel", "memo", "serial", "document_id", "page_id", "row_bbox", "flags", "source",
           "fingerprint", "extractor", "version", "details")


def add_transaction(conn: sqlite3.Connection, row: Mapping[str, Any]) -> int:
    """Insert one transaction; `row` maps column names (of COLUMNS) to values, columns left out take their
    defaults. Its fingerprint is computed from the row unless given. The caller holds the transaction."""
    values = dict(row)
    unknown = set(values) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not transaction columns: {sorted(unknown)}")
    if values.get("fingerprint") is None:
        values["fingerprint"] = fingerprint(values)
    cols = [c for c in COLUMNS if c in values]
    cur = conn.execute(f"INSERT INTO transactions ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                       [values[c] for c in cols])
    assert cur.lastrowid is not None  # set by every INSERT
    return cur.lastrowid


def delete_document_transactions(conn: sqlite3.Connection, document_id: int, extractor: str) -> None:
    """Forget the rows `extractor` read from a document (before it reads the document again)."""
    conn.execute("DELETE FROM transactions WHERE document_id = ? AND extractor = ?", (document_id, extractor))


def serials_elsewhere(conn: sqlite3.Connection, fp: str, document_id: int) -> list[str | None]:
    """Serial numbers of the rows with fingerprint `fp` read from other documents."""
    return [r[0] for r in conn.execute("SELECT serial FROM transactions WHERE fingerprint = ? AND document_id != ?",
                                       (fp, document_id))]


def order_elsewhere(conn: sqlite3.Connection, serial: str, document_id: int, amount: float, day: str) -> bool:
    """Another document holds a row with this serial (order) number for the same amount on the same day."""
    return conn.execute(
        "SELECT 1 FROM transactions WHERE serial = ? AND document_id != ? AND abs(amount - ?) < 0.005"
        " AND substr(time, 1, 10) = ? LIMIT 1", (serial, document_id, amount, day)).fetchone() is not None


def resolution_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, accounts, time, amount, names, page and document of every transaction (what resolution reads)."""
    return conn.execute("SELECT id, holder_account, time, amount, holder_name, cp_account, cp_name,"
                        " page_id, document_id FROM transactions ORDER BY id").fetchall()


def ledger_export_rows(conn: sqlite3.Connection, holder: str | None = None) -> Iterator[dict[str, Any]]:
    """Every transaction (of `holder`'s account when given) with its document's name, page number and flags
    decoded, by account, time and id: the ledger as exported."""
    sql = ("SELECT t.*, d.name AS document, p.number AS page FROM transactions t"
           " LEFT JOIN documents d ON d.id = t.document_id LEFT JOIN pages p ON p.id = t.page_id")
    args: tuple[str, ...] = ()
    if holder:
        sql += " WHERE t.holder_account = ?"
        args = (holder,)
    sql += " ORDER BY t.holder_account, t.time, t.id"
    for r in conn.execute(sql, args):
        row = dict(r)
        try:
            row["flags"] = json.loads(row.get("flags") or "[]")
        except ValueError:
            row["flags"] = [row.get("flags")]
        yield row
