"""Opening a case file: owner-only permissions, WAL, migrations, busy handling."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from types import TracebackType

from app.core.errors import CaseLensError, case_fault
from app.store.migrations import MIGRATIONS, migrate

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
    _check_is_case(path)
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
        _check_version(conn, path)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        return conn
    except sqlite3.DatabaseError as exc:
        fault = case_fault(exc, str(path))
        if fault is None and not readonly and not os.access(path.parent, os.W_OK):
            fault = CaseLensError("E024", str(exc), path=str(path))
        if fault is not None:
            raise fault from exc
        code = "E014" if "not a database" in str(exc) or "malformed" in str(exc) else "E013"
        raise CaseLensError(code, str(exc), path=str(path)) from exc
    except OSError as exc:
        raise (case_fault(exc, str(path)) or CaseLensError("E013", str(exc), path=str(path))) from exc


SQLITE_MAGIC = b"SQLite format 3\x00"
_OURS = {"documents", "pages", "audit_log"}


def _check_is_case(path: Path) -> None:
    """E026 for a file that is not a CaseLens case (not SQLite at all, or another program's database);
    an empty file is a case being created."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise (case_fault(exc, str(path)) or CaseLensError("E013", str(exc), path=str(path))) from exc
    if head and head != SQLITE_MAGIC:
        raise CaseLensError("E026", "the file is not a database", path=str(path))


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    """E027 for a case written by a newer CaseLens (more migrations than this one knows); E026 for an SQLite
    file of another program."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        conn.close()
        raise CaseLensError("E027", f"case schema {version}, this CaseLens knows up to {len(MIGRATIONS)}",
                            path=str(path))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and not _OURS <= tables:
        conn.close()
        raise CaseLensError("E026", "an SQLite database of another program", path=str(path))


class transaction:
    """`with transaction(conn):` BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:  # a full disk or a lost drive may refuse the rollback too: the first error counts
                pass


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own check of the file: ["ok"] when sound, else its findings (raises sqlite3.DatabaseError when
    the file cannot even be checked)."""
    return [r[0] for r in conn.execute("PRAGMA integrity_check")]
