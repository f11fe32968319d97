"""Numbered schema migrations. Append only: never edit a migration that has shipped."""

from __future__ import annotations

import sqlite3

M001 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,                         -- display form (invalid UTF-8 escaped)
    path_raw BLOB,                              -- os.fsencode of the real path, to reopen it
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    page_count INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'importing',   -- importing | done | failed
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    error TEXT
);

CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    number INTEGER NOT NULL,                    -- 1-based within the document
    width REAL, height REAL, rotation INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL DEFAULT '',
    text_source TEXT NOT NULL DEFAULT 'none',   -- layer | ocr | none
    ocr_engine TEXT, ocr_confidence REAL,
    page_type TEXT, page_type_confidence REAL,
    status TEXT NOT NULL DEFAULT 'done',        -- done | pending_ocr | failed
    error TEXT,
    UNIQUE (document_id, number)
);
CREATE INDEX pages_status ON pages(status);

-- Word boxes as one JSON array per page: [[x0,y0,x1,y1,text,block,line,word], ...]
CREATE TABLE page_words (
    page_id INTEGER PRIMARY KEY REFERENCES pages(id),
    source TEXT NOT NULL,
    words TEXT NOT NULL
);

-- Per page and stage: which stage ran with which version, so stages re-run alone and imports resume.
CREATE TABLE jobs (
    page_id INTEGER NOT NULL REFERENCES pages(id),
    stage TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,                       -- done | failed | pending
    error TEXT,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    PRIMARY KEY (page_id, stage)
);

-- Per document and stage (e.g. spreadsheet ledger parsing), like jobs for pages.
CREATE TABLE document_jobs (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    stage TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    PRIMARY KEY (document_id, stage)
);

-- Problems met during work: coded, per file/page/row; nothing is dropped silently.
CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    path TEXT,
    page INTEGER
);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    page_id INTEGER NOT NULL REFERENCES pages(id),
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    x0 REAL, y0 REAL, x1 REAL, y1 REAL,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    role TEXT,
    confidence REAL NOT NULL DEFAULT 1.0,
    extractor TEXT NOT NULL,
    version TEXT NOT NULL
);
CREATE INDEX mentions_page ON mentions(page_id);
CREATE INDEX mentions_label_value ON mentions(label, value);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,     -- person | organisation | account | phone | id_number | place | vehicle | email
    name TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    resolver TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entities_kind ON entities(kind);

CREATE TABLE entity_mentions (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    mention_id INTEGER NOT NULL REFERENCES mentions(id),
    score REAL NOT NULL DEFAULT 1.0,
    reasons TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (entity_id, mention_id)
);
CREATE INDEX entity_mentions_mention ON entity_mentions(mention_id);

CREATE TABLE transactions (
    id INTEGER PRIMARY KEY,
    holder_account TEXT NOT NULL,
    holder_name TEXT,
    time TEXT NOT NULL,
    amount REAL NOT NULL,
    balance REAL,
    currency TEXT NOT NULL DEFAULT 'CNY',
    cp_name TEXT, cp_account TEXT, cp_bank TEXT,
    channel TEXT, memo TEXT, serial TEXT,
    document_id INTEGER REFERENCES documents(id),
    page_id INTEGER REFERENCES pages(id),
    row_bbox TEXT,
    flags TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL DEFAULT '',
    fingerprint TEXT,
    extractor TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transactions_holder_time ON transactions(holder_account, time);
CREATE INDEX transactions_cp ON transactions(cp_account);
CREATE INDEX transactions_page ON transactions(page_id);

-- Rows excluded from the ledger (failed, duplicate, unreadable), kept for the audit.
CREATE TABLE rejected_rows (
    id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    document_id INTEGER, page_id INTEGER, row_index INTEGER,
    data TEXT NOT NULL
);

CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,     -- owns | transfer | family | associate | co_suspect | employer | uses_phone | holds_id | calls
    src_entity INTEGER NOT NULL REFERENCES entities(id),
    dst_entity INTEGER NOT NULL REFERENCES entities(id),
    attrs TEXT NOT NULL DEFAULT '{}',
    evidence TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX relations_src ON relations(src_entity);
CREATE INDEX relations_dst ON relations(dst_entity);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    precision TEXT NOT NULL DEFAULT 'day',
    kind TEXT NOT NULL,
    entities TEXT NOT NULL DEFAULT '[]',
    page_id INTEGER, transaction_id INTEGER,
    text TEXT
);
CREATE INDEX events_time ON events(time);

CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    accounts TEXT NOT NULL DEFAULT '[]',
    persons TEXT NOT NULL DEFAULT '[]',
    amount REAL,
    start TEXT, end TEXT,
    transactions TEXT NOT NULL DEFAULT '[]',
    explanation TEXT NOT NULL DEFAULT '',
    params TEXT NOT NULL DEFAULT '{}'
);

-- The officer's corrections; never overwritten by a re-run, re-applied after each one.
CREATE TABLE curation (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    author TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,   -- merge | split | rename | reject_mention
    payload TEXT NOT NULL
);

-- Append-only, hash-chained.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Full text: one token per CJK character and per digit (see app.core.textnorm.index_tokens).
CREATE VIRTUAL TABLE page_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
"""

# Per OCR line: the words it became (row = page_words `line`, word indexes within that row) and the
# recogniser's confidence, so rows read with low confidence (e.g. statement rows) can be flagged.
M002 = """
CREATE TABLE ocr_lines (
    page_id INTEGER NOT NULL REFERENCES pages(id),
    line INTEGER NOT NULL,
    first_word INTEGER NOT NULL,
    last_word INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (page_id, line, first_word)
) WITHOUT ROWID;
"""

# Cross-source duplicate check looks rows up by fingerprint: without this index every statement row
# scanned the whole ledger (1,300-page dossier: 18 s of the statements stage in SELECTs).
M003 = """
CREATE INDEX transactions_fingerprint ON transactions(fingerprint);
"""

# Statement files and pages: the layout each part (sheet or page run) was read as, so an officer sees at
# once when a file was misread; and per transaction what the row said beyond the ledger columns
# (posting date, merchant order number, amount in the original currency, status text, …) as JSON.
M004 = """
ALTER TABLE transactions ADD COLUMN details TEXT;
CREATE TABLE statement_layouts (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    part TEXT NOT NULL,
    layout TEXT NOT NULL,
    PRIMARY KEY (document_id, part)
) WITHOUT ROWID;
CREATE INDEX transactions_serial ON transactions(serial);
"""

MIGRATIONS: list[str] = [M001, M002, M003, M004]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; returns the resulting version.

    Each step re-reads the version under BEGIN IMMEDIATE, so two processes opening a new case
    at once (the importer and the GUI's reader) never run a migration twice.
    """
    while True:
        if conn.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
            return len(MIGRATIONS)
        conn.execute("BEGIN IMMEDIATE")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= len(MIGRATIONS):
            conn.execute("COMMIT")
            return len(MIGRATIONS)
        try:
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain inner semicolons)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
