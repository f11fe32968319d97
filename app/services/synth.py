"""Service wrapper for the synthetic dossier generator, so the CLI stays on the services layer."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import CaseLensError


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
    from app.synth.dossier import write_dossier

    return write_dossier(out, pages=pages, seed=seed, lang=lang, scanned=scanned, inquiry=inquiry,
                         plant_records=plant_records)
