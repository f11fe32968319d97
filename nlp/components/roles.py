"""Roles of people from the words before their names: suspect (犯罪嫌疑人/被告人), victim (被害人), witness
(证人), account holder (户名/持卡人) and the person questioned in a 笔录 (its 姓名 header field)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.language import Language

from nlp.components.base import TEXT, registered, text_of
from nlp.components.merge import MENTIONS, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "caselens.roles.v1"

ROLE_WORDS = {
    "suspect": "犯罪嫌疑人|嫌疑人|被告人|[Ss]uspect|[Dd]efendant",
    "victim": "被害人|受害人|[Vv]ictim",
    "witness": "证人|[Ww]itness",
    "account_holder": "户名|持卡人|开户人|账户名称|账户名|客户姓名|交易户名|[Aa]ccount [Hh]older",
    "questioned": "被讯问人|被询问人",
}
_ROLE_BEFORE = re.compile("(?:" + "|".join(f"(?P<{role}>{words})" for role, words in ROLE_WORDS.items())
                          + r"|(?P<name_field>姓名))[:：\s]*$")
_LIST_GAP = re.compile(r"\s*[、，,和及与]\s*")
_STATEMENT = re.compile(r"[讯询]问笔录")
RoleRules = Callable[[str, list[Mention]], None]


def assign_roles(text: str, mentions: list[Mention]) -> None:
    """Set .role on PERSON mentions in place; a list (被害人严某某、肖某某) shares its first name's role."""
    statement = bool(_STATEMENT.search(text))
    previous: Mention | None = None
    for m in mentions:
        if m.label != "PERSON":
            previous = m
            continue
        before = _ROLE_BEFORE.search(text, max(0, m.start - 14), m.start)
        if before:
            role = before.lastgroup
            if role == "name_field":
                role = "questioned" if statement else None
            m.role = role
        elif (previous is not None and previous.label == "PERSON" and previous.role
              and _LIST_GAP.fullmatch(text, previous.end, m.start)):
            m.role = previous.role
        previous = m


@registered(NAME)
def role_rules() -> RoleRules:
    return assign_roles


class AssignRoles:
    """Pipeline component: roles on the merged PERSON mentions (and so on their spans)."""

    def __init__(self, name: str, rules: RoleRules) -> None:
        self.name = name
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc.user_data.get(MENTIONS, [])
        self.rules(text_of(doc), mentions)    # span._.role reads the mention, so spans need no update
        doc.user_data.pop(TEXT, None)    # the cache must not outlive the pipeline (docs are mutable)
        return doc


@Language.factory("caselens_roles", default_config={"rules": {"@misc": NAME}})
def make_roles(nlp: Language, name: str, rules: RoleRules) -> AssignRoles:
    return AssignRoles(name, rules)
