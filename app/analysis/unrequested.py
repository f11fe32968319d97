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
    top: int = 50  # list at most this many


SHOWN = 10  # named in the alert's sentence; all of them are in params["ranked"]


def unrequested_accounts(ledger: Ledger, p: UnrequestedParams = UnrequestedParams()) -> list[Alert]:
    """Counterparty accounts without a statement, ranked by linked statement accounts, then total amount: ONE alert
    listing them (what to request next), not one alert each. Counterparties named without an account number and
    payment platforms (财付通, 银联 …) cannot be requested by account and are left out."""
    cp = ledger.cp
    safe = np.maximum(cp, 0)
    rows = np.nonzero((cp >= 0) & ~ledger.has_statement[safe] & ~ledger.by_name[safe] & ~ledger.intermediary[safe])[0]
    if not len(rows):
        return []
    n = ledger.n_accounts
    total = np.bincount(cp[rows], weights=np.abs(ledger.amount[rows]), minlength=n)
    pairs = np.unique(cp[rows].astype(np.int64) * n + ledger.acct[rows])
    linked = np.bincount(pairs // n, minlength=n)
    cand = np.nonzero((linked >= p.min_linked) | (total >= p.min_total))[0]
    cand = cand[np.lexsort((-total[cand], -linked[cand]))][: p.top]
    if not len(cand):
        return []
    order = np.argsort(cp[rows], kind="stable")
    srt = rows[order]
    cp_srt = cp[srt]
    los = np.searchsorted(cp_srt, cand.astype(cp.dtype), "left").tolist()
    his = np.searchsorted(cp_srt, cand.astype(cp.dtype), "right").tolist()
    ranked, lines, all_rows, holders = [], [], [], []
    for rank, (c, lo, hi) in enumerate(zip(cand.tolist(), los, his, strict=True), start=1):
        r = srt[lo:hi]
        all_rows.append(r)
        holders.extend(np.unique(ledger.acct[r]).tolist())
        ranked.append({"rank": rank, "account": ledger.accounts[c], "name": ledger.names[c],
                       "linked": int(linked[c]), "count": int(len(r)), "total": round(float(total[c]), 2)})
        if rank <= SHOWN:
            lines.append(f"#{rank} {ledger.label(c)}：与 {linked[c]} 个已调单账户往来 {len(r)} 笔，合计 {money(total[c])}")
    more = f"；另 {len(cand) - SHOWN} 个见列表 (more in the list)" if len(cand) > SHOWN else ""
    grand = float(total[cand].sum())
    text = (f"未调单账户 {len(cand)} 个，建议调取流水 (accounts not yet requested, request these statements next)："
            + "；".join(lines) + more)
    rows_all = np.concatenate(all_rows)
    alert = make_alert(ledger, "unrequested_accounts", [*cand.tolist(), *holders], rows_all, grand, text, p)
    alert.params["ranked"] = ranked
    alert.params["kind"] = "list"
    return [alert]
