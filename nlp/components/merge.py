"""Resolve overlapping candidates into the final mentions: validated rules win for identifiers, money and
dates; for people, organisations and places rules and the statistical model are united, longer first."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from nlp.components.base import (
    CANDIDATES,
    MENTION_INDEX,
    NAME_LABELS,
    PRIORITY,
    Candidate,
    register_extensions,
    text_of,
)

MENTIONS = "caselens_mentions"
SPAN_KEY = "mentions"
NER_SPAN_KEY = "caselens_ner"
# Labels a statistical model may use, mapped onto ours.
MODEL_LABELS = {"PERSON": "PERSON", "PER": "PERSON", "NR": "PERSON", "ORG": "ORG", "NT": "ORG", "PLACE": "PLACE",
                "LOC": "PLACE", "GPE": "PLACE", "NS": "PLACE", "ADDRESS": "PLACE"}


@dataclass
class Mention:
    """A final mention: character span, label, surface text, normalised value, confidence, source, role."""

    start: int
    end: int
    label: str
    text: str
    value: str | None
    confidence: float
    source: str
    role: str | None = None


def _plausible_name(text: str) -> bool:
    """The Chinese model sometimes tags Latin words ("paid"): keep spans with a CJK character or a capital."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text) or text[:1].isupper()


def _model_candidates(doc) -> list[Candidate]:
    spans = list(doc.ents)
    if NER_SPAN_KEY in doc.spans:
        spans.extend(doc.spans[NER_SPAN_KEY])
    out = []
    for span in spans:
        label = MODEL_LABELS.get(span.label_)
        if label is None or not _plausible_name(span.text):
            continue
        score = span._.confidence if span.has_extension("confidence") and span._.confidence else 0.7
        out.append(Candidate(span.start_char, span.end_char, label, span.text, float(score), "caselens_ner"))
    return out


def resolve(rule_candidates: list[Candidate], model_candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping mentions: identifiers/money/dates by priority, then names longest-first, rules first."""
    hard = [c for c in rule_candidates if c.label not in NAME_LABELS]
    names = [(c, 0) for c in rule_candidates if c.label in NAME_LABELS] + [(c, 1) for c in model_candidates]
    hard.sort(key=lambda c: (-PRIORITY[c.label], -(c.end - c.start), c.start))
    names.sort(key=lambda cr: (-(cr[0].end - cr[0].start), cr[1], cr[0].start))
    chars = bytearray(max([c.end for c in rule_candidates + model_candidates], default=0))
    kept = []
    for c in hard + [c for c, _ in names]:
        if c.end <= c.start or any(chars[c.start:c.end]):
            continue
        chars[c.start:c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


class MergeMentions:
    """Turns candidates into doc.user_data["caselens_mentions"], doc.spans["mentions"] and doc.ents."""

    def __init__(self, name: str):
        self.name = name
        register_extensions()

    def __call__(self, doc):
        text = text_of(doc)
        kept = resolve(doc.user_data.pop(CANDIDATES, []), _model_candidates(doc))
        mentions, spans, ents = [], [], []
        last_token = 0
        for c in kept:
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
            if span is None:
                continue
            spans.append(span)
            if span.start >= last_token:    # in English a mention inside a word may share a token
                ents.append(span)
                last_token = span.end
            mentions.append(Mention(c.start, c.end, c.label, text[c.start:c.end], c.value, c.confidence, c.source))
        doc.user_data[MENTIONS] = mentions
        doc.user_data[MENTION_INDEX] = {(s.start_char, s.end_char): m for s, m in zip(spans, mentions, strict=True)}
        doc.spans[SPAN_KEY] = spans
        doc.ents = ents
        return doc


@Language.factory("caselens_merge")
def make_merge(nlp: Language, name: str) -> MergeMentions:
    return MergeMentions(name)
