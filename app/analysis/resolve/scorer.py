"""Pairwise same-person score: small gradient-boosted trees shipped as JSON, or rules when the file is absent.

The model is plain arrays (no pickle): it loads in milliseconds, offline, and scores without scikit-learn.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from app.analysis.resolve.features import FEATURES
from app.core.paths import resources_dir

MODEL_FILE = "person_pairs.json"
THRESHOLD = 0.5
NOT_LEARNED = ("rules_gate",)   # the hand-written verdict (RuleScorer's filter): the model learns from evidence only


def model_path() -> Path:
    return resources_dir() / "models" / "resolver" / MODEL_FILE


class RuleScorer:
    """Deterministic fallback: identifiers decide, then exact names, then variants backed by context."""

    name = "rules.v1"

    def score(self, vec: list[float]) -> float:
        f = dict(zip(FEATURES, vec, strict=True))
        if f["conflict_id_number"] or not f["rules_gate"]:
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
    """sigmoid(w·x + b) with weights trained by devkit.resolve.train."""

    def __init__(self, weights: dict[str, float], bias: float, name: str):
        self.w = [weights.get(f, 0.0) for f in FEATURES]
        self.b = bias
        self.name = name

    def score(self, vec: list[float]) -> float:
        z = self.b + sum(w * x for w, x in zip(self.w, vec, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


class TreeScorer:
    """Gradient-boosted trees as plain arrays: sigmoid(bias + rate · Σ leaf value), as scikit-learn computes it."""

    def __init__(self, trees: list[dict], bias: float, rate: float, name: str):
        self.trees = trees
        self.b = bias
        self.rate = rate
        self.name = name

    def score(self, vec: list[float]) -> float:
        z = self.b
        for t in self.trees:
            node = 0
            while t["left"][node] >= 0:
                node = t["left"][node] if vec[t["feature"][node]] <= t["threshold"][node] else t["right"][node]
            z += self.rate * t["value"][node]
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def load_scorer(path: Path | None = None) -> TreeScorer | LogisticScorer | RuleScorer:
    """The shipped model when present, enabled and matching today's features, else the rules."""
    path = path or model_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return RuleScorer()
    if data.get("features") != FEATURES or data.get("enabled") is False:
        return RuleScorer()  # 'enabled': false when the rules measured better than the model
    try:
        if data.get("kind") == "gradient_boosting":
            return TreeScorer(data["trees"], float(data["bias"]), float(data["rate"]), data.get("name", "gbt"))
        return LogisticScorer(data["weights"], float(data["bias"]), data.get("name", "logreg"))
    except (KeyError, TypeError, ValueError):
        return RuleScorer()   # a damaged model file never stops resolution


def fit_boosting(rows: list[list[float]], labels: list[int], weights: list[float], name: str,
                 *, trees: int = 60, depth: int = 3, rate: float = 0.1) -> dict:
    """Train gradient-boosted trees (scikit-learn, imported here only) and return their JSON form.

    Columns in NOT_LEARNED are zeroed, so no tree ever splits on them: the model cannot copy the rules' verdict.
    """
    from sklearn.ensemble import GradientBoostingClassifier

    hidden = [FEATURES.index(f) for f in NOT_LEARNED]
    rows = [[0.0 if i in hidden else v for i, v in enumerate(r)] for r in rows]
    clf = GradientBoostingClassifier(n_estimators=trees, max_depth=depth, learning_rate=rate, random_state=0)
    clf.fit(rows, labels, sample_weight=weights)
    out_trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        out_trees.append({"feature": [int(f) for f in t.feature], "threshold": [round(float(x), 6) for x in t.threshold],
                          "left": [int(x) for x in t.children_left], "right": [int(x) for x in t.children_right],
                          "value": [round(float(v[0][0]), 6) for v in t.value]})
    bias = float(clf._raw_predict_init([rows[0]])[0][0])
    model = {"name": name, "kind": "gradient_boosting", "features": FEATURES, "bias": bias, "rate": rate,
             "trees": out_trees}
    check = TreeScorer(out_trees, bias, rate, name)
    drift = max(abs(check.score(r) - p) for r, p in zip(rows, clf.predict_proba(rows)[:, 1], strict=True))
    if drift > 1e-4:
        raise ValueError(f"exported trees disagree with scikit-learn by {drift}")
    model["importances"] = {f: round(float(v), 4) for f, v in zip(FEATURES, clf.feature_importances_, strict=True)
                            if v >= 0.001}
    return model


def fit_logistic(rows: list[list[float]], labels: list[int], name: str) -> dict:
    """Train the model (scikit-learn, imported here only) and return its JSON form."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    clf.fit(rows, labels)
    return {"name": name, "features": FEATURES, "bias": float(clf.intercept_[0]),
            "weights": {f: round(float(w), 6) for f, w in zip(FEATURES, clf.coef_[0], strict=True)}}
