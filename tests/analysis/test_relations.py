"""Relations and events read from statements and from the sentences of records."""

from __future__ import annotations

from app.analysis.events import build_events, parse_when
from app.analysis.relations import build_relations
from app.analysis.resolve.entities import resolve_case
from app.analysis.resolve.records import CaseInput, MentionIn, PageIn, TxnIn
from app.analysis.resolve.scorer import RuleScorer

BODY = ("讯问笔录\n时间 2021年3月5日9时10分\n被讯问人姓名 张伟 身份证号 330106198501011238\n"
        "问：说说你的情况。\n答：李强是我哥哥。我和赵敏是朋友。同案犯罪嫌疑人孙涛负责取钱。"
        "2021年2月3日，我在杭州宏泰科技有限公司上班时见过孙涛。")


def _case() -> CaseInput:
    page = PageIn(1, 1, 1, BODY)
    ms = []
    for label, text, role in (("PERSON", "张伟", "questioned"), ("ID_NUMBER", "330106198501011238", None),
                              ("PERSON", "李强", None), ("PERSON", "赵敏", None), ("PERSON", "孙涛", None),
                              ("ORG", "杭州宏泰科技有限公司", None), ("DATE", "2021年3月5日", None),
                              ("DATE", "2021年2月3日", None)):
        s = BODY.index(text)
        ms.append(MentionIn(len(ms) + 1, 1, s, s + len(text), label, text, text, role))
    s = BODY.index("孙涛", BODY.index("上班"))
    ms.append(MentionIn(len(ms) + 1, 1, s, s + 2, "PERSON", "孙涛", "孙涛"))
    txns = [TxnIn(1, "6222021234567890123", "2021-03-01T10:00", -5000, "张伟", "6217001111000009999", "孙涛"),
            TxnIn(2, "6222021234567890123", "2021-03-02T10:00", -7000, "张伟", "6217001111000009999", "孙涛"),
            TxnIn(3, "6217001111000009999", "2021-03-02T10:00", 7000, "孙涛", "6222021234567890123", "张伟")]
    return CaseInput({1: page}, ms, txns)


def _rels(case):
    res = resolve_case(case, RuleScorer())
    name = {e.key: e.name for e in res.entities}
    return res, {(r.kind, name[r.src], name[r.dst]): r for r in build_relations(case, res)}


def test_relations_from_record_sentences():
    _, rels = _rels(_case())
    assert rels[("family", "张伟", "李强")].attrs["detail"] == "哥哥"
    assert rels[("associate", "张伟", "赵敏")].attrs["detail"] == "朋友"
    assert ("co_suspect", "张伟", "孙涛") in rels
    assert ("employer", "杭州宏泰科技有限公司", "张伟") in rels
    assert ("holds_id", "张伟", "330106198501011238") in rels
    ev = rels[("family", "张伟", "李强")].evidence[0]
    assert ev["page"] == 1 and "哥哥" in ev["sentence"]


def test_relations_transfers_aggregate_and_do_not_double_count():
    _, rels = _rels(_case())
    t = rels[("transfer", "6222021234567890123", "6217001111000009999")]
    assert t.attrs["count"] == 2 and t.attrs["total"] == 12000.0
    assert t.attrs["first"] == "2021-03-01T10:00" and t.attrs["last"] == "2021-03-02T10:00"
    assert ("owns", "张伟", "6222021234567890123") in rels and ("owns", "孙涛", "6217001111000009999") in rels


def test_events_records_facts_and_transactions():
    case = _case()
    res = resolve_case(case, RuleScorer())
    events = build_events(case, res)
    kinds = [(e.kind, e.time) for e in events]
    assert ("record", "2021-03-05T09:10") in kinds
    assert ("fact", "2021-02-03") in kinds
    assert sum(k == "transaction" for k, _ in kinds) == 3


def test_parse_when_forms():
    assert parse_when("2021-03-05") == ("2021-03-05", "day")
    assert parse_when(None, "2021年3月") == ("2021-03", "month")
    assert parse_when("bad", "不详") is None
