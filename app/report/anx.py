"""The relationship graph as i2 Analyst's Notebook import XML (ANX), and a structural checker for such files.

Structure (public ANX schema): Chart > ApplicationVersion, AttributeClassCollection, EntityTypeCollection,
LinkTypeCollection, ChartItemCollection > ChartItem (Label, DateSet, DateTime) holding either
End > Entity (EntityId, Identity) > Icon > IconStyle (Type) with CardCollection > Card (the citations), or
Link (End1Id, End2Id) > LinkStyle (ArrowStyle, Type, Strength); plus AttributeCollection > Attribute.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from app.report.report_html import cite

ENTITY_TYPES = {"person": "Person", "organisation": "Organisation", "account": "Account", "phone": "Phone",
                "id_number": "Identification"}
ARROW_STYLES = ("ArrowOnHead", "ArrowOnTail", "ArrowOnBoth", "ArrowNone")
UNDIRECTED = frozenset({"family", "associate", "co_suspect", "calls"})
ATTRIBUTES = {"Kind": "AttText", "Mentions": "AttNumber", "Amount": "AttNumber", "Count": "AttNumber",
              "First": "AttText", "Last": "AttText", "Source": "AttText"}
CHART_ORDER = ("ApplicationVersion", "AttributeClassCollection", "EntityTypeCollection", "LinkTypeCollection",
               "ChartItemCollection")


def _attributes(parent: ET.Element, values: dict) -> None:
    coll = ET.SubElement(parent, "AttributeCollection")
    for name, value in values.items():
        if value in (None, ""):
            continue
        ET.SubElement(coll, "Attribute", {"AttributeClass": name, "Value": str(value)})


def _date_time(value: str | None) -> dict[str, str]:
    if not value or len(value) < 10:
        return {"DateSet": "false", "TimeSet": "false"}
    time = value[11:19] if len(value) >= 19 else "00:00:00"
    return {"DateSet": "true", "TimeSet": "true" if len(value) >= 16 else "false",
            "DateTime": f"{value[:10]}T{time}"}


def build_chart(graph: dict, *, positions: dict | None = None) -> ET.Element:
    """The ANX element tree; `positions` maps entity id to (x, y) chart coordinates (default: a grid)."""
    chart = ET.Element("Chart", {"IdReferenceLinking": "false", "Rigorous": "true"})
    ET.SubElement(chart, "ApplicationVersion", {"Major": "9", "Minor": "0", "Point": "0", "Build": "0"})
    acc = ET.SubElement(chart, "AttributeClassCollection")
    for name, kind in ATTRIBUTES.items():
        ET.SubElement(acc, "AttributeClass", {"Name": name, "Type": kind, "IsUser": "true", "ShowValue": "true"})
    etc = ET.SubElement(chart, "EntityTypeCollection")
    for name in ENTITY_TYPES.values():
        ET.SubElement(etc, "EntityType", {"Name": name, "IconFile": name})
    ltc = ET.SubElement(chart, "LinkTypeCollection")
    for kind in sorted({e["kind"] for e in graph["edges"]}):
        ET.SubElement(ltc, "LinkType", {"Name": kind, "Colour": "255" if kind == "transfer" else "0"})
    items = ET.SubElement(chart, "ChartItemCollection")
    positions = positions or {}
    known = set()
    for i, n in enumerate(graph["nodes"]):
        x, y = positions.get(n["id"], ((i % 20) * 120, (i // 20) * 120))
        identity = f"e{n['id']}"
        known.add(n["id"])
        item = ET.SubElement(items, "ChartItem", {"Label": n["label"], "XPosition": str(int(x)),
                                                  "DateSet": "false", "Description": cite(n.get("cites") or [])})
        end = ET.SubElement(item, "End", {"X": str(int(x)), "Y": str(int(y))})
        entity = ET.SubElement(end, "Entity", {"EntityId": identity, "Identity": identity,
                                               "LabelIsIdentity": "false"})
        icon = ET.SubElement(entity, "Icon")
        ET.SubElement(icon, "IconStyle", {"Type": ENTITY_TYPES.get(n["kind"], "Person")})
        cards = ET.SubElement(entity, "CardCollection")
        for doc, page in (n.get("cites") or [])[:20]:
            ET.SubElement(cards, "Card", {"Summary": f"{doc} 第{page}页", "SourceReference": f"{doc} p.{page}",
                                          "SourceType": "Document", "DateSet": "false"})
        _attributes(item, {"Kind": n["kind"], "Mentions": n.get("mentions"), "Source": cite(n.get("cites") or [])})
    for e in graph["edges"]:
        if e["src"] not in known or e["dst"] not in known:
            continue
        item = ET.SubElement(items, "ChartItem", {"Label": e.get("label") or e["kind"],
                                                  "Description": cite(e.get("cites") or []),
                                                  **_date_time(e.get("first"))})
        link = ET.SubElement(item, "Link", {"End1Id": f"e{e['src']}", "End2Id": f"e{e['dst']}"})
        ET.SubElement(link, "LinkStyle", {"ArrowStyle": "ArrowNone" if e["kind"] in UNDIRECTED else "ArrowOnHead",
                                          "Type": e["kind"], "Strength": "1", "LineWidth": "1",
                                          "MlStyle": "MultiplicityMultiple"})
        _attributes(item, {"Kind": e["kind"], "Amount": round(e["amount"], 2) if e.get("amount") else None,
                           "Count": e.get("count") or None, "First": e.get("first"), "Last": e.get("last"),
                           "Source": cite(e.get("cites") or [])})
    return chart


def write_anx(graph: dict, out: str | os.PathLike[str], *, positions: dict | None = None) -> int:
    """Write the chart as UTF-8 XML; returns the number of chart items."""
    chart = build_chart(graph, positions=positions)
    ET.indent(chart)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(chart).write(out, encoding="utf-8", xml_declaration=True)
    return len(chart.find("ChartItemCollection"))


def check_anx(path: str | os.PathLike[str]) -> list[str]:
    """Problems with an ANX file's structure (empty when it follows the schema's shape this module writes)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != "Chart":
        return [f"root element is {root.tag}, not Chart"]
    problems = []
    order = [c.tag for c in root if c.tag in CHART_ORDER]
    if order != sorted(order, key=CHART_ORDER.index):
        problems.append(f"Chart children out of schema order: {order}")
    if root.find("ChartItemCollection") is None:
        return problems + ["no ChartItemCollection"]
    entity_types = {t.get("Name") for t in root.iterfind("EntityTypeCollection/EntityType")}
    link_types = {t.get("Name") for t in root.iterfind("LinkTypeCollection/LinkType")}
    classes = {c.get("Name") for c in root.iterfind("AttributeClassCollection/AttributeClass")}
    identities: set[str] = set()
    links = []
    for n, item in enumerate(root.iterfind("ChartItemCollection/ChartItem")):
        where = f"ChartItem {n} ({item.get('Label')!r})"
        if item.get("Label") is None:
            problems.append(f"{where}: no Label")
        ends, link = item.findall("End"), item.findall("Link")
        if len(ends) + len(link) != 1:
            problems.append(f"{where}: needs exactly one End or Link")
        if item.get("DateSet") == "true" and not item.get("DateTime"):
            problems.append(f"{where}: DateSet without DateTime")
        for attr in item.iterfind("AttributeCollection/Attribute"):
            if attr.get("AttributeClass") not in classes:
                problems.append(f"{where}: attribute class {attr.get('AttributeClass')!r} not declared")
        for end in ends:
            entity = end.find("Entity")
            if entity is None or not entity.get("Identity"):
                problems.append(f"{where}: End without Entity Identity")
                continue
            if entity.get("Identity") in identities:
                problems.append(f"{where}: duplicate Identity {entity.get('Identity')}")
            identities.add(entity.get("Identity"))
            style = entity.find("Icon/IconStyle")
            if style is None or style.get("Type") not in entity_types:
                problems.append(f"{where}: Icon/IconStyle Type not in EntityTypeCollection")
        for lk in link:
            links.append((where, lk))
    for where, lk in links:
        for key in ("End1Id", "End2Id"):
            if lk.get(key) not in identities:
                problems.append(f"{where}: {key} {lk.get(key)!r} names no entity")
        style = lk.find("LinkStyle")
        if style is None:
            problems.append(f"{where}: Link without LinkStyle")
            continue
        if style.get("ArrowStyle") not in ARROW_STYLES:
            problems.append(f"{where}: ArrowStyle {style.get('ArrowStyle')!r} not one of {ARROW_STYLES}")
        if style.get("Type") not in link_types:
            problems.append(f"{where}: link type {style.get('Type')!r} not in LinkTypeCollection")
    return problems
