"""Precision and recall of record comparison (笔录比对) on synthetic dossiers with planted findings.

Each seed writes a dossier with `--plant-records` (copied answers, contradictions, timing overlaps,
implausible durations, a record before registration, all in the truth's `records` part), imports it through
the product's own import (text layer, page types, extraction), runs `compare-records` and matches the
findings with the truth: copies and contradictions by the pages of their two sides (±1 page: a passage may
start on the page after its answer), timing by kind and the records' first pages. Boilerplate wrongly
reported counts reported copies whose text is one of the generator's standard answers. Usage:
./dev eval records [--pages 300] [--seeds 101 202 303 404 505]   (the seeds were not used to tune)
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

CATEGORIES = ("copies", "contradictions", "timing")


def _near(a: int, b: int) -> bool:
    return abs(a - b) <= 1


def _pair_match(f: dict, t: dict) -> bool:
    fa, fb, ta, tb = f["a"]["page"], f["b"]["page"], t["a"]["page"], t["b"]["page"]
    return (_near(fa, ta) and _near(fb, tb)) or (_near(fa, tb) and _near(fb, ta))


def _timing_match(f: dict, t: dict, first_pages: dict[int, int]) -> bool:
    if f["kind"] != t["kind"]:
        return False
    got = sorted({first_pages.get(f["a"]["record_index"], -1), first_pages.get(f["b"]["record_index"], -1)})
    want = sorted(set(t["records"]))
    return got == want or (len(want) == 1 and want[0] in got)


def _norm(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def score(found: dict, truth: dict, first_pages: dict[int, int], counts: dict[str, Counter],
          misses: list[str]) -> None:
    rec = truth["records"]
    boiler = [_norm(b) for b in rec["boilerplate"] if len(_norm(b)) >= 10]
    for cat in CATEGORIES:
        want = rec[cat]
        c = counts.setdefault(cat, Counter())
        used: set[int] = set()
        for f in found[cat]:
            hit = next((i for i, t in enumerate(want) if i not in used and (
                _timing_match(f, t, first_pages) if cat == "timing" else _pair_match(f, t))), None)
            if hit is None:
                c["fp"] += 1
                if cat == "copies" and any(b in _norm(f["a"]["text"]) or _norm(f["a"]["text"]) in b for b in boiler):
                    counts.setdefault("boilerplate", Counter())["reported"] += 1
                misses.append(f"FP {cat}/{f['kind']}: p{f['a']['page']} / p{f['b']['page']} {f['a']['text'][:45]} / "
                              f"{f['b']['text'][:45]}")
                continue
            used.add(hit)
            c["tp"] += 1
            if cat == "contradictions" and f["kind"] == want[hit]["kind"]:
                c["kind_ok"] += 1
        for i, t in enumerate(want):
            if i not in used:
                c["fn"] += 1
                where = t.get("records") or [t["a"]["page"], t["b"]["page"]]
                misses.append(f"FN {cat}/{t.get('kind') or ''}: pages {where} {t.get('a', {}).get('text', '')[:40]}")
    counts.setdefault("boilerplate", Counter())["passages"] += len(rec["boilerplate"])


def evaluate(pages: int, seed: int, workdir: Path, counts: dict[str, Counter], misses: list[str]) -> dict:
    from app.services.imports import import_paths
    from app.services.records import compare_case_records, list_records
    from devkit.synth.dossier import write_dossier

    pdf = workdir / f"records-{seed}.pdf"
    truth = write_dossier(pdf, pages=pages, seed=seed, plant_records=True)
    case = workdir / f"records-{seed}.case"
    import_paths([pdf], case=case)
    t0 = time.perf_counter()
    found = compare_case_records(case)
    secs = time.perf_counter() - t0
    recs = list_records(case)
    first_pages = {r["index"]: r["pages"][0] for r in recs}
    score(found, truth, first_pages, counts, misses)
    want = {r["pages"][0]: r for r in truth["records"]["records"]}
    header_ok = sum(1 for r in recs if r["pages"][0] in want and r["person"] == want[r["pages"][0]]["person"]
                    and (r["start"] or "")[:16] == want[r["pages"][0]]["start"][:16]
                    and r["officers"] == want[r["pages"][0]]["officers"])
    counts.setdefault("records", Counter()).update({"truth": len(want), "found": len(recs), "header_ok": header_ok})
    return {"seed": seed, "records": len(recs), "seconds": round(secs, 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seeds", type=int, nargs="+", default=[101, 202, 303, 404, 505])
    ap.add_argument("--show", type=int, default=12, help="misses and false findings listed")
    args = ap.parse_args()
    counts: dict[str, Counter] = {}
    misses: list[str] = []
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            runs.append(evaluate(args.pages, seed, Path(tmp), counts, misses))
    r = counts["records"]
    print(f"synthetic dossiers with planted findings: {len(args.seeds)} x {args.pages} pages (seeds {args.seeds})")
    print(f"records: {r['found']} found, {r['truth']} in the truth, {r['header_ok']} with person, start and "
          f"officers right")
    print(f"{'finding':16} {'P':>6} {'R':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    result = {"runs": runs, "per_kind": {}}
    for cat in CATEGORIES:
        c = counts.get(cat, Counter())
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        rc = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        extra = f"  (fact kind right in {c['kind_ok']})" if cat == "contradictions" else ""
        print(f"{cat:16} {p:6.3f} {rc:6.3f} {c['tp']:5d} {c['fp']:5d} {c['fn']:5d}{extra}")
        result["per_kind"][cat] = {"precision": round(p, 3), "recall": round(rc, 3), **dict(c)}
    b = counts.get("boilerplate", Counter())
    print(f"boilerplate passages wrongly reported as copies: {b['reported']} (standard answers in the truth: "
          f"{b['passages']} over all seeds)")
    result["boilerplate_reported"] = b["reported"]
    for m in misses[: args.show]:
        print("  " + m)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "records.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
