"""Where CaseLens keeps its own settings and cache; nothing is written anywhere else."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def app_dir() -> Path:
    """CaseLens's own folder (settings, OCR cache). CASELENS_HOME overrides it."""
    override = os.environ.get("CASELENS_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "CaseLens"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "CaseLens"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "caselens"


def cache_dir() -> Path:
    path = app_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def resources_dir() -> Path:
    """Shipped data (models, samples, i18n); inside the bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
