"""Entities as a table (CSV or XLSX): people, organisations, accounts, phones and ID numbers with page citations."""

from __future__ import annotations

import os

from app.report.report_html import cite
from app.report.tables import neutralise, write_atomic, write_csv, write_xlsx

COLUMNS = ("entity_id", "kind", "name", "roles", "aliases", "id_numbers", "phones", "accounts", "holders",
           "total_in", "total_out", "transactions", "mentions", "pages")
NUMERIC = frozenset({"entity_id", "total_in", "total_out", "transactions", "mentions"})
FORMATS = ("csv", "xlsx")


def entity_rows(model: dict) -> list[dict]:
    """One row per party, account and identifier; list cells joined with '; ', citations as 〔doc 第N页〕."""
    rows = []
    for p in model["parties"]:
        rows.append({"entity_id": p["id"], "kind": p["kind"], "name": p["name"], "roles": "; ".join(p["roles"]),
                     "aliases": "; ".join(p["aliases"]), "id_numbers": "; ".join(p["id_numbers"]),
                     "phones": "; ".join(p["phones"]), "accounts": "; ".join(p["accounts"]),
                     "mentions": p["mentions"], "pages": cite(p["cites"], limit=1000)})
    for a in model["accounts"]:
        rows.append({"entity_id": a["id"], "kind": "account", "name": a["number"], "holders": "; ".join(a["holders"]),
                     "total_in": a["total_in"], "total_out": a["total_out"], "transactions": a["count"],
                     "mentions": a["mentions"], "pages": cite(a["cites"], limit=1000)})
    for i in model.get("identifiers", []):
        rows.append({"entity_id": i["id"], "kind": i["kind"], "name": i["name"], "mentions": i["mentions"],
                     "pages": cite(i["cites"], limit=1000)})
    return rows


def _cell(column: str, value):
    if value is None or value == "":
        return None
    if column in NUMERIC:
        return value
    return neutralise(str(value))


def write_entities(model: dict, fmt: str, out: str | os.PathLike[str]) -> int:
    """Write the entity table; text cells that a spreadsheet would run as formulas are made inert."""
    rows = entity_rows(model)
    if fmt == "csv":
        return write_atomic(out, lambda part: write_csv(rows, COLUMNS, _cell, part))
    if fmt == "xlsx":
        return write_atomic(out, lambda part: write_xlsx(rows, COLUMNS, _cell, NUMERIC, "entities", part))
    raise ValueError(f"unknown entities format {fmt!r}; use one of {', '.join(FORMATS)}")
