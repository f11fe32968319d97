"""`caselens selftest`: prove this installation works offline: import, OCR, extract, search, analyse, window."""

from __future__ import annotations

import argparse
import json
import sys

HELP = """Run every stage on the bundled tiny inputs (a text page, two scanned pages, a statement CSV) in
a temporary case and report pass/fail per step with timings. Needs no network; writes only to a temp
folder and CaseLens's own folder. Exit status 1 when any step fails.

example:
  caselens selftest
  caselens selftest --no-gui --json
"""


def register(sub) -> None:
    p = sub.add_parser("selftest", help="check that this installation works (offline)", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--no-gui", action="store_true", help="skip rendering the main window")
    p.add_argument("--workers", type=int, default=2, help="OCR worker processes (default 2; 1 = no pool)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.cli.commands.gui import gui_command
    from app.services.selftest import run_selftest

    def show(step) -> None:
        if not args.json:
            mark = "PASS" if step.ok else "FAIL"
            print(f"{mark}  {step.name:<11} {step.seconds:7.2f} s  {step.detail}", flush=True)

    if not args.json:
        print(f"CaseLens selftest ({'frozen' if getattr(sys, 'frozen', False) else 'source'}: {sys.executable})")
    results = run_selftest(gui_command=None if args.no_gui else gui_command("--selftest"),
                           workers=args.workers, on_step=show)
    failed = [r.name for r in results if not r.ok]
    if args.json:
        print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=2))
    else:
        total = sum(r.seconds for r in results)
        print(f"{'FAILED: ' + ', '.join(failed) if failed else 'all steps passed'} ({total:.1f} s)")
    return 1 if failed else 0
