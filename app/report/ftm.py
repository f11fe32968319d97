"""Case entities as FollowTheMoney JSON lines (Aleph, OpenAleph, nomenklatura) — plain dicts, no runtime dependency.

Schemata: Person, Organization, BankAccount, Ownership (party → account), Identification, Family, Associate,
Employment, Payment (one per transfer, the same transfer read from both ledgers written once). Ids are
deterministic: sha1 of the case's document hashes and the entity's key, so re-exports replace, not duplicate.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from app.report.report_html import cite

PARTY_SCHEMA = {"person": "Person", "organisation": "Organization"}
RELATION_SCHEMA = {"family": ("Family", "person", "relative"), "associate": ("Associate", "person", "associate"),
                   "co_suspect": ("Associate", "person", "associate"),
                   "employer": ("Employment", "employee", "employer")}


def _phone(number: str) -> str:
    """E.164 for mainland mobile numbers (FtM drops phone numbers it cannot place in a country)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        return "+86" + digits
    if len(digits) == 13 and digits.startswith("861"):
        return "+" + digits
    return number


class _Ids:
    def __init__(self, case: dict) -> None:
        seed = "|".join(sorted(d["sha256"] for d in case["documents"])) or case["name"]
        self.namespace = hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]

    def __call__(self, *key: object) -> str:
        raw = ":".join(str(k) for k in key)
        return hashlib.sha1(f"{self.namespace}:{raw}".encode()).hexdigest()


def _entity(eid: str, schema: str, **props) -> dict:
    clean = {}
    for k, v in props.items():
        values = [str(x) for x in (v if isinstance(v, list | tuple | set) else [v]) if x not in (None, "")]
        if values:
            clean[k] = sorted(set(values)) if isinstance(v, set) else values
    return {"id": eid, "schema": schema, "properties": clean}


def ftm_entities(model: dict) -> list[dict]:
    """FollowTheMoney entity dicts for the model's parties, accounts, identifiers, relations and transfers."""
    ids = _Ids(model["case"])
    out: list[dict] = []
    party_ids: dict[str, str] = {}   # party name -> ftm id (for ownership by name)
    by_entity: dict[int, str] = {}
    for p in model["parties"]:
        schema = PARTY_SCHEMA[p["kind"]]
        eid = ids(p["kind"], p["id"])
        by_entity[p["id"]] = eid
        party_ids.setdefault(p["name"], eid)
        props = {"name": p["name"], "alias": p["aliases"], "notes": cite(p["cites"]),
                 "description": "、".join(p["roles"]) or None}
        if schema == "Person" or p["id_numbers"]:
            props["idNumber"] = p["id_numbers"]
        props["phone"] = [_phone(x) for x in p["phones"]]
        out.append(_entity(eid, schema, **props))
        for number in p["id_numbers"]:
            out.append(_entity(ids("identification", p["id"], number), "Identification", holder=eid, number=number,
                               type="居民身份证" if len(number) == 18 else None, country="cn"))
    account_ids: dict[str, str] = {}

    def account(number: str, bank: str | None = None) -> str:
        if number not in account_ids:
            account_ids[number] = ids("account", number)
            out.append(_entity(account_ids[number], "BankAccount", accountNumber=number, bankName=bank))
        return account_ids[number]

    for a in model["accounts"]:
        aid = ids("account", a["number"])
        account_ids[a["number"]] = aid
        by_entity[a["id"]] = aid
        out.append(_entity(aid, "BankAccount", accountNumber=a["number"], notes=cite(a["cites"]),
                           name=f"{'、'.join(a['holders'])} {a['number']}".strip()))
        for holder in a["holders"]:
            if holder in party_ids:
                out.append(_entity(ids("ownership", party_ids[holder], aid), "Ownership", owner=party_ids[holder],
                                   asset=aid, role="账户持有人 account holder"))
    for r in model.get("relations", []):
        spec = RELATION_SCHEMA.get(r["kind"])
        if spec and r["src"] in by_entity and r["dst"] in by_entity:
            schema, a_prop, b_prop = spec
            out.append(_entity(ids(r["kind"], r["id"]), schema, **{a_prop: by_entity[r["src"]],
                                                                   b_prop: by_entity[r["dst"]]},
                               relationship=r["attrs"].get("label") or r["kind"], description=cite(r["cites"])))
    seen: set[tuple] = set()
    for t in model.get("transactions", []):
        if not t["cp_account"] or t["cp_account"] == t["holder_account"]:
            continue
        payer, payee = ((t["holder_account"], t["cp_account"]) if t["amount"] < 0
                        else (t["cp_account"], t["holder_account"]))
        key = (payer, payee, (t["time"] or "")[:16], round(abs(t["amount"]), 2))
        if key in seen:  # the same transfer read from both parties' ledgers
            continue
        seen.add(key)
        props = {"payerAccount": account(payer), "beneficiaryAccount": account(payee),
                 "amount": f"{abs(t['amount']):.2f}", "currency": t["currency"] or "CNY",
                 "date": (t["time"] or "")[:10] or None, "purpose": t["memo"],
                 "description": cite([[t["document"], t["page"]]]) if t["document"] else None}
        holder_party = party_ids.get(t["holder_name"] or "")
        other_party = party_ids.get(t["cp_name"] or "")
        props["payer" if t["amount"] < 0 else "beneficiary"] = holder_party
        props["beneficiary" if t["amount"] < 0 else "payer"] = other_party
        out.append(_entity(ids("payment", *key), "Payment", **props))
    return out


def write_ftm(model: dict, out: str | os.PathLike[str]) -> int:
    """Write one JSON entity per line (UTF-8); returns the number of entities."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    entities = ftm_entities(model)
    with out.open("w", encoding="utf-8") as fh:
        for e in entities:
            fh.write(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n")
    return len(entities)
