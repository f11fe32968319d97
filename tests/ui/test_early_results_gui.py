"""Time to first results in the GUI during a scanned import: the people and transactions of the pages OCR'd
so far reach the views while OCR still runs.

With CASELENS_FIRST_RESULTS_PDF set (a `caselens synth --scanned` dossier) the same test imports that file
instead and writes its times to CASELENS_FIRST_RESULTS_OUT (JSON): on a 200-page dossier (statements last) the
views showed people and transactions at 25 s of a 131 s import (session 11, 2 cores shared with a synth run).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

ORDER = [7, 3, 8, 9, 10, 11, 4, 5, 6, 0, 1, 2]  # a statement page first, then a record: both kinds early


def _dossier(scanned_dossiers, tmp_path: Path) -> Path:
    big = os.environ.get("CASELENS_FIRST_RESULTS_PDF")
    if big:
        return Path(big)
    import pymupdf

    src = pymupdf.open(scanned_dossiers["root"] / "big" / "scan.pdf")
    out = pymupdf.open()
    for n in ORDER:
        out.insert_pdf(src, from_page=n, to_page=n)
    path = tmp_path / "reordered.pdf"
    out.save(path)
    out.close()
    src.close()
    return path


@pytest.mark.slow
def test_first_people_and_transactions_show_while_ocr_runs(qtbot, tmp_path, monkeypatch, scanned_dossiers):
    from app.ui import jobs
    from app.ui.app import create_app
    from app.ui.main_window import MainWindow

    pdf = _dossier(scanned_dossiers, tmp_path)
    big = "CASELENS_FIRST_RESULTS_PDF" in os.environ
    monkeypatch.setenv("CASELENS_HOME", str(tmp_path / "home"))  # no OCR cache: every page is read
    if not big:
        monkeypatch.setenv("CASELENS_EARLY_AFTER_S", "0")        # 12 pages: the first look after the first
    create_app([])
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_case(tmp_path / "first.case")
    times: dict = {}
    shown: list = []

    def early(result) -> None:
        shown.append(result)
        times.setdefault("first_signal_s", time.monotonic() - started)

    win.importer.earlyResults.connect(early)
    win.importer.importFinished.connect(lambda _r: times.setdefault("finished_s", time.monotonic() - started))
    started = time.monotonic()
    win.import_paths([str(pdf)])

    def views_show_results() -> bool:
        assert "finished_s" not in times, "the import ended before its early results were shown"
        return (win.importer.running and win.entities.model.rowCount() > 0
                and win.transactions.model.rowCount() > 0)

    qtbot.waitUntil(views_show_results, timeout=(900_000 if big else 120_000))
    times["first_results_s"] = time.monotonic() - started
    first = {"entities": win.entities.model.rowCount(), "transactions": win.transactions.model.rowCount()}
    assert win.importer.running                 # shown before the import ended
    assert shown and shown[0].pages_read < shown[0].pages_total
    with qtbot.waitSignal(win.importer.importFinished, timeout=(1_800_000 if big else 180_000)) as done:
        pass
    report = done.args[0]
    assert report is not None and not report.cancelled
    qtbot.waitUntil(lambda: win.transactions.model.rowCount() >= first["transactions"], timeout=20_000)
    assert report.early_results and report.early_results[0].pages_read == shown[0].pages_read
    assert not win.importer.partial.isVisible()
    out = os.environ.get("CASELENS_FIRST_RESULTS_OUT")
    if out:
        Path(out).write_text(json.dumps({
            "pdf": str(pdf), "pages": shown[0].pages_total, **{k: round(v, 1) for k, v in times.items()},
            "first_views": first, "early": [vars(e) for e in report.early_results],
            "import_seconds": round(report.seconds, 1), "stage_seconds": report.stage_seconds,
        }, indent=1))
    jobs.wait_all()
