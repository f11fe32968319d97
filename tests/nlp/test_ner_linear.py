"""The linear NER: batched constrained Viterbi, character offsets, batch independence, int8 storage."""

from __future__ import annotations

import numpy as np
import pytest

from devkit.ner.train_linear import gold_tags, train
from nlp.ner.data import Example
from nlp.ner.linear import ALLOWED, MAX_PIECE, MAY_END, MAY_START, N_TAGS, TAGS, LinearNER, _pieces

TRAIN = [Example("犯罪嫌疑人张伟在杭州市盗窃。", [(5, 7, "PERSON"), (8, 11, "PLACE")]),
         Example("被害人李娜向中国银行报案。", [(3, 5, "PERSON"), (6, 10, "ORG")]),
         Example("王芳说，张伟认识李娜。", [(0, 2, "PERSON"), (4, 6, "PERSON"), (8, 10, "PERSON")])]


def _random_model(seed: int = 0) -> LinearNER:
    rng = np.random.default_rng(seed)
    return LinearNER(rng.normal(size=(1 << 10, N_TAGS)).astype(np.float32),
                     rng.normal(size=(N_TAGS, N_TAGS)).astype(np.float32))


def _well_formed(path: list[int]) -> bool:
    return (MAY_START[path[0]] and MAY_END[path[-1]]
            and all(ALLOWED[a, b] for a, b in zip(path, path[1:], strict=False)))


def test_viterbi_batched_rows_match_single_rows_and_obey_bioes():
    model = _random_model()
    rng = np.random.default_rng(1)
    lengths = np.array([5, 1, 9, 3] * 5)
    scores = rng.normal(size=(20, 9, N_TAGS)).astype(np.float32) * 3
    batched = model.viterbi(scores, lengths)
    for r, n in enumerate(lengths):
        single = model.viterbi(scores[r:r + 1, :n], lengths[r:r + 1])[0]
        assert batched[r, :n].tolist() == single.tolist()
        assert _well_formed(single.tolist())


def test_gold_tags_are_bioes():
    tags = [TAGS[t] for t in gold_tags(TRAIN[0])]
    assert tags[4:12] == ["O", "B-PERSON", "E-PERSON", "O", "B-PLACE", "I-PLACE", "E-PLACE", "O"]


def test_trained_model_recovers_training_spans_with_character_offsets(tmp_path):
    train(TRAIN * 4, TRAIN, tmp_path, dim=1 << 12, epochs=6, minutes=1.0)
    model = LinearNER.load(tmp_path)
    pred = model.predict([ex.text for ex in TRAIN])
    assert pred == [ex.spans for ex in TRAIN]


def test_predictions_do_not_depend_on_the_batch(tmp_path):
    model = _random_model(3)
    texts = ["张伟在杭州。", "", "李娜说。\n王芳在北京市。", "x" * (MAX_PIECE * 2 + 7)]
    together = model.predict(texts)
    assert together == [model.predict([t])[0] for t in texts]
    for text, spans in zip(texts, together, strict=True):
        assert all(0 <= s < e <= len(text) for s, e, _ in spans)


def test_long_text_is_decoded_in_bounded_pieces():
    stream = np.array([ord("a")] * (MAX_PIECE * 3 + 5) + [ord("。")] + [ord("b")] * 4, dtype=np.uint32)
    starts, ends = _pieces(stream)
    assert (ends - starts).max() <= MAX_PIECE and ends[-1] == len(stream) and starts[0] == 0
    assert (starts[1:] == ends[:-1]).all()


def test_save_load_keeps_predictions(tmp_path):
    model = _random_model(4)
    model.meta = {"name": "t", "version": "0"}
    model.save(tmp_path)
    loaded = LinearNER.load(tmp_path)
    ids = np.random.default_rng(5).integers(0, model.dim, size=(50, 16))
    assert np.abs(loaded.emissions(ids) - model.emissions(ids)).max() <= 16 * np.abs(model.weights).max() / 254 + 1e-4
    assert loaded.meta["version"] == "0" and loaded.dim == model.dim


def test_load_missing_model_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        LinearNER.load(tmp_path / "nothing")


def _names_model(seed: int = 6) -> LinearNER:
    from nlp.ner import namechars

    model = _random_model(seed)
    model.features = 3
    model.names_sparse = namechars.sparse(TRAIN * 2)
    model.names = namechars.dense(*model.names_sparse)
    return model


def test_feature_set_3_predictions_do_not_depend_on_the_batch():
    model = _names_model()
    texts = ["张伟在杭州。", "赫里斯坚科说", "李娜说。王芳在北京市。", "斯"]
    assert model.predict(texts) == [model.predict([t])[0] for t in texts]


def test_feature_set_3_needs_the_name_table():
    from nlp.ner.features import feature_ids

    with pytest.raises(ValueError):
        feature_ids(np.array([ord("张")], dtype=np.uint32), 1 << 10, 3, None)


def test_feature_set_3_model_saves_and_loads_its_name_table(tmp_path):
    model = _names_model()
    model.meta = {"name": "t", "version": "0", "features": 3}
    model.save(tmp_path)
    loaded = LinearNER.load(tmp_path)
    assert loaded.names is not None and (loaded.names == model.names).all()
    assert loaded.features == 3
    text = "张伟认识李娜。"
    for s, e, _ in loaded.predict([text])[0]:
        assert 0 <= s < e <= len(text)
