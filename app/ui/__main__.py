"""`python -m app.ui [CASE]`: open the CaseLens main window, optionally on a case file."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    argv = list(sys.argv if argv is None else argv)
    from app.ui.app import create_app
    from app.ui.main_window import MainWindow

    app = create_app(argv)
    window = MainWindow()
    window.show()
    if len(argv) > 1:
        window.open_case(argv[1])
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
