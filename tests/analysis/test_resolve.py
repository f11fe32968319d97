"""Entity resolution on hand-built mentions: names, anonymised forms, OCR variants, identifiers, accounts."""

from __future__ import annotations

from app.analysis.resolve import names as nm
from app.analysis.resolve.accounts import canonical_org, group_orgs, org_key, resolve_accounts
from app.analysis.resolve.entities import resolve_case
from app.analysis.resolve.records import CaseInput, MentionIn, PageIn, TxnIn
from app.analysis.resolve.scorer import RuleScorer, load_scorer

ID_ZHANG = "330106198501011238"
ID_ZHANG2 = "330106197703153316"
ID_ZHANG_W = "110105199001015678"
CARD_WANG = "6222021234567890123"


class Dossier:
    """Pages of text; mentions are found by their text so spans stay right."""

    def __init__(self):
        self.pages: dict[int, PageIn] = {}
        self.mentions: list[MentionIn] = []
        self.txns: list[TxnIn] = []

    def page(self, text: str, doc: int = 1) -> int:
        pid = len(self.pages) + 1
        self.pages[pid] = PageIn(pid, doc, pid, text)
        return pid

    def mention(self, pid: int, label: str, text: str, nth: int = 0, role: str | None = None,
                value: str | None = None) -> int:
        body = self.pages[pid].text
        start = -1
        for _ in range(nth + 1):
            start = body.index(text, start + 1)
        mid = len(self.mentions) + 1
        self.mentions.append(MentionIn(mid, pid, start, start + len(text), label, text, value or text, role))
        return mid

    def case(self) -> CaseInput:
        return CaseInput(self.pages, self.mentions, self.txns)


def _record(d: Dossier, name: str, id_number: str, phone: str, body: str, role: str = "questioned") -> int:
    pid = d.page(f"讯问笔录\n时间 2021年3月5日9时10分至11时20分\n讯问人 李明 记录人 王强\n"
                 f"被讯问人姓名 {name} 性别 男 身份证号 {id_number} 联系方式 {phone}\n{body}")
    d.mention(pid, "PERSON", "李明")
    d.mention(pid, "PERSON", "王强")
    d.mention(pid, "PERSON", name, role=role)
    d.mention(pid, "ID_NUMBER", id_number)
    d.mention(pid, "PHONE", phone)
    return pid


def _entity_of(res, mention_id: int):
    return next(e for e in res.entities if mention_id in e.mentions)


def test_names_shapes_without_pinyin():
    assert nm.anon_compatible("黄某某", "黄晓明") and nm.anon_compatible("黄某某", "黄伟")
    assert nm.anon_length_match("黄某某", "黄晓明") and not nm.anon_length_match("黄某某", "黄伟")
    assert nm.anon_compatible("黄某", "黄伟") and not nm.anon_compatible("黄某", "王伟")
    assert nm.ocr_variant("王己", "王已") and not nm.ocr_variant("张伟", "章伟")
    assert nm.nickname_compatible("老张", "张伟") and nm.nickname_compatible("阿伟", "张伟")
    assert nm.surname("欧阳娜娜") == "欧阳" and nm.surname("John Smith") == "smith"
    assert nm.name_similarity("张伟", "张伟") == 1.0 and nm.name_similarity("张伟", "李强") == 0.0


def test_resolve_same_name_across_records_is_one_person():
    d = Dossier()
    p1 = _record(d, "张伟", ID_ZHANG, "13812345678", "问：你叫什么？\n答：我叫张伟。")
    p2 = d.page("询问笔录\n被询问人姓名 刘芳\n问：你认识张伟吗？\n答：认识，张伟是我老板。")
    d.mention(p2, "PERSON", "刘芳", role="questioned")
    a = d.mention(p2, "PERSON", "张伟")
    b = d.mention(p2, "PERSON", "张伟", nth=1)
    res = resolve_case(d.case(), RuleScorer())
    z = _entity_of(res, 3)
    assert {3, a, b} <= set(z.mentions) and z.name == "张伟"
    assert z.attrs["id_numbers"] == [ID_ZHANG]
    assert p1 != p2


def test_resolve_homophones_stay_apart_without_identifiers():
    d = Dossier()
    _record(d, "张伟", ID_ZHANG, "13812345678", "问：章伟是谁？\n答：章伟是我朋友。")
    zw = d.mention(1, "PERSON", "章伟")
    res = resolve_case(d.case(), RuleScorer())
    assert _entity_of(res, 3).key != _entity_of(res, zw).key


def test_resolve_two_people_same_name_split_by_id_number():
    d = Dossier()
    _record(d, "张伟", ID_ZHANG, "13812345678", "答：是的。")
    _record(d, "张伟", ID_ZHANG2, "13900001111", "答：不是我。")
    res = resolve_case(d.case(), RuleScorer())
    people = [e for e in res.entities if e.kind == "person" and e.name == "张伟"]
    assert len(people) == 2
    assert {tuple(e.attrs["id_numbers"]) for e in people} == {(ID_ZHANG,), (ID_ZHANG2,)}


def test_resolve_anonymised_joins_only_with_context():
    d = Dossier()
    p = _record(d, "黄晓明", ID_ZHANG, "13812345678", "答：黄某某当天在场。")
    anon_same = d.mention(p, "PERSON", "黄某某")
    other = d.page("起诉意见书\n犯罪嫌疑人黄某某在杭州市窃得电瓶4只。", doc=2)
    anon_other = d.mention(other, "PERSON", "黄某某")
    res = resolve_case(d.case(), RuleScorer())
    assert anon_same in _entity_of(res, 3).mentions
    assert anon_other not in _entity_of(res, 3).mentions


def test_resolve_ocr_variant_joined_by_shared_id_number():
    d = Dossier()
    _record(d, "王己", ID_ZHANG_W, "13812345678", "答：是。")
    _record(d, "王已", ID_ZHANG_W, "13812345678", "答：是。")
    _record(d, "章伟", ID_ZHANG, "13700000000", "答：是。")
    _record(d, "张伟", ID_ZHANG2, "13600000000", "答：是。")
    res = resolve_case(d.case(), RuleScorer())
    assert _entity_of(res, 3).key == _entity_of(res, 8).key
    assert _entity_of(res, 13).key != _entity_of(res, 18).key


def test_resolve_alias_declared_in_text_joins():
    d = Dossier()
    p = _record(d, "张伟", ID_ZHANG, "13812345678", "答：张伟（绰号“阿伟”）是老大。")
    zw = d.mention(p, "PERSON", "张伟", nth=1)
    nick = d.mention(p, "PERSON", "阿伟")
    res = resolve_case(d.case(), RuleScorer())
    assert _entity_of(res, zw).key == _entity_of(res, nick).key == _entity_of(res, 3).key
    assert "阿伟" in _entity_of(res, 3).attrs["aliases"]


def test_accounts_masked_number_joins_only_a_unique_full_number():
    keys = resolve_accounts(["6222021234567890123", "6222********0123", "6217********9999",
                             "6217001111000009999", "6217002222000009999"])
    assert keys.key_of["6222********0123"] == "6222021234567890123"
    assert keys.key_of["6217********9999"] == "6217********9999"


def test_accounts_statement_holder_is_the_person_in_the_record():
    d = Dossier()
    p = _record(d, "王芳", ID_ZHANG_W, "13812345678", f"答：我的银行卡号是{CARD_WANG}。")
    card = d.mention(p, "BANK_CARD", CARD_WANG)
    d.txns.append(TxnIn(1, CARD_WANG, "2021-03-01T10:00", -5000.0, "王芳", "6217001111000009999", "刘强"))
    res = resolve_case(d.case(), RuleScorer())
    wang = _entity_of(res, 3)
    assert res.layout.owner_of[card] == 3
    assert any(r.startswith("th:") for r in wang.refs)


def test_organisations_match_without_legal_form():
    assert org_key("杭州鑫华贸易有限公司") == org_key("杭州鑫华贸易") == "杭州鑫华贸易"
    groups = group_orgs(["杭州鑫华贸易有限公司", "鑫华贸易", "杭州宏泰科技有限责任公司"])
    assert groups["鑫华贸易"] == groups["杭州鑫华贸易有限公司"]
    assert canonical_org(["鑫华贸易", "杭州鑫华贸易有限公司"]) == "杭州鑫华贸易有限公司"


def test_shipped_model_loads_or_falls_back_to_rules():
    scorer = load_scorer()
    assert hasattr(scorer, "score") and scorer.name


def test_bank_named_as_counterparty_is_no_person_co_owning_an_account():
    """#23: a card statement's 对方户名 "China Merchants" (招商银行 without 银行) became a Person owning the account."""
    d = Dossier()
    d.txns += [TxnIn(1, CARD_WANG, "2021-03-01T10:00", -5000.0, "王芳", "6214830000000001", "China Merchants"),
               TxnIn(2, CARD_WANG, "2021-03-02T10:00", -90.0, "王芳", None, "KFC RESTAURANT"),
               TxnIn(3, CARD_WANG, "2021-03-03T10:00", 800.0, "王芳", None, "John Smith")]
    res = resolve_case(d.case(), RuleScorer())
    people = {e.name for e in res.entities if e.kind == "person"}
    assert "China Merchants" not in people and "KFC RESTAURANT" not in people
    assert "John Smith" in people and "王芳" in people
