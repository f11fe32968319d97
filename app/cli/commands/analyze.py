"""`caselens analyze`: run the money-flow rules over a case's transactions and print the alerts."""

from __future__ import annotations

import argparse
import json
import sys

HELP = """Run money-flow rules (fast-in-fast-out, scatter-in/gather-out, cycles, identical-amount relay,
split fan-in, night transfers, ...) over the case's transactions; the alerts replace the case's previous
ones. Within a rule, alerts come best first (params.score); busy accounts get one alert per busy period.
Every import already runs the analysis as its last stage when the transactions changed; this command reruns it
(with your --rules / --param). A rule that fails is reported as E025 (exit status 1) and the others still run.

example:
  caselens analyze --case 2021-047.case
  caselens analyze --case 2021-047.case --rules cycles,fast_in_fast_out --param cycles.max_depth=6 --format table
  caselens analyze --case 2021-047.case --rules tracing --param tracing.accounts=6222021234567890
  caselens analyze --case amlsim.case --rules identical_amount_relay --param identical_amount_relay.min_amount=0
"""


def register(sub) -> None:
    p = sub.add_parser("analyze", help="money-flow rules over a case's transactions", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--rules", default="", help="comma-separated rule names (default: all)")
    p.add_argument("--param", action="append", default=[], metavar="RULE.KEY=VALUE",
                   help="override a rule parameter (repeatable)")
    p.add_argument("--format", choices=["json", "table"], default="json")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.analysis.rules import RULES, parse_param_args
    from app.core.errors import CaseLensError
    from app.services.analysis import alert_dicts, analyze

    rules = [r.strip() for r in args.rules.split(",") if r.strip()] or None
    for r in rules or []:
        if r not in RULES:
            raise CaseLensError("E017", f"unknown rule {r!r}; known: {', '.join(RULES)}")
    issues: list = []
    alerts = alert_dicts(analyze(args.case, rules, parse_param_args(args.param), issues))
    for issue in issues:  # a rule that failed: the others' alerts are printed and stored all the same
        print(issue.message, file=sys.stderr)
    rc = 1 if issues else 0
    if args.format == "json":
        print(json.dumps(alerts, ensure_ascii=False, indent=2))
        return rc
    for a in alerts:
        print(f"{a['rule']:<22} {a['amount']:>16,.2f}  {a['start'] or '':19}  {a['explanation']}")
    print(f"{len(alerts)} alerts")
    return rc
