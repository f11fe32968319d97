"""Rendering one page of an imported PDF or image to pixels, for the reader and its thumbnails."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

from app.core.errors import CaseLensError

_OPEN_DOCS = 4  # a few open documents make page turning free; MuPDF documents are not thread-safe
_lock = threading.Lock()
_docs: OrderedDict[str, object] = OrderedDict()


@dataclass(frozen=True)
class RenderedPage:
    """Raw RGB pixels (no alpha) of one page at a zoom; stride is bytes per row."""

    width: int
    height: int
    stride: int
    samples: bytes


def _document(path: str, password: str | None):
    import pymupdf

    doc = _docs.get(path)
    if doc is not None:
        _docs.move_to_end(path)
        return doc
    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # pymupdf raises several types for missing or damaged files
        raise CaseLensError("E001", str(exc).strip() or type(exc).__name__, path=path) from exc
    if doc.needs_pass and not (password and doc.authenticate(password)):
        doc.close()
        raise CaseLensError("E004", "password required", path=path)
    _docs[path] = doc
    while len(_docs) > _OPEN_DOCS:
        _docs.popitem(last=False)[1].close()
    return doc


def _pixmap(path: str | bytes, number: int, zoom: float, password: str | None):
    import pymupdf

    shown = os.fsdecode(path)
    doc = _document(shown, password)
    if not 1 <= number <= doc.page_count:
        raise CaseLensError("E006", f"no page {number}", path=shown, page=number)
    return doc[number - 1].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)


def render_page(path: str | bytes, number: int, zoom: float = 1.0, password: str | None = None) -> RenderedPage:
    """Pixels of 1-based page `number` at `zoom` (1.0 = 72 dpi). Safe to call from any thread."""
    with _lock:
        pix = _pixmap(path, number, zoom, password)
        return RenderedPage(pix.width, pix.height, pix.stride, bytes(pix.samples))


def render_png(path: str | bytes, number: int, zoom: float = 1.0, password: str | None = None) -> bytes:
    """The same page as PNG bytes (exports, thumbnails on disk)."""
    with _lock:
        return _pixmap(path, number, zoom, password).tobytes("png")


def close_all() -> None:
    """Close every cached document (before a file is moved or the case is closed)."""
    with _lock:
        while _docs:
            _docs.popitem()[1].close()
