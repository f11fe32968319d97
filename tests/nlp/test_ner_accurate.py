"""The accurate Chinese NER (BiLSTM-CRF via onnxruntime): loads offline, finds names, batches like single
texts, is chosen by build_pipeline(ner="accurate"), and falls back to the fast model (E033) when missing."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from nlp.ner.accurate import Featuriser, _table, quantise_rows, reverse_index, text_pieces
from nlp.ner.accurate_component import FACTORY, MODEL_DIR, load_model
from nlp.ner.features import codepoints
from nlp.ner.linear import SEPARATOR

shipped = pytest.mark.skipif(not (MODEL_DIR / "model.onnx").is_file(),
                             reason="accurate NER model not shipped in resources/models/ner_zh_accurate")


@pytest.fixture
def fresh_pipelines():
    from nlp.pipeline import build_pipeline

    build_pipeline.cache_clear()
    yield build_pipeline
    build_pipeline.cache_clear()


def test_reverse_index_reverses_within_length_and_keeps_padding():
    rev = reverse_index(np.array([3, 1, 4]), 4)
    assert rev.tolist() == [[2, 1, 0, 3], [0, 1, 2, 3], [3, 2, 1, 0]]


def test_pieces_end_at_breaks_and_leave_out_the_separator():
    text = "张伟在北京。李娜在上海"
    stream = np.concatenate([codepoints(text), SEPARATOR, codepoints("王芳"), SEPARATOR])
    starts, ends = text_pieces(stream)
    assert [(int(s), int(e)) for s, e in zip(starts, ends, strict=True)] == [(0, 6), (6, 11), (14, 16)]


def test_featuriser_ids_depend_only_on_the_neighbours():
    feat = Featuriser(np.array(sorted(map(ord, "张伟在北京")), np.uint32), 1024,
                      np.zeros(0x110000, np.uint8), np.zeros(0x110000, np.uint8))
    a = feat.inputs(np.concatenate([codepoints("张伟在北京"), SEPARATOR]))
    b = feat.inputs(np.concatenate([codepoints("李娜"), SEPARATOR, codepoints("张伟在北京"), SEPARATOR]))
    assert np.array_equal(a, b[5:])
    assert a[0, 0] >= 2 and feat.inputs(codepoints("娜"))[0, 0] == 1   # known character / unknown


def test_int8_rows_dequantise_within_half_a_step(tmp_path):
    rng = np.random.default_rng(0)
    table = (rng.normal(size=(50, 16)) * rng.uniform(0.01, 3, size=(50, 1))).astype(np.float16)
    table[3] = 0
    q, scale = quantise_rows(table)
    assert q.dtype == np.int8 and scale.dtype == np.float16 and scale.shape == (50,)
    np.savez(tmp_path / "t.npz", emb0=q, emb0_scale=scale, emb1=table)
    with np.load(tmp_path / "t.npz") as z:
        back, plain = _table(z, "emb0"), _table(z, "emb1")
    assert back.dtype == np.float32 and np.array_equal(plain, table.astype(np.float32))
    step = scale.astype(np.float32)[:, None]
    assert np.all(np.abs(back - table.astype(np.float32)) <= 0.5 * step + 1e-3 * np.abs(table) + 1e-6)
    assert not back[3].any()


@shipped
def test_shipped_model_is_versioned_and_has_a_card():
    model = load_model()
    assert model.meta["name"] == "caselens_ner_zh_accurate" and model.meta["version"].startswith("1.")
    assert (MODEL_DIR / "MODEL_CARD.md").is_file()


@shipped
@pytest.mark.parametrize("text", [
    "犯罪嫌疑人张伟于2021年3月5日在杭州市盗窃被害人李某的手机一部。",
    "2021年3月5日，犯罪嫌疑人张伟伙同王某某将被害人的电动车盗走。",
])
def test_model_finds_zhang_wei(text):
    assert (text.index("张伟"), text.index("张伟") + 2, "PERSON") in load_model().predict([text])[0]


@shipped
def test_batch_equals_single_texts():
    texts = ["被害人刘芳报案称，犯罪嫌疑人陈建国通过微信骗取其人民币5万元。", "", "张伟在北京。\n李娜在上海。",
             "新华社北京3月5日电，国务院总理李鹏在人民大会堂会见了日本首相桥本龙太郎。" * 3]
    model = load_model()
    assert model.predict(texts) == [model.predict([t])[0] for t in texts]


@shipped
def test_pipeline_accurate_uses_the_accurate_model(fresh_pipelines):
    from nlp.extract import extract, extract_many

    nlp = fresh_pipelines("zh", ner="accurate")
    fast = fresh_pipelines("zh")
    assert FACTORY in nlp.pipe_names and "caselens_ner_linear_v2" not in nlp.pipe_names
    assert nlp.meta["caselens"]["ner_choice"] == "accurate"
    assert nlp.meta["caselens"]["version"] != fast.meta["caselens"]["version"]
    assert "caselens_ner_zh_accurate-1." in nlp.meta["caselens"]["version"]
    texts = ["被害人刘芳报案称，犯罪嫌疑人陈建国通过微信骗取其人民币5万元。", "", "张伟在北京。\n李娜在上海。"]
    assert list(extract_many(texts, ner="accurate")) == [extract(t, ner="accurate") for t in texts]
    assert any(m["text"] == "张伟" and m["label"] == "PERSON" for m in extract(texts[2], ner="accurate"))


def test_missing_accurate_model_falls_back_to_fast_with_a_coded_warning(fresh_pipelines, tmp_path, monkeypatch,
                                                                        caplog):
    import nlp.ner.accurate_component as component
    from nlp.ner.linear_component import MODEL_DIR as LINEAR_DIR

    monkeypatch.setattr(component, "MODEL_DIR", tmp_path / "absent")
    component.load_model.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="nlp.pipeline"):
            nlp = fresh_pipelines("zh", ner="accurate")
    finally:
        component.load_model.cache_clear()
    assert any("E033" in r.getMessage() for r in caplog.records)
    assert FACTORY not in nlp.pipe_names
    assert nlp.meta["caselens"]["ner_choice"] == "fast"
    if (LINEAR_DIR / "weights.npz").is_file():
        assert "caselens_ner_linear_v2" in nlp.pipe_names


def test_unknown_ner_choice_is_refused(fresh_pipelines):
    with pytest.raises(ValueError, match="NER choice"):
        fresh_pipelines("zh", ner="best")


def test_training_schedule_decays_to_the_end_fraction_and_averages_weights():
    torch = pytest.importorskip("torch")
    from devkit.ner.train_accurate import average, lr_factor, restore, snapshot

    for schedule in ("linear", "cosine"):
        assert lr_factor(schedule, 0.0, 0.1) == pytest.approx(1.0)
        assert lr_factor(schedule, 1.0, 0.1) == pytest.approx(0.1)
        assert lr_factor(schedule, 2.0, 0.1) == pytest.approx(0.1)
        assert 0.1 < lr_factor(schedule, 0.5, 0.1) < 1.0
    assert lr_factor("step", 0.7, 0.1) == 1.0
    layer = torch.nn.Linear(2, 2)
    snaps = []
    for v in (1.0, 3.0):
        torch.nn.init.constant_(layer.weight, v)
        snaps.append(snapshot(layer))
    restore(average(snaps), layer)
    assert torch.allclose(layer.weight, torch.full((2, 2), 2.0))
