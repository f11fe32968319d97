"""A precinct batch's dossiers, its small state file and its summary (JSON and CSV) in the cases folder."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from app.core.errors import CaseLensError
from app.ingest.discover import PAGE_KINDS, display_path

STATE_FILE = "batch-state.json"
SUMMARY_JSON = "batch-summary.json"
SUMMARY_CSV = "batch-summary.csv"
UNPACKED = ".unpacked"  # archives given as dossiers are unpacked here, once, inside the cases folder
COLUMNS = ["dossier", "pages", "ocr_pages", "transactions", "people", "alerts", "problems", "minutes", "status",
           "case", "error"]


@dataclass(frozen=True)
class Dossier:
    """One dossier of the batch: its name (the case file's stem) and what to import (a folder or a file)."""

    name: str
    source: Path


@dataclass
class DossierRow:
    """One line of the batch summary."""

    dossier: str
    case: str
    pages: int = 0
    ocr_pages: int = 0
    transactions: int = 0
    people: int = 0
    alerts: int = 0
    problems: int = 0
    minutes: float = 0.0
    status: str = "pending"  # pending | done | failed | cancelled
    error: str = ""


def find_dossiers(root: Path) -> list[Dossier]:
    """Every sub-folder of ROOT, and every PDF, image or ZIP archive at its top level, in name order;
    two dossiers that would share a case name get -2, -3 … appended."""
    if not root.is_dir():
        raise CaseLensError("E001", "not a folder of dossiers", path=display_path(root))
    dossiers: list[Dossier] = []
    used: set[str] = set()
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        suffix = entry.suffix.lower()
        if not (entry.is_dir() or (entry.is_file() and (suffix in PAGE_KINDS or suffix == ".zip"))):
            continue
        base = display_path(entry.name if entry.is_dir() else entry.stem)
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.lower())
        dossiers.append(Dossier(name, entry))
    return dossiers


def unpack(archive: Path, cases_dir: Path, name: str) -> Path:
    """A ZIP dossier unpacked (once) under CASES_DIR/.unpacked/NAME; member paths cannot leave that folder."""
    target = cases_dir / UNPACKED / name
    done = target / ".complete"
    if done.exists():
        return target
    try:
        with zipfile.ZipFile(archive) as zf:
            size = sum(i.file_size for i in zf.infolist())
            free = os.statvfs(cases_dir).f_bavail * os.statvfs(cases_dir).f_frsize if hasattr(os, "statvfs") else size
            if size > free:
                raise CaseLensError("E022", f"unpacking needs {size / 1e6:,.0f} MB", path=display_path(archive))
            zf.extractall(target)  # ZipFile drops absolute paths and '..' from member names
    except (zipfile.BadZipFile, OSError) as exc:
        raise CaseLensError("E003", f"archive cannot be unpacked: {exc}", path=display_path(archive)) from exc
    done.touch()
    return target


def _write_atomic(path: Path, text: str) -> None:
    """Temp file, fsync, rename: after a power cut the file is the old one or the new one, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_state(cases_dir: Path) -> dict[str, DossierRow]:
    """The rows of an earlier run of this batch (empty for a new one or an unreadable state file)."""
    try:
        data = json.loads((cases_dir / STATE_FILE).read_text(encoding="utf-8"))
        return {r["dossier"]: DossierRow(**r) for r in data.get("dossiers", [])}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def save_state(cases_dir: Path, root: Path, rows: list[DossierRow]) -> None:
    """The state file and both summaries, rewritten after every dossier."""
    data = {"root": display_path(root.absolute()), "dossiers": [asdict(r) for r in rows]}
    _write_atomic(cases_dir / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1))
    _write_atomic(cases_dir / SUMMARY_JSON, json.dumps([{c: asdict(r)[c] for c in COLUMNS} for r in rows],
                                                       ensure_ascii=False, indent=1))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([asdict(r)[c] for c in COLUMNS])
    _write_atomic(cases_dir / SUMMARY_CSV, out.getvalue())
