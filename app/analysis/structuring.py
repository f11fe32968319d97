"""Round amounts and threshold evasion (拆分规避): amounts shaped to stay below reporting limits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import duration, make_alert, money, non_overlapping
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class RoundAmountParams:
    unit: float = 10_000.0  # "round" = divisible by this
    min_count: int = 5  # at least this many round amounts on the account ...
    min_share: float = 0.5  # ... making at least this share of its transactions ≥ unit


@dataclass(frozen=True)
class ThresholdEvasionParams:
    thresholds: tuple[float, ...] = (50_000.0, 200_000.0)  # reporting limits
    margin: float = 0.10  # "just under": within this fraction below a threshold
    min_count: int = 5  # at least this many ...
    window_s: int = 30 * DAY  # ... within this time


def round_amounts(ledger: Ledger, p: RoundAmountParams = RoundAmountParams()) -> list[Alert]:
    """Accounts where a large share of transactions ≥ unit are exact multiples of unit."""
    a = np.abs(ledger.amount)
    big = a >= p.unit
    rnd = big & (np.abs(a / p.unit - np.round(a / p.unit)) < 1e-9)
    n = ledger.n_accounts
    n_big = np.bincount(ledger.acct, weights=big, minlength=n)
    n_rnd = np.bincount(ledger.acct, weights=rnd, minlength=n)
    hit = np.nonzero((n_rnd >= p.min_count) & (n_rnd >= p.min_share * np.maximum(n_big, 1)))[0]
    alerts = []
    if not len(hit):
        return alerts
    sel = np.nonzero(rnd & np.isin(ledger.acct, hit))[0]
    bounds = np.searchsorted(ledger.acct[sel], hit, side="left"), np.searchsorted(ledger.acct[sel], hit, "right")
    for acc, lo, hi in zip(hit.tolist(), *(b.tolist() for b in bounds), strict=True):
        rows = sel[lo:hi]
        total = float(a[rows].sum())
        text = (f"账户 {ledger.label(acc)} 有 {len(rows)} 笔整额交易（{money(p.unit)} 的整数倍，占大额交易"
                f" {n_rnd[acc] / max(n_big[acc], 1):.0%}），合计 {money(total)} (round amounts)")
        alerts.append(make_alert(ledger, "round_amounts", [acc], rows, total, text, p))
    return alerts


def threshold_evasion(ledger: Ledger, p: ThresholdEvasionParams = ThresholdEvasionParams()) -> list[Alert]:
    """≥ min_count amounts just under a reporting threshold on one account within window."""
    a = np.abs(ledger.amount)
    under = np.zeros(len(a), dtype=bool)
    for th in p.thresholds:
        under |= (a < th) & (a >= th * (1 - p.margin))
    sel = np.nonzero(under)[0]
    if not len(sel):
        return []
    key = ledger.key[sel]
    end = np.searchsorted(key, key + p.window_s, side="right")
    ok = end - np.arange(len(sel)) >= p.min_count
    starts = np.nonzero(ok)[0]
    keep = non_overlapping(starts, end[starts])
    alerts = []
    for k in starts[keep].tolist():
        rows = sel[k:end[k]]
        acc = int(ledger.acct[rows[0]])
        total = float(a[rows].sum())
        span = int(ledger.time[rows[-1]] - ledger.time[rows[0]])
        text = (f"账户 {ledger.label(acc)} 在 {duration(span)} 内有 {len(rows)} 笔略低于申报门槛"
                f" ({'/'.join(money(t) for t in p.thresholds)}) 的交易，合计 {money(total)} (threshold evasion)")
        alerts.append(make_alert(ledger, "threshold_evasion", [acc, *ledger.cp[rows].tolist()], rows, total, text, p))
    return alerts
