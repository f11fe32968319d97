"""快进快出: money that arrives and leaves the same account almost at once (a transit account)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import duration, make_alert, money, non_overlapping
from app.analysis.ledger import Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class FastInFastOutParams:
    window_s: int = 30 * 60  # T: outflows counted within this time after the inflow
    max_retained: float = 0.10  # r: (in - out) / in at most this within T
    long_window_s: int = 24 * 3600  # or: this long ...
    long_share: float = 0.90  # ... for at least this share of the inflow to leave
    min_amount: float = 50_000.0  # inflow at least this


def fast_in_fast_out(ledger: Ledger, p: FastInFastOutParams = FastInFastOutParams()) -> list[Alert]:
    """One alert per burst: an inflow >= min_amount followed by outflows that take nearly all of it away."""
    amt = ledger.amount
    out_cum = np.cumsum(np.where(amt < 0, -amt, 0.0))
    cand = np.nonzero(amt >= p.min_amount)[0]
    if not len(cand):
        return []
    j1 = ledger.window_end(cand, p.window_s)
    j2 = ledger.window_end(cand, p.long_window_s)
    out1 = out_cum[j1 - 1] - out_cum[cand]
    out2 = out_cum[j2 - 1] - out_cum[cand]
    inflow = amt[cand]
    short = (inflow - out1) / inflow <= p.max_retained
    long = out2 >= p.long_share * inflow
    ok = short | long
    cand, j1, j2, short, inflow = cand[ok], j1[ok], j2[ok], short[ok], inflow[ok]
    end = np.where(short, j1, j2)
    # Stop each burst at the outflow that completes it, so the chain shows only the rows that matter.
    keep = non_overlapping(ledger.acct[cand], ledger.time[cand], ledger.time[end - 1])
    alerts = []
    for k in keep.tolist():
        i, e = int(cand[k]), int(end[k])
        rows = np.arange(i + 1, e)
        rows = rows[amt[rows] < 0]
        cum = np.cumsum(-amt[rows])
        need = (1 - p.max_retained) * inflow[k] if short[k] else p.long_share * inflow[k]
        stop = int(np.searchsorted(cum, need - 1e-6)) + 1
        rows = rows[:stop]
        out = float(-amt[rows].sum())
        a = int(ledger.acct[i])
        sinks = [int(c) for c in dict.fromkeys(ledger.cp[rows].tolist())]
        src = int(ledger.cp[i])
        took = int(ledger.time[rows[-1]] - ledger.time[i]) if len(rows) else 0
        sink_txt = "、".join(ledger.label(s) for s in sinks[:5]) + (" …" if len(sinks) > 5 else "")
        text = (f"账户 {ledger.label(a)} 在 {duration(took)} 内收到 {money(inflow[k])}"
                f"（来自 {ledger.label(src)}）并转出 {money(out)} 至 {sink_txt} ({out / inflow[k]:.0%})；"
                f"链路 chain: {ledger.label(src)} → {ledger.label(a)} → {sink_txt}")
        alerts.append(make_alert(ledger, "fast_in_fast_out", [src, a, *sinks], np.concatenate([[i], rows]),
                                 float(inflow[k]), text, p))
    return alerts
