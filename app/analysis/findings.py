"""Shared pieces of the rules: building an Alert from ledger rows, money text, non-overlapping windows."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from functools import lru_cache

import numpy as np

from app.analysis.ledger import Ledger, iso
from app.core.models import Alert


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


@lru_cache(maxsize=64)
def _params_dict(params: object) -> dict:
    return asdict(params)  # type: ignore[call-overload]


def make_alert(ledger: Ledger, rule: str, account_ids: list[int], rows: np.ndarray | list[int], amount: float,
               explanation: str, params: object) -> Alert:
    """An Alert over ledger row indices: accounts and persons by name, time span and the ids of ALL its rows (an
    alert that says 311 transactions lists 311: the officer checks each one)."""
    rows = np.asarray(rows, dtype=np.int64)
    ids = list(dict.fromkeys(ledger.row[rows].tolist()))
    seen: list[int] = list(dict.fromkeys(a for a in account_ids if a >= 0))
    names = ledger.names
    persons = list(dict.fromkeys(names[a] for a in seen if names[a] and not ledger.intermediary[a]))
    p = dict(_params_dict(params)) if is_dataclass(params) else dict(params or {})  # type: ignore[arg-type]
    start = end = None
    if len(rows):
        times = ledger.time[rows]
        start, end = iso(times.min()), iso(times.max())
    return Alert(rule=rule, accounts=[ledger.accounts[a] for a in seen], persons=persons, amount=float(amount),
                 start=start, end=end, transactions=ids, explanation=explanation, params=p)


def non_overlapping(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Indices of windows [start, end) over sorted ledger rows kept greedily, so one burst gives one alert and
    no row counts twice. Windows come sorted by start; the loop jumps with searchsorted (once per kept window)."""
    keep = []
    i, n = 0, len(start)
    while i < n:
        keep.append(i)
        i = max(i + 1, int(np.searchsorted(start, end[i], side="left")))
    return np.asarray(keep, dtype=np.int64)


def alert_from_ids(ledger: Ledger, rule: str, account_ids: list[int], ids: list[int], times: list[int],
                   amount: float, explanation: str, params: object) -> Alert:
    """An Alert from transaction ids and times directly (rules that work on transfers, not ledger rows)."""
    alert = make_alert(ledger, rule, account_ids, [], amount, explanation, params)
    alert.transactions = list(dict.fromkeys(int(i) for i in ids))
    if times:
        alert.start, alert.end = iso(min(times)), iso(max(times))
    return alert


def episode_groups(acct: np.ndarray, start: np.ndarray, end: np.ndarray, merge_s: int | None) -> list[np.ndarray]:
    """Episodes (sorted by account, start; non-overlapping) grouped per account when each begins within merge_s
    of the previous one's end: one alert per account and busy period, not one per window (None: no merging)."""
    n = len(acct)
    if not n:
        return []
    if merge_s is None:
        return [np.array([i]) for i in range(n)]
    brk = np.r_[True, (acct[1:] != acct[:-1]) | (start[1:] - end[:-1] > merge_s)]
    return np.split(np.arange(n), np.nonzero(brk)[0][1:])


def ranked(alerts: list[Alert], scores: list[float]) -> list[Alert]:
    """Alerts best first, each with its score in params['score'] so the alerts panel can order by it."""
    for a, sc in zip(alerts, scores, strict=True):
        a.params["score"] = round(float(sc), 4)
    order = sorted(range(len(alerts)), key=lambda i: -scores[i])
    return [alerts[i] for i in order]
