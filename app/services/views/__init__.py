"""The read model: what the window, the reports and the exports read from a case, and nothing else reads it.

This module: documents, pages, renders, mentions, entities and search (CaseView, one connection per thread).
facts (ledger, relations, timelines), graph (the relationship graph; algorithms in app.analysis), summary,
alerts, contents: the window's views; model: the case's facts for a selection and a time window as typed records
(the reports and exports write from it). Every SQL statement they run lives in app/store/read/."""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from dataclasses import dataclass, replace

from app.core.models import SearchHit
from app.core.words import layout_text
from app.ingest.render_page import RenderedPage, close_all, render_page, render_png
from app.services.case import open_reader
from app.store.read import entities as read_entities
from app.store.read import facts as read_facts
from app.store.read import pages as read_pages
from app.store.read.facts import TX_COLUMNS, TxFilter  # noqa: F401 - the read model's filter, for the UI
from app.store.search import locate, parse_query, search_pages

# Entity kinds the reader and graph show, and the mention labels that map onto them.
GRAPH_KINDS = ("person", "organisation", "account", "phone", "id_number")


@dataclass(frozen=True)
class PageView:
    """Everything the reader needs to show one page (text, word boxes, size, type)."""

    id: int
    document_id: int
    document_name: str
    number: int
    page_count: int
    width: float
    height: float
    text: str
    words: list[list]
    word_starts: list[int]
    page_type: str | None
    text_source: str
    status: str
    rotation: int = 0      # the page's /Rotate for text-layer pages; OCR pages: how the text lies on the scan
    turn: int = 0          # OCR pages: clockwise degrees that make the scan upright; width, height and words
    #                        are then those of the upright page (the reader turns the image to match)

    def display_box(self, box):
        """A box as stored (unrotated points of a /Rotate page, or scan points of a turned scan) in the points
        of the page as the reader shows it."""
        if box is None:
            return box
        if self.text_source == "layer" and self.rotation % 360:
            return to_display(box, self.rotation, self.width, self.height)
        if self.turn:
            return to_display(box, self.turn, self.width, self.height)
        return box


def flag_names(flags: list) -> list[str]:
    """Flag codes of a ledger row; entries may be plain codes or dicts (a suggested fix with its evidence)."""
    names = [f if isinstance(f, str) else str(f.get("flag", "")) for f in flags or [] if isinstance(f, (str, dict))]
    return list(dict.fromkeys(n for n in names if n))


def flag_notes(flags: list) -> list[str]:
    """Human-readable details carried by dict flags (e.g. a suggested sign fix and why)."""
    notes = []
    for f in flags or []:
        if isinstance(f, dict):
            change = f"{f.get('field', '')}: {f.get('old', '')} → {f.get('new', '')}" if "new" in f else ""
            notes.append(" — ".join(x for x in (str(f.get("kind", "")), change, str(f.get("evidence", ""))) if x))
    return notes


def to_display(box, rotation: int, width: float, height: float) -> tuple[float, float, float, float]:
    """Map (x0, y0, x1, y1) from the unrotated page to the page as rendered (width, height: the rotated size).

    PyMuPDF reports words in unrotated coordinates but renders the page turned by its /Rotate.
    """
    x0, y0, x1, y1 = box[:4]
    turn = rotation % 360
    if turn == 90:
        pts = ((width - y0, x0), (width - y1, x1))
    elif turn == 180:
        pts = ((width - x0, height - y0), (width - x1, height - y1))
    elif turn == 270:
        pts = ((y0, height - x0), (y1, height - x1))
    else:
        return (x0, y0, x1, y1)
    (ax, ay), (bx, by) = pts
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


class CaseView:
    """A read-only window on one case; one SQLite connection per thread, so workers can query too."""

    def __init__(self, case: str | os.PathLike[str]):
        self.case = str(case)
        self._local = threading.local()
        self._all: list = []
        self._guard = threading.Lock()
        self.conn()  # fail early (coded error) when the case cannot be opened

    def conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = open_reader(self.case)
            self._local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                try:
                    conn.close()
                except Exception:  # a connection of a finished thread; nothing to save
                    pass
            self._all.clear()
        self._local = threading.local()
        close_all()  # the page renderer's cached source documents: the case is closed, its files may move

    # -- documents and pages ---------------------------------------------------------------------
    def documents(self) -> list[dict]:
        return read_pages.documents(self.conn())

    def pages(self, document_id: int | None = None) -> list[dict]:
        return read_pages.pages(self.conn(), document_id)

    def first_page_id(self) -> int | None:
        return read_pages.first_page_id(self.conn())

    def page_id_at(self, document_id: int, number: int) -> int | None:
        return read_pages.page_id_at(self.conn(), document_id, number)

    def neighbour_page(self, page_id: int, step: int) -> int | None:
        """The page `step` pages away in reading order (across documents), or None at either end."""
        return read_pages.neighbour_page(self.conn(), page_id, step)

    def page(self, page_id: int) -> PageView | None:
        row = read_pages.page_with_words(self.conn(), page_id)
        if row is None:
            return None
        words = json.loads(row["words"]) if row["words"] else []
        _, starts = layout_text(words)
        rotation = int(row["rotation"] or 0) % 360
        turn = (360 - rotation) % 360 if row["text_source"] == "ocr" else 0
        width, height = row["width"] or 595.0, row["height"] or 842.0
        if turn in (90, 270):
            width, height = height, width
        view = PageView(row["id"], row["document_id"], row["document_name"], row["number"], row["page_count"],
                        width, height, row["text"], words, starts, row["page_type"], row["text_source"],
                        row["status"], rotation, turn)
        if (view.text_source == "layer" and rotation) or turn:  # word boxes where the reader shows them
            return replace(view, words=[[*view.display_box(w), *w[4:]] for w in words])
        return view

    def _source(self, page_id: int) -> tuple[bytes | str, int]:
        """The page's source file as it can be read now (moved files found by name and hash; E021 if not)."""
        from app.services.sources import resolve

        row = read_pages.place(self.conn(), page_id)
        if row is None:
            from app.core.errors import CaseLensError

            raise CaseLensError("E006", f"no page id {page_id}")
        return resolve(self.conn(), self.case, row["document_id"]), row["number"]

    def document_of(self, page_id: int) -> int | None:
        row = read_pages.place(self.conn(), page_id)
        return row[0] if row else None

    def render(self, page_id: int, zoom: float = 1.0) -> RenderedPage:
        path, number = self._source(page_id)
        return render_page(path, number, zoom)

    def render_png(self, page_id: int, zoom: float = 1.0) -> bytes:
        path, number = self._source(page_id)
        return render_png(path, number, zoom)

    def page_types(self) -> list[str]:
        return read_pages.page_types(self.conn())

    # -- mentions and entities -------------------------------------------------------------------
    def mentions(self, page_id: int) -> list[dict]:
        """Mentions on a page with the entity each belongs to (if resolved); rejected ones left out."""
        return read_entities.page_mentions(self.conn(), page_id)

    def flagged_rows(self, page_id: int) -> list[dict]:
        """Statement rows on a page that validation flagged (balance mismatch, unreadable, …)."""
        return read_facts.flagged_rows(self.conn(), page_id)

    def page_transactions(self, page_id: int) -> list[dict]:
        return read_facts.page_transactions(self.conn(), page_id)

    def entities(self, kinds: list[str] | tuple[str, ...] | None = None) -> list[dict]:
        """Entities with mention counts, the most frequent role (and all roles), and the holder of each account."""
        rows = read_entities.entities_counted(self.conn(), kinds)
        roles: dict[int, Counter] = {}
        for entity_id, role in read_entities.mention_roles(self.conn()):
            roles.setdefault(entity_id, Counter())[role] += 1
        holders: dict[int, str] = {}
        for entity_id, name in read_entities.account_holder_names(self.conn()):
            holders.setdefault(entity_id, name)
        for r in rows:
            attrs = json.loads(r["attrs"] or "{}")
            r["attrs"] = attrs
            r["role"] = attrs.get("role") or (roles[r["id"]].most_common(1)[0][0] if r["id"] in roles else "")
            stated = [attrs.get("role"), *(attrs.get("roles") or []), *roles.get(r["id"], Counter())]
            r["roles"] = sorted({x for x in stated if isinstance(x, str) and x})  # every role the records give
            r["holder"] = holders.get(r["id"]) or attrs.get("holder") or ""
        return rows

    def entity(self, entity_id: int) -> dict | None:
        return read_entities.entity(self.conn(), entity_id)

    def entity_mentions(self, entity_id: int) -> list[dict]:
        """Where an entity is mentioned: page, span and box, in reading order."""
        return read_entities.entity_mentions(self.conn(), entity_id)

    def entity_by_value(self, text: str) -> int | None:
        return read_entities.entity_by_name(self.conn(), text)

    # -- search ----------------------------------------------------------------------------------
    def search(self, query: str, *, document_id: int | None = None, page_type: str | None = None,
               date_from: str | None = None, date_to: str | None = None, limit: int = 200) -> list[SearchHit]:
        """Full-text hits; a date range keeps pages carrying a dated event or date mention inside it."""
        hits = search_pages(self.conn(), query, limit=limit, document_id=document_id, page_type=page_type)
        if not (date_from or date_to):
            return hits
        lo, hi = date_from or "0000", (date_to or "9999") + "\uffff"
        dated = read_pages.dated_pages(self.conn(), lo, hi)
        return [h for h in hits if h.page_id in dated]

    @staticmethod
    def hit_spans(text: str, query: str) -> list[tuple[int, int]]:
        """Char spans of a query's terms in a page text (search hits highlighted in place)."""
        return locate(text, parse_query(query))
