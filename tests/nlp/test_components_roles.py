"""Roles: suspect, victim (shared along a list), witness, account holder, questioned person of a 笔录."""

from __future__ import annotations

from nlp.extract import extract


def _roles(text: str) -> list[tuple[str, str | None]]:
    return [(m["text"], m.get("role")) for m in extract(text) if m["label"] == "PERSON"]


def test_roles_from_role_words_and_lists():
    text = "犯罪嫌疑人黄某某窃得电瓶，被害人严某某、肖某某报案，证人王五证实。户名：王芳。我和李某是朋友。"
    assert _roles(text) == [("黄某某", "suspect"), ("严某某", "victim"), ("肖某某", "victim"), ("王五", "witness"),
                            ("王芳", "account_holder"), ("李某", None)]


def test_roles_questioned_only_in_a_statement():
    assert _roles("询问笔录\n姓名：张伟 性别：男") == [("张伟", "questioned")]
    assert _roles("常住人口登记卡\n姓名：张伟") == [("张伟", None)]
