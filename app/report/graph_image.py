"""The relationship graph as a picture (PNG via PyMuPDF shapes, SVG by hand), without Qt.

Input is the export model's graph: {"nodes": [...], "edges": [...], "picture": {...}}. The picture is the window's
first picture (the suspects' networks, captioned, laid out by app.analysis.graph_focus when the model is gathered);
this module only scales it into the frame, keeping its aspect so captions kept apart stay apart.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

COLOURS = {"person": (0.20, 0.42, 0.75), "organisation": (0.55, 0.35, 0.70), "account": (0.85, 0.50, 0.12),
           "phone": (0.25, 0.60, 0.35), "id_number": (0.45, 0.45, 0.45)}
EDGE_COLOURS = {"transfer": (0.80, 0.20, 0.15), "owns": (0.45, 0.45, 0.45)}
KIND_NAMES = {"person": "人员 person", "organisation": "单位 organisation", "account": "账户 account",
              "phone": "电话 phone", "id_number": "证件 ID"}


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def laid_out(graph: dict) -> tuple[list[dict], list[dict]]:
    """The picture's nodes (with x, y and caption) and edges, as the export model laid them out: the same first
    picture as the window's (app.analysis.graph_focus, the one layout). This module lays out nothing itself: a
    graph without a picture draws no nodes, and the note counts them all (`hidden`)."""
    picture = graph.get("picture")
    if picture is None:
        return [], []
    return picture["nodes"], picture["edges"]


def hidden(graph: dict) -> int:
    """Nodes of the graph the picture leaves out."""
    picture = graph.get("picture")
    return len(graph.get("nodes") or []) if picture is None else int(picture.get("hidden") or 0)


def _frame(nodes: list[dict], width: float, height: float, margin: float, em: float):
    """Positions in the frame (aspect kept, so captions kept apart stay apart) and the caption size."""
    if not nodes:
        return (lambda n: (0.0, 0.0)), em
    xs, ys = [n["x"] for n in nodes], [n["y"] for n in nodes]
    pad_x, pad_y = 6 * em, 3 * em  # room for the widest captions at the picture's edges
    span_x, span_y = max(xs) - min(xs) + 2 * pad_x, max(ys) - min(ys) + pad_y + 2 * em
    top = 24.0  # the title and legend line
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin - top) / span_y)
    off_x = margin + (width - 2 * margin - span_x * scale) / 2
    off_y = margin + top + (height - 2 * margin - top - span_y * scale) / 2

    def at(n: dict) -> tuple[float, float]:
        return off_x + (n["x"] - min(xs) + pad_x) * scale, off_y + (n["y"] - min(ys) + 2 * em) * scale
    return at, max(4.5, min(9.0, em * scale))


def _lines(label: str, limit: int = 12) -> list[str]:
    return [line if len(line) <= limit else line[:limit - 1] + "…" for line in str(label).split("\n")]


def _stroke(e: dict, top: float) -> float:
    if e["kind"] != "transfer" or not top:
        return 0.6
    return 0.6 + 2.4 * math.sqrt(e["amount"] / top)


def draw_on_page(page, graph: dict, rect=None, *, title: str = "") -> None:
    """Draw the graph into `rect` of a PyMuPDF page (used for the PNG and inside PDFs)."""
    import pymupdf

    rect = rect or page.rect
    nodes, edges = laid_out(graph)
    at, size = _frame(nodes, rect.width, rect.height, 16, (graph.get("picture") or {}).get("em", 7.0))
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
        shape.finish(color=colour, width=_stroke(e, top), stroke_opacity=0.7,
                     dashes=None if e["kind"] == "transfer" else "[2 2] 0")
        if e["kind"] != "transfer":
            continue
        length = abs(p1 - p0) or 1.0
        ux, uy = (p1.x - p0.x) / length, (p1.y - p0.y) / length
        tip = pymupdf.Point(p1.x - ux * 6, p1.y - uy * 6)
        left = pymupdf.Point(tip.x - ux * 6 - uy * 3, tip.y - uy * 6 + ux * 3)
        right = pymupdf.Point(tip.x - ux * 6 + uy * 3, tip.y - uy * 6 - ux * 3)
        shape.draw_polyline([left, tip, right, left])
        shape.finish(color=colour, fill=colour, width=0.3)
    radius = max(2.5, size * 0.6)
    for n in nodes:
        x, y = at(n)
        shape.draw_circle(pymupdf.Point(rect.x0 + x, rect.y0 + y), radius)
        shape.finish(color=(0.78, 0.16, 0.16) if n.get("suspect") else (1, 1, 1),
                     fill=COLOURS.get(n["kind"], (0.5, 0.5, 0.5)), width=1.2 if n.get("suspect") else 0.8)
    shape.commit()
    for n in nodes:  # captions centred under their nodes, where the layout kept them apart
        x, y = at(n)
        for i, line in enumerate(_lines(n["label"])):
            writer.append((rect.x0 + x - font.text_length(line, size) / 2,
                           rect.y0 + y + radius + size * (1.1 + 1.3 * i)), line, font=font, fontsize=size)
    legend_x = rect.x0 + 8
    if title:
        writer.append((legend_x, rect.y0 + 14), title, font=font, fontsize=9)
        legend_x += font.text_length(title, 9) + 14
    for kind, colour in COLOURS.items():
        page.draw_circle((legend_x + 4, rect.y0 + 11), 3.5, color=colour, fill=colour)
        writer.append((legend_x + 10, rect.y0 + 14), KIND_NAMES[kind], font=font, fontsize=7)
        legend_x += 16 + font.text_length(KIND_NAMES[kind], 7)
    left_out = hidden(graph)
    if left_out:
        writer.append((legend_x + 4, rect.y0 + 14), more_note(left_out), font=font, fontsize=7)
    writer.write_text(page, color=(0.1, 0.1, 0.1))


def more_note(hidden: int) -> str:
    """The picture shows the suspects' networks; the exports (GraphML, ANX …) hold every node."""
    return f"另有 {hidden} 个实体未画出 (+{hidden} more)"


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
    picture = graph.get("picture") or {}
    at, size = _frame(nodes, width, height, 20, picture.get("em", 7.0))
    ids = {n["id"]: n for n in nodes}
    top = max((e["amount"] for e in edges if e["kind"] == "transfer"), default=0.0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Noto Sans CJK SC, Source Han Sans SC, sans-serif">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="6" markerHeight="6" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    heading = "  ".join(x for x in (title, more_note(hidden(graph)) if hidden(graph) else "") if x)
    if heading:
        out.append(f'<text x="10" y="18" font-size="14">{escape(heading)}</text>')
    for e in edges:
        (x0, y0), (x1, y1) = at(ids[e["src"]]), at(ids[e["dst"]])
        colour = _hex(EDGE_COLOURS.get(e["kind"], (0.35, 0.55, 0.35)))
        style = ' marker-end="url(#arrow)"' if e["kind"] == "transfer" else ' stroke-dasharray="3 3"'
        out.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{colour}" '
                   f'stroke-opacity="0.7" stroke-width="{_stroke(e, top):.2f}"{style}>'
                   f'<title>{escape(e["kind"] + " " + e.get("label", ""))}</title></line>')
    radius = max(3.0, size * 0.7)
    for n in nodes:
        x, y = at(n)
        ring = "#c62828" if n.get("suspect") else "white"
        lines = "".join(f'<tspan x="{x:.1f}" dy="{size * 1.25:.1f}">{escape(line)}</tspan>'
                        for line in _lines(n["label"]))
        out.append(f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
                   f'fill="{_hex(COLOURS.get(n["kind"], (.5, .5, .5)))}" stroke="{ring}">'
                   f'<title>{escape(n["kind"] + ": " + n["label"])}</title></circle>'
                   f'<text x="{x:.1f}" y="{y + radius:.1f}" font-size="{size:.1f}" text-anchor="middle">{lines}</text>'
                   '</g>')
    out.append("</svg>")
    return "\n".join(out)
