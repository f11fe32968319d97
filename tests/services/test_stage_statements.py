"""The statements stage: PDF statement pages and CSV/XLSX ledgers into transactions, idempotent, de-duplicated."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))

from statement_fixtures import statement  # noqa: E402

from app.services.case import open_writer  # noqa: E402
from app.services.export import export_transactions  # noqa: E402
from app.services.imports import import_paths  # noqa: E402
from app.services.stages import statements as stage_statements  # noqa: E402

HEADER = ["交易卡号", "交易户名", "交易时间", "交易金额", "交易余额", "收付标志", "交易对手账卡号", "对手户名",
          "摘要说明", "交易是否成功", "交易流水号"]


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def _import(paths, case) -> list:
    """Import without the other post-import stages (OCR, NLP), then run this stage; its issues."""
    import_paths(paths, case=case, run_post_stages=False)
    conn = open_writer(case)
    try:
        return stage_statements.run(conn)
    finally:
        conn.close()


def _rows(case):
    conn = open_writer(case)
    try:
        tx = [dict(r) for r in conn.execute("SELECT * FROM transactions ORDER BY id")]
        rejected = [dict(r) for r in conn.execute("SELECT * FROM rejected_rows ORDER BY id")]
        return tx, rejected
    finally:
        conn.close()


def _statement_pdf(tmp_path, layout="boc_signed", n=12) -> tuple[Path, list[dict]]:
    _, truth = statement(tmp_path, layout, n=n, rows_per_page=8)
    return tmp_path / f"{layout}_1.pdf", truth


def test_stage_writes_pdf_rows_with_page_bbox_and_source(tmp_path, case_path):
    pdf, truth = _statement_pdf(tmp_path)
    import_paths([pdf], case=case_path)  # the real import runs this stage after the text layer
    tx, rejected = _rows(case_path)
    assert len(tx) == len(truth) and not rejected
    first = tx[0]
    assert first["holder_account"] == "6222021234567890123" and first["holder_name"] == "王芳"
    assert first["time"] == truth[0]["time"] and round(first["amount"], 2) == float(truth[0]["amount"])
    assert first["source"] == "pdf" and first["extractor"] == "statements" and first["page_id"]
    assert len(json.loads(first["row_bbox"])) == 4 and json.loads(first["flags"]) == []


def test_stage_rerun_is_idempotent(tmp_path, case_path):
    pdf, truth = _statement_pdf(tmp_path)
    _import([pdf], case_path)
    conn = open_writer(case_path)
    try:
        assert stage_statements.run(conn) == []  # nothing pending
        conn.execute("DELETE FROM jobs WHERE stage = 'statements'")  # force a re-run of every page
        stage_statements.run(conn)
    finally:
        conn.close()
    tx, _ = _rows(case_path)
    assert len(tx) == len(truth)


def test_stage_csv_failed_rows_rejected_and_duplicates_across_files(tmp_path, case_path):
    ok = ["6222021234567890123", "王芳", "2021-03-05 09:10:11", "100.00", "1100.00", "进", "6217001234567890",
          "李四", "转账", "是", "S1"]
    failed = ["6222021234567890123", "王芳", "2021-03-05 09:11:00", "70.00", "1100.00", "出", "", "", "转账", "否", "S2"]
    _csv(tmp_path / "a.csv", [ok, failed])
    _csv(tmp_path / "b.csv", [ok], encoding="gbk")  # the same transaction from a second inquiry
    _import([tmp_path / "a.csv", tmp_path / "b.csv"], case_path)
    tx, rejected = _rows(case_path)
    assert len(tx) == 1 and tx[0]["serial"] == "S1" and tx[0]["source"] == "csv"
    assert sorted(r["reason"] for r in rejected) == ["duplicate", "failed"]


def test_stage_unreadable_rows_kept_in_rejected_rows_with_issue(tmp_path, case_path):
    bad = ["6222021234567890123", "王芳", "not a date", "100.00", "1100.00", "进", "", "", "", "是", "S9"]
    _csv(tmp_path / "c.csv", [bad])
    issues = _import([tmp_path / "c.csv"], case_path)
    tx, rejected = _rows(case_path)
    assert not tx and rejected[0]["reason"].startswith("unreadable")
    assert json.loads(rejected[0]["data"])["cells"]["datetime"] == "not a date"
    assert any(i.code == "E011" for i in issues)


def test_stage_damaged_xlsx_gives_e012_not_crash(tmp_path, case_path):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04garbage")
    assert any(i.code == "E012" for i in _import([tmp_path / "broken.xlsx"], case_path))


def test_export_transactions_csv_neutralises_formulas_keeps_numbers(tmp_path, case_path):
    row = ["6222021234567890123", "=HYPERLINK(\"x\")", "2021-03-05 09:10:11", "-100.00", "900.00", "出",
           "6217001234567890", "@SUM(A1)", "+cmd", "是", "S1"]
    _csv(tmp_path / "f.csv", [row])
    _import([tmp_path / "f.csv"], case_path)
    result = export_transactions(case_path, "csv", tmp_path / "out.csv")
    assert result["rows"] == 1
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as fh:
        got = list(csv.DictReader(fh))[0]
    assert got["holder_name"].startswith("'=") and got["cp_name"].startswith("'@") and got["memo"].startswith("'+")
    assert got["amount"] == "-100.0" and got["document"] == "f.csv"


def test_export_transactions_xlsx_and_json(tmp_path, case_path):
    import openpyxl

    pdf, truth = _statement_pdf(tmp_path, "icbc_corp_flag", n=5)
    _import([pdf], case_path)
    export_transactions(case_path, "xlsx", tmp_path / "l.xlsx")
    export_transactions(case_path, "json", tmp_path / "l.json")
    ws = openpyxl.load_workbook(tmp_path / "l.xlsx").active
    values = list(ws.values)
    assert values[0][:4] == ("holder_account", "holder_name", "time", "amount")
    assert isinstance(values[1][3], float) and len(values) == len(truth) + 1
    data = json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))
    assert data[0]["page"] == 1 and isinstance(data[0]["flags"], list)


def _card_pdf(tmp_path, body) -> Path:
    from pdf_tables import table_pdf

    return table_pdf(tmp_path / "card.pdf", [[
        [(40, "信用卡对账单")], [(40, "账单周期 2024/12/06-2025/01/05")],
        [(40, "交易日"), (100, "记账日"), (160, "交易摘要"), (440, "人民币金额"), (540, "卡号末四位")], *body]])


def test_stage_card_pdf_rows_and_layout_stored(tmp_path, case_path):
    pdf = _card_pdf(tmp_path, [[(40, "12/08"), (100, "12/09"), (160, "消费 超市"), (440, "58.00"), (540, "1234")],
                               [(40, "01/03"), (100, "01/03"), (160, "还款"), (440, "-58.00"), (540, "1234")]])
    issues = _import([pdf], case_path)
    tx, rejected = _rows(case_path)
    assert [(t["time"], t["amount"]) for t in tx] == [("2024-12-08", -58.0), ("2025-01-03", 58.0)] and not rejected
    assert json.loads(tx[0]["details"])["post_date"] == "2024-12-09" and not issues
    conn = open_writer(case_path)
    try:
        [(part, layout)] = conn.execute("SELECT part, layout FROM statement_layouts").fetchall()
    finally:
        conn.close()
    layout = json.loads(layout)
    assert part == "page 1" and layout["kind"] == "credit-card" and layout["columns"]["post_date"] == "记账日"


def test_stage_header_without_readable_rows_is_e019_not_silent(tmp_path, case_path):
    pdf = _card_pdf(tmp_path, [[(40, "十二月八日"), (160, "消费 超市"), (440, "五十八元")]])
    issues = _import([pdf], case_path)
    tx, rejected = _rows(case_path)
    assert not tx and not rejected
    [issue] = [i for i in issues if i.code == "E019"]
    assert issue.page == 1 and "header on page 1" in issue.message and "amount=人民币金额" in issue.message
    assert "not in this layout: balance" in issue.message
    conn = open_writer(case_path)
    try:
        assert conn.execute("SELECT count(*) FROM issues WHERE code = 'E019'").fetchone()[0] == 1
    finally:
        conn.close()


def test_stage_statement_document_with_no_table_is_e019(tmp_path, case_path):
    from pdf_tables import table_pdf

    pdf = table_pdf(tmp_path / "odd.pdf", [[[(40, "客户交易流水")]] + [
        [(40, f"2021-03-0{d} 网银转出 {d},000.00 元 当日余额 4{d},000.00 元")] for d in (5, 6, 7)]])
    _import([pdf], case_path)
    conn = open_writer(case_path)
    try:
        conn.execute("UPDATE pages SET page_type = 'bank_statement'")  # as the page classifier would say
        conn.execute("DELETE FROM jobs WHERE stage = 'statements'")
        issues = stage_statements.run(conn)
    finally:
        conn.close()
    [issue] = issues
    assert issue.code == "E019" and issue.page == 1 and "no transaction table" in issue.message
