from datetime import datetime

from app.analysis.records.parse import parse_records
from tests.analysis.records_helpers import record_pages


def test_parse_records_header_fields_and_rounds():
    pages = record_pages(10, kind="讯问", person="张三", round_=2, body=["问：你叫什么？", "答：张三。"]) + \
        record_pages(12, person="李四", when="2021年3月6日14时05分至16时30分")
    recs = parse_records(pages)
    assert len(recs) == 2
    a, b = recs
    assert (a.kind, a.round, a.person) == ("讯问", 2, "张三")
    assert a.start == datetime(2021, 3, 5, 9, 10) and a.end == datetime(2021, 3, 5, 11, 20)
    assert a.place == "某派出所询问室"
    assert a.officers == ["李警官", "王警官"] and a.recorder == "赵记录"
    assert [p.number for p in a.pages] == [10, 11]
    assert (b.kind, b.person, b.end) == ("询问", "李四", datetime(2021, 3, 6, 16, 30))


def test_parse_records_turns_join_lines_and_pages_without_footers():
    body = ["问：那天发生了什么？", "答：那天下午我在家里，", "他打电话叫我出去，", "我就去了。",
            "问：然后呢？", "答：然后我们去了银行，", "取了钱以后就分开了。"]
    rec = parse_records(record_pages(1, body=body, split=8))[0]
    answers = [t for t in rec.turns if t.role == "答"]
    assert answers[0].text == "听清楚了。"
    assert answers[1].text == "那天下午我在家里，他打电话叫我出去，我就去了。"
    last = answers[2]
    assert last.text == "然后我们去了银行，取了钱以后就分开了。"  # runs over the page break, signatures left out
    assert [p.number for p in last.pieces] == [1, 2]
    piece, s, e = last.page_span(0, 4)
    assert (piece.number, rec.pages[0].text[s:e]) == (1, "然后我们")
    assert all("签名" not in t.text and "第1页" not in t.text for t in rec.turns)


def test_parse_records_facts_carry_turn_offsets():
    rec = parse_records(record_pages(1, body=["问：钱给了谁？", "答：2021年5月2日9时许，我在东湖区茶楼把5000元现金交给了王五。"]))[0]
    ans = rec.turns[-1]
    money = next(f for f in ans.facts if f.label == "MONEY")
    assert ans.text[money.start:money.end] == "5000元" and money.value == "5000.00 CNY"
