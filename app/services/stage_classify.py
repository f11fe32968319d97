"""Post-import stage 'classify': page type and confidence for every page with text, in batches."""

from __future__ import annotations

import time

from app.core.errors import Issue
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.store.db import transaction
from app.store.pages import mark_job, page_words

NAME = "classify"
VERSION = "1"
BATCH = 256


def _todo(conn) -> list[int]:
    """Pages that have text (OCR done) and no current 'classify' job."""
    rows = conn.execute(
        "SELECT p.id FROM pages p LEFT JOIN jobs j ON j.page_id = p.id AND j.stage = ?"
        " WHERE p.status = 'done' AND (j.page_id IS NULL OR j.status != 'done' OR j.version != ?)"
        " ORDER BY p.id", (NAME, VERSION))
    return [r[0] for r in rows]


def run(conn, *, case=None, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[Issue]:
    """Classify pending pages; a missing or mismatched model marks their jobs failed (nothing is lost)."""
    from nlp.pagetype.model import classify_pages

    cancel = cancel or CancelToken()
    todo = _todo(conn)
    started = time.monotonic()
    for i in range(0, len(todo), BATCH):
        cancel.check()
        ids = todo[i:i + BATCH]
        marks = ",".join("?" * len(ids))
        texts = dict(conn.execute(f"SELECT id, text FROM pages WHERE id IN ({marks})", ids).fetchall())
        words = [page_words(conn, pid) or None for pid in ids]
        try:
            results = classify_pages([texts[pid] for pid in ids], words)
        except (OSError, RuntimeError, ValueError) as exc:  # model missing, other sklearn version
            with transaction(conn):
                for pid in ids:
                    mark_job(conn, pid, NAME, VERSION, "failed", str(exc))
            return []
        with transaction(conn):
            for pid, (label, conf) in zip(ids, results, strict=True):
                conn.execute("UPDATE pages SET page_type = ?, page_type_confidence = ? WHERE id = ?",
                             (label, round(conf, 4), pid))
                mark_job(conn, pid, NAME, VERSION, "done")
        progress(Progress(NAME, min(len(todo), i + BATCH), len(todo), started=started))
    return []
