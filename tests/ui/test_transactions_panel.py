"""Ledger table: filters and CSV export of the whole filtered view."""

from __future__ import annotations


def test_transactions_export_csv_has_all_filtered_rows(window, tmp_path):
    window.transactions.follow.setChecked(False)
    window.transactions.min_amount.setValue(20000)
    window.transactions.apply_filters()
    path = window.transactions.export_csv(str(tmp_path / "tx.csv"))
    lines = (tmp_path / "tx.csv").read_text(encoding="utf-8-sig").splitlines()
    assert path and len(lines) == 1 + 6  # header + rows with |amount| >= 20,000
