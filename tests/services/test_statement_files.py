"""Statement files through the import: layouts recorded and shown, nothing that yields no rows passes
without a coded problem, the public sample exports all read (tests/fixtures/real, SOURCES.md there)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.services.case import case_info
from app.services.imports import import_paths

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "deg"


def test_every_public_sample_export_gives_rows_and_a_recorded_layout(tmp_path):
    case = tmp_path / "real.case"
    report = import_paths([REAL], case=case)
    conn = sqlite3.connect(case)
    per_doc = dict(conn.execute("SELECT d.name, count(t.id) FROM documents d LEFT JOIN transactions t"
                                " ON t.document_id = d.id GROUP BY d.id"))
    truth = json.loads((REAL.parents[2].parent / "eval" / "real" / "truth.json").read_text(encoding="utf-8"))
    assert set(per_doc) == set(truth)
    for name, rows in truth.items():
        if name == "wechat.xlsx":  # the same 27 rows as wechat.csv (and its second sheet): duplicates
            continue
        assert per_doc[name] == len(rows), name
    kinds = {lay["document"]: lay["kind"] for lay in case_info(case)["statement_layouts"]}
    assert kinds["alipay.csv"] == "alipay" and kinds["citic-credit.xls"] == "credit-card"
    assert kinds["td-debit.csv"] == "inferred"
    assert [i.code for i in report.issues] == ["E020"]  # the headerless file says its columns were guessed
    details = json.loads(conn.execute("SELECT details FROM transactions t JOIN documents d ON d.id = t.document_id"
                                      " WHERE d.name = 'cmb-credit.csv' LIMIT 1").fetchone()[0])
    assert details["post_date"] == "2023-12-29"


def test_a_statement_file_that_yields_nothing_is_reported(tmp_path):
    empty_table = tmp_path / "流水.csv"
    empty_table.write_text("交易日期,交易金额,余额,对方户名\n合计,0,,\n", encoding="utf-8")
    not_a_table = tmp_path / "说明.csv"
    not_a_table.write_text("本文件说明\n联系人,张三\n", encoding="utf-8")
    report = import_paths([empty_table, not_a_table], case=tmp_path / "c.case")
    codes = sorted((i.code, Path(i.path).name) for i in report.issues)
    assert codes == [("E019", "流水.csv"), ("E019", "说明.csv")]


def test_info_cli_prints_the_layout(tmp_path, capsys):
    from app.cli.main import main

    case = tmp_path / "c.case"
    import_paths([REAL / "boc-credit.csv"], case=case)
    assert main(["info", "--case", str(case)]) == 0
    out = capsys.readouterr().out
    assert "credit-card" in out and "credit=存入" in out and "debit=支出" in out
