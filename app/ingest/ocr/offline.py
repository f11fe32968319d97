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
MODEL_RESOLVER = "rapidocr.utils.model_resolver"
ENGINE_BASE = "rapidocr.inference_engine.base"


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


class _LazyConfig:
    """A class attribute that becomes OmegaConf's DictConfig of `table` the first time it is read."""

    def __init__(self, table: dict) -> None:
        self.table, self.config = table, None

    def __get__(self, obj, owner=None):
        if self.config is None:
            from omegaconf import OmegaConf

            self.config = OmegaConf.create(self.table)
        return self.config


def _model_table_read_fast() -> None:
    """RapidOCR reads its 85 kB model table (default_models.yaml: download addresses and language routes) twice
    at import with OmegaConf's pure-Python YAML loader: 0.7 CPU s in every OCR worker, a third of its start-up.
    Here it is read once with PyYAML's C loader; the route lookups take it as plain dicts (as they are
    written), and the download table becomes a DictConfig only if something reads it (CaseLens never
    downloads, so nothing does)."""
    if MODEL_RESOLVER in sys.modules or ENGINE_BASE in sys.modules:
        return
    from importlib.util import find_spec

    spec = find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        return
    path = Path(next(iter(spec.submodule_search_locations))) / "default_models.yaml"
    if not path.is_file():
        return
    import yaml
    from omegaconf import OmegaConf

    table = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    real = OmegaConf.__dict__["load"]

    def load(file_, *args, **kwargs):
        if isinstance(file_, (str, Path)) and Path(file_).resolve() == path.resolve():
            return table
        return real.__func__(file_, *args, **kwargs)

    OmegaConf.load = staticmethod(load)
    try:
        import importlib

        importlib.import_module(MODEL_RESOLVER)
        base = importlib.import_module(ENGINE_BASE)
    finally:
        OmegaConf.load = real
    base.InferSession.model_info = _LazyConfig(table)


def install() -> None:
    """Register the stand-ins (idempotent); a real module already imported is left alone. Then import
    RapidOCR's model table the fast way (_model_table_read_fast)."""
    if DOWNLOADER not in sys.modules:
        mod = types.ModuleType(DOWNLOADER, __doc__)
        mod.DownloadFile, mod.DownloadFileInput = DownloadFile, DownloadFileInput
        sys.modules[DOWNLOADER] = mod
    if LOADER not in sys.modules:
        mod = types.ModuleType(LOADER, __doc__)
        mod.LoadImage, mod.LoadImageError, mod.InputType = LoadImage, LoadImageError, Any
        sys.modules[LOADER] = mod
    _model_table_read_fast()
