"""spaCy component 'caselens_ner': the shipped statistical model adds PERSON/ORG/PLACE to doc.ents.

Spans found by earlier components (rules: identifiers, money, dates, anonymised names) are kept; a
model span that overlaps any of them is dropped. The model is loaded from resources/models/ner_zh,
offline, once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans, minibatch

import nlp.ner.biluo  # noqa: F401  (registers caselens_biluo_ents, used by the 1.1 model)

MODEL_DIR = Path(__file__).resolve().parents[2] / "resources" / "models" / "ner_zh"
LABELS = ("PERSON", "ORG", "PLACE")
MAX_CHARS = 5000  # longer texts are cut at line ends into pieces of about this size


def model_dir() -> Path:
    """Bundled model folder; inside the PyInstaller bundle when frozen."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources" / "models" / "ner_zh"
    return MODEL_DIR


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> Language:
    """The trained pipeline (blank zh, char segmenter, ner). Raises FileNotFoundError if not shipped."""
    import spacy

    where = Path(path) if path else model_dir()
    if not (where / "config.cfg").is_file():
        raise FileNotFoundError(f"NER model missing at {where}")
    return spacy.load(where)


def _pieces(text: str) -> list[tuple[int, str]]:
    """Split long text at newlines into (offset, piece) chunks of at most ~MAX_CHARS."""
    if len(text) <= MAX_CHARS:
        return [(0, text)]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + MAX_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def predict_spans(text: str, model: Language | None = None) -> list[tuple[int, int, str]]:
    """Character spans (start, end exclusive, label) the model finds in text."""
    return predict_spans_many([text], model)[0]


def predict_spans_many(texts: list[str], model: Language | None = None,
                       batch_size: int = 256) -> list[list[tuple[int, int, str]]]:
    """predict_spans for many texts, batched through the model's nlp.pipe (much faster than one by one)."""
    nlp = model or load_model()
    pieces = [(n, offset, piece) for n, text in enumerate(texts) for offset, piece in _pieces(text)]
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    docs = nlp.pipe((piece for _, _, piece in pieces), batch_size=batch_size)
    for (n, offset, _), doc in zip(pieces, docs, strict=True):
        out[n] += [(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
    return out


class CaseLensNER:
    """Adds model PERSON/ORG/PLACE spans to doc.ents without overriding existing entity spans."""

    def __init__(self, nlp: Language, name: str, model_path: str | None = None):
        self.name = name
        self.model = load_model(model_path)
        self.version = f"{self.model.meta.get('name', 'ner')}-{self.model.meta.get('version', '0')}"

    def __call__(self, doc: Doc) -> Doc:
        return _add_spans(doc, predict_spans(doc.text, self.model))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Batched: the model runs over a whole batch of texts at once."""
        for batch in minibatch(docs, size=batch_size):  # type: ignore[no-untyped-call]  # spacy.util: unannotated
            found = predict_spans_many([doc.text for doc in batch], self.model, batch_size=max(batch_size, 64))
            for doc, spans in zip(batch, found, strict=True):
                yield _add_spans(doc, spans)


def _add_spans(doc: Doc, spans: list[tuple[int, int, str]]) -> Doc:
    existing = list(doc.ents)
    taken: set[int] = set()
    for ent in existing:
        taken.update(range(ent.start_char, ent.end_char))
    new = []
    for s, e, label in spans:
        if taken.intersection(range(s, e)):
            continue
        span = doc.char_span(s, e, label=label, alignment_mode="contract")
        if span is not None and len(span):
            new.append(span)
    doc.ents = existing + filter_spans(new)
    return doc


@Language.factory("caselens_ner", default_config={"model_path": None})
def make_caselens_ner(nlp: Language, name: str, model_path: str | None) -> CaseLensNER:
    return CaseLensNER(nlp, name, model_path)
