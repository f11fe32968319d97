"""拆分汇入: payers split a sum into near-identical same-day payments to one beneficiary; similar payers join."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import duration, make_alert, money
from app.analysis.ledger import DAY, TIME_BITS, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class SplitFanInParams:
    min_burst: int = 2  # one payer pays the beneficiary at least this many times ...
    burst_window_s: int = DAY  # ... within one such period (calendar buckets) ...
    tolerance: float = 0.25  # ... each amount within ±this of the burst's median (near-identical)
    min_split_payers: int = 2  # at least this many distinct payers split their payments ...
    window_s: int = 30 * DAY  # ... to the beneficiary within this time (first burst to last)
    band: float | None = 0.25  # other payers paying the beneficiary amounts within the bursts' range ±this,
    # within window_s of the bursts, join the group (the same scheme paid in one go); None: bursts only
    min_payers: int = 2  # the group (split and joining payers) has at least this many distinct payers
    min_amount: float = 0.0  # ignore payments below this


def split_bursts(ledger: Ledger, p: SplitFanInParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Incoming rows grouped into bursts (beneficiary, payer, period): (first row, last row + 1) per burst and
    the row order; only bursts of ≥ min_burst near-identical amounts are returned."""
    amt = ledger.amount
    rows = np.nonzero((amt > 0) & (ledger.cp >= 0) & (amt >= p.min_amount))[0]
    period = (ledger.time[rows] - ledger.t0) // max(p.burst_window_s, 1)
    # (beneficiary, payer, period) packed into one key; two stable argsorts beat a four-key lexsort.
    packed = (ledger.acct[rows].astype(np.uint64) << np.uint64(40)) | (
        ledger.cp[rows].astype(np.uint64) << np.uint64(18)) | np.minimum(period, (1 << 18) - 1).astype(np.uint64)
    by_amount = np.argsort(amt[rows], kind="stable")
    if ledger.n_accounts < 1 << 22:
        order = rows[by_amount[np.argsort(packed[by_amount], kind="stable")]]
    else:
        order = rows[np.lexsort((amt[rows], period, ledger.cp[rows], ledger.acct[rows]))]
    period = (ledger.time[order] - ledger.t0) // max(p.burst_window_s, 1)
    a, c = ledger.acct[order], ledger.cp[order]
    if not len(order):
        z = np.zeros(0, dtype=np.int64)
        return z, z, order
    start = np.nonzero(np.r_[True, (a[1:] != a[:-1]) | (c[1:] != c[:-1]) | (period[1:] != period[:-1])])[0]
    end = np.r_[start[1:], len(order)]
    n = end - start
    ok = n >= p.min_burst
    start, end, n = start[ok], end[ok], n[ok]
    vals = amt[order]
    median = vals[start + (n - 1) // 2]  # amounts are sorted within a burst
    near = (vals[start] >= median * (1 - p.tolerance)) & (vals[end - 1] <= median * (1 + p.tolerance))
    return start[near], end[near], order


def split_fan_in(ledger: Ledger, p: SplitFanInParams = SplitFanInParams()) -> list[Alert]:
    """One alert per beneficiary and window: ≥ min_split_payers payers sending split bursts, joined by payers
    of similar amounts, ≥ min_payers distinct payers in all."""
    start, end, order = split_bursts(ledger, p)
    if not len(start):
        return []
    ben = ledger.acct[order[start]].astype(np.int64)
    t = ledger.time[order[start]]
    o = np.lexsort((t, ben))
    start, end, ben, t = start[o], end[o], ben[o], t[o]
    key = ben << TIME_BITS | (t - ledger.t0)
    w_end = np.searchsorted(key, key + p.window_s, side="right")
    need = max(p.min_split_payers, 1)
    cand = np.nonzero(w_end - np.arange(len(key)) >= need)[0]  # enough bursts; payers checked below
    lo_amt, hi_amt = ledger.amount[order[start]], ledger.amount[order[end - 1]]  # sorted by amount in a burst
    alerts = []
    last_ben, last_stop = -1, -1
    for i in cand.tolist():
        if ben[i] == last_ben and i < last_stop:
            continue
        b = slice(i, int(w_end[i]))
        rows = np.concatenate([order[s:e] for s, e in zip(start[b].tolist(), end[b].tolist(), strict=True)])
        splitters = list(dict.fromkeys(ledger.cp[rows].tolist()))
        if len(splitters) < need:
            continue
        joined = _band_rows(ledger, int(ben[i]), int(t[b].min()), int(ledger.time[rows].max()),
                            float(lo_amt[b].min()), float(hi_amt[b].max()), set(splitters), p)
        payers = splitters + list(dict.fromkeys(ledger.cp[joined].tolist()))
        if len(payers) < p.min_payers:
            continue
        last_ben, last_stop = int(ben[i]), int(w_end[i])
        rows = np.sort(np.concatenate([rows, joined]))
        total = float(ledger.amount[rows].sum())
        span = int(ledger.time[rows].max() - ledger.time[rows].min())
        who = "、".join(ledger.label(x) for x in splitters[:5]) + (" …" if len(splitters) > 5 else "")
        also = f"，另有 {len(payers) - len(splitters)} 个付款人转入相近金额" if len(payers) > len(splitters) else ""
        text = (f"拆分汇入 split fan-in: {len(splitters)} 个付款人（{who}）各以多笔相近金额同日转入"
                f" {ledger.label(int(ben[i]))}{also}，共 {len(rows)} 笔 {money(total)}，历时 {duration(span)}")
        alerts.append(make_alert(ledger, "split_fan_in", [int(ben[i]), *payers], rows, total, text, p))
    return alerts


def _band_rows(ledger: Ledger, ben: int, t_first: int, t_last: int, lo: float, hi: float, skip: set[int],
               p: SplitFanInParams) -> np.ndarray:
    """The beneficiary's inflows from other payers within the bursts' amount range ±band and window_s of them."""
    if p.band is None:
        return np.zeros(0, dtype=np.int64)
    base = ben << TIME_BITS
    a = int(np.searchsorted(ledger.key, base | max(t_first - p.window_s - ledger.t0, 0), side="left"))
    z = int(np.searchsorted(ledger.key, base | min(t_last + p.window_s - ledger.t0, (1 << TIME_BITS) - 1),
                            side="right"))
    rows = np.arange(a, z)
    amt = ledger.amount[rows]
    ok = (amt >= max(lo / (1 + p.band), p.min_amount)) & (amt <= hi * (1 + p.band)) & (ledger.cp[rows] >= 0)
    rows = rows[ok]
    if skip and len(rows):
        rows = rows[~np.isin(ledger.cp[rows], list(skip))]
    return rows
