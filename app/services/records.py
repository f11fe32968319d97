"""Records (笔录) of a case and their comparison: store reads, parsing and analysis wired for the CLI and GUI."""

from __future__ import annotations

import os
import time

from app.analysis.records.compare import CompareParams, compare_records
from app.analysis.records.model import Record, RecordPage
from app.analysis.records.parse import parse_records
from app.analysis.records.timing import CaseBounds, case_bounds
from app.services.case import open_reader
from app.store import records as store


def load_records(case: str | os.PathLike[str]) -> tuple[list[Record], CaseBounds]:
    """Every record of the case, its questioned person resolved to an entity, and the case's own dates."""
    conn = open_reader(case)
    try:
        rows = store.record_pages(conn)
        mentions = store.page_mentions(conn, [r["id"] for r in rows])
        pages = [RecordPage(r["id"], r["document"], r["number"], r["text"] or "", r["page_type"],
                            tuple(mentions.get(r["id"], ()))) for r in rows]
        records = parse_records(pages)
        names = sorted({r.person for r in records if r.person})
        ids = store.person_entity_ids(conn, names)
        for r in records:
            r.entity_id = ids.get(r.person or "")
        bounds = case_bounds([RecordPage(r["id"], r["document"], r["number"], r["text"] or "")
                              for r in store.timeline_pages(conn)], names)
    finally:
        conn.close()
    return records, bounds


def list_records(case: str | os.PathLike[str]) -> list[dict]:
    """Records as plain dicts (who was questioned, when, where, by whom, on which pages)."""
    records, _ = load_records(case)
    return [r.to_dict() for r in records]


def record_turns(case: str | os.PathLike[str], index: int) -> list[dict]:
    """The 问/答 turns of one record with the page each starts on."""
    records, _ = load_records(case)
    rec = next((r for r in records if r.index == index), None)
    if rec is None:
        return []
    return [{"role": t.role, "text": t.text, "page": t.pieces[0].number, "page_id": t.pieces[0].page_id,
             "start": t.pieces[0].start, "end": t.pieces[0].end} for t in rec.turns if t.pieces]


def compare_case_records(case: str | os.PathLike[str], params: CompareParams | None = None) -> dict:
    """{"copies": [...], "contradictions": [...], "timing": [...], "records": n, "seconds": {...}}."""
    t0 = time.perf_counter()
    records, bounds = load_records(case)
    t1 = time.perf_counter()
    found = compare_records(records, bounds, params)
    t2 = time.perf_counter()
    out: dict = {k: [f.to_dict() for f in v] for k, v in found.items()}
    out["records"] = len(records)
    out["seconds"] = {"load": round(t1 - t0, 3), "compare": round(t2 - t1, 3)}
    return out


def passage_region(view, page_id: int, start: int, end: int) -> tuple[float, float, float, float] | None:
    """The box (as the reader shows the page) of page text [start, end): what a finding outlines on its page."""
    from app.core.words import span_bbox

    page = view.page(page_id)
    if page is None or end <= start:
        return None
    return span_bbox(page.words, page.word_starts, start, end)
