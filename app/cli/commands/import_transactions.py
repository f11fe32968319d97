"""`caselens import-transactions`: load a generic edge-list ledger (CSV) into a case."""

from __future__ import annotations

import argparse
import json

HELP = """Load a CSV of transfers (payer, payee, amount, time) into the case's transactions: each edge
becomes an out row on the payer's ledger and an in row on the payee's. Time may be a timestamp or an
integer step (AMLSim: one step = one day after 1970-01-01). Unreadable rows go to rejected_rows.

example:
  caselens import-transactions transactions.csv --case aml.case \\
      --columns src=sourceNodeId,dst=targetNodeId,amount=value,time=time
"""


def register(sub) -> None:
    p = sub.add_parser("import-transactions", help="load a CSV edge list of transfers", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help="CSV file with a header row")
    p.add_argument("--case", required=True, help="case file (created if missing)")
    p.add_argument("--columns", required=True,
                   help="src=COL,dst=COL,amount=COL,time=COL[,src_name=COL,dst_name=COL]")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.core.errors import CaseLensError
    from app.services.analysis import import_transactions

    columns = {}
    for part in args.columns.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            raise CaseLensError("E017", f"--columns part {part!r}: expected KEY=COLUMN")
        columns[key.strip()] = value.strip()
    print(json.dumps(import_transactions(args.case, args.file, columns), ensure_ascii=False))
    return 0
