"""Service wrapper for the synthetic dossier generator, so the CLI stays on the services layer.

The generator is development code (devkit/synth, not shipped): it is found at run time, from the installed
packages or from the development checkout this app/ lives in; without it, `caselens synth` says so (E017).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from app.core.errors import CaseLensError

# The development checkout this app/ was loaded from (where devkit/ lives next to it), if it is one.
CHECKOUT = Path(__file__).resolve().parents[2]


def generate_dossier(out_pdf: str | Path, *, pages: int, seed: int = 1, lang: str = "zh", scanned: bool = False,
                     inquiry: bool = False, plant_records: bool = False) -> dict:
    """Write OUT.pdf and OUT.truth.json (and OUT.inquiry.csv/.xlsx); returns the truth document."""
    if pages < 12:
        raise CaseLensError("E017", f"--pages {pages}: a dossier needs at least 12 pages")
    if lang not in ("zh", "en", "mixed"):
        raise CaseLensError("E017", f"--lang {lang}: use zh, en or mixed")
    out = Path(out_pdf)
    if out.suffix.lower() != ".pdf":
        raise CaseLensError("E017", f"{out}: the output must end in .pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_dossier = _generator().write_dossier
    return write_dossier(out, pages=pages, seed=seed, lang=lang, scanned=scanned, inquiry=inquiry,
                         plant_records=plant_records)


def _generator():
    """devkit.synth.dossier, imported by name so the application never depends on development code."""
    try:
        return importlib.import_module("devkit.synth.dossier")
    except ModuleNotFoundError as exc:
        if exc.name not in ("devkit", "devkit.synth", "devkit.synth.dossier"):
            raise
    if (CHECKOUT / "devkit" / "synth" / "dossier.py").is_file():
        sys.path.append(str(CHECKOUT))
        return importlib.import_module("devkit.synth.dossier")
    raise CaseLensError("E017", "synth is a development command: run it from a CaseLens development checkout "
                                "(the devkit package is not installed)")
