"""Whole-case resolution run: read mentions and transactions, resolve, re-apply curation, write results."""

from __future__ import annotations

import json
import os
import sqlite3
import time

from app.analysis.events import build_events
from app.analysis.relations import build_relations
from app.analysis.resolve.entities import link_counterparties, resolve_case
from app.analysis.resolve.records import CaseInput, MentionIn, PageIn, TxnIn
from app.analysis.resolve.scorer import load_scorer
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.services.curation import apply_curation, load_curation, mention_anchor, rejected_mentions
from app.store.db import transaction


def load_case_input(conn: sqlite3.Connection) -> CaseInput:
    pages = {r["id"]: PageIn(r["id"], r["document_id"], r["number"], r["text"] or "", r["page_type"])
             for r in conn.execute("SELECT id, document_id, number, text, page_type FROM pages")}
    mentions = [MentionIn(r["id"], r["page_id"], r["start"], r["end"], r["label"], r["text"], r["value"], r["role"],
                          r["confidence"])
                for r in conn.execute("SELECT id, page_id, start, end, label, text, value, role, confidence"
                                      " FROM mentions ORDER BY id")]
    txns = [TxnIn(r["id"], r["holder_account"], r["time"], r["amount"], r["holder_name"], r["cp_account"],
                  r["cp_name"], r["page_id"], r["document_id"])
            for r in conn.execute("SELECT id, holder_account, time, amount, holder_name, cp_account, cp_name,"
                                  " page_id, document_id FROM transactions ORDER BY id")]
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
    actions = load_curation(conn)
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
        for table in ("events", "relations", "entity_mentions", "entities"):
            conn.execute(f"DELETE FROM {table}")
        id_of: dict[str, int] = {}
        for e in sorted(res.entities, key=lambda e: (e.kind, e.name, e.key)):
            attrs = dict(e.attrs, key=e.key, refs=sorted(e.refs)[:50])
            cur = conn.execute("INSERT INTO entities (kind, name, attrs, resolver) VALUES (?,?,?,?)",
                               (e.kind, e.name, json.dumps(attrs, ensure_ascii=False), res.resolver))
            id_of[e.key] = int(cur.lastrowid)
        conn.executemany("INSERT INTO entity_mentions (entity_id, mention_id, score, reasons) VALUES (?,?,?,?)",
                         [(id_of[e.key], mid, score, json.dumps(reasons, ensure_ascii=False))
                          for e in res.entities for mid, (score, reasons) in e.mentions.items()])
        conn.executemany("INSERT INTO relations (kind, src_entity, dst_entity, attrs, evidence) VALUES (?,?,?,?,?)",
                         [(r.kind, id_of[r.src], id_of[r.dst], json.dumps(r.attrs, ensure_ascii=False),
                           json.dumps(r.evidence, ensure_ascii=False))
                          for r in relations if r.src in id_of and r.dst in id_of])
        conn.executemany("INSERT INTO events (time, precision, kind, entities, page_id, transaction_id, text)"
                         " VALUES (?,?,?,?,?,?,?)",
                         [(ev.time, ev.precision, ev.kind, json.dumps([id_of[k] for k in ev.entities if k in id_of]),
                           ev.page_id, ev.transaction_id, ev.text) for ev in events])
    progress(Progress("resolve", 4, 4, started=started))
    kinds: dict[str, int] = {}
    for e in res.entities:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    return {"entities": kinds, "relations": len(relations), "events": len(events), "curation": len(actions),
            "resolver": res.resolver, "seconds": round(time.monotonic() - started, 3)}


def resolve_case_file(case: str | os.PathLike[str], **kw) -> dict:
    from app.services.case import open_writer

    conn = open_writer(case)
    try:
        return resolve_connection(conn, **kw)
    finally:
        conn.close()


def list_entities(case: str | os.PathLike[str], kind: str | None = None) -> list[dict]:
    """Resolved entities with their mentions and page references (document name, page number)."""
    from app.services.case import open_reader

    conn = open_reader(case)
    try:
        where, args = ("WHERE e.kind = ?", (kind,)) if kind else ("", ())
        ents = [dict(r) for r in conn.execute(f"SELECT e.id, e.kind, e.name, e.attrs FROM entities e {where}"
                                              " ORDER BY e.kind, e.name", args)]
        rows = conn.execute("SELECT em.entity_id, em.score, em.reasons, m.id, m.text, m.label, m.role, p.number,"
                            " d.name AS doc FROM entity_mentions em JOIN mentions m ON m.id = em.mention_id"
                            " JOIN pages p ON p.id = m.page_id JOIN documents d ON d.id = p.document_id"
                            " ORDER BY d.id, p.number, m.start").fetchall()
        by_entity: dict[int, list[dict]] = {}
        for r in rows:
            by_entity.setdefault(r["entity_id"], []).append(
                {"mention_id": r["id"], "text": r["text"], "label": r["label"], "role": r["role"],
                 "document": r["doc"], "page": r["number"], "score": r["score"], "reasons": json.loads(r["reasons"])})
        for e in ents:
            e["attrs"] = json.loads(e["attrs"] or "{}")
            e["mentions"] = by_entity.get(e["id"], [])
        return ents
    finally:
        conn.close()
