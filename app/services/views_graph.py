"""The relationship graph the UI draws: nodes, edges, stable layout, centrality, communities and paths."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from app.core.counterparties import NAME_KEY_PREFIX, UNKNOWN_HOLDER, is_intermediary, name_key
from app.services.views import GRAPH_KINDS, CaseView
from app.services.views_facts import account_entities, counterparty_entities, relations, transactions


@dataclass
class GraphNode:
    key: str              # "e:<entity id>"; "a:<account number>" / "name:<name key>" known only from ledgers
    kind: str
    label: str
    entity_id: int | None = None


@dataclass
class GraphEdge:
    src: str
    dst: str
    kind: str             # transfer | owns | family | associate | …
    label: str = ""
    amount: float = 0.0   # total moved (transfers)
    count: int = 0
    times: list[str] = field(default_factory=list)
    tx_ids: list[int] = field(default_factory=list)


@dataclass
class GraphData:
    nodes: dict[str, GraphNode]
    edges: list[GraphEdge]


def graph_data(view: CaseView, *, start: str | None = None, end: str | None = None) -> GraphData:
    """Entities, ownership/family/… relations and aggregated transfers (optionally inside a time window)."""
    nodes = {f"e:{e['id']}": GraphNode(f"e:{e['id']}", e["kind"], e["name"], e["id"])
             for e in view.entities(GRAPH_KINDS)}
    edges: dict[tuple[str, str, str], GraphEdge] = {}
    for r in relations(view):
        src, dst = f"e:{r['src_entity']}", f"e:{r['dst_entity']}"
        if src in nodes and dst in nodes and r["kind"] != "transfer":
            edges.setdefault((src, dst, r["kind"]), GraphEdge(src, dst, r["kind"], r["attrs"].get("label", r["kind"])))
    by_account = account_entities(view)

    def account_node(number: str | None, name: str | None) -> str | None:
        if not number:
            return None
        if number in by_account:
            return f"e:{by_account[number]}"
        key = f"a:{number}"
        nodes.setdefault(key, GraphNode(key, "account", f"{name or ''} {number}".strip()))
        return key

    by_name = counterparty_entities(view)

    def unknown_holder(name: str | None) -> str:
        """A statement whose account number was printed nowhere (the analysis keys it the same way)."""
        key = f"a:{UNKNOWN_HOLDER}{name or ''}"
        nodes.setdefault(key, GraphNode(key, "account", f"{name or ''} {UNKNOWN_HOLDER}".strip()))
        return key

    def named_node(name: str | None) -> str | None:
        """A counterparty named without an account: its entity, else (not resolved yet) a node of its own."""
        key = name_key(name)
        if not key:
            return None
        if key in by_name and f"e:{by_name[key]}" in nodes:
            return f"e:{by_name[key]}"
        node = NAME_KEY_PREFIX + key
        nodes.setdefault(node, GraphNode(node, "organisation" if is_intermediary(name) else "person", str(name)))
        return node

    from app.services.views import TxFilter

    seen: set[tuple] = set()
    for tx in transactions(view, TxFilter(start=start, end=end), limit=1_000_000):
        holder = account_node(tx["holder_account"], tx["holder_name"]) or unknown_holder(tx["holder_name"])
        other = account_node(tx["cp_account"], tx["cp_name"]) or named_node(tx["cp_name"])
        if holder is None or other is None or holder == other:
            continue
        src, dst = (holder, other) if tx["amount"] < 0 else (other, holder)
        fingerprint = (src, dst, tx["time"][:16], round(abs(tx["amount"]), 2))
        if fingerprint in seen:  # the same transfer read from both ledgers
            continue
        seen.add(fingerprint)
        edge = edges.setdefault((src, dst, "transfer"), GraphEdge(src, dst, "transfer"))
        edge.amount += abs(tx["amount"])
        edge.count += 1
        edge.times.append(tx["time"])
        edge.tx_ids.append(tx["id"])
    for e in edges.values():
        if e.kind == "transfer":
            e.times.sort()
            e.label = f"¥{e.amount:,.0f} ({e.count})"
    return GraphData(nodes, list(edges.values()))


def to_networkx(data: GraphData):
    import networkx as nx

    g = nx.MultiDiGraph()
    for key, node in data.nodes.items():
        g.add_node(key, kind=node.kind)
    for e in data.edges:
        g.add_edge(e.src, e.dst, kind=e.kind, amount=e.amount, times=e.times)
    return g


_SAMPLE = 200


def layout(keys: list[str], edges: list[tuple[str, str]], fixed: dict[str, tuple[float, float]] | None = None,
           *, seed: int = 7, iterations: int = 60, scale: float = 1.0) -> dict[str, tuple[float, float]]:
    """Force-directed positions (Fruchterman–Reingold, seeded); nodes in `fixed` never move.

    Vectorised with numpy and sampled repulsion: networkx's spring_layout took 33 s for 2,000 nodes on
    this machine, which is too slow for the GUI.
    """
    import numpy as np

    fixed = fixed or {}
    n = len(keys)
    if n == 0:
        return {}
    index = {k: i for i, k in enumerate(keys)}
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, (n, 2)) * math.sqrt(n) * 0.5
    pinned = np.zeros(n, dtype=bool)
    for k, (x, y) in fixed.items():
        if k in index:
            pos[index[k]] = (x / scale, y / scale)
            pinned[index[k]] = True
    if pinned.all():
        return {k: (float(pos[i, 0]) * scale, float(pos[i, 1]) * scale) for k, i in index.items()}
    if pinned.any():  # newcomers start near the pinned crowd, not scattered
        centre = pos[pinned].mean(axis=0)
        pos[~pinned] = centre + rng.normal(0, 1.0, ((~pinned).sum(), 2))
    pairs = np.array([(index[a], index[b]) for a, b in edges if a in index and b in index and a != b],
                     dtype=int).reshape(-1, 2)
    k = 1.0
    temp = math.sqrt(n) * 0.3
    for step in range(iterations):
        disp = np.zeros((n, 2))
        # Repulsion from a seeded sample of nodes (all of them when small): O(n * SAMPLE) per step.
        others = pos if n <= _SAMPLE else pos[rng.choice(n, _SAMPLE, replace=False)]
        delta = pos[:, None, :] - others[None, :, :]
        dist2 = (delta ** 2).sum(-1) + 1e-4
        disp += (delta * (k * k / dist2)[..., None]).sum(1) * (n / len(others))
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt((d ** 2).sum(-1)) + 1e-6
            f = d * (dist / k)[:, None]
            np.add.at(disp, pairs[:, 0], -f)
            np.add.at(disp, pairs[:, 1], f)
        disp -= pos * 0.02  # a little gravity keeps components together
        length = np.sqrt((disp ** 2).sum(-1)) + 1e-9
        move = disp / length[:, None] * np.minimum(length, temp)[:, None]
        move[pinned] = 0
        pos += move
        temp *= 1 - 1 / (iterations - step + 1)
    pack_components(pos, pairs, pinned)
    place_isolates(pos, pairs, pinned)
    return {k_: (float(pos[i, 0]) * scale, float(pos[i, 1]) * scale) for k_, i in index.items()}


ISOLATE_DX, ISOLATE_DY = 1.8, 1.2  # layout units between isolated nodes (room for a label)
COMPONENT_GAP = 2.5


def pack_components(pos, pairs, pinned) -> None:
    """Small linked groups go on shelves under the largest one instead of wherever repulsion threw them."""
    n = len(pos)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in pairs.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    comps = sorted((g for g in groups.values() if len(g) > 1), key=len, reverse=True)
    if len(comps) < 2:
        return
    main = pos[comps[0]]
    left, right = main[:, 0].min(), main[:, 0].max()
    limit = max(right - left, 12.0)
    x, y, row_h = left, main[:, 1].max() + COMPONENT_GAP, 0.0
    for comp in comps[1:]:
        if pinned[comp].any():
            continue
        pts = pos[comp]
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        w, h = hi - lo
        if x > left and x + w > left + limit:
            x, y, row_h = left, y + row_h + COMPONENT_GAP, 0.0
        pos[comp] = pts - lo + (x, y)
        x += w + COMPONENT_GAP
        row_h = max(row_h, h)


def place_isolates(pos, pairs, pinned) -> None:
    """Nodes without any link go in a tidy grid just under the linked ones (repulsion alone flings them
    far out, which shrinks everything else when the view fits the graph)."""
    import numpy as np

    degree = np.zeros(len(pos))
    if len(pairs):
        np.add.at(degree, pairs.ravel(), 1)
    loose = np.nonzero((degree == 0) & ~pinned)[0]
    if not len(loose):
        return
    body = pos[(degree > 0) | pinned]
    if len(body):
        left, right, top = body[:, 0].min(), body[:, 0].max(), body[:, 1].max() + ISOLATE_DY * 1.5
    else:
        side = math.ceil(math.sqrt(len(loose)) * 1.2)
        left, right, top = 0.0, side * ISOLATE_DX, 0.0
    cols = max(int((right - left) / ISOLATE_DX) + 1, math.ceil(math.sqrt(len(loose) * 2)))
    for j, i in enumerate(loose):
        pos[i] = (left + (j % cols) * ISOLATE_DX, top + (j // cols) * ISOLATE_DY)


def centrality(data: GraphData) -> dict[str, float]:
    """PageRank over the undirected graph, scaled to 0..1 (node size)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(data.nodes)
    g.add_edges_from((e.src, e.dst) for e in data.edges)
    if g.number_of_edges() == 0:
        return {k: 0.0 for k in data.nodes}
    pr = nx.pagerank(g)
    top = max(pr.values()) or 1.0
    return {k: v / top for k, v in pr.items()}


def communities(data: GraphData, *, seed: int = 7) -> dict[str, int]:
    """Louvain communities (seeded, so colours stay put between runs); largest community is 0."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(data.nodes)
    g.add_edges_from((e.src, e.dst) for e in data.edges)
    parts = sorted(nx.community.louvain_communities(g, seed=seed), key=len, reverse=True)
    return {k: i for i, part in enumerate(parts) for k in part}


def neighbours(data: GraphData, key: str) -> set[str]:
    return {e.dst for e in data.edges if e.src == key} | {e.src for e in data.edges if e.dst == key}


def fewest_hops(data: GraphData, a: str, b: str) -> list[str]:
    """Shortest path ignoring direction (any relation or transfer); empty when not connected."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(data.nodes)
    g.add_edges_from((e.src, e.dst) for e in data.edges)
    try:
        return list(nx.shortest_path(g, a, b))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []


def earliest_arrival(data: GraphData, a: str, b: str) -> list[str]:
    """Money path a→b following transfers forward in time, arriving as early as possible; [] if none."""
    import heapq

    out: dict[str, list[GraphEdge]] = {}
    for e in data.edges:
        if e.kind == "transfer":
            out.setdefault(e.src, []).append(e)
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
        for e in out.get(node, []):
            later = [x for x in e.times if x >= t]
            if later and later[0] < best.get(e.dst, "\uffff"):
                best[e.dst] = later[0]
                prev[e.dst] = node
                heapq.heappush(heap, (later[0], e.dst))
    return []
