"""OCR results cached by page-image hash in CaseLens's own cache folder: the same image is never OCR'd twice."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from app.core.paths import cache_dir
from app.ingest.ocr.types import OcrResult


def _slug(engine: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", engine)


def cache_path(engine: str, digest: str, root: Path | None = None) -> Path:
    base = root if root is not None else cache_dir() / "ocr"
    return base / _slug(engine) / digest[:2] / f"{digest}.json"


def load(engine: str, digest: str, root: Path | None = None) -> OcrResult | None:
    """The cached result for this engine (name includes version and settings) and image, if any."""
    path = cache_path(engine, digest, root)
    try:
        with open(path, encoding="utf-8") as fh:
            return OcrResult.from_json(json.load(fh))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: OCR again


def store(engine: str, digest: str, result: OcrResult, root: Path | None = None) -> None:
    """Write atomically (temp file + rename), owner-only; concurrent workers may race harmlessly."""
    path = cache_path(engine, digest, root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(result.to_json(), fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        pass  # a full or read-only cache must not fail the OCR itself
