"""The relationship graph as GraphML or GEXF (networkx writers) for Gephi, yEd, Cytoscape and similar tools."""

from __future__ import annotations

import os
from pathlib import Path

from app.report.report_html import cite

FORMATS = ("graphml", "gexf")


def to_networkx(graph: dict):
    """A MultiDiGraph keyed "e<entity id>", with kind/label/mentions/citation on nodes and kind/amount on edges."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in graph["nodes"]:
        g.add_node(f"e{n['id']}", label=n["label"], kind=n["kind"], entity_id=int(n["id"]),
                   mentions=int(n.get("mentions") or 0), citation=cite(n.get("cites") or []))
    for e in graph["edges"]:
        attrs = {"kind": e["kind"], "label": e.get("label") or e["kind"], "amount": float(e.get("amount") or 0.0),
                 "count": int(e.get("count") or 0), "citation": cite(e.get("cites") or []),
                 "relation_id": int(e["id"])}
        attrs.update({k: str(e[k]) for k in ("first", "last") if e.get(k)})
        g.add_edge(f"e{e['src']}", f"e{e['dst']}", key=f"r{e['id']}", **attrs)
    return g


def write_graph(graph: dict, fmt: str, out: str | os.PathLike[str]) -> int:
    """Write GraphML or GEXF; returns the number of nodes written."""
    import networkx as nx

    g = to_networkx(graph)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(g, out, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(g, out, encoding="utf-8", prettyprint=True)
    else:
        raise ValueError(f"unknown graph format {fmt!r}; use one of {', '.join(FORMATS)}")
    return g.number_of_nodes()
