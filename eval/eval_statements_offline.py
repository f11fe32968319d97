"""Scanned statement parsing re-scored offline on saved OCR words: per layout exact, flagged, silent, missed, diffs.

Usage: ./dev eval statements_offline [--seed 1] [--words eval/out/scanned_words_seed1.json] [--examples 3]
The words come from `./dev eval statements --scanned --pages 40 --seeds 1` (it saves them); the truth is
regenerated once with the same pages/seed and cached beside them (scanned_truth_seed1.json). No OCR runs here,
so a parser change is scored in seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.eval_statements import evaluate  # noqa: E402


def load_truth(path: Path, pages: int, seed: int) -> dict:
    """The synthetic dossier's truth, cached as JSON (generating a scanned dossier takes a minute or two)."""
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    from app.services.synth import generate_dossier

    with tempfile.TemporaryDirectory() as tmp:
        truth = generate_dossier(Path(tmp) / f"d{seed}.pdf", pages=pages, seed=seed, lang="zh", scanned=True)
    path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pages", type=int, default=40, help="pages of the dossier the words were captured from")
    ap.add_argument("--words", default=None)
    ap.add_argument("--examples", type=int, default=3, help="wrong rows shown per layout")
    ap.add_argument("--layout", default=None, help="only this layout")
    args = ap.parse_args()
    words = Path(args.words or f"eval/out/scanned_words_seed{args.seed}.json")
    if not words.exists():
        print(f"{words}: no saved OCR words; run ./dev eval statements --scanned --pages {args.pages} "
              f"--seeds {args.seed} first")
        return 0
    pages = json.loads(words.read_text(encoding="utf-8"))
    truth = load_truth(words.with_name(f"scanned_truth_seed{args.seed}.json"), args.pages, args.seed)
    if len(truth["pages"]) != len(pages):
        print(f"{words} has {len(pages)} pages, the truth {len(truth['pages'])}: recapture the words")
        return 1
    started = time.perf_counter()
    stats = evaluate(truth, [tuple(p) for p in pages], examples=args.examples)
    took = time.perf_counter() - started
    print(f"statements offline ({words.name}, parse {took:.2f} s)")
    print(f"{'layout':<22}{'rows':>6}{'exact':>7}{'%':>8}{'flagged':>9}{'silent':>8}{'missed':>8}{'extra':>7}"
          f"{'noise':>7}")
    sums = dict.fromkeys(("rows", "exact", "flagged_wrong", "silent_wrong", "missed", "extra", "flagged_exact"), 0)
    for layout, s in sorted(stats.items()):
        if args.layout and layout != args.layout:
            continue
        pct = 100 * s["exact"] / s["rows"] if s["rows"] else 0.0
        print(f"{layout:<22}{s['rows']:>6}{s['exact']:>7}{pct:>7.2f}%{s['flagged_wrong']:>9}{s['silent_wrong']:>8}"
              f"{s['missed']:>8}{s['extra']:>7}{s['flagged_exact']:>7}")
        for k in sums:
            sums[k] += s[k]
    pct = 100 * sums["exact"] / sums["rows"] if sums["rows"] else 0.0
    print(f"{'ALL':<22}{sums['rows']:>6}{sums['exact']:>7}{pct:>7.2f}%{sums['flagged_wrong']:>9}"
          f"{sums['silent_wrong']:>8}{sums['missed']:>8}{sums['extra']:>7}{sums['flagged_exact']:>7}")
    for layout, s in sorted(stats.items()):
        if args.layout and layout != args.layout or not s["examples"]:
            continue
        print(f"\n{layout}:")
        for ex in s["examples"]:
            flags = ",".join(ex["flags"]) or "UNFLAGGED"
            print(f"  p{ex['page']} {ex['tid']} [{flags}]")
            for fld, (got, want) in ex["diff"].items():
                print(f"      {fld:<14} want {want!r:<34} got {got!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
