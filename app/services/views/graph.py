"""The relationship graph the UI draws: nodes, edges, stable layout, centrality, communities and paths."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.analysis import graph, graph_focus
from app.analysis.graph_focus import LIMIT, Focus, node_box, place  # noqa: F401 - the window's first picture
from app.analysis.graph_layout import layout, overlaps  # noqa: F401 - the one layout, used by the window
from app.core.counterparties import NAME_KEY_PREFIX, UNKNOWN_HOLDER, is_intermediary, name_key
from app.services.views import GRAPH_KINDS, CaseView
from app.services.views.facts import account_entities, counterparty_entities, relations, transactions
from app.store.read.facts import TxFilter


@dataclass
class GraphNode:
    key: str              # "e:<entity id>"; "a:<account number>" / "name:<name key>" known only from ledgers
    kind: str
    label: str            # the full name or number (tooltips, search)
    entity_id: int | None = None
    caption: str = ""     # what the graph writes under the node: a name, '工商银行 · 6789', '…6789'
    suspect: bool = False


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
    nodes: dict[str, GraphNode] = {}
    attrs: dict[str, dict] = {}
    for e in view.entities(GRAPH_KINDS):
        key = f"e:{e['id']}"
        nodes[key] = GraphNode(key, e["kind"], e["name"], e["id"], suspect="suspect" in e.get("roles", [e["role"]]))
        attrs[key] = e["attrs"]
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

    seen: set[tuple] = set()
    banks: dict[str, str] = {}  # account number -> a bank some ledger names for it
    for tx in transactions(view, TxFilter(start=start, end=end), limit=1_000_000):
        if tx["cp_account"] and tx["cp_bank"]:
            banks.setdefault(tx["cp_account"], tx["cp_bank"])
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
    held = {e.dst for e in edges.values() if e.kind == "owns"}
    for key, node in nodes.items():
        node.caption = _caption(node, attrs.get(key, {}), banks, key in held)
    return GraphData(nodes, list(edges.values()))


def _caption(node: GraphNode, attrs: dict, banks: dict[str, str], held: bool) -> str:
    if node.kind != "account" or UNKNOWN_HOLDER in node.label:
        return node.label
    number = str(attrs.get("number") or (node.key[2:] if node.key.startswith("a:") else node.label))
    names = attrs.get("holder_names") or []
    holder = names[0] if names else node.label.removesuffix(number).strip() if node.key.startswith("a:") else ""
    return graph_focus.caption("account", node.label, number=number, bank=attrs.get("bank") or banks.get(number),
                               holder=holder, held=held)


def entity_caption(entity: dict) -> str:
    """An entity as the graph captions it; an account with its holder after it: '工商银行 · 9395 王丽璐'
    (the part telling two accounts of one holder apart comes first: a narrow column cuts the end)."""
    if entity.get("kind") != "account":
        return entity.get("name", "")
    attrs = entity.get("attrs") or {}
    text = graph_focus.caption("account", entity["name"], number=str(attrs.get("number") or entity["name"]),
                               bank=attrs.get("bank"), held=True)
    return " ".join(x for x in (text, (attrs.get("holder_names") or [""])[0]) if x)


def focus_inputs(data: GraphData) -> tuple[dict[str, graph_focus.Node], list[graph_focus.Link]]:
    return ({k: graph_focus.Node(n.kind, n.caption or n.label, n.suspect) for k, n in data.nodes.items()},
            [(e.src, e.dst, e.kind, e.amount) for e in data.edges])


def default_focus(data: GraphData, *, limit: int = LIMIT) -> Focus:
    """What the graph shows first: the suspects' networks (else the most connected people's)."""
    return graph_focus.default_focus(*focus_inputs(data), limit=limit)


def network_of(data: GraphData, keys: list[str], *, limit: int = LIMIT) -> set[str]:
    """A node's network: its holder or accounts and the biggest counterparts around them."""
    return graph_focus.network(*focus_inputs(data), keys, limit=limit)


def place_focus(data: GraphData, shown: set[str], *, spread: float, box, fixed=None,
                aspect: float = 1.4) -> dict[str, tuple[float, float]]:
    return place(*focus_inputs(data), shown, spread=spread, box=box, fixed=fixed, aspect=aspect)


def _pairs(data: GraphData) -> list[tuple[str, str]]:
    return [(e.src, e.dst) for e in data.edges]


def centrality(data: GraphData) -> dict[str, float]:
    """PageRank over the undirected graph, scaled to 0..1 (node size)."""
    return graph.centrality(list(data.nodes), _pairs(data))


def communities(data: GraphData, *, seed: int = 7) -> dict[str, int]:
    """Louvain communities (seeded, so colours stay put between runs); largest community is 0."""
    return graph.communities(list(data.nodes), _pairs(data), seed=seed)


def neighbours(data: GraphData, key: str) -> set[str]:
    return graph.neighbours(_pairs(data), key)


def fewest_hops(data: GraphData, a: str, b: str) -> list[str]:
    """Shortest path ignoring direction (any relation or transfer); empty when not connected."""
    return graph.fewest_hops(list(data.nodes), _pairs(data), a, b)


def earliest_arrival(data: GraphData, a: str, b: str) -> list[str]:
    """Money path a→b following transfers forward in time, arriving as early as possible; [] if none."""
    return graph.earliest_arrival(((e.src, e.dst, e.times) for e in data.edges if e.kind == "transfer"), a, b)
