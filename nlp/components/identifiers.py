"""Validated identifiers: resident IDs, bank cards, labelled accounts, phones, plates, e-mail addresses.

Every number is checked before it is labelled (MOD 11-2 and a real birth date for IDs, Luhn and a card
prefix for cards), so an 18-digit card is not called an ID nor the reverse; digits inside a longer run
of digits never match.
"""

from __future__ import annotations

import re

from spacy.language import Language

from nlp.components.base import Candidate, RuleComponent, Rules, non_overlapping, registered
from nlp.normalise.identifiers import (
    PROVINCE_CODES,
    normalise_email,
    normalise_phone,
    normalise_plate,
    valid_bank_card,
    validate_resident_id,
)

NAME = "caselens.identifiers.v1"

_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
# The label may be broken by a line wrap (账\n号), as text laid out from a PDF often is.
_ACCOUNT_LABEL = re.compile(r"(?:[账帐卡]\s?号|[账帐]\s?户|Account\s*No\.?|Account\s*Number|A/C(?:\s*No\.?)?)"
                            r"\s*[:：]?\s*(?:为|是)?\s*$", re.IGNORECASE)
# One pass finds every digit-shaped thing; the order of alternatives is the order of preference.
_NUMBER = re.compile(
    _NOT_ALNUM_BEFORE + r"(?:"
    r"(?P<masked>\d{3,6}(?:[ -]?[*＊]{2,}){1,3}[ -]?\d{3,4}[Xx]?)"                         # 6222 **** **** 1234
    r"|(?P<grouped>\d{4,6}(?:[ -]\d{3,4}){2,4}(?:[ -]\d{1,4})?)"                        # 6222 0212 3456 7890 123
    r"|(?P<mobile>(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:\d{8}|-\d{4}-\d{4}| \d{4} \d{4}))"   # 138-1234-5678, +86 ...
    r"|(?P<landline>[(（]0\d{2,3}[)）] ?\d{7,8}|0\d{2,3}-\d{7,8}|0\d{9,11})"                # 010-12345678
    r"|(?P<id>\d{17}[\dXx])"
    r"|(?P<digits>\d{12,22})"
    r")" + _NOT_ALNUM_AFTER
)
_PLATE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]"
                    r"[·•.\- ]?[A-HJ-NP-Z0-9]{5,6}[挂学警]?" + _NOT_ALNUM_AFTER)
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")


_PHONE_LABEL = re.compile(r"(?:电话|联系方式|手机|座机|传真|Tel|Phone|Fax)[号码]*\s*[:：]?\s*$", re.IGNORECASE)


def _labelled_account(text: str, start: int) -> bool:
    return bool(_ACCOUNT_LABEL.search(text[max(0, start - 24):start]))


def _classify_digits(digits: str, text: str, start: int) -> tuple[str, str, float] | None:
    """(label, value, confidence) for a run of digits (and a trailing X), or None when it is nothing."""
    if len(digits) == 18:
        rid = validate_resident_id(digits)
        if rid.valid:
            return "ID_NUMBER", rid.number, 1.0
    if not digits[-1].isdigit():
        return None
    labelled = _labelled_account(text, start)
    if valid_bank_card(digits):
        return "BANK_CARD", digits, 1.0
    if labelled and 12 <= len(digits) <= 22:
        return "ACCOUNT", digits, 0.95
    if len(digits) == 15 and validate_resident_id(digits).valid:
        return "ID_NUMBER", digits, 0.9
    return None


def _masked(raw: str) -> tuple[str, str, float] | None:
    value = re.sub(r"[ -]", "", raw).replace("＊", "*").upper()
    if re.fullmatch(r"1[3-9]\d\*{4}\d{4}", value):
        return "PHONE", value, 0.9
    if len(value) == 18 and value[:2] in PROVINCE_CODES and re.fullmatch(r"\d{6}\**\d{3}[\dX]|\d{3,6}\*+\d{4}",
                                                                          value):
        return "ID_NUMBER", value, 0.8
    if 12 <= len(value) <= 19 and value[-1].isdigit():
        return "BANK_CARD", value, 0.8
    return None


def find_identifiers(text: str) -> list[Candidate]:
    """Every validated identifier in the text, most trusted first, without overlaps."""
    found: list[Candidate] = []
    for m in _NUMBER.finditer(text):
        kind = m.lastgroup
        raw = m.group(0)
        result: tuple[str, str, float] | None = None
        if kind == "masked":
            result = _masked(raw)
        elif kind == "landline" and raw.isdigit() and not _PHONE_LABEL.search(text[max(0, m.start() - 12):m.start()]):
            result = None    # an unseparated 0-led run is a landline only after a phone label
        elif kind in ("mobile", "landline"):
            phone = normalise_phone(raw)
            result = ("PHONE", phone, 1.0 if kind == "mobile" else 0.95) if phone else None
        elif kind == "grouped":
            digits = re.sub(r"[ -]", "", raw)
            result = _classify_digits(digits, text, m.start()) if 12 <= len(digits) <= 22 else None
        else:
            result = _classify_digits(raw.upper(), text, m.start())
        if result:
            found.append(Candidate(m.start(), m.end(), result[0], result[1], result[2], NAME))
    for m in _PLATE.finditer(text):
        plate = normalise_plate(m.group(0))
        if plate:
            found.append(Candidate(m.start(), m.end(), "PLATE", plate, 0.95, NAME))
    for m in _EMAIL.finditer(text):
        email = normalise_email(m.group(0))
        if email:
            found.append(Candidate(m.start(), m.end(), "EMAIL", email, 1.0, NAME))
    return non_overlapping(found)


@registered(NAME)
def identifier_rules() -> Rules:
    return find_identifiers


@Language.factory("caselens_identifiers", default_config={"rules": {"@misc": NAME}})
def make_identifiers(nlp: Language, name: str, rules: Rules) -> RuleComponent:
    return RuleComponent(name, rules)
