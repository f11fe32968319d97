"""夜间交易: large transfers between midnight and 06:00, a time honest business rarely moves money."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import make_alert, money
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class NightParams:
    start_hour: int = 0  # night from this hour ...
    end_hour: int = 6  # ... to this hour (exclusive)
    min_amount: float = 100_000.0  # transaction at least this


def night_transfers(ledger: Ledger, p: NightParams = NightParams()) -> list[Alert]:
    """One alert per account and night with transactions ≥ min_amount between start_hour and end_hour."""
    sec = ledger.time % DAY
    hit = np.nonzero((sec >= p.start_hour * 3600) & (sec < p.end_hour * 3600) & ledger.clock
                     & (np.abs(ledger.amount) >= p.min_amount))[0]
    if not len(hit):
        return []
    night = ledger.acct[hit].astype(np.int64) * 1_000_000 + ledger.time[hit] // DAY
    starts = np.nonzero(np.r_[True, night[1:] != night[:-1]])[0]
    alerts = []
    for lo, hi in zip(starts.tolist(), np.r_[starts[1:], len(hit)].tolist(), strict=True):
        rows = hit[lo:hi]
        acc = int(ledger.acct[rows[0]])
        total = float(np.abs(ledger.amount[rows]).sum())
        clock = "、".join(str(np.datetime64(int(t), "s"))[11:16] for t in ledger.time[rows][:5])
        text = (f"账户 {ledger.label(acc)} 于夜间 {clock} 发生 {len(rows)} 笔大额交易，合计 {money(total)}"
                f" (night {p.start_hour:02d}:00–{p.end_hour:02d}:00)")
        alerts.append(make_alert(ledger, "night_transfers", [acc, *ledger.cp[rows].tolist()], rows, total, text, p))
    return alerts
