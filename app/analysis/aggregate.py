"""Counterparty aggregation: who an account deals with, how much, how often, how concentrated."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import make_alert, money
from app.analysis.ledger import Ledger, iso
from app.core.models import Alert


@dataclass(frozen=True)
class CounterpartyTable:
    """One line per (account, counterparty, direction): direction +1 in, -1 out."""

    acct: np.ndarray
    cp: np.ndarray
    direction: np.ndarray
    count: np.ndarray
    total: np.ndarray
    first: np.ndarray
    last: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        return self.total / np.maximum(self.count, 1)

    def records(self, ledger: Ledger, account: str | None = None) -> list[dict]:
        """Plain dicts for display, optionally for one account."""
        sel = np.arange(len(self.acct))
        if account is not None:
            idx = ledger.accounts.index(account) if account in ledger.accounts else -1
            sel = sel[self.acct == idx]
        return [{"account": ledger.accounts[self.acct[i]], "counterparty": ledger.label(int(self.cp[i])),
                 "direction": "in" if self.direction[i] > 0 else "out", "count": int(self.count[i]),
                 "total": float(self.total[i]), "mean": float(self.mean[i]), "first": iso(self.first[i]),
                 "last": iso(self.last[i])} for i in sel.tolist()]


def counterparty_table(ledger: Ledger) -> CounterpartyTable:
    """Group rows by (account, counterparty, direction) with one lexsort and reduceat passes."""
    d = np.sign(ledger.amount).astype(np.int8)
    order = np.lexsort((ledger.time, d, ledger.cp, ledger.acct))
    a, c, dd = ledger.acct[order], ledger.cp[order], d[order]
    if not len(a):
        z = np.zeros(0)
        return CounterpartyTable(z, z, z, z, z, z, z)
    start = np.nonzero(np.r_[True, (a[1:] != a[:-1]) | (c[1:] != c[:-1]) | (dd[1:] != dd[:-1])])[0]
    t = ledger.time[order]
    return CounterpartyTable(acct=a[start], cp=c[start], direction=dd[start], count=np.diff(np.r_[start, len(a)]),
                             total=np.add.reduceat(np.abs(ledger.amount[order]), start), first=t[start],
                             last=np.maximum.reduceat(t, start))


def concentration(table: CounterpartyTable, n_accounts: int, direction: int, top: int) -> np.ndarray:
    """Per account: share of its in (direction=1) or out (-1) total going to its `top` largest counterparties."""
    m = table.direction == direction
    acct, total = table.acct[m], table.total[m]
    order = np.lexsort((-total, acct))
    acct, total = acct[order], total[order]
    start = np.r_[0, np.nonzero(acct[1:] != acct[:-1])[0] + 1] if len(acct) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(acct)) - np.repeat(start, np.diff(np.r_[start, len(acct)]))
    all_sum = np.bincount(acct, weights=total, minlength=n_accounts)
    top_sum = np.bincount(acct[rank < top], weights=total[rank < top], minlength=n_accounts)
    return np.divide(top_sum, all_sum, out=np.zeros(n_accounts), where=all_sum > 0)


def two_way_pairs(table: CounterpartyTable) -> np.ndarray:
    """(account, counterparty) pairs with money in both directions."""
    key = table.acct.astype(np.int64) << 32 | table.cp.astype(np.int64) & 0xFFFFFFFF
    ins, outs = key[table.direction > 0], key[table.direction < 0]
    both = np.intersect1d(ins, outs)
    return np.stack([both >> 32, both & 0xFFFFFFFF], axis=1)


@dataclass(frozen=True)
class SameNameParams:
    min_total: float = 0.0


def same_name_transfers(ledger: Ledger, p: SameNameParams = SameNameParams()) -> list[Alert]:
    """Transfers between different accounts held under the same name (often one person's own cards)."""
    names = np.array([n or "" for n in ledger.names], dtype=object)
    cp = np.maximum(ledger.cp, 0)
    m = (ledger.cp >= 0) & (ledger.cp != ledger.acct)
    rows = np.nonzero(m)[0]
    rows = rows[(names[ledger.acct[rows]] == names[cp[rows]]) & (names[ledger.acct[rows]] != "")]
    pair = np.minimum(ledger.acct[rows], cp[rows]).astype(np.int64) << 32 | np.maximum(ledger.acct[rows], cp[rows])
    alerts = []
    for key in np.unique(pair).tolist():
        r = rows[pair == key]
        a, b = key >> 32, key & 0xFFFFFFFF
        total = float(np.abs(ledger.amount[r]).sum())
        if total < p.min_total:
            continue
        text = f"同名账户互转 same-name transfers: {ledger.label(a)} ↔ {ledger.label(b)}，{len(r)} 笔，{money(total)}"
        alerts.append(make_alert(ledger, "same_name_transfers", [a, b], r, total, text, p))
    return alerts
