"""A synthetic dossier's truth as resolution input with gold identities: for training and evaluation.

Mentions are the truth's own entities located in the page text in order; statement rows come from the
truth's transactions, as the statement parser would give them. Gold ids never reach the resolver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.analysis.resolve.accounts import account_number
from app.analysis.resolve.records import CaseInput, MentionIn, PageIn, TxnIn

LABELS = {"person": "PERSON", "account": "BANK_CARD", "phone": "PHONE", "id_number": "ID_NUMBER",
          "organization": "ORG", "date": "DATE", "time": "TIME", "place": "PLACE", "address": "PLACE"}


@dataclass
class GoldCase:
    case: CaseInput
    person_of: dict[int, str] = field(default_factory=dict)    # PERSON mention id → truth person id
    account_of: dict[int, str] = field(default_factory=dict)   # account mention id → truth account number


def gold_case(truth: dict, page_texts: list[str]) -> GoldCase:
    """Locate every truth entity in its page's text (in order) and build mentions and statement rows."""
    pages = {i + 1: PageIn(i + 1, 1, i + 1, t) for i, t in enumerate(page_texts)}
    by_name: dict[str, str] = {}
    for p in truth["people"]:
        for n in [p["name"], *p.get("aliases", [])]:
            by_name.setdefault(n, p["id"])
    fulls = {a["number"] for a in truth["accounts"]}
    gold = GoldCase(CaseInput(pages, []))
    for pg in truth["pages"]:
        pid = pg["number"]
        text = pages[pid].text if pid in pages else ""
        cursor = 0
        for ent in pg["entities"]:
            label = LABELS.get(ent["label"])
            if label is None or not ent.get("text"):
                continue
            start = text.find(ent["text"], cursor)
            if start < 0:
                start = text.find(ent["text"])
            if start < 0:
                continue
            cursor = start + len(ent["text"])
            mid = len(gold.case.mentions) + 1
            value = ent["text"] if label == "PERSON" else ent.get("value") or ent["text"]
            gold.case.mentions.append(MentionIn(mid, pid, start, cursor, label, ent["text"], value))
            if label == "PERSON":  # people outside the cast (officers) are identified by their name
                gold.person_of[mid] = by_name.get(ent.get("value") or "", "v:" + (ent.get("value") or ent["text"]))
            if label == "BANK_CARD":
                n = account_number(ent.get("value") or ent["text"])
                match = [f for f in fulls if f == n] or [f for f in fulls if "*" in n and
                                                          f.startswith(n.split("*")[0]) and f.endswith(n.rsplit("*")[-1])]
                if len(match) == 1:
                    gold.account_of[mid] = match[0]
    acct = {a["number"]: a for a in truth["accounts"]}
    page_of_row: dict[tuple, int] = {}
    for pg in truth["pages"]:
        for row in pg.get("rows", []):
            page_of_row[(row["tid"], row["account"])] = pg["number"]
    tid = 0
    for t in truth["transactions"]:
        if not t.get("success", True):
            continue
        for side, other, sign in (("src_account", "dst_account", -1), ("dst_account", "src_account", 1)):
            a = acct.get(t.get(side) or "")
            if a is None or not a.get("in_case"):
                continue
            cp = acct.get(t.get(other) or "")
            tid += 1
            gold.case.transactions.append(TxnIn(
                tid, a["number"], t["time"], sign * float(t["amount"]), a["holder_name"],
                cp["number"] if cp else None, cp["holder_name"] if cp else t.get("cp_name"),
                page_of_row.get((t["id"], a["number"]))))
    return gold


def pdf_page_texts(pdf_path: str) -> list[str]:
    import pymupdf

    with pymupdf.open(pdf_path) as doc:
        return [page.get_text() for page in doc]


def gold_of_case(truth: dict, case: CaseInput) -> GoldCase:
    """Gold identities for a case imported end to end (extractor's own mentions and parsed statement rows).

    PERSON mention → truth person: the truth's person entities of page N are located in the imported page
    text in order (as gold_case does); an extracted mention gets the gold of the located truth entity its
    span overlaps (its value names the person). Mentions overlapping none (officers, extraction errors) get
    no gold and are left out. Statement names → truth person of the
    account holder ('th:') or counterparty ('tc:') by account number. Account mentions and statement
    accounts → truth account by number (masked numbers only when exactly one truth account fits).
    Keys are 'm<mention id>' and the statement reference strings the resolver uses ('th:…', 'tc:…').
    """
    by_name: dict[str, str] = {}
    for p in truth["people"]:
        for n in [p["name"], *p.get("aliases", [])]:
            by_name.setdefault(n, p["id"])
    holder_of = {account_number(a["number"]): a.get("holder_id") for a in truth["accounts"]}
    person_ids = {p["id"] for p in truth["people"]}
    fulls = {account_number(a["number"]) for a in truth["accounts"]}
    page_of_number = {p.number: pid for pid, p in case.pages.items() if p.document_id == min(
        q.document_id for q in case.pages.values())}
    spans: dict[int, list[tuple[int, int, str]]] = {}     # page id → located truth people (start, end, gold)
    for pg in truth["pages"]:
        pid = page_of_number.get(pg["number"])
        if pid is None:
            continue
        text, cursor = case.pages[pid].text, 0
        for ent in pg["entities"]:
            if ent["label"] != "person" or not ent.get("text"):
                continue
            start = text.find(ent["text"], cursor)
            if start < 0:
                continue
            cursor = start + len(ent["text"])
            spans.setdefault(pid, []).append(
                (start, cursor, by_name.get(ent.get("value") or "", "v:" + (ent.get("value") or ent["text"]))))
    gold = GoldCase(case)
    for m in case.mentions:
        if m.label == "PERSON":
            hit = [g for s, e, g in spans.get(m.page_id, []) if s < m.end and m.start < e]
            if hit:
                gold.person_of[f"m{m.id}"] = hit[0]
        elif m.label in ("ACCOUNT", "BANK_CARD"):
            match = _truth_account(account_number(m.value or m.text), fulls)
            if match:
                gold.account_of[f"m{m.id}"] = match
    for t in case.transactions:
        for kind, number in (("th", t.holder_account), ("tc", t.cp_account)):
            n = account_number(number or "")
            match = _truth_account(n, fulls) if n else None
            if match and holder_of.get(match) in person_ids:
                gold.person_of[f"{kind}:{n}"] = holder_of[match]   # matched to refs by prefix below
            if match:
                gold.account_of[f"acct:{n}"] = match
    return gold


def _truth_account(n: str, fulls: set[str]) -> str | None:
    if n in fulls:
        return n
    if "*" in n:
        cands = [f for f in fulls if f.startswith(n.split("*")[0]) and f.endswith(n.rsplit("*")[-1])]
        return cands[0] if len(cands) == 1 else None
    return None
