"""Search for the CLI and UI: read-only, safe while an import writes."""

from __future__ import annotations

import os

from app.core.models import SearchHit
from app.services.case import open_reader
from app.store.search import search_pages


def search(case: str | os.PathLike[str], query: str, *, limit: int = 20, offset: int = 0,
           document_id: int | None = None, page_type: str | None = None, rank: bool = False) -> list[SearchHit]:
    conn = open_reader(case)
    try:
        return search_pages(conn, query, limit=limit, offset=offset, document_id=document_id, page_type=page_type,
                            rank=rank)
    finally:
        conn.close()
