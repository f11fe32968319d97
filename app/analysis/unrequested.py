"""未调单账户: counterparties with no statement in the case, ranked: which bank records to request next."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import make_alert, money
from app.analysis.ledger import Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class UnrequestedParams:
    min_linked: int = 2  # linked to at least this many accounts with statements ...
    min_total: float = 50_000.0  # ... or moving at least this much in total
    top: int = 50  # report at most this many


def unrequested_accounts(ledger: Ledger, p: UnrequestedParams = UnrequestedParams()) -> list[Alert]:
    """Counterparties without a statement, ranked by linked statement accounts, then total amount."""
    cp = ledger.cp
    rows = np.nonzero((cp >= 0) & ~ledger.has_statement[np.maximum(cp, 0)])[0]
    if not len(rows):
        return []
    n = ledger.n_accounts
    total = np.bincount(cp[rows], weights=np.abs(ledger.amount[rows]), minlength=n)
    pairs = np.unique(cp[rows].astype(np.int64) * n + ledger.acct[rows])
    linked = np.bincount(pairs // n, minlength=n)
    cand = np.nonzero((linked >= p.min_linked) | (total >= p.min_total))[0]
    cand = cand[np.lexsort((-total[cand], -linked[cand]))][: p.top]
    order = np.argsort(cp[rows], kind="stable")
    srt = rows[order]
    alerts = []
    cp_srt = cp[srt]
    los = np.searchsorted(cp_srt, cand.astype(cp.dtype), "left").tolist()
    his = np.searchsorted(cp_srt, cand.astype(cp.dtype), "right").tolist()
    for rank, (c, lo, hi) in enumerate(zip(cand.tolist(), los, his, strict=True), start=1):
        r = srt[lo:hi]
        holders = np.unique(ledger.acct[r]).tolist()
        text = (f"#{rank} 未调单账户 {ledger.label(c)}：与 {linked[c]} 个已调单账户往来 {len(r)} 笔，合计"
                f" {money(total[c])}，建议调取流水 (request this statement next)")
        alerts.append(make_alert(ledger, "unrequested_accounts", [c, *holders], r, float(total[c]), text, p))
    return alerts
