"""Dates and times (2021年3月5日9时10分, 3月5日, 13时许, 5 March 2021) as DATE/TIME mentions with ISO values.

A month-day date (3月5日) takes its year from the nearest full date earlier in the text, birth dates
excepted (a record that says 1985年4月3日出生 is not telling the year of the events); without one its
value has no year ("--03-05").
"""

from __future__ import annotations

import re

from spacy.language import Language

from nlp.components.base import Candidate, RuleComponent, Rules, registered
from nlp.normalise.dates import DATE_PATTERN, date_from_match, year_of

NAME = "caselens.dates.v1"
# Every date or time starts with a digit, a Chinese numeral, a part-of-day word (凌晨, 下午), an English
# month name or the space before a clock time; a lookahead for those characters lets the regex engine
# reject every other position at once instead of trying each alternative (same matches, ~2x faster).
_FIRST = r"[\d\s一二两三四五六七八九十〇零○Ｏ凌深半夜早清上中下傍晚JFMASOND]"
_PATTERN = re.compile(rf"(?={_FIRST})(?:{DATE_PATTERN.pattern})", DATE_PATTERN.flags)


# Full-width digits (５月7日) read as ASCII ones: one character for one, so offsets do not move.
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_BIRTH_BEFORE = re.compile(r"(出生日期|出生年月日?|出生于|生于|生日|[Bb]orn(?: on)?|[Dd]ate of [Bb]irth|DOB)[?？]?\s*(?:答)?[:：\s]*$")
_BIRTH_AFTER = re.compile(r"^\s*(出生|生[，,。;；）)\s]|生$)")


def _is_birth_date(text: str, start: int, end: int) -> bool:
    """Whether the date at text[start:end] is someone's birth date (出生 after it, 出生日期 before it)."""
    return bool(_BIRTH_AFTER.match(text[end:end + 3]) or _BIRTH_BEFORE.search(text[max(0, start - 12):start]))


def find_dates(text: str) -> list[Candidate]:
    """Every date and time in reading order; a match the normaliser cannot read is skipped, never raised."""
    found = []
    year: int | None = None
    text = text.translate(_FULLWIDTH_DIGITS)
    for m in _PATTERN.finditer(text):
        try:
            value = date_from_match(m, year)
        except (TypeError, ValueError, OverflowError):    # other Unicode digits the normaliser cannot parse
            value = None
        if value is None:
            continue
        if value.precision != "year" and not _is_birth_date(text, m.start(), m.end()):
            year = year_of(value) or year
        confidence = 0.9 if m.group("mm") or value.label == "TIME" else 1.0
        found.append(Candidate(m.start(), m.end(), value.label, value.value, confidence, NAME))
    return found


@registered(NAME)
def date_rules() -> Rules:
    return find_dates


@Language.factory("caselens_dates", default_config={"rules": {"@misc": NAME}})
def make_dates(nlp: Language, name: str, rules: Rules) -> RuleComponent:
    return RuleComponent(name, rules)
