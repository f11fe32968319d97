"""Extraction of page texts on another machine: a batch of texts travels with the versions it must be read by.

The extract stage (app.services.stages.extract) sends `ExtractBatch`es when it runs on a cluster; the worker
reads them with the same function as the writing process (nlp.extract.extract_pages) and returns the mention
dicts (or a page's error). Only text travels, and nothing is kept on the worker.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

from app.ingest.ocr.remote import refuse_other_versions


@dataclass(frozen=True)
class ExtractBatch:
    """Pages as (text, statistical) and the versions the writer expects."""

    pages: tuple[tuple[str, bool], ...]
    versions: dict[str, str]
    ner: str = "fast"  # the case's Chinese NER choice (nlp/pipeline.py NER_CHOICES)


def nlp_versions(ner: str = "fast") -> dict[str, str]:
    """What must match between the writer and a worker for their mentions to be the same: CaseLens, the
    pipelines (rules and models, for the NER choice) for both languages and the Python minor version."""
    import app
    from nlp.pipeline import extractor_version

    return {"caselens": app.__version__, "zh": extractor_version("zh", ner), "en": extractor_version("en", ner),
            "python": ".".join(platform.python_version_tuple()[:2])}


def extract_remote(batch: ExtractBatch) -> list:
    """Run on a worker: refuse (E029) when the versions differ, else the batch's mentions, page by page."""
    from nlp.extract import extract_pages

    refuse_other_versions(nlp_versions(batch.ner), batch.versions)
    return extract_pages(list(batch.pages), ner=batch.ner)
