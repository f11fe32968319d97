"""蚂蚁搬家: many small transactions that together move a large sum in a short time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import duration, make_alert, money, non_overlapping
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class AntMovingParams:
    min_count: int = 20  # at least this many transactions ...
    window_s: int = 7 * DAY  # ... within this time ...
    min_total: float = 100_000.0  # ... totalling at least this
    max_amount: float | None = None  # only count transactions at most this (None: all)
    direction: str = "any"  # any | in | out


def ant_moving(ledger: Ledger, p: AntMovingParams = AntMovingParams()) -> list[Alert]:
    """Windows of ≥ min_count transactions on one account within window_s totalling ≥ min_total."""
    a = np.abs(ledger.amount)
    mask = np.ones(len(a), dtype=bool) if p.direction == "any" else (
        ledger.amount > 0 if p.direction == "in" else ledger.amount < 0)
    if p.max_amount is not None:
        mask &= a <= p.max_amount
    sel = np.nonzero(mask)[0]
    if not len(sel):
        return []
    key = ledger.key[sel]
    end = np.searchsorted(key, key + p.window_s, side="right")
    cum = np.r_[0.0, np.cumsum(a[sel])]
    idx = np.arange(len(sel))
    total = cum[end] - cum[idx]
    ok = np.nonzero((end - idx >= p.min_count) & (total >= p.min_total))[0]
    keep = non_overlapping(ledger.acct[sel[ok]], ledger.time[sel[ok]], ledger.time[sel[end[ok] - 1]])
    alerts = []
    for k in ok[keep].tolist():
        rows = sel[k:end[k]]
        acc = int(ledger.acct[rows[0]])
        span = int(ledger.time[rows[-1]] - ledger.time[rows[0]])
        text = (f"账户 {ledger.label(acc)} 在 {duration(span)} 内发生 {len(rows)} 笔交易，合计 {money(total[k])}"
                f"，平均 {money(total[k] / len(rows))} (ant moving)")
        alerts.append(make_alert(ledger, "ant_moving", [acc], rows, float(total[k]), text, p))
    return alerts
