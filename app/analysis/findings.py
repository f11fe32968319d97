"""Shared pieces of the rules: building an Alert from ledger rows, money text, non-overlapping windows."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass

import numpy as np

from app.analysis.ledger import Ledger, iso
from app.core.models import Alert

MAX_ROWS_PER_ALERT = 200


def money(x: float) -> str:
    return f"¥{x:,.2f}"


def duration(seconds: int) -> str:
    """Seconds as the largest sensible unit: 分钟 / 小时 / 天."""
    seconds = int(seconds)
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} 分钟 (min)"
    if seconds < 2 * 86_400:
        return f"{seconds / 3600:.1f} 小时 (h)"
    return f"{seconds / 86_400:.1f} 天 (days)"


def make_alert(ledger: Ledger, rule: str, account_ids: list[int], rows: np.ndarray | list[int], amount: float,
               explanation: str, params: object) -> Alert:
    """An Alert over ledger row indices: accounts and persons by name, time span and transaction ids."""
    rows = np.asarray(rows, dtype=np.int64)
    times = ledger.time[rows] if len(rows) else np.zeros(0, dtype=np.int64)
    ids = list(dict.fromkeys(int(r) for r in ledger.row[rows[:MAX_ROWS_PER_ALERT]]))
    seen: list[int] = list(dict.fromkeys(a for a in account_ids if a >= 0))
    persons = list(dict.fromkeys(ledger.names[a] for a in seen if ledger.names[a]))
    p = asdict(params) if is_dataclass(params) else dict(params or {})  # type: ignore[arg-type]
    return Alert(rule=rule, accounts=[ledger.accounts[a] for a in seen], persons=persons, amount=float(amount),
                 start=iso(times.min()) if len(times) else None, end=iso(times.max()) if len(times) else None,
                 transactions=ids, explanation=explanation, params=p)


def non_overlapping(acct: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Indices of qualifying windows kept greedily per account so one burst gives one alert, not one per row."""
    keep = []
    last_acct, last_end = -1, -1
    for i, (a, s, e) in enumerate(zip(acct.tolist(), start.tolist(), end.tolist(), strict=True)):
        if a != last_acct or s >= last_end:
            keep.append(i)
            last_acct, last_end = a, e
    return np.asarray(keep, dtype=np.int64)


def alert_from_ids(ledger: Ledger, rule: str, account_ids: list[int], ids: list[int], times: list[int],
                   amount: float, explanation: str, params: object) -> Alert:
    """An Alert from transaction ids and times directly (rules that work on transfers, not ledger rows)."""
    alert = make_alert(ledger, rule, account_ids, [], amount, explanation, params)
    alert.transactions = list(dict.fromkeys(int(i) for i in ids))[:MAX_ROWS_PER_ALERT]
    if times:
        alert.start, alert.end = iso(min(times)), iso(max(times))
    return alert
