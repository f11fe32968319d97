"""The shipped linear NER as a pipeline component: loads offline, finds names, is the pipeline's model."""

from __future__ import annotations

import pytest

from nlp.ner.linear_component import FACTORY, MODEL_DIR, load_model

pytestmark = pytest.mark.skipif(not (MODEL_DIR / "weights.npz").is_file(),
                                reason="linear NER model not shipped in resources/models/ner_zh_linear")


def test_shipped_model_is_small_and_versioned():
    model = load_model()
    assert (MODEL_DIR / "weights.npz").stat().st_size < 5_000_000
    assert model.meta["name"] == "caselens_ner_zh_linear" and model.meta["version"].startswith("3.")
    assert (MODEL_DIR / "MODEL_CARD.md").is_file()
    assert model.features < 3 or model.names is not None     # feature set 3 needs its name table
    assert model.features < 4 or model.namelist is not None  # feature set 4 its name-list table


@pytest.mark.parametrize("text", [
    "犯罪嫌疑人张伟于2021年3月5日在杭州市盗窃被害人李某的手机一部。",
    "2021年3月5日，犯罪嫌疑人张伟伙同王某某将被害人的电动车盗走。",
])
def test_model_finds_zhang_wei(text):
    assert (text.index("张伟"), text.index("张伟") + 2, "PERSON") in load_model().predict([text])[0]


def test_names_never_cross_a_line_break_or_a_space_between_chinese_words():
    text = "户籍所在地 上海市浦东新区浦建路233号16幢2单元801室\n工作单位 上海金嘉贸易有限公司 法人 张伟\n"
    spans = load_model().predict([text])[0]
    assert spans and all(not any(ch.isspace() for ch in text[s:e]) for s, e, _ in spans)


def test_pipeline_uses_the_linear_model_and_batches_like_single_texts():
    from nlp.extract import extract, extract_many
    from nlp.pipeline import build_pipeline

    nlp = build_pipeline("zh")
    assert FACTORY in nlp.pipe_names
    assert nlp.meta["caselens"]["ner"].startswith("caselens_ner_zh_linear-3.")
    texts = ["被害人刘芳报案称，犯罪嫌疑人陈建国通过微信骗取其人民币5万元。", "", "张伟在北京。\n李娜在上海。"]
    assert list(extract_many(texts)) == [extract(t) for t in texts]
