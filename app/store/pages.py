"""Pages of the case: their text, word boxes, OCR lines and full-text index entry, and recorded issues."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from app.core.errors import Issue
from app.core.models import PageText
from app.core.textnorm import index_tokens
from app.core.words import encode_words

TEXT_STAGE = "text"
TEXT_STAGE_VERSION = "1"


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


def record_issue(conn: sqlite3.Connection, issue: Issue) -> None:
    conn.execute("INSERT INTO issues (code, message, path, page) VALUES (?,?,?,?)",
                 (issue.code, issue.message, issue.path, issue.page))


def mark_page_failed(conn: sqlite3.Connection, page_id: int, error: str) -> None:
    """A page whose text could not be read again: it keeps its old text, marked failed with the reason."""
    conn.execute("UPDATE pages SET status = 'failed', error = ? WHERE id = ?", (error, page_id))


def page_texts(conn: sqlite3.Connection, page_ids: list[int]) -> dict[int, str]:
    marks = ",".join("?" * len(page_ids))
    return dict(conn.execute(f"SELECT id, text FROM pages WHERE id IN ({marks})", page_ids).fetchall())


def set_page_type(conn: sqlite3.Connection, page_id: int, page_type: str, confidence: float) -> None:
    conn.execute("UPDATE pages SET page_type = ?, page_type_confidence = ? WHERE id = ?",
                 (page_type, confidence, page_id))


def pages_with_source(conn: sqlite3.Connection, page_ids: list[int]) -> list[sqlite3.Row]:
    """id, text, number, page_type and the document's path of each page, in id order."""
    marks = ",".join("?" * len(page_ids))
    return conn.execute(f"SELECT p.id, p.text, p.number, p.page_type, d.path FROM pages p JOIN documents d"
                        f" ON d.id = p.document_id WHERE p.id IN ({marks}) ORDER BY p.id", page_ids).fetchall()


def document_pages(conn: sqlite3.Connection, document_id: int) -> list[sqlite3.Row]:
    """id, number, width, height, status, page_type, text_source and rotation of a document's pages, in order."""
    return conn.execute("SELECT id, number, width, height, status, page_type, text_source, rotation FROM pages"
                        " WHERE document_id = ?"
                        " ORDER BY number", (document_id,)).fetchall()


def all_pages(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, document_id, number, text and page_type of every page (what resolution reads)."""
    rows: list[sqlite3.Row] = conn.execute("SELECT id, document_id, number, text, page_type FROM pages").fetchall()
    return rows
