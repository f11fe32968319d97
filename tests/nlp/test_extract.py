"""extract(): a realistic record page gives exactly the expected mentions (golden list)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.extract import LABELS, extract, extract_many

RECORD = """讯问笔录
时间 2021年3月5日9时10分至2021年3月5日11时20分
姓名：张伟 性别：男 身份证号 11010519491231002X 现住址：浙江省杭州市西湖区文三路100号
问：3月8日你做了什么？
答：我和李某把钱转到我老婆王某的卡上（卡号6222 0212 3456 7890 128），共计人民币叁万伍仟元。"""

GOLDEN = [
    ("DATE", "2021年3月5日9时10分", "2021-03-05T09:10", None),
    ("DATE", "2021年3月5日11时20分", "2021-03-05T11:20", None),
    ("PERSON", "张伟", "张伟", "questioned"),
    ("ID_NUMBER", "11010519491231002X", "11010519491231002X", None),
    ("PLACE", "浙江省杭州市西湖区文三路100号", "浙江省杭州市西湖区文三路100号", None),
    ("DATE", "3月8日", "2021-03-08", None),
    ("PERSON", "李某", "李某", None),
    ("PERSON", "王某", "王某", None),
    ("BANK_CARD", "6222 0212 3456 7890 128", "6222021234567890128", None),
    ("MONEY", "人民币叁万伍仟元", "35000.00 CNY", None),
]


def test_extract_record_page_golden():
    mentions = extract(RECORD)
    assert [(m["label"], m["text"], m["value"], m.get("role")) for m in mentions] == GOLDEN
    for m in mentions:
        assert RECORD[m["start"]:m["end"]] == m["text"] and m["label"] in LABELS


def test_extract_many_keeps_order_and_empty_texts():
    out = list(extract_many(["", "被害人严某某", None]))
    assert out[0] == [] and out[1][0]["text"] == "严某某" and out[2] == []


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 -*年月日时分元万人民币¥$,.某张李王被害人户名：\n浙A·XxAB@")),
               max_size=120))
def test_extract_spans_are_well_formed_on_any_text(text):
    last_end = 0
    for m in extract(text):
        assert 0 <= m["start"] < m["end"] <= len(text) and text[m["start"]:m["end"]] == m["text"]
        assert m["start"] >= last_end
        last_end = m["end"]


def test_full_width_digits_in_dates_are_read_not_raised():
    from nlp.extract import extract

    text = "1.2018年４月间，５月7日下午，来到宜丰县县城伺机作案。"
    dates = {(m["text"], m["value"]) for m in extract(text) if m["label"] == "DATE"}
    assert ("５月7日", "2018-05-07") in dates
    assert isinstance(extract("٥月7日"), list)    # other Unicode digits: skipped or read, never an exception


def test_extract_pages_groups_languages_and_keeps_order():
    from nlp.extract import extract, extract_pages

    pages = [("询问人：王建国。被询问人张伟，身份证号码110101199003071234。", True),
             ("Payee: John Smith, account 6222021234567890123", True),
             ("交易日期 2023-01-05 转账金额 5,000.00元", False)]
    got = extract_pages(pages)
    assert got[0] == extract(pages[0][0], "zh") and got[1] == extract(pages[1][0], "en")
    assert any(m["label"] == "MONEY" for m in got[2])  # rules only on a table page, still the money


def test_extract_pages_a_failing_page_gives_its_error_and_the_rest_go_on(monkeypatch):
    import nlp.extract as ex

    real = ex.mentions_of

    def broken(doc):
        if "坏" in doc.text:
            raise ValueError("broken page")
        return real(doc)

    monkeypatch.setattr(ex, "mentions_of", broken)
    got = ex.extract_pages([("张伟在北京。", True), ("坏页", True), ("李娜在上海。", True)])
    assert got[1] == "ValueError: broken page"
    assert isinstance(got[0], list) and isinstance(got[2], list) and got[0] and got[2]
