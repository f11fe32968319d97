"""Record comparison speed: every 笔录 of a 1,300-page dossier compared with every other, against reading the
records' text (and mentions) from the case file in the same run.

Usage: ./dev bench records [--pages 1300] [--repeat 3]
The dossier is synthetic (`caselens synth --plant-records`, seed 7), imported once through the product's own
import; then, best of N: the baseline reads the record pages and their mentions from the case file (the
least any comparison must do); the comparison parses the records and finds copies, contradictions and
timing problems over all pairs (compare_case_records, the reading included). Reported: seconds of each and
their ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def read_record_text(case: Path) -> int:
    """The baseline: the records' pages and mentions as stored, nothing parsed (characters read)."""
    from app.services.case import open_reader
    from app.store.records import page_mentions, record_pages

    conn = open_reader(case)
    try:
        rows = record_pages(conn)
        mentions = page_mentions(conn, [r["id"] for r in rows])
        return sum(len(r["text"] or "") for r in rows) + sum(len(m) for m in mentions.values())
    finally:
        conn.close()


def main() -> int:
    from app.services.imports import import_paths
    from app.services.records import compare_case_records
    from app.services.synth import generate_dossier

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1300)
    ap.add_argument("--repeat", type=int, default=3, help="best of N timings")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "dossier.pdf"
        generate_dossier(pdf, pages=args.pages, seed=7, plant_records=True)
        case = Path(tmp) / "dossier.case"
        t0 = time.perf_counter()
        import_paths([pdf], case=case)
        import_s = time.perf_counter() - t0
        read_s, compare_s = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            chars = read_record_text(case)
            t1 = time.perf_counter()
            found = compare_case_records(case)
            t2 = time.perf_counter()
            read_s.append(t1 - t0)
            compare_s.append(t2 - t1)
    r, c = min(read_s), min(compare_s)
    result = {"pages": args.pages, "records": found["records"], "record_chars": chars,
              "import_s": round(import_s, 2), "read_text_s": round(r, 4), "compare_s": round(c, 3),
              "compare_vs_read_ratio": round(c / r, 1), "stages_s": found["seconds"],
              "findings": {k: len(found[k]) for k in ("copies", "contradictions", "timing")}}
    print(f"records bench: {args.pages}-page dossier, {found['records']} records, {chars} characters of record "
          f"pages (best of {args.repeat}; import {import_s:.1f} s, not counted)")
    print(f"  read records' text from the case  {r:8.4f} s   (baseline)")
    print(f"  compare all records               {c:8.3f} s   ratio to reading: {c / r:.1f}x "
          f"(load+parse {found['seconds']['load']} s, compare {found['seconds']['compare']} s)")
    print(f"  findings: {result['findings']}")
    out = Path(__file__).resolve().parent / "out" / "records.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
