"""Post-import stage: OCR every page pending OCR (scans, garbage text layers) on a worker pool, page by page.

Runs right after the text layer. Each finished page is committed in its own transaction by this process
(the single writer): a cancel or crash keeps every page finished so far, and the next run resumes.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable

from app.core.errors import Issue
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.ingest.ocr.pool import OcrPool, PageOutcome, PageTask, choose_workers
from app.store import jobs
from app.store.db import transaction
from app.store.pages import mark_page_failed, record_issue, replace_ocr_lines, replace_page_text

NAME = "ocr"
VERSION = "3"  # 2: new engine settings, rows of turned scans upright, ocr_lines; 3: dash runs, skew from cells, uncovered-ink pass, recogniser in the engine id


def pages_to_ocr(conn: sqlite3.Connection, *, force: bool = False, document_id: int | None = None,
                 page_type: str | None = None, scanned_only: bool = False) -> list[sqlite3.Row]:
    """Pages pending OCR, plus those whose OCR failed or ran with an older stage version; all pages if force;
    only pages classified as page_type when given (e.g. re-read bank statements with the accurate engine);
    scanned_only leaves out pages whose text came from their own text layer."""
    return jobs.pages_to_ocr(conn, NAME, VERSION, force=force, document_id=document_id, page_type=page_type,
                             scanned_only=scanned_only)


def spread_order(n: int) -> list[int]:
    """0..n-1 in bit-reversed order (0, n/2, n/4, 3n/4, …): any first k indices lie spread evenly over the
    whole range. An import someone watches reads its pages in this order, so that the early results after
    the first few dozen pages hold people from the records *and* transactions from the statements, wherever
    the dossier keeps them (bank statements usually come last)."""
    bits = max(1, (n - 1).bit_length())
    return sorted(range(n), key=lambda i: int(format(i, f"0{bits}b")[::-1], 2))


def _source_path(row: sqlite3.Row) -> str:
    return os.fsdecode(row["path_raw"]) if row["path_raw"] is not None else row["path"]


def _write(conn: sqlite3.Connection, outcome: PageOutcome, shown: str) -> Issue | None:
    """Commit one page: its OCR text and words, or the coded failure (the page's old text stays)."""
    page_id = outcome.task.page_id
    with transaction(conn):
        if outcome.page is not None:
            replace_page_text(conn, page_id, outcome.page)
            replace_ocr_lines(conn, page_id, outcome.lines)
            jobs.mark_job(conn, page_id, NAME, VERSION, "done")
            # the page's text changed: its type, statement rows and mentions are read again by the later stages
            jobs.forget_later_stages(conn, page_id, NAME)
            return None
        issue = Issue.of(outcome.error_code or "E009", outcome.error or "", shown, outcome.task.number)
        mark_page_failed(conn, page_id, issue.message)
        jobs.mark_job(conn, page_id, NAME, VERSION, "failed", issue.message)
        record_issue(conn, issue)
        return issue


def run(conn: sqlite3.Connection, *, case=None, progress: ProgressFn = no_progress,
        cancel: CancelToken | None = None, engine: str = "rapidocr", force: bool = False,
        workers: int | None = None, use_cache: bool = True, page_type: str | None = None,
        scanned_only: bool = False, cluster=None, between: Callable[[int, int], None] | None = None
        ) -> list[Issue]:
    """OCR the pages that need it (pages_to_ocr); returns the coded issues of pages that failed.

    With `cluster` (ClusterSettings) the pages are OCR'd by the workers of that Dask scheduler instead of a
    local pool; this process still writes every page (one writer per case). `between(done, total)` is called
    after each page is written (the import runs the later stages on the pages read so far from it); with it,
    pages are read in spread_order, so that what is read early samples the whole case."""
    cancel = cancel or CancelToken()
    rows = pages_to_ocr(conn, force=force, page_type=page_type, scanned_only=scanned_only)
    if not rows:
        return []
    if between is not None:
        rows = [rows[i] for i in spread_order(len(rows))]
    started = time.monotonic()
    names = {r["id"]: r["name"] for r in rows}
    tasks = [PageTask(r["id"], _source_path(r), r["number"]) for r in rows]
    issues: list[Issue] = []
    done = 0
    progress(Progress(NAME, 0, len(tasks), current=rows[0]["name"], started=started))
    if cluster is not None:
        from app.services.cluster import ClusterOcrPool

        pool_cm = ClusterOcrPool(cluster, engine)
    else:
        pool_cm = OcrPool(choose_workers(len(tasks), workers), engine, use_cache)
    with pool_cm as pool:
        for outcome in pool.run(tasks, cancel):
            shown = names[outcome.task.page_id]
            issue = _write(conn, outcome, shown)
            if issue is not None:
                issues.append(issue)
            done += 1
            progress(Progress(NAME, done, len(tasks), current=shown, started=started))
            if between is not None:
                between(done, len(tasks))
        for issue in getattr(pool, "issues", ()):  # refused cluster workers
            with transaction(conn):
                record_issue(conn, issue)
            issues.append(issue)
    cancel.check()  # cancelled: the pages written so far stay; raise so the caller reports it
    return issues
