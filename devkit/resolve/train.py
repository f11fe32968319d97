"""Training pairs for the person scorer from gold cases, and pairwise precision/recall of a resolution."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from itertools import combinations

from app.analysis.resolve.accounts import account_number, resolve_accounts
from app.analysis.resolve.anchors import find_anchors
from app.analysis.resolve.cluster import scorable_pairs
from app.analysis.resolve.entities import Resolution
from app.analysis.resolve.persons import build_units, person_records
from app.analysis.resolve.records import CaseInput, layout


def training_pairs(case: CaseInput, gold_of_item: Callable[[str], str | None]
                   ) -> tuple[list[list[float]], list[int], list[float]]:
    """Feature rows, labels and weights for every pair the clusterer would score, built exactly as it builds them.

    A unit is labelled when all its gold-mapped items ('m<mention id>' or statement refs) agree; pairs of
    unlabelled or mixed units are left out. Weight log(1 + |a|·|b|): pairwise metrics count mention pairs.
    """
    lay = layout(case)
    numbers = [account_number(m.value or m.text) for m in case.mentions if m.label in ("ACCOUNT", "BANK_CARD")]
    numbers += [account_number(n) for t in case.transactions for n in (t.holder_account, t.cp_account) if n]
    recs = person_records(case, lay, resolve_accounts([n for n in numbers if n]), set(), find_anchors(case, lay))
    units = build_units(recs)
    label: dict[int, str] = {}
    for u in units:
        golds = Counter(g for g in map(gold_of_item, [f"m{m}" for m in u.mention_ids] + u.extra_refs) if g)
        if len(golds) == 1:
            label[u.uid] = next(iter(golds))
    by_id = {u.uid: u for u in units}
    rows, ys, ws = [], [], []
    for a, b, vec, _ in scorable_pairs(units, lay.alias_pairs):
        if a in label and b in label:
            rows.append(vec)
            ys.append(int(label[a] == label[b]))
            ws.append(math.log1p(by_id[a].size * by_id[b].size))
    return rows, ys, ws


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
