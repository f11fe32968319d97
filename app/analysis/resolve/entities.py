"""Whole-case resolution: mentions and statement rows → entities of every kind, each with its mentions."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from app.analysis.resolve import names as nm
from app.analysis.resolve.accounts import (
    account_number,
    canonical_org,
    group_orgs,
    is_masked,
    resolve_accounts,
)
from app.analysis.resolve.anchors import find_anchors
from app.analysis.resolve.cluster import cluster_people
from app.analysis.resolve.persons import (
    build_units,
    looks_like_org,
    person_records,
    statement_person_name,
    txn_person_ref,
)
from app.analysis.resolve.records import CaseInput, Layout, layout
from app.core.counterparties import is_intermediary, name_key

KIND_OF_LABEL = {"ID_NUMBER": "id_number", "PHONE": "phone", "EMAIL": "email", "PLATE": "vehicle",
                 "PLACE": "place", "ACCOUNT": "account", "BANK_CARD": "account", "ORG": "organisation",
                 "PERSON": "person"}


@dataclass
class EntityOut:
    """One resolved entity: a stable key, its mentions with score and reasons, other references."""

    key: str
    kind: str
    name: str
    attrs: dict = field(default_factory=dict)
    mentions: dict[int, tuple[float, list[str]]] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)   # 'acct:<key>', 'org:<key>', 'th:…'/'tc:…' statement names


@dataclass
class Resolution:
    entities: list[EntityOut]
    layout: Layout
    account_key: dict[str, str]                  # raw normalised number → account key
    org_key: dict[str, str]                      # raw name → organisation key
    resolver: str
    # name key (app.core.counterparties) of a counterparty named without an account → its entity key
    counterparty_of: dict[str, str] = field(default_factory=dict)


def value_key(label: str, value: str) -> str:
    """Normalised identifier value: NFKC, no spaces; ID numbers upper case, phones digits only."""
    v = unicodedata.normalize("NFKC", value or "").strip()
    if label == "ID_NUMBER":
        return v.replace(" ", "").upper()
    if label == "PHONE":
        digits = "".join(c for c in v if c.isdigit())
        return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
    if label == "EMAIL":
        return v.lower()
    return "".join(v.split()) if label in ("PLATE", "PLACE") else v


def resolve_case(case: CaseInput, scorer, rejected: set[int] | None = None) -> Resolution:
    """Resolve everything in the case; `rejected` mention ids are left out of every entity."""
    rejected = rejected or set()
    lay = layout(case)
    mentions = [m for m in case.mentions if m.id not in rejected]
    numbers = [account_number(m.value or m.text) for m in mentions if m.label in ("ACCOUNT", "BANK_CARD")]
    for t in case.transactions:
        numbers += [account_number(t.holder_account), account_number(t.cp_account)]
    acct = resolve_accounts([n for n in numbers if n])
    entities: dict[str, EntityOut] = {}

    def entity(key: str, kind: str, name: str) -> EntityOut:
        if key not in entities:
            entities[key] = EntityOut(key, kind, name)
        return entities[key]

    org_names = [m.value or m.text for m in mentions if m.label == "ORG"]
    org_names += [n for t in case.transactions for n in (t.holder_name, t.cp_name) if n and looks_like_org(n)]
    org_names += [n for n in _name_only_counterparties(case) if not statement_person_name(n)]
    org_of = group_orgs(org_names)
    org_forms: dict[str, list[str]] = defaultdict(list)
    for raw, k in org_of.items():
        org_forms[k].append(raw)
    for m in mentions:
        kind = KIND_OF_LABEL.get(m.label)
        if kind is None or kind == "person":
            continue
        raw = m.value or m.text
        if kind == "account":
            number = account_number(raw)
            if not number:
                continue
            key = acct.key_of.get(number, number)
            e = entity(f"account:{key}", kind, key)
            e.mentions[m.id] = (1.0 if number == key else 0.9, [acct.reasons.get(number, "same_number")])
        elif kind == "organisation":
            k = org_of.get(raw, raw)
            e = entity(f"organisation:{k}", kind, canonical_org(org_forms.get(k, [raw])))
            e.mentions[m.id] = (1.0, ["same_name" if raw == e.name else "same_name_without_legal_form"])
        else:
            v = value_key(m.label, raw)
            if not v:
                continue
            e = entity(f"{kind}:{v}", kind, v)
            e.mentions[m.id] = (1.0, ["same_value"])
    for t in case.transactions:
        for side, number, name in (("th", t.holder_account, t.holder_name), ("tc", t.cp_account, t.cp_name)):
            n = account_number(number)
            if n:
                key = acct.key_of.get(n, n)
                e = entity(f"account:{key}", "account", key)
                e.refs.add(f"acct:{n}")
                if name:
                    e.attrs.setdefault("_names", Counter())[nm.clean_name(name)] += 1
            named_only = side == "tc" and not n and name and name.strip() and not statement_person_name(name)
            if name and (looks_like_org(name) or named_only):
                k = org_of.get(name, name)
                entity(f"organisation:{k}", "organisation", canonical_org(org_forms.get(k, [name]))).refs.add(f"org:{k}")
    for e in entities.values():
        if e.kind == "account":
            names = e.attrs.pop("_names", Counter())
            e.attrs.update({"number": e.name, "masked": is_masked(e.name)})
            if names:
                e.attrs["holder_names"] = [n for n, _ in names.most_common(3)]
    records = person_records(case, lay, acct, rejected, find_anchors(case, lay))
    units = build_units(records)
    for cl in cluster_people(units, scorer, lay.alias_pairs):
        first = min((m for u in cl.units for m in u.mention_ids), default=None)
        key = f"person:m{first}" if first is not None else "person:" + min(r for u in cl.units for r in u.extra_refs)
        e = EntityOut(key, "person", cl.name)
        e.attrs = {"aliases": sorted({u.name for u in cl.units} - {cl.name}),
                   "id_numbers": sorted({i for u in cl.units for i in u.id_numbers}),
                   "phones": sorted({p for u in cl.units for p in u.phones}),
                   "roles": [r for r, _ in sum((u.roles for u in cl.units), Counter()).most_common()],
                   "merges": [{"names": [_unit_name(cl, m.a), _unit_name(cl, m.b)], "score": round(m.score, 3),
                               "reasons": m.reasons} for m in cl.merges]}
        if not any(u.mention_ids for u in cl.units):   # named only in statements: their pages are the evidence
            e.attrs["statement_pages"] = sorted({p for u in cl.units for p in u.pages})
        for u in cl.units:
            join = cl.joined_by.get(u.uid)
            score, reasons = (round(join.score, 3), list(join.reasons)) if join else (1.0, [])
            base = ["same_name"] + (["shared_identifier"] if u.id_numbers or u.phones or u.accounts else [])
            for mid in u.mention_ids:
                e.mentions[mid] = (score, base + reasons)
            e.refs.update(u.extra_refs)
        entities[key] = e
    for e in entities.values():
        if e.kind == "organisation" and is_intermediary(e.name):
            e.attrs["intermediary"] = True   # a payment platform or clearing house: not a party
    res = Resolution(list(entities.values()), lay, acct.key_of, org_of, getattr(scorer, "name", "rules"))
    link_counterparties(case, res)
    return res


def _name_only_counterparties(case: CaseInput) -> list[str]:
    return [t.cp_name for t in case.transactions if t.cp_name and t.cp_name.strip() and not account_number(t.cp_account)]


def link_counterparties(case: CaseInput, res: Resolution) -> None:
    """Each counterparty named without an account → its entity (the person its statement name joined, else the
    organisation), in res.counterparty_of; the entity keeps the name keys (attrs.counterparty_names) so the graph
    links ledger rows to it. Run again after curation: a merge or split moves the statement references."""
    by_ref = {r: e.key for e in res.entities for r in e.refs}
    by_key = {e.key: e for e in res.entities}
    for e in res.entities:
        e.attrs.pop("counterparty_names", None)
    out: dict[str, str] = {}
    for raw in dict.fromkeys(_name_only_counterparties(case)):
        key = name_key(raw)
        if not key or key in out:
            continue
        person = statement_person_name(raw)
        ent = by_ref.get(txn_person_ref("tc", "", person)) if person else by_ref.get(f"org:{res.org_key.get(raw, raw)}")
        if ent is None:
            continue
        out[key] = ent
        names = by_key[ent].attrs.setdefault("counterparty_names", [])
        if key not in names:
            names.append(key)
    res.counterparty_of = out


def _unit_name(cl, uid: int) -> str:
    return next((u.name for u in cl.units if u.uid == uid), "")
