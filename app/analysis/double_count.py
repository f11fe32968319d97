"""Avoid double counting: a cash withdrawal re-deposited later, and wealth-product purchases that roll over."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import make_alert, money
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class DoubleCountParams:
    window_s: int = 14 * DAY  # deposit within this time after the withdrawal
    tolerance: float = 0.20  # deposit amount within ±this of the withdrawal
    min_amount: float = 10_000.0


def cash_pairs(ledger: Ledger, p: DoubleCountParams = DoubleCountParams()) -> list[tuple[int, int]]:
    """(withdrawal row, deposit row) pairs: each deposit used once, nearest in time first."""
    a = ledger.amount
    wd = np.nonzero(ledger.cash & (a <= -p.min_amount))[0]
    dep = np.nonzero(ledger.cash & (a >= p.min_amount * (1 - p.tolerance)))[0]
    if not len(wd) or not len(dep):
        return []
    dep = dep[np.argsort(ledger.time[dep], kind="stable")]
    dt = ledger.time[dep]
    used = np.zeros(len(dep), dtype=bool)
    pairs = []
    for w in wd[np.argsort(ledger.time[wd], kind="stable")].tolist():
        lo = np.searchsorted(dt, ledger.time[w], "left")
        hi = np.searchsorted(dt, ledger.time[w] + p.window_s, "right")
        for k in range(lo, hi):
            if not used[k] and abs(a[dep[k]] + a[w]) <= p.tolerance * -a[w]:
                used[k] = True
                pairs.append((w, int(dep[k])))
                break
    return pairs


def double_counting(ledger: Ledger, p: DoubleCountParams = DoubleCountParams()) -> list[Alert]:
    """Alerts for cash round trips and repeated wealth-product purchases that inflate totals."""
    alerts = []
    for w, d in cash_pairs(ledger, p):
        days = (ledger.time[d] - ledger.time[w]) / DAY
        text = (f"现金 {money(-ledger.amount[w])} 从 {ledger.label(int(ledger.acct[w]))} 取出，{days:.1f} 天后"
                f" {money(ledger.amount[d])} 存入 {ledger.label(int(ledger.acct[d]))}：同一笔钱，勿重复计算"
                " (cash withdrawal re-deposited)")
        alerts.append(make_alert(ledger, "double_counting", [int(ledger.acct[w]), int(ledger.acct[d])], [w, d],
                                 float(-ledger.amount[w]), text, p))
    wl = np.nonzero(ledger.wealth & (ledger.amount < 0))[0]
    starts = np.nonzero(np.r_[True, ledger.acct[wl][1:] != ledger.acct[wl][:-1]])[0]
    for lo, hi in zip(starts.tolist(), np.r_[starts[1:], len(wl)].tolist(), strict=True):
        rows = wl[lo:hi]
        if len(rows) < 2:
            continue
        acc = int(ledger.acct[rows[0]])
        gross = float(-ledger.amount[rows].sum())
        peak = float(-ledger.amount[rows].min())
        text = (f"账户 {ledger.label(acc)} 重复申购理财 {len(rows)} 次，累计 {money(gross)}，单笔最高 {money(peak)}："
                "滚动申购只应计一次 (repeated wealth-product purchases)")
        alerts.append(make_alert(ledger, "double_counting", [acc], rows, peak, text, p))
    return alerts
