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
