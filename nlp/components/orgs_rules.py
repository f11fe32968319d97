"""Organisations by their endings: companies (…有限公司), banks and branches (…银行…支行), police and
justice bodies (…公安局…分局, …派出所, …大队, …人民法院); the name runs left to the nearest boundary."""

from __future__ import annotations

import re

from spacy.language import Language

from nlp.components.base import Candidate, RuleComponent, Rules, registered
from nlp.components.lexicon import NAME_EDGE

NAME = "caselens.orgs.v1"

# Organisation names may hold digits and masked characters (杭州**科技有限公司), not boundary words.
_ORG_CHAR = "[^" + re.escape(NAME_EDGE.replace("（", "").replace("）", "").replace("(", "").replace(")", "")) + "]"
_SUFFIX = ("股份有限公司|有限责任公司|有限公司|集团有限公司|集团|合作社|事务所|工作室|商行|经营部|门市部|"
           r"银行(?:股份有限公司)?(?:" + _ORG_CHAR + r"{2,12}?(?:支行|分行|营业部|分理处))?|信用社|"
           r"公安局(?:" + _ORG_CHAR + r"{2,8}?分局)?(?:" + _ORG_CHAR + r"{2,8}?(?:派出所|大队|中队|支队))?|"
           "公安分局|派出所|刑侦大队|经侦大队|刑警大队|大队|支队|中队|看守所|拘留所|"
           "人民法院|人民检察院|检察院|司法局|市场监督管理局|税务局|医院|学校|大学|中学|小学")
_ORG = re.compile(rf"{_ORG_CHAR}{{2,20}}?(?:{_SUFFIX})")
# Label words a table or form puts before a name: 单位名称：, 对方户名, 工作单位 (trimmed off the front).
_LEAD = re.compile(r"^(?:.*?(?:户名|名称|单位|对方|对手|收款方|付款方|开户行|开户银行|机构))")
# A bare 大队/中队 needs a real name before it ("刑侦大队", "西湖大队"), not "一个大队".
_WEAK_SUFFIX = re.compile(r"(?:大队|支队|中队|集团|医院|学校|大学|中学|小学)$")
_NOT_A_NAME_START = frozenset("一二三四五六七八九十两几这那每各该本某")


def find_orgs(text: str) -> list[Candidate]:
    """Organisation names ending in a known suffix, at least two characters before it."""
    found = []
    for m in _ORG.finditer(text):
        s, e = m.span()
        name = m.group(0)
        lead = _LEAD.match(name)
        if lead and len(name) - lead.end() >= 4:
            s += lead.end()
            name = text[s:e]
        if name[0] in _NOT_A_NAME_START or (_WEAK_SUFFIX.search(name) and len(name) < 4):
            continue
        found.append(Candidate(s, e, "ORG", name, 0.85, NAME))
    return found


@registered(NAME)
def org_rules() -> Rules:
    return find_orgs


@Language.factory("caselens_orgs", default_config={"rules": {"@misc": NAME}})
def make_orgs(nlp: Language, name: str, rules: Rules) -> RuleComponent:
    return RuleComponent(name, rules)
