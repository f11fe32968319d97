"""Network metrics over the money graph (networkx): who is central, who brokers, which groups hang together."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.analysis.ledger import Ledger


def money_graph(ledger: Ledger) -> Any:
    """A networkx DiGraph: one edge per (src, dst) with count, total and first/last time."""
    import networkx as nx

    src, dst, t, a, _ = ledger.edges()
    key = src.astype(np.int64) << 32 | dst.astype(np.int64)
    order = np.argsort(key, kind="stable")
    key, t, a = key[order], t[order], a[order]
    start = np.nonzero(np.r_[True, key[1:] != key[:-1]])[0] if len(key) else np.zeros(0, dtype=np.int64)
    g = nx.DiGraph()
    g.add_nodes_from(range(ledger.n_accounts))
    if len(key):
        total = np.add.reduceat(a, start)
        count = np.diff(np.r_[start, len(key)])
        first, last = np.minimum.reduceat(t, start), np.maximum.reduceat(t, start)
        g.add_edges_from((int(k >> 32), int(k & 0xFFFFFFFF), {"total": float(s), "count": int(c), "first": int(f),
                                                              "last": int(lt)})
                         for k, s, c, f, lt in zip(key[start], total, count, first, last, strict=True))
    return g


def metrics(ledger: Ledger, *, k: int | None = 500, seed: int = 0) -> dict[str, dict[str, float]]:
    """Degree, betweenness (sampled from k sources when the graph is bigger than k), PageRank, community id."""
    import networkx as nx

    g = money_graph(ledger)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    name = ledger.accounts
    sample = k if k is not None and k < g.number_of_nodes() else None
    between = nx.betweenness_centrality(g, k=sample, seed=seed)
    rank = nx.pagerank(g, weight="total") if g.number_of_edges() else {}
    community: dict[int, int] = {}
    if g.number_of_edges():
        groups = nx.community.louvain_communities(g.to_undirected(), weight="total", seed=seed)
        for i, members in enumerate(sorted(groups, key=len, reverse=True)):
            for m in members:
                community[m] = i
    return {name[n]: {"in_degree": g.in_degree(n), "out_degree": g.out_degree(n), "betweenness": between.get(n, 0.0),
                      "pagerank": rank.get(n, 0.0), "community": community.get(n, -1)} for n in g}


def shortest_path(ledger: Ledger, a: str, b: str) -> list[str]:
    """Fewest-hop directed path from account a to b (empty if none)."""
    import networkx as nx

    g = money_graph(ledger)
    idx = {x: i for i, x in enumerate(ledger.accounts)}
    if a not in idx or b not in idx:
        return []
    try:
        return [ledger.accounts[n] for n in nx.shortest_path(g, idx[a], idx[b])]
    except nx.NetworkXNoPath:
        return []


def earliest_arrival(ledger: Ledger, a: str, *, since: int | None = None) -> dict[str, int]:
    """Earliest time money leaving `a` (after `since`) can reach each account through time-ordered transfers."""
    src, dst, t, _, _ = ledger.edges()
    order = np.argsort(t, kind="stable")
    idx = {x: i for i, x in enumerate(ledger.accounts)}
    if a not in idx:
        return {}
    best = np.full(ledger.n_accounts, np.iinfo(np.int64).max)
    best[idx[a]] = since if since is not None else np.iinfo(np.int64).min
    for s, d, tt in zip(src[order].tolist(), dst[order].tolist(), t[order].tolist(), strict=True):
        if best[s] <= tt < best[d]:  # one time-sorted pass: the classic earliest-arrival scan
            best[d] = tt
    return {ledger.accounts[i]: int(best[i]) for i in np.nonzero(best < np.iinfo(np.int64).max)[0].tolist()
            if i != idx[a]}
