"""Training pairs for the person scorer from gold cases, and pairwise precision/recall of a resolution."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from app.analysis.resolve.accounts import account_number, resolve_accounts
from app.analysis.resolve.cluster import candidate_pairs
from app.analysis.resolve.entities import Resolution
from app.analysis.resolve.features import may_merge, pair_features
from app.analysis.resolve.persons import build_units, person_records
from app.analysis.resolve.records import layout
from app.analysis.resolve.truthcase import GoldCase


def training_pairs(gold: GoldCase) -> tuple[list[list[float]], list[int]]:
    """Feature rows and labels for every candidate pair the clusterer would score (pure units only)."""
    case = gold.case
    lay = layout(case)
    numbers = [account_number(m.value or m.text) for m in case.mentions if m.label in ("ACCOUNT", "BANK_CARD")]
    numbers += [account_number(n) for t in case.transactions for n in (t.holder_account, t.cp_account) if n]
    units = build_units(person_records(case, lay, resolve_accounts([n for n in numbers if n]), set()))
    label: dict[int, str] = {}
    for u in units:
        golds = Counter(gold.person_of[m] for m in u.mention_ids if m in gold.person_of)
        if golds and golds.most_common(1)[0][1] == sum(golds.values()):
            label[u.uid] = golds.most_common(1)[0][0]
    by_id = {u.uid: u for u in units}
    rows, ys = [], []
    for a, b in sorted(candidate_pairs(units)):
        if a not in label or b not in label or not may_merge(by_id[a], by_id[b], lay.alias_pairs):
            continue
        vec, _ = pair_features(by_id[a], by_id[b], lay.alias_pairs)
        rows.append(vec)
        ys.append(int(label[a] == label[b]))
    return rows, ys


def pairwise_pr(gold_of: dict[int, str], res: Resolution) -> dict[str, float]:
    """Pairwise precision and recall over mentions that have a gold identity."""
    pred: dict[int, str] = {}
    for e in res.entities:
        for m in e.mentions:
            pred[m] = e.key
    ids = sorted(m for m in gold_of if m in pred)
    missing = len(gold_of) - len(ids)
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        same_gold, same_pred = gold_of[a] == gold_of[b], pred[a] == pred[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "mentions": len(ids), "unresolved": missing,
            "true_pairs": tp + fn, "false_merges": fp, "missed_pairs": fn}
