"""People by rules: names after role and relation words (犯罪嫌疑人X, 户名X, 姓名：X, 我和X), anonymised names
(黄某某, 张某) anywhere, and English names after titles or role words."""

from __future__ import annotations

import re

from spacy.language import Language

from nlp.components.base import Candidate, RuleComponent, Rules, registered
from nlp.components.lexicon import BOUNDARY, SURNAME_RE

NAME = "caselens.persons.v1"

_GIVEN = "[^" + re.escape(BOUNDARY) + "A-Za-z]"
# A Chinese name: surname plus 某/某某 (anonymised) or one or two given-name characters.
CN_NAME = rf"{SURNAME_RE}(?:某某|某[甲乙丙丁]?|{_GIVEN}{{1,2}})"
CONTEXT_WORDS = ("犯罪嫌疑人|嫌疑人|被告人|被害人|受害人|被讯问人|被询问人|证人|报案人|举报人|户名|持卡人|开户人|"
                 "账户名称|账户名|客户姓名|交易户名|对方户名|对手户名|收款人|付款人|汇款人|姓名|我和|我与|我跟|"
                 "你和|你与|你跟|亲戚|妻子|丈夫|老婆|老公|父亲|母亲|儿子|女儿|朋友|同事|介绍人|联系人|民警|讯问人|询问人|记录人|"
                 "当事人|申请人|委托人|法定代表人|负责人|查询人|立卷人|审核人|承办人|经办人|办案人|侦查员|代理人")
_CONTEXT = re.compile(rf"(?:{CONTEXT_WORDS})(?:[（(]签名[)）])?[:：\s]*(?P<name>{CN_NAME})")
# A further name in a list: 严某某、肖某某 / 李东伟 王振平 (spaces, not a line break)
_MORE = re.compile(rf"(?:[ \u3000]*[、，,和及与][ \u3000]*|[ \u3000]+)(?P<name>{CN_NAME})(?=[\s、，,。；;和及与）)]|$)")
# Names between a preposition and a transfer or relation word: 给李丽娜转了, 向余秀名下账户
_BETWEEN = re.compile(rf"(?:(?:给|向|跟|让|叫|找|帮|替|查询)(?P<name>{CN_NAME})(?=转|汇|打|借|还|付|名下|的账户|的卡|联系|认识|一起)"
                      rf"|(?<=[，。：:；\n])(?P<name2>{CN_NAME})(?=往我|往他|往她|往其|名下))")
# A name right before its ID number: 民警在工作中发现黄晨磊（公民身份号码…）
_BEFORE_ID = re.compile(rf"(?P<name>{CN_NAME})(?=[（(](?:公民)?身份(?:证)?(?:号码|号)|[，,]?身份证号)")
# 某 after a surname is an anonymised name unless it reads 某日/某处/某地 ("于某日").
_ANON = re.compile(rf"{SURNAME_RE}某某?(?:[甲乙丙丁])?(?![年月日时天些种个处地方次])")
# English names stay on one line (a header such as "Statement of Account\nAccount holder" is no name).
_EN_NAME = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:[ \t]+[A-Z]\.)?(?:[ \t]+[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?){1,2}"
_EN = re.compile(rf"(?:\b(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+|\b(?:[Ss]uspect|[Vv]ictim|[Ww]itness|[Dd]efendant|"
                 rf"[Aa]ccount [Hh]older|[Hh]older|[Nn]ame|[Ss]tatement of|[Aa]pplicant)[: \t]+)(?P<name>{_EN_NAME})")
_EN_NOT_NAMES = frozenset("Account Statement Bank Branch Limited Company Period Balance Date Number Card "
                          "Currency Transaction Holder Page Total".split())
_EN_TITLE_ONLY = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?P<name>[A-Z][a-z]+)\b")


def _cut_at_header_word(text: str, s: int, e: int) -> int:
    """End of the name before the first header word ("Mary Jones Account No." -> "Mary Jones"); s when none left."""
    for m in re.finditer(r"[A-Za-z][\w.'-]*", text[s:e]):
        if m.group() in _EN_NOT_NAMES:
            name = text[s:s + m.start()].rstrip()
            return s + len(name) if " " in name else s
    return e


def find_persons(text: str) -> list[Candidate]:
    """Names found by context (confidence 0.9), anonymised names (0.9) and English names (0.85)."""
    found: dict[tuple[int, int], Candidate] = {}
    for m in _CONTEXT.finditer(text):
        s, e = m.span("name")
        found[(s, e)] = Candidate(s, e, "PERSON", text[s:e], 0.9, NAME)
        pos = e
        while (more := _MORE.match(text, pos)) is not None:
            s, e = more.span("name")
            if "某" not in text[s:e] and e - s > 3:
                break
            found[(s, e)] = Candidate(s, e, "PERSON", text[s:e], 0.85, NAME)
            pos = e
    for m in _BEFORE_ID.finditer(text):
        s, e = m.span("name")
        if not any(c.start <= s < c.end for c in found.values()):
            found[(s, e)] = Candidate(s, e, "PERSON", text[s:e], 0.85, NAME)
    for m in _BETWEEN.finditer(text):
        s, e = m.span("name") if m.group("name") else m.span("name2")
        if not any(c.start <= s < c.end for c in found.values()):
            found[(s, e)] = Candidate(s, e, "PERSON", text[s:e], 0.8, NAME)
    for m in _ANON.finditer(text):
        s, e = m.span()
        if not any(c.start <= s < c.end for c in found.values()):
            found[(s, e)] = Candidate(s, e, "PERSON", text[s:e], 0.9, NAME)
    for rx in (_EN, _EN_TITLE_ONLY):
        for m in rx.finditer(text):
            s, e = m.span("name")
            e = _cut_at_header_word(text, s, e)
            if e <= s:
                continue
            if not any(c.start <= s < c.end for c in found.values()):
                found[(s, e)] = Candidate(s, e, "PERSON", " ".join(text[s:e].split()), 0.85, NAME)
    return sorted(found.values())


@registered(NAME)
def person_rules() -> Rules:
    return find_persons


@Language.factory("caselens_persons", default_config={"rules": {"@misc": NAME}})
def make_persons(nlp: Language, name: str, rules: Rules) -> RuleComponent:
    return RuleComponent(name, rules)
