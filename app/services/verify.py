"""Checking a case is still trustworthy: source files unchanged, audit chain intact, database sound."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import CaseLensError, Issue
from app.ingest.hashing import sha256_file
from app.store import audit
from app.store.db import integrity_problems, open_case
from app.store.documents import recorded_sources


@dataclass
class VerifyReport:
    """What `caselens verify` found: every problem as a coded issue, and what was checked."""

    case: str
    sources_checked: int = 0
    sources_ok: int = 0
    audit_entries: int = 0
    integrity: str = ""
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


def _source_path(row: sqlite3.Row) -> str | bytes:
    return os.fsdecode(row["path_raw"]) if row["path_raw"] is not None else row["path"]


def _check_sources(conn: sqlite3.Connection, report: VerifyReport) -> None:
    for row in recorded_sources(conn):
        report.sources_checked += 1
        path = Path(_source_path(row))
        try:
            digest = sha256_file(path)
        except FileNotFoundError:
            report.issues.append(Issue.of("E015", "file is missing", row["path"]))
            continue
        except OSError as exc:
            report.issues.append(Issue.of("E015", f"file cannot be read: {exc.strerror or exc}", row["path"]))
            continue
        if digest != row["sha256"]:
            report.issues.append(Issue.of("E015", f"SHA-256 is {digest[:16]}…, recorded {row['sha256'][:16]}…",
                                          row["path"]))
        else:
            report.sources_ok += 1


def verify_case(case: str | os.PathLike[str], *, check_sources: bool = True) -> VerifyReport:
    """Re-hash every recorded source (E015), check the audit chain (E016) and PRAGMA integrity_check (E014)."""
    path = Path(case)
    if not path.is_file():
        raise CaseLensError("E013", "no such case file", path=str(path))
    conn = open_case(path, readonly=True)
    report = VerifyReport(str(path))
    try:
        try:
            rows = integrity_problems(conn)
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        report.integrity = "ok" if rows == ["ok"] else "; ".join(rows[:20])
        if report.integrity != "ok":
            report.issues.append(Issue.of("E014", report.integrity, str(path)))
        try:
            report.audit_entries = audit.entry_count(conn)
            for problem in audit.verify_chain(conn):
                report.issues.append(Issue.of("E016", problem, str(path)))
            if check_sources:
                _check_sources(conn, report)
        except sqlite3.DatabaseError as exc:
            report.issues.append(Issue.of("E014", str(exc), str(path)))
    finally:
        conn.close()
    return report
