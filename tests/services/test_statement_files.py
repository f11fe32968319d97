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


def test_overlapping_platform_exports_are_not_counted_twice(tmp_path):
    head = ("微信支付账单明细\n微信昵称：[%s]\n\n----------------------微信支付账单明细列表--------------------\n"
            "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
    rows = [f"2024-01-0{d} 09:00:00,转账,张伟,/,支出,¥{d}.00,零钱,对方已收钱,42000000{d:02d}\t,/\t,/\n"
            for d in range(1, 6)]
    jan = tmp_path / "a.csv"
    jan.write_text(head.replace("%s", "小王") + "".join(rows[:4]), encoding="utf-8")
    later = tmp_path / "b.csv"
    later.write_text(head.replace("%s", "wxid_abc") + "".join(rows[2:]), encoding="utf-8")  # another holder line
    case = tmp_path / "c.case"
    import_paths([jan, later], case=case)
    conn = sqlite3.connect(case)
    assert conn.execute("SELECT count(*) FROM transactions").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM rejected_rows WHERE reason = 'duplicate'").fetchone()[0] == 2


def test_closed_and_refunded_orders_stay_in_the_ledger_but_not_in_the_analysis(tmp_path):
    from app.store import alerts as alerts_store
    from nlp.statements.status import NOT_MOVED

    case = tmp_path / "c.case"
    import_paths([REAL / "alipay.csv"], case=case)
    conn = sqlite3.connect(case)
    flagged = conn.execute("SELECT count(*) FROM transactions WHERE flags LIKE '%\"closed\"%'").fetchone()[0]
    assert flagged == 2
    everything = alerts_store.ledger_rows(conn)
    moved = alerts_store.ledger_rows(conn, NOT_MOVED)
    assert len(everything) - len(moved) == 2
