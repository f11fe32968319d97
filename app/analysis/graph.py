"""Graph algorithms, one home for the window and the reports: network metrics over the money graph (networkx),
and over any graph of keyed nodes and links (the case's relationship graph): centrality, communities, fewest
hops, and the money path that arrives earliest through time-ordered transfers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


Pair = tuple[str, str]                     # src, dst of a link, any kind
Transfer = tuple[str, str, Sequence[str]]  # src, dst, times of the money moved along the link (sorted)


def _undirected(keys: Iterable[str], pairs: Iterable[Pair]) -> Any:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(keys)
    g.add_edges_from(pairs)
    return g


def centrality(keys: Sequence[str], pairs: Iterable[Pair]) -> dict[str, float]:
    """PageRank over the undirected graph, scaled to 0..1 (node size)."""
    import networkx as nx

    g = _undirected(keys, pairs)
    if g.number_of_edges() == 0:
        return {k: 0.0 for k in keys}
    pr = nx.pagerank(g)
    top = max(pr.values()) or 1.0
    return {k: v / top for k, v in pr.items()}


def communities(keys: Sequence[str], pairs: Iterable[Pair], *, seed: int = 7) -> dict[str, int]:
    """Louvain communities (seeded, so colours stay put between runs); largest community is 0."""
    import networkx as nx

    parts = sorted(nx.community.louvain_communities(_undirected(keys, pairs), seed=seed), key=len, reverse=True)
    return {k: i for i, part in enumerate(parts) for k in part}


def neighbours(pairs: Iterable[Pair], key: str) -> set[str]:
    """Nodes linked to `key`, either way."""
    out: set[str] = set()
    for src, dst in pairs:
        if src == key:
            out.add(dst)
        if dst == key:
            out.add(src)
    return out


def fewest_hops(keys: Sequence[str], pairs: Iterable[Pair], a: str, b: str) -> list[str]:
    """Shortest path ignoring direction (any relation or transfer); empty when not connected."""
    import networkx as nx

    try:
        return list(nx.shortest_path(_undirected(keys, pairs), a, b))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []


def earliest_arrival(transfers: Iterable[Transfer], a: str, b: str) -> list[str]:
    """Money path a→b following transfers forward in time, arriving as early as possible; [] if none."""
    import heapq

    out: dict[str, list[Transfer]] = {}
    for t in transfers:
        out.setdefault(t[0], []).append(t)
    best: dict[str, str] = {a: ""}
    prev: dict[str, str] = {}
    heap: list[tuple[str, str]] = [("", a)]
    while heap:
        t, node = heapq.heappop(heap)
        if node == b:
            path = [b]
            while path[-1] != a:
                path.append(prev[path[-1]])
            return path[::-1]
        if t > best.get(node, "\uffff"):
            continue
        for _, dst, times in out.get(node, []):
            later = [x for x in times if x >= t]
            if later and later[0] < best.get(dst, "\uffff"):
                best[dst] = later[0]
                prev[dst] = node
                heapq.heappush(heap, (later[0], dst))
    return []
