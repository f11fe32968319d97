"""Person rules: names after role words, anonymised names, English names; not verbs after names."""

from __future__ import annotations

from nlp.components.persons_rules import find_persons


def _names(text: str) -> list[str]:
    return [text[c.start:c.end] for c in find_persons(text)]


def test_persons_by_context_and_anonymised():
    text = "被告人黄某某在**乡窃得戚某某的电瓶。被害人严某某、肖某某报案。户名 王芳。姓名：张伟。我和李某是朋友。"
    assert _names(text) == ["黄某某", "戚某某", "严某某", "肖某某", "王芳", "张伟", "李某"]


def test_persons_stop_at_function_words():
    assert _names("犯罪嫌疑人张伟在家中，证人王五证实") == ["张伟", "王五"]


def test_persons_not_from_some_day():
    assert _names("于某日，某公司") == []


def test_persons_english():
    assert _names("Witness statement of John Smith. Mr. Brown agreed.") == ["John Smith", "Brown"]


def test_english_names_do_not_cross_lines_or_take_header_words():
    from nlp.extract import extract

    header = "HSBC Hong Kong Statement of Account\nAccount holder: Mary Jones Account No.: 6229469925614173"
    people = [m["text"] for m in extract(header, "en") if m["label"] == "PERSON"]
    assert people == ["Mary Jones"]


def test_persons_in_questions_relatives_and_before_id_numbers():
    cases = {
        "问：你和黄红琳是什么关系？": "黄红琳",
        "答：钱转到了我亲戚章凯勇的卡上。": "章凯勇",
        "民警在工作中发现黄晨磊（公民身份号码330102199001011234）": "黄晨磊",
        "被查询人王五（身份证号330102199001011234）": "王五",
    }
    for text, name in cases.items():
        assert name in _names(text), (text, _names(text))
