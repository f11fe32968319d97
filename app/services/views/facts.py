"""Read-only queries over the case's facts for the UI: transactions, relations, events, alerts, timelines."""

from __future__ import annotations

import json
from dataclasses import asdict

from app.services.views import CaseView
from app.services.views.model import alert_facts
from app.store.read import entities as read_entities
from app.store.read import facts as read_facts
from app.store.read.facts import TxFilter


def transactions(view: CaseView, f: TxFilter | None = None, *, limit: int = 500, offset: int = 0) -> list[dict]:
    """A page of the ledger under a filter, ordered by a column (ties broken by id)."""
    return read_facts.transactions(view.conn(), f, limit=limit, offset=offset)


def transaction_count(view: CaseView, f: TxFilter | None = None) -> int:
    return read_facts.transaction_count(view.conn(), f)


def transaction(view: CaseView, tx_id: int) -> dict | None:
    return read_facts.transaction(view.conn(), tx_id)


def relations(view: CaseView) -> list[dict]:
    return read_facts.relations(view.conn())


def alerts(view: CaseView) -> list[dict]:
    """The case's alerts, biggest amount first; alerts about a holder's own accounts (params.demoted) last."""
    return [asdict(a) for a in alert_facts(view.conn())]


def account_entities(view: CaseView) -> dict[str, int]:
    """Account number -> entity id, so ledger rows link to account entities."""
    out: dict[str, int] = {}
    for entity_id, name, attrs in read_entities.account_entities(view.conn()):
        out.setdefault(name, entity_id)
        number = attrs.get("number")
        if number:
            out.setdefault(str(number), entity_id)
    return out


def counterparty_entities(view: CaseView) -> dict[str, int]:
    """Name key (app.core.counterparties.name_key) of a counterparty named without an account -> its entity id."""
    out: dict[str, int] = {}
    for entity_id, attrs in read_entities.named_counterparty_parties(view.conn()):
        for key in attrs.get("counterparty_names", []):
            out.setdefault(key, entity_id)
    return out


def entity_accounts(view: CaseView, entity_id: int) -> list[str]:
    """Account numbers an entity stands for: itself if an account, else the accounts it owns."""
    ent = view.entity(entity_id)
    if ent is None:
        return []
    if ent["kind"] == "account":
        return [ent["name"], *([str(ent["attrs"]["number"])] if ent["attrs"].get("number") else [])]
    return read_entities.owned_account_names(view.conn(), entity_id)


def time_range(view: CaseView) -> tuple[str | None, str | None]:
    return read_facts.time_range(view.conn())


def entity_timeline(view: CaseView, entity_id: int, *, limit: int = 5000) -> list[dict]:
    """Everything dated about one entity: its events and the ledger rows of its accounts."""
    out = []
    for r in read_facts.events(view.conn(), limit * 4):
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
        for r in read_facts.named_rows(view.conn(), f"%{key[:2]}%", limit * 2):
            if name_key(r["cp_name"]) != key:
                continue
            who = r["holder_name"] or r["holder_account"] or ""
            out.append({"time": r["time"], "kind": "transfer_out" if r["amount"] > 0 else "transfer_in",
                        "page_id": r["page_id"], "text": f"{abs(r['amount']):,.2f} {who}",
                        "transaction_id": r["id"], "amount": -r["amount"], "event_id": None})
    return out


def top_entities(view: CaseView, n: int = 6) -> list[int]:
    """Entities to show on a fresh timeline: people and accounts mentioned most."""
    return read_entities.most_mentioned(view.conn(), ("person", "account"), n)


def case_period(view: CaseView) -> tuple[float, float] | None:
    """The span (epoch seconds) the case's transactions and records fill, far-off dates such as births left out."""
    from app.analysis.period import case_period as dense
    from app.analysis.period import to_seconds

    return dense([t for t in (to_seconds(x) for x in read_facts.fact_times(view.conn())) if t is not None])
