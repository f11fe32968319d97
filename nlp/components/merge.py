"""Resolve overlapping candidates into the final mentions: validated rules win for identifiers, money and
dates; for people, organisations and places rules and the statistical model are united, longer first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language

from nlp.components.base import (
    CANDIDATES,
    MENTION_INDEX,
    MODEL_CANDIDATES,
    NAME_LABELS,
    PRIORITY,
    Candidate,
    register_extensions,
    text_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

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


def _model_candidates(doc: Doc) -> list[Candidate]:
    """Names a statistical model proposed: as candidates (the linear NER) or as doc.ents/spans (others)."""
    out = [c for c in doc.user_data.pop(MODEL_CANDIDATES, []) if c.label in NAME_LABELS and _plausible_name(c.value)]
    spans = list(doc.ents)
    if NER_SPAN_KEY in doc.spans:
        spans.extend(doc.spans[NER_SPAN_KEY])
    for span in spans:
        label = MODEL_LABELS.get(span.label_)
        if label is None or not _plausible_name(span.text):
            continue
        score = span._.confidence if span.has_extension("confidence") and span._.confidence else 0.7
        out.append(Candidate(span.start_char, span.end_char, label, span.text, float(score), "caselens_ner"))
    return out


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# A street, building or number segment: a dossier address, which the rule keeps whole.
_STREET_OR_NUMBER = re.compile(r"大道|路|街|巷|弄|胡同|小区|花园|公寓|大厦|广场|新村|工业园|\d+号|号楼|幢|栋|单元|室")


def _model_disagrees(rule: Candidate, model_candidates: list[Candidate]) -> bool:
    """A Chinese rule organisation or place whose bounds a model organisation or place contradicts.

    The rules run left to the nearest boundary word (现确定推荐北京武氏高技术有限责任公司); the model reads
    the context. The rule gives way when a model span crosses one of its ends, or when the model spans
    inside it all start later than it does (words before the name). Model spans inside a rule span that
    starts where they start (浙江省 inside 浙江省杭州市西湖区文三路100号, 中国工商银行 inside …杭州西湖支行)
    leave the rule's longer name, except a place without a street, building or number segment: a chain of
    regions (河北省秦皇岛市) is the model's places. Rule spans no model span touches stay; English rule
    addresses stay."""
    if rule.label not in ("ORG", "PLACE") or not _CJK_CHAR.search(rule.value or ""):
        return False
    street = rule.label == "PLACE" and _STREET_OR_NUMBER.search(rule.value or "")
    inside_starts = []
    for m in model_candidates:
        if m.label not in ("ORG", "PLACE") or m.end <= rule.start or rule.end <= m.start:
            continue
        if m.start < rule.start or m.end > rule.end:
            return True
        if rule.label == "PLACE" and not street and (m.start, m.end) != (rule.start, rule.end):
            return True     # a chain of regions (河北省秦皇岛市): the model's places (河北省, 秦皇岛市)
        inside_starts.append(m.start)
    return bool(inside_starts) and min(inside_starts) > rule.start


def resolve(rule_candidates: list[Candidate], model_candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping mentions: identifiers/money/dates by priority, then names longest-first, rules first
    (a Chinese rule organisation or place that a model one overlaps with other bounds gives way to it).

    An ORG/PLACE span (model or rule) that begins before a rule's person and runs into it (被害人孙锋静通过… read as one ORG
    '害人孙锋静通过手机银行') is dropped: the rule found the name by its context. One that starts with the
    person (黄某某公司) may still win by length."""
    hard = [c for c in rule_candidates if c.label not in NAME_LABELS]
    rule_names = [c for c in rule_candidates if c.label in NAME_LABELS]
    persons = [c.start for c in rule_names if c.label == "PERSON"]
    if persons:
        model_candidates = [m for m in model_candidates if not any(m.start < p < m.end for p in persons)]
        rule_names = [r for r in rule_names if r.label == "PERSON" or not any(r.start < p < r.end for p in persons)]
    rule_names = [r for r in rule_names if not _model_disagrees(r, model_candidates)]
    names = [(c, 0) for c in rule_names] + [(c, 1) for c in model_candidates]
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

    def __init__(self, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        text = text_of(doc)
        kept = resolve(doc.user_data.pop(CANDIDATES, []), _model_candidates(doc))
        mentions: list[Mention] = []
        spans: list[Span] = []
        ents: list[Span] = []
        last_token = 0
        index: dict[tuple[int, int], Mention] = {}
        for c, (first, end, start_char, end_char) in zip(kept, _token_ranges(doc, kept), strict=True):
            if end <= first:
                continue
            span = Span(doc, first, end, label=c.label)
            spans.append(span)
            if span.start >= last_token:    # in English a mention inside a word may share a token
                ents.append(span)
                last_token = span.end
            mention = Mention(c.start, c.end, c.label, text[c.start:c.end], c.value, c.confidence, c.source)
            mentions.append(mention)
            index[(start_char, end_char)] = mention
        doc.user_data[MENTIONS] = mentions
        doc.user_data[MENTION_INDEX] = index
        doc.spans[SPAN_KEY] = spans
        # = doc.ents = ents; on a doc nobody annotated yet, tokens outside them are left unset instead of
        # being marked "O" one by one (doc.ents is the same; that loop cost more than the rules)
        doc.set_ents(ents, default="outside" if doc.has_annotation("ENT_IOB") else "unmodified")
        return doc


def _token_ranges(doc: Doc, kept: list[Candidate]) -> list[tuple[int, int, int, int]]:
    """(first token, end token, start char, end char) of the tokens covering each candidate's characters,
    as doc.char_span(..., alignment_mode="expand") would give."""
    if not kept:
        return []
    if len(doc) == len(text_of(doc)):    # one token per character, no trailing spaces: offsets are indices
        return [(c.start, c.end, c.start, c.end) for c in kept]
    import numpy as np
    from spacy.attrs import IDX

    idx = doc.to_array(IDX).astype(np.int64)
    ends = idx + doc.to_array("LENGTH").astype(np.int64)
    bounds = np.array([(c.start, c.end) for c in kept], dtype=np.int64)
    first = np.searchsorted(ends, bounds[:, 0], side="right")     # first token ending after the start
    end = np.searchsorted(idx, bounds[:, 1], side="left")          # tokens starting before the end
    n = len(idx)
    start_char = idx[np.minimum(first, n - 1)]
    end_char = ends[np.clip(end - 1, 0, n - 1)]
    return list(zip(first.tolist(), end.tolist(), start_char.tolist(), end_char.tolist(), strict=True))


@Language.factory("caselens_merge")
def make_merge(nlp: Language, name: str) -> MergeMentions:
    return MergeMentions(name)
