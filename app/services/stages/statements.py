"""Post-import stage: statement pages and CSV/XLSX ledgers into `transactions`, with an audit of rejected rows."""

from __future__ import annotations

import json
import os
import sqlite3
from decimal import Decimal

from app.core.errors import CaseLensError, Issue
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.ingest.discover import TABLE_DOC_KINDS
from app.ingest.tables import read_table_file
from app.services.reread_rows import ScanPage, read_with_reread
from app.services.sources import resolve
from app.store.db import transaction
from app.store.jobs import documents_to_do, mark_document_job, mark_job
from app.store.pages import document_pages, ocr_lines, page_words, record_issue
from app.store.rejected import add_rejected_row, delete_document_rejected
from app.store.statements import id_record_names, replace_layouts
from app.store.transactions import (
    add_transaction,
    delete_document_transactions,
    fingerprint,
    order_elsewhere,
    serials_elsewhere,
)
from nlp.statements.parse import (
    EXTRACTOR,
    StatementPage,
    StatementRead,
    StatementRow,
    is_statement_page,
    transaction_lines,
)
from nlp.statements.parse import VERSION as PARSER_VERSION
from nlp.statements.spreadsheets import parse_workbook

NAME = "statements"
VERSION = f"1.{PARSER_VERSION}"
STATEMENT_PAGE_TYPES = (None, "bank_statement")


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _flags_json(row: StatementRow) -> str:
    flags: list = list(row.flags)
    flags.extend({"flag": "suggested_fix", **fix} for fix in row.fixes)
    return json.dumps(flags, ensure_ascii=False)


def _row_data(row: StatementRow) -> str:
    return json.dumps({"fields": _plain(row.fields), "cells": row.cells, "flags": row.flags,
                       "fixes": row.fixes, "bbox": row.bbox}, ensure_ascii=False)


def _unreadable_reason(row: StatementRow) -> str | None:
    if row.fields.get("time") is None:
        return "unreadable: " + next((f for f in row.flags if f in ("no_year", "bad_date", "missing_date")),
                                     "bad_date")
    if row.fields.get("amount") is None:
        return "unreadable: " + next((f for f in row.flags if f in ("missing_amount", "bad_amount")), "bad_amount")
    return None


def _conflict(a: str | None, b: str | None) -> bool:
    """Two serial numbers that name different transactions (a printed serial may be cut to its tail)."""
    return bool(a and b and not (a.endswith(b) or b.endswith(a)))


class _Writer:
    """Writes one document's rows: ledger, duplicates and unreadable rows apart, all in the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, document_id: int, source: str):
        self.conn, self.document_id, self.source = conn, document_id, source
        self.seen: dict[str, list[tuple[str | None, object, str | None]]] = {}
        self.counts = {"transactions": 0, "duplicate": 0, "unreadable": 0, "failed": 0}

    def reset(self) -> None:
        delete_document_transactions(self.conn, self.document_id, EXTRACTOR)
        delete_document_rejected(self.conn, self.document_id)

    def reject(self, row: StatementRow, reason: str, page_id: int | None) -> None:
        add_rejected_row(self.conn, reason, row.index, _row_data(row), document_id=self.document_id, page_id=page_id)
        key = reason.split(":")[0]
        self.counts[key] = self.counts.get(key, 0) + 1

    def _duplicate(self, fp: str, serial: str | None, part, time: str | None) -> bool:
        """The same transaction again: on another page or sheet (a copy), or with the same serial. Two equal
        rows on one page or sheet are two transactions (two coffees of one price a day) unless they share
        serial and time to the second."""
        for other_serial, other_part, other_time in self.seen.get(fp, []):
            if _conflict(serial, other_serial):
                continue
            if part != other_part or serial and other_serial and time == other_time:
                return True
        for other_serial in serials_elsewhere(self.conn, fp, self.document_id):
            if not _conflict(serial, other_serial):
                return True
        return False

    def _same_order(self, f: dict) -> bool:
        """An order or serial number another file already holds for the same amount and day: two platform
        exports over overlapping periods (their holder line may differ, so the fingerprint can)."""
        serial = f.get("serial")
        if not serial or len(serial) < 8:
            return False
        return order_elsewhere(self.conn, serial, self.document_id, float(f["amount"]), (f.get("time") or "")[:10])

    def add(self, row: StatementRow, page_id: int | None) -> None:
        reason = _unreadable_reason(row)
        if reason:
            self.reject(row, reason, page_id)
            return
        f = row.fields
        fp = fingerprint(f)
        part = page_id if page_id is not None else f"sheet {row.page}"
        if self._duplicate(fp, f.get("serial"), part, f.get("time")) or self._same_order(f):
            self.reject(row, "duplicate", page_id)
            return
        self.seen.setdefault(fp, []).append((f.get("serial"), part, f.get("time")))
        memo = " / ".join(x for x in (f.get("memo"), f.get("remark")) if x) or None
        details = json.dumps(_plain(f["details"]), ensure_ascii=False) if f.get("details") else None
        add_transaction(self.conn, dict(
            holder_account=f.get("holder_account") or "", holder_name=f.get("holder_name"), time=f["time"],
            amount=float(f["amount"]), balance=float(f["balance"]) if f.get("balance") is not None else None,
            currency=f.get("currency") or "CNY", cp_name=f.get("cp_name"), cp_account=f.get("cp_account"),
            cp_bank=f.get("cp_bank"), channel=f.get("channel"), memo=memo, serial=f.get("serial"),
            document_id=self.document_id, page_id=page_id,
            row_bbox=json.dumps([round(v, 1) for v in row.bbox]) if row.bbox else None, flags=_flags_json(row),
            source=self.source, fingerprint=fp, extractor=EXTRACTOR, version=VERSION, details=details))
        self.counts["transactions"] += 1


def _pending_documents(conn: sqlite3.Connection) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
    return documents_to_do(conn, NAME, VERSION, TABLE_DOC_KINDS)


def _summary_issue(doc: sqlite3.Row, counts: dict) -> Issue | None:
    if not counts.get("unreadable"):
        return None
    return Issue.of("E011", f"{counts['unreadable']} statement row(s) could not be read; kept in rejected_rows",
                    doc["path"])


def _scan_pages(conn: sqlite3.Connection, doc: sqlite3.Row, pages: list[sqlite3.Row], inputs: list[StatementPage],
                case=None) -> list[ScanPage | None]:
    """Per page, what a re-read of its doubtful rows needs (OCR'd statement pages only; None elsewhere)."""
    wanted = [bool(page.words) and p["text_source"] == "ocr" for p, page in zip(pages, inputs, strict=True)]
    if not any(wanted):
        return [None] * len(pages)
    try:
        path = resolve(conn, case, doc["id"]) if case is not None else (
            os.fsdecode(doc["path_raw"]) if doc["path_raw"] else doc["path"])
    except CaseLensError:
        return [None] * len(pages)  # the source is gone: the rows stay as read, flagged where doubtful
    return [ScanPage(str(path), p["number"], p["rotation"] or 0, ocr_lines(conn, p["id"])) if w else None
            for p, w in zip(pages, wanted, strict=True)]


def run_paged_document(conn: sqlite3.Connection, doc: sqlite3.Row, case=None, provisional: bool = False
                       ) -> list[Issue]:
    """Parse a PDF/scan's statement pages (whole document, so layouts carry over) and replace its rows; doubtful
    rows of OCR'd pages are re-read by the surer recogniser first (reread_rows).

    `provisional`: the document is still being OCR'd (early results during an import): its rows so far are
    written, doubtful ones flagged as read, but no page is marked done and no issue is recorded — the run after
    OCR reads the whole document again, with the re-read, and reports."""
    pages = document_pages(conn, doc["id"])
    inputs = []
    for p in pages:
        words = page_words(conn, p["id"]) if p["status"] == "done" else []
        if p["page_type"] not in STATEMENT_PAGE_TYPES and not is_statement_page(words):
            words = []  # classified as another kind and no statement header: not a statement page
        inputs.append(StatementPage(words, p["width"] or 0.0, p["height"] or 0.0))
    scans = [None] * len(pages) if provisional else _scan_pages(conn, doc, pages, inputs, case)
    read, _ = read_with_reread(inputs, id_record_names(conn), scans)
    writer = _Writer(conn, doc["id"], "pdf")
    with transaction(conn):
        writer.reset()
        for row in read.rows:
            writer.add(row, pages[row.page]["id"])
        replace_layouts(conn, doc["id"], [layout.as_dict() for layout in read.layouts])
        if provisional:
            return []
        for p in pages:
            if p["status"] == "done":
                mark_job(conn, p["id"], NAME, VERSION, "done")
        issues = _paged_issues(doc, read, pages, inputs)
        summary = _summary_issue(doc, writer.counts)
        if summary:
            issues.append(summary)
        for issue in issues:
            record_issue(conn, issue)
    return issues


def _paged_issues(doc: sqlite3.Row, read: StatementRead, pages: list[sqlite3.Row],
                  inputs: list[StatementPage]) -> list[Issue]:
    """Nothing silent on statement pages: a header whose rows could not be mapped (E019 with the columns found and
    not found), or statement pages with transaction-like lines where no table was found (E019)."""
    issues = []
    for layout in read.layouts:
        if layout.rows:
            continue
        found = ", ".join(f"{k}={v}" for k, v in layout.columns.items())
        detail = (f"{layout.where}: a {layout.kind} header was found ({found}) but no transaction row was read "
                  "under it")
        if layout.unmapped:
            detail += f"; header text not mapped: {', '.join(layout.unmapped)}"
        if layout.missing:
            detail += f"; not in this layout: {', '.join(layout.missing)}"
        issues.append(Issue.of("E019", detail, doc["path"],
                               pages[layout.header_page]["number"] if layout.header_page is not None else None))
    if not read.rows and not read.layouts:
        # pages classified as bank statements whose lines look like transactions (3+ lines with a date and a
        # money figure), and no table read: a statement the parser could not map. A page that mentions one
        # transaction (a dossier's summary) is not reported; its text is still extracted.
        typed = [p["number"] for p, page in zip(pages, inputs, strict=True)
                 if p["page_type"] == "bank_statement" and transaction_lines(page.words) >= 3]
        if typed:
            shown = ", ".join(map(str, typed[:10])) + (" …" if len(typed) > 10 else "")
            issues.append(Issue.of("E019", f"page(s) {shown} look like a bank statement but no transaction table "
                                   "(a header naming a date and an amount) was found on them", doc["path"], typed[0]))
    return issues


def _mark_document(conn: sqlite3.Connection, document_id: int, status: str, error: str | None = None) -> None:
    mark_document_job(conn, document_id, NAME, VERSION, status, error)


def run_table_document(conn: sqlite3.Connection, doc: sqlite3.Row, case=None) -> list[Issue]:
    """Parse a CSV/XLSX ledger and replace its rows; failed transactions go to rejected_rows."""
    path = os.fsdecode(doc["path_raw"]) if doc["path_raw"] else doc["path"]
    try:
        if case is not None:
            path = resolve(conn, case, doc["id"])  # a case opened from elsewhere, or moved files (E021)
        sheets = read_table_file(path, doc["kind"])
    except CaseLensError as exc:
        issue = Issue.of(exc.code, exc.detail, doc["path"])
        with transaction(conn):
            _mark_document(conn, doc["id"], "failed", exc.detail)
            record_issue(conn, issue)
        return [issue]
    result = parse_workbook([(s.name, s.rows, s.bad_rows) for s in sheets])
    writer = _Writer(conn, doc["id"], doc["kind"])
    with transaction(conn):
        writer.reset()
        for row in result.rows:
            writer.add(row, None)
        for row in result.failed:
            writer.reject(row, "failed", None)
        for sheet, number, reason, cells in result.unreadable:
            add_rejected_row(conn, f"unreadable: {reason}", number,
                             json.dumps({"sheet": sheet, "cells": cells}, ensure_ascii=False), document_id=doc["id"])
            writer.counts["unreadable"] += 1
        replace_layouts(conn, doc["id"], [layout.as_dict() for layout in result.layouts])
        issues = _table_issues(doc, result, writer.counts, sheets)
        for issue in issues:
            record_issue(conn, issue)
        _mark_document(conn, doc["id"], "done" if result.sheets_used else "failed",
                       None if result.sheets_used else "no statement header")
    return issues


def _table_issues(doc: sqlite3.Row, result, counts: dict, sheets) -> list[Issue]:
    """What the officer must be told about a statement file: nothing found (E019), a layout read with
    doubt (E020), sheets with data that were not read, rows that could not be read (E011)."""
    issues = []
    if not result.sheets_used:
        why = "; ".join(f"sheet '{s}': {w}" for s, w in result.unmapped_sheets) or "the file holds no rows"
        issues.append(Issue.of("E019", f"no transaction table found ({why})", doc["path"]))
    else:
        for layout in result.layouts:
            if layout.rows == 0:
                issues.append(Issue.of("E019", f"sheet '{layout.part}': header found at row {layout.header_row} "
                                       f"({', '.join(layout.columns)}) but no transaction row under it", doc["path"]))
            elif layout.kind == "inferred":
                issues.append(Issue.of("E020", f"sheet '{layout.part}': no known header; columns guessed from "
                                       f"their content ({', '.join(f'{k}=' + v for k, v in layout.columns.items())}); "
                                       "rows flagged layout_inferred", doc["path"]))
        for sheet, why in result.unmapped_sheets:
            issues.append(Issue.of("E020", f"sheet '{sheet}' has data that was not read as transactions: {why}",
                                   doc["path"]))
    for sheet in sheets:
        for number, reason in sheet.bad_rows:
            if number == 0:
                issues.append(Issue.of("E020", f"sheet '{sheet.name}': {reason}", doc["path"]))
    summary = _summary_issue(doc, counts)
    if summary:
        issues.append(summary)
    return issues


def run(conn: sqlite3.Connection, *, case=None, progress: ProgressFn = no_progress,
        cancel: CancelToken | None = None, provisional: bool = False) -> list[Issue]:
    """Parse every statement page and ledger file not yet done by this version; idempotent on re-run.
    `provisional`: paged documents are read as far as they are OCR'd (run_paged_document)."""
    cancel = cancel or CancelToken()
    paged, tables = _pending_documents(conn)
    total = len(paged) + len(tables)
    issues: list[Issue] = []
    for done, doc in enumerate(paged + tables, start=1):
        cancel.check()
        if doc["kind"] in TABLE_DOC_KINDS:
            issues.extend(run_table_document(conn, doc, case))
        else:
            issues.extend(run_paged_document(conn, doc, case, provisional))
        progress(Progress(NAME, done, total, current=doc["name"]))
    return issues
