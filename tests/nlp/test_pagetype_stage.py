"""Stage 'classify' (app/services/stages/classify.py): writes page_type/confidence and a jobs row, once."""

from __future__ import annotations

from app.services.case import open_writer
from app.services.imports import import_paths
from app.services.stages import classify as stage_classify
from app.store.jobs import pages_to_do


def test_stage_classify_writes_types_and_jobs(text_pdf, case_path):
    import_paths([text_pdf], case=case_path, run_post_stages=False)
    conn = open_writer(case_path)
    assert stage_classify.run(conn) == []
    rows = conn.execute("SELECT number, page_type, page_type_confidence FROM pages ORDER BY number").fetchall()
    assert [r[1] for r in rows][:2] == ["interrogation", "bank_statement"]
    assert all(r[1] and 0 < r[2] <= 1 for r in rows)
    jobs = conn.execute("SELECT count(*) FROM jobs WHERE stage = 'classify' AND status = 'done'").fetchone()[0]
    assert jobs == len(rows)
    assert pages_to_do(conn, stage_classify.NAME, stage_classify.VERSION) == []


def test_stage_classify_missing_model_marks_jobs_failed(text_pdf, case_path, monkeypatch):
    from nlp.pagetype import model as pm

    import_paths([text_pdf], case=case_path, run_post_stages=False)
    conn = open_writer(case_path)
    monkeypatch.setattr(pm, "model_file", lambda: case_path.parent / "absent.joblib")
    pm.load.cache_clear()
    try:
        assert stage_classify.run(conn) == []
    finally:
        pm.load.cache_clear()
    failed = conn.execute("SELECT count(*) FROM jobs WHERE stage = 'classify' AND status = 'failed'").fetchone()[0]
    assert failed == 3
    assert conn.execute("SELECT count(*) FROM pages WHERE page_type IS NOT NULL").fetchone()[0] == 0
