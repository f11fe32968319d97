"""Text normalisation shared by indexing, search and extraction."""

from __future__ import annotations

import unicodedata

# CJK ideographs (incl. ext A and compatibility) and ASCII digits each become their own FTS token.
_CJK_RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)]
_SPLIT_TABLE = {cp: f" {chr(cp)} " for lo, hi in _CJK_RANGES for cp in range(lo, hi + 1)}
_SPLIT_TABLE.update({ord(d): f" {d} " for d in "0123456789"})


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII) and lower case; keeps offsets 1:1 for CJK/ASCII."""
    return unicodedata.normalize("NFKC", text).lower()


def index_tokens(text: str) -> str:
    """Text as FTS tokens: every CJK character and every digit its own token, words stay words.

    SQLite's trigram tokenizer cannot find 1-2 character queries; one token per
    character can, and digit-per-token finds any fragment of an account number.
    """
    return normalise(text).translate(_SPLIT_TABLE)
