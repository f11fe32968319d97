"""The case's facts for a selection of entities and a time window, as typed records: what the reports and
exports write from (app.services.export_data), read through app.store.read like every view of the window.

Every fact carries its citations as (document name, page number) pairs, so each writer can cite its sources.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from app.store.read import alerts as read_alerts
from app.store.read import entities as read_entities
from app.store.read import facts as read_facts
from app.store.read import pages as read_pages

Cite = tuple[str, int]  # document name, page number


@dataclass(frozen=True)
class Selection:
    """Entity ids to keep (None: all) and an inclusive ISO time window (None: open)."""

    entity_ids: frozenset[int] | None = None
    start: str | None = None
    end: str | None = None

    def in_window(self, time: str | None) -> bool:
        if not time:
            return self.start is None and self.end is None
        if self.start and time[:len(self.start)] < self.start:
            return False
        return not (self.end and time[:len(self.end)] > self.end)

    def as_dict(self) -> dict:
        return {"entity_ids": sorted(self.entity_ids) if self.entity_ids is not None else None,
                "start": self.start, "end": self.end}


ALL = Selection()


@dataclass
class EntityFact:
    """An entity with the roles its mentions give, where it is mentioned, and how often."""

    id: int
    kind: str
    name: str
    attrs: dict
    roles: set[str] = field(default_factory=set)
    cites: list[Cite] = field(default_factory=list)
    mentions: int = 0


@dataclass(frozen=True)
class RelationFact:
    id: int
    kind: str
    src: int
    dst: int
    attrs: dict
    tx_ids: list[int]
    cites: list[Cite]   # the source pages of its evidence rows


@dataclass(frozen=True)
class TransactionFact:
    """A ledger row with the document and page it was read from; `moved`: False for a closed or wholly refunded
    order (flags in nlp.statements.status.NOT_MOVED)."""

    id: int
    holder_account: str | None
    holder_name: str | None
    time: str
    amount: float
    balance: float | None
    currency: str | None
    cp_name: str | None
    cp_account: str | None
    channel: str | None
    memo: str | None
    document: str | None
    page: int | None
    moved: bool


@dataclass(frozen=True)
class EventFact:
    """A dated event read from the records (not from a ledger row)."""

    id: int
    time: str | None
    kind: str
    entities: list[int]
    text: str
    cite: tuple[str | None, int | None]


@dataclass(frozen=True)
class AlertFact:
    id: int
    rule: str
    accounts: list
    persons: list
    amount: float | None
    start: str | None
    end: str | None
    explanation: str | None
    transactions: list[int]
    params: dict

    @property
    def demoted(self) -> bool:
        return bool(self.params.get("demoted"))


@dataclass
class CaseFacts:
    """Everything the case holds about its entities, inside the selection's time window (transactions, events);
    entities, relations and alerts are the whole case, for the caller to narrow to the selected entities."""

    selection: Selection
    entities: dict[int, EntityFact]
    relations: list[RelationFact]
    transactions: list[TransactionFact]
    events: list[EventFact]
    alerts: list[AlertFact]
    banks: dict[str, str]          # account number -> a bank some ledger names for it
    documents: list[dict]
    pages: int


def entity_facts(conn: sqlite3.Connection) -> dict[int, EntityFact]:
    ents = {i: EntityFact(i, kind, name, attrs) for i, kind, name, attrs in read_entities.all_entities(conn)}
    for entity_id, role, doc, number in read_entities.mention_citations(conn):
        e = ents.get(entity_id)
        if e is None:
            continue
        e.mentions += 1
        e.cites.append((doc, number))
        if role:
            e.roles.add(role)
    return ents


def relation_facts(conn: sqlite3.Connection) -> list[RelationFact]:
    pages = read_pages.page_places(conn)
    tx_pages = read_facts.transaction_pages(conn)
    out = []
    for r in read_facts.relations(conn, ordered=True):
        cites = []
        for ev in r["evidence"]:
            page_id = tx_pages.get(ev.get("transaction")) if ev.get("transaction") else None
            if page_id in pages:
                cites.append(pages[page_id])
        out.append(RelationFact(r["id"], r["kind"], r["src_entity"], r["dst_entity"], r["attrs"],
                                [ev["transaction"] for ev in r["evidence"] if ev.get("transaction")], cites))
    return out


def transaction_facts(conn: sqlite3.Connection, sel: Selection = ALL) -> list[TransactionFact]:
    """Ledger rows inside the selection's window, in time order."""
    import json

    from app.services.views import flag_names
    from nlp.statements.status import NOT_MOVED

    out = []
    for r in read_facts.cited_transactions(conn):
        if sel.in_window(r["time"]):
            flags = set(flag_names(json.loads(r["flags"] or "[]")))
            out.append(TransactionFact(r["id"], r["holder_account"], r["holder_name"], r["time"], r["amount"],
                                       r["balance"], r["currency"], r["cp_name"], r["cp_account"], r["channel"],
                                       r["memo"], r["document"], r["page"], not flags & NOT_MOVED))
    return out


def event_facts(conn: sqlite3.Connection, sel: Selection = ALL) -> list[EventFact]:
    """Events read from the records inside the selection's window, in time order."""
    import json

    return [EventFact(r["id"], r["time"], r["kind"], json.loads(r["entities"] or "[]"), r["text"] or "",
                      (r["doc"], r["number"]))
            for r in read_facts.cited_events(conn) if sel.in_window(r["time"])]


def alert_facts(conn: sqlite3.Connection) -> list[AlertFact]:
    """The alerts, biggest amount first; those about a holder's own accounts (params.demoted) last."""
    out = [AlertFact(a["id"], a["rule"], a["accounts"], a["persons"], a["amount"], a["start"], a["end"],
                     a["explanation"], a["transactions"], a["params"]) for a in read_alerts.alerts(conn)]
    out.sort(key=lambda a: a.demoted)  # stable: amount order kept within each part
    return out


def case_facts(conn: sqlite3.Connection, sel: Selection = ALL) -> CaseFacts:
    """The case's facts under a selection (see CaseFacts for what the window narrows)."""
    return CaseFacts(sel, entity_facts(conn), relation_facts(conn), transaction_facts(conn, sel),
                     event_facts(conn, sel), alert_facts(conn), read_facts.banks(conn),
                     read_pages.document_list(conn), read_pages.page_count(conn))


def entity_listing(conn: sqlite3.Connection, kind: str | None = None) -> list[dict[str, Any]]:
    """The CLI's listing (`caselens entities`, the demo): entities of `kind` with every mention and its page."""
    return read_entities.entity_listing(conn, kind)
