"""spaCy component 'caselens_ner_en_linear': the English linear NER (nlp/ner/english.py) proposes
PERSON/ORG/PLACE in English text and in the Latin-script stretches of Chinese pages.

In the `en` pipeline it reads the whole text. In the `zh` pipeline (config scope "latin") it reads only the
stretches without CJK characters that hold a capitalised word (转账给John Smith, 收款方 Barclays Bank PLC),
and takes over Latin-only names there from the Chinese model, which knows few Latin names. Candidates
(source "caselens_ner") go to doc.user_data like the Chinese model's; the merge decides. The model is read
from resources/models/ner_en_linear, offline, once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc

from nlp.components.base import MODEL_CANDIDATES, Candidate, text_of
from nlp.ner.english import EnglishNER

FACTORY = "caselens_ner_en_linear"
MODEL_DIR = Path(__file__).resolve().parents[2] / "resources" / "models" / "ner_en_linear"
SOURCE = "caselens_ner"
CONFIDENCE = 0.7
BATCH_DOCS = 512
# Latin-script stretches of a Chinese page: no CJK, no line break; they must hold a capitalised word.
_STRETCH = re.compile(r"[^\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\n]+")
_CAPITALISED = re.compile(r"[A-Z][A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def model_dir() -> Path:
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) / "resources" / "models" / "ner_en_linear" if frozen else MODEL_DIR


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> EnglishNER:
    """The shipped English model. Raises FileNotFoundError when it is not there."""
    return EnglishNER.load(Path(path) if path else model_dir())


def latin_stretches(text: str) -> list[tuple[int, int]]:
    """(start, end) of the stretches of a mixed page the English model reads."""
    return [m.span() for m in _STRETCH.finditer(text) if _CAPITALISED.search(m.group())]


class EnglishNERComponent:
    def __init__(self, name: str, model_path: str | None = None, scope: str = "all"):
        if scope not in ("all", "latin"):
            raise ValueError(f"scope must be 'all' or 'latin', not {scope!r}")
        self.name = name
        self.scope = scope
        self.model = load_model(model_path)
        self.version = f"en-{self.model.meta.get('version', '0')}"

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        group: list[Doc] = []
        for doc in docs:
            group.append(doc)
            if len(group) >= BATCH_DOCS:
                yield from self._tag(group)
                group = []
        if group:
            yield from self._tag(group)

    def _tag(self, batch: list[Doc]) -> Iterator[Doc]:
        texts = [text_of(doc) for doc in batch]
        pieces: list[tuple[int, int, int]] = []        # (doc index, start, end)
        for i, text in enumerate(texts):
            if self.scope == "all":
                pieces.append((i, 0, len(text)))
            else:
                pieces += [(i, s, e) for s, e in latin_stretches(text)]
        found = self.model.predict([texts[i][s:e] for i, s, e in pieces]) if pieces else []
        per_doc: dict[int, list[Candidate]] = {}
        for (i, off, _), spans in zip(pieces, found, strict=True):
            per_doc.setdefault(i, []).extend(
                Candidate(off + s, off + e, lab, texts[i][off + s:off + e], CONFIDENCE, SOURCE) for s, e, lab in spans)
        for i, doc in enumerate(batch):
            mine = per_doc.get(i, [])
            existing = doc.user_data.setdefault(MODEL_CANDIDATES, [])
            if self.scope == "latin" and existing:
                # Latin-only names the Chinese model proposed inside a stretch the English model read
                stretches = [(s, e) for j, s, e in pieces if j == i]
                existing[:] = [c for c in existing if _CJK.search(c.value or "")
                               or not any(s <= c.start and c.end <= e for s, e in stretches)]
            existing.extend(mine)
            yield doc


@Language.factory(FACTORY, default_config={"model_path": None, "scope": "all"})
def make_english_ner(nlp: Language, name: str, model_path: str | None, scope: str) -> EnglishNERComponent:
    return EnglishNERComponent(name, model_path, scope)
