"""`caselens verify`: is the case still trustworthy (sources unchanged, audit chain, database)?"""

from __future__ import annotations

import argparse
import json

HELP = """Check a case: re-hash every imported source file against the SHA-256 recorded at import
(E015 when a file changed or is missing), walk the hash-chained audit log (E016 when an entry was
forged or removed) and run SQLite's integrity check (E014 when the case file is damaged).
Exit code 0 when everything is intact, 1 when any problem was found.

example:
  caselens verify --case 2021-047.case
  caselens verify --case 2021-047.case --json
"""


def register(sub) -> None:
    p = sub.add_parser("verify", help="check sources, audit log and case file integrity", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--no-sources", action="store_true", help="skip re-hashing the source files")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.verify import verify_case

    report = verify_case(args.case, check_sources=not args.no_sources)
    if args.json:
        print(json.dumps({"case": report.case, "ok": report.ok, "integrity": report.integrity,
                          "audit_entries": report.audit_entries, "sources_checked": report.sources_checked,
                          "sources_ok": report.sources_ok, "issues": [i.__dict__ for i in report.issues]},
                         ensure_ascii=False, indent=2))
    else:
        print(f"case: {report.case}")
        print(f"database integrity: {report.integrity}")
        print(f"audit log: {report.audit_entries} entries")
        print(f"sources: {report.sources_ok}/{report.sources_checked} unchanged")
        print(f"problems: {len(report.issues)}")
        for issue in report.issues:
            print(f"  {issue.message}")
    return 0 if report.ok else 1
