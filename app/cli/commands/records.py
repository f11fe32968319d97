"""`caselens records`: every 笔录 of a case: kind, round, person questioned, time, place, officers, pages."""

from __future__ import annotations

import argparse
import json

HELP = """List the interrogation and inquiry records (讯问/询问/辨认笔录) found in a case: who was questioned,
which round, when (start and end), where, by which officers and recorder, on which pages, and how many
question/answer turns. Records are read from the pages' text; the person is matched to a resolved entity.

example:
  caselens records --case 2021-047.case
  caselens records --case 2021-047.case --format json
"""


def register(sub) -> None:
    p = sub.add_parser("records", help="interrogation and inquiry records (笔录) in the case", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default table)")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.records import list_records

    recs = list_records(args.case)
    if args.format == "json":
        print(json.dumps(recs, ensure_ascii=False, indent=2))
        return 0
    if not recs:
        print("no records (import the dossier first; pages typed as 讯问/询问笔录 are read as records)")
        return 0
    print(f"{'#':>3}  {'kind':<4} {'round':>5}  {'person':<8} {'start':<16} {'end':<16} {'officers':<16} "
          f"{'recorder':<6} pages")
    for r in recs:
        pages = f"{r['pages'][0]}-{r['pages'][-1]}" if len(r["pages"]) > 1 else str(r["pages"][0])
        print(f"{r['index']:>3}  {r['kind']:<4} {r['round'] or '':>5}  {r['person'] or '?':<8} "
              f"{(r['start'] or '?').replace('T', ' '):<16} {(r['end'] or '?').replace('T', ' '):<16} "
              f"{'、'.join(r['officers']):<16} {r['recorder'] or '':<6} {r['document']} p{pages}")
    return 0
