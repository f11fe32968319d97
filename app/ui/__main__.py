"""`python -m app.ui [CASE] [--selftest]`: open the CaseLens main window, optionally on a case file."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    from domain.offline import stay_offline

    stay_offline()  # process start-up: no library may probe the network
    argv = list(sys.argv if argv is None else argv)
    selftest = "--selftest" in argv
    argv = [a for a in argv if a != "--selftest"]
    from app.ui.app import create_app
    from app.ui.main_window import MainWindow

    app = create_app(argv)
    window = MainWindow()
    window.show()
    if len(argv) > 1:
        window.open_case(argv[1])
    if selftest:  # `caselens selftest` (installers): render the window once and exit, no event loop
        return _render_once(app, window)
    return app.exec()


def _render_once(app, window) -> int:
    """Lay out and paint the main window offscreen; exit 0 when a non-blank picture came out."""
    window.resize(1280, 800)
    app.processEvents()
    image = window.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)}
    window.close()
    ok = not image.isNull() and len(colours) > 3
    print(f"gui ok {image.width()}x{image.height()} {len(colours)} colours" if ok else "gui blank", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
