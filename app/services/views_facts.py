"""Read-only queries over the case's facts for the UI: transactions, relations, events, alerts, timelines."""

from __future__ import annotations

import json

from app.services.views import TX_COLUMNS, CaseView, TxFilter

_ORDERABLE = set(TX_COLUMNS)
_ORDER_SQL = {"abs_amount": "abs(amount)"}  # the largest flows together, in and out alike


def _tx_where(f: TxFilter) -> tuple[str, list]:
    clauses, args = [], []
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


def transactions(view: CaseView, f: TxFilter | None = None, *, limit: int = 500, offset: int = 0) -> list[dict]:
    """A page of the ledger under a filter, ordered by a column (ties broken by id)."""
    f = f or TxFilter()
    where, args = _tx_where(f)
    order = _ORDER_SQL.get(f.order_by) or (f.order_by if f.order_by in _ORDERABLE else "time")
    direction = "DESC" if f.descending else "ASC"
    sql = (f"SELECT {', '.join(TX_COLUMNS)} FROM transactions{where} ORDER BY {order} {direction}, id {direction}"
           " LIMIT ? OFFSET ?")
    rows = view._q(sql, [*args, limit, offset])  # noqa: SLF001 - same layer, shared helper
    for r in rows:
        r["flags"] = json.loads(r["flags"] or "[]")
    return rows


def transaction_count(view: CaseView, f: TxFilter | None = None) -> int:
    where, args = _tx_where(f or TxFilter())
    return view.conn().execute(f"SELECT count(*) FROM transactions{where}", args).fetchone()[0]


def transaction(view: CaseView, tx_id: int) -> dict | None:
    rows = view._q("SELECT * FROM transactions WHERE id = ?", (tx_id,))  # noqa: SLF001
    if not rows:
        return None
    rows[0]["row_bbox"] = json.loads(rows[0]["row_bbox"]) if rows[0]["row_bbox"] else None
    return rows[0]


def relations(view: CaseView) -> list[dict]:
    rows = view._q("SELECT id, kind, src_entity, dst_entity, attrs, evidence FROM relations")  # noqa: SLF001
    for r in rows:
        r["attrs"] = json.loads(r["attrs"] or "{}")
        r["evidence"] = json.loads(r["evidence"] or "[]")
    return rows


def alerts(view: CaseView) -> list[dict]:
    """The case's alerts, biggest amount first; alerts about a holder's own accounts (params.demoted) last."""
    rows = view._q("SELECT * FROM alerts ORDER BY amount DESC, id")  # noqa: SLF001
    for r in rows:
        for key in ("accounts", "persons", "transactions"):
            r[key] = json.loads(r[key] or "[]")
        r["params"] = json.loads(r["params"] or "{}")
    rows.sort(key=lambda r: bool(r["params"].get("demoted")))  # stable: amount order kept within each part
    return rows


def account_entities(view: CaseView) -> dict[str, int]:
    """Account number -> entity id, so ledger rows link to account entities."""
    out: dict[str, int] = {}
    for r in view.conn().execute("SELECT id, name, attrs FROM entities WHERE kind = 'account'"):
        out.setdefault(r[1], r[0])
        number = json.loads(r[2] or "{}").get("number")
        if number:
            out.setdefault(str(number), r[0])
    return out


def counterparty_entities(view: CaseView) -> dict[str, int]:
    """Name key (app.core.counterparties.name_key) of a counterparty named without an account -> its entity id."""
    out: dict[str, int] = {}
    for r in view.conn().execute("SELECT id, attrs FROM entities WHERE kind IN ('person', 'organisation')"
                                 " AND attrs LIKE '%counterparty_names%'"):
        for key in json.loads(r[1] or "{}").get("counterparty_names", []):
            out.setdefault(key, r[0])
    return out


def entity_accounts(view: CaseView, entity_id: int) -> list[str]:
    """Account numbers an entity stands for: itself if an account, else the accounts it owns."""
    ent = view.entity(entity_id)
    if ent is None:
        return []
    if ent["kind"] == "account":
        return [ent["name"], *([str(ent["attrs"]["number"])] if ent["attrs"].get("number") else [])]
    owned = view.conn().execute("SELECT e.name FROM relations r JOIN entities e ON e.id = r.dst_entity"
                                " WHERE r.kind = 'owns' AND r.src_entity = ? AND e.kind = 'account'", (entity_id,))
    return [r[0] for r in owned]


def time_range(view: CaseView) -> tuple[str | None, str | None]:
    row = view.conn().execute(
        "SELECT min(t), max(t) FROM (SELECT min(time) AS t FROM transactions UNION ALL SELECT max(time)"
        " FROM transactions UNION ALL SELECT min(time) FROM events UNION ALL SELECT max(time) FROM events)"
    ).fetchone()
    return row[0], row[1]


def entity_timeline(view: CaseView, entity_id: int, *, limit: int = 5000) -> list[dict]:
    """Everything dated about one entity: its events and the ledger rows of its accounts."""
    out = []
    for r in view.conn().execute("SELECT id, time, kind, page_id, transaction_id, text, entities FROM events"
                                 " ORDER BY time LIMIT ?", (limit * 4,)):
        if entity_id in json.loads(r["entities"] or "[]") and r["transaction_id"] is None:
            out.append({"time": r["time"], "kind": r["kind"], "page_id": r["page_id"], "text": r["text"] or "",
                        "transaction_id": None, "amount": None, "event_id": r["id"]})
    accounts = entity_accounts(view, entity_id)
    if accounts:
        seen: set[tuple[str, float]] = set()
        for tx in transactions(view, TxFilter(accounts=accounts), limit=limit):
            fingerprint = (tx["time"][:16], round(abs(tx["amount"]), 2))
            if fingerprint in seen:  # one transfer read from both parties' ledgers
                continue
            seen.add(fingerprint)
            outgoing = (tx["holder_account"] in accounts) == (tx["amount"] < 0)
            who = tx["cp_name"] or tx["cp_account"] or ""
            out.append({"time": tx["time"], "kind": "transfer_out" if outgoing else "transfer_in",
                        "page_id": tx["page_id"], "text": f"{abs(tx['amount']):,.2f} {who}",
                        "transaction_id": tx["id"], "amount": tx["amount"], "event_id": None})
    out.extend(_named_transfers(view, entity_id, limit))
    out.sort(key=lambda e: e["time"])
    return out[:limit]


def _named_transfers(view: CaseView, entity_id: int, limit: int) -> list[dict]:
    """Ledger rows naming the entity as counterparty without an account (a name-only statement): its side."""
    from app.core.counterparties import name_key

    ent = view.entity(entity_id)
    keys = set((ent or {}).get("attrs", {}).get("counterparty_names") or [])
    out: list[dict] = []
    for key in keys:
        rows = view.conn().execute(
            "SELECT id, time, amount, holder_name, holder_account, cp_name, page_id FROM transactions"
            " WHERE (cp_account IS NULL OR cp_account = '') AND cp_name LIKE ? ORDER BY time LIMIT ?",
            (f"%{key[:2]}%", limit * 2))
        for r in rows:
            if name_key(r["cp_name"]) != key:
                continue
            who = r["holder_name"] or r["holder_account"] or ""
            out.append({"time": r["time"], "kind": "transfer_out" if r["amount"] > 0 else "transfer_in",
                        "page_id": r["page_id"], "text": f"{abs(r['amount']):,.2f} {who}",
                        "transaction_id": r["id"], "amount": -r["amount"], "event_id": None})
    return out


def top_entities(view: CaseView, n: int = 6) -> list[int]:
    """Entities to show on a fresh timeline: people and accounts mentioned most."""
    rows = view.conn().execute(
        "SELECT e.id FROM entities e LEFT JOIN entity_mentions em ON em.entity_id = e.id"
        " WHERE e.kind IN ('person', 'account') GROUP BY e.id ORDER BY count(em.mention_id) DESC, e.id LIMIT ?",
        (n,))
    return [r[0] for r in rows]


def case_period(view: CaseView) -> tuple[float, float] | None:
    """The span (epoch seconds) the case's transactions and records fill, far-off dates such as births left out."""
    from app.analysis.period import case_period as dense
    from app.analysis.period import to_seconds

    rows = view.conn().execute("SELECT time FROM transactions UNION ALL SELECT time FROM events"
                               " WHERE transaction_id IS NULL")
    return dense([t for t in (to_seconds(r[0]) for r in rows) if t is not None])
