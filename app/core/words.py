"""Page text laid out from word boxes, so every character offset maps back to a box."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any
from unicodedata import east_asian_width

# One word box: (x0, y0, x1, y1, text, block, line, word), a tuple from PyMuPDF/OCR or a list from JSON.
WordBox = Sequence[Any]


def layout_text(words: Sequence[WordBox]) -> tuple[str, list[int]]:
    """Join words (x0,y0,x1,y1,text,block,line,word) into text: spaces within a line, newlines between lines.

    Returns the text and the start offset of each word. The same function serves
    text-layer and OCR pages, so offsets are reproducible from stored words.
    """
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    prev_line = None
    for w in words:
        line_key = (w[5], w[6])
        if prev_line is not None:
            parts.append(" " if line_key == prev_line else "\n")
            pos += 1
        word = w[4] if isinstance(w[4], str) else str(w[4])
        starts.append(pos)
        parts.append(word)
        pos += len(word)
        prev_line = line_key
    return "".join(parts), starts


def span_bbox(words: Sequence[WordBox], starts: Sequence[int], start: int, end: int
              ) -> tuple[float, float, float, float] | None:
    """Bounding box of the characters [start, end) of the laid-out text; partial words split by character.

    `starts` is sorted (from layout_text), so only the words overlapping the span are visited.
    """
    first = max(0, bisect_right(starts, start) - 1)
    boxes = []
    for i in range(first, len(words)):
        ws = starts[i]
        if ws >= end:
            break
        w = words[i]
        text = str(w[4])
        we = ws + len(text)
        if we <= start or not text:
            continue
        x0, y0, x1, y1 = float(w[0]), float(w[1]), float(w[2]), float(w[3])
        a, b = max(start, ws) - ws, min(end, we) - ws
        if a == 0 and b == len(text):
            boxes.append((x0, y0, x1, y1))
            continue
        # Inside a word, place characters by their typical advance: CJK and full-width characters are
        # about twice as wide as digits and Latin letters ("嫌疑人黄琳丽，1976年" mixes both).
        edges = _advance_edges(text)
        scale = (x1 - x0) / edges[-1]
        boxes.append((x0 + edges[a] * scale, y0, x0 + edges[b] * scale, y1))
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _advance_edges(text: str) -> list[float]:
    """Cumulative advance before each character (and the total) in em: wide characters 1, others 0.55."""
    edges = [0.0]
    for ch in text:
        edges.append(edges[-1] + (1.0 if east_asian_width(ch) in ("W", "F") else 0.55))
    return edges


_JSON = json.JSONEncoder(ensure_ascii=False)


def encode_words(words: Sequence[WordBox]) -> str:
    """Word boxes as compact JSON (coordinates to 0.1 pt) for the page_words table."""
    text = _JSON.encode
    return "[" + ",".join(f"[{w[0]:.1f},{w[1]:.1f},{w[2]:.1f},{w[3]:.1f},{text(str(w[4]))},"
                          f"{int(w[5])},{int(w[6])},{int(w[7])}]" for w in words) + "]"
