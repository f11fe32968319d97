"""The ground-truth JSON written next to a synthetic dossier, and a hand-written validator for it."""

from __future__ import annotations

import json
from pathlib import Path

from devkit.synth.identifiers import valid_luhn, valid_mobile, valid_resident_id

SCHEMA = "caselens.synth.truth/1"
PAGE_TYPES = ("cover", "contents", "form", "interrogation", "inquiry", "narrative", "bank_statement",
              "id_record", "other")
ROLES = ("suspect", "victim", "witness", "account_holder")
RELATION_KINDS = ("family", "associate", "co_suspect", "employer")
PATTERN_TYPES = ("fast_in_fast_out", "scatter_in_gather_out", "structuring", "night_transfer", "cycle",
                 "multi_hop_chain")
ENTITY_LABELS = ("person", "organization", "account", "phone", "id_number", "money", "date", "time", "address",
                 "bank", "place", "police_unit", "case_number")


def write_truth(truth: dict, path: str | Path) -> None:
    """Deterministic compact JSON (sorted keys, no timestamps) so identical seeds give identical files."""
    Path(path).write_text(json.dumps(truth, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                          encoding="utf-8")


def _need(errors: list[str], obj: dict, keys: tuple[str, ...], where: str) -> None:
    for k in keys:
        if k not in obj:
            errors.append(f"{where}: missing {k}")


def validate(truth: dict) -> list[str]:
    """Every problem found in a truth document (empty list when it is valid)."""
    e: list[str] = []
    if truth.get("schema") != SCHEMA:
        e.append(f"schema is {truth.get('schema')!r}, want {SCHEMA}")
    _need(e, truth, ("seed", "lang", "scanned", "case", "people", "organizations", "accounts", "phones",
                     "transactions", "relations", "patterns", "volumes", "pages", "files"), "truth")
    if e:
        return e
    people = {p["id"]: p for p in truth["people"]}
    holders = set(people) | {o["id"] for o in truth["organizations"]}
    for p in truth["people"]:
        _need(e, p, ("id", "name", "aliases", "roles", "id_number", "gender", "birth_date", "phone"), f"person {p.get('id')}")
        if not valid_resident_id(p.get("id_number", "")):
            e.append(f"person {p['id']}: bad resident ID {p.get('id_number')}")
        elif p["id_number"][6:14] != p["birth_date"].replace("-", ""):
            e.append(f"person {p['id']}: ID birth date differs from birth_date")
        elif (int(p["id_number"][16]) % 2 == 1) != (p["gender"] == "男"):
            e.append(f"person {p['id']}: ID sex digit differs from gender")
        if not set(p.get("roles", [])) <= set(ROLES) or not p.get("roles"):
            e.append(f"person {p['id']}: bad roles {p.get('roles')}")
        if not valid_mobile(p.get("phone", "")):
            e.append(f"person {p['id']}: bad phone {p.get('phone')}")
    accounts = {}
    for a in truth["accounts"]:
        _need(e, a, ("id", "number", "bank", "holder_id", "holder_name", "kind", "in_case"), f"account {a.get('id')}")
        accounts[a["number"]] = a
        n = a.get("number", "")
        if a.get("kind") == "personal" and not (16 <= len(n) <= 19 and valid_luhn(n)):
            e.append(f"account {a['id']}: personal card {n} fails length/Luhn")
        if a.get("kind") == "corporate" and not (n.isdigit() and 12 <= len(n) <= 22):
            e.append(f"account {a['id']}: corporate account {n} not 12-22 digits")
        if a.get("in_case") and a.get("holder_id") not in holders:
            e.append(f"account {a['id']}: unknown holder {a.get('holder_id')}")
    tids = set()
    for t in truth["transactions"]:
        _need(e, t, ("id", "time", "amount", "src_account", "dst_account", "success"), f"transaction {t.get('id')}")
        tids.add(t["id"])
        for side in ("src_account", "dst_account"):
            if t.get(side) is not None and t[side] not in accounts:
                e.append(f"transaction {t['id']}: {side} {t[side]} not in accounts")
        if not t.get("amount", 0) > 0:
            e.append(f"transaction {t['id']}: amount must be positive")
    for r in truth["relations"]:
        if r.get("kind") not in RELATION_KINDS or r.get("a") not in people or r.get("b") not in people:
            e.append(f"relation {r}: bad kind or people")
        if not r.get("sentence"):
            e.append(f"relation {r.get('a')}-{r.get('b')}: no sentence")
    for p in truth["patterns"]:
        if p.get("type") not in PATTERN_TYPES:
            e.append(f"pattern {p.get('id')}: bad type {p.get('type')}")
        if not p.get("transaction_ids") or not set(p["transaction_ids"]) <= tids:
            e.append(f"pattern {p.get('id')}: transaction ids missing")
    for ph in truth["phones"]:
        if not valid_mobile(ph.get("number", "")):
            e.append(f"phone {ph}: bad number")
    numbers = [pg.get("number") for pg in truth["pages"]]
    if numbers != list(range(1, len(numbers) + 1)):
        e.append("pages: numbers are not 1..N in order")
    for pg in truth["pages"]:
        where = f"page {pg.get('number')}"
        _need(e, pg, ("number", "volume", "volume_page", "type", "entities", "rows", "rotation"), where)
        if pg.get("type") not in PAGE_TYPES:
            e.append(f"{where}: bad type {pg.get('type')}")
        if not 1 <= pg.get("volume_page", 0) <= 200:
            e.append(f"{where}: volume page {pg.get('volume_page')} outside 1..200")
        if pg.get("rotation") not in (0, 90, 180, 270):
            e.append(f"{where}: bad rotation")
        for ent in pg.get("entities", []):
            if ent.get("label") not in ENTITY_LABELS or not ent.get("text"):
                e.append(f"{where}: bad entity {ent}")
        for row in pg.get("rows", []):
            if row.get("tid") not in tids or row.get("account") not in accounts:
                e.append(f"{where}: row {row.get('tid')} unknown transaction or account")
    return e
