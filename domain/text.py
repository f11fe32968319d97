"""Typical advance of a character, in em, for placing characters and words inside a box whose text is known but
whose glyph positions are not (OCR lines and cells, text-layer words).

Wide and full-width characters (CJK, full-width forms, the ideographic space U+3000) take 1 em; other
whitespace 0.35 em and everything else (digits, Latin letters, punctuation) 0.55 em. The space is narrow
because in the proportional fonts statements and records are printed in it is about 0.25-0.35 em, well
below a digit's 0.5-0.55: callers that split a box at its spaces (an OCR line into words, a fused OCR cell
into columns) need the gap no wider than it is, or every word after it lands too far right.
"""

from __future__ import annotations

from unicodedata import east_asian_width

WIDE, SPACE, NARROW = 1.0, 0.35, 0.55


def char_width(ch: str) -> float:
    """Relative advance of one character: wide (CJK, full-width) 1.0, other whitespace 0.35, others 0.55."""
    if east_asian_width(ch) in ("W", "F"):
        return WIDE
    return SPACE if ch.isspace() else NARROW
