"""`caselens compare-records`: copied answers, contradictions and impossible timings between a case's 笔录."""

from __future__ import annotations

import argparse
import json

HELP = """Compare every record (笔录) of a case with every other and report:
  copies          answer passages (30+ characters) shared verbatim or nearly so between records of different
                  people, the earlier one named; boilerplate (rights notices, standard answers, passages
                  common to many records) is recognised and left out
  contradictions  one event told with a different amount, date, time, place, person or account, by the same
                  person between rounds or by two people, with both sentences
  timing          one officer or one person in two records at once, a record too long for its duration
                  (characters per minute), records dated before the case was registered or after release
Each finding gives both sides as document, page (1-based, dossier order) and text, a kind, a score and an
explanation in Chinese and English. JSON: {"copies": [...], "contradictions": [...], "timing": [...]}.

example:
  caselens compare-records --case 2021-047.case
  caselens compare-records --case 2021-047.case --format json > findings.json
"""


def register(sub) -> None:
    p = sub.add_parser("compare-records", help="copies, contradictions and timing problems between 笔录",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default table)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the explanations in the table")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.records import compare_case_records

    found = compare_case_records(args.case)
    if args.format == "json":
        out = {k: found[k] for k in ("copies", "contradictions", "timing")}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{found['records']} records compared in {found['seconds']['compare']:.2f} s")
    for cat in ("copies", "contradictions", "timing"):
        print(f"\n{cat} ({len(found[cat])})")
        for f in found[cat]:
            a, b = f["a"], f["b"]
            print(f"  [{f['kind']}] {f['score']:.2f}  {f['explanation'][args.lang]}")
            print(f"      a: {a['document']} p{a['page']}  {a['text'][:70]}")
            print(f"      b: {b['document']} p{b['page']}  {b['text'][:70]}")
    return 0
