"""Text normalisation shared by indexing, search and extraction."""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs (incl. ext A and compatibility) plus CJK punctuation-free ranges.
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPLIT_RE = re.compile(rf"([{_CJK}0-9])")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII) and lower case; keeps offsets 1:1 for CJK/ASCII."""
    return unicodedata.normalize("NFKC", text).lower()


def index_tokens(text: str) -> str:
    """Text as FTS tokens: every CJK character and every digit its own token, words stay words.

    SQLite's trigram tokenizer cannot find 1-2 character queries; one token per
    character can, and digit-per-token finds any fragment of an account number.
    """
    return _SPLIT_RE.sub(r" \1 ", normalise(text))
