"""`caselens export KIND`: write what a case holds to files (transactions ledger; more kinds later)."""

from __future__ import annotations

import argparse
import json

HELP = """Export from a case. KIND transactions writes the ledger (holder_account, holder_name, time,
amount, balance, currency, cp_name, cp_account, cp_bank, channel, memo, document, page, flags) as CSV,
XLSX or JSON. Text cells that a spreadsheet would run as a formula get a leading apostrophe; amounts
stay numbers. Every export is recorded in the case's audit log.

example:
  caselens export transactions --case 2021-047.case --format xlsx -o ledger.xlsx
  caselens export transactions --case 2021-047.case --format csv -o ledger.csv --holder 6222021234567890123
"""


def register(sub) -> None:
    from app.services.export import EXPORTERS

    p = sub.add_parser("export", help="export the ledger (and other kinds) to files", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=sorted(EXPORTERS), metavar="KIND", help=f"what to export: {', '.join(sorted(EXPORTERS))}")
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--format", default="csv", help="csv, xlsx or json (default csv)")
    p.add_argument("-o", "--out", required=True, help="output file")
    p.add_argument("--holder", default=None, help="only this holder account (transactions)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.export import export

    options = {"holder": args.holder} if args.kind == "transactions" else {}
    result = export(args.kind, args.case, args.format, args.out, **options)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"exported {result['rows']} {result['kind']} row(s) to {result['out']}")
    return 0
