"""i2 ANX export: well-formed XML that passes the structural checker; the checker catches broken charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from app.report.anx import check_anx, write_anx


def test_anx_export_passes_structural_check(small_model, tmp_path):
    out = tmp_path / "chart.anx"
    n = write_anx(small_model["graph"], out)
    assert check_anx(out) == []
    root = ET.parse(out).getroot()
    assert root.tag == "Chart"
    items = root.findall("ChartItemCollection/ChartItem")
    assert len(items) == n == len(small_model["graph"]["nodes"]) + len(small_model["graph"]["edges"])
    labels = {i.get("Label") for i in items}
    assert "张伟" in labels
    styles = {s.get("ArrowStyle") for s in root.iter("LinkStyle")}
    assert styles == {"ArrowOnHead", "ArrowNone"}  # family is undirected
    cards = [c.get("SourceReference") for c in root.iter("Card")]
    assert "dossier.pdf p.1" in cards


def test_anx_check_catches_dangling_link_and_unknown_type(small_model, tmp_path):
    out = tmp_path / "chart.anx"
    write_anx(small_model["graph"], out)
    text = out.read_text(encoding="utf-8")
    broken = tmp_path / "broken.anx"
    broken.write_text(text.replace('End2Id="e5"', 'End2Id="e999"').replace('Type="Person"', 'Type="Alien"'),
                      encoding="utf-8")
    problems = check_anx(broken)
    assert any("End2Id 'e999'" in p for p in problems)
    assert any("IconStyle Type" in p for p in problems)


def test_anx_check_reports_not_well_formed(tmp_path):
    bad = tmp_path / "bad.anx"
    bad.write_text("<Chart><ChartItemCollection>", encoding="utf-8")
    assert check_anx(bad)[0].startswith("not well-formed")
