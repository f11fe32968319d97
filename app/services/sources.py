"""Where a case's source files are now: a case opened from another folder, or whose files were moved.

A document is stored with the absolute path it was imported from (older cases may hold a relative
one). When that path no longer holds the file, the same name is looked for beside the case file and
in the folders the officer pointed to before; a candidate is accepted only when its SHA-256 is the
one recorded at import. Found nowhere: E021 names the file, and `relocate` takes the officer's
answer (the window's Locate… button), checks its hash and records the new place in the audit log.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from app.core.errors import CaseLensError
from app.ingest.hashing import sha256_file
from app.store import audit
from app.store.db import transaction
from app.store.documents import (
    document_source,
    missing_source_candidates,
    other_document_ids,
    set_document_path,
)

_checked: dict[tuple[str, int], str] = {}  # (case, document id) -> a path whose hash was verified
_lock = threading.Lock()


def _stored_path(path_raw: bytes | None, path: str) -> Path:
    return Path(os.fsdecode(path_raw)) if path_raw else Path(path)


def resolve(conn, case: str | os.PathLike[str], document_id: int) -> str:
    """The path to read document `document_id` from now; E021 when it is nowhere to be found."""
    key = (str(case), document_id)
    with _lock:
        if key in _checked and Path(_checked[key]).is_file():
            return _checked[key]
    row = document_source(conn, document_id)
    if row is None:
        raise CaseLensError("E006", f"no document id {document_id}")
    stored = _stored_path(row["path_raw"], row["path"])
    if stored.is_absolute() and stored.is_file():
        return str(stored)
    here = Path(case).resolve().parent
    candidates = [Path.cwd() / stored, here / stored] if not stored.is_absolute() else []
    candidates += [here / stored.name, *(Path(folder) / stored.name for folder in missing_source_candidates(conn))]
    for candidate in candidates:
        if candidate.is_file() and sha256_file(candidate) == row["sha256"]:
            with _lock:
                _checked[key] = str(candidate)
            return str(candidate)
    raise CaseLensError("E021", f"{row['name']} was imported from {row['path']}", path=row["path"])


def relocate(case: str | os.PathLike[str], document_id: int, new_path: str | os.PathLike[str]) -> int:
    """Record that document `document_id` is now at `new_path` (its SHA-256 must match: E015 if not), and
    look in the same folder for the case's other missing files. Returns how many documents were found."""
    from app.services.case import open_writer

    new_path = Path(new_path).resolve()
    conn = open_writer(case)
    try:
        row = document_source(conn, document_id)
        if row is None:
            raise CaseLensError("E006", f"no document id {document_id}")
        if sha256_file(new_path) != row["sha256"]:
            raise CaseLensError("E015", f"{new_path} is not the file imported as {row['name']}", path=str(new_path))
        moved = [(document_id, new_path)]
        for other in other_document_ids(conn, document_id):
            try:
                resolve(conn, case, other)
            except CaseLensError:
                info = document_source(conn, other)
                candidate = new_path.parent / _stored_path(info["path_raw"], info["path"]).name
                if candidate.is_file() and sha256_file(candidate) == info["sha256"]:
                    moved.append((other, candidate))
        with transaction(conn):
            for doc_id, path in moved:
                set_document_path(conn, doc_id, str(path), os.fsencode(path))
                audit.append(conn, "relocate", {"document_id": doc_id, "path": str(path)})
        with _lock:
            for doc_id, path in moved:
                _checked[(str(case), doc_id)] = str(path)
        return len(moved)
    finally:
        conn.close()
