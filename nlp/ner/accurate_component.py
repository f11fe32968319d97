"""spaCy component 'caselens_ner_zh_accurate': the BiLSTM-CRF NER (nlp/ner/accurate.py) proposes PERSON/ORG/PLACE.

The "accurate" choice (`build_pipeline(..., ner="accurate")`, `caselens extract --ner accurate`): it takes
the place of the linear component (nlp/ner/linear_component.py) and behaves like it: appends candidates
(source "caselens_ner") for the merge component, decodes groups of docs together, reads only the Chinese
stretches of a page in the English pipeline (scope "cjk"). The model is read from
resources/models/ner_zh_accurate (onnxruntime + numpy), offline, once per process.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc

from nlp.components.base import MODEL_CANDIDATES, Candidate, text_of
from nlp.ner.accurate import AccurateNER
from nlp.ner.linear_component import _CJK_STRETCH
from nlp.ner.linear_component import load_model as load_linear

log = logging.getLogger(__name__)

FACTORY = "caselens_ner_zh_accurate"
MODEL_NAME = "ner_zh_accurate"
MODEL_DIR = Path(__file__).resolve().parents[2] / "resources" / "models" / MODEL_NAME
SOURCE = "caselens_ner"
CONFIDENCE = 0.7     # as the linear component: the merge treats both alike
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


class AccurateNERComponent:
    """Adds the model's spans as candidates; the merge component decides what survives."""

    def __init__(self, name: str, model_path: str | None = None, scope: str = "all"):
        if scope not in ("all", "cjk"):
            raise ValueError(f"scope must be 'all' or 'cjk', not {scope!r}")
        self.scope = scope
        self.name = name
        self.model = load_model(model_path)
        self.version = self.model.version()

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Tags docs in groups of about BATCH_CHARS characters, whatever batch size spaCy passes."""
        group: list[Doc] = []
        chars = 0
        for doc in docs:
            group.append(doc)
            chars += len(text_of(doc))
            if chars >= BATCH_CHARS or len(group) >= BATCH_DOCS:
                yield from self._tag(group)
                group, chars = [], 0
        if group:
            yield from self._tag(group)

    def _tag(self, batch: list[Doc]) -> Iterator[Doc]:
        texts = [text_of(doc) for doc in batch]
        if self.scope == "all":
            pieces = [(i, 0) for i in range(len(texts))]
            found = self.model.predict(texts)
        else:
            stretches = [(i, m.start(), m.group()) for i, t in enumerate(texts) for m in _CJK_STRETCH.finditer(t)]
            pieces = [(i, off) for i, off, _ in stretches]
            found = self.model.predict([piece for _, _, piece in stretches]) if stretches else []
        for (i, off), spans in zip(pieces, found, strict=True):
            text = texts[i]
            batch[i].user_data.setdefault(MODEL_CANDIDATES, []).extend(
                Candidate(off + s, off + e, lab, text[off + s:off + e], CONFIDENCE, SOURCE) for s, e, lab in spans)
        yield from batch


@Language.factory(FACTORY, default_config={"model_path": None, "scope": "all"})
def make_accurate_ner(nlp: Language, name: str, model_path: str | None, scope: str) -> AccurateNERComponent:
    return AccurateNERComponent(name, model_path, scope)
