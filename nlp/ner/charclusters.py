"""Character clusters for the linear Chinese NER (feature set 5), learnt from running text (build time only).

Why: hashed n-grams only know character combinations seen in labelled training data; a cluster id per
character (characters that occur in similar left/right contexts: place-name endings, transliteration
syllables, verbs, given-name characters) lets the model generalise to unseen names and places. Built from
the training sentences' text alone (no labels): left/right neighbour counts of the most frequent
characters, positive PMI, truncated SVD, k-means. Shipped as one uint8 per character
(`char_clusters.npz`, a few kB), never as text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

FILE = "char_clusters.npz"
UNKNOWN = 255          # characters outside the clustered vocabulary
PAD_CLUSTER = 254


def dense(cps: np.ndarray, ids: np.ndarray) -> np.ndarray:
    table = np.full(0x110000, UNKNOWN, dtype=np.uint8)
    table[cps] = ids
    table[0] = PAD_CLUSTER
    return table


def save(folder: Path, cps: np.ndarray, ids: np.ndarray) -> None:
    np.savez_compressed(Path(folder) / FILE, cps=cps, ids=ids)


def load(folder: Path) -> np.ndarray | None:
    path = Path(folder) / FILE
    if not path.is_file():
        return None
    with np.load(path) as z:
        return dense(z["cps"], z["ids"])
