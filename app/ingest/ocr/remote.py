"""OCR of one page on another machine: the page travels as a one-page PDF cut from its source, with versions.

The client cuts the page (`page_extract`), the worker OCRs it from those bytes (`ocr_remote_page`) and
returns a plain PageOutcome. The worker needs no shared file system and keeps nothing: the page is read
from memory and the OCR cache is not used there (it would write under the worker's home folder).
"""

from __future__ import annotations

import platform
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.errors import CaseLensError
from app.ingest.ocr.pool import PageOutcome, PageTask, engine_for, ocr_page


@dataclass(frozen=True)
class RemotePage:
    """One page's work: the task (its path only names it), the page as PDF bytes, who must read it."""

    task: PageTask
    extract: bytes
    engine: str
    versions: dict[str, str]


def engine_identity(engine: str = "rapidocr") -> tuple[str, str]:
    """The engine id RapidOcrEngine will carry (model and settings) and a digest of its model files, without
    loading it: the writer checks workers' versions but never OCRs itself (a loaded engine is ~0.9 GB)."""
    if engine not in ("rapidocr", "rapidocr-accurate"):
        return engine_for(engine).name, ""  # type: ignore[attr-defined]
    import hashlib

    from app.ingest.ocr import models
    from app.ingest.ocr.settings import rapidocr_engine_id

    model = models.choose_rec(models.WHEEL.name if engine == "rapidocr-accurate" else None)
    files = model.paths()
    digest = hashlib.sha256()
    for path in files or ():
        digest.update(path.read_bytes())
    second = "+small-second-look" if files else ""  # as RapidOcrEngine names itself with its second looks
    return rapidocr_engine_id(model.name + second), digest.hexdigest()[:16] if files else "wheel"


def node_versions(engine: str = "rapidocr") -> dict[str, str]:
    """What must match between the writer and a worker for their OCR to be the same: CaseLens, the OCR
    engine id (model and settings) and its model files, PyMuPDF (rendering) and the Python minor version."""
    import pymupdf

    import app

    name, models = engine_identity(engine)
    return {"caselens": app.__version__, "engine": name, "models": models, "pymupdf": pymupdf.VersionBind,
            "python": ".".join(platform.python_version_tuple()[:2])}


def page_extract(path: str, number: int, password: str | None = None) -> bytes:
    """Page `number` (1-based) of a PDF or image as a standalone one-page PDF (its images as they are)."""
    import pymupdf

    from app.ingest.textlayer import open_document

    doc = open_document(Path(path), password)
    try:
        if doc.is_pdf:
            one = pymupdf.open()
            try:
                one.insert_pdf(doc, from_page=number - 1, to_page=number - 1)
                return one.tobytes(garbage=3, deflate=True)
            finally:
                one.close()
        return doc.convert_to_pdf(number - 1, number - 1)
    finally:
        doc.close()


def refuse_other_versions(mine: dict[str, str], writer: dict[str, str]) -> None:
    """On a worker: E029 naming every version that differs from the writer's (any kind of remote work)."""
    if mine != writer:
        differ = ", ".join(f"{k} {mine.get(k)} here, {v} on the writer" for k, v in writer.items()
                           if mine.get(k) != v)
        raise CaseLensError("E029", f"{platform.node()}: {differ}")


def ocr_remote_page(work: RemotePage) -> PageOutcome:
    """Run on a worker: refuse (E029) when the versions differ, else OCR the page from its bytes."""
    refuse_other_versions(node_versions(work.engine), work.versions)
    # the worker never sees the source file: the path stays only as the page's name in messages
    return ocr_page(replace(work.task, password=None), work.engine, use_cache=False, extract=work.extract)
