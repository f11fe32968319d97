"""Post-import stage 'analyze' (the last): money-flow rules over the case's transactions when they changed."""

from __future__ import annotations

import time

from app.core.errors import Issue
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.services.analysis import RULES_VERSION, alerts_stale_connection, analyze_connection

NAME = "analyze"
VERSION = RULES_VERSION


def run(conn, *, case=None, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[Issue]:
    """Recompute the alerts when the ledger (or the rules' version) changed since they were computed; a rule that
    fails is an E025 issue and the others' alerts are stored."""
    if not alerts_stale_connection(conn):
        return []
    started = time.monotonic()
    progress(Progress("analyze", 0, 1, started=started))
    issues: list[Issue] = []
    analyze_connection(conn, issues=issues)
    progress(Progress("analyze", 1, 1, started=started))
    return issues
