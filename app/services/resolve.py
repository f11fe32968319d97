"""Whole-case resolution run: read mentions and transactions, resolve, re-apply curation, write results."""

from __future__ import annotations

import os
import sqlite3
import time

from app.analysis.events import build_events
from app.analysis.relations import build_relations
from app.analysis.resolve.curation import apply_curation, mention_anchor, rejected_mentions
from app.analysis.resolve.entities import link_counterparties, resolve_case
from app.analysis.resolve.records import CaseInput, MentionIn, PageIn, TxnIn
from app.analysis.resolve.scorer import load_scorer
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.services.case import open_reader, open_writer
from app.services.views.model import entity_listing
from app.store import entities as store
from app.store.curation import curation_actions
from app.store.db import transaction
from app.store.mentions import all_mentions
from app.store.pages import all_pages
from app.store.transactions import resolution_rows


def load_case_input(conn: sqlite3.Connection) -> CaseInput:
    pages = {r["id"]: PageIn(r["id"], r["document_id"], r["number"], r["text"] or "", r["page_type"])
             for r in all_pages(conn)}
    mentions = [MentionIn(r["id"], r["page_id"], r["start"], r["end"], r["label"], r["text"], r["value"], r["role"],
                          r["confidence"])
                for r in all_mentions(conn)]
    txns = [TxnIn(r["id"], r["holder_account"], r["time"], r["amount"], r["holder_name"], r["cp_account"],
                  r["cp_name"], r["page_id"], r["document_id"])
            for r in resolution_rows(conn)]
    return CaseInput(pages, [m for m in mentions if m.page_id in pages], txns)


def resolve_connection(conn: sqlite3.Connection, *, progress: ProgressFn = no_progress,
                       cancel: CancelToken | None = None) -> dict:
    """Rebuild entities, entity_mentions, relations and events of the case; curation re-applied. One transaction."""
    started = time.monotonic()
    cancel = cancel or CancelToken()
    progress(Progress("resolve", 0, 4, started=started))
    case = load_case_input(conn)
    anchor_of = {m.id: mention_anchor({"page_id": m.page_id, "start": m.start, "end": m.end, "label": m.label})
                 for m in case.mentions}
    text_of = {m.id: (m.value or m.text) for m in case.mentions}
    actions = curation_actions(conn)
    rejected = rejected_mentions(actions, {a: i for i, a in anchor_of.items()})
    cancel.check()
    res = resolve_case(case, load_scorer(), rejected)
    res.entities = apply_curation(res.entities, actions, anchor_of, text_of)
    link_counterparties(case, res)  # curation may have moved the statement names to other entities
    progress(Progress("resolve", 2, 4, started=started))
    cancel.check()
    relations = build_relations(case, res)
    events = build_events(case, res)
    progress(Progress("resolve", 3, 4, started=started))
    cancel.check()
    with transaction(conn):
        store.clear_resolution(conn)
        id_of: dict[str, int] = {}
        for e in sorted(res.entities, key=lambda e: (e.kind, e.name, e.key)):
            id_of[e.key] = store.add_entity(conn, e.kind, e.name, dict(e.attrs, key=e.key, refs=sorted(e.refs)[:50]),
                                            res.resolver)
        store.add_entity_mentions(conn, [(id_of[e.key], mid, score, reasons)
                                         for e in res.entities for mid, (score, reasons) in e.mentions.items()])
        store.add_relations(conn, [(r.kind, id_of[r.src], id_of[r.dst], r.attrs, r.evidence)
                                   for r in relations if r.src in id_of and r.dst in id_of])
        store.add_events(conn, [(ev.time, ev.precision, ev.kind, [id_of[k] for k in ev.entities if k in id_of],
                                 ev.page_id, ev.transaction_id, ev.text) for ev in events])
    progress(Progress("resolve", 4, 4, started=started))
    kinds: dict[str, int] = {}
    for e in res.entities:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    return {"entities": kinds, "relations": len(relations), "events": len(events), "curation": len(actions),
            "resolver": res.resolver, "seconds": round(time.monotonic() - started, 3)}


def resolve_case_file(case: str | os.PathLike[str], **kw) -> dict:
    conn = open_writer(case)
    try:
        return resolve_connection(conn, **kw)
    finally:
        conn.close()


def list_entities(case: str | os.PathLike[str], kind: str | None = None) -> list[dict]:
    """Resolved entities with their mentions and page references (document name, page number)."""
    conn = open_reader(case)
    try:
        return entity_listing(conn, kind)
    finally:
        conn.close()
