"""Stage bookkeeping: job rows per page and per document, and what each stage still has to do.

A stage's work is still to do for a page (or document) whose job row for that stage is missing, failed or of
another version; each stage's "still to do" question is asked here, in one place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

_STALE = "(j.page_id IS NULL OR j.status != 'done' OR j.version != ?)"


def mark_job(conn: sqlite3.Connection, page_id: int, stage: str, version: str, status: str,
             error: str | None = None) -> None:
    conn.execute(
        "INSERT INTO jobs (page_id, stage, version, status, error) VALUES (?,?,?,?,?)"
        " ON CONFLICT(page_id, stage) DO UPDATE SET version=excluded.version, status=excluded.status,"
        " error=excluded.error, updated_at=strftime('%Y-%m-%dT%H:%M:%fZ','now')",
        (page_id, stage, version, status, error),
    )


def mark_document_job(conn: sqlite3.Connection, document_id: int, stage: str, version: str, status: str,
                      error: str | None = None) -> None:
    conn.execute(
        "INSERT INTO document_jobs (document_id, stage, version, status, error) VALUES (?,?,?,?,?)"
        " ON CONFLICT(document_id, stage) DO UPDATE SET version=excluded.version, status=excluded.status,"
        " error=excluded.error, updated_at=strftime('%Y-%m-%dT%H:%M:%fZ','now')",
        (document_id, stage, version, status, error))


def forget_later_stages(conn: sqlite3.Connection, page_id: int, stage: str) -> None:
    """The page's text changed in `stage`: every other stage's job row goes, so those stages read it again."""
    conn.execute("DELETE FROM jobs WHERE page_id = ? AND stage != ?", (page_id, stage))


def pages_to_do(conn: sqlite3.Connection, stage: str, version: str, *, with_text: bool = False) -> list[int]:
    """Ids of the pages with text (OCR done) still to do for `stage` at `version`, in id order; `with_text`
    leaves out pages whose text is empty."""
    text = " AND p.text != ''" if with_text else ""
    rows = conn.execute(
        "SELECT p.id FROM pages p LEFT JOIN jobs j ON j.page_id = p.id AND j.stage = ?"
        f" WHERE p.status = 'done'{text} AND {_STALE} ORDER BY p.id", (stage, version))
    return [r[0] for r in rows]


def pages_to_ocr(conn: sqlite3.Connection, stage: str, version: str, *, force: bool = False,
                 document_id: int | None = None, page_type: str | None = None,
                 scanned_only: bool = False) -> list[sqlite3.Row]:
    """The OCR stage's pages still to do: pending OCR, or OCR'd and failed or of another version; every page
    if force; only those of `document_id` / classified as `page_type` when given; scanned_only leaves out pages
    whose text came from their own text layer. Rows: id, number and the document's path, path_raw and name."""
    sql = ("SELECT p.id, p.number, d.path, d.path_raw, d.name FROM pages p JOIN documents d ON d.id = p.document_id"
           " LEFT JOIN jobs j ON j.page_id = p.id AND j.stage = ?")
    args: list[object] = [stage]
    where = [] if force else ["(p.status = 'pending_ocr' OR (j.page_id IS NOT NULL AND (j.status != 'done'"
                              " OR j.version != ?)))"]
    if not force:
        args.append(version)
    if document_id is not None:
        where.append("d.id = ?")
        args.append(document_id)
    if page_type is not None:
        where.append("p.page_type = ?")
        args.append(page_type)
    if scanned_only:
        where.append("p.text_source != 'layer'")
    if where:
        sql += " WHERE " + " AND ".join(where)
    return list(conn.execute(sql + " ORDER BY d.id, p.number", args))


def documents_to_do(conn: sqlite3.Connection, stage: str, version: str,
                    table_kinds: Sequence[str]) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
    """Documents still to do for a whole-document stage at `version`: (paged documents with a page whose job is
    missing, failed or of another version; table files (of `table_kinds`) whose document job is missing or of
    another version), each in id order."""
    kinds = ",".join("?" * len(table_kinds))
    paged = conn.execute(
        "SELECT DISTINCT d.* FROM documents d JOIN pages p ON p.document_id = d.id"
        " LEFT JOIN jobs j ON j.page_id = p.id AND j.stage = ?"
        f" WHERE d.kind NOT IN ({kinds}) AND p.status = 'done'"
        " AND (j.page_id IS NULL OR j.version != ? OR j.status != 'done') ORDER BY d.id",
        (stage, *table_kinds, version)).fetchall()
    tables = conn.execute(
        "SELECT d.* FROM documents d LEFT JOIN document_jobs j ON j.document_id = d.id AND j.stage = ?"
        f" WHERE d.kind IN ({kinds}) AND d.status = 'done'"
        " AND (j.document_id IS NULL OR j.version != ?) ORDER BY d.id", (stage, *table_kinds, version)).fetchall()
    return paged, tables


RESOLVE_STATE_KEY = "stage_resolve"  # the resolve stage's input digest; gone = resolution runs again
NER_SETTING = "setting_ner"  # the case's Chinese NER choice, read by the extract stage on every run


def case_setting(conn: sqlite3.Connection, key: str) -> str | None:
    """A choice stored with the case (so a resumed or repeated run makes the same one), None when unset."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row is not None else None


def set_case_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def stage_state(conn: sqlite3.Connection, key: str) -> str | None:
    """What a whole-case stage recorded about the input it last ran on (a digest), None before its first run."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row is not None else None


def set_stage_state(conn: sqlite3.Connection, key: str, state: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, state))
