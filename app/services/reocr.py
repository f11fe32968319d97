"""Read pages of a case again: OCR them (another engine, or pages that failed), then every later stage on them.

The CLI (`caselens ocr`) and the GUI (File > Re-read bank statements accurately) both call ocr_again. Import reads
with the fast engine; where a slip costs most (account numbers on bank statements) the accurate engine reads the
same pages again at about a third of the speed, and the statement rows, mentions and people are rebuilt from the
new text. Cancel keeps every page finished; running it again resumes.
"""

from __future__ import annotations

import time

from app.core.models import ImportReport
from app.core.progress import Cancelled, CancelToken, ProgressFn, no_progress
from app.services import stages
from app.services.case import open_reader, open_writer
from app.services.stages import ocr as stage_ocr

ACCURATE = "rapidocr-accurate"  # the small recogniser on every line (app.ingest.ocr.pool.engine_for)
STATEMENTS = "bank_statement"
ACCURATE_SECONDS_PER_PAGE = 3.5  # wall time on 2 cores: 447 statement pages in 1,553 s (docs/ocr.md, fifth pass)


def pages_to_read(case, *, force: bool = False, page_type: str | None = None, scanned_only: bool = False) -> int:
    """How many pages ocr_again would read with these settings (a read-only look: the GUI asks before it starts)."""
    conn = open_reader(case)
    try:
        return len(stage_ocr.pages_to_ocr(conn, force=force, page_type=page_type, scanned_only=scanned_only))
    finally:
        conn.close()


def ocr_again(case, *, engine: str = "rapidocr", force: bool = False, page_type: str | None = None,
              workers: int | None = None, use_cache: bool = True, scanned_only: bool = False,
              progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> ImportReport:
    """OCR pending or failed pages (all of them if force; only those classified page_type if given; not those
    with their own text layer if scanned_only) with engine, then classify, parse statements, extract and resolve
    the pages whose text changed. The report's pages_reread counts the pages taken for OCR; issues are the
    coded problems; cancelled says it stopped early."""
    cancel = cancel or CancelToken()
    started = time.monotonic()
    stage_seconds: dict[str, float] = {}
    conn = open_writer(case)
    issues: list = []
    cancelled = False
    reread = 0
    try:
        reread = len(stage_ocr.pages_to_ocr(conn, force=force, page_type=page_type, scanned_only=scanned_only))
        t = time.monotonic()
        issues += stage_ocr.run(conn, case=case, progress=progress, cancel=cancel, engine=engine, force=force,
                                workers=workers, use_cache=use_cache, page_type=page_type, scanned_only=scanned_only)
        stage_seconds["ocr"] = time.monotonic() - t
        for name, stage in stages.runners():  # each takes only the pages whose text changed (their jobs were reset)
            if name != "ocr":
                cancel.check()
                t = time.monotonic()
                issues += stage(conn, case=case, progress=progress, cancel=cancel)
                stage_seconds[name] = time.monotonic() - t
    except Cancelled:
        cancelled = True
    finally:
        conn.close()
    return ImportReport(issues=issues, cancelled=cancelled, seconds=time.monotonic() - started,
                        stage_seconds=stage_seconds, pages_reread=reread)
