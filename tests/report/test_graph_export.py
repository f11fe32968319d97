"""GraphML and GEXF read back with networkx; pictures as PNG and SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pymupdf
import pytest

from app.report.graph_export import write_graph
from app.report.graph_image import graph_png, graph_svg, laid_out


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_export_reads_back_with_attributes(small_model, tmp_path, fmt, reader):
    out = tmp_path / f"g.{fmt}"
    n = write_graph(small_model["graph"], fmt, out)
    g = reader(out)
    assert g.number_of_nodes() == n == len(small_model["graph"]["nodes"])
    assert g.number_of_edges() == len(small_model["graph"]["edges"])
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert {"张伟", "李娜"} <= labels
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"person", "account"} <= kinds
    transfer = [d for *_, d in g.edges(data=True) if d["kind"] == "transfer"]
    assert transfer and float(transfer[0]["amount"]) == 80000.0
    assert any("〔dossier.pdf" in d.get("citation", "") for _, d in g.nodes(data=True))


def test_graph_export_rejects_unknown_format(small_model, tmp_path):
    with pytest.raises(ValueError):
        write_graph(small_model["graph"], "dot", tmp_path / "g.dot")


def test_graph_png_is_a_png_pymupdf_opens(small_model):
    data = graph_png(small_model["graph"], width=300, height=200, dpi=72)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pix = pymupdf.Pixmap(data)
    assert (pix.width, pix.height) == (300, 200)


def test_graph_svg_parses_and_names_nodes(small_model):
    root = ET.fromstring(graph_svg(small_model["graph"]))
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "张伟" in texts
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) == len(laid_out(small_model["graph"])[0])


def test_graph_layout_is_deterministic(small_model):
    assert laid_out(small_model["graph"]) == laid_out(small_model["graph"])


def test_graph_without_a_picture_lays_out_nothing_and_counts_what_it_leaves_out(small_model):
    bare = {"nodes": small_model["graph"]["nodes"], "edges": small_model["graph"]["edges"]}
    assert laid_out(bare) == ([], [])
    svg = graph_svg(bare, title="t")
    assert f"+{len(bare['nodes'])} more" in svg and "<circle" not in svg
    assert graph_png(bare, width=300, height=200, dpi=72)[:8] == b"\x89PNG\r\n\x1a\n"
