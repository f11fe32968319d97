"""OCR of many pages on long-lived worker processes (spawn), each with its own engine; memory-bounded.

Workers render, hash, look up the cache and OCR; they return plain PageText values and never touch the
case file: the caller is the single writer and commits each finished page in its own transaction.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import CaseLensError
from app.core.models import PageText
from app.core.progress import CancelToken

ENGINE_BYTES = 900 * 1024 * 1024  # one RapidOCR process peaks at ~0.9 GB (MEASURED.md)
RESERVE_BYTES = 1024 * 1024 * 1024  # left for the app itself and the rest of the machine
# A worker is replaced after this many pages: onnxruntime's memory arena only grows (0.75 GB after the first
# pages, 1.0-1.15 GB after ~400 pages of a scanned dossier), and a fresh worker costs ~1-2 s of model load.
RECYCLE_PAGES = 150
_ENGINES: dict[str, object] = {}  # one engine per process, loaded on first use


@dataclass(frozen=True)
class PageTask:
    page_id: int
    path: str
    number: int  # 1-based
    password: str | None = None


@dataclass(frozen=True)
class PageOutcome:
    """A finished page: its OCR text (page is None when it failed) or a coded error for it."""

    task: PageTask
    page: PageText | None
    lines: tuple[tuple[int, int, int, float], ...] = ()  # per OCR line: (row, first word, last word, confidence)
    cached: bool = False
    error_code: str | None = None
    error: str | None = None


def available_memory() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def choose_workers(n_pages: int, requested: int | None = None) -> int:
    """Workers from cores and free memory (~0.9 GB each), never more than pages; CASELENS_OCR_WORKERS overrides."""
    env = os.environ.get("CASELENS_OCR_WORKERS")
    if requested is None and env and env.isdigit():
        requested = int(env)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    want = requested or cores
    free = available_memory()
    if free is not None:
        want = min(want, max(1, (free - RESERVE_BYTES) // ENGINE_BYTES))
    return max(1, min(want, n_pages))


def engine_for(name: str):
    """The process's engine of that name, created once (model load ~1 s) and reused for every page."""
    if name not in _ENGINES:
        if name == "tesseract":
            from app.ingest.ocr.tesseract import TesseractEngine

            _ENGINES[name] = TesseractEngine()
        elif name == "rapidocr":
            from app.ingest.ocr.engine import RapidOcrEngine

            _ENGINES[name] = RapidOcrEngine()
        elif name == "rapidocr-accurate":  # the small recogniser on every line: ~2x the CPU, fewer digit slips
            from app.ingest.ocr.engine import RapidOcrEngine
            from app.ingest.ocr.models import WHEEL

            _ENGINES[name] = RapidOcrEngine(rec=WHEEL.name)
        else:
            raise CaseLensError("E017", f"unknown OCR engine '{name}' (rapidocr, rapidocr-accurate or tesseract)")
    return _ENGINES[name]


def ocr_page(task: PageTask, engine_name: str = "rapidocr", use_cache: bool = True,
             extract: bytes | None = None) -> PageOutcome:
    """Render one page, OCR it (or take the cached result) and lay its words out in page coordinates.

    With `extract` (a one-page PDF cut from the source, see remote) the page comes from those bytes,
    not from task.path: a cluster worker needs no access to the source file."""
    from app.ingest.ocr import cache
    from app.ingest.ocr.types import page_confidence
    from app.ingest.ocr.words import page_layout, page_text
    from app.ingest.render import render_page
    from app.ingest.textlayer import open_document

    try:
        if extract is None:
            doc, index = open_document(Path(task.path), task.password), task.number - 1
        else:
            import pymupdf

            doc, index = pymupdf.open(stream=extract, filetype="pdf"), 0
        try:
            page = doc[index]
            rect = page.rect
            rendered = render_page(page, path=task.path, number=task.number)
        finally:
            doc.close()
        engine = engine_for(engine_name)
        result = cache.load(engine.name, rendered.digest) if use_cache else None
        cached = result is not None
        if result is None:
            result = engine.read(rendered.image)
            cache.store(engine.name, rendered.digest, result)
        words, spans = page_layout(result.lines, rendered.scale_x, rendered.scale_y, result.rotation,
                                   (result.width, result.height))
        text = page_text(words)
        out = PageText(task.number, rect.width, rect.height, text, words, "ocr", status="done",
                       ocr_engine=engine.name, ocr_confidence=page_confidence(result.lines),
                       rotation=result.rotation)
        return PageOutcome(task, out, tuple(spans), cached)
    except CaseLensError as exc:
        return PageOutcome(task, None, error_code=exc.code, error=exc.detail or exc.title)
    except MemoryError:
        return PageOutcome(task, None, error_code="E007", error="not enough memory for this page image")
    except Exception as exc:  # one bad page must not stop the others
        return PageOutcome(task, None, error_code="E009", error=f"{type(exc).__name__}: {exc}")


def exit_with_parent() -> None:
    """Stop this worker when the process that started it is gone (killed, crashed, closed).

    Without it, a worker whose parent died keeps OCR'ing queued pages for nobody and then waits
    forever, holding ~0.9 GB. The parent's sentinel works on every platform (no Linux-only prctl).
    """
    import multiprocessing
    import threading

    from domain.offline import stay_offline

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    stay_offline()  # a spawned worker imports app afresh, and importing app no longer switches anything

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="caselens-parent-watch", daemon=True).start()


def _init_worker(engine_name: str) -> None:
    exit_with_parent()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        engine_for(engine_name)
    except CaseLensError:
        pass  # reported per page by ocr_page


class OcrPool:
    """`with OcrPool(workers, engine) as pool: for outcome in pool.run(tasks, cancel): ...` (any order)."""

    def __init__(self, workers: int, engine: str = "rapidocr", use_cache: bool = True) -> None:
        self.workers = max(1, workers)
        self.engine = engine
        self.use_cache = use_cache
        self.restarts = 0  # times the workers were restarted after one died
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> OcrPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            import multiprocessing

            self._executor = ProcessPoolExecutor(max_workers=self.workers,
                                                 mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_init_worker, initargs=(self.engine,),
                                                 max_tasks_per_child=RECYCLE_PAGES)
        return self._executor

    def _discard_pool(self) -> None:
        """Drop a broken pool (a worker died); the next _pool() starts fresh workers."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            self.restarts += 1

    def run(self, tasks: list[PageTask], cancel: CancelToken | None = None) -> Iterator[PageOutcome]:
        """Outcomes as pages finish; stops submitting once cancelled (pages already yielded are kept).

        A worker that dies (killed, out of memory, crash in native code) breaks the whole pool: the
        workers are restarted, and the pages that were in flight are retried one at a time, so that a
        page which kills its worker again fails alone with E009 and every other page is still read.
        """
        cancel = cancel or CancelToken()
        if self.workers == 1 or len(tasks) <= 1:
            for task in tasks:
                if cancel.cancelled:
                    return
                yield ocr_page(task, self.engine, self.use_cache)
            return
        window = 2 * self.workers  # bounded: a few rendered pages in flight, whatever the document size
        queue, suspects = deque(tasks), deque()
        suspect_ids: set[int] = set()
        running: dict[Future, PageTask] = {}
        while queue or suspects or running:
            broken: list[PageTask] = []
            source = suspects or queue  # after a crash, pages that were in flight run alone until cleared
            limit = 1 if suspects else window
            try:
                while source and len(running) < limit and not cancel.cancelled:
                    task = source.popleft()
                    running[self._pool().submit(ocr_page, task, self.engine, self.use_cache)] = task
            except BrokenProcessPool:  # a worker died between pages
                source.appendleft(task)
                broken = list(running.values())
                running.clear()
            if cancel.cancelled:
                for fut in running:
                    fut.cancel()
                return
            if not broken:
                done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for fut in done:
                    task = running.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool:
                        broken.append(task)
                    except Exception as exc:  # the page's own call failed outside ocr_page's handlers
                        yield PageOutcome(task, None, error_code="E009", error=f"{type(exc).__name__}: {exc}")
                if broken:
                    broken.extend(running.values())  # a broken pool fails every pending future
                    running.clear()
            if broken:
                self._discard_pool()
                if len(broken) == 1 and broken[0].page_id in suspect_ids:
                    yield PageOutcome(broken[0], None, error_code="E009",
                                      error="the OCR worker stopped on this page (crash or out of memory)")
                    continue
                for task in broken:
                    suspect_ids.add(task.page_id)
                    suspects.append(task)
