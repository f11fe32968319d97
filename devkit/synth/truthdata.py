"""Assemble the truth document from a planned dossier: cast, ledger, patterns, relations, pages."""

from __future__ import annotations

from devkit.synth.ledger import rows_of, signed


def build_truth(plan, laid, rotations: list[int], *, seed: int, lang: str, scanned: bool, files: dict,
                inquiry_rows: int | None, schema: str) -> dict:
    cast, ledger = plan.cast, plan.ledger
    people = [{
        "id": p.pid, "name": p.name, "anonymised": p.anonymised, "aliases": p.aliases, "gender": p.gender,
        "birth_date": p.birth.isoformat(), "id_number": p.id_number, "region_code": p.id_number[:6],
        "roles": p.roles, "phone": p.phone, "address": p.address, "hukou": p.hukou, "employer": p.employer,
        "ethnicity": p.ethnicity, "english": p.english} for p in cast.people]
    page_of_tid: dict[str, list[int]] = {}
    pages = []
    for i, ((spec, vol, vpage), rot) in enumerate(zip(laid, rotations, strict=True), 1):
        for r in spec.rows:
            page_of_tid.setdefault(r["tid"], []).append(i)
        pages.append({"number": i, "volume": vol, "volume_page": vpage, "type": spec.kind, "title": spec.title,
                      "rotation": rot, "width": spec.width, "height": spec.height, "entities": spec.entities,
                      "rows": spec.rows, "meta": spec.meta})
    accounts = []
    for a in cast.accounts + ledger.externals:
        entry = {"id": a.aid, "number": a.number, "bank": a.bank, "branch": a.branch, "holder_id": a.holder_id,
                 "holder_name": a.holder_name, "holder_id_number": a.holder_id_number or None, "kind": a.kind,
                 "currency": a.currency, "in_case": a.in_case, "layout": a.layout or None}
        if a.in_case:
            rows = rows_of(ledger.txs, a)
            entry["opening_balance"] = a.opening_balance
            entry["closing_balance"] = round(a.opening_balance + sum(signed(t, a) for t in rows), 2)
            entry["statement_rows"] = len(rows)
        accounts.append(entry)
    txs = [{
        "id": t.tid, "time": t.time.isoformat(), "amount": t.amount,
        "src_account": t.src.number if t.src else None, "src_name": t.src.holder_name if t.src else None,
        "dst_account": t.dst.number if t.dst else None, "dst_name": t.dst.holder_name if t.dst else None,
        "memo": t.memo, "channel": t.channel, "kind": t.kind, "success": t.success, "serial": t.serial,
        "patterns": t.pattern, "pages": page_of_tid.get(t.tid, [])} for t in ledger.txs]
    relations = []
    for r in cast.relations:
        ev = plan.relation_evidence.get((r.a, r.b), {})
        relations.append({"a": r.a, "b": r.b, "kind": r.kind, "detail": r.detail,
                          "sentence": ev.get("sentence") or f"{cast.person(r.a).name}与{cast.person(r.b).name}系{r.detail}关系。",
                          "stated_in_dossier": bool(ev), "pages": _pages_of(laid, ev.get("spec"))})
    patterns = [{"id": p.pid, "type": p.type, "transaction_ids": p.tids, "accounts": p.accounts,
                 "description": p.description} for p in ledger.patterns]
    vols = {}
    for i, (_, vol, _) in enumerate(laid, 1):
        vols.setdefault(vol, [i, i])[1] = i
    return {
        "schema": schema, "seed": seed, "lang": lang, "scanned": scanned, "files": files,
        "case": {"case_no": cast.case_no, "crime": cast.crime, "bureau": cast.bureau, "unit": cast.unit,
                 "officers": cast.officers, "region_code": cast.region.code,
                 "dates": {k: v.isoformat() for k, v in plan.dates.items()}},
        "people": people,
        "organizations": [{"id": o.oid, "name": o.name, "kind": o.kind, "legal_rep": o.legal_rep} for o in cast.orgs],
        "accounts": accounts,
        "phones": [{"number": p.phone, "holder_id": p.pid} for p in cast.people],
        "transactions": txs, "relations": relations, "patterns": patterns,
        "volumes": [{"number": v, "first_page": a, "last_page": b} for v, (a, b) in sorted(vols.items())],
        "pages": pages, "inquiry_rows": inquiry_rows,
    }


def _pages_of(laid, spec) -> list[int]:
    if spec is None:
        return []
    return [i for i, (s, _, _) in enumerate(laid, 1) if s is spec]
