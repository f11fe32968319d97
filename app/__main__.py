"""Entry point for `python -m app` and the frozen installer build."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from app.cli.main import main

    raise SystemExit(main())
