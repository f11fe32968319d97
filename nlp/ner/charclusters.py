"""Character clusters for the linear Chinese NER (feature set 5), learnt from running text (build time only).

Why: hashed n-grams only know character combinations seen in labelled training data; a cluster id per
character (characters that occur in similar left/right contexts: place-name endings, transliteration
syllables, verbs, given-name characters) lets the model generalise to unseen names and places. Built from
the training sentences' text alone (no labels): left/right neighbour counts of the most frequent
characters, positive PMI, truncated SVD, k-means. Shipped as one uint8 per character
(`char_clusters.npz`, a few kB), never as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

FILE = "char_clusters.npz"
UNKNOWN = 255          # characters outside the clustered vocabulary
PAD_CLUSTER = 254


def build(texts: Iterable[str], n_chars: int = 5000, n_context: int = 1500, dims: int = 48,
          k: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(code points, cluster ids) of the n_chars most frequent characters of `texts`."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD

    texts = list(texts)
    freq: Counter = Counter()
    for t in texts:
        freq.update(t)
    vocab = [ch for ch, _ in freq.most_common(n_chars)]
    context = vocab[:n_context]
    vi = {ch: i for i, ch in enumerate(vocab)}
    ci = {ch: i for i, ch in enumerate(context)}
    m = np.zeros((len(vocab), 2 * len(context)), dtype=np.float32)
    for t in texts:
        for a, b in zip(t, t[1:], strict=False):
            ia, ib = vi.get(a), vi.get(b)
            if ia is not None and b in ci:
                m[ia, len(context) + ci[b]] += 1      # right neighbour of a
            if ib is not None and a in ci:
                m[ib, ci[a]] += 1                     # left neighbour of b
    total = m.sum()
    row = m.sum(axis=1, keepdims=True) + 1e-9
    col = m.sum(axis=0, keepdims=True) + 1e-9
    ppmi = np.maximum(np.log(m * total / (row * col) + 1e-12), 0.0).astype(np.float32)
    vec = TruncatedSVD(dims, random_state=seed).fit_transform(ppmi)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    labels = KMeans(k, n_init=3, random_state=seed).fit_predict(vec)
    cps = np.array([ord(ch) for ch in vocab], dtype=np.uint32)
    return cps, labels.astype(np.uint8)


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
