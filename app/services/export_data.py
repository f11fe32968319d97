"""What the exports need from a case, gathered once as plain dicts (people, accounts, alerts, graph, timeline).

The facts come from the read model (app.services.views.model.case_facts, typed records); this module only shapes
them for the writers. Every fact carries its citations as (document name, page number) pairs, so each writer can
cite its sources. A Selection (entity ids and/or a time window) narrows everything, so the GUI can export what it
shows.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from app.services.views import GRAPH_KINDS
from app.services.views.model import (
    ALL,
    AlertFact,
    CaseFacts,
    EntityFact,
    EventFact,
    RelationFact,
    Selection,
    case_facts,
)

__all__ = ["ALL", "Selection", "gather"]

PARTY_KINDS = ("person", "organisation")


def _cites(pairs) -> list[list]:
    """Unique (document, page) pairs in document then page order."""
    return [list(p) for p in sorted({(d, p) for d, p in pairs if d is not None and p is not None})]


def _kept_ids(ents: dict[int, EntityFact], rels: list[RelationFact], sel: Selection) -> set[int]:
    """Selected entities plus the accounts, phones and ID numbers the selected parties hold."""
    if sel.entity_ids is None:
        return set(ents)
    kept = {i for i in sel.entity_ids if i in ents}
    for r in rels:
        if r.kind in ("owns", "holds_id", "uses_phone") and r.src in kept:
            kept.add(r.dst)
    return kept


def gather(conn: sqlite3.Connection, case: str | Path, sel: Selection = ALL) -> dict:
    """The case model every export writes from (see docs/exports.md for its keys)."""
    facts = case_facts(conn, sel)
    ents, rels = facts.entities, facts.relations
    txs = [asdict(t) for t in facts.transactions]
    kept = _kept_ids(ents, rels, sel)
    held: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    holders: dict[int, set[str]] = defaultdict(set)
    for r in rels:
        src, dst = ents.get(r.src), ents.get(r.dst)
        if src is None or dst is None:
            continue
        if r.kind in ("owns", "holds_id", "uses_phone"):
            held[r.src][dst.kind].add(dst.name)
            src.cites.extend(r.cites[:50])  # the statement pages showing the holder also cite the party
            if dst.kind == "account" and src.kind in PARTY_KINDS:
                holders[r.dst].add(src.name)
    parties = []
    for e in ents.values():
        if e.kind not in PARTY_KINDS or e.id not in kept:
            continue
        a = e.attrs
        parties.append({
            "id": e.id, "kind": e.kind, "name": e.name,
            "roles": sorted(e.roles | set(a.get("roles") or [])),
            "aliases": sorted(set(a.get("aliases") or [])),
            "id_numbers": sorted(set(a.get("id_numbers") or []) | held[e.id]["id_number"]),
            "phones": sorted(set(a.get("phones") or []) | held[e.id]["phone"]),
            "accounts": sorted(held[e.id]["account"]),
            "mentions": e.mentions, "cites": _cites(e.cites)})
    parties.sort(key=lambda p: (p["kind"] != "person", not p["roles"], -p["mentions"], p["name"]))
    accounts = _accounts(ents, kept, holders, txs)
    numbers = {a["number"] for a in accounts}
    names = {p["name"] for p in parties}
    selected = _selected_transactions(txs, sel, numbers)
    return {
        "case": _summary(facts, case, selected),
        "suspects": _suspects(case),
        "parties": parties,
        "accounts": accounts,
        "alerts": _alerts(facts.alerts, txs, sel, numbers, names),
        "graph": _graph(ents, rels, kept, sel, {t["id"] for t in txs}, facts.banks),
        "timeline": _timeline(facts.events, ents, kept, sel, txs),
        "identifiers": [{"id": e.id, "kind": e.kind, "name": e.name, "mentions": e.mentions,
                         "cites": _cites(e.cites)} for e in ents.values()
                        if e.kind in ("phone", "id_number") and e.id in kept],
        "relations": [asdict(r) for r in rels if r.src in kept and r.dst in kept and r.kind != "transfer"],
        "transactions": selected,
    }


def _suspects(case: str | Path) -> list[dict]:
    """The window's first screen (views.summary.case_summary, one read model), case-wide, as plain dicts."""
    from app.services.views import CaseView
    from app.services.views.summary import case_summary

    view = CaseView(case)
    try:
        return [asdict(s) for s in case_summary(view).suspects]
    finally:
        view.close()


def _selected_transactions(txs: list[dict], sel: Selection, numbers: set[str]) -> list[dict]:
    """Ledger rows in the window; with an entity selection, only rows on the selected accounts."""
    if sel.entity_ids is None:
        return txs
    return [t for t in txs if t["holder_account"] in numbers or t["cp_account"] in numbers]


def _summary(facts: CaseFacts, case: str | Path, txs: list[dict]) -> dict:
    times = [t["time"] for t in txs if t["time"]]
    return {"name": Path(case).stem, "file": str(case), "documents": facts.documents,
            "pages": facts.pages,
            "transactions": len(txs), "first": min(times)[:10] if times else None,
            "last": max(times)[:10] if times else None,
            "generated": datetime.now(UTC).astimezone().isoformat(timespec="minutes"),
            "selection": facts.selection.as_dict()}


def _accounts(ents: dict[int, EntityFact], kept: set[int], holders: dict[int, set[str]],
              txs: list[dict]) -> list[dict]:
    by_holder: dict[str, list[dict]] = defaultdict(list)
    for t in txs:
        by_holder[t["holder_account"]].append(t)
    out = []
    for e in ents.values():
        if e.kind != "account" or e.id not in kept:
            continue
        number = str(e.attrs.get("number") or e.name)
        rows = by_holder.get(number, [])
        names = holders.get(e.id, set()) | set(e.attrs.get("holder_names") or [])
        names |= {t["holder_name"] for t in rows if t["holder_name"]}
        out.append({"id": e.id, "number": number, "holders": sorted(names), "statement": bool(rows),
                    "total_in": round(sum(t["amount"] for t in rows if t["amount"] > 0 and t["moved"]), 2),
                    "total_out": round(-sum(t["amount"] for t in rows if t["amount"] < 0 and t["moved"]), 2),
                    "count": len(rows), "first": min((t["time"] for t in rows), default=None),
                    "last": max((t["time"] for t in rows), default=None), "mentions": e.mentions,
                    "cites": _cites(e.cites + [(t["document"], t["page"]) for t in rows])})
    out.sort(key=lambda a: (not a["statement"], -(a["total_in"] + a["total_out"]), a["number"]))
    return out


def _alerts(alerts: list[AlertFact], txs: list[dict], sel: Selection, numbers: set[str],
            names: set[str]) -> list[dict]:
    """The alerts about the selection, in the window's order (a holder's own accounts last)."""
    by_id = {t["id"]: t for t in txs}
    out = []
    for a in alerts:
        if sel.entity_ids is not None and not (set(a.accounts) & numbers or set(a.persons) & names):
            continue
        if (sel.start or sel.end) and not (sel.in_window(a.start) or sel.in_window(a.end)):
            continue
        evidence = [by_id[i] for i in a.transactions if i in by_id]
        out.append({"id": a.id, "rule": a.rule, "accounts": a.accounts, "persons": a.persons,
                    "amount": a.amount, "start": a.start, "end": a.end,
                    "explanation": a.explanation, "transactions": evidence,
                    "cites": _cites((t["document"], t["page"]) for t in evidence),
                    "params": a.params})
    return out


PICTURE_EM = 7.0  # points per wide character of a caption in the report's picture (before it is scaled to fit)


def _picture(ents: dict[int, EntityFact], nodes: list[dict], edges: list[dict], banks: dict[str, str]) -> dict:
    """The graph's first picture, as the window shows it (app.analysis.graph_focus): the suspects' networks,
    captioned, laid out with captions apart; the other nodes counted in `hidden`."""
    from app.analysis import graph_focus

    held = {e["dst"] for e in edges if e["kind"] == "owns"}
    focus_nodes = {}
    for n in nodes:
        e = ents[n["id"]]
        a = e.attrs
        roles = e.roles | set(a.get("roles") or []) | ({a["role"]} if a.get("role") else set())
        number = str(a.get("number") or e.name)
        text = graph_focus.caption(e.kind, e.name, number=number, bank=a.get("bank") or banks.get(number),
                                   holder=(a.get("holder_names") or [""])[0], held=e.id in held)
        focus_nodes[str(n["id"])] = graph_focus.Node(e.kind, text, "suspect" in roles)
    links = [(str(e["src"]), str(e["dst"]), e["kind"], e["amount"]) for e in edges]
    focus = graph_focus.default_focus(focus_nodes, links)
    pos = graph_focus.place(focus_nodes, links, focus.shown, spread=PICTURE_EM * 3.3,
                            box=lambda k: graph_focus.node_box(focus_nodes[k].caption, 6.0, PICTURE_EM), aspect=1.35)
    shown = [{**n, "label": focus_nodes[str(n["id"])].caption, "suspect": focus_nodes[str(n["id"])].suspect,
              "x": pos[str(n["id"])][0], "y": pos[str(n["id"])][1]} for n in nodes if str(n["id"]) in focus.shown]
    return {"nodes": shown, "edges": [e for e in edges if str(e["src"]) in focus.shown and str(e["dst"]) in focus.shown
                                      and e["src"] != e["dst"]],
            "hidden": focus.hidden(len(nodes)), "em": PICTURE_EM}


def _graph(ents: dict[int, EntityFact], rels: list[RelationFact], kept: set[int], sel: Selection, tx_ids: set[int],
           banks: dict[str, str] | None = None) -> dict:
    edges = []
    for r in rels:
        if r.src not in kept or r.dst not in kept:
            continue
        if r.src not in ents or r.dst not in ents:
            continue
        edge = {"id": r.id, "src": r.src, "dst": r.dst, "kind": r.kind, "label": r.kind,
                "amount": 0.0, "count": 0, "first": None, "last": None, "cites": _cites(r.cites)}
        if r.kind == "transfer":
            a = r.attrs
            if sel.start or sel.end:
                inside = [i for i in r.tx_ids if i in tx_ids]
                if not inside:
                    continue
                edge["count"] = len(inside)
            else:
                edge["count"] = int(a.get("count") or len(r.tx_ids))
            edge.update(amount=float(a.get("total") or 0.0), first=a.get("first"), last=a.get("last"))
            edge["label"] = f"¥{edge['amount']:,.0f} ({edge['count']})"
        edges.append(edge)
    used = {e["src"] for e in edges} | {e["dst"] for e in edges}
    nodes = [{"id": e.id, "kind": e.kind, "label": e.name, "mentions": e.mentions,
              "cites": _cites(e.cites)[:20]}
             for e in ents.values() if e.id in kept and e.kind in GRAPH_KINDS
             and (e.id in used or e.kind in PARTY_KINDS and e.mentions)]
    ids = {n["id"] for n in nodes}
    inner = [e for e in edges if e["src"] in ids and e["dst"] in ids]
    return {"nodes": nodes, "edges": edges, "picture": _picture(ents, nodes, inner, banks or {})}


def _timeline(events: list[EventFact], ents: dict[int, EntityFact], kept: set[int], sel: Selection,
              txs: list[dict]) -> dict:
    out = []
    for ev in events:
        ids = [i for i in ev.entities if i in ents]
        if sel.entity_ids is not None and not set(ids) & kept:
            continue
        out.append({"id": ev.id, "time": ev.time, "kind": ev.kind, "text": ev.text,
                    "entities": [ents[i].name for i in ids], "cites": _cites([ev.cite])})
    months: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for t in txs:
        m = months[t["time"][:7]]
        m[0 if t["amount"] > 0 else 1] += abs(t["amount"])
    return {"events": out, "months": [{"month": k, "in": round(v[0], 2), "out": round(v[1], 2)}
                                      for k, v in sorted(months.items())]}
