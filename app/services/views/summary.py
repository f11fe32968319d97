"""What an officer sees first: the case's suspects, their accounts, their money, their alerts and their pages.

One read model (typed records) for the window's case summary and the report. Money is the ledger less the rows
that moved none (closed or wholly refunded orders, `nlp.statements.status.NOT_MOVED`): the rows the analysis reads.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from app.core.counterparties import is_institution, is_intermediary
from app.services.views import CaseView
from app.services.views.model import AlertFact, alert_facts
from app.store.alerts import ledger_rows
from app.store.read import entities as read_entities
from app.store.read import facts as read_facts
from app.store.read import pages as read_pages
from nlp.statements.status import NOT_MOVED

MAX_SUSPECTS = 8
MAX_COUNTERPARTIES = 5
MAX_PAGES = 12
FALLBACK_PEOPLE = 5  # no roles in the records: the people with the most money or mentions
_BANK = re.compile(r"(?<![手网])((?:中国)?[\u4e00-\u9fff]{2,4}银行|HSBC|Citibank|Standard Chartered)")
_NOT_BANKS = ("手机银行", "网上银行", "电子银行")


@dataclass(frozen=True)
class AccountFlow:
    """One of a suspect's accounts: `label` is 'bank · 1234' (the last four digits)."""

    entity_id: int
    number: str
    bank: str
    label: str
    money_in: float
    money_out: float
    rows: int


@dataclass(frozen=True)
class CounterpartyFlow:
    name: str
    account: str
    money_in: float     # from the counterparty to the suspect
    money_out: float    # from the suspect to the counterparty
    rows: int

    @property
    def total(self) -> float:
        return self.money_in + self.money_out


@dataclass(frozen=True)
class AlertRef:
    """An alert about the suspect. For a case-wide list (unrequested accounts) only the suspect's share: the listed
    accounts that are their counterparties (`listed`), the money and rows between them."""

    id: int
    rule: str
    amount: float
    transactions: int
    listed: int = 0


@dataclass(frozen=True)
class PageRef:
    page_id: int
    document: str
    number: int
    page_type: str
    mentions: int


@dataclass(frozen=True)
class SuspectSummary:
    entity_id: int
    name: str
    role: str                   # 'suspect', another role, or '' (chosen by money or mentions)
    chosen_by: str              # 'role' | 'money' | 'mentions'
    mentions: int
    accounts: tuple[AccountFlow, ...]
    money_in: float
    money_out: float
    counterparties: tuple[CounterpartyFlow, ...]
    alerts: tuple[AlertRef, ...]
    pages: tuple[PageRef, ...]


@dataclass(frozen=True)
class CaseSummary:
    suspects: tuple[SuspectSummary, ...]
    documents: int
    pages: int
    transactions: int
    alerts: int


def entity_roles(entity: dict) -> set[str]:
    """Every role the records give an entity (attrs.roles, attrs.role, its mentions' most frequent role)."""
    attrs = entity.get("attrs") or {}
    roles = set(attrs.get("roles") or []) | {attrs.get("role") or "", entity.get("role") or ""}
    return {r for r in roles if r}


def is_person(entity: dict) -> bool:
    """A person entity that is no bank, platform or police unit (the resolver's rule, for older cases too)."""
    return entity["kind"] == "person" and not (entity.get("attrs") or {}).get("intermediary") \
        and not is_institution(entity["name"])


def entity_rank(entity: dict) -> tuple:
    """The entity list's order: suspects, then other people with a role, then people, then everything else by
    mentions; banks, payment platforms and police units last."""
    roles = entity_roles(entity)
    institution = bool((entity.get("attrs") or {}).get("intermediary")) or is_institution(entity["name"])
    if institution:
        tier = 5
    elif "suspect" in roles:
        tier = 0
    elif is_person(entity) and roles - {"account_holder"}:
        tier = 1
    elif is_person(entity):
        tier = 2
    elif entity["kind"] == "account":
        tier = 3
    else:
        tier = 4
    return (tier, -(entity.get("mentions") or 0), entity["name"])


def ranked_entities(view: CaseView, kinds: list[str] | None = None) -> list[dict]:
    """view.entities in the entity list's order (entity_rank)."""
    return sorted(view.entities(kinds), key=entity_rank)


def account_label(number: str, bank: str) -> str:
    digits = "".join(c for c in str(number) if c.isdigit()) or str(number)
    return f"{bank} · {digits[-4:]}" if bank else f"· {digits[-4:]}"


def case_summary(view: CaseView, *, max_suspects: int = MAX_SUSPECTS) -> CaseSummary:
    """The suspects (roles from the records; with none, the people with the most money, then mentions), each
    with accounts, money in and out, top counterparties by amount, alerts and the pages that name them."""
    entities = view.entities(["person", "account"])
    by_id = {e["id"]: e for e in entities}
    people = [e for e in entities if is_person(e)]
    owned: dict[int, list[dict]] = defaultdict(list)
    for holder, held_id in read_entities.owns_pairs(view.conn()):
        acct = by_id.get(held_id)
        if acct is not None and acct["kind"] == "account":
            owned[holder].append(acct)
    rows = ledger_rows(view.conn(), NOT_MOVED)
    held: dict[str, list[dict]] = defaultdict(list)
    named: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        held[str(row["holder_account"] or "")].append(row)
        if row["cp_account"]:
            named[str(row["cp_account"])].append(row)

    def numbers(acct: dict) -> list[str]:
        extra = (acct.get("attrs") or {}).get("number")
        return list(dict.fromkeys([acct["name"], *([str(extra)] if extra else [])]))

    def flows(acct: dict) -> list[tuple[float, str, str]]:
        """(signed amount seen from this account, counterparty name, counterparty account) per ledger row: its
        own statement, else the other side's rows mirrored."""
        own = [r for n in numbers(acct) for r in held.get(n, [])]
        if own:
            return [(float(r["amount"] or 0), r["cp_name"] or "", r["cp_account"] or "") for r in own]
        return [(-float(r["amount"] or 0), r["holder_name"] or "", r["holder_account"] or "")
                for n in numbers(acct) for r in named.get(n, [])]

    def money_of(person: dict) -> float:
        return sum(abs(a) for acct in owned.get(person["id"], []) for a, _, _ in flows(acct))

    suspects = [(p, "role") for p in people if "suspect" in entity_roles(p)]
    if not suspects:
        by_money = sorted((p for p in people if money_of(p) > 0), key=lambda p: -money_of(p))[:FALLBACK_PEOPLE]
        suspects = [(p, "money") for p in by_money]
        if len(suspects) < FALLBACK_PEOPLE:
            chosen = {p["id"] for p, _ in suspects}
            rest = sorted((p for p in people if p["id"] not in chosen and p["mentions"]),
                          key=lambda p: -(p["mentions"] or 0))
            suspects += [(p, "mentions") for p in rest[:FALLBACK_PEOPLE - len(suspects)]]
    # Named suspects as the entity list orders them (mentions: the main suspect is the most written about);
    # chosen ones in the order they were chosen by.
    suspects.sort(key=lambda pc: (pc[1] != "role", -(pc[0]["mentions"] or 0) if pc[1] == "role" else 0,
                                  pc[1] != "money", -money_of(pc[0]), -(pc[0]["mentions"] or 0), pc[0]["name"]))
    alerts = alert_facts(view.conn())
    out = [_suspect(view, p, why, owned.get(p["id"], []), flows, numbers, alerts) for p, why in suspects[:max_suspects]]
    count = read_pages.case_counts(view.conn())
    return CaseSummary(tuple(out), count[0], count[1], count[2], len(alerts))


def _suspect(view: CaseView, person: dict, chosen_by: str, accounts: list[dict], flows, numbers,
             alerts: list[AlertFact]) -> SuspectSummary:
    account_flows, mine = [], set()
    cps: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for acct in accounts:
        mine.update(numbers(acct))
        moves = flows(acct)
        money_in = sum(a for a, _, _ in moves if a > 0)
        money_out = -sum(a for a, _, _ in moves if a < 0)
        bank = str((acct.get("attrs") or {}).get("bank") or "") or _bank_of(view, numbers(acct))
        account_flows.append(AccountFlow(acct["id"], acct["name"], bank, account_label(acct["name"], bank),
                                         round(money_in, 2), round(money_out, 2), len(moves)))
        for amount, name, number in moves:
            if not (name or number):
                continue
            cp = cps[(number, name)]
            cp[0 if amount > 0 else 1] += abs(amount)
            cp[2] += 1
    merged: dict[str, CounterpartyFlow] = {}
    for (number, name), (m_in, m_out, n) in cps.items():
        if number in mine or is_intermediary(name):  # own accounts; platforms stand for someone else
            continue
        key = number or name
        old = merged.get(key)
        merged[key] = CounterpartyFlow(name or (old.name if old else ""), number,
                                       round(m_in + (old.money_in if old else 0), 2),
                                       round(m_out + (old.money_out if old else 0), 2), n + (old.rows if old else 0))
    top = sorted(merged.values(), key=lambda c: -c.total)[:MAX_COUNTERPARTIES]
    own_alerts = []
    for a in alerts:
        ranked = a.params.get("ranked")
        if ranked:  # one alert listing accounts for the whole case: the suspect's own counterparties among them
            theirs = [merged[r["account"]] for r in ranked if r.get("account") in merged]
            if theirs:
                own_alerts.append(AlertRef(a.id, a.rule, round(sum(c.total for c in theirs), 2),
                                           sum(c.rows for c in theirs), len(theirs)))
        elif person["name"] in a.persons or person["id"] in a.persons or mine & set(a.accounts):
            own_alerts.append(AlertRef(a.id, a.rule, float(a.amount or 0), len(a.transactions)))
    pages: Counter = Counter()
    where: dict[int, dict] = {}
    for m in view.entity_mentions(person["id"]):
        pages[m["page_id"]] += 1
        where.setdefault(m["page_id"], m)
    types = {p["id"]: p["page_type"] or "" for p in view.pages()} if pages else {}
    refs = tuple(PageRef(pid, where[pid]["document_name"], where[pid]["number"], types.get(pid, ""), n)
                 for pid, n in pages.most_common(MAX_PAGES))
    refs = tuple(sorted(refs, key=lambda r: (r.document, r.number)))
    roles = entity_roles(person)
    role = "suspect" if "suspect" in roles else (person.get("role") or "")
    return SuspectSummary(person["id"], person["name"], role, chosen_by, person["mentions"] or 0,
                          tuple(account_flows), round(sum(a.money_in for a in account_flows), 2),
                          round(sum(a.money_out for a in account_flows), 2), tuple(top), tuple(own_alerts), refs)


def _bank_of(view: CaseView, numbers: list[str]) -> str:
    """The bank of an account: what other statements say (cp_bank), else the bank its own statement page names."""
    named = read_facts.commonest_bank(view.conn(), numbers)
    if named:
        m = _BANK.search(named)
        return m.group(1) if m else named
    for m in _BANK.finditer(read_facts.statement_text(view.conn(), numbers)):
        if m.group(1) not in _NOT_BANKS:
            return m.group(1)
    return ""
