"""What the exports need from a case, gathered once as plain dicts (people, accounts, alerts, graph, timeline).

Every fact carries its citations as (document name, page number) pairs, so each writer can cite its sources.
A Selection (entity ids and/or a time window) narrows everything, so the GUI can export what it shows.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PARTY_KINDS = ("person", "organisation")
GRAPH_KINDS = ("person", "organisation", "account", "phone", "id_number")


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


def _cites(pairs) -> list[list]:
    """Unique (document, page) pairs in document then page order."""
    return [list(p) for p in sorted({(d, p) for d, p in pairs if d is not None and p is not None})]


def _entity_rows(conn: sqlite3.Connection) -> dict[int, dict]:
    ents = {}
    for r in conn.execute("SELECT id, kind, name, attrs FROM entities ORDER BY kind, name, id"):
        ents[r["id"]] = {"id": r["id"], "kind": r["kind"], "name": r["name"],
                         "attrs": json.loads(r["attrs"] or "{}"), "roles": set(), "cites": [], "mentions": 0}
    for r in conn.execute("SELECT em.entity_id, m.role, d.name AS doc, p.number FROM entity_mentions em"
                          " JOIN mentions m ON m.id = em.mention_id JOIN pages p ON p.id = m.page_id"
                          " JOIN documents d ON d.id = p.document_id"):
        e = ents.get(r["entity_id"])
        if e is None:
            continue
        e["mentions"] += 1
        e["cites"].append((r["doc"], r["number"]))
        if r["role"]:
            e["roles"].add(r["role"])
    return ents


def _relations(conn: sqlite3.Connection) -> list[dict]:
    rows = []
    pages = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT p.id, d.name, p.number FROM pages p JOIN documents d ON d.id = p.document_id")}
    tx_pages = {r[0]: r[1] for r in conn.execute("SELECT id, page_id FROM transactions")}
    for r in conn.execute("SELECT id, kind, src_entity, dst_entity, attrs, evidence FROM relations ORDER BY id"):
        evidence = json.loads(r["evidence"] or "[]")
        cites = []
        for ev in evidence:
            page_id = tx_pages.get(ev.get("transaction")) if ev.get("transaction") else None
            if page_id in pages:
                cites.append(pages[page_id])
        rows.append({"id": r["id"], "kind": r["kind"], "src": r["src_entity"], "dst": r["dst_entity"],
                     "attrs": json.loads(r["attrs"] or "{}"), "tx_ids": [ev["transaction"] for ev in evidence
                                                                         if ev.get("transaction")],
                     "cites": cites})
    return rows


def _transactions(conn: sqlite3.Connection, sel: Selection) -> list[dict]:
    from app.services.views import flag_names
    from nlp.statements.status import NOT_MOVED

    rows = conn.execute("SELECT t.id, t.holder_account, t.holder_name, t.time, t.amount, t.balance, t.currency,"
                        " t.cp_name, t.cp_account, t.channel, t.memo, t.flags, d.name AS document, p.number AS page"
                        " FROM transactions t LEFT JOIN documents d ON d.id = t.document_id"
                        " LEFT JOIN pages p ON p.id = t.page_id ORDER BY t.time, t.id")
    out = []
    for r in rows:
        if sel.in_window(r["time"]):
            row = dict(r)
            flags = set(flag_names(json.loads(row.pop("flags") or "[]")))
            row["moved"] = not flags & NOT_MOVED  # a closed or wholly refunded order moved no money
            out.append(row)
    return out


def _kept_ids(ents: dict[int, dict], rels: list[dict], sel: Selection) -> set[int]:
    """Selected entities plus the accounts, phones and ID numbers the selected parties hold."""
    if sel.entity_ids is None:
        return set(ents)
    kept = {i for i in sel.entity_ids if i in ents}
    for r in rels:
        if r["kind"] in ("owns", "holds_id", "uses_phone") and r["src"] in kept:
            kept.add(r["dst"])
    return kept


def gather(conn: sqlite3.Connection, case: str | Path, sel: Selection = ALL) -> dict:
    """The case model every export writes from (see docs/exports.md for its keys)."""
    ents = _entity_rows(conn)
    rels = _relations(conn)
    txs = _transactions(conn, sel)
    kept = _kept_ids(ents, rels, sel)
    held: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    holders: dict[int, set[str]] = defaultdict(set)
    for r in rels:
        src, dst = ents.get(r["src"]), ents.get(r["dst"])
        if src is None or dst is None:
            continue
        if r["kind"] in ("owns", "holds_id", "uses_phone"):
            held[r["src"]][dst["kind"]].add(dst["name"])
            src["cites"].extend(r["cites"][:50])  # the statement pages showing the holder also cite the party
            if dst["kind"] == "account" and src["kind"] in PARTY_KINDS:
                holders[r["dst"]].add(src["name"])
    parties = []
    for e in ents.values():
        if e["kind"] not in PARTY_KINDS or e["id"] not in kept:
            continue
        a = e["attrs"]
        parties.append({
            "id": e["id"], "kind": e["kind"], "name": e["name"],
            "roles": sorted(e["roles"] | set(a.get("roles") or [])),
            "aliases": sorted(set(a.get("aliases") or [])),
            "id_numbers": sorted(set(a.get("id_numbers") or []) | held[e["id"]]["id_number"]),
            "phones": sorted(set(a.get("phones") or []) | held[e["id"]]["phone"]),
            "accounts": sorted(held[e["id"]]["account"]),
            "mentions": e["mentions"], "cites": _cites(e["cites"])})
    parties.sort(key=lambda p: (p["kind"] != "person", not p["roles"], -p["mentions"], p["name"]))
    accounts = _accounts(ents, kept, holders, txs)
    numbers = {a["number"] for a in accounts}
    names = {p["name"] for p in parties}
    selected = _selected_transactions(txs, sel, numbers)
    return {
        "case": _summary(conn, case, selected, sel),
        "suspects": _suspects(case),
        "parties": parties,
        "accounts": accounts,
        "alerts": _alerts(conn, txs, sel, numbers, names),
        "graph": _graph(ents, rels, kept, sel, {t["id"] for t in txs}, _banks(conn)),
        "timeline": _timeline(conn, ents, kept, sel, txs),
        "identifiers": [{"id": e["id"], "kind": e["kind"], "name": e["name"], "mentions": e["mentions"],
                         "cites": _cites(e["cites"])} for e in ents.values()
                        if e["kind"] in ("phone", "id_number") and e["id"] in kept],
        "relations": [r for r in rels if r["src"] in kept and r["dst"] in kept and r["kind"] != "transfer"],
        "transactions": selected,
    }


def _suspects(case: str | Path) -> list[dict]:
    """The window's first screen (views_summary.case_summary, one read model), case-wide, as plain dicts."""
    from dataclasses import asdict

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


def _summary(conn: sqlite3.Connection, case: str | Path, txs: list[dict], sel: Selection) -> dict:
    docs = [dict(r) for r in conn.execute("SELECT id, name, kind, page_count, sha256 FROM documents ORDER BY id")]
    times = [t["time"] for t in txs if t["time"]]
    return {"name": Path(case).stem, "file": str(case), "documents": docs,
            "pages": conn.execute("SELECT count(*) FROM pages").fetchone()[0],
            "transactions": len(txs), "first": min(times)[:10] if times else None,
            "last": max(times)[:10] if times else None,
            "generated": datetime.now(UTC).astimezone().isoformat(timespec="minutes"),
            "selection": sel.as_dict()}


def _accounts(ents: dict[int, dict], kept: set[int], holders: dict[int, set[str]], txs: list[dict]) -> list[dict]:
    by_holder: dict[str, list[dict]] = defaultdict(list)
    for t in txs:
        by_holder[t["holder_account"]].append(t)
    out = []
    for e in ents.values():
        if e["kind"] != "account" or e["id"] not in kept:
            continue
        number = str(e["attrs"].get("number") or e["name"])
        rows = by_holder.get(number, [])
        names = holders.get(e["id"], set()) | set(e["attrs"].get("holder_names") or [])
        names |= {t["holder_name"] for t in rows if t["holder_name"]}
        out.append({"id": e["id"], "number": number, "holders": sorted(names), "statement": bool(rows),
                    "total_in": round(sum(t["amount"] for t in rows if t["amount"] > 0 and t["moved"]), 2),
                    "total_out": round(-sum(t["amount"] for t in rows if t["amount"] < 0 and t["moved"]), 2),
                    "count": len(rows), "first": min((t["time"] for t in rows), default=None),
                    "last": max((t["time"] for t in rows), default=None), "mentions": e["mentions"],
                    "cites": _cites(e["cites"] + [(t["document"], t["page"]) for t in rows])})
    out.sort(key=lambda a: (not a["statement"], -(a["total_in"] + a["total_out"]), a["number"]))
    return out


def _alerts(conn: sqlite3.Connection, txs: list[dict], sel: Selection, numbers: set[str],
            names: set[str]) -> list[dict]:
    by_id = {t["id"]: t for t in txs}
    out = []
    for r in conn.execute("SELECT * FROM alerts ORDER BY amount DESC, id"):
        accounts, persons = json.loads(r["accounts"] or "[]"), json.loads(r["persons"] or "[]")
        if sel.entity_ids is not None and not (set(accounts) & numbers or set(persons) & names):
            continue
        if (sel.start or sel.end) and not (sel.in_window(r["start"]) or sel.in_window(r["end"])):
            continue
        evidence = [by_id[i] for i in json.loads(r["transactions"] or "[]") if i in by_id]
        out.append({"id": r["id"], "rule": r["rule"], "accounts": accounts, "persons": persons,
                    "amount": r["amount"], "start": r["start"], "end": r["end"],
                    "explanation": r["explanation"], "transactions": evidence,
                    "cites": _cites((t["document"], t["page"]) for t in evidence),
                    "params": json.loads(r["params"] or "{}")})
    out.sort(key=lambda a: bool(a["params"].get("demoted")))  # a holder's own accounts last, as in the window
    return out


def _banks(conn: sqlite3.Connection) -> dict[str, str]:
    """Account number -> a bank some ledger names for it (the picture writes '工商银行 · 6789')."""
    return {r[0]: r[1] for r in conn.execute("SELECT cp_account, max(cp_bank) FROM transactions WHERE cp_account"
                                             " IS NOT NULL AND cp_bank IS NOT NULL AND cp_bank != '' GROUP BY cp_account")}


PICTURE_EM = 7.0  # points per wide character of a caption in the report's picture (before it is scaled to fit)


def _picture(ents: dict[int, dict], nodes: list[dict], edges: list[dict], banks: dict[str, str]) -> dict:
    """The graph's first picture, as the window shows it (app.analysis.graph_focus): the suspects' networks,
    captioned, laid out with captions apart; the other nodes counted in `hidden`."""
    from app.analysis import graph_focus

    held = {e["dst"] for e in edges if e["kind"] == "owns"}
    focus_nodes = {}
    for n in nodes:
        e = ents[n["id"]]
        a = e["attrs"]
        roles = e["roles"] | set(a.get("roles") or []) | ({a["role"]} if a.get("role") else set())
        number = str(a.get("number") or e["name"])
        text = graph_focus.caption(e["kind"], e["name"], number=number, bank=a.get("bank") or banks.get(number),
                                   holder=(a.get("holder_names") or [""])[0], held=e["id"] in held)
        focus_nodes[str(n["id"])] = graph_focus.Node(e["kind"], text, "suspect" in roles)
    links = [(str(e["src"]), str(e["dst"]), e["kind"], e["amount"]) for e in edges]
    focus = graph_focus.default_focus(focus_nodes, links)
    pos = graph_focus.place(focus_nodes, links, focus.shown, spread=PICTURE_EM * 3.3,
                            box=lambda k: graph_focus.node_box(focus_nodes[k].caption, 6.0, PICTURE_EM), aspect=1.35)
    shown = [{**n, "label": focus_nodes[str(n["id"])].caption, "suspect": focus_nodes[str(n["id"])].suspect,
              "x": pos[str(n["id"])][0], "y": pos[str(n["id"])][1]} for n in nodes if str(n["id"]) in focus.shown]
    return {"nodes": shown, "edges": [e for e in edges if str(e["src"]) in focus.shown and str(e["dst"]) in focus.shown
                                      and e["src"] != e["dst"]],
            "hidden": focus.hidden(len(nodes)), "em": PICTURE_EM}


def _graph(ents: dict[int, dict], rels: list[dict], kept: set[int], sel: Selection, tx_ids: set[int],
           banks: dict[str, str] | None = None) -> dict:
    edges = []
    for r in rels:
        if r["src"] not in kept or r["dst"] not in kept:
            continue
        if r["src"] not in ents or r["dst"] not in ents:
            continue
        edge = {"id": r["id"], "src": r["src"], "dst": r["dst"], "kind": r["kind"], "label": r["kind"],
                "amount": 0.0, "count": 0, "first": None, "last": None, "cites": _cites(r["cites"])}
        if r["kind"] == "transfer":
            a = r["attrs"]
            if sel.start or sel.end:
                inside = [i for i in r["tx_ids"] if i in tx_ids]
                if not inside:
                    continue
                edge["count"] = len(inside)
            else:
                edge["count"] = int(a.get("count") or len(r["tx_ids"]))
            edge.update(amount=float(a.get("total") or 0.0), first=a.get("first"), last=a.get("last"))
            edge["label"] = f"¥{edge['amount']:,.0f} ({edge['count']})"
        edges.append(edge)
    used = {e["src"] for e in edges} | {e["dst"] for e in edges}
    nodes = [{"id": e["id"], "kind": e["kind"], "label": e["name"], "mentions": e["mentions"],
              "cites": _cites(e["cites"])[:20]}
             for e in ents.values() if e["id"] in kept and e["kind"] in GRAPH_KINDS
             and (e["id"] in used or e["kind"] in PARTY_KINDS and e["mentions"])]
    ids = {n["id"] for n in nodes}
    inner = [e for e in edges if e["src"] in ids and e["dst"] in ids]
    return {"nodes": nodes, "edges": edges, "picture": _picture(ents, nodes, inner, banks or {})}


def _timeline(conn: sqlite3.Connection, ents: dict[int, dict], kept: set[int], sel: Selection,
              txs: list[dict]) -> dict:
    events = []
    for r in conn.execute("SELECT e.id, e.time, e.kind, e.entities, e.text, d.name AS doc, p.number FROM events e"
                          " LEFT JOIN pages p ON p.id = e.page_id LEFT JOIN documents d ON d.id = p.document_id"
                          " WHERE e.transaction_id IS NULL ORDER BY e.time, e.id"):
        ids = [i for i in json.loads(r["entities"] or "[]") if i in ents]
        if not sel.in_window(r["time"]) or (sel.entity_ids is not None and not set(ids) & kept):
            continue
        events.append({"id": r["id"], "time": r["time"], "kind": r["kind"], "text": r["text"] or "",
                       "entities": [ents[i]["name"] for i in ids],
                       "cites": _cites([(r["doc"], r["number"])])})
    months: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for t in txs:
        m = months[t["time"][:7]]
        m[0 if t["amount"] > 0 else 1] += abs(t["amount"])
    return {"events": events, "months": [{"month": k, "in": round(v[0], 2), "out": round(v[1], 2)}
                                         for k, v in sorted(months.items())]}
