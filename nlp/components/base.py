"""What every rule component shares: the candidate record, span extensions and the rule-runner component.

Rule components never write `doc.ents`: they append candidates to `doc.user_data`, and the merge
component (nlp.components.merge) resolves overlaps once, so a statistical NER placed between them
and the merge cannot override a validated identifier.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

CANDIDATES = "caselens_candidates"

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


def register_extensions() -> None:
    """Span._.value/confidence/role/source: what the merged mentions carry besides their label."""
    from spacy.tokens import Span

    for name in ("value", "confidence", "role", "source"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


def candidates(doc) -> list[Candidate]:
    """The candidate list of a doc, created on first use."""
    return doc.user_data.setdefault(CANDIDATES, [])


class RuleComponent:
    """A pipeline component that runs one rule family over the whole text (not per token) and
    appends its candidates; the regexes are compiled once at import."""

    def __init__(self, name: str, rules: Rules):
        self.name = name
        self.rules = rules

    def __call__(self, doc):
        candidates(doc).extend(self.rules(doc.text))
        return doc


def non_overlapping(found: list[Candidate]) -> list[Candidate]:
    """Keep the first of overlapping candidates in list order (callers list the most trusted first)."""
    taken: list[tuple[int, int]] = []
    out = []
    for c in found:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        out.append(c)
    return out
