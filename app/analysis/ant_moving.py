"""蚂蚁搬家: many small transactions that together move a large sum in a short time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import duration, episode_groups, make_alert, money, non_overlapping, ranked
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class AntMovingParams:
    min_count: int = 20  # at least this many transactions ...
    window_s: int = 7 * DAY  # ... within this time ...
    min_total: float = 100_000.0  # ... totalling at least this
    max_amount: float | None = None  # only count transactions at most this (None: all)
    direction: str = "any"  # any | in | out
    merge_s: int | None = 30 * DAY  # windows of one account this close become one alert (None: one per window)


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
    if not len(ok):
        return []
    keep = ok[non_overlapping(ok, end[ok])]
    groups = episode_groups(ledger.acct[sel[keep]], ledger.time[sel[keep]], ledger.time[sel[end[keep] - 1]],
                            p.merge_s)
    per_account = np.bincount(ledger.acct[sel], minlength=ledger.n_accounts)
    span_all = max(int(ledger.time.max() - ledger.time.min()), p.window_s)
    alerts, scores = [], []
    for g in groups:
        ks = keep[g].tolist()
        rows = np.concatenate([sel[k:end[k]] for k in ks])
        acc = int(ledger.acct[rows[0]])
        amounts = a[rows]
        tot = float(amounts.sum())
        span = int(ledger.time[rows[-1]] - ledger.time[rows[0]])
        cv = float(amounts.std() / max(amounts.mean(), 1e-9))
        episodes = f"，{len(ks)} 个时段 (episodes)" if len(ks) > 1 else ""
        text = (f"账户 {ledger.label(acc)} 在 {duration(span)} 内发生 {len(rows)} 笔交易，合计 {money(tot)}"
                f"，平均 {money(tot / len(rows))}{episodes} (ant moving)")
        alerts.append(make_alert(ledger, "ant_moving", [acc], rows, tot, text, p))
        # Rank: a burst unusual for the account (its busiest window against its yearly pace) of similar
        # amounts first; a busy account's steady, mixed payments last.
        best = max(end[k] - k for k in ks)
        burst = best / max(per_account[acc] * p.window_s / span_all, 1.0)
        scores.append(burst / (1.0 + cv) * np.log10(max(tot, 10.0)))
    return ranked(alerts, scores)
