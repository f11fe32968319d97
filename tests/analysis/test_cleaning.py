"""Ledger cleaning: one direction convention, failed and duplicate rows set aside with a reason."""

from __future__ import annotations

import pytest

from app.analysis.cleaning import clean_rows, fingerprint, signed_amount


@pytest.mark.parametrize("flag,sign", [("进", 1), ("贷", 1), ("C", 1), ("cr", 1), ("出", -1), ("借", -1),
                                       ("D", -1), ("支出", -1), ("O", -1)])
def test_signed_amount_flags(flag, sign):
    assert signed_amount(-120.5, flag) == sign * 120.5


def test_signed_amount_keeps_sign_without_flag_and_rejects_unknown():
    assert signed_amount(-5.0, None) == -5.0 and signed_amount(5.0, " ") == 5.0
    assert signed_amount(5.0, "??") is None


def row(**kw):
    return {"holder_account": "A", "time": "2021-03-01 09:00:00", "amount": 100, "balance": 1000, **kw}


def test_clean_rows_drops_failed_unknown_unreadable_and_duplicates_with_reasons():
    res = clean_rows([row(direction="出", serial="s1"), row(direction="出", serial="s1", balance=900),
                      row(success="失败"), row(direction="X"), row(amount="abc"), row(balance=5),
                      row(balance=5)])
    assert [r["amount"] for r in res.rows] == [-100.0, 100.0]
    assert [why for why, _ in res.rejected] == ["duplicate serial", "failed", "unknown direction",
                                                 "unreadable amount", "duplicate row"]
    assert all("fingerprint" in r for r in res.rows)


def test_clean_rows_same_serial_on_different_accounts_is_kept():
    res = clean_rows([row(serial="s1"), row(holder_account="B", serial="s1")])
    assert len(res.rows) == 2 and res.rejected == []


def test_fingerprint_depends_on_meaningful_fields_only():
    assert fingerprint(row()) == fingerprint({**row(), "page": 7})
    assert fingerprint(row()) != fingerprint(row(amount=101))
