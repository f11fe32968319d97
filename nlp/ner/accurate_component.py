"""spaCy component 'caselens_ner_zh_accurate': the BiLSTM-CRF NER (nlp/ner/accurate.py) proposes PERSON/ORG/PLACE.

The "accurate" choice (`build_pipeline(..., ner="accurate")`, `caselens extract --ner accurate`): it takes
the place of the linear component (nlp/ner/linear_component.py) and behaves like it: appends candidates
(source "caselens_ner") for the merge component, decodes groups of docs together, reads only the Chinese
stretches of a page in the English pipeline (scope "cjk"). The model is read from
resources/models/ner_zh_accurate (onnxruntime + numpy), offline, once per process.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from nlp.ner.accurate import AccurateNER
from nlp.ner.linear_component import LinearNERComponent
from nlp.ner.linear_component import load_model as load_linear

log = logging.getLogger(__name__)

FACTORY = "caselens_ner_zh_accurate"
MODEL_NAME = "ner_zh_accurate"
MODEL_DIR = Path(__file__).resolve().parents[2] / "resources" / "models" / MODEL_NAME
# candidates carry the linear component's source and confidence: the merge treats both alike
BATCH_CHARS = 50_000
BATCH_DOCS = 2048


def model_dir() -> Path:
    """Bundled model folder; inside the PyInstaller bundle when frozen."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) / "resources" / "models" / MODEL_NAME if frozen else MODEL_DIR


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> AccurateNER:
    """The shipped accurate model with the shipped linear model as its partner (meta "linear_weight").
    Raises FileNotFoundError when the accurate model is not there; without the linear model it runs alone."""
    try:
        partner = load_linear()
    except (FileNotFoundError, ValueError) as exc:
        log.warning("accurate NER runs without its linear partner: %s", exc)
        partner = None
    return AccurateNER.load(Path(path) if path else model_dir(), partner=partner)


class AccurateNERComponent(LinearNERComponent):
    """The linear component's batching and candidates, with the accurate model; smaller groups (the BiLSTM's
    activations grow with the characters decoded together)."""

    batch_chars = BATCH_CHARS
    batch_docs = BATCH_DOCS

    @staticmethod
    def load(model_path: str | None) -> AccurateNER:
        return load_model(model_path)

    def model_version(self) -> str:
        return str(self.model.version())


@Language.factory(FACTORY, default_config={"model_path": None, "scope": "all"})
def make_accurate_ner(nlp: Language, name: str, model_path: str | None, scope: str) -> AccurateNERComponent:
    return AccurateNERComponent(name, model_path, scope)
