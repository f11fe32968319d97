"""The ledger as numpy columns (accounts interned to ints, time in seconds) so rules run vectorised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.core.counterparties import (
    NAME_KEY_PREFIX,
    UNKNOWN_HOLDER,
    counterparty_key,
    is_intermediary,
    is_name_key,
    name_key,
)

DAY = 86_400
CASH_WORDS = ("现金", "取现", "存现", "ATM", "atm", "现存", "现取", "柜面存款", "柜面取款")
WEALTH_WORDS = ("理财", "基金", "申购", "赎回")
# Account ids and time packed into one sortable int64: account << TIME_BITS | (time - t0).
TIME_BITS = 34


def parse_times(values: Sequence[str | int | float]) -> np.ndarray:
    """ISO strings (or integer seconds) to int64 seconds; unreadable ones become the minimum int."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    if isinstance(values[0], (int, float, np.integer, np.floating)):
        return np.asarray(values, dtype=np.int64)
    try:
        return np.array(values, dtype="datetime64[s]").astype(np.int64)
    except ValueError:
        out = np.empty(len(values), dtype=np.int64)
        for i, v in enumerate(values):
            try:
                out[i] = np.datetime64(str(v).strip().replace("/", "-"), "s").astype(np.int64)
            except ValueError:
                out[i] = np.iinfo(np.int64).min
        return out


def iso(seconds: int) -> str:
    """Seconds back to an ISO timestamp as stored in the case."""
    return str(np.datetime64(int(seconds), "s"))


@dataclass
class Ledger:
    """All transactions of a case, sorted by (account, time, row id); amounts signed from the holder's side."""

    accounts: list[str]
    row: np.ndarray  # int64 transaction id (transactions.id) for each row
    acct: np.ndarray  # int32 holder account id
    cp: np.ndarray  # int32 counterparty account id, -1 when unknown
    time: np.ndarray  # int64 seconds (naive local time)
    amount: np.ndarray  # float64, + in, - out
    names: list[str | None] = field(default_factory=list)  # per account id
    has_statement: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    cash: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    wealth: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # False where the source gave a date only (many statements): its 00:00 is not a time of day.
    clock: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Per account id: a counterparty known by name only (its key is NAME_KEY_PREFIX + name key), and a payment
    # platform or clearing house (财付通, 银联 …) that stands between the parties.
    by_name: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    intermediary: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __post_init__(self) -> None:
        n = len(self.row)
        if len(self.cash) != n:
            self.cash = np.zeros(n, dtype=bool)
        if len(self.wealth) != n:
            self.wealth = np.zeros(n, dtype=bool)
        if len(self.clock) != n:
            self.clock = np.ones(n, dtype=bool)
        if len(self.names) != len(self.accounts):
            self.names = [None] * len(self.accounts)
        if len(self.has_statement) != len(self.accounts):
            hs = np.zeros(len(self.accounts), dtype=bool)
            hs[self.acct] = True
            self.has_statement = hs
        if len(self.by_name) != len(self.accounts):
            self.by_name = np.array([is_name_key(a) for a in self.accounts], dtype=bool)
        if len(self.intermediary) != len(self.accounts):
            self.intermediary = np.array([not hs and (is_intermediary(n) or (is_name_key(a) and is_intermediary(a)))
                                          for a, n, hs in zip(self.accounts, self.names, self.has_statement.tolist(),
                                                              strict=True)], dtype=bool)
        order = np.lexsort((self.row, self.time, self.acct))
        if not np.all(order == np.arange(n)):
            for name in ("row", "acct", "cp", "time", "amount", "cash", "wealth", "clock"):
                setattr(self, name, getattr(self, name)[order])
        self.t0 = int(self.time.min()) if n else 0
        self.key = (self.acct.astype(np.int64) << TIME_BITS) | (self.time - self.t0)

    def __len__(self) -> int:
        return len(self.row)

    @property
    def n_accounts(self) -> int:
        return len(self.accounts)

    def window_end(self, idx: np.ndarray, span: int) -> np.ndarray:
        """For rows idx, one past the last row of the same account with time <= time[idx] + span."""
        return np.searchsorted(self.key, self.key[idx] + span, side="right")

    def label(self, account_id: int) -> str:
        name = self.names[account_id] if account_id >= 0 else None
        acc = self.accounts[account_id] if account_id >= 0 else "?"
        if account_id >= 0 and self.by_name[account_id]:
            return f"{name or acc[len(NAME_KEY_PREFIX):]}(无账号 no account)"
        return f"{name}({acc})" if name else acc

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each transfer once as (src, dst, time, amount>0, row): out rows, plus in rows from accounts without a statement.

        Money through a payment platform (财付通, 银联 …) is no transfer between two parties: those rows are left out.
        """
        known = self.cp >= 0
        known &= ~self.intermediary[np.where(known, self.cp, 0)]
        out = known & (self.amount < 0)
        inn = known & (self.amount > 0) & ~self.has_statement[np.where(self.cp >= 0, self.cp, 0)]
        src = np.concatenate([self.acct[out], self.cp[inn]])
        dst = np.concatenate([self.cp[out], self.acct[inn]])
        t = np.concatenate([self.time[out], self.time[inn]])
        a = np.concatenate([-self.amount[out], self.amount[inn]])
        r = np.concatenate([self.row[out], self.row[inn]])
        return src, dst, t, a, r


def _intern(values: Iterable[str | None], table: dict[str, int], accounts: list[str]) -> np.ndarray:
    out = []
    for v in values:
        if v is None or str(v).strip() == "":
            out.append(-1)
            continue
        v = str(v).strip()
        i = table.get(v)
        if i is None:
            i = table[v] = len(accounts)
            accounts.append(v)
        out.append(i)
    return np.asarray(out, dtype=np.int32)


def _flags(texts: Iterable[str | None], words: tuple[str, ...]) -> np.ndarray:
    return np.array([bool(t) and any(w in t for w in words) for t in texts], dtype=bool)


def from_rows(rows: Sequence[dict]) -> Ledger:
    """Rows shaped like the transactions table (holder_account, time, amount, cp_account, ...)."""
    table: dict[str, int] = {}
    accounts: list[str] = []
    # A row without a holder account (a CSV export whose account is only in its title) still needs an account
    # id: -1 would break every per-account rule (np.bincount) and mislabel names[-1].
    acct = _intern((r["holder_account"] or UNKNOWN_HOLDER + (r.get("holder_name") or "") for r in rows), table,
                   accounts)
    cp = _intern(_counterparty_keys(rows, accounts, acct), table, accounts)
    names: list[str | None] = [None] * len(accounts)
    for r, a, c in zip(rows, acct, cp, strict=True):
        if r.get("holder_name") and not names[a]:
            names[a] = r["holder_name"]
        if c >= 0 and r.get("cp_name") and not names[c]:
            names[c] = r["cp_name"]
    text = [" ".join(str(r.get(k) or "") for k in ("channel", "memo")) for r in rows]
    ids = np.asarray([r.get("id", i + 1) for i, r in enumerate(rows)], dtype=np.int64)
    return Ledger(accounts=accounts, row=ids, acct=acct, cp=cp,
                  time=parse_times([r["time"] for r in rows]),
                  amount=np.asarray([float(r["amount"]) for r in rows], dtype=np.float64),
                  names=names, cash=_flags(text, CASH_WORDS), wealth=_flags(text, WEALTH_WORDS),
                  clock=np.asarray([_has_clock(r["time"]) for r in rows], dtype=bool))


def _counterparty_keys(rows: Sequence[dict], accounts: list[str], acct: np.ndarray) -> list[str | None]:
    """Each row's counterparty: its account; else, named only, the one statement account of that holder name in the
    case (other than the row's own account); else the name key (the same name on every statement: one counterparty)."""
    keys: dict[str, str] = {}  # names repeat: normalise each once

    def key_of(name: str) -> str:
        k = keys.get(name)
        if k is None:
            k = keys[name] = name_key(name)
        return k

    holders: dict[str, set[int]] = {}
    for r, a in zip(rows, acct.tolist(), strict=True):
        if r.get("holder_name"):
            holders.setdefault(key_of(r["holder_name"]), set()).add(a)
    out: list[str | None] = []
    for r, a in zip(rows, acct.tolist(), strict=True):
        account, name = r.get("cp_account"), r.get("cp_name")
        if account is not None and str(account).strip():
            out.append(str(account).strip())
            continue
        key = key_of(name) if name else ""
        own = holders.get(key, set()) if key else set()
        if len(own) == 1 and a not in own:
            out.append(accounts[next(iter(own))])
        else:
            out.append(counterparty_key(None, name))
    return out


def _has_clock(value: str | int | float) -> bool:
    """A time of day was given: numeric steps count as timed; "2021-03-05" alone does not."""
    return not isinstance(value, str) or len(value.strip()) > 10


def from_edges(src: Sequence[str], dst: Sequence[str], amount: Sequence[float], time: Sequence[str | int],
               src_name: Sequence[str | None] | None = None, dst_name: Sequence[str | None] | None = None,
               ids: Sequence[int] | None = None) -> Ledger:
    """An edge list (src pays dst): each edge an out row on src and an in row on dst, both carrying the edge id."""
    n = len(src)
    rows = []
    for i in range(n):
        rid = ids[i] if ids is not None else i + 1
        a = abs(float(amount[i]))
        sn = src_name[i] if src_name is not None else None
        dn = dst_name[i] if dst_name is not None else None
        rows.append({"id": rid, "holder_account": src[i], "holder_name": sn, "time": time[i], "amount": -a,
                     "cp_account": dst[i], "cp_name": dn})
        rows.append({"id": rid, "holder_account": dst[i], "holder_name": dn, "time": time[i], "amount": a,
                     "cp_account": src[i], "cp_name": sn})
    return from_rows(rows)


def from_int_edges(src: np.ndarray, dst: np.ndarray, amount: np.ndarray, time: np.ndarray,
                   n_accounts: int | None = None) -> Ledger:
    """Integer edge arrays (e.g. AMLSim node ids, time in seconds) straight to a ledger, without Python loops."""
    n = len(src)
    ids = np.arange(1, n + 1, dtype=np.int64)
    k = int(n_accounts if n_accounts is not None else max(src.max(), dst.max()) + 1)
    a = np.abs(np.asarray(amount, dtype=np.float64))
    return Ledger(accounts=[str(i) for i in range(k)], row=np.concatenate([ids, ids]),
                  acct=np.concatenate([src, dst]).astype(np.int32), cp=np.concatenate([dst, src]).astype(np.int32),
                  time=np.concatenate([time, time]).astype(np.int64), amount=np.concatenate([-a, a]))


def read_edge_csv(path: str | Path, columns: dict[str, str]) -> list[dict]:
    """Read a CSV edge list; columns maps src, dst, amount, time (and optional names) to header names."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        return [{k: rec.get(v) for k, v in columns.items()} for rec in reader]
