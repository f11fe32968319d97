"""Money component: amounts in running text, with currency, never bare numbers."""

from __future__ import annotations

from nlp.components.money import find_money


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[c.start:c.end], c.value) for c in find_money(text)]


def test_money_in_narrative():
    text = "窃得电瓶4只，计价值人民币352元。后转账30,000.00元和3.5万元，共计人民币叁万伍仟元整。"
    assert _found(text) == [("人民币352元", "352.00 CNY"), ("30,000.00元", "30000.00 CNY"),
                            ("3.5万元", "35000.00 CNY"), ("人民币叁万伍仟元整", "35000.00 CNY")]


def test_money_english_and_bare_numbers():
    assert _found("He paid $1,200.50 and 1,200 dollars; ref 30000.") == [
        ("$1,200.50", "1200.50 USD"), ("1,200 dollars", "1200.00 USD")]


def test_money_not_in_words():
    assert _found("元旦那天他拿了数千元，第一次") == []
