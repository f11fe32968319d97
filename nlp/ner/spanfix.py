"""Span repairs after decoding: a transliterated PERSON name cut short runs on over its syllables.

Why: per-character decisions end a long foreign name early (赫里斯|坚科, 麦克阿|瑟) where the tail's
characters are ordinary; when a PERSON span is itself mostly transliteration syllables and the text
goes on with more of them, the name goes on too.
"""

from __future__ import annotations

from nlp.ner.features import FOREIGN

MAX_EXTEND = 3          # syllables added at most
_SYLLABLES = frozenset(FOREIGN)


def _foreign(ch: str) -> bool:
    return ch in _SYLLABLES


def extend_transliterations(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """PERSON spans of >= 2 characters, at least two thirds transliteration syllables, take up to
    MAX_EXTEND following syllables that no other span holds."""
    if not spans:
        return spans
    starts = {s for s, _, _ in spans}
    out = []
    for s, e, lab in spans:
        if lab == "PERSON" and e - s >= 2 and 3 * sum(map(_foreign, text[s:e])) >= 2 * (e - s):
            n = e
            while n < len(text) and n - e < MAX_EXTEND and n not in starts and _foreign(text[n]):
                n += 1
            e = n
        out.append((s, e, lab))
    return out
