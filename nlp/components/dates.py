"""Dates and times (2021年3月5日9时10分, 3月5日, 13时许, 5 March 2021) as DATE/TIME mentions with ISO values.

A month-day date (3月5日) takes its year from the nearest full date earlier in the text; without one
its value has no year ("--03-05").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import registry

from nlp.components.base import Candidate, RuleComponent
from nlp.normalise.dates import DATE_PATTERN, date_from_match, year_of

NAME = "caselens.dates.v1"


def find_dates(text: str) -> list[Candidate]:
    """Every date and time in reading order."""
    found = []
    year: int | None = None
    for m in DATE_PATTERN.finditer(text):
        value = date_from_match(m, year)
        if value is None:
            continue
        if value.precision != "year":
            year = year_of(value) or year
        confidence = 0.9 if m.group("mm") or value.label == "TIME" else 1.0
        found.append(Candidate(m.start(), m.end(), value.label, value.value, confidence, NAME))
    return found


@registry.misc(NAME)
def date_rules() -> object:
    return find_dates


@Language.factory("caselens_dates", default_config={"rules": {"@misc": NAME}})
def make_dates(nlp: Language, name: str, rules) -> RuleComponent:
    return RuleComponent(name, rules)
