"""Account roles from the balance of money in and out: source (来源), transit (中转), sink (沉淀)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import make_alert, money
from app.analysis.ledger import Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class RoleParams:
    source_share: float = 0.80  # s: out / total ≥ s → source
    transit_share: float = 0.10  # t: |in − out| / total ≤ t → transit
    sink_share: float = 0.80  # p: in / total ≥ p → sink
    min_total: float = 100_000.0  # only accounts moving at least this (in + out) get a role


def account_roles(ledger: Ledger, p: RoleParams = RoleParams()) -> dict[str, np.ndarray]:
    """Per account id: in, out, total and role code (0 none, 1 source, 2 transit, 3 sink)."""
    n = ledger.n_accounts
    a = ledger.amount
    inn = np.bincount(ledger.acct, weights=np.where(a > 0, a, 0.0), minlength=n)
    out = np.bincount(ledger.acct, weights=np.where(a < 0, -a, 0.0), minlength=n)
    total = inn + out
    safe = np.maximum(total, 1e-9)
    role = np.zeros(n, dtype=np.int8)
    big = ledger.has_statement & (total >= p.min_total)
    role[big & (out / safe >= p.source_share)] = 1
    role[big & (np.abs(inn - out) / safe <= p.transit_share)] = 2
    role[big & (inn / safe >= p.sink_share)] = 3
    return {"in": inn, "out": out, "total": total, "role": role}


ROLE_NAMES = {1: "资金来源 source", 2: "中转账户 transit", 3: "资金沉淀 sink"}


def role_alerts(ledger: Ledger, p: RoleParams = RoleParams()) -> list[Alert]:
    """One alert per transit account (the role officers chase); sources and sinks via account_roles()."""
    r = account_roles(ledger, p)
    alerts = []
    transit = np.nonzero(r["role"] == 2)[0].astype(ledger.acct.dtype)
    los, his = np.searchsorted(ledger.acct, transit, "left"), np.searchsorted(ledger.acct, transit, "right")
    for acc, lo, hi in zip(transit.tolist(), los.tolist(), his.tolist(), strict=True):
        text = (f"账户 {ledger.label(acc)} 为{ROLE_NAMES[2]}：转入 {money(r['in'][acc])}，转出 {money(r['out'][acc])}"
                f"，留存 {abs(r['in'][acc] - r['out'][acc]) / r['total'][acc]:.1%}")
        alerts.append(make_alert(ledger, "transit_accounts", [acc], np.arange(lo, hi), float(r["in"][acc]), text, p))
    return alerts
