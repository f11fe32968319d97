"""`caselens gui`: open the desktop window (a child process, since the CLI layer never imports Qt)."""

from __future__ import annotations

import argparse
import subprocess
import sys

HELP = """Open the CaseLens window, optionally on a case file. The same as `python -m app.ui`; in the
installed app `caselens gui` (or the caselens-gui launcher) starts the window directly.

example:
  caselens gui 2021-047.case
"""


def gui_command(*extra: str) -> list[str]:
    """The command line that starts the window: the bundled binary when frozen, `python -m app.ui` otherwise."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "gui", *extra]  # installers/entry.py routes `gui` to app.ui
    return [sys.executable, "-m", "app.ui", *extra]


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the desktop window", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("case", nargs="?", help="case file to open")
    p.set_defaults(run=run)


def run(args) -> int:
    return subprocess.call(gui_command(*([args.case] if args.case else [])))
