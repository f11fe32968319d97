"""Place rules: multi-segment addresses, masked places, known cities; not 超市 or 城市."""

from __future__ import annotations

from nlp.components.places_rules import find_places


def _places(text: str) -> list[str]:
    return [text[c.start:c.end] for c in find_places(text)]


def test_places_addresses_masked_and_known():
    text = "在**乡窃得电瓶。现住址：浙江省杭州市西湖区文三路100号3幢2单元301室，户籍所在地杭州市。"
    assert _places(text) == ["**乡", "浙江省杭州市西湖区文三路100号3幢2单元301室", "杭州市"]


def test_places_not_from_common_words():
    assert _places("在超市门口，这个城市很大，区别不大") == []
