"""Transactions, relations and events: the case's dated facts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


def _dicts(rows: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


@dataclass
class TxFilter:
    """Filters for the transaction table; None means no constraint."""

    min_amount: float | None = None
    max_amount: float | None = None
    start: str | None = None
    end: str | None = None
    counterparty: str | None = None
    accounts: list[str] | None = None
    ids: list[int] | None = None
    order_by: str = "time"
    descending: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


TX_COLUMNS = ["id", "time", "holder_account", "holder_name", "amount", "balance", "currency", "cp_name",
              "cp_account", "cp_bank", "channel", "memo", "flags", "page_id"]
_ORDERABLE = set(TX_COLUMNS)
_ORDER_SQL = {"abs_amount": "abs(amount)"}  # the largest flows together, in and out alike


def _tx_where(f: TxFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if f.min_amount is not None:
        clauses.append("abs(amount) >= ?")
        args.append(f.min_amount)
    if f.max_amount is not None:
        clauses.append("abs(amount) <= ?")
        args.append(f.max_amount)
    if f.start:
        clauses.append("time >= ?")
        args.append(f.start)
    if f.end:
        clauses.append("time <= ?")
        args.append(f.end + "\uffff")
    if f.counterparty:
        clauses.append("(cp_name LIKE ? OR cp_account LIKE ? OR memo LIKE ?)")
        args += [f"%{f.counterparty}%"] * 3
    if f.accounts:
        marks = ",".join("?" * len(f.accounts))
        clauses.append(f"(holder_account IN ({marks}) OR cp_account IN ({marks}))")
        args += list(f.accounts) * 2
    if f.ids is not None:
        clauses.append(f"id IN ({','.join('?' * len(f.ids)) or 'NULL'})")
        args += list(f.ids)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def transactions(conn: sqlite3.Connection, f: TxFilter | None = None, *, limit: int = 500,
                 offset: int = 0) -> list[dict[str, Any]]:
    """A page of the ledger under a filter, ordered by a column (ties broken by id); flags decoded."""
    f = f or TxFilter()
    where, args = _tx_where(f)
    order = _ORDER_SQL.get(f.order_by) or (f.order_by if f.order_by in _ORDERABLE else "time")
    direction = "DESC" if f.descending else "ASC"
    sql = (f"SELECT {', '.join(TX_COLUMNS)} FROM transactions{where} ORDER BY {order} {direction}, id {direction}"
           " LIMIT ? OFFSET ?")
    rows = _dicts(conn.execute(sql, [*args, limit, offset]))
    for r in rows:
        r["flags"] = json.loads(r["flags"] or "[]")
    return rows


def transaction_count(conn: sqlite3.Connection, f: TxFilter | None = None) -> int:
    where, args = _tx_where(f or TxFilter())
    return int(conn.execute(f"SELECT count(*) FROM transactions{where}", args).fetchone()[0])


def transaction(conn: sqlite3.Connection, tx_id: int) -> dict[str, Any] | None:
    """Every column of one ledger row (row_bbox decoded), or None."""
    row = conn.execute("SELECT * FROM transactions WHERE id = ?", (tx_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["row_bbox"] = json.loads(out["row_bbox"]) if out["row_bbox"] else None
    return out


def flagged_rows(conn: sqlite3.Connection, page_id: int) -> list[dict[str, Any]]:
    """Statement rows on a page that validation flagged (flags and row_bbox decoded)."""
    rows = _dicts(conn.execute("SELECT id, row_bbox, flags, time, amount FROM transactions"
                               " WHERE page_id = ? AND flags != '[]'", (page_id,)))
    for r in rows:
        r["flags"] = json.loads(r["flags"] or "[]")
        r["row_bbox"] = json.loads(r["row_bbox"]) if r["row_bbox"] else None
    return rows


def page_transactions(conn: sqlite3.Connection, page_id: int) -> list[dict[str, Any]]:
    return _dicts(conn.execute("SELECT id, row_bbox, time, amount FROM transactions WHERE page_id = ?", (page_id,)))


def placed_rows(conn: sqlite3.Connection, ids: list[int]) -> list[tuple[str, int, int, str | None]]:
    """(time, id, page id, row_bbox JSON) of those of `ids` that have a source page."""
    found: list[tuple[str, int, int, str | None]] = []
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        found += [tuple(r) for r in conn.execute(
            f"SELECT time, id, page_id, row_bbox FROM transactions WHERE id IN ({','.join('?' * len(part))})"
            " AND page_id IS NOT NULL", part)]
    return found


def cited_transactions(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every ledger row with its document name and page number, in time order (flags still JSON)."""
    yield from conn.execute(
        "SELECT t.id, t.holder_account, t.holder_name, t.time, t.amount, t.balance, t.currency,"
        " t.cp_name, t.cp_account, t.channel, t.memo, t.flags, d.name AS document, p.number AS page"
        " FROM transactions t LEFT JOIN documents d ON d.id = t.document_id"
        " LEFT JOIN pages p ON p.id = t.page_id ORDER BY t.time, t.id")


def transaction_pages(conn: sqlite3.Connection) -> dict[int, int | None]:
    """Transaction id -> its source page id."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, page_id FROM transactions")}


def named_rows(conn: sqlite3.Connection, like: str, limit: int) -> list[sqlite3.Row]:
    """Ledger rows whose counterparty has a name like `like` and no account (a name-only statement)."""
    return conn.execute(
        "SELECT id, time, amount, holder_name, holder_account, cp_name, page_id FROM transactions"
        " WHERE (cp_account IS NULL OR cp_account = '') AND cp_name LIKE ? ORDER BY time LIMIT ?",
        (like, limit)).fetchall()


def banks(conn: sqlite3.Connection) -> dict[str, str]:
    """Account number -> a bank some ledger names for it."""
    return {r[0]: r[1] for r in conn.execute("SELECT cp_account, max(cp_bank) FROM transactions WHERE cp_account"
                                             " IS NOT NULL AND cp_bank IS NOT NULL AND cp_bank != '' GROUP BY cp_account")}


def commonest_bank(conn: sqlite3.Connection, numbers: list[str]) -> str:
    """The bank other statements name most often for any of `numbers` ('' if none)."""
    marks = ",".join("?" * len(numbers))
    row = conn.execute(f"SELECT cp_bank FROM transactions WHERE cp_account IN ({marks}) AND cp_bank != ''"
                       " GROUP BY cp_bank ORDER BY count(*) DESC LIMIT 1", numbers).fetchone()
    return str(row[0]) if row and row[0] else ""


def statement_text(conn: sqlite3.Connection, numbers: list[str]) -> str:
    """The text of a statement page of one of `numbers` ('' if none)."""
    marks = ",".join("?" * len(numbers))
    row = conn.execute(f"SELECT p.text FROM transactions t JOIN pages p ON p.id = t.page_id WHERE"
                       f" t.holder_account IN ({marks}) LIMIT 1", numbers).fetchone()
    return row[0] if row and row[0] else ""


def relations(conn: sqlite3.Connection, *, ordered: bool = False) -> list[dict[str, Any]]:
    """Every relation, attrs and evidence decoded (in id order when `ordered`)."""
    sql = "SELECT id, kind, src_entity, dst_entity, attrs, evidence FROM relations"
    rows = _dicts(conn.execute(sql + (" ORDER BY id" if ordered else "")))
    for r in rows:
        r["attrs"] = json.loads(r["attrs"] or "{}")
        r["evidence"] = json.loads(r["evidence"] or "[]")
    return rows


def events(conn: sqlite3.Connection, limit: int) -> list[sqlite3.Row]:
    """The first `limit` events in time order (entities still JSON)."""
    return conn.execute("SELECT id, time, kind, page_id, transaction_id, text, entities FROM events"
                        " ORDER BY time LIMIT ?", (limit,)).fetchall()


def cited_events(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Events not read from a ledger row, with document name and page number, in time order."""
    return conn.execute("SELECT e.id, e.time, e.kind, e.entities, e.text, d.name AS doc, p.number FROM events e"
                        " LEFT JOIN pages p ON p.id = e.page_id LEFT JOIN documents d ON d.id = p.document_id"
                        " WHERE e.transaction_id IS NULL ORDER BY e.time, e.id").fetchall()


def time_range(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    """The first and last time among transactions and events."""
    row = conn.execute(
        "SELECT min(t), max(t) FROM (SELECT min(time) AS t FROM transactions UNION ALL SELECT max(time)"
        " FROM transactions UNION ALL SELECT min(time) FROM events UNION ALL SELECT max(time) FROM events)"
    ).fetchone()
    return row[0], row[1]


def fact_times(conn: sqlite3.Connection) -> list[str | None]:
    """Times of every transaction and of every event not read from one."""
    return [r[0] for r in conn.execute("SELECT time FROM transactions UNION ALL SELECT time FROM events"
                                       " WHERE transaction_id IS NULL")]
