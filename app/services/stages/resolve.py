"""Post-import stage 'resolve': whole case, after extract and statements; skipped when nothing changed."""

from __future__ import annotations

from app.core.errors import Issue
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.services.resolve import resolve_connection
from app.store.entities import resolution_input_digest
from app.store.jobs import RESOLVE_STATE_KEY, set_stage_state, stage_state

NAME = "resolve"
VERSION = "5"  # 2: record-structure anchors, plausible ID numbers; 3: trained pair scorer, 某某 fits any length;
# 4: counterparties named without an account become entities with transfer relations; platforms are intermediaries;
# 5: banks, police units and trading names (China Merchants, KFC RESTAURANT) are institutions, never persons
_STATE_KEY = RESOLVE_STATE_KEY


def run(conn, *, case=None, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[Issue]:
    """Rebuild entities, relations and events when mentions, transactions or curation changed."""
    state = resolution_input_digest(conn, VERSION)  # every row resolution reads
    if stage_state(conn, _STATE_KEY) == state:
        return []
    resolve_connection(conn, progress=progress, cancel=cancel)
    set_stage_state(conn, _STATE_KEY, state)
    return []
