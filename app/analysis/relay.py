"""同额过账 / 等额流转: one exact, non-round amount received and sent on through ≥3 accounts (chain or ring)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.analysis.findings import alert_from_ids, duration, money, ranked
from app.analysis.ledger import Ledger
from app.core.models import Alert


@dataclass(frozen=True)
class RelayParams:
    tolerance: float = 0.0  # amounts within ±this fraction count as the same (0 = to the cent)
    min_accounts: int = 3  # the chain or ring touches at least this many accounts
    min_amount: float = 1_000.0  # ignore transfers below this (0 for foreign-scale data such as AMLSim)
    round_unit: float = 100.0  # exclude amounts divisible by this (0 keeps round amounts)
    max_gap_s: int | None = None  # receiving and sending on within this time (None: any order, any gap)
    max_imbalance: float = 5.0  # an account passes the amount on: its in and out counts differ at most this factor
    max_transfers: int = 500  # a group bigger than this is a common amount, not a relay: skipped


@dataclass(frozen=True)
class Relay:
    """One relay group: its transfers (indices into the edge arrays), accounts and shape."""

    edges: np.ndarray
    accounts: list[int]
    relays: int  # accounts that both received and sent the amount
    ring: bool  # every account received and sent it (the money went round)


def find_relays(ledger: Ledger, p: RelayParams = RelayParams()) -> tuple[tuple[np.ndarray, ...], list[Relay]]:
    """Edges (src, dst, time, amount, row) and the relay groups over them, biggest first."""
    src, dst, t, a, r = ledger.edges()
    cents = np.round(a * 100).astype(np.int64)
    keep = a >= p.min_amount
    if p.round_unit > 0:
        keep &= cents % int(round(p.round_unit * 100)) != 0
    src, dst, t, a, r, cents = src[keep], dst[keep], t[keep], a[keep], r[keep], cents[keep]
    edges = (src, dst, t, a, r)
    m = len(src)
    if m < 2:
        return edges, []
    # Each transfer has two ends: the payee's (in) and the payer's (out). Ends of one account whose amounts
    # chain within the tolerance (and, with max_gap_s, whose times do) form a "point"; a point with both an
    # in end and an out end is a relay: the account passed the amount on.
    acc = np.r_[dst, src].astype(np.int64)
    amt = np.r_[cents, cents]
    tt = np.r_[t, t]
    is_in = np.r_[np.ones(m, dtype=bool), np.zeros(m, dtype=bool)]
    packed = acc << 40 | np.minimum(amt, (1 << 40) - 1)  # one int64 sort instead of a lexsort
    order = np.lexsort((tt, packed)) if p.max_gap_s is not None else np.argsort(packed, kind="stable")
    acc, amt, tt, is_in = acc[order], amt[order], tt[order], is_in[order]
    brk = acc[1:] != acc[:-1]
    brk |= (amt[1:] - amt[:-1]) > p.tolerance * amt[:-1]
    if p.max_gap_s is not None:
        brk |= (tt[1:] - tt[:-1]) > p.max_gap_s
    point = np.r_[0, np.cumsum(brk)]
    n_points = int(point[-1]) + 1
    n_in = np.bincount(point, weights=is_in, minlength=n_points)
    n_out = np.bincount(point, weights=~is_in, minlength=n_points)
    # A relay passes the amount on; one inflow followed by 200 equal payouts is a payroll, not a relay.
    relay = (n_in > 0) & (n_out > 0) & (np.maximum(n_in, n_out) <= p.max_imbalance * np.minimum(n_in, n_out))
    if p.max_gap_s is not None:  # someone must have received before sending on
        big = np.iinfo(np.int64).max
        first_in = np.full(n_points, big)
        np.minimum.at(first_in, point[is_in], tt[is_in])
        last_out = np.full(n_points, -big)
        np.maximum.at(last_out, point[~is_in], tt[~is_in])
        relay &= first_in <= last_out
    edge_of_end = order % m
    on = relay[point]
    e_on, p_on = edge_of_end[on], point[on]
    comp = _components(m, e_on, p_on, n_points)
    touched = np.zeros(m, dtype=bool)
    touched[e_on] = True
    sel = np.nonzero(touched)[0]
    if not len(sel):
        return edges, []
    # Per group (component): transfers, distinct accounts and relaying accounts, all vectorised.
    c = comp[sel]
    o = np.argsort(c, kind="stable")
    sel, c = sel[o], c[o]
    starts = np.nonzero(np.r_[True, c[1:] != c[:-1]])[0]
    n_edges = np.diff(np.r_[starts, len(sel)])
    gid = np.repeat(np.arange(len(starts)), n_edges)
    pairs = np.unique(np.r_[gid, gid].astype(np.int64) << 32 | np.r_[src[sel], dst[sel]].astype(np.int64))
    n_acc = np.bincount(pairs >> 32, minlength=len(starts))
    relay_pairs = np.unique(np.searchsorted(c[starts], comp[e_on]).astype(np.int64) << 32 | acc[on])
    n_rel = np.bincount(relay_pairs >> 32, minlength=len(starts))
    good = np.nonzero((n_acc >= p.min_accounts) & (n_edges <= p.max_transfers))[0]
    groups = []
    for g in good.tolist():
        e = sel[starts[g]:starts[g] + n_edges[g]]
        by_time = e[np.argsort(t[e], kind="stable")]
        seen = np.stack([src[by_time], dst[by_time]], axis=1).ravel().tolist()
        ordered = list(dict.fromkeys(int(x) for x in seen))
        groups.append(Relay(edges=e, accounts=ordered, relays=int(n_rel[g]), ring=int(n_rel[g]) == len(ordered)))
    groups.sort(key=lambda g: (-len(g.accounts), -float(a[g.edges].max())))
    return edges, groups


def _components(m: int, edge: np.ndarray, point: np.ndarray, n_points: int) -> np.ndarray:
    """Connected components of transfers joined through shared points: min-label propagation with pointer jumping."""
    label = np.arange(m)
    big = np.iinfo(np.int64).max
    while True:
        at_point = np.full(n_points, big)
        np.minimum.at(at_point, point, label[edge])
        new = label.copy()
        np.minimum.at(new, edge, at_point[point])
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


def identical_amount_relay(ledger: Ledger, p: RelayParams = RelayParams()) -> list[Alert]:
    """One alert per relay group: the amount, the accounts it passed through, ring or chain, the transfers."""
    (src, dst, t, a, r), groups = find_relays(ledger, p)
    alerts, scores = [], []
    for g in groups:
        e = g.edges
        amounts = a[e]
        shape = "资金环 ring" if g.ring else "链 chain"
        path = " → ".join(ledger.label(x) for x in g.accounts[:8]) + (" …" if len(g.accounts) > 8 else "")
        lo, hi = float(amounts.min()), float(amounts.max())
        amount_txt = money(lo) if lo == hi else f"{money(lo)}–{money(hi)}"
        span = int(t[e].max() - t[e].min())
        text = (f"同额过账 identical-amount relay ({shape}): {amount_txt} 经 {len(g.accounts)} 个账户流转"
                f"（{g.relays} 个账户收到后原额转出），{len(e)} 笔，历时 {duration(span)}：{path}")
        order = np.argsort(t[e], kind="stable")
        alerts.append(alert_from_ids(ledger, "identical_amount_relay", g.accounts, r[e][order].tolist(),
                                     t[e].tolist(), hi, text, p))
        # Rank: longer chains with more accounts passing the amount on first; a closed ring above a chain.
        scores.append(len(g.accounts) + g.relays + (2 if g.ring else 0) + np.log10(max(hi, 1.0)) / 10)
    return ranked(alerts, scores)
