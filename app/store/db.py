"""Opening a case file: owner-only permissions, WAL, migrations, busy handling."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.core.errors import CaseLensError
from app.store.migrations import migrate

BUSY_TIMEOUT_MS = 30_000


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def open_case(path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open (or create, 0600) a case file and migrate it. The writer uses autocommit + explicit BEGIN."""
    path = Path(path)
    try:
        if not path.exists():
            if not create or readonly:
                raise CaseLensError("E013", "no such case file", path=str(path))
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
                os.close(fd)
            except FileExistsError:
                pass  # another process (importer or GUI) created it a moment ago
        conn = _connect(path, readonly=readonly)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        return conn
    except sqlite3.DatabaseError as exc:
        code = "E014" if "not a database" in str(exc) or "malformed" in str(exc) else "E013"
        raise CaseLensError(code, str(exc), path=str(path)) from exc
    except OSError as exc:
        raise CaseLensError("E013", str(exc), path=str(path)) from exc


class transaction:
    """`with transaction(conn):` BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
