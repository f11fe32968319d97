"""Statement files as officers receive them: public sample exports of 18 banks and payment platforms.

Usage: ./dev eval statements_real [--json eval/out/statements_real.json] [-v]

Each file in tests/fixtures/real/deg (SOURCES there) is imported alone into a fresh case through the
product's own import (`import_paths`: reader, statements stage, duplicates, issues) and its ledger is
compared with eval/real/truth.json, written from eval/real/spec.json by eval/real/label.py, a reader
that shares no code with the parser. Per file: rows found / expected, fields exact (date, amount with
sign, balance, counterparty name and account, memo: each compared where the truth has it), rows that
went to rejected_rows and the coded problems; then the files that produced nothing, and whether each
of them at least produced a coded problem.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services.imports import import_paths  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "real" / "deg"
TRUTH = ROOT / "eval" / "real" / "truth.json"
FIELDS = ("date", "amount", "balance", "cp_name", "cp_account", "memo")


def _norm(text) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()) if text is not None else ""


def _same(field: str, want, got: dict) -> bool:
    if field == "date":
        return (got["time"] or "")[:10] == want
    if field in ("amount", "balance"):
        return got[field] is not None and abs(float(got[field]) - float(want)) < 0.005
    if field == "memo":  # the ledger's memo joins 摘要 and 附言 with " / "; the printed text must be in it
        return _norm(want) in _norm(got.get("memo"))
    if field == "cp_account":
        return _norm(want).replace(" ", "") == _norm(got.get("cp_account")).replace(" ", "")
    return _norm(want) == _norm(got.get(field))


def evaluate(name: str, truth: list[dict], workdir: Path) -> dict:
    case = workdir / f"{name}.case"
    report = import_paths([FIXTURES / name], case=case)
    conn = sqlite3.connect(case)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM transactions ORDER BY id")]
    rejected = [r[0] for r in conn.execute("SELECT reason FROM rejected_rows")]
    layouts = [json.loads(r[0]) for r in conn.execute("SELECT layout FROM statement_layouts")]
    conn.close()
    free = list(rows)
    found, exact_rows = 0, 0
    per_field = {f: [0, 0] for f in FIELDS}  # right, compared
    wrong: list[str] = []
    for want in truth:
        match = next((g for g in free if _same("date", want["date"], g) and _same("amount", want["amount"], g)), None)
        if match is None:
            wrong.append(f"missed {want['date']} {want['amount']} {want.get('memo')}")
            continue
        free.remove(match)
        found += 1
        ok = True
        for f in FIELDS:
            if want.get(f) is None:
                continue
            per_field[f][1] += 1
            if _same(f, want[f], match):
                per_field[f][0] += 1
            else:
                ok = False
                wrong.append(f"{want['date']} {want['amount']}: {f} {want[f]!r} read {match.get(f if f != 'date' else 'time')!r}")
        exact_rows += ok
    return {"file": name, "expected": len(truth), "found": found, "exact": exact_rows, "extra": len(free),
            "fields": per_field, "rejected": len(rejected), "rejected_reasons": sorted(set(rejected)),
            "issues": [i.code for i in report.issues], "layouts": [lay["kind"] for lay in layouts],
            "diffs": wrong}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path, help="write the full report here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the differences per file")
    args = ap.parse_args()
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    started = time.monotonic()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(truth):
            results.append(evaluate(name, truth[name], Path(tmp)))
    print(f"{'file':<20} {'found':>9} {'exact':>6} {'extra':>5} {'rej':>4}  layout        problems")
    for r in results:
        print(f"{r['file']:<20} {r['found']:>4}/{r['expected']:<4} {r['exact']:>6} {r['extra']:>5} {r['rejected']:>4}  "
              f"{','.join(r['layouts']) or '-':<13} {' '.join(r['issues']) or '-'}")
        if args.verbose:
            for d in r["diffs"][:12]:
                print(f"      {d}")
    expected = sum(r["expected"] for r in results)
    found = sum(r["found"] for r in results)
    exact = sum(r["exact"] for r in results)
    nothing = [r["file"] for r in results if r["found"] == 0 and r["expected"]]
    silent_nothing = [f for f in nothing if not next(r for r in results if r["file"] == f)["issues"]]
    fields = {f: [sum(r["fields"][f][0] for r in results), sum(r["fields"][f][1] for r in results)] for f in FIELDS}
    print(f"\nrows found {found}/{expected} ({100 * found / expected:.1f} %), all shown fields exact {exact} "
          f"({100 * exact / expected:.1f} %); files {len(results)}, producing nothing {len(nothing)}"
          f" ({len(silent_nothing)} of them without a coded problem)")
    print("fields exact: " + ", ".join(f"{f} {ok}/{n}" for f, (ok, n) in fields.items()))
    print(f"time {time.monotonic() - started:.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"files": results, "found": found, "expected": expected, "exact": exact,
                                         "nothing": nothing, "fields": fields}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
