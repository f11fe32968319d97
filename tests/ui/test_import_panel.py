"""Import from the GUI: progress reaches the panel, Cancel stops it and keeps a consistent case."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import make_text_pdf


@pytest.mark.slow
def test_import_progress_then_cancel(qtbot, tmp_path):
    from app.ui.import_panel import ImportPanel

    pdf = make_text_pdf(tmp_path / "big.pdf", [f"第{i}页 讯问笔录 张伟" for i in range(400)])
    case = tmp_path / "import.case"
    panel = ImportPanel()
    qtbot.addWidget(panel)
    seen = []
    worker = panel.start([str(pdf)], str(case), run_post_stages=False)
    worker.signals.progress.connect(lambda p: (seen.append(p), panel.cancel() if p.done > 0 else None))
    with qtbot.waitSignal(panel.importFinished, timeout=60_000) as done:
        pass
    report = done.args[0]
    assert report is not None, panel.current.text()
    assert seen
    conn = sqlite3.connect(case)
    pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    conn.close()
    assert pages == report.pages_added
    if report.cancelled:
        assert "cancelled" in panel.current.text().lower()
        assert pages < 400


def test_import_panel_finishes_small_import(qtbot, tmp_path, text_pdf):
    from app.ui.import_panel import ImportPanel

    panel = ImportPanel()
    qtbot.addWidget(panel)
    panel.start([str(text_pdf)], str(tmp_path / "small.case"), run_post_stages=False)
    with qtbot.waitSignal(panel.importFinished, timeout=60_000) as done:
        pass
    assert done.args[0].pages_added == 3
    assert not panel.running


@pytest.mark.slow
def test_panel_rereads_scanned_statement_pages_accurately(qtbot, tmp_path):
    """The GUI's accurate re-read: only scanned pages classified as bank statements are read again, by the small
    recogniser, and the panel reports how many."""
    from app.services.imports import import_paths
    from app.ui.import_panel import ImportPanel
    from tests.ingest.ocr_scans import make_scanned_pdf

    pdf = make_scanned_pdf(tmp_path / "scan.pdf", [["交易明细 户名 张伟", "账号 6222021234567890"],
                                                   ["讯问笔录", "被讯问人 张伟"]])
    case = tmp_path / "scan.case"
    import_paths([str(pdf)], case=case)
    conn = sqlite3.connect(case)
    with conn:
        conn.execute("UPDATE pages SET page_type = CASE number WHEN 1 THEN 'bank_statement' ELSE 'interrogation' END")
    before = dict(conn.execute("SELECT number, ocr_engine FROM pages"))
    conn.close()
    assert all("ppocr-v6-rec-tiny" in engine for engine in before.values())
    panel = ImportPanel()
    qtbot.addWidget(panel)
    assert panel.start([], str(case), job="reread") is not None
    with qtbot.waitSignal(panel.importFinished, timeout=120_000) as done:
        pass
    report = done.args[0]
    assert report is not None, panel.current.text()
    assert report.pages_reread == 1 and not report.cancelled
    assert "Re-read finished: 1 pages" in panel.current.text()
    conn = sqlite3.connect(case)
    after = dict(conn.execute("SELECT number, ocr_engine FROM pages"))
    words = conn.execute("SELECT text FROM pages WHERE number = 1").fetchone()[0]
    conn.close()
    assert after[1].split("/")[1] == "ppocr-v6-small"  # the accurate recogniser alone
    assert after[2] == before[2]  # not a statement: left as it was
    assert "6222021234567890" in words
