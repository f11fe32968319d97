"""What every rule component shares: the candidate record, span extensions and the rule-runner component.

Rule components never write `doc.ents`: they append candidates to `doc.user_data`, and the merge
component (nlp.components.merge) resolves overlaps once, so a statistical NER placed between them
and the merge cannot override a validated identifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:  # spaCy loads lazily (import time); the names are for the checker only
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    from nlp.components.merge import Mention

CANDIDATES = "caselens_candidates"
MODEL_CANDIDATES = "caselens_model_candidates"   # names proposed by a statistical model (merged with rules')
TEXT = "caselens_text"
MENTION_INDEX = "caselens_mention_index"

# Merge priority: validated identifiers beat money, money beats dates, all beat names.
PRIORITY = {"ID_NUMBER": 100, "BANK_CARD": 100, "ACCOUNT": 95, "PHONE": 95, "PLATE": 95, "EMAIL": 95,
            "MONEY": 90, "DATE": 80, "TIME": 80, "ORG": 50, "PLACE": 50, "PERSON": 50}
NAME_LABELS = frozenset({"PERSON", "ORG", "PLACE"})


class Candidate(NamedTuple):
    """One proposed mention: character span, label, normalised value, confidence and who proposed it."""

    start: int
    end: int
    label: str
    value: str | None
    confidence: float
    source: str          # registered rule name (caselens.money.v1) or model name


Rules = Callable[[str], list[Candidate]]
_Made = TypeVar("_Made")


def registered(name: str) -> Callable[[Callable[[], _Made]], Callable[[], _Made]]:
    """`@spacy.util.registry.misc(name)` with its type: registers a function that returns a component's rules
    (catalogue's decorator is untyped; it returns the function unchanged)."""
    from spacy.util import registry

    register: Callable[[Callable[[], _Made]], Callable[[], _Made]] = registry.misc(name)
    return register


def register_extensions() -> None:
    """Span._.value/confidence/role/source, read from the merged mention with the same character span
    (getters: writing extension values per span costs more than the rules themselves)."""
    from spacy.tokens import Span

    for name in ("value", "confidence", "role", "source"):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_mention_attr(name))


def _mention_attr(name: str) -> Callable[[Span], Any]:
    def getter(span: Span) -> Any:  # the merged mention's field: str, float or None
        index: dict[tuple[int, int], Mention] = span.doc.user_data.get(MENTION_INDEX) or {}
        mention = index.get((span.start_char, span.end_char))
        return getattr(mention, name, None) if mention is not None else None
    return getter


def text_of(doc: Doc) -> str:
    """doc.text, built once per doc: spaCy rebuilds it token by token on every access (slow per character)."""
    text: str | None = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def candidates(doc: Doc) -> list[Candidate]:
    """The candidate list of a doc, created on first use."""
    found: list[Candidate] = doc.user_data.setdefault(CANDIDATES, [])
    return found


class RuleComponent:
    """A pipeline component that runs one rule family over the whole text (not per token) and
    appends its candidates; the regexes are compiled once at import."""

    def __init__(self, name: str, rules: Rules) -> None:
        self.name = name
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        candidates(doc).extend(self.rules(text_of(doc)))
        return doc


def non_overlapping(found: list[Candidate]) -> list[Candidate]:
    """Keep the first of overlapping candidates in list order (callers list the most trusted first)."""
    taken = bytearray(max((c.end for c in found), default=0))
    out = []
    for c in found:
        if any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        out.append(c)
    return out


class KeepText:
    """Tokenizer wrapper that remembers the input text on the doc, so no component rebuilds doc.text."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)


_CHAR_TOKENS = re.compile(r"\S ?|\s+")


class CharTokenizer:
    """spaCy's zh "char" segmenter, same tokens and spaces, without its quadratic alignment step.

    spaCy aligns list(text) back to the text with text[pos:].index(word) per character, which copies the
    rest of the page each time; here one regex yields the tokens: a character with the single space after
    it (the token's trailing space), or a run of other whitespace as a token of its own."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        pieces = _CHAR_TOKENS.findall(text)
        spaces = [len(p) == 2 and p[1] == " " and not p[0].isspace() for p in pieces]
        words = [p[0] if sp else p for p, sp in zip(pieces, spaces, strict=True)]
        return Doc(self.vocab, words=words, spaces=spaces)
