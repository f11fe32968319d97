"""The dossier's own table of contents (卷内目录) as page ranges per document, for the case explorer."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.views import CaseView
from app.store.read import pages as read_pages
from nlp.contents import parse_contents, sections


@dataclass(frozen=True)
class ContentsSection:
    """One file of the volume as its contents page lists it: title, issuing unit, date, pages (document numbers)."""

    title: str
    unit: str
    date: str
    first: int
    last: int
    contents_page_id: int


def contents_sections(view: CaseView) -> dict[int, list[ContentsSection]]:
    """Document id -> its sections in page order, from its contents pages (a table spanning pages read as one);
    documents without a readable contents page are left out."""
    pages: dict[int, list[tuple[int, str]]] = {}
    for page_id, document_id, text in read_pages.contents_pages(view.conn()):
        pages.setdefault(document_id, []).append((page_id, text))
    counts = {d["id"]: d["page_count"] or 0 for d in view.documents()}
    out: dict[int, list[ContentsSection]] = {}
    for doc, found in pages.items():
        entries = parse_contents("\n".join(text for _, text in found))
        secs = [ContentsSection(e.title, e.unit, e.date, first, last, found[0][0])
                for e, first, last in sections(entries, counts.get(doc, 0))]
        if secs:
            out[doc] = secs
    return out
