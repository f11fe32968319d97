"""Precinct batch import: every dossier under a folder into its own case file, all stages, resumable.

Each dossier is one `import_paths` run into CASES_DIR/<name>.case (itself resumable page by page); a small
state file in CASES_DIR remembers which dossiers are finished, so a second run after a crash or a power
cut imports only what is missing and never doubles anything. A dossier's bad files are coded problems in
its case and its summary row; they never stop the other dossiers. What stops the batch is what would stop
every dossier alike: a full or read-only disk (E022-E024), a lost cluster (E030-E032), a cancel.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import CaseLensError, case_fault
from app.core.progress import Cancelled, CancelToken, Progress, ProgressFn, no_progress
from app.services.batch_state import (
    Dossier,
    DossierRow,
    find_dossiers,
    load_state,
    save_state,
    unpack,
)
from app.services.case import open_reader
from app.services.imports import import_paths
from app.services.stages import ORDER as STAGE_ORDER
from app.store.totals import case_totals

STOPS_BATCH = frozenset({"E022", "E023", "E024", "E030", "E031", "E032"})
BATCH_STAGE = "batch"  # Progress.stage of the whole batch; the current dossier's own stages come as they are
# Share of a dossier's time per stage, for the whole batch's ETA: OCR dominates a scanned dossier.
_STAGE_SPAN = {"import": (0.0, 0.05), "ocr": (0.05, 0.85)}


@dataclass
class BatchReport:
    rows: list[DossierRow] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return any(r.status == "failed" for r in self.rows)


def case_file(cases_dir: Path, dossier: Dossier) -> Path:
    return cases_dir / f"{dossier.name}.case"


def _fill(row: DossierRow, case: Path) -> None:
    conn = open_reader(case)
    try:
        for key, value in case_totals(conn).items():
            setattr(row, key, value)
    finally:
        conn.close()


def _dossier_pages(dossier: Dossier, cases_dir: Path) -> int:
    """Pages of a dossier for the batch's ETA (PDF page counts; an image is one page)."""
    from app.ingest.textlayer import open_document

    source = dossier.source
    if source.suffix.lower() == ".zip":
        try:
            source = unpack(source, cases_dir, dossier.name)
        except CaseLensError:
            return 0  # its row will say why
    files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    total = 0
    for f in files:
        if f.suffix.lower() == ".pdf":
            try:
                doc = open_document(f)
                total += doc.page_count
                doc.close()
            except CaseLensError:
                pass
        elif f.suffix.lower() in (".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp"):
            total += 1
    return total


def _stage_fraction(p: Progress) -> float:
    """How far through its dossier a stage's progress is, 0..1."""
    if p.stage in _STAGE_SPAN:
        start, span = _STAGE_SPAN[p.stage]
        return start + span * p.fraction
    if p.stage in STAGE_ORDER:
        later = STAGE_ORDER[STAGE_ORDER.index("ocr") + 1:]
        i = later.index(p.stage) if p.stage in later else 0
        return 0.9 + 0.1 * (i + p.fraction) / max(1, len(later))
    return 0.0


def run_batch(root: str | os.PathLike[str], cases_dir: str | os.PathLike[str], *, cluster=None,
              password: str | None = None, progress: ProgressFn = no_progress,
              cancel: CancelToken | None = None, ner: str | None = None) -> BatchReport:
    """Import every dossier under ROOT into CASES_DIR/<name>.case; finished dossiers of an earlier run are kept.

    `progress` gets Progress(stage="batch", done/total in pages, files = dossiers) for the whole batch, and
    the current dossier's own Progress values (import, ocr, classify, …) as import_paths sends them."""
    started = time.monotonic()
    cancel = cancel or CancelToken()
    root, out = Path(root), Path(cases_dir)
    out.mkdir(parents=True, exist_ok=True)
    dossiers = find_dossiers(root)
    earlier = load_state(out)
    rows = [earlier.get(d.name) or DossierRow(d.name, case_file(out, d).name) for d in dossiers]
    sizes = {d.name: (r.pages if r.status == "done" else _dossier_pages(d, out)) for d, r in zip(dossiers, rows, strict=True)}
    # the batch's pages count what this run has to do: a resumed batch's rate and ETA are this run's own
    total = sum(sizes[r.dossier] for r in rows if r.status != "done")
    state = {"done": 0, "dossiers": 0}
    batch_started = time.monotonic()

    def whole(current: str, extra: float = 0.0) -> Progress:
        return Progress(BATCH_STAGE, int(state["done"] + extra), total, state["dossiers"], len(dossiers), current,
                        batch_started)

    report = BatchReport(rows=rows)
    save_state(out, root, rows)
    try:
        for dossier, row in zip(dossiers, rows, strict=True):
            case = case_file(out, dossier)
            if row.status == "done" and case.exists():
                state["dossiers"] += 1
                continue
            cancel.check()
            pages = sizes[dossier.name]

            def inner(p: Progress, _name=dossier.name, _pages=pages) -> None:
                progress(p)
                progress(whole(_name, _pages * _stage_fraction(p)))

            progress(whole(dossier.name))
            _run_dossier(dossier, row, case, out, cluster=cluster, ner=ner, password=password, progress=inner,
                         cancel=cancel)
            save_state(out, root, rows)
            if row.status == "cancelled":
                report.cancelled = True
                break
            state["done"] += pages if row.status == "done" else 0
            state["dossiers"] += 1
            progress(whole(dossier.name))
    except Cancelled:
        report.cancelled = True
    finally:
        save_state(out, root, rows)
    report.seconds = time.monotonic() - started
    return report


def _run_dossier(dossier: Dossier, row: DossierRow, case: Path, out: Path, *, cluster, password: str | None,
                 progress: ProgressFn, cancel: CancelToken, ner: str | None = None) -> None:
    """One dossier into its case; fills its summary row. Raises only what must stop the whole batch."""
    started = time.monotonic()
    try:
        source = unpack(dossier.source, out, dossier.name) if dossier.source.suffix.lower() == ".zip" \
            else dossier.source
        report = import_paths([source], case=case, password=password, progress=progress, cancel=cancel,
                              cluster=cluster, ner=ner)
        row.status, row.error = ("cancelled" if report.cancelled else "done"), ""
    except CaseLensError as exc:
        row.status, row.error = "failed", exc.message()
        if exc.code in STOPS_BATCH:
            raise
    except OSError as exc:
        fault = case_fault(exc, str(case))
        if fault is None:
            raise
        row.status, row.error = "failed", fault.message()
        raise fault from exc
    finally:
        row.minutes = round(row.minutes + (time.monotonic() - started) / 60, 3)
        if case.exists():
            try:
                _fill(row, case)
            except CaseLensError:
                pass  # the case itself cannot be read: the row keeps its error
