"""Pairwise same-person score: a small logistic regression shipped as JSON, or rules when it is absent.

The model is plain coefficients (no pickle): it loads in microseconds, offline, on any scikit-learn.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from app.analysis.resolve.features import FEATURES
from app.core.paths import resources_dir

MODEL_FILE = "person_pairs.json"
THRESHOLD = 0.5


def model_path() -> Path:
    return resources_dir() / "models" / "resolver" / MODEL_FILE


class RuleScorer:
    """Deterministic fallback: identifiers decide, then exact names, then variants backed by context."""

    name = "rules.v1"

    def score(self, vec: list[float]) -> float:
        f = dict(zip(FEATURES, vec, strict=True))
        if f["conflict_id_number"]:
            return 0.01
        if f["shared_id_number"] or f["alias_declared"]:
            return 0.99
        if f["exact_full"]:
            return 0.3 if f["role_conflict"] and not f["support"] else 0.9
        if f["exact_anon"]:
            return 0.8 if f["co_segment"] or f["support"] else 0.2
        if f["diff_full_names"] and not (f["ocr_variant"] or f["one_char_apart"]):
            return 0.05
        if f["support"] and (f["ocr_variant"] or f["anon_compat"] or f["nickname_compat"] or f["one_char_apart"]):
            return 0.85
        if f["ocr_x_support"] or f["anon_x_support"] or f["nick_x_support"]:
            return 0.7 if f["role_agree"] else 0.55
        return 0.05


class LogisticScorer:
    """sigmoid(w·x + b) with weights trained by app.analysis.resolve.train."""

    def __init__(self, weights: dict[str, float], bias: float, name: str):
        self.w = [weights.get(f, 0.0) for f in FEATURES]
        self.b = bias
        self.name = name

    def score(self, vec: list[float]) -> float:
        z = self.b + sum(w * x for w, x in zip(self.w, vec, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def load_scorer(path: Path | None = None) -> LogisticScorer | RuleScorer:
    """The shipped model when present and matching today's features, else the rules."""
    path = path or model_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return RuleScorer()
    if data.get("features") != FEATURES or data.get("enabled") is False:
        return RuleScorer()  # 'enabled': false when the rules measured better than the model
    return LogisticScorer(data["weights"], float(data["bias"]), data.get("name", "logreg"))


def fit_logistic(rows: list[list[float]], labels: list[int], name: str) -> dict:
    """Train the model (scikit-learn, imported here only) and return its JSON form."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    clf.fit(rows, labels)
    return {"name": name, "features": FEATURES, "bias": float(clf.intercept_[0]),
            "weights": {f: round(float(w), 6) for f, w in zip(FEATURES, clf.coef_[0], strict=True)}}
