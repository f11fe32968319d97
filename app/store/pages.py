"""Writing documents and pages (text, word boxes, full-text index) into the case."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from app.core.errors import Issue
from app.core.models import DocumentInfo, PageText
from app.core.textnorm import index_tokens
from app.core.words import encode_words

TEXT_STAGE = "text"
TEXT_STAGE_VERSION = "1"


def find_document(conn: sqlite3.Connection, sha256: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return row


def add_document(conn: sqlite3.Connection, info: DocumentInfo) -> int:
    cur = conn.execute(
        "INSERT INTO documents (sha256, path, path_raw, name, size, page_count, kind, status)"
        " VALUES (?,?,?,?,?,?,?,'importing')",
        (info.sha256, info.path, info.path_raw, info.name, info.size, info.page_count, info.kind),
    )
    assert cur.lastrowid is not None  # set by every INSERT
    return cur.lastrowid


def set_document_status(conn: sqlite3.Connection, document_id: int, status: str, error: str | None = None) -> None:
    conn.execute("UPDATE documents SET status = ?, error = ? WHERE id = ?", (status, error, document_id))


def pages_present(conn: sqlite3.Connection, document_id: int) -> set[int]:
    rows = conn.execute("SELECT number FROM pages WHERE document_id = ?", (document_id,))
    return {r[0] for r in rows}


def _words_json(page: PageText) -> str:
    return page.words_json if page.words_json is not None else encode_words(page.words)


def _index_body(page: PageText) -> str:
    return page.index_body if page.index_body is not None else index_tokens(page.text)


def add_page(conn: sqlite3.Connection, document_id: int, page: PageText) -> int:
    """Insert one page with its words, index entry and job row. Caller holds the transaction."""
    cur = conn.execute(
        "INSERT INTO pages (document_id, number, width, height, rotation, text, text_source, ocr_engine,"
        " ocr_confidence, status, error) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (document_id, page.number, page.width, page.height, page.rotation, page.text, page.source,
         page.ocr_engine, page.ocr_confidence, page.status, page.error),
    )
    assert cur.lastrowid is not None  # set by every INSERT
    page_id = cur.lastrowid
    if page.words or page.words_json:
        conn.execute("INSERT INTO page_words (page_id, source, words) VALUES (?,?,?)",
                     (page_id, page.source, _words_json(page)))
    if page.text:
        conn.execute("INSERT INTO page_fts (rowid, body) VALUES (?, ?)", (page_id, _index_body(page)))
    conn.execute("INSERT INTO jobs (page_id, stage, version, status, error) VALUES (?,?,?,?,?)",
                 (page_id, TEXT_STAGE, TEXT_STAGE_VERSION, "failed" if page.status == "failed" else "done",
                  page.error))
    return page_id


def replace_page_text(conn: sqlite3.Connection, page_id: int, page: PageText) -> None:
    """Replace a page's text and words (after OCR); keeps the full-text index in step."""
    conn.execute(
        "UPDATE pages SET text=?, text_source=?, ocr_engine=?, ocr_confidence=?, rotation=?, status=?, error=?"
        " WHERE id=?",
        (page.text, page.source, page.ocr_engine, page.ocr_confidence, page.rotation, page.status, page.error,
         page_id),
    )
    conn.execute("DELETE FROM page_words WHERE page_id = ?", (page_id,))
    if page.words or page.words_json:
        conn.execute("INSERT INTO page_words (page_id, source, words) VALUES (?,?,?)",
                     (page_id, page.source, _words_json(page)))
    conn.execute("DELETE FROM page_fts WHERE rowid = ?", (page_id,))
    if page.text:
        conn.execute("INSERT INTO page_fts (rowid, body) VALUES (?, ?)", (page_id, _index_body(page)))


def page_words(conn: sqlite3.Connection, page_id: int) -> list[list[Any]]:
    row = conn.execute("SELECT words FROM page_words WHERE page_id = ?", (page_id,)).fetchone()
    return json.loads(row[0]) if row else []


def replace_ocr_lines(conn: sqlite3.Connection, page_id: int, lines: Iterable[tuple[int, int, int, float]]) -> None:
    """Store a page's OCR line confidences: (row, first word, last word, confidence) per line."""
    conn.execute("DELETE FROM ocr_lines WHERE page_id = ?", (page_id,))
    conn.executemany("INSERT OR REPLACE INTO ocr_lines (page_id, line, first_word, last_word, confidence)"
                     " VALUES (?,?,?,?,?)", [(page_id, *ln) for ln in lines])


def ocr_lines(conn: sqlite3.Connection, page_id: int) -> list[tuple[int, int, int, float]]:
    """A page's OCR lines in reading order: (row, first word, last word, confidence)."""
    return [tuple(r) for r in conn.execute("SELECT line, first_word, last_word, confidence FROM ocr_lines"
                                           " WHERE page_id = ? ORDER BY line, first_word", (page_id,))]


def mark_job(conn: sqlite3.Connection, page_id: int, stage: str, version: str, status: str,
             error: str | None = None) -> None:
    conn.execute(
        "INSERT INTO jobs (page_id, stage, version, status, error) VALUES (?,?,?,?,?)"
        " ON CONFLICT(page_id, stage) DO UPDATE SET version=excluded.version, status=excluded.status,"
        " error=excluded.error, updated_at=strftime('%Y-%m-%dT%H:%M:%fZ','now')",
        (page_id, stage, version, status, error),
    )


def record_issue(conn: sqlite3.Connection, issue: Issue) -> None:
    conn.execute("INSERT INTO issues (code, message, path, page) VALUES (?,?,?,?)",
                 (issue.code, issue.message, issue.path, issue.page))


def document_source(conn: sqlite3.Connection, document_id: int) -> dict[str, Any] | None:
    """Where a document was imported from and what it was: id, name, path, path_raw, sha256."""
    row = conn.execute("SELECT id, name, path, path_raw, sha256 FROM documents WHERE id = ?",
                       (document_id,)).fetchone()
    return dict(zip(("id", "name", "path", "path_raw", "sha256"), tuple(row), strict=True)) if row else None


def set_document_path(conn: sqlite3.Connection, document_id: int, path: str, path_raw: bytes) -> None:
    conn.execute("UPDATE documents SET path = ?, path_raw = ? WHERE id = ?", (path, path_raw, document_id))


def missing_source_candidates(conn: sqlite3.Connection) -> list[str]:
    """Folders the officer located moved files in before (newest first): look there for the others."""
    rows = conn.execute("SELECT DISTINCT path FROM documents ORDER BY id DESC").fetchall()
    seen: list[str] = []
    for (path,) in rows:
        folder = os.path.dirname(path)
        if folder and folder not in seen:
            seen.append(folder)
    return seen[:20]
