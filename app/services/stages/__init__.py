"""The stages that run after the text layer, in this order.

Each stage is a module of this package named as in ORDER that defines NAME (its name in ORDER), VERSION and
run(conn, *, case, progress, cancel) -> list[Issue], working only on the pages (or documents) still to do for it
at its version (app.store.jobs). A stage named here whose module is missing is a broken installation: runners()
raises instead of leaving the stage out.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from app.core.errors import Issue

ORDER: tuple[str, ...] = ("ocr", "classify", "statements", "extract", "resolve", "analyze")

StageRun = Callable[..., list[Issue]]


def runners(order: tuple[str, ...] = ORDER) -> list[tuple[str, StageRun]]:
    """(name, run) of every stage in `order`; ModuleNotFoundError when a stage's module is missing."""
    out = []
    for name in order:
        module = importlib.import_module(f"{__name__}.{name}")  # a missing stage is an error, never skipped
        if module.NAME != name:
            raise ImportError(f"stage module {module.__name__} calls itself {module.NAME!r}")
        out.append((name, module.run))
    return out
