"""Post-import stage 'resolve': whole case, after extract and statements; skipped when nothing changed."""

from __future__ import annotations

import json

from app.core.errors import Issue
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.services.resolve import resolve_connection

NAME = "resolve"
VERSION = "3"  # 2: record-structure anchors, plausible ID numbers; 3: trained pair scorer, 某某 fits any length
_STATE_KEY = "stage_resolve"


def _state(conn) -> str:
    parts = [VERSION]
    for table in ("mentions", "transactions", "curation", "pages"):
        parts.append(list(conn.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table}").fetchone()))
    return json.dumps(parts)


def invalidate(conn) -> None:
    """Make the next run rebuild: mentions were replaced in place (new rows can reuse the old ids, so the
    counts and highest ids in _state may not change)."""
    conn.execute("DELETE FROM meta WHERE key = ?", (_STATE_KEY,))


def run(conn, *, case=None, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[Issue]:
    """Rebuild entities, relations and events when mentions, transactions or curation changed."""
    state = _state(conn)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_STATE_KEY,)).fetchone()
    if row is not None and row[0] == state:
        return []
    resolve_connection(conn, progress=progress, cancel=cancel)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_STATE_KEY, state))
    return []
