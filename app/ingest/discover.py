"""Finding importable files under the paths an officer chose, safely."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import Issue

PAGE_KINDS = {".pdf": "pdf", ".tif": "image", ".tiff": "image", ".png": "image", ".jpg": "image",
              ".jpeg": "image", ".bmp": "image"}
TABLE_KINDS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls",
               ".et": "xls", ".ods": "ods"}
TABLE_DOC_KINDS = ("csv", "xlsx", "xls", "ods")  # documents the statements stage reads as spreadsheets
_MAGIC = [(b"%PDF", "pdf"), (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"II*\x00", "image"),
          (b"MM\x00*", "image"), (b"BM", "image")]


@dataclass(frozen=True)
class Found:
    path: Path
    kind: str  # pdf | image | csv | xlsx | unknown


def display_path(path: Path | str) -> str:
    """A path as valid text (invalid UTF-8 bytes shown as \\xNN) for storage and reports."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def sniff_kind(path: Path) -> str:
    """Decide by content first (a wrong extension is common), then by extension."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return "unreadable"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") and suffix in TABLE_KINDS:
        return "ods" if suffix == ".ods" else "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0") and suffix in TABLE_KINDS:
        return "xls"  # OLE2 compound file: legacy Excel (CCB, CITIC, SPDB export it)
    if suffix in TABLE_KINDS:
        return TABLE_KINDS[suffix]
    if suffix in PAGE_KINDS:
        return PAGE_KINDS[suffix]  # claims to be one; opening it will say what is wrong
    return "unknown"


def _valid_utf8(name: str) -> bool:
    try:
        os.fsencode(name).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def discover(paths: list[str | os.PathLike[str]]) -> tuple[list[Found], list[Issue]]:
    """Files to import, in a stable order; folders recursively. Links leaving a chosen folder are skipped."""
    found: list[Found] = []
    issues: list[Issue] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        real = path.resolve()
        if real in seen:
            return
        seen.add(real)
        kind = sniff_kind(path)
        if kind == "unreadable":
            issues.append(Issue.of("E001", "permission denied or unreadable", display_path(path)))
        elif kind == "unknown":
            issues.append(Issue.of("E002", f"'{path.suffix or 'no extension'}'", display_path(path)))
        else:
            found.append(Found(path, kind))
            if not _valid_utf8(path.name):
                issues.append(Issue.of("E010", "imported; invalid bytes shown as \\xNN", display_path(path)))

    for given in paths:
        root = Path(given)
        if not root.exists():
            issues.append(Issue.of("E001", "no such file or folder", display_path(root)))
            continue
        if root.is_file():
            add(root)
            continue
        real_root = root.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
            dirnames.sort()
            for dirname in list(dirnames):
                sub = Path(dirpath) / dirname
                if sub.is_symlink():
                    issues.append(Issue.of("E008", "link to a folder not followed", display_path(sub)))
            for filename in sorted(filenames):
                path = Path(dirpath) / filename
                if path.is_symlink():
                    try:
                        target = path.resolve(strict=True)
                    except (OSError, RuntimeError):
                        issues.append(Issue.of("E008", "broken or looping link", display_path(path)))
                        continue
                    if not _inside(target, real_root):
                        issues.append(Issue.of("E008", "link points outside the folder", display_path(path)))
                        continue
                if not path.is_file():
                    continue
                add(path)
    return found, issues
