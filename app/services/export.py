"""Exports out of a case: one handler per KIND (transactions now; report, entities, graph can be added)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from app.core.errors import CaseLensError
from app.report.ledger import FORMATS, write_ledger
from app.services.case import open_reader, open_writer
from app.store import audit


def _transaction_rows(conn, holder: str | None = None):
    sql = ("SELECT t.*, d.name AS document, p.number AS page FROM transactions t"
           " LEFT JOIN documents d ON d.id = t.document_id LEFT JOIN pages p ON p.id = t.page_id")
    args: tuple = ()
    if holder:
        sql += " WHERE t.holder_account = ?"
        args = (holder,)
    sql += " ORDER BY t.holder_account, t.time, t.id"
    for r in conn.execute(sql, args):
        row = dict(r)
        try:
            row["flags"] = json.loads(row.get("flags") or "[]")
        except ValueError:
            row["flags"] = [row.get("flags")]
        yield row


def export_transactions(case: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str], *,
                        holder: str | None = None) -> dict:
    """The ledger (every transaction with its source document, page and flags) as CSV, XLSX or JSON."""
    if fmt not in FORMATS:
        raise CaseLensError("E017", f"--format {fmt}: use one of {', '.join(FORMATS)}")
    conn = open_reader(case)
    try:
        n = write_ledger(_transaction_rows(conn, holder), fmt, out)
    except OSError as exc:
        raise CaseLensError("E001", f"cannot write {out}: {exc}", path=str(out)) from exc
    finally:
        conn.close()
    writer = open_writer(case)
    try:
        writer.execute("BEGIN IMMEDIATE")
        audit.append(writer, "export", {"kind": "transactions", "format": fmt, "out": str(Path(out)), "rows": n})
        writer.execute("COMMIT")
    finally:
        writer.close()
    return {"kind": "transactions", "format": fmt, "out": str(out), "rows": n}


# KIND -> handler(case, fmt, out, **options). Others register their kinds here (report, entities, graph).
EXPORTERS: dict[str, Callable[..., dict]] = {"transactions": export_transactions}


def export(kind: str, case: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str], **options) -> dict:
    """Run the exporter of a KIND."""
    handler = EXPORTERS.get(kind)
    if handler is None:
        raise CaseLensError("E017", f"unknown export kind {kind!r}; use one of {', '.join(sorted(EXPORTERS))}")
    return handler(case, fmt, out, **options)
