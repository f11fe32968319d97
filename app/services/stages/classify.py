"""Post-import stage 'classify': page type and confidence for every page with text, in batches."""

from __future__ import annotations

import time

from app.core.errors import Issue
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.store.db import transaction
from app.store.jobs import mark_job, pages_to_do
from app.store.pages import page_texts, page_words, set_page_type

NAME = "classify"
VERSION = "1"
BATCH = 256


def run(conn, *, case=None, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> list[Issue]:
    """Classify pending pages; a missing or mismatched model marks their jobs failed (nothing is lost)."""
    from nlp.pagetype.model import classify_pages

    cancel = cancel or CancelToken()
    todo = pages_to_do(conn, NAME, VERSION)  # pages with text (OCR done) and no current job
    started = time.monotonic()
    for i in range(0, len(todo), BATCH):
        cancel.check()
        ids = todo[i:i + BATCH]
        texts = page_texts(conn, ids)
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
                set_page_type(conn, pid, label, round(conf, 4))
                mark_job(conn, pid, NAME, VERSION, "done")
        progress(Progress(NAME, min(len(todo), i + BATCH), len(todo), started=started))
    return []
