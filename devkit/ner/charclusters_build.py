"""Building the character clusters of nlp/ner/charclusters.py from training text (development only: it needs
scikit-learn's k-means and SVD, which the installer leaves out; the shipped model carries the table)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np


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
