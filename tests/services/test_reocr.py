"""services.reocr: which pages a re-read takes (the GUI's accurate statement re-read leaves text-layer pages alone)."""

from __future__ import annotations

import sqlite3

from app.services.imports import import_paths
from app.services.reocr import STATEMENTS, pages_to_read
from tests.conftest import make_text_pdf


def test_pages_to_read_counts_scanned_statement_pages_only_when_asked(tmp_path):
    pdf = make_text_pdf(tmp_path / "mixed.pdf", ["交易明细 张伟", "交易明细 李娜", "讯问笔录 张伟"])
    case = tmp_path / "mixed.case"
    import_paths([str(pdf)], case=case, run_post_stages=False)
    conn = sqlite3.connect(case)
    with conn:  # page 1 as if it had been scanned; pages 1-2 statements, page 3 not
        conn.execute("UPDATE pages SET page_type = CASE WHEN number < 3 THEN ? ELSE 'interrogation' END", (STATEMENTS,))
        conn.execute("UPDATE pages SET text_source = CASE number WHEN 1 THEN 'ocr' ELSE 'layer' END")
    conn.close()
    assert pages_to_read(case, force=True, page_type=STATEMENTS) == 2
    assert pages_to_read(case, force=True, page_type=STATEMENTS, scanned_only=True) == 1
    assert pages_to_read(case, force=True) == 3
    assert pages_to_read(case) == 0  # nothing pending: a plain re-run reads nothing
