"""`caselens` entry point: each subcommand lives in its own module under app.cli.commands."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sqlite3
import sys

from app import __version__
from app.core.errors import CaseLensError, case_fault
from app.ingest.render_page import close_all
from domain.offline import stay_offline

EPILOG = "Run `caselens COMMAND --help` for each command's options and an example."


def build_parser() -> argparse.ArgumentParser:
    from app.cli import commands

    parser = argparse.ArgumentParser(
        prog="caselens",
        description="CaseLens: read a case dossier offline: import, OCR, extract, search, analyse, export.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"caselens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"app.cli.commands.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    stay_offline()  # process start-up: no library may probe the network
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return int(args.run(args) or 0)
    except CaseLensError as exc:
        print(f"caselens: {exc.message()}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as exc:  # a full disk, a lost drive, a read-only folder: coded, no traceback
        fault = case_fault(exc, getattr(args, "case", None))
        if fault is None:
            raise
        print(f"caselens: {fault.message()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("caselens: interrupted; run the same command again to resume.", file=sys.stderr)
        return 130
    finally:
        close_all()  # the command is done with its pages: close the documents the page renderer keeps open


if __name__ == "__main__":
    raise SystemExit(main())
