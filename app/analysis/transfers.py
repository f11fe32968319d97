"""Transfers (each payment once, src → dst) indexed for vectorised path search: cycles and tracing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.ledger import TIME_BITS, Ledger


@dataclass
class Transfers:
    """Transfers sorted by (src, order) where order is time or amount rank; `key` packs both for searchsorted."""

    src: np.ndarray
    dst: np.ndarray
    time: np.ndarray  # earliest time of the collapsed repeats
    time_last: np.ndarray
    amount: np.ndarray
    row: np.ndarray  # transaction id of the representative row
    t0: int
    key: np.ndarray
    amount_sorted: np.ndarray  # global sorted amounts (amount-ordered index only)
    all_rows: np.ndarray  # every transaction id; transfer i stands for all_rows[g_lo[i]:g_hi[i]]
    g_lo: np.ndarray
    g_hi: np.ndarray


def build(ledger: Ledger, *, min_amount: float = 0.0, by: str = "time", reverse: bool = False) -> Transfers:
    """Collapse exact repeats (same src, dst, amount and, when by=time, time) and index by src."""
    src, dst, t, a, r = ledger.edges()
    m = a >= min_amount
    src, dst, t, a, r = src[m], dst[m], t[m], a[m], r[m]
    if reverse:  # upstream search = downstream on the reversed graph with time running backwards
        src, dst, t = dst, src, -t
    cents = np.round(a * 100).astype(np.int64)
    order = np.lexsort((t, cents, dst, src))
    src, dst, t, a, r, cents = src[order], dst[order], t[order], a[order], r[order], cents[order]
    if len(src):
        same = (src[1:] == src[:-1]) & (dst[1:] == dst[:-1]) & (cents[1:] == cents[:-1])
        if by == "time":
            same &= t[1:] == t[:-1]
        first = np.r_[True, ~same]
    else:
        first = np.zeros(0, dtype=bool)
    keep = np.nonzero(first)[0]
    t0 = int(t.min()) if len(t) else 0
    amount_sorted = np.sort(a[keep])
    if by == "time":
        order_val = t[keep] - t0
    else:
        order_val = np.searchsorted(amount_sorted, a[keep], side="left").astype(np.int64)
    key = (src[keep].astype(np.int64) << TIME_BITS) | order_val
    g_lo, g_hi = keep, np.r_[keep[1:], len(r)]
    o = np.argsort(key, kind="stable")
    keep, g_lo, g_hi, key = keep[o], g_lo[o], g_hi[o], key[o]
    return Transfers(src=src[keep], dst=dst[keep], time=t[keep], time_last=t[g_hi - 1], amount=a[keep], row=r[keep], t0=t0,
                   key=key, amount_sorted=amount_sorted, all_rows=r, g_lo=g_lo, g_hi=g_hi)


def group_ids(tr: Transfers, edge: int) -> list[int]:
    """All transaction ids collapsed into transfer `edge`."""
    return [int(x) for x in tr.all_rows[tr.g_lo[edge]:tr.g_hi[edge]]]


def time_ranges(tr: Transfers, node: np.ndarray, t_lo: np.ndarray, t_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[lo, hi) index ranges of transfers out of `node` with time in [t_lo, t_hi] (time-ordered index)."""
    base = node.astype(np.int64) << TIME_BITS
    lo = np.searchsorted(tr.key, base | np.clip(t_lo - tr.t0, 0, None), side="left")
    hi = np.searchsorted(tr.key, base | np.clip(t_hi - tr.t0, -1, None), side="right")
    hi = np.where(t_hi < tr.t0, lo, hi)
    return lo, np.maximum(lo, hi)


def amount_ranges(tr: Transfers, node: np.ndarray, a_lo: np.ndarray, a_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[lo, hi) ranges of transfers out of `node` with amount in [a_lo, a_hi] (amount-ordered index)."""
    base = node.astype(np.int64) << TIME_BITS
    r_lo = np.searchsorted(tr.amount_sorted, a_lo, side="left")
    r_hi = np.searchsorted(tr.amount_sorted, a_hi, side="right") - 1
    lo = np.searchsorted(tr.key, base | r_lo, side="left")
    hi = np.searchsorted(tr.key, base | np.maximum(r_hi, 0), side="right")
    hi = np.where(r_hi < 0, lo, hi)
    return lo, np.maximum(lo, hi)


def expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flatten ranges: (which frontier item, transfer index) for every transfer in every range."""
    counts = hi - lo
    owner = np.repeat(np.arange(len(lo)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, lo[owner] + offsets
