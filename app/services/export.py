"""Exports out of a case: one handler per KIND (transactions, report, entities, graph), each audited with its hash."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from app.core.errors import CaseLensError
from app.report.ledger import FORMATS, write_ledger
from app.services.case import open_reader, open_writer
from app.services.export_data import Selection, gather
from app.store import audit
from app.store.db import transaction
from app.store.transactions import ledger_export_rows

REPORT_FORMATS = ("pdf", "html")
ENTITY_FORMATS = ("csv", "xlsx", "ftm")
GRAPH_FORMATS = ("graphml", "gexf", "anx", "png", "svg")


def export_transactions(case: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str], *,
                        holder: str | None = None) -> dict:
    """The ledger (every transaction with its source document, page and flags) as CSV, XLSX or JSON."""
    if fmt not in FORMATS:
        raise CaseLensError("E017", f"--format {fmt}: use one of {', '.join(FORMATS)}")
    conn = open_reader(case)
    try:
        n = write_ledger(ledger_export_rows(conn, holder), fmt, out)
    except OSError as exc:
        raise CaseLensError("E001", f"cannot write {out}: {exc}", path=str(out)) from exc
    finally:
        conn.close()
    _record(case, "transactions", fmt, out, n, {"holder": holder} if holder else {})
    return {"kind": "transactions", "format": fmt, "out": str(out), "rows": n, "sha256": _sha256(out)}


def _sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record(case, kind: str, fmt: str, out, rows: int, options: dict) -> None:
    """Audit entry: who (the log's actor) and when (its timestamp), what was exported, the file's SHA-256."""
    writer = open_writer(case)
    try:
        with transaction(writer):
            audit.append(writer, "export", {"kind": kind, "format": fmt, "out": str(Path(out).resolve()),
                                            "rows": rows, "bytes": os.path.getsize(out), "sha256": _sha256(out),
                                            **options})
    finally:
        writer.close()


def _selection(selection) -> Selection:
    if selection is None:
        return Selection()
    if isinstance(selection, Selection):
        return selection
    if isinstance(selection, dict):
        ids = selection.get("entity_ids")
        return Selection(frozenset(int(i) for i in ids) if ids is not None else None,
                         selection.get("start"), selection.get("end"))
    raise CaseLensError("E017", f"selection {selection!r}: pass a Selection or a dict with entity_ids/start/end")


def _model(case, selection: Selection) -> dict:
    conn = open_reader(case)
    try:
        return gather(conn, case, selection)
    finally:
        conn.close()


def _run(case, kind: str, fmt: str, formats: tuple[str, ...], out, selection, write: Callable[[dict], int]) -> dict:
    if fmt not in formats:
        raise CaseLensError("E017", f"--format {fmt}: {kind} exports as {', '.join(formats)}")
    sel = _selection(selection)
    model = _model(case, sel)
    try:
        n = write(model)
    except OSError as exc:
        raise CaseLensError("E001", f"cannot write {out}: {exc}", path=str(out)) from exc
    options = {"selection": sel.as_dict()} if sel != Selection() else {}
    _record(case, kind, fmt, out, n, options)
    return {"kind": kind, "format": fmt, "out": str(out), "rows": n, "sha256": _sha256(out)}


def export_report(case: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str], *,
                  selection: Selection | dict | None = None) -> dict:
    """The case report an officer files (PDF or HTML): summary, people, accounts, alerts with evidence, graph and
    timeline pictures, every fact cited by document and page. `rows` is the PDF's page count (0 for HTML)."""
    from app.report.report_html import write_report_html
    from app.report.report_pdf import write_report_pdf

    def write(model: dict) -> int:
        if fmt == "pdf":
            return write_report_pdf(model, out)["pages"]
        write_report_html(model, out)
        return 0

    return _run(case, "report", fmt, REPORT_FORMATS, out, selection, write)


def export_entities(case: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str], *,
                    selection: Selection | dict | None = None) -> dict:
    """People, organisations, accounts and identifiers as CSV/XLSX (with page citations) or FollowTheMoney JSON
    lines (`ftm`, which also carries ownerships, relations and payments)."""
    from app.report.entities_table import write_entities
    from app.report.ftm import write_ftm

    def write(model: dict) -> int:
        return write_ftm(model, out) if fmt == "ftm" else write_entities(model, fmt, out)

    return _run(case, "entities", fmt, ENTITY_FORMATS, out, selection, write)


def export_graph(case: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str], *,
                 selection: Selection | dict | None = None) -> dict:
    """The relationship graph: GraphML/GEXF (all nodes and edges with attributes), i2 ANX, or a PNG/SVG picture
    (the best-connected nodes of the largest network). `rows` is the number of nodes (chart items for ANX)."""
    from app.report import anx, graph_export, graph_image

    def write(model: dict) -> int:
        graph = model["graph"]
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        if fmt in graph_export.FORMATS:
            return graph_export.write_graph(graph, fmt, out)
        if fmt == "anx":
            return anx.write_anx(graph, out)
        if fmt == "png":
            Path(out).write_bytes(graph_image.graph_png(graph, title=f"关系图 {model['case']['name']}"))
        else:
            Path(out).write_text(graph_image.graph_svg(graph, title=f"关系图 {model['case']['name']}"),
                                 encoding="utf-8")
        return len(graph["nodes"])

    return _run(case, "graph", fmt, GRAPH_FORMATS, out, selection, write)


# KIND -> handler(case, fmt, out, **options). Report, entities and graph take selection=Selection|dict|None.
EXPORTERS: dict[str, Callable[..., dict]] = {"transactions": export_transactions, "report": export_report,
                                             "entities": export_entities, "graph": export_graph}
FORMATS_BY_KIND: dict[str, tuple[str, ...]] = {"transactions": FORMATS, "report": REPORT_FORMATS,
                                               "entities": ENTITY_FORMATS, "graph": GRAPH_FORMATS}


def export(kind: str, case: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str], **options) -> dict:
    """Run the exporter of a KIND; returns {kind, format, out, rows, sha256} (see docs/exports.md)."""
    handler = EXPORTERS.get(kind)
    if handler is None:
        raise CaseLensError("E017", f"unknown export kind {kind!r}; use one of {', '.join(sorted(EXPORTERS))}")
    return handler(case, fmt, out, **options)
