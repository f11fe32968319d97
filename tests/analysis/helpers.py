"""Tiny ledgers built by hand: transfers as (time, payer, payee, amount)."""

from __future__ import annotations

from app.analysis.ledger import Ledger, from_edges, from_rows


def transfers(rows: list[tuple[str, str, str, float]], names: dict[str, str] | None = None) -> Ledger:
    names = names or {}
    return from_edges([r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], [r[0] for r in rows],
                      src_name=[names.get(r[1]) for r in rows], dst_name=[names.get(r[2]) for r in rows])


def statement(rows: list[dict]) -> Ledger:
    return from_rows([{"id": i + 1, **r} for i, r in enumerate(rows)])
