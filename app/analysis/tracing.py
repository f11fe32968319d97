"""资金穿透: follow money hop by hop up- or downstream of an account, each hop later and of a similar amount."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis import transfers as T
from app.analysis.findings import alert_from_ids, money
from app.analysis.ledger import DAY, Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class TraceParams:
    accounts: tuple[str, ...] = ()  # start accounts (the rule does nothing without them)
    direction: str = "down"  # down: where the money went; up: where it came from
    max_hops: int = 6
    max_gap_s: int = 3 * DAY  # each hop within this time of the previous one
    tolerance: float = 0.20  # d: each hop's amount within ±d of the previous hop's
    min_amount: float = 10_000.0
    mode: str = "fewest"  # fewest hops | earliest arrival, per reached account


@dataclass(frozen=True)
class TracePath:
    accounts: list[int]  # start first
    hops: list[int]  # transfer indices
    arrival: int  # time of the last hop (seconds; negated back for upstream)


def trace(ledger: Ledger, start: int, p: TraceParams = TraceParams()) -> tuple[T.Transfers, dict[int, TracePath]]:
    """Best path (by p.mode) to every account reachable from `start` under the hop rules."""
    tr = T.build(ledger, min_amount=p.min_amount, by="time", reverse=p.direction == "up")
    best: dict[int, TracePath] = {}
    seen = np.zeros(len(tr.src), dtype=bool)  # a transfer expanded once: first (fewest-hop) arrival wins
    lo, hi = np.searchsorted(tr.src, start, "left"), np.searchsorted(tr.src, start, "right")
    cur = np.arange(lo, hi)
    paths = [[start, int(tr.dst[e])] for e in cur.tolist()]
    hops = [[e] for e in cur.tolist()]
    for _ in range(p.max_hops):
        if not len(cur):
            break
        seen[cur] = True
        for path, hp in zip(paths, hops, strict=True):
            node, arrival = path[-1], int(tr.time[hp[-1]])
            old = best.get(node)
            better = old is None or (p.mode == "earliest" and arrival < old.arrival)
            if node != start and better:
                best[node] = TracePath(list(path), list(hp), arrival)
        t = tr.time[cur]
        lo, hi = T.time_ranges(tr, tr.dst[cur], t, t + p.max_gap_s)
        owner, nxt = T.expand(lo, hi)
        a = tr.amount[cur][owner]
        ok = (np.abs(tr.amount[nxt] - a) <= p.tolerance * a) & ~seen[nxt]
        owner, nxt = owner[ok], nxt[ok]
        nxt, first = np.unique(nxt, return_index=True)
        owner = owner[first]
        keep = [i for i, (o, e) in enumerate(zip(owner.tolist(), nxt.tolist(), strict=True))
                if int(tr.dst[e]) not in paths[o]]
        paths = [[*paths[owner[i]], int(tr.dst[nxt[i]])] for i in keep]
        hops = [[*hops[owner[i]], int(nxt[i])] for i in keep]
        cur = nxt[keep]
    return tr, best


def trace_accounts(ledger: Ledger, p: TraceParams = TraceParams()) -> list[Alert]:
    """One alert per account reached from each start account, with the hop-by-hop chain."""
    index = {a: i for i, a in enumerate(ledger.accounts)}
    alerts = []
    for acc in p.accounts:
        if acc not in index:
            continue
        tr, best = trace(ledger, index[acc], p)
        for path in sorted(best.values(), key=lambda tp: (len(tp.hops), tp.arrival)):
            chain = list(reversed(path.accounts)) if p.direction == "up" else path.accounts
            ids = [i for h in path.hops for i in T.group_ids(tr, h)]
            times = [abs(int(tr.time[h])) for h in path.hops]
            arrow = " → ".join(ledger.label(n) for n in chain)
            text = (f"资金{'上游' if p.direction == 'up' else '下游'}穿透 trace {p.direction}stream, "
                    f"{len(path.hops)} 跳 hops: {arrow}；首笔 {money(float(tr.amount[path.hops[0]]))}")
            alerts.append(alert_from_ids(ledger, "tracing", chain, ids, times,
                                         float(tr.amount[path.hops[-1]]), text, p))
    return alerts
