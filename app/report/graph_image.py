"""The relationship graph as a picture (PNG via PyMuPDF shapes, SVG by hand), without Qt, laid out deterministically.

Input is the export model's graph: {"nodes": [{id, kind, label, ...}], "edges": [{src, dst, kind, amount, ...}]}.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

COLOURS = {"person": (0.20, 0.42, 0.75), "organisation": (0.55, 0.35, 0.70), "account": (0.85, 0.50, 0.12),
           "phone": (0.25, 0.60, 0.35), "id_number": (0.45, 0.45, 0.45)}
EDGE_COLOURS = {"transfer": (0.80, 0.20, 0.15), "owns": (0.45, 0.45, 0.45)}
KIND_NAMES = {"person": "人员 person", "organisation": "单位 organisation", "account": "账户 account",
              "phone": "电话 phone", "id_number": "证件 ID"}
MAX_NODES = 60


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def laid_out(graph: dict, *, max_nodes: int = MAX_NODES, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Keep the best-connected nodes and give each an (x, y) in 0..1; same graph, same picture."""
    import networkx as nx

    g = nx.Graph()
    for n in graph["nodes"]:
        g.add_node(n["id"])
    for e in graph["edges"]:
        if e["src"] in g and e["dst"] in g:
            g.add_edge(e["src"], e["dst"])
    # The largest connected network only: small islands push the picture apart (exports hold them all).
    linked = max(nx.connected_components(g), key=lambda c: (len(c), min(map(str, c))), default=set())
    ranked = sorted(linked, key=lambda k: (-g.degree(k), str(k)))[:max_nodes]
    sub = g.subgraph(ranked)
    if not sub.number_of_nodes():
        return [], []
    pos = nx.spring_layout(sub, seed=seed, k=2.5 / math.sqrt(sub.number_of_nodes()), iterations=80)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    nodes = []
    for n in graph["nodes"]:
        if n["id"] in pos:
            x, y = pos[n["id"]]
            nodes.append({**n, "x": (x - min(xs)) / span_x, "y": (y - min(ys)) / span_y, "degree": sub.degree(n["id"])})
    edges = [e for e in graph["edges"] if e["src"] in pos and e["dst"] in pos and e["src"] != e["dst"]]
    return nodes, edges


def _short(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _frame(width: float, height: float, margin: float):
    def at(n: dict) -> tuple[float, float]:
        return margin + n["x"] * (width - 2 * margin), margin + n["y"] * (height - 2 * margin - 20) + 20
    return at


def _stroke(e: dict, top: float) -> float:
    if e["kind"] != "transfer" or not top:
        return 0.6
    return 0.6 + 2.4 * math.sqrt(e["amount"] / top)


def draw_on_page(page, graph: dict, rect=None, *, title: str = "") -> None:
    """Draw the graph into `rect` of a PyMuPDF page (used for the PNG and inside PDFs)."""
    import pymupdf

    rect = rect or page.rect
    nodes, edges = laid_out(graph)
    at = _frame(rect.width, rect.height, 40)
    ids = {n["id"]: n for n in nodes}
    top = max((e["amount"] for e in edges if e["kind"] == "transfer"), default=0.0)
    font = pymupdf.Font("china-s")
    writer = pymupdf.TextWriter(page.rect)  # TextWriter: insert_text would rebuild CJK glyph widths per call
    page.draw_rect(rect, color=(0.7, 0.7, 0.7), fill=(1, 1, 1), width=0.5)
    shape = page.new_shape()
    for e in edges:
        (x0, y0), (x1, y1) = at(ids[e["src"]]), at(ids[e["dst"]])
        p0, p1 = pymupdf.Point(rect.x0 + x0, rect.y0 + y0), pymupdf.Point(rect.x0 + x1, rect.y0 + y1)
        colour = EDGE_COLOURS.get(e["kind"], (0.35, 0.55, 0.35))
        shape.draw_line(p0, p1)
        shape.finish(color=colour, width=_stroke(e, top), stroke_opacity=0.7)
        length = abs(p1 - p0) or 1.0
        ux, uy = (p1.x - p0.x) / length, (p1.y - p0.y) / length
        tip = pymupdf.Point(p1.x - ux * 6, p1.y - uy * 6)
        left = pymupdf.Point(tip.x - ux * 6 - uy * 3, tip.y - uy * 6 + ux * 3)
        right = pymupdf.Point(tip.x - ux * 6 + uy * 3, tip.y - uy * 6 - ux * 3)
        shape.draw_polyline([left, tip, right, left])
        shape.finish(color=colour, fill=colour, width=0.3)
    for n in nodes:
        x, y = at(n)
        r = 4 + min(n["degree"], 12) * 0.5
        shape.draw_circle(pymupdf.Point(rect.x0 + x, rect.y0 + y), r)
        shape.finish(color=(1, 1, 1), fill=COLOURS.get(n["kind"], (0.5, 0.5, 0.5)), width=0.8)
    shape.commit()
    for n in nodes:
        x, y = at(n)
        writer.append((rect.x0 + x + 6, rect.y0 + y - 4), _short(n["label"]), font=font, fontsize=6.5)
    legend_x = rect.x0 + 8
    if title:
        writer.append((legend_x, rect.y0 + 14), title, font=font, fontsize=9)
        legend_x += font.text_length(title, 9) + 14
    for kind, colour in COLOURS.items():
        page.draw_circle((legend_x + 4, rect.y0 + 11), 3.5, color=colour, fill=colour)
        writer.append((legend_x + 10, rect.y0 + 14), KIND_NAMES[kind], font=font, fontsize=7)
        legend_x += 16 + font.text_length(KIND_NAMES[kind], 7)
    writer.write_text(page, color=(0.1, 0.1, 0.1))


def graph_png(graph: dict, *, width: float = 720, height: float = 540, dpi: int = 150, title: str = "") -> bytes:
    """PNG bytes of the graph (drawn on a PDF page and rasterised)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    draw_on_page(page, graph, title=title)
    return page.get_pixmap(dpi=dpi).tobytes("png")


def graph_svg(graph: dict, *, width: int = 960, height: int = 720, title: str = "") -> str:
    """A standalone SVG of the graph (fonts left to the viewer: text stays text, searchable)."""
    nodes, edges = laid_out(graph)
    at = _frame(width, height, 50)
    ids = {n["id"]: n for n in nodes}
    top = max((e["amount"] for e in edges if e["kind"] == "transfer"), default=0.0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Noto Sans CJK SC, Source Han Sans SC, sans-serif">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="6" markerHeight="6" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    if title:
        out.append(f'<text x="10" y="18" font-size="14">{escape(title)}</text>')
    for e in edges:
        (x0, y0), (x1, y1) = at(ids[e["src"]]), at(ids[e["dst"]])
        colour = _hex(EDGE_COLOURS.get(e["kind"], (0.35, 0.55, 0.35)))
        out.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{colour}" '
                   f'stroke-opacity="0.7" stroke-width="{_stroke(e, top):.2f}" marker-end="url(#arrow)">'
                   f'<title>{escape(e["kind"] + " " + e.get("label", ""))}</title></line>')
    for n in nodes:
        x, y = at(n)
        r = 5 + min(n["degree"], 12) * 0.6
        out.append(f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{_hex(COLOURS.get(n["kind"], (.5, .5, .5)))}"'
                   f' stroke="white"><title>{escape(n["kind"] + ": " + n["label"])}</title></circle>'
                   f'<text x="{x + 8:.1f}" y="{y - 5:.1f}" font-size="10">{escape(_short(n["label"]))}</text></g>')
    out.append("</svg>")
    return "\n".join(out)
