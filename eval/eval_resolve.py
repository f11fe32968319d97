"""Pairwise precision/recall of entity resolution (people, accounts) on synthetic dossiers with ground truth.

Trains the person-pair model (gradient-boosted trees) on training seeds, in both views below, and writes
resources/models/resolver/person_pairs.json; evaluates on other seeds with the shipped model and the rules.

Two views: 'truth' feeds the truth's own mentions (located in the page text) to the resolver; 'e2e' runs
`caselens import` (text, classify, statements, extract, resolve) on the same PDF, then resolves the imported
mentions and statement rows with today's code and maps them to truth people as documented in
app.analysis.resolve.truthcase.gold_of_case (page + string + order; statement names by account holder).
--scanned generates a scanned dossier and imports it (OCR, a few CPU seconds a page): end to end only.

    ./dev eval resolve                                   # evaluate seeds 201-205 (model + rules), 120 pages
    ./dev eval resolve --e2e --eval-seeds 601 602        # also end to end (imports cached under eval/out)
    ./dev eval resolve --train --e2e                     # retrain on TRAIN_SEEDS, then evaluate
    ./dev eval resolve --scanned --pages 30 --eval-seeds 701

Per seed and pooled (true / false pairs summed over the seeds evaluated, per view and scorer) figures are
printed and written to eval/out/resolve/results.json. Delete eval/out/resolve/*.case after extraction
changes (NER model, rules, PIPELINE_VERSION): the imports are cached and would measure the old extractor.
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
from app.analysis.resolve.scorer import RuleScorer, fit_boosting, load_scorer, model_path  # noqa: E402
from app.analysis.resolve.truthcase import gold_case, gold_of_case, pdf_page_texts  # noqa: E402
from app.services.synth import generate_dossier  # noqa: E402
from devkit.resolve.train import pairwise_pr, training_pairs  # noqa: E402

OUT = ROOT / "eval" / "out" / "resolve"
TRAIN_SEEDS = [1, 2, 3, 4, 7, 11, 12, 13, 14, 15, 16, 17, 18]   # evaluation seeds (101+, 201+, 301+) never train


def _pdf(seed: int, pages: int, lang: str, scanned: bool = False) -> Path:
    pdf = OUT / f"seed{seed}_{pages}_{lang}{'_scan' if scanned else ''}.pdf"
    if not pdf.with_suffix(".truth.json").exists():
        generate_dossier(pdf, pages=pages, seed=seed, lang=lang, scanned=scanned)
    return pdf


def dossier(seed: int, pages: int, lang: str):
    pdf = _pdf(seed, pages, lang)
    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return gold_case(truth, pdf_page_texts(str(pdf)))


def imported_case(seed: int, pages: int, lang: str, scanned: bool = False):
    """Import the dossier with the real CLI once (all stages; a scanned one is OCRed), then load its case."""
    import sqlite3
    import subprocess

    from app.services.resolve import load_case_input

    pdf = _pdf(seed, pages, lang, scanned)
    case = pdf.with_suffix(".case")
    if not case.exists():
        t0 = time.perf_counter()
        rc = subprocess.run([sys.executable, "-m", "app.cli.main", "import", str(pdf), "--case", str(case), "--json"],
                            cwd=ROOT, check=False, stdout=subprocess.DEVNULL).returncode
        if not case.exists():
            raise SystemExit(f"import of seed {seed} wrote no case (exit {rc})")
        # exit 1 = some file or row failed (e.g. E011 unreadable statement rows): the case is still measured
        print(f"imported seed {seed} in {time.perf_counter() - t0:.1f} s" + (f" (exit {rc})" if rc else ""))
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


def truth_item_gold(gold) -> callable:
    return lambda item: gold.person_of.get(int(item[1:])) if item[:1] == "m" and item[1:].isdigit() else None


def e2e_item_gold(gold) -> callable:
    def of(item: str):
        g = gold.person_of.get(item)
        if g is None and item.startswith(("th:", "tc:")):
            g = gold.person_of.get(item.rsplit(":", 1)[0])
        return g
    return of


def train(args) -> None:
    """Pairs from both views of every training seed → gradient-boosted trees → the shipped JSON model."""
    rows, ys, ws, per_seed = [], [], [], {}
    for seed in args.train_seeds:
        views = [("truth", dossier(seed, args.pages, args.lang), truth_item_gold)]
        views.append(("e2e", imported_case(seed, args.pages, args.lang), e2e_item_gold))
        for view, gold, item_gold in views:
            r, y, w = training_pairs(gold.case, item_gold(gold))
            rows += r
            ys += y
            ws += w
            per_seed[f"{view} {seed}"] = [len(y), sum(y)]
    name = f"gbt.v2 seeds={args.train_seeds[0]}..{args.train_seeds[-1]} pages={args.pages}"
    model = fit_boosting(rows, ys, ws, name)
    model["training"] = {"pairs": len(ys), "positives": sum(ys), "seeds": args.train_seeds, "pages": args.pages,
                         "views": ["truth", "e2e"], "pairs_per_seed": per_seed}
    model_path().write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"trained on {len(ys)} pairs ({sum(ys)} same-person) → {model_path()}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", action="store_true", help="retrain and write the shipped model")
    ap.add_argument("--train-seeds", type=int, nargs="+", default=TRAIN_SEEDS)
    ap.add_argument("--eval-seeds", type=int, nargs="+", default=[201, 202, 203, 204, 205])
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--lang", default="zh", choices=["zh", "mixed"])
    ap.add_argument("--e2e", action="store_true", help="also import each eval PDF with caselens import (cached)")
    ap.add_argument("--no-rules", action="store_true", help="evaluate the shipped model only")
    ap.add_argument("--scanned", action="store_true", help="end to end on scanned dossiers only (OCR: keep --pages small)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.train:
        if set(args.train_seeds) & set(args.eval_seeds):
            ap.error("training and evaluation seeds overlap")
        train(args)
    scorers = [("model", load_scorer())] + ([] if args.no_rules else [("rules", RuleScorer())])
    results = {}
    for seed in args.eval_seeds:
        views = [] if args.scanned else [("truth", dossier(seed, args.pages, args.lang))]
        if args.e2e or args.scanned:
            views.append(("scan" if args.scanned else "e2e", imported_case(seed, args.pages, args.lang, args.scanned)))
        for view, gold in views:
            for name, scorer in scorers:
                t0 = time.perf_counter()
                res = resolve_case(gold.case, scorer)
                secs = time.perf_counter() - t0
                if view == "truth":
                    people, accounts = pairwise_pr(gold.person_of, res), pairwise_pr(gold.account_of, res)
                else:
                    people, accounts = e2e_pr(gold.person_of, res, "person"), e2e_pr(gold.account_of, res, "account")
                results[f"{view} {name} seed={seed}"] = {"scorer": scorer.name, "seconds": round(secs, 3),
                                                         "mentions": len(gold.case.mentions),
                                                         "people": people, "accounts": accounts}
    for k, v in results.items():
        p, a = v["people"], v["accounts"]
        print(f"{k:<22} people P={p['precision']:.4f} R={p['recall']:.4f} (false merges {p['false_merges']},"
              f" missed {p['missed_pairs']} of {p['true_pairs']})  accounts P={a['precision']:.4f}"
              f" R={a['recall']:.4f}  {v['mentions']} mentions in {v['seconds']} s")
    for k, v in pooled(results).items():
        p, a = v["people"], v["accounts"]
        print(f"pooled {k:<15} people P={p['precision']:.4f} R={p['recall']:.4f} (false merges {p['false_merges']},"
              f" missed {p['missed_pairs']} of {p['true_pairs']})  accounts P={a['precision']:.4f}"
              f" R={a['recall']:.4f} (false merges {a['false_merges']}, missed {a['missed_pairs']} of"
              f" {a['true_pairs']})  over {v['seeds']} seeds")
        results[f"pooled {k}"] = v
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def pooled(results: dict) -> dict:
    """Pairwise P/R over all evaluated seeds together, per view and scorer: true and false pairs summed."""
    out: dict[str, dict] = {}
    for key, v in results.items():
        group = key.split(" seed=")[0]
        g = out.setdefault(group, {"seeds": 0, "people": {}, "accounts": {}})
        g["seeds"] += 1
        for kind in ("people", "accounts"):
            acc = g[kind]
            for f in ("true_pairs", "false_merges", "missed_pairs"):
                acc[f] = acc.get(f, 0) + v[kind][f]
    for g in out.values():
        for kind in ("people", "accounts"):
            acc = g[kind]
            tp = acc["true_pairs"] - acc["missed_pairs"]
            acc["precision"] = round(tp / (tp + acc["false_merges"]), 4) if tp + acc["false_merges"] else 1.0
            acc["recall"] = round(tp / acc["true_pairs"], 4) if acc["true_pairs"] else 1.0
    return out


if __name__ == "__main__":
    raise SystemExit(main())
