"""Statement layouts: how each statement file's sheets (or a PDF's statement pages) were read."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def replace_layouts(conn: sqlite3.Connection, document_id: int, layouts: list[dict[str, Any]]) -> None:
    """The document's layouts, replacing those of an earlier parse (the caller holds the transaction)."""
    conn.execute("DELETE FROM statement_layouts WHERE document_id = ?", (document_id,))
    seen: set[str] = set()
    for layout in layouts:
        part = str(layout.get("part") or "")
        while part in seen:  # two sheets of one name (or two unnamed runs) stay apart
            part += "'"
        seen.add(part)
        conn.execute("INSERT INTO statement_layouts (document_id, part, layout) VALUES (?,?,?)",
                     (document_id, part, json.dumps(layout, ensure_ascii=False)))


def statement_layouts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every recorded layout with its document's name and path, in import order."""
    rows = conn.execute("SELECT l.document_id, d.name, d.path, l.part, l.layout FROM statement_layouts l"
                        " JOIN documents d ON d.id = l.document_id ORDER BY l.document_id, l.part").fetchall()
    out = []
    for doc_id, name, path, part, layout in rows:
        item = json.loads(layout)
        item.update(document_id=doc_id, document=name, path=path, part=part)
        out.append(item)
    return out


def id_record_names(conn: sqlite3.Connection) -> list[str]:
    """Person names found on the case's ID record pages (the form a name is officially written in)."""
    rows = conn.execute("SELECT DISTINCT coalesce(m.value, m.text) FROM mentions m JOIN pages p ON p.id = m.page_id"
                        " WHERE m.label = 'PERSON' AND p.page_type = 'id_record'").fetchall()
    return [r[0] for r in rows if r[0]]
