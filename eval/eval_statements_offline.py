"""Scanned statement parsing re-scored offline on saved OCR words: per layout exact, flagged, silent, missed, diffs.

Usage: ./dev eval statements_offline [--seeds 1 2 3] [--words FILE (one seed)] [--examples 3] [--layout NAME]
The words come from `./dev eval statements --scanned --pages 40 --seeds N` (it saves them as
eval/out/scanned_words_seedN.json; fresh OCR each time, so recapture after an OCR change); the truth is
regenerated once with the same pages/seed and cached beside them (scanned_truth_seedN.json). No OCR runs
here, so a parser change is scored in seconds. Seeds whose words are missing are skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.eval_statements import evaluate  # noqa: E402

KEYS = ("rows", "exact", "flagged_wrong", "silent_wrong", "missed", "extra", "flagged_exact")


def load_truth(path: Path, pages: int, seed: int) -> dict:
    """The synthetic dossier's truth, cached as JSON (generating a scanned dossier takes a minute or two)."""
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    from app.services.synth import generate_dossier

    with tempfile.TemporaryDirectory() as tmp:
        truth = generate_dossier(Path(tmp) / f"d{seed}.pdf", pages=pages, seed=seed, lang="zh", scanned=True)
    path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth


def _row(name: str, s: dict) -> str:
    pct = 100 * s["exact"] / s["rows"] if s["rows"] else 0.0
    return (f"{name:<22}{s['rows']:>6}{s['exact']:>7}{pct:>7.2f}%{s['flagged_wrong']:>9}{s['silent_wrong']:>8}"
            f"{s['missed']:>8}{s['extra']:>7}{s['flagged_exact']:>7}")


def score_seed(seed: int, words: Path, pages_n: int, examples: int) -> dict | None:
    """Per-layout stats of one seed's saved words, or None when they are missing or stale."""
    if not words.exists():
        print(f"{words}: no saved OCR words; run ./dev eval statements --scanned --pages {pages_n} --seeds {seed}")
        return None
    pages = json.loads(words.read_text(encoding="utf-8"))
    truth = load_truth(words.with_name(f"scanned_truth_seed{seed}.json"), pages_n, seed)
    if len(truth["pages"]) != len(pages):
        print(f"{words} has {len(pages)} pages, the truth {len(truth['pages'])}: recapture the words")
        return None
    started = time.perf_counter()
    stats = evaluate(truth, [tuple(p) for p in pages], examples=examples)
    print(f"seed {seed}: {words.name}, parse {time.perf_counter() - started:.2f} s")
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", "--seed", type=int, nargs="+", default=[1])
    ap.add_argument("--pages", type=int, default=40, help="pages of the dossier the words were captured from")
    ap.add_argument("--words", default=None, help="a words file (only with one seed)")
    ap.add_argument("--examples", type=int, default=3, help="wrong rows shown per layout")
    ap.add_argument("--layout", default=None, help="only this layout")
    args = ap.parse_args()
    total: dict[str, dict] = {}
    for seed in args.seeds:
        words = Path(args.words if args.words and len(args.seeds) == 1 else f"eval/out/scanned_words_seed{seed}.json")
        stats = score_seed(seed, words, args.pages, args.examples)
        for layout, s in (stats or {}).items():
            agg = total.setdefault(layout, dict.fromkeys(KEYS, 0) | {"examples": []})
            for k in KEYS:
                agg[k] += s[k]
            agg["examples"] += [{**ex, "seed": seed} for ex in s["examples"]]
    print(f"{'layout':<22}{'rows':>6}{'exact':>7}{'%':>8}{'flagged':>9}{'silent':>8}{'missed':>8}{'extra':>7}"
          f"{'noise':>7}")
    sums = dict.fromkeys(KEYS, 0)
    causes: Counter = Counter()
    for layout, s in sorted(total.items()):
        if args.layout and layout != args.layout:
            continue
        print(_row(layout, s))
        for k in KEYS:
            sums[k] += s[k]
    print(_row("ALL", sums))
    for layout, s in sorted(total.items()):
        if args.layout and layout != args.layout or not s["examples"]:
            continue
        print(f"\n{layout}:")
        for ex in s["examples"][: args.examples * len(args.seeds)]:
            flags = ",".join(ex["flags"]) or "UNFLAGGED"
            print(f"  seed {ex['seed']} p{ex['page']} {ex['tid']} [{flags}]")
            for fld, (got, want) in ex["diff"].items():
                print(f"      {fld:<14} want {want!r:<34} got {got!r}")
        causes.update(ex["flags"][0] if ex["flags"] else "UNFLAGGED" for ex in s["examples"])
    if causes:
        print("\nfirst flag of the wrong rows shown:", ", ".join(f"{k} {n}" for k, n in causes.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
