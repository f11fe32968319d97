"""Per-character name likelihood buckets (surname-like, given-name-like) counted on NER training data.

Why: the linear NER's character n-grams only know names it has seen; a bucketed "how often is this
character the first / a later character of a PERSON span" generalises to unseen names (梅方权, 江泽民).
One uint8 per code point: high nibble the surname bucket, low nibble the given-name bucket (0-7 by
ratio, UNSEEN for characters absent from the counts). Training uses k-fold tables (nlp/ner/train_linear.py)
so the model never sees a sentence's own names counted in its features.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from nlp.ner.data import Example

EDGES = np.array([0.002, 0.01, 0.03, 0.07, 0.15, 0.3, 0.5])   # ratio -> bucket 0..7
UNSEEN = 8
PRIOR = 5                                                     # added to each character's count
FILE = "name_chars.npz"


def count(items: Iterable[Example]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(all occurrences, first character of a PERSON span, later characters of a PERSON span)."""
    total: Counter[str] = Counter()
    first: Counter[str] = Counter()
    given: Counter[str] = Counter()
    for ex in items:
        total.update(ex.text)
        for s, e, lab in ex.spans:
            if lab == "PERSON":
                first[ex.text[s]] += 1
                given.update(ex.text[s + 1:e])
    return total, first, given


def sparse(items: Iterable[Example], min_count: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """(code points, packed buckets) for characters seen at least min_count times."""
    total, first, given = count(items)
    chars = sorted(ch for ch, n in total.items() if n >= min_count)
    n = np.array([total[ch] for ch in chars], dtype=np.float64) + PRIOR
    s = np.digitize(np.array([first[ch] for ch in chars]) / n, EDGES)
    g = np.digitize(np.array([given[ch] for ch in chars]) / n, EDGES)
    cps = np.array([ord(ch) for ch in chars], dtype=np.uint32)
    return cps, (s * 16 + g).astype(np.uint8)


def dense(cps: np.ndarray, packed: np.ndarray) -> np.ndarray:
    """Lookup table over all code points (UNSEEN in both nibbles where not counted)."""
    table = np.full(0x110000, UNSEEN * 16 + UNSEEN, dtype=np.uint8)
    table[cps] = packed
    table[0] = 0xFF                                            # PAD: its own value
    return table


def table_from(items: Iterable[Example]) -> np.ndarray:
    return dense(*sparse(items))


def save(folder: Path, cps: np.ndarray, packed: np.ndarray, file: str = FILE) -> None:
    np.savez_compressed(Path(folder) / file, cps=cps, packed=packed)


def load(folder: Path, file: str = FILE,
         make_dense: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None) -> np.ndarray | None:
    """The model's packed per-character table (`file`, made dense by `make_dense`), or None for models
    trained without one (feature sets 1-2 here; the name-list table of namelist.py likewise)."""
    path = Path(folder) / file
    if not path.is_file():
        return None
    with np.load(path) as z:
        return (make_dense or dense)(z["cps"], z["packed"])
