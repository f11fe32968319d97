"""Pairwise precision/recall of entity resolution (people, accounts) on synthetic dossiers with ground truth.

Trains the person-pair model on some seeds (--train writes resources/models/resolver/person_pairs.json)
and evaluates on different seeds, with the shipped model and with the rule fallback.

Two views: 'truth' feeds the truth's own mentions (located in the page text) to the resolver; 'e2e' runs
`caselens import` (text, classify, statements, extract, resolve) on the same PDF, then resolves the imported
mentions and statement rows with today's code and maps them to truth people as documented in
app.analysis.resolve.truthcase.gold_of_case (page + string + order; statement names by account holder).

    ./dev eval resolve                                  # evaluate seeds 101 102 (model + rules)
    ./dev eval resolve --train --train-seeds 1 2 3 4    # retrain, then evaluate
    ./dev eval resolve --pages 120 --e2e                # also end to end (imports cached under eval/out)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.analysis.resolve.entities import resolve_case  # noqa: E402
from app.analysis.resolve.scorer import RuleScorer, fit_logistic, load_scorer, model_path  # noqa: E402
from app.analysis.resolve.train import pairwise_pr, training_pairs  # noqa: E402
from app.analysis.resolve.truthcase import gold_case, gold_of_case, pdf_page_texts  # noqa: E402
from app.services.synth import generate_dossier  # noqa: E402

OUT = ROOT / "eval" / "out" / "resolve"


def dossier(seed: int, pages: int, lang: str):
    pdf = OUT / f"seed{seed}_{pages}_{lang}.pdf"
    truth_path = pdf.with_suffix(".truth.json")
    if not truth_path.exists():
        generate_dossier(pdf, pages=pages, seed=seed, lang=lang)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return gold_case(truth, pdf_page_texts(str(pdf)))


def imported_case(seed: int, pages: int, lang: str):
    """Import the dossier with the real CLI once (all stages), then load what resolution reads."""
    import sqlite3
    import subprocess

    from app.services.resolve import load_case_input

    dossier(seed, pages, lang)
    pdf = OUT / f"seed{seed}_{pages}_{lang}.pdf"
    case = OUT / f"seed{seed}_{pages}_{lang}.case"
    if not case.exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app.cli.main", "import", str(pdf), "--case", str(case), "--json"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        print(f"imported seed {seed} in {time.perf_counter() - t0:.1f} s")
    conn = sqlite3.connect(case)
    conn.row_factory = sqlite3.Row
    try:
        case_in = load_case_input(conn)
    finally:
        conn.close()
    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return gold_of_case(truth, case_in)


def e2e_pr(gold_of: dict[str, str], res, kind: str) -> dict:
    """Pairwise P/R over mentions ('m<id>') and statement names/accounts (refs) that have a gold identity."""
    pred: dict[str, str] = {}
    for e in res.entities:
        if e.kind != kind:
            continue
        for m in e.mentions:
            pred[f"m{m}"] = e.key
        for r in e.refs:
            pred[r] = e.key
    gold: dict[str, str] = {}
    for item in pred:
        g = gold_of.get(item)
        if g is None and item.startswith(("th:", "tc:")):
            g = gold_of.get(item.rsplit(":", 1)[0])
        if g is not None:
            gold[item] = g
    pairs_gold: dict[str, list[str]] = {}
    for item, g in gold.items():
        pairs_gold.setdefault(g, []).append(item)
    tp = fp = fn = 0
    by_pred: dict[str, list[str]] = {}
    for item in gold:
        by_pred.setdefault(pred[item], []).append(item)
    for items in by_pred.values():
        counts: dict[str, int] = {}
        for i in items:
            counts[gold[i]] = counts.get(gold[i], 0) + 1
        same = sum(c * (c - 1) // 2 for c in counts.values())
        tp += same
        fp += len(items) * (len(items) - 1) // 2 - same
    fn = sum(len(v) * (len(v) - 1) // 2 for v in pairs_gold.values()) - tp
    return {"precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0, "items": len(gold),
            "unmapped": len(pred) - len(gold), "false_merges": fp, "missed_pairs": fn, "true_pairs": tp + fn}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", action="store_true", help="retrain and write the shipped model")
    ap.add_argument("--train-seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    ap.add_argument("--eval-seeds", type=int, nargs="+", default=[101, 102])
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--lang", default="zh", choices=["zh", "mixed"])
    ap.add_argument("--e2e", action="store_true", help="also import each eval PDF with caselens import (cached)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.train:
        rows, ys = [], []
        for seed in args.train_seeds:
            r, y = training_pairs(dossier(seed, args.pages, args.lang))
            rows += r
            ys += y
        model = fit_logistic(rows, ys, f"logreg.v1 seeds={args.train_seeds} pages={args.pages}")
        model["training"] = {"pairs": len(ys), "positives": sum(ys), "seeds": args.train_seeds, "pages": args.pages}
        model_path().write_text(json.dumps(model, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"trained on {len(ys)} pairs ({sum(ys)} same-person) → {model_path()}")
    results = {}
    for name, scorer in (("model", load_scorer()), ("rules", RuleScorer())):
        for seed in args.eval_seeds:
            gold = dossier(seed, args.pages, args.lang)
            t0 = time.perf_counter()
            res = resolve_case(gold.case, scorer)
            secs = time.perf_counter() - t0
            results[f"{name} seed={seed}"] = {"scorer": scorer.name, "seconds": round(secs, 3),
                                              "mentions": len(gold.case.mentions),
                                              "people": pairwise_pr(gold.person_of, res),
                                              "accounts": pairwise_pr(gold.account_of, res)}
    if args.e2e:
        scorer = load_scorer()
        for seed in args.eval_seeds:
            gold = imported_case(seed, args.pages, args.lang)
            t0 = time.perf_counter()
            res = resolve_case(gold.case, scorer)
            secs = time.perf_counter() - t0
            results[f"e2e seed={seed}"] = {"scorer": scorer.name, "seconds": round(secs, 3),
                                           "mentions": len(gold.case.mentions),
                                           "people": e2e_pr(gold.person_of, res, "person"),
                                           "accounts": e2e_pr(gold.account_of, res, "account")}
    for k, v in results.items():
        p, a = v["people"], v["accounts"]
        print(f"{k:<18} people P={p['precision']:.4f} R={p['recall']:.4f} (false merges {p['false_merges']},"
              f" missed {p['missed_pairs']} of {p['true_pairs']})  accounts P={a['precision']:.4f}"
              f" R={a['recall']:.4f}  {v['mentions']} mentions in {v['seconds']} s")
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
