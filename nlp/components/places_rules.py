"""Places and addresses by their administrative and street segments (浙江省杭州市西湖区文三路100号3幢),
masked places (**乡) and named provinces or cities (杭州市); a lone "超市" or "城市" is not a place."""

from __future__ import annotations

import re

from spacy.language import Language

from nlp.components.base import Candidate, RuleComponent, Rules, registered
from nlp.components.lexicon import CITIES, NAME_EDGE, PROVINCES

NAME = "caselens.places.v1"

_CHAR = "[^" + re.escape(NAME_EDGE) + "]"
_ADMIN = "特别行政区|自治区|自治州|自治县|省|市|区|县|旗|镇|乡|街道|村|社区"
_STREET = "大道|路|街|巷|弄|胡同|小区|花园|公寓|大厦|广场|新村|工业园"
_NUMBER = r"[\d一二三四五六七八九十零〇A-Za-z\-]{1,6}(?:号楼|号院|号|弄|栋|幢|单元|室|层|楼|组)"
_SEGMENT = rf"(?:{_CHAR}{{1,8}}?(?:{_ADMIN}|{_STREET})|{_NUMBER})"
_ADDRESS = re.compile(rf"(?:\*{{1,3}}|{_CHAR}{{1,8}}?)(?:{_ADMIN}|{_STREET})(?:{_SEGMENT})*")
_KNOWN_NAME = re.compile("(?:" + "|".join(PROVINCES + CITIES) + ")")
_KNOWN = re.compile("^(?:" + "|".join(PROVINCES + CITIES) + ")(?:省|市|自治区|特别行政区)?$")
_FIRST_SUFFIX = re.compile(f"(?:{_ADMIN}|{_STREET})")
_MASKED = re.compile(r"^\*{1,3}(?:" + _ADMIN + ")$")
# The first segment must not swallow a label or verb before the place (住址：, 现住, 户籍所在地).
_LEAD = re.compile(r"^(?:.*?(?:住址|地址|住所|所在地|籍贯|现住|暂住|居住|户籍))")
_EN_ADDRESS = re.compile(r"\b\d{1,5}\s+(?:[A-Z][a-z']+\s){1,3}(?:Road|Street|Avenue|Lane|Drive|Way)\b"
                         r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?")


def _segments(text: str) -> int:
    return len(re.findall(rf"(?:{_ADMIN}|{_STREET}|{_NUMBER})", text))


def find_places(text: str) -> list[Candidate]:
    """Addresses of two or more segments, masked places and known provinces or cities."""
    found = []
    for m in _ADDRESS.finditer(text):
        s, e = m.span()
        place = m.group(0)
        lead = _LEAD.match(place)
        if lead and lead.end() < len(place) - 1:
            s += lead.end()
            place = text[s:e]
        first = _FIRST_SUFFIX.search(place)
        known = _KNOWN_NAME.search(place, 0, first.end() if first else len(place))
        if known and known.start() > 0:
            s += known.start()     # "地杭州市" -> "杭州市": a known name starts the place
            place = text[s:e]
        many = _segments(place) >= 2 and len(place) >= 4
        if not (many or _MASKED.match(place) or _KNOWN.match(place)):
            continue
        found.append(Candidate(s, e, "PLACE", place, 0.9 if many else 0.8, NAME))
    for m in _EN_ADDRESS.finditer(text):
        found.append(Candidate(m.start(), m.end(), "PLACE", m.group(0), 0.8, NAME))
    return found


@registered(NAME)
def place_rules() -> Rules:
    return find_places


@Language.factory("caselens_places", default_config={"rules": {"@misc": NAME}})
def make_places(nlp: Language, name: str, rules: Rules) -> RuleComponent:
    return RuleComponent(name, rules)
