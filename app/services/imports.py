"""The import job: files and folders into a case, page by page, resumable, never losing a page."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import CaseLensError, Issue, case_fault
from app.core.models import DocumentInfo, EarlyResults, ImportReport, PageText
from app.core.progress import Cancelled, CancelToken, Progress, ProgressFn, no_progress
from app.ingest.discover import TABLE_DOC_KINDS, Found, discover, display_path
from app.ingest.hashing import sha256_file
from app.ingest.images import check_image_size
from app.ingest.textlayer import iter_pages, open_document, read_pages
from app.services import stages
from app.services.case import open_writer
from app.store import audit
from app.store.db import transaction
from app.store.documents import add_document, find_document, set_document_status
from app.store.jobs import NER_SETTING, set_case_setting
from app.store.pages import add_page, pages_present, record_issue
from nlp.pipeline import NER_CHOICES

CHUNK_PAGES = 32
POOL_MIN_PAGES = 200  # below this, a process pool costs more than it saves

@dataclass
class _Counts:
    pages_added: int = 0
    pages_pending_ocr: int = 0
    imported: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)


# Stages whose per-page work a cluster does (OCR of scans; extraction of page texts). The text layer, page
# type and statement parsing stay in the writing process: per page they cost less than cutting the page out
# and sending it (measured in docs/scale.md).
CLUSTER_STAGES = ("ocr", "extract")


# Early results: while OCR reads a long scanned dossier, the stages that show people, accounts and transactions
# run on the pages read so far (statements provisionally: no re-read, nothing reported, all read again after
# OCR). First after EARLY_FIRST_S seconds of OCR or EARLY_FIRST_PAGES pages, then each time the pages read
# have grown EARLY_GROWTH-fold (the repeated whole-document work stays a fraction of one full run), never in
# the last quarter (the full run follows soon). CASELENS_EARLY_AFTER_S sets EARLY_FIRST_S (0: after the first page).
EARLY_STAGES = ("classify", "statements", "extract", "resolve")
EARLY_FIRST_S = 20.0
EARLY_FIRST_PAGES = 48
EARLY_GROWTH = 4
EARLY_LAST = 0.75

EarlyFn = Callable[[EarlyResults], None]


def _seconds_setting(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


class _Early:
    """Called by the OCR stage after each page it writes; runs EARLY_STAGES when due (see above)."""

    def __init__(self, conn, case, cancel: CancelToken, started: float, on_results: EarlyFn):
        self.conn, self.case, self.cancel, self.started, self.on_results = conn, case, cancel, started, on_results
        self.ocr_started = time.monotonic()
        self.first_s = _seconds_setting("CASELENS_EARLY_AFTER_S", EARLY_FIRST_S)
        self.last = 0
        self.shown: list[EarlyResults] = []

    def due(self, done: int, total: int) -> bool:
        if done >= total * EARLY_LAST:
            return False
        if self.last:
            return done >= self.last * EARLY_GROWTH
        return done >= EARLY_FIRST_PAGES or time.monotonic() - self.ocr_started >= self.first_s

    def __call__(self, done: int, total: int) -> None:
        if not self.due(done, total):
            return
        self.last = done
        began = time.monotonic()
        for name, stage in stages.runners(EARLY_STAGES):
            self.cancel.check()
            # issues are not kept from here: every stage runs again after OCR and reports then
            stage(self.conn, case=self.case, cancel=self.cancel, **({"provisional": True} if name == "statements"
                                                                   else {}))
        now = time.monotonic()
        result = EarlyResults(done, total, round(now - self.started, 2), round(now - began, 2))
        self.shown.append(result)
        self.on_results(result)


def default_workers() -> int:
    """One process: text-layer pages cost ~3 ms each, and spawned workers cost more than they save
    (measured on 1,300 pages: 3.56 s in one process, 4.48 s with 2 workers). OCR sizes its own pool."""
    return 1


def _page_chunks(numbers: list[int]) -> list[list[int]]:
    return [numbers[i:i + CHUNK_PAGES] for i in range(0, len(numbers), CHUNK_PAGES)]


def _extract(path: str, password: str | None, numbers: list[int], pool: ProcessPoolExecutor | None
             ) -> Iterator[list[PageText]]:
    chunks = _page_chunks(numbers)
    if pool is None:
        yield from iter_pages(path, password, numbers, CHUNK_PAGES)
        return
    # Keep a bounded window of chunks in flight: memory stays flat on huge documents.
    window = 4 * (pool._max_workers or 1)  # noqa: SLF001
    futures = [pool.submit(read_pages, path, password, c) for c in chunks[:window]]
    nxt = window
    while futures:
        result = futures.pop(0).result()
        if nxt < len(chunks):
            futures.append(pool.submit(read_pages, path, password, chunks[nxt]))
            nxt += 1
        yield result


def _document_info(found: Found, sha: str, page_count: int) -> DocumentInfo:
    return DocumentInfo(sha256=sha, path=display_path(found.path), name=display_path(found.path.name),
                        size=found.path.stat().st_size, page_count=page_count, kind=found.kind,
                        path_raw=os.fsencode(found.path.absolute()))  # reopened from any working folder


def _import_table_file(conn, found: Found, sha: str, counts: _Counts) -> None:
    """Spreadsheets/CSVs are recorded as documents; the statements stage parses them into transactions."""
    existing = find_document(conn, sha)
    if existing is not None:
        counts.duplicates.append(display_path(found.path))
        return
    with transaction(conn):
        doc_id = add_document(conn, _document_info(found, sha, 0))
        set_document_status(conn, doc_id, "done")
        audit.append(conn, "import", {"path": display_path(found.path), "sha256": sha, "pages": 0})
    counts.imported.append(display_path(found.path))


def _import_paged_file(conn, found: Found, sha: str, password: str | None, counts: _Counts,
                       pool_for: Callable[[int], ProcessPoolExecutor | None], tick: Callable[[int, str], None],
                       cancel: CancelToken) -> None:
    shown = display_path(found.path)
    existing = find_document(conn, sha)
    if existing is not None and existing["status"] == "done":
        counts.duplicates.append(shown)
        return
    if found.kind == "image":
        check_image_size(found.path)
    doc = open_document(found.path, password)
    opened_with = getattr(doc, "caselens_warnings", None)
    page_count = doc.page_count
    repaired = bool(getattr(doc, "is_repaired", False))  # MuPDF rebuilt a damaged or truncated file
    doc.close()
    empty: list[int] = []
    if existing is None:
        with transaction(conn):
            doc_id = add_document(conn, _document_info(found, sha, page_count))
        have: set[int] = set()
    else:
        doc_id = existing["id"]
        have = pages_present(conn, doc_id)
        counts.resumed.append(shown)
    todo = [n for n in range(1, page_count + 1) if n not in have]
    pool = pool_for(len(todo))
    for pages in _extract(str(found.path), password, todo, pool):
        # One transaction per chunk of pages: each page is wholly in or wholly out, so a crash or
        # a cancel leaves a consistent case and the next run resumes at the first missing page.
        stopped = False
        with transaction(conn):
            for page in pages:
                if cancel.cancelled:
                    stopped = True
                    break
                add_page(conn, doc_id, page)
                if not page.text.strip():
                    empty.append(page.number)
                if page.status == "failed":
                    issue = Issue.of("E006", page.error or "", shown, page.number)
                    record_issue(conn, issue)
                    counts.issues.append(issue)
                elif page.warnings:
                    issue = Issue.of("E028", _one_line(page.warnings), shown, page.number)
                    record_issue(conn, issue)
                    counts.issues.append(issue)
                counts.pages_added += 1
                counts.pages_pending_ocr += page.status == "pending_ocr"
        tick(len(pages), shown)
        if stopped:
            raise Cancelled()
    with transaction(conn):
        if opened_with and not repaired and existing is None:
            issue = Issue.of("E028", _one_line(opened_with), shown)
            record_issue(conn, issue)
            counts.issues.append(issue)
        if repaired:  # never imported silently: what was recovered may be short of what was sent
            said = f"; MuPDF said: {_one_line(opened_with, 200)}" if opened_with else ""
            issue = Issue.of("E003", damaged_detail(page_count, empty) + said, shown, empty[0] if empty else None)
            record_issue(conn, issue)
            counts.issues.append(issue)
        set_document_status(conn, doc_id, "done")
        audit.append(conn, "import", {"path": shown, "sha256": sha, "pages": page_count})
    counts.imported.append(shown)


def _one_line(warnings: str, limit: int = 400) -> str:
    """MuPDF's messages as one line (repeats folded), short enough for a problem list."""
    seen = list(dict.fromkeys(w.strip() for w in warnings.splitlines() if w.strip()))
    text = "; ".join(seen)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def damaged_detail(page_count: int, empty: list[int]) -> str:
    """What a repaired PDF's issue says: it was damaged, how many pages came back, which came out empty."""
    detail = f"the file is damaged or truncated and was repaired on opening; {page_count} page(s) recovered"
    if empty:
        shown = ", ".join(map(str, empty[:20])) + (" …" if len(empty) > 20 else "")
        detail += f"; page(s) {shown} came out empty (no text; the rest of the file may be missing)"
    else:
        detail += "; check the last pages against the original"
    return detail


def _hash_or_error(path: Path) -> str | OSError:
    try:
        return sha256_file(path)
    except OSError as exc:
        return exc


def _complete(conn, sha: str | OSError) -> bool:
    if isinstance(sha, OSError):
        return False
    row = find_document(conn, sha)
    return row is not None and row["status"] == "done"


def _estimate_pages(found: list[Found], password: str | None) -> int:
    total = 0
    for f in found:
        if f.kind in ("pdf", "image"):
            try:
                doc = open_document(f.path, password)
                total += doc.page_count
                doc.close()
            except CaseLensError:
                pass
    return total


def import_paths(paths: list[str | os.PathLike[str]], *, case: str | os.PathLike[str], password: str | None = None,
                 workers: int | None = None, progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None, run_post_stages: bool = True, cluster=None,
                 ner: str | None = None, on_results: EarlyFn | None = None) -> ImportReport:
    """Import files and folders into the case. Re-importing adds nothing; an interrupted import resumes.

    `cluster` (app.services.cluster.ClusterSettings) sends the OCR of scanned pages and the extraction of page
    texts to a Dask cluster. `ner` ("fast" or "accurate") sets the case's Chinese NER, kept with the case for
    every later run (None: as the case has it, "fast" for a new case); changing it re-extracts every page.
    `on_results` is called each time early results are in the case while OCR still runs (EARLY_STAGES); without
    it no early pass is made."""
    started = time.monotonic()
    cancel = cancel or CancelToken()
    workers = workers or default_workers()
    conn = open_writer(case)
    if ner is not None:
        if ner not in NER_CHOICES:
            raise ValueError(f"unknown NER choice {ner!r}; use one of {', '.join(NER_CHOICES)}")
        with transaction(conn):
            set_case_setting(conn, NER_SETTING, ner)
    counts = _Counts()
    found, discovery_issues = discover(list(paths))
    counts.issues.extend(discovery_issues)
    hashes = {f.path: _hash_or_error(f.path) for f in found}
    # Only files not already complete in the case count towards the pages to do (and need opening).
    total_pages = _estimate_pages([f for f in found if not _complete(conn, hashes[f.path])], password)
    state = {"done": 0, "files": 0}
    pool: ProcessPoolExecutor | None = None
    space = space_warning(case, total_pages, found)
    if space is not None:
        counts.issues.append(space)
        with transaction(conn):
            record_issue(conn, space)

    def tick(n: int, current: str) -> None:
        state["done"] += n
        progress(Progress("import", state["done"], total_pages, state["files"], len(found), current, started))

    def pool_for(n_pages: int) -> ProcessPoolExecutor | None:
        nonlocal pool
        if workers <= 1 or n_pages < POOL_MIN_PAGES:
            return None
        if pool is None:
            import multiprocessing

            from app.ingest.ocr.pool import exit_with_parent

            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=exit_with_parent)
        return pool

    cancelled = False
    text_seconds = 0.0
    early: _Early | None = None
    try:
        with transaction(conn):
            for issue in discovery_issues:
                record_issue(conn, issue)
        for f in found:
            cancel.check()
            shown = display_path(f.path)
            try:
                sha = hashes[f.path]
                if isinstance(sha, OSError):
                    raise sha
                if f.kind in TABLE_DOC_KINDS:
                    _import_table_file(conn, f, sha, counts)
                else:
                    _import_paged_file(conn, f, sha, password, counts, pool_for, tick, cancel)
            except CaseLensError as exc:
                issue = exc.to_issue() if exc.path else Issue.of(exc.code, exc.detail, shown, exc.page)
                counts.issues.append(issue)
                with transaction(conn):
                    record_issue(conn, issue)
            except (OSError, sqlite3.Error) as exc:
                fault = case_fault(exc, str(case))
                if fault is not None and not isinstance(exc, OSError) or fault is not None and _about_case(exc, case):
                    raise fault from exc  # the case cannot be written: stop; the next run resumes
                if isinstance(exc, sqlite3.Error):
                    raise
                issue = Issue.of("E001", str(exc), shown)
                counts.issues.append(issue)
                with transaction(conn):
                    record_issue(conn, issue)
            state["files"] += 1
            progress(Progress("import", state["done"], total_pages, state["files"], len(found), shown, started))
        text_seconds = time.monotonic() - started
        if run_post_stages:
            # early passes only for someone watching (the GUI): a CLI or batch import does not pay for them
            early = _Early(conn, case, cancel, started, on_results) if on_results is not None else None
            for name, stage in stages.runners():
                cancel.check()
                stage_started = time.monotonic()
                # the per-page work of these stages goes to the cluster's workers; this process writes it
                extra: dict = {"cluster": cluster} if name in CLUSTER_STAGES and cluster is not None else {}
                if name == "ocr" and early is not None:
                    extra["between"] = early
                counts.issues.extend(stage(conn, case=case, progress=progress, cancel=cancel, **extra))
                counts.stage_seconds[name] = time.monotonic() - stage_started
    except Cancelled:
        cancelled = True
    except (OSError, sqlite3.Error) as exc:  # a stage met a full disk, a lost drive or a read-only case
        fault = case_fault(exc, str(case))
        if fault is None:
            raise
        raise fault from exc
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        conn.close()
    return ImportReport(imported=counts.imported, duplicates=counts.duplicates, resumed=counts.resumed,
                        pages_added=counts.pages_added, pages_pending_ocr=counts.pages_pending_ocr,
                        issues=counts.issues, cancelled=cancelled, seconds=time.monotonic() - started,
                        stage_seconds={"text": text_seconds, **counts.stage_seconds},
                        early_results=early.shown if early is not None else [])


# Measured (2026-12-04): a born-digital page takes 37 KB of case file (text, word boxes, index, mentions);
# a scanned page 63 KB of case plus 17 KB of OCR cache. The estimate takes the scanned figure with a margin.
BYTES_PER_PAGE = 100_000
BYTES_PER_TABLE_BYTE = 3  # a statement spreadsheet's rows, rejected rows and index, per byte of the file


def space_warning(case, pages: int, found: list[Found]) -> Issue | None:
    """E022 before a long import when the case's drive has less free space than the import will need."""
    tables = sum(f.path.stat().st_size for f in found if f.kind in TABLE_DOC_KINDS and f.path.is_file())
    need = pages * BYTES_PER_PAGE + tables * BYTES_PER_TABLE_BYTE
    try:
        free = shutil.disk_usage(Path(case).resolve().parent).free
    except OSError:
        return None
    if free >= need:
        return None
    return Issue.of("E022", f"this import needs about {need / 1e6:,.0f} MB ({pages} pages) and the drive has "
                            f"{free / 1e6:,.0f} MB free; it will stop when the disk is full", str(case))


def _about_case(exc: OSError, case) -> bool:
    """An OSError met while writing the case (its file, journal or folder), not while reading a source."""
    name = getattr(exc, "filename", None)
    return name is None or Path(os.fsdecode(name)).resolve().parent == Path(case).resolve().parent


def case_path(path: str | os.PathLike[str]) -> Path:
    return Path(path)
