"""共同交易对手: accounts that dealt with every one of the selected accounts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import make_alert, money
from app.analysis.ledger import Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class CommonParams:
    accounts: tuple[str, ...] = ()  # the selected accounts (at least two)
    min_share: float = 1.0  # counterparty must deal with at least this share of them (1.0 = every one)


def common_counterparties(ledger: Ledger, p: CommonParams = CommonParams()) -> list[Alert]:
    """One alert per counterparty linked to (a share of) the selected accounts, biggest totals first."""
    index = {a: i for i, a in enumerate(ledger.accounts)}
    chosen = np.array(sorted({index[a] for a in p.accounts if a in index}), dtype=np.int32)
    if len(chosen) < 2:
        return []
    rows = np.nonzero(np.isin(ledger.acct, chosen) & (ledger.cp >= 0) & ~np.isin(ledger.cp, chosen))[0]
    pairs = np.unique(np.stack([ledger.cp[rows], ledger.acct[rows]], axis=1), axis=0)
    cps, n_linked = np.unique(pairs[:, 0], return_counts=True)
    hit = cps[n_linked >= p.min_share * len(chosen)]
    rows = rows[np.isin(ledger.cp[rows], hit)]
    rows = rows[np.argsort(ledger.cp[rows], kind="stable")]
    cp_sorted = ledger.cp[rows]
    los = np.searchsorted(cp_sorted, hit.astype(cp_sorted.dtype), "left").tolist()
    his = np.searchsorted(cp_sorted, hit.astype(cp_sorted.dtype), "right").tolist()
    amount = np.abs(ledger.amount)
    alerts = []
    for c, lo, hi in zip(hit.tolist(), los, his, strict=True):
        r = np.sort(rows[lo:hi])
        total = float(amount[r].sum())
        linked = sorted(set(ledger.acct[r].tolist()))
        text = (f"{ledger.label(c)} 与所选 {len(linked)}/{len(chosen)} 个账户均有往来，{len(r)} 笔，合计 {money(total)}"
                " (common counterparty)")
        alerts.append(make_alert(ledger, "common_counterparties", [c, *linked], r, total, text, p))
    return sorted(alerts, key=lambda a: -a.amount)
