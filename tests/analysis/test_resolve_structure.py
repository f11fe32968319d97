"""Record-structure merges of loose name forms (李某, 黄某某): each rule's merge and its near miss."""

from __future__ import annotations

from app.analysis.resolve import names as nm
from app.analysis.resolve.entities import resolve_case
from app.analysis.resolve.persons import plausible_id_number
from app.analysis.resolve.records import CaseInput, MentionIn, PageIn
from app.analysis.resolve.scorer import RuleScorer


def _id(region: str, birth: str, seq: str) -> str:
    """A valid 18-digit ID number (right check digit); seq's last digit odd = 男."""
    body = region + birth + seq
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


class Case:
    def __init__(self):
        self.pages: dict[int, PageIn] = {}
        self.mentions: list[MentionIn] = []

    def page(self, text: str, doc: int = 1) -> int:
        pid = len(self.pages) + 1
        self.pages[pid] = PageIn(pid, doc, pid, text)
        return pid

    def tag(self, pid: int, label: str, text: str, nth: int = 0) -> int:
        body, start = self.pages[pid].text, -1
        for _ in range(nth + 1):
            start = body.index(text, start + 1)
        mid = len(self.mentions) + 1
        self.mentions.append(MentionIn(mid, pid, start, start + len(text), label, text, text))
        return mid

    def resolve(self):
        return resolve_case(CaseInput(self.pages, self.mentions), RuleScorer())


def _same(res, a: int, b: int) -> bool:
    ent = next(e for e in res.entities if a in e.mentions)
    return b in ent.mentions


def _record(c: Case, name: str, id_number: str, body: str) -> int:
    pid = c.page(f"讯问笔录\n被讯问人 姓名 {name} 性别 男 身份证号 {id_number}\n{body}", doc=len(c.pages) + 1)
    c.tag(pid, "PERSON", name)
    c.tag(pid, "ID_NUMBER", id_number)
    return pid


def test_resolve_anon_in_answer_joins_person_named_in_question():
    c = Case()
    pid = _record(c, "王芳", _id("330106", "19900101", "002"),
                  "问：你和张伟是什么关系？\n答：是张某让我去取的。\n问：张明呢？\n答：张明是我同事。")
    zw, anon = c.tag(pid, "PERSON", "张伟"), c.tag(pid, "PERSON", "张某")
    zm = c.tag(pid, "PERSON", "张明")
    res = c.resolve()
    assert _same(res, zw, anon) and not _same(res, zm, anon)
    ent = next(e for e in res.entities if anon in e.mentions)
    assert "named_in_question" in ent.mentions[anon][1]


def test_resolve_anon_in_answer_stays_apart_when_question_names_two_fits():
    c = Case()
    pid = _record(c, "王芳", _id("330106", "19900101", "002"),
                  "问：你和张伟、张明是什么关系？\n答：是张某让我去取的。")
    zw, zm, anon = c.tag(pid, "PERSON", "张伟"), c.tag(pid, "PERSON", "张明"), c.tag(pid, "PERSON", "张某")
    res = c.resolve()
    assert not _same(res, zw, anon) and not _same(res, zm, anon)


def _indictment(c: Case, header: str) -> int:
    return c.page("起诉意见书\n" + header + "犯罪嫌疑人黄某某等人涉嫌诈骗一案，经依法侦查查明。", doc=99)


def test_resolve_indictment_header_joins_by_birth_date_in_id_number():
    c = Case()
    huang = _record(c, "黄晓明", _id("350203", "19850302", "011"), "答：是的。")
    dong = _record(c, "黄晓东", _id("350203", "19910715", "013"), "答：是的。")
    pid = _indictment(c, "犯罪嫌疑人黄某某，男，1991年7月15日出生，汉族。\n"
                         "犯罪嫌疑人黄某某，男，1985年3月2日出生，汉族。\n")
    first, second = c.tag(pid, "PERSON", "黄某某", 0), c.tag(pid, "PERSON", "黄某某", 1)
    lead = c.tag(pid, "PERSON", "黄某某", 2)
    res = c.resolve()
    hm, hd = next(m.id for m in c.mentions if m.page_id == huang), next(m.id for m in c.mentions if m.page_id == dong)
    assert _same(res, hd, first) and _same(res, hm, second) and not _same(res, first, second)
    assert _same(res, hd, lead)          # 犯罪嫌疑人黄某某等人: the first one listed
    ent = next(e for e in res.entities if second in e.mentions)
    assert "birth_date_in_id_number" in ent.mentions[second][1]


def test_resolve_indictment_header_needs_matching_sex_and_one_candidate():
    c = Case()
    _record(c, "黄晓明", _id("350203", "19850302", "011"), "答：是的。")      # 男
    _record(c, "黄晓红", _id("350203", "19850302", "024"), "答：是的。")      # 女, same birthday
    _record(c, "黄晓军", _id("350203", "19850302", "031"), "答：是的。")      # 男, same birthday
    pid = _indictment(c, "犯罪嫌疑人黄某某，男，1985年3月2日出生，汉族。\n")
    anon = c.tag(pid, "PERSON", "黄某某")
    res = c.resolve()
    ent = next(e for e in res.entities if anon in e.mentions)
    assert all(c.mentions[m - 1].text == "黄某某" for m in ent.mentions)  # two men born that day: no guess


def test_resolve_indictment_header_sex_picks_between_same_birthdays():
    c = Case()
    _record(c, "黄晓明", _id("350203", "19850302", "011"), "答：是的。")      # 男
    red = _record(c, "黄晓红", _id("350203", "19850302", "024"), "答：是的。")  # 女, same birthday
    pid = _indictment(c, "犯罪嫌疑人黄某某，女，1985年3月2日出生，汉族。\n")
    anon = c.tag(pid, "PERSON", "黄某某")
    res = c.resolve()
    assert _same(res, next(m.id for m in c.mentions if m.page_id == red), anon)
    assert not _same(res, 1, anon)


def test_resolve_unlabelled_statement_number_is_no_id_number():
    assert not plausible_id_number("338070981213045", "\n消费\n")
    assert plausible_id_number("338070981213045", "身份证号 ")
    assert plausible_id_number(_id("350203", "19850302", "011"), "")
    good = _id("350203", "19850302", "011")
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    assert not plausible_id_number(bad, "") and plausible_id_number(bad, "公民身份号码")


def test_names_anon_run_on_is_trimmed_but_masks_kept():
    assert nm.clean_name("李某安") == "李某" and nm.clean_name("李某某") == "李某某"
    assert nm.clean_name("欧阳某某安") == "欧阳某某" and nm.clean_name("张伟") == "张伟"


def test_resolve_look_alike_names_stay_apart_without_identifiers():
    c = Case()
    a = _record(c, "张伟", _id("330106", "19850101", "011"), "答：是的。")
    b = _record(c, "章伟", _id("330106", "19770315", "031"), "答：不是。")
    res = c.resolve()
    za = next(m.id for m in c.mentions if m.page_id == a and m.label == "PERSON")
    zb = next(m.id for m in c.mentions if m.page_id == b and m.label == "PERSON")
    assert not _same(res, za, zb)


def test_names_edge_quotes_and_brackets_are_no_part_of_a_name():
    assert nm.clean_name("“大文") == "大文" and nm.clean_name("「张伟」") == "张伟"
    assert nm.clean_name("黄**") == "黄**" and nm.clean_name("（黄某某") == "黄某某"


def test_resolve_quoted_nickname_span_does_not_block_anonymised_forms():
    c = Case()
    li = _record(c, "李强文", _id("340104", "19631014", "013"), "答：是的。")
    pid = c.page("受案登记表\n报案人称，其经人介绍认识李强文（绰号“大文”），对方以高额回报为由诱使其投资。", doc=50)
    c.tag(pid, "PERSON", "李强文")
    quoted = c.tag(pid, "PERSON", "“大文")     # the extractor caught the opening quote
    ind = _indictment(c, "犯罪嫌疑人李某某，男，1963年10月14日出生，汉族。\n")
    anon = c.tag(ind, "PERSON", "李某某")
    res = c.resolve()
    lq = next(m.id for m in c.mentions if m.page_id == li and m.label == "PERSON")
    assert _same(res, lq, quoted) and _same(res, lq, anon)


def test_resolve_span_missing_the_surname_is_repaired_from_a_known_name():
    c = Case()
    hl = _record(c, "黄兰晶", _id("350203", "19620727", "024"), "答：是的。")
    pid = _record(c, "陆玲", _id("330106", "19900101", "002"), "问：你和她是什么关系？\n答：是黄兰晶让我去取的。")
    clipped = c.tag(pid, "PERSON", "兰晶")          # the page reads 黄兰晶; the span began one late
    other = c.page("问：兰晶是谁？\n答：兰晶是我朋友。", doc=77)   # no 黄 before it: left alone
    alone = c.tag(other, "PERSON", "兰晶")
    res = c.resolve()
    full = next(m.id for m in c.mentions if m.page_id == hl and m.label == "PERSON")
    assert _same(res, full, clipped) and not _same(res, full, alone)


def test_resolve_loose_form_joins_name_read_in_question_the_extractor_missed():
    c = Case()
    zw = _record(c, "张伟", _id("330106", "19850101", "011"), "答：是的。")
    zm = _record(c, "张明", _id("330106", "19770315", "031"), "答：是的。")
    pid = _record(c, "王芳", _id("330106", "19900101", "002"),
                  "问：你和张伟是什么关系？\n答：是张哥让我去取的。\n问：你和张伟、张明是什么关系？\n答：张哥是我老乡。")
    first, second = c.tag(pid, "PERSON", "张哥", 0), c.tag(pid, "PERSON", "张哥", 1)   # no mention in the questions
    res = c.resolve()
    w = next(m.id for m in c.mentions if m.page_id == zw and m.label == "PERSON")
    m = next(m.id for m in c.mentions if m.page_id == zm and m.label == "PERSON")
    assert _same(res, w, first) and not _same(res, m, first)
    ent = next(e for e in res.entities if first in e.mentions)
    assert "named_in_question" in ent.mentions[first][1]
    assert not _same(res, m, second)    # the second question reads two 张 names: no guess
