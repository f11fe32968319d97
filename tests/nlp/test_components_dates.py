"""Dates component: dates and times in running text, years carried to month-day dates."""

from __future__ import annotations

from nlp.components.dates import find_dates


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(c.label, text[c.start:c.end], c.value) for c in find_dates(text)]


def test_dates_in_a_prosecution_sentence():
    text = "2017年6月底的一天13时许，犯罪嫌疑人黄某某在**乡窃得电瓶。"
    assert _found(text) == [("DATE", "2017年6月底", "2017-06"), ("TIME", "13时许", "13:00")]


def test_dates_month_day_takes_year_from_earlier_date():
    text = "2021年3月5日9时10分到达。3月8日下午3点又去。"
    assert _found(text) == [("DATE", "2021年3月5日9时10分", "2021-03-05T09:10"),
                            ("DATE", "3月8日下午3点", "2021-03-08T15:00")]
    assert _found("3月8日") == [("DATE", "3月8日", "--03-08")]


def test_dates_not_in_words():
    assert _found("他一时冲动，得了3点建议，判处有期徒刑3年") == []


def test_month_day_date_does_not_take_its_year_from_a_birth_date():
    from nlp.components.dates import find_dates

    text = "犯罪嫌疑人张三，男，1985年4月3日出生。于3月1日13时12分到达现场。"
    values = [c.value for c in find_dates(text) if c.label == "DATE"]
    assert values[0] == "1985-04-03"
    assert all(not v.startswith("1985-03-01") for v in values[1:]), values


def test_month_day_date_takes_its_year_from_the_record_date_not_a_later_birth_date():
    from nlp.components.dates import find_dates

    text = "询问时间：2021年8月9日。问：你的出生日期？答：1976年2月1日。问：2月26日你在哪里？"
    values = [c.value for c in find_dates(text) if c.label == "DATE"]
    assert "2021-02-26" in values[-1], values
