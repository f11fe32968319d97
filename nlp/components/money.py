"""Money amounts (人民币叁万伍仟元, 3.5万元, ¥30,000.00, $1,200.50) as MONEY mentions with "35000.00 CNY" values."""

from __future__ import annotations

from spacy.language import Language

from nlp.components.base import Candidate, RuleComponent, Rules, registered
from nlp.normalise.money import MONEY_PATTERN, format_money, money_from_match

NAME = "caselens.money.v1"


def find_money(text: str) -> list[Candidate]:
    """Every amount with a currency sign or word; bare numbers are left alone."""
    found = []
    for m in MONEY_PATTERN.finditer(text):
        if not (m.group("pre") or m.group("suf")):
            continue
        parsed = money_from_match(m)
        if parsed is None:
            continue
        end = m.end()
        while end > m.start() and text[end - 1].isspace():
            end -= 1
        confidence = 0.9 if m.group("approx") else 1.0
        found.append(Candidate(m.start(), end, "MONEY", format_money(*parsed), confidence, NAME))
    return found


@registered(NAME)
def money_rules() -> Rules:
    return find_money


@Language.factory("caselens_money", default_config={"rules": {"@misc": NAME}})
def make_money(nlp: Language, name: str, rules: Rules) -> RuleComponent:
    return RuleComponent(name, rules)
