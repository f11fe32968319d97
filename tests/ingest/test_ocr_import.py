"""Scanned pages end to end: import OCRs them, search finds their text; cache, cancel, bombs, CLI."""

from __future__ import annotations

import sqlite3

import pymupdf
import pytest
from ocr_scans import make_scanned_pdf

from app.cli.main import main
from app.core.progress import Cancelled, CancelToken
from app.services.stages import ocr as stage_ocr

PAGES = [["讯问笔录", "被讯问人 张伟 身份证号 11010519491231002X", "答：钱转到了王芳的账户。"],
         ["Bank statement", "Account 6222021234567890 amount 30,000.00"]]


def _rows(case, sql):
    conn = sqlite3.connect(case)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.slow
def test_scanned_pdf_import_then_search_finds_page(tmp_path, case_path, capsys):
    pdf = make_scanned_pdf(tmp_path / "scanned.pdf", PAGES)
    assert main(["import", str(pdf), "--case", str(case_path)]) == 0
    capsys.readouterr()
    assert main(["search", "张伟", "--case", str(case_path)]) == 0
    out = capsys.readouterr().out
    assert "scanned.pdf" in out and "p.1" in out
    assert main(["search", "6222 0212", "--case", str(case_path)]) == 0
    assert "p.2" in capsys.readouterr().out
    pages = _rows(case_path, "SELECT status, text_source, ocr_engine, ocr_confidence FROM pages ORDER BY number")
    assert [p[:2] for p in pages] == [("done", "ocr"), ("done", "ocr")]
    assert pages[0][2].startswith("rapidocr-3.10") and 0.5 < pages[0][3] <= 1.0
    jobs = _rows(case_path, "SELECT status, version FROM jobs WHERE stage = 'ocr'")
    assert jobs == [("done", stage_ocr.VERSION), ("done", stage_ocr.VERSION)]
    words = _rows(case_path, "SELECT words FROM page_words ORDER BY page_id")[0][0]
    assert '"张伟"' in words  # a word of its own, with a box in page points


def test_ocr_page_uses_cache_the_second_time(tmp_path):
    from app.ingest.ocr.pool import PageTask, ocr_page

    pdf = make_scanned_pdf(tmp_path / "one.pdf", [PAGES[0]])
    first = ocr_page(PageTask(1, str(pdf), 1))
    second = ocr_page(PageTask(1, str(pdf), 1))
    assert not first.cached and second.cached
    assert first.page.text == second.page.text and "张伟" in first.page.text
    assert first.page.words == second.page.words


def test_embedded_image_bomb_gives_e007_for_that_page_only(tmp_path, case_path):
    from app.services.imports import import_paths

    pdf = make_scanned_pdf(tmp_path / "two.pdf", [PAGES[0], ["placeholder"]])
    doc = pymupdf.open(pdf)
    xref = doc[1].get_images(full=True)[0][0]
    doc.xref_set_key(xref, "Width", "30000")
    doc.xref_set_key(xref, "Height", "30000")
    doc.save(tmp_path / "bomb.pdf")
    doc.close()
    report = import_paths([tmp_path / "bomb.pdf"], case=case_path, workers=1)
    codes = [(i.code, i.page) for i in report.issues]
    assert ("E007", 2) in codes
    status = _rows(case_path, "SELECT number, status, text_source FROM pages ORDER BY number")
    assert status == [(1, "done", "ocr"), (2, "failed", "none")]


def test_cancel_keeps_finished_pages(tmp_path, case_path):
    from app.services.case import open_writer
    from app.services.imports import import_paths
    from app.services.stages import ocr as stage_ocr

    pdf = make_scanned_pdf(tmp_path / "two.pdf", PAGES)
    import_paths([pdf], case=case_path, run_post_stages=False)
    token = CancelToken()

    def progress(p):
        if p.done >= 1:
            token.cancel()

    conn = open_writer(case_path)
    with pytest.raises(Cancelled):
        stage_ocr.run(conn, progress=progress, cancel=token, workers=1)
    conn.close()
    assert _rows(case_path, "SELECT number, status FROM pages ORDER BY number") == [(1, "done"), (2, "pending_ocr")]
    conn = open_writer(case_path)
    assert stage_ocr.run(conn, workers=1) == []  # resumes with the page left
    conn.close()
    assert _rows(case_path, "SELECT count(*) FROM pages WHERE status = 'done'") == [(2,)]


def test_stage_stores_line_confidences_matching_the_words(tmp_path, case_path):
    from app.services.case import open_writer
    from app.services.imports import import_paths
    from app.services.stages import ocr as stage_ocr
    from app.store.pages import ocr_lines, page_words

    pdf = make_scanned_pdf(tmp_path / "one.pdf", [PAGES[0]])
    import_paths([pdf], case=case_path, run_post_stages=False)
    conn = open_writer(case_path)
    assert stage_ocr.run(conn, workers=1) == []
    page_id = conn.execute("SELECT id FROM pages").fetchone()[0]
    lines, words = ocr_lines(conn, page_id), page_words(conn, page_id)
    conn.close()
    assert len(lines) >= 3 and all(0.5 < conf <= 1.0 for *_, conf in lines)  # a line may come in segments
    for row, first, last, _conf in lines:
        assert [w[7] for w in words if w[6] == row][first:last + 1] == list(range(first, last + 1))
    name = next(w for w in words if w[4] == "张伟")  # one OCR line's span holds the word
    assert sum(1 for row, first, last, _ in lines if row == name[6] and first <= name[7] <= last) == 1


@pytest.mark.slow
def test_worker_killed_mid_run_restarts_and_every_page_is_done(tmp_path, case_path):
    import multiprocessing
    import os
    import signal

    from app.services.case import open_writer
    from app.services.imports import import_paths
    from app.services.stages import ocr as stage_ocr

    pdf = make_scanned_pdf(tmp_path / "six.pdf", [[f"第{i}页", f"账号 622202123456789{i}"] for i in range(6)])
    import_paths([pdf], case=case_path, run_post_stages=False)
    killed: list[int] = []

    def progress(p):
        workers = [c for c in multiprocessing.active_children() if c.is_alive()]
        if p.done >= 1 and not killed and workers:
            killed.append(workers[0].pid)
            os.kill(workers[0].pid, signal.SIGKILL)

    conn = open_writer(case_path)
    issues = stage_ocr.run(conn, progress=progress, workers=2, use_cache=False)
    conn.close()
    assert killed, "no worker process was running to kill"
    assert issues == []
    pages = _rows(case_path, "SELECT number, status, text FROM pages ORDER BY number")
    assert [p[1] for p in pages] == ["done"] * 6
    assert all(f"622202123456789{i}" in p[2].replace(" ", "") for i, p in enumerate(pages))


def test_choose_workers_bounded_by_pages_and_memory(monkeypatch):
    from app.ingest.ocr import pool as ocr_pool

    monkeypatch.delenv("CASELENS_OCR_WORKERS", raising=False)
    monkeypatch.setattr(ocr_pool, "available_memory", lambda: ocr_pool.RESERVE_BYTES + 2 * ocr_pool.ENGINE_BYTES)
    assert ocr_pool.choose_workers(1) == 1
    assert ocr_pool.choose_workers(1000, requested=16) == 2
    monkeypatch.setattr(ocr_pool, "available_memory", lambda: 0)
    assert ocr_pool.choose_workers(1000, requested=16) == 1


@pytest.mark.slow
def test_re_ocr_of_one_page_type_with_accurate_engine_reruns_later_stages(tmp_path, case_path, capsys):
    pdf = make_scanned_pdf(tmp_path / "scanned.pdf", PAGES)
    assert main(["import", str(pdf), "--case", str(case_path)]) == 0
    first = _rows(case_path, "SELECT number, page_type, ocr_engine FROM pages ORDER BY number")
    assert all("ppocr-v6-rec-tiny" in engine for _, _, engine in first)
    wanted = first[0][1]  # the type the classifier gave the interrogation page
    conn = sqlite3.connect(case_path)
    with conn:  # stale facts a re-read must replace
        conn.execute("UPDATE mentions SET text = 'STALE' WHERE page_id = (SELECT id FROM pages WHERE number = 1)")
    conn.close()
    capsys.readouterr()
    assert main(["ocr", "--case", str(case_path), "--force", "--engine", "rapidocr-accurate",
                 "--page-type", wanted]) == 0
    again = _rows(case_path, "SELECT number, page_type, ocr_engine FROM pages ORDER BY number")
    redone = [n for n, t, engine in again if engine.split("/")[1] == "ppocr-v6-small"]
    assert redone == [n for n, t, _ in first if t == wanted] and 1 in redone
    assert all("ppocr-v6-rec-tiny" in engine for n, _, engine in again if n not in redone)
    stages = _rows(case_path, "SELECT j.stage, j.status FROM jobs j JOIN pages p ON p.id = j.page_id WHERE p.number = 1")
    assert {"ocr", "classify", "extract"} <= {s for s, status in stages if status == "done"}
    mentions = _rows(case_path, "SELECT m.text FROM mentions m JOIN pages p ON p.id = m.page_id WHERE p.number = 1")
    assert mentions and "STALE" not in {m[0] for m in mentions} and "张伟" in {m[0] for m in mentions}
    linked = _rows(case_path, "SELECT e.name FROM entities e JOIN entity_mentions em ON em.entity_id = e.id"
                              " JOIN mentions m ON m.id = em.mention_id JOIN pages p ON p.id = m.page_id"
                              " WHERE p.number = 1 AND e.kind = 'person'")
    assert "张伟" in {name for (name,) in linked}  # resolution rebuilt on the new mentions
    assert main(["search", "张伟", "--case", str(case_path)]) == 0
    assert "p.1" in capsys.readouterr().out
