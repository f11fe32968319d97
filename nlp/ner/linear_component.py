"""spaCy component 'caselens_ner_linear_v2': the linear NER (nlp/ner/linear.py) proposes PERSON/ORG/PLACE.

Like the rule components it appends candidates (source "caselens_ner") to doc.user_data, to a list of
its own, which the merge component unites with the rules' names (validated identifiers, money and dates
always win). Batched: `nlp.pipe` scores and decodes a whole batch of texts at once. The model is read
from resources/models/ner_zh_linear, offline, once per process. In the English pipeline (scope "cjk") it
reads only the Chinese stretches of the page (an English statement naming 张伟).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc

from nlp.components.base import MODEL_CANDIDATES, Candidate, text_of
from nlp.ner.linear import LinearNER

FACTORY = "caselens_ner_linear_v2"
MODEL_DIR = Path(__file__).resolve().parents[2] / "resources" / "models" / "ner_zh_linear"
SOURCE = "caselens_ner"
CONFIDENCE = 0.7
BATCH_CHARS = 100_000   # characters decoded together (a few MB of scores)
BATCH_DOCS = 4096
# In the English pipeline (scope "cjk") only the Chinese stretches of a page are read (Payee: 张伟).
_CJK_STRETCH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef0-9]*[\u3400-\u9fff]"
                          r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef0-9]*")


def model_dir() -> Path:
    """Bundled model folder; inside the PyInstaller bundle when frozen."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) / "resources" / "models" / "ner_zh_linear" if frozen else MODEL_DIR


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> LinearNER:
    """The shipped linear model. Raises FileNotFoundError when it is not there."""
    return LinearNER.load(Path(path) if path else model_dir())


class LinearNERComponent:
    """Adds the model's spans as candidates; the merge component decides what survives. The accurate
    component (nlp/ner/accurate_component.py) is this one with another model and smaller groups."""

    batch_chars = BATCH_CHARS
    batch_docs = BATCH_DOCS

    model: Any

    def __init__(self, name: str, model_path: str | None = None, scope: str = "all"):
        if scope not in ("all", "cjk"):
            raise ValueError(f"scope must be 'all' or 'cjk', not {scope!r}")
        self.scope = scope
        self.name = name
        self.model = self.load(model_path)
        self.version = self.model_version()

    @staticmethod
    def load(model_path: str | None) -> Any:
        return load_model(model_path)

    def model_version(self) -> str:
        return f"{self.model.meta.get('name', 'ner')}-{self.model.meta.get('version', '0')}"

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Decodes docs in groups of about BATCH_CHARS characters, whatever batch size spaCy passes:
        the Viterbi steps cost the same for 60 short sentences as for 2,000, so bigger groups are cheaper."""
        group: list[Doc] = []
        chars = 0
        for doc in docs:
            group.append(doc)
            chars += len(text_of(doc))
            if chars >= self.batch_chars or len(group) >= self.batch_docs:
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
def make_linear_ner(nlp: Language, name: str, model_path: str | None, scope: str) -> LinearNERComponent:
    return LinearNERComponent(name, model_path, scope)
