"""Page-type classifier: shipped model loads, classifies typical pages, batches, refuses other sklearn versions."""

from __future__ import annotations

import pytest

from nlp.pagetype import model as pm
from nlp.pagetype.templates import PAGE_TYPES, generate, text_to_words

PAGES = {
    "interrogation": "讯问笔录\n被讯问人 张伟 男\n问：你是否明白你涉嫌诈骗被依法传唤？\n答：明白。\n问：你把经过讲一下。\n答：我把卡借给了别人。",
    "inquiry": "询问笔录\n被询问人 李娜 女\n问：你作为证人应当如实提供证据，你明白吗？\n答：明白。",
    "bank_statement": "中国工商银行个人账户交易明细\n户名：王芳 账号：6222021234567890123\n交易日期 交易时间 摘要 交易金额 账户余额\n"
                      "2021-03-05 10:01:02 转账 30,000.00 45,210.33\n2021-03-06 11:00:00 ATM取款 2,000.00 43,210.33",
    "cover": "某某市公安局\n卷    宗\n案件名称：张伟等人涉嫌诈骗案\n案件编号：A3301000000000000001\n卷    别：诉讼文书卷\n保管期限：永久",
}


def test_classify_pages_finds_typical_pages():
    got = pm.classify_pages(list(PAGES.values()))
    assert [label for label, _ in got] == list(PAGES)
    assert all(0.0 < conf <= 1.0 for _, conf in got)


def test_classify_pages_accepts_word_boxes_and_empty_text():
    texts = [PAGES["bank_statement"], ""]
    got = pm.classify_pages(texts, [text_to_words(texts[0]), None])
    assert len(got) == 2 and got[0][0] == "bank_statement"
    assert got[1][0] in PAGE_TYPES
    assert pm.classify_pages([]) == []


def test_templates_cover_every_class_and_are_deterministic():
    a, b = generate(3, seed=5), generate(3, seed=5)
    assert a == b
    assert {label for _, label in a} == set(PAGE_TYPES)


def test_layout_features_table_score_high_for_aligned_columns():
    table = "\n".join(f"2021-03-0{i} 转账 1,000.00 9,000.00" for i in range(1, 8))
    prose = "经侦查查明，犯罪嫌疑人张伟伙同李娜等人提供银行卡用于转账，上述事实有证据证实。"
    assert pm._table_score(text_to_words(table)) > 0.8
    assert pm._table_score(text_to_words(prose)) == 0.0


def test_load_refuses_model_from_other_sklearn_version(tmp_path):
    import joblib

    path = tmp_path / "m.joblib"
    joblib.dump({"sklearn": "0.0.1", "classifier": None}, path)
    with pytest.raises(pm.ModelVersionError, match="scikit-learn 0.0.1"):
        pm.load(str(path))


def test_model_card_states_accuracy():
    card = (pm.MODEL_FILE.parent / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "accuracy" in card.lower() and "scikit-learn" in card
