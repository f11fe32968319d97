"""Pairwise precision/recall of entity resolution (people, accounts) on synthetic dossiers with ground truth.

Trains the person-pair model on some seeds (--train writes resources/models/resolver/person_pairs.json)
and evaluates on different seeds, with the shipped model and with the rule fallback.

    ./dev eval resolve                                  # evaluate seeds 101 102 (model + rules)
    ./dev eval resolve --train --train-seeds 1 2 3 4    # retrain, then evaluate
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
from app.analysis.resolve.truthcase import gold_case, pdf_page_texts  # noqa: E402
from app.services.synth import generate_dossier  # noqa: E402

OUT = ROOT / "eval" / "out" / "resolve"


def dossier(seed: int, pages: int, lang: str):
    pdf = OUT / f"seed{seed}_{pages}_{lang}.pdf"
    truth_path = pdf.with_suffix(".truth.json")
    if not truth_path.exists():
        generate_dossier(pdf, pages=pages, seed=seed, lang=lang)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return gold_case(truth, pdf_page_texts(str(pdf)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", action="store_true", help="retrain and write the shipped model")
    ap.add_argument("--train-seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    ap.add_argument("--eval-seeds", type=int, nargs="+", default=[101, 102])
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--lang", default="zh", choices=["zh", "mixed"])
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
    for k, v in results.items():
        p, a = v["people"], v["accounts"]
        print(f"{k:<18} people P={p['precision']:.4f} R={p['recall']:.4f} (false merges {p['false_merges']},"
              f" missed {p['missed_pairs']} of {p['true_pairs']})  accounts P={a['precision']:.4f}"
              f" R={a['recall']:.4f}  {v['mentions']} mentions in {v['seconds']} s")
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
