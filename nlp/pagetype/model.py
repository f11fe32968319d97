"""Page-type classifier: char 1-3-gram hashing features plus layout cues, logistic regression.

classify_pages(texts, words=None) -> [(label, confidence)] for a batch of pages. Word boxes, when
given, are ``[x0, y0, x1, y1, text, ...]`` lists as stored in page_words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # scikit-learn and SciPy load lazily and ship no type hints (Any to the checker)
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression

# A page's word boxes as stored in page_words: [x0, y0, x1, y1, text, ...].
PageWords = list[list[Any]]

MODEL_FILE = Path(__file__).resolve().parents[2] / "resources" / "models" / "pagetype" / "pagetype.joblib"
N_FEATURES = 2 ** 16
MAX_CHARS = 3000  # a page's first characters carry its type; keeps features cheap on dense pages
_DIGIT = re.compile(r"\d")
_QA = re.compile(r"^\s*[问答][:：]", re.M)


class ModelVersionError(RuntimeError):
    """The shipped model was saved with a different scikit-learn version."""


def model_file() -> Path:
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources" / "models" / "pagetype" / "pagetype.joblib"
    return MODEL_FILE


def _vectorizer() -> HashingVectorizer:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=N_FEATURES, alternate_sign=False,
                             norm="l2", lowercase=False)


def _table_score(words: PageWords) -> float:
    """Share of words whose left edge is shared (within 3 pt) by words on at least 3 other lines."""
    if not words:
        return 0.0
    lines_at: dict[int, set[int]] = {}
    for w in words:
        lines_at.setdefault(round(float(w[0]) / 3), set()).add(round(float(w[1]) / 3))
    aligned = sum(1 for w in words if len(lines_at[round(float(w[0]) / 3)]) >= 4)
    return aligned / len(words)


def layout_features(text: str, words: PageWords | None) -> list[float]:
    """Digit ratio, length, line shape, Q/A density, and (if word boxes are given) table-ness."""
    text = text or ""
    n = max(1, len(text))
    lines = [ln for ln in text.split("\n") if ln.strip()]
    nl = max(1, len(lines))
    short = sum(1 for ln in lines if len(ln.strip()) <= 12) / nl
    per_line_tokens = sum(len(ln.split()) for ln in lines) / nl
    has_words = 1.0 if words else 0.0
    return [
        len(_DIGIT.findall(text)) / n,
        math.log1p(len(text)) / 8,
        math.log1p(len(lines)) / 4,
        short,
        min(per_line_tokens, 10) / 10,
        len(_QA.findall(text)) / nl,
        1.0 if not text.strip() else 0.0,
        has_words,
        _table_score(words) if words else 0.0,
        math.log1p(len(words)) / 7 if words else 0.0,
    ]


def featurize(texts: list[str], words: Sequence[PageWords | None] | None = None) -> csr_matrix:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack

    cut = [(t or "")[:MAX_CHARS] for t in texts]
    grams = _vectorizer().transform(cut)
    ws: Sequence[PageWords | None] = words or [None] * len(texts)
    lay = np.array([layout_features(t, w) for t, w in zip(cut, ws, strict=True)], dtype=float)
    return hstack([grams, csr_matrix(lay * 2.0)]).tocsr()


def train_model(texts: list[str], labels: list[str], words: Sequence[PageWords | None] | None = None,
                c: float = 4.0) -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(featurize(texts, words), labels)
    return clf


def save(clf: LogisticRegression, path: Path) -> None:
    import joblib
    import sklearn

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"sklearn": sklearn.__version__, "n_features": N_FEATURES, "classifier": clf}, path, compress=3)


@lru_cache(maxsize=2)
def load(path: str | None = None) -> LogisticRegression:
    """The shipped classifier; ModelVersionError if saved by another scikit-learn version."""
    import joblib
    import sklearn

    where = Path(path) if path else model_file()
    if not where.is_file():
        raise FileNotFoundError(f"page-type model missing at {where}")
    bundle = joblib.load(where)
    if bundle.get("sklearn") != sklearn.__version__:
        raise ModelVersionError(f"page-type model was saved with scikit-learn {bundle.get('sklearn')}, "
                                f"installed is {sklearn.__version__}; retrain with python -m nlp.pagetype.train")
    return bundle["classifier"]


def classify_pages(texts: list[str], words: Sequence[PageWords | None] | None = None,
                   model_path: str | None = None) -> list[tuple[str, float]]:
    """One (label, confidence) per page; confidence is the class probability. Empty input gives []."""
    if not texts:
        return []
    clf = load(model_path)
    probs = clf.predict_proba(featurize(list(texts), list(words) if words is not None else None))
    out = []
    for row in probs:
        best = int(row.argmax())
        out.append((str(clf.classes_[best]), float(row[best])))
    return out


def confusion(truth: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = {}
    for t, p in zip(truth, pred, strict=True):
        table.setdefault(t, Counter())[p] += 1
    return {k: dict(v) for k, v in sorted(table.items())}
