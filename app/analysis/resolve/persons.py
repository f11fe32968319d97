"""Person records (one per PERSON mention or statement holder/counterparty name) grouped into units.

A unit is what is certain before any scoring: one name plus identifiers that join its records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.analysis.resolve import names as nm
from app.analysis.resolve.accounts import AccountKeys, account_number
from app.analysis.resolve.features import PersonUnit
from app.analysis.resolve.records import CaseInput, Layout
from app.analysis.resolve.spans import mention_names
from app.core.counterparties import is_institution, is_intermediary
from domain.checkdigits import id_check_ok

_ORG_HINTS = ("公司", "银行", "超市", "商行", "店", "厂", "中心", "集团", "学校", "医院", "局", "所", "部",
              "Ltd", "LTD", "Limited", "Inc", "Co.", "Bank", "财付通", "支付宝", "微信", "美团", "京东")


@dataclass
class PersonRecord:
    ref: str                     # 'm:<mention id>' or 'th:<account>:<name>' / 'tc:<account>:<name>'
    name: str
    page_id: int | None
    segment: int | None
    role: str | None = None
    mention_id: int | None = None
    id_numbers: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    anchor: object = None        # anchors.Anchor for a loose form (李某) the record structure ties to someone


def looks_like_org(name: str) -> bool:
    return (any(h in name for h in _ORG_HINTS) or len(name) > 6 and not nm.is_latin(name)
            or is_intermediary(name) or is_institution(name))


def statement_person_name(name: str | None) -> str:
    """A statement name read as a person's (cleaned), or '' when it is an organisation, a platform or no name."""
    clean = nm.clean_name(name or "")
    if not clean or looks_like_org(clean) or not (nm.full_name(clean) or nm.anonymised(clean)):
        return ""
    return clean


def plausible_id_number(value: str, before: str) -> bool:
    """An ID number written after an ID label (身份证号…), or an 18-character one whose check digit is right.

    A statement's 15-digit merchant number, unlabelled, is not an ID: it would forbid true merges.
    """
    v = value.strip().upper()
    if not (len(v) in (15, 18) and v[:15].isdigit()):
        return False
    if any(k in before for k in ("身份证", "证件", "公民身份")):
        return True
    return id_check_ok(v)


def txn_person_ref(kind: str, account: str, name: str) -> str:
    """Stable reference of a statement name: holder ('th') or counterparty ('tc') of an account."""
    return f"{kind}:{account}:{name}"


def person_records(case: CaseInput, lay: Layout, acct: AccountKeys, rejected: set[int],
                   anchors: dict | None = None) -> list[PersonRecord]:
    """Every PERSON mention with the identifiers that belong to it, plus names from statements."""
    anchors = anchors or {}
    names = mention_names(case)
    recs: dict[int, PersonRecord] = {}
    for m in case.mentions:
        if m.label != "PERSON" or m.id in rejected:
            continue
        name = names[m.id]
        if not name or name in nm.NOT_NAMES:
            continue
        recs[m.id] = PersonRecord(f"m:{m.id}", name, m.page_id, lay.segment_of_page.get(m.page_id), m.role, m.id,
                                  anchor=anchors.get(m.id))
    for m in case.mentions:
        owner = lay.owner_of.get(m.id)
        if owner is None or owner not in recs or m.id in rejected:
            continue
        rec = recs[owner]
        value = (m.value or m.text or "").strip()
        if m.label == "ID_NUMBER":
            if plausible_id_number(value, case.pages[m.page_id].text[max(0, m.start - 12):m.start]):
                rec.id_numbers.add(value.upper())
        elif m.label == "PHONE":
            rec.phones.add("".join(c for c in value if c.isdigit()))
        elif m.label in ("ACCOUNT", "BANK_CARD"):
            key = acct.key_of.get(account_number(value))
            if key and "*" not in key:
                rec.accounts.add(key)
    out = list(recs.values())
    seen: set[str] = set()
    for t in case.transactions:
        for kind, name, number in (("th", t.holder_name, t.holder_account), ("tc", t.cp_name, t.cp_account)):
            name = statement_person_name(name)
            key = acct.key_of.get(account_number(number), "") if number else ""
            if not name:
                continue
            ref = txn_person_ref(kind, key, name)
            if ref in seen:
                continue
            seen.add(ref)
            seg = lay.segment_of_page.get(t.page_id) if t.page_id is not None else None
            out.append(PersonRecord(ref, name, t.page_id, seg, "account_holder" if kind == "th" else None,
                                    accounts={key} if key and "*" not in key else set()))
    return out


def build_units(records: list[PersonRecord]) -> list[PersonUnit]:
    """Same name + shared identifier → one unit; identifier-less records of a full name join when unambiguous."""
    by_name: dict[str, list[PersonRecord]] = defaultdict(list)
    for r in records:
        by_name[r.name].append(r)
    units: list[PersonUnit] = []
    for name, recs in sorted(by_name.items()):
        anchored = [r for r in recs if r.anchor is not None and not (r.id_numbers or r.phones or r.accounts)]
        recs = [r for r in recs if r not in anchored]
        for r in anchored:  # its own unit: it joins only whom the structure names (or an identifier)
            units.append(_unit(len(units), name, [r]))
        groups = _identifier_groups(recs)
        bare = [r for r in recs if not (r.id_numbers or r.phones or r.accounts)]
        with_ids = [g for g in groups if any(r.id_numbers or r.phones or r.accounts for r in g)]
        distinct_ids = {i for g in with_ids for r in g for i in r.id_numbers}
        if nm.anonymised(name) or len(distinct_ids) > 1 or not nm.full_name(name):
            by_seg: dict[int | None, list[PersonRecord]] = defaultdict(list)
            for r in bare:
                by_seg[r.segment].append(r)
            parts = with_ids + list(by_seg.values())
        elif len(with_ids) <= 1:
            parts = [(with_ids[0] if with_ids else []) + bare]
        else:  # one person with several phones/cards not yet tied: keep the groups, bare ones join the biggest
            with_ids.sort(key=len, reverse=True)
            parts = [with_ids[0] + bare] + with_ids[1:]
        for part in parts:
            if part:
                units.append(_unit(len(units), name, part))
    return units


def _identifier_groups(recs: list[PersonRecord]) -> list[list[PersonRecord]]:
    parent = list(range(len(recs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, r in enumerate(recs):
        for ident in [f"id:{x}" for x in r.id_numbers] + [f"ph:{x}" for x in r.phones] + [f"ac:{x}" for x in r.accounts]:
            if ident in first:
                parent[find(i)] = find(first[ident])
            else:
                first[ident] = i
    groups: dict[int, list[PersonRecord]] = defaultdict(list)
    for i, r in enumerate(recs):
        if r.id_numbers or r.phones or r.accounts:
            groups[find(i)].append(r)
    # two ID numbers in one group means a misattached number: split it by ID number
    out = []
    for g in groups.values():
        ids = {i for r in g for i in r.id_numbers}
        if len(ids) <= 1:
            out.append(g)
            continue
        for ident in sorted(ids):
            out.append([r for r in g if ident in r.id_numbers])
        rest = [r for r in g if not r.id_numbers]
        if rest:
            out.append(rest)
    return out


def _unit(uid: int, name: str, recs: list[PersonRecord]) -> PersonUnit:
    u = PersonUnit(uid, name)
    for r in recs:
        if r.mention_id is not None:
            u.mention_ids.append(r.mention_id)
        else:
            u.extra_refs.append(r.ref)
        u.id_numbers |= r.id_numbers
        u.phones |= r.phones
        u.accounts |= r.accounts
        if r.segment is not None:
            u.segments.add(r.segment)
        if r.page_id is not None:
            u.pages.add(r.page_id)
        if r.role:
            u.roles[r.role] += 1
        if r.anchor is not None:
            u.anchor = r.anchor
    return u
