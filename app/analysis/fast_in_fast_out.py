"""快进快出: money that arrives and leaves the same account almost at once (a transit account)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import duration, episode_groups, make_alert, money, non_overlapping, ranked
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class FastInFastOutParams:
    window_s: int = 30 * 60  # T: outflows counted within this time after the inflow
    max_retained: float = 0.10  # r: (in - out) / in at most this within T
    long_window_s: int = 24 * 3600  # or: this long ...
    long_share: float = 0.90  # ... for at least this share of the inflow to leave
    min_amount: float = 50_000.0  # inflow at least this
    merge_s: int | None = 30 * DAY  # bursts of one account this close become one alert (None: one per burst)


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
    keep = non_overlapping(cand, end)
    episodes = []
    for k in keep.tolist():
        i, e = int(cand[k]), int(end[k])
        rows = np.arange(i + 1, e)
        rows = rows[amt[rows] < 0]
        cum = np.cumsum(-amt[rows])
        need = (1 - p.max_retained) * inflow[k] if short[k] else p.long_share * inflow[k]
        stop = int(np.searchsorted(cum, need - 1e-6)) + 1
        episodes.append((i, rows[:stop], float(inflow[k])))
    acct = np.array([ledger.acct[i] for i, _, _ in episodes], dtype=np.int64)
    first = np.array([ledger.time[i] for i, _, _ in episodes], dtype=np.int64)
    last = np.array([ledger.time[r[-1]] if len(r) else ledger.time[i] for i, r, _ in episodes], dtype=np.int64)
    alerts, scores = [], []
    for g in episode_groups(acct, first, last, p.merge_s):
        parts = [episodes[j] for j in g.tolist()]
        i, rows, inflow_k = parts[0]
        out = float(-amt[rows].sum())
        a = int(ledger.acct[i])
        sinks = [int(c) for c in dict.fromkeys(ledger.cp[rows].tolist())]
        src = int(ledger.cp[i])
        took = int(ledger.time[rows[-1]] - ledger.time[i]) if len(rows) else 0
        sink_txt = "、".join(ledger.label(s) for s in sinks[:5]) + (" …" if len(sinks) > 5 else "")
        # Statements that print dates only put every row at 00:00: say "same day", not "within 1 minute".
        date_only = len(rows) and ledger.time[i] % DAY == 0 and ledger.time[rows[-1]] % DAY == 0
        when = "同日 (same day; 流水仅有日期 statement shows dates only)" if date_only else duration(took)
        text = (f"账户 {ledger.label(a)} 在 {when} 内收到 {money(inflow_k)}"
                f"（来自 {ledger.label(src)}）并转出 {money(out)} 至 {sink_txt} ({out / inflow_k:.0%})；"
                f"链路 chain: {ledger.label(src)} → {ledger.label(a)} → {sink_txt}")
        if len(parts) > 1:
            moved = sum(x for _, _, x in parts)
            text += f"；同一账户 {len(parts)} 次快进快出，共转入 {money(moved)} ({len(parts)} episodes)"
        all_rows = np.concatenate([np.r_[j, r] for j, r, _ in parts])
        srcs = [int(ledger.cp[j]) for j, _, _ in parts]
        alerts.append(make_alert(ledger, "fast_in_fast_out", [src, a, *sinks, *srcs], all_rows,
                                 float(inflow_k), text, p))
        # Rank: money that leaves whole, fast and to few payees first (a busy account's many small payouts last).
        speed = p.window_s / (p.window_s + took)
        scores.append(inflow_k * min(out / inflow_k, 1.0) * speed / np.sqrt(max(len(rows), 1)))
    return ranked(alerts, scores)
