"""Stand-ins for RapidOCR's downloader and image loader, so requests/urllib3 are never imported (no socket at all).

RapidOCR's model modules import `utils.download_file` (requests, tqdm) and `utils.vis_res` imports
`utils.load_image` (requests); urllib3 opens an IPv6 socket at import to probe ::1. CaseLens uses the
models shipped in the wheel and passes numpy images, so neither module is needed: registering these
stubs in sys.modules before any rapidocr submodule loads keeps the whole network stack out of the process.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import CaseLensError

DOWNLOADER = "rapidocr.utils.download_file"
LOADER = "rapidocr.utils.load_image"


@dataclass
class DownloadFileInput:
    file_url: str
    save_path: Any
    logger: Any
    sha256: str | None = None
    verbose: bool = True


class DownloadFile:
    """Never downloads: a model file that is not already on disk is an error (E009)."""

    @classmethod
    def run(cls, params: DownloadFileInput) -> None:
        if not Path(params.save_path).exists():
            raise CaseLensError("E009", f"OCR model file missing: {params.save_path} (CaseLens never downloads)")


class LoadImage:
    """RapidOCR's path/URL/bytes loader is never used: CaseLens passes decoded numpy images."""

    def __call__(self, *args, **kwargs):
        raise CaseLensError("E009", "RapidOCR's image loader is disabled in CaseLens")


class LoadImageError(Exception):
    pass


def install() -> None:
    """Register the stand-ins (idempotent); a real module already imported is left alone."""
    if DOWNLOADER not in sys.modules:
        mod = types.ModuleType(DOWNLOADER, __doc__)
        mod.DownloadFile, mod.DownloadFileInput = DownloadFile, DownloadFileInput
        sys.modules[DOWNLOADER] = mod
    if LOADER not in sys.modules:
        mod = types.ModuleType(LOADER, __doc__)
        mod.LoadImage, mod.LoadImageError, mod.InputType = LoadImage, LoadImageError, Any
        sys.modules[LOADER] = mod
