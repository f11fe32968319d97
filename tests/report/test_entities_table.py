"""Entities as CSV/XLSX read back with csv/openpyxl: citations kept, formula injection inert."""

from __future__ import annotations

import csv

import openpyxl

from app.report.entities_table import COLUMNS, write_entities
from tests.report.conftest import INJECTION


def test_entities_xlsx_reads_back_with_citations_and_numbers(small_model, tmp_path):
    out = tmp_path / "e.xlsx"
    n = write_entities(small_model, "xlsx", out)
    ws = openpyxl.load_workbook(out).active
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == n
    zhang = next(r for r in rows if r["name"] == "张伟")
    assert zhang["roles"] == "suspect" and zhang["id_numbers"] == "11010519491231002X"
    assert zhang["pages"] == "〔dossier.pdf 第1、2、3页〕"  # mentions on 1 and 3, statement on 2
    account = next(r for r in rows if r["name"] == "6222021234567890")
    assert account["total_in"] == 90000 and account["total_out"] == 80000  # numbers, not text


def test_entities_xlsx_formula_injection_is_inert(small_model, tmp_path):
    out = tmp_path / "e.xlsx"
    write_entities(small_model, "xlsx", out)
    wb = openpyxl.load_workbook(out)
    cells = [c for row in wb.active.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells
    for c in cells:
        assert c.data_type == "s" and str(c.value).startswith("'=")


def test_entities_csv_formula_injection_is_inert(small_model, tmp_path):
    out = tmp_path / "e.csv"
    write_entities(small_model, "csv", out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = [r["name"] for r in rows]
    assert "'" + INJECTION in names and INJECTION not in names
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values() if v)
