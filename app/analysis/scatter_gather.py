"""分散转入集中转出 and its reverse: many payers funnelled to one payee, or one big inflow sprayed to many."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis import transfers as T
from app.analysis.findings import duration, make_alert, money, non_overlapping
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class ScatterGatherParams:
    min_sources: int = 5  # distinct payers ...
    window_s: int = 5 * DAY  # ... within this time
    min_total: float = 200_000.0  # inflow in the window at least this
    gather_share: float = 0.80  # at least this share of it leaves to one counterparty ...
    gather_window_s: int = 5 * DAY  # ... within this time after the window ends
    require_gather: bool = True  # False: report the fan-in alone (e.g. AMLSim fan-in patterns)
    max_inflow: float | None = None  # only count inflows at most this (None: all)


@dataclass(frozen=True)
class GatherScatterParams:
    min_inflow: float = 100_000.0  # one inflow at least this ...
    min_payees: int = 5  # ... then at least this many distinct payees ...
    window_s: int = 3 * DAY  # ... within this time


def _inflows(ledger: Ledger, max_inflow: float | None) -> np.ndarray:
    amt = ledger.amount
    mask = amt > 0
    if max_inflow is not None:
        mask &= amt <= max_inflow
    return mask


def scatter_in_gather_out(ledger: Ledger, p: ScatterGatherParams = ScatterGatherParams()) -> list[Alert]:
    """≥ min_sources payers within window and total ≥ min_total; then ≥ gather_share leaves to one payee."""
    amt = ledger.amount
    inflow = _inflows(ledger, p.max_inflow)
    in_cum = np.cumsum(np.where(inflow, amt, 0.0))
    n_cum = np.cumsum(inflow)
    cand = np.nonzero(inflow)[0]
    if not len(cand):
        return []
    end = ledger.window_end(cand, p.window_s)
    total = in_cum[end - 1] - in_cum[cand] + amt[cand]
    count = n_cum[end - 1] - n_cum[cand] + 1
    ok = (count >= p.min_sources) & (total >= p.min_total)
    cand, end, total = cand[ok], end[ok], total[ok]
    if len(cand):
        # Busy accounts qualify from many overlapping starts: try one per account and day (the biggest window).
        day = ledger.acct[cand].astype(np.int64) * 1_000_000 + ledger.time[cand] // DAY
        order = np.lexsort((-total, day))
        first = order[np.r_[True, day[order][1:] != day[order][:-1]]]
        first.sort()
        cand, end, total = cand[first], end[first], total[first]
    if not len(cand):
        return []
    if p.require_gather:  # necessary condition first (cheap): enough money leaves at all in time
        out_cum = np.r_[0.0, np.cumsum(np.where(amt < 0, -amt, 0.0))]
        g_end = ledger.window_end(end - 1, p.gather_window_s)
        ok = out_cum[g_end] - out_cum[cand] >= p.gather_share * total
        cand, end, total = cand[ok], end[ok], total[ok]
    n_src = _distinct_cp(ledger, np.nonzero(inflow)[0], cand, end)[0]
    ok = n_src >= p.min_sources
    cand, end, total = cand[ok], end[ok], total[ok]
    best = np.full(len(cand), -1, dtype=np.int64)
    if p.require_gather and len(cand):
        g_end = ledger.window_end(end - 1, p.gather_window_s)
        out_rows_all = np.nonzero((amt < 0) & (ledger.cp >= 0))[0]
        _, best, best_sum = _distinct_cp(ledger, out_rows_all, cand, g_end, weights=-amt)
        ok = best_sum >= p.gather_share * total
        cand, end, total, best, g_end = cand[ok], end[ok], total[ok], best[ok], g_end[ok]
    alerts = []
    last_acct, last_end = -1, -1
    cp_all, acct_all, time_all = ledger.cp, ledger.acct, ledger.time
    for k, (i, e, tot) in enumerate(zip(cand.tolist(), end.tolist(), total.tolist(), strict=True)):
        a = int(acct_all[i])
        if a == last_acct and time_all[i] <= last_end:
            continue
        rows = np.arange(i, e)
        rows = rows[inflow[i:e]]
        sources = sorted({c for c in cp_all[rows].tolist() if c >= 0})
        t_last = int(time_all[e - 1])
        out_rows = np.empty(0, dtype=np.int64)
        gather_txt = ""
        if p.require_gather:
            top = int(best[k])
            outs = np.arange(i, int(g_end[k]))
            out_rows = outs[(amt[outs] < 0) & (cp_all[outs] == top)]
            got = float(-amt[out_rows].sum())
            gather_txt = f"，其中 {money(got)} ({got / tot:.0%}) 集中转出至 {ledger.label(top)}"
            t_last = int(time_all[out_rows[-1]])
        last_acct, last_end = a, t_last
        span = int(time_all[rows[-1]] - time_all[rows[0]])
        text = (f"账户 {ledger.label(a)} 在 {duration(span)} 内从 {len(sources)} 个账户分散转入 {money(tot)}"
                f" (scatter-in){gather_txt}")
        extra = [int(cp_all[out_rows[0]])] if len(out_rows) else []
        alerts.append(make_alert(ledger, "scatter_in_gather_out", [a, *extra, *sources],
                                 np.concatenate([rows, out_rows]), tot, text, p))
    return alerts


def _distinct_cp(ledger: Ledger, pool: np.ndarray, lo_row: np.ndarray, hi_row: np.ndarray,
                 weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per window [lo_row, hi_row) over the rows in `pool` (sorted ledger indices): number of distinct
    counterparties, and the counterparty with the biggest sum of `weights` and that sum. Rows without a known
    counterparty (cash, fees: cp -1) are no counterparty and are left out."""
    pool = pool[ledger.cp[pool] >= 0]
    lo, hi = np.searchsorted(pool, lo_row), np.searchsorted(pool, hi_row)
    owner, pos = T.expand(lo, hi)
    rows = pool[pos]
    key = owner.astype(np.int64) << 32 | ledger.cp[rows].astype(np.int64)
    uk, inv = np.unique(key, return_inverse=True)
    k_of = uk >> 32
    count = np.bincount(k_of, minlength=len(lo_row))
    best = np.full(len(lo_row), -1, dtype=np.int64)
    best_sum = np.zeros(len(lo_row))
    if weights is not None and len(uk):
        sums = np.bincount(inv, weights=weights[rows], minlength=len(uk))
        order = np.lexsort((-sums, k_of))
        first = order[np.r_[True, k_of[order][1:] != k_of[order][:-1]]]
        best[k_of[first]] = uk[first] & 0xFFFFFFFF
        best_sum[k_of[first]] = sums[first]
    return count, best, best_sum


def gather_in_scatter_out(ledger: Ledger, p: GatherScatterParams = GatherScatterParams()) -> list[Alert]:
    """One inflow ≥ min_inflow, then ≥ min_payees distinct payees within window: 集中转入分散转出."""
    amt = ledger.amount
    out = (amt < 0) & (ledger.cp >= 0)
    n_cum = np.cumsum(out)
    cand = np.nonzero(amt >= p.min_inflow)[0]
    if not len(cand):
        return []
    end = ledger.window_end(cand, p.window_s)
    ok = n_cum[end - 1] - n_cum[cand] >= p.min_payees
    cand, end = cand[ok], end[ok]
    keep = non_overlapping(cand, end)
    alerts = []
    for k in keep.tolist():
        i, e = int(cand[k]), int(end[k])
        rows = np.arange(i + 1, e)
        rows = rows[out[rows]]
        payees = np.unique(ledger.cp[rows])
        if len(payees) < p.min_payees:
            continue
        a = int(ledger.acct[i])
        spent = float(-amt[rows].sum())
        span = int(ledger.time[rows[-1]] - ledger.time[i])
        text = (f"账户 {ledger.label(a)} 收到 {money(amt[i])}（来自 {ledger.label(int(ledger.cp[i]))}）后"
                f" {duration(span)} 内分散转出 {money(spent)} 至 {len(payees)} 个账户 (gather-in, scatter-out)")
        alerts.append(make_alert(ledger, "gather_in_scatter_out", [int(ledger.cp[i]), a, *payees.tolist()],
                                 np.concatenate([[i], rows]), float(amt[i]), text, p))
    return alerts
