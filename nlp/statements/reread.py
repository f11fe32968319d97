"""Statement rows an OCR re-read should look at, and which reading of a re-read row to keep.

A scanned row is doubtful when a check flags it (its balance does not chain, a date or amount could not be
read, an account is one digit off) or when OCR read one of its figures with low confidence. The import
re-reads a doubtful row's OCR lines with the surer recogniser (app.services.reread_rows) and parses the
document again; `verdict` then says which reading is stored. A re-read never clears a doubt it cannot
resolve: the new reading is kept only when it makes the row consistent, otherwise the row stays flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Flags that say a row's OCR may be wrong (an OCR slip explains them); a re-read may clear these, no other.
DOUBT_FLAGS = frozenset({
    "balance_break", "suggested_fix", "bad_date", "missing_date", "bad_amount", "missing_amount", "bad_balance",
    "bad_time", "account_variant", "holder_account_variant", "bad_currency", "date_order", "name_variant",
})
LOW_CONFIDENCE = 0.90  # an OCR line holding a digit read below this mean confidence makes its row doubtful
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3400-\u9fff]")
# A lone digit glued to a Chinese word (`/3张玲`, `张玲3`): what the tiny recogniser can invent from a stroke or a
# separator at a confident score; an account or amount fused with a name (`马英雪6222…`) is a run, not lone.
_LONE_DIGIT = re.compile(r"(?<![\d.,:-])\d(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\d(?![\d.,:/-])")

# What a re-read did to a row (app/ui/names.py FLAGS names them for the officer).
FIXED = "reread_fixed"  # the surer recogniser's reading is stored; it made the row consistent
NO_HELP = "reread_no_help"  # re-read, but the surer reading did not resolve the doubt: the row stays flagged
DISAGREES = "reread_disagrees"  # both readings consistent but different: the surer one is stored, flagged


@dataclass(frozen=True)
class OcrSpan:
    """One OCR line of a page as stored: its words (row, first..last), box in page points, text, confidence."""

    row: int
    first: int
    last: int
    confidence: float
    box: tuple[float, float, float, float]
    text: str


def page_spans(words: Sequence[Sequence[Any]], spans: Sequence[Sequence[Any]]) -> list[OcrSpan]:
    """The page's OCR lines (ocr_lines rows: line, first word, last word, confidence) with the box and text
    of the words each became; a line whose words are not on the page is left out."""
    by_key = {(int(w[6]), int(w[7])): w for w in words if len(w) > 7}
    out: list[OcrSpan] = []
    for row, first, last, confidence in spans:
        found = [by_key.get((row, k)) for k in range(first, last + 1)]
        ws = [w for w in found if w is not None]
        if not ws or len(ws) != len(found):
            continue
        box = (min(float(w[0]) for w in ws), min(float(w[1]) for w in ws),
               max(float(w[2]) for w in ws), max(float(w[3]) for w in ws))
        out.append(OcrSpan(row, first, last, float(confidence), box, " ".join(str(w[4]) for w in ws)))
    return out


def spans_in(bbox: Sequence[float] | None, spans: Sequence[OcrSpan]) -> list[OcrSpan]:
    """The OCR lines whose centre lies inside a row's box (page points, as stored)."""
    if not bbox:
        return []
    x0, y0, x1, y1 = bbox
    return [s for s in spans if x0 - 1 <= (s.box[0] + s.box[2]) / 2 <= x1 + 1
            and y0 - 1 <= (s.box[1] + s.box[3]) / 2 <= y1 + 1]


def doubt_flags(flags: Sequence[str]) -> list[str]:
    return [f for f in flags if f in DOUBT_FLAGS]


def is_doubtful(flags: Sequence[str], spans: Sequence[OcrSpan], low: float = LOW_CONFIDENCE) -> bool:
    """A row to re-read: a check doubts it, OCR read a figure or a name on it (a line with a digit or a Chinese
    character) with low confidence, or a line holds a lone digit glued to a Chinese word. A name no check can
    test (one counterparty, one row) is only caught here: read differently by the surer recogniser, it is
    flagged (DISAGREES) instead of stored wrong in silence."""
    return bool(doubt_flags(flags)) or any(
        s.confidence < low and (_DIGIT.search(s.text) or _CJK.search(s.text)) or _LONE_DIGIT.search(s.text)
        for s in spans)


def verdict(old_flags: Sequence[str], old_fields: dict[str, Any], new_flags: Sequence[str] | None,
            new_fields: dict[str, Any] | None) -> str | None:
    """Which reading of a re-read row to store: FIXED or DISAGREES (the new one), NO_HELP (the old one,
    flagged), or None (the readings agree: nothing to say). new_* is None when the re-read changed nothing."""
    if new_fields is None or _same(old_fields, new_fields):
        return NO_HELP if doubt_flags(old_flags) else None
    if doubt_flags(new_flags or ()):
        return NO_HELP  # the surer reading is no more consistent: the old reading stays, flagged
    return FIXED if doubt_flags(old_flags) else DISAGREES


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = (set(a) | set(b)) - {"details"}
    return all(a.get(k) == b.get(k) for k in keys)


def changed_fields(old_fields: dict[str, Any], new_fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [old, new] where a re-read changed it (for the row's details, as the officer sees them)."""
    keys = sorted((set(old_fields) | set(new_fields)) - {"details"})
    return {k: [_shown(old_fields.get(k)), _shown(new_fields.get(k))] for k in keys
            if old_fields.get(k) != new_fields.get(k)}


def _shown(value: object) -> object:
    return value if value is None or isinstance(value, str | int | float) else str(value)
