"""Frozen-build entry point: one executable for the CLI and the window (`caselens gui`, or run as caselens-gui).

It lives outside the `app` layers on purpose: the CLI may not import app.ui, but the bundled binary must
start either. multiprocessing.freeze_support() comes first so spawned OCR/import workers, which re-run this
very executable, become workers instead of a second CaseLens.
"""

import multiprocessing
import os
import sys


def _wants_gui(argv: list[str]) -> bool:
    name = os.path.splitext(os.path.basename(argv[0]))[0].lower()
    if name.endswith("-gui") or (len(argv) > 1 and argv[1] == "gui"):
        return True
    # A macOS .app started from Finder gets no arguments (or an old-style -psn_ one): open the window.
    return sys.platform == "darwin" and all(a.startswith("-psn_") for a in argv[1:])


def main() -> int:
    argv = list(sys.argv)
    if _wants_gui(argv):
        from app.ui.__main__ import main as gui_main

        rest = argv[2:] if len(argv) > 1 and argv[1] == "gui" else argv[1:]
        return gui_main([argv[0], *rest])
    from app.cli.main import main as cli_main

    return cli_main(argv[1:])


if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
