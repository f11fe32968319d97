"""交易回路: money that goes round and comes back, found by a bounded, vectorised path search."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis import transfers as T
from app.analysis.findings import alert_from_ids, duration, money
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class CycleParams:
    max_depth: int = 10  # at most this many hops
    min_depth: int = 2  # at least this many hops (2 = A → B → A)
    window_s: int = 30 * DAY  # the whole cycle within this time
    max_gap_s: int = 7 * DAY  # each hop within this time after the previous (ordered only)
    tolerance: float = 0.20  # d: each hop's amount within ±d of the previous hop's ...
    max_decay: float = 0.0  # ... and may be up to this share lower still (each account keeps back a cut)
    min_amount: float = 10_000.0  # ignore transfers below this
    ordered: bool = True  # True: each hop no earlier than the last (time-respecting)
    max_frontier: int = 2_000_000  # search bound; alerts say when it was hit


def find_cycles(ledger: Ledger, p: CycleParams = CycleParams()) -> list[Alert]:
    """Simple directed cycles of similar amounts within window; time-respecting when p.ordered."""
    tr = T.build(ledger, min_amount=p.min_amount, by="time" if p.ordered else "amount")
    m = len(tr.src)
    if not m:
        return []
    cur = np.arange(m)
    # Canonical start: ordered cycles begin with their earliest hop; unordered ones at their smallest account.
    if not p.ordered:
        cur = cur[tr.dst > tr.src]
    paths = np.stack([tr.src[cur], tr.dst[cur]], axis=1).astype(np.int32)
    edges = cur[:, None].astype(np.int64)
    t_min, t_max = tr.time[cur].copy(), tr.time_last[cur].copy()
    found: dict[tuple[int, ...], list[int]] = {}
    truncated = False
    for depth in range(1, p.max_depth):
        if not len(cur):
            break
        last = edges[:, -1]
        a = tr.amount[last]
        if p.ordered:
            lo, hi = T.time_ranges(tr, tr.dst[last], tr.time[last],
                                   np.minimum(tr.time[last] + p.max_gap_s, t_min + p.window_s))
        else:
            lo, hi = T.amount_ranges(tr, tr.dst[last], a * (1 - p.tolerance - p.max_decay), a * (1 + p.tolerance))
        if int((hi - lo).sum()) > p.max_frontier:
            truncated = True
            hi = lo + np.minimum(hi - lo, max(1, p.max_frontier // max(len(lo), 1)))
        owner, nxt = T.expand(lo, hi)
        nxt_a, prev_a = tr.amount[nxt], a[owner]
        ok = (nxt_a <= prev_a * (1 + p.tolerance)) & (nxt_a >= prev_a * (1 - p.tolerance - p.max_decay))
        new_min = np.minimum(t_min[owner], tr.time[nxt])
        new_max = np.maximum(t_max[owner], tr.time_last[nxt])
        ok &= new_max - new_min <= p.window_s
        owner, nxt, new_min, new_max = owner[ok], nxt[ok], new_min[ok], new_max[ok]
        target = tr.dst[nxt]
        closes = target == paths[owner, 0]
        if depth + 1 >= p.min_depth:
            for o, e in zip(owner[closes].tolist(), nxt[closes].tolist(), strict=True):
                nodes = paths[o].tolist()
                k = nodes.index(min(nodes))
                canon = tuple(nodes[k:] + nodes[:k])
                if canon not in found:
                    found[canon] = [*edges[o].tolist(), e]
        go = ~closes & ~(paths[owner] == target[:, None]).any(axis=1)
        if not p.ordered:
            go &= target > paths[owner, 0]
        owner, nxt = owner[go], nxt[go]
        paths = np.concatenate([paths[owner], tr.dst[nxt][:, None].astype(np.int32)], axis=1)
        edges = np.concatenate([edges[owner], nxt[:, None]], axis=1)
        t_min, t_max, cur = new_min[go], new_max[go], nxt
    return [_alert(ledger, tr, list(nodes), hops, p, truncated) for nodes, hops in found.items()]


def _alert(ledger: Ledger, tr: T.Transfers, nodes: list[int], hops: list[int], p: CycleParams,
           truncated: bool) -> Alert:
    ids = [i for h in hops for i in T.group_ids(tr, h)]
    times = [int(tr.time[h]) for h in hops] + [int(tr.time_last[h]) for h in hops]
    ring = " → ".join(ledger.label(n) for n in [*nodes, nodes[0]])
    amounts = [float(tr.amount[h]) for h in hops]
    span = max(times) - min(times)
    text = (f"资金回路 cycle of {len(hops)} hops in {duration(span)}: {ring}；"
            f"金额 {money(amounts[0])} → {money(amounts[-1])}")
    if truncated:
        text += "（搜索已截断 search bound hit: more cycles may exist）"
    return alert_from_ids(ledger, "cycles", nodes, ids, times, max(amounts), text, p)
