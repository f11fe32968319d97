"""`caselens export KIND`: write what a case holds to files (ledger, report, entities, graph)."""

from __future__ import annotations

import argparse
import json

HELP = """Export from a case. Every export is recorded in the case's audit log with the output file's SHA-256.

KIND and --format:
  transactions  csv | xlsx | json   the ledger (holder_account, holder_name, time, amount, balance, currency,
                                    cp_name, cp_account, cp_bank, channel, memo, document, page, flags)
  report        pdf | html          the case report: summary, people, accounts, alerts with evidence,
                                    relationship graph and timeline pictures; every fact cited 〔file 第N页〕
  entities      csv | xlsx | ftm    people, organisations, accounts, phones, ID numbers with page citations;
                                    ftm = FollowTheMoney JSON lines (Aleph) incl. ownerships and payments
  graph         graphml | gexf | anx | png | svg
                                    relationship graph for Gephi/yEd (graphml, gexf), i2 Analyst's Notebook
                                    (anx), or as a picture (png, svg)
Text cells that a spreadsheet would run as a formula get a leading apostrophe; amounts stay numbers.
--entity (repeatable) and --start/--end narrow report, entities and graph to a selection.

example:
  caselens export report --case 2021-047.case --format pdf -o report.pdf
  caselens export report --case 2021-047.case --format pdf -o li.pdf --entity 194 --start 2021-03-01 --end 2021-06-30
  caselens export transactions --case 2021-047.case --format xlsx -o ledger.xlsx
  caselens export transactions --case 2021-047.case --format csv -o ledger.csv --holder 6222021234567890123
  caselens export entities --case 2021-047.case --format ftm -o entities.ftm.json
  caselens export graph --case 2021-047.case --format anx -o chart.anx
"""


def register(sub) -> None:
    from app.services.export import EXPORTERS

    p = sub.add_parser("export", help="export the ledger, the case report, entities or the graph to files",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=sorted(EXPORTERS), metavar="KIND", help=f"what to export: {', '.join(sorted(EXPORTERS))}")
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--format", default=None, help="output format (default: csv, or pdf for report, graphml for graph)")
    p.add_argument("-o", "--out", required=True, help="output file")
    p.add_argument("--holder", default=None, help="only this holder account (transactions)")
    p.add_argument("--entity", type=int, action="append", default=None, metavar="ID",
                   help="keep only this entity id (repeatable; with the accounts/phones/IDs it holds)")
    p.add_argument("--start", default=None, help="time window start, e.g. 2021-03-01 (report, entities, graph)")
    p.add_argument("--end", default=None, help="time window end, inclusive, e.g. 2021-06-30")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=run)


DEFAULT_FORMAT = {"report": "pdf", "graph": "graphml"}


def run(args) -> int:
    from app.services.export import export

    fmt = args.format or DEFAULT_FORMAT.get(args.kind, "csv")
    if args.kind == "transactions":
        options = {"holder": args.holder}
    elif args.entity is not None or args.start or args.end:
        options = {"selection": {"entity_ids": args.entity, "start": args.start, "end": args.end}}
    else:
        options = {}
    result = export(args.kind, args.case, fmt, args.out, **options)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        unit = "page(s)" if args.kind == "report" and fmt == "pdf" else "row(s)"
        print(f"exported {args.kind} ({fmt}, {result['rows']} {unit}) to {result['out']}  sha256 {result['sha256']}")
    return 0
