"""English NER (nlp/ner/english.py, english_component.py), CoNLL/MSRA readers, Chinese name list, partial
labels, character clusters and run averaging."""

from __future__ import annotations

import numpy as np
import pytest

from devkit.ner.train_english import train
from nlp.ner.data import Example, conll2003_example, held_out
from nlp.ner.english import EnglishNER, gold_token_tags, layout, tokenize
from nlp.ner.english_component import MODEL_DIR, latin_stretches
from nlp.ner.linear import N_TAGS, TAGS

TRAIN = [Example("John Smith met Mary Jones in London .", [(0, 10, "PERSON"), (15, 25, "PERSON"), (29, 35, "PLACE")]),
         Example("Barclays Bank said Peter Brown left Paris .", [(0, 13, "ORG"), (19, 30, "PERSON"), (36, 41, "PLACE")]),
         Example("Account holder : Zhang Wei", [(17, 26, "PERSON")])]


def test_tokenize_keeps_abbreviations_and_offsets():
    text = "Mr. J. Smith of U.S. firm Smith-Jones Plc. paid O'Neill in London."
    toks = [text[s:e] for s, e in tokenize(text)]
    assert toks == ["Mr.", "J.", "Smith", "of", "U.S.", "firm", "Smith-Jones", "Plc", ".", "paid", "O'Neill",
                    "in", "London", "."]


def test_conll2003_iob1_to_character_spans():
    ex = conll2003_example([("Peter", "I-PER"), ("Blackburn", "I-PER"), ("of", "O"), ("EU", "I-ORG"),
                            ("German", "I-MISC"), ("Bonn", "I-LOC"), ("Paris", "B-LOC")])
    assert ex.text == "Peter Blackburn of EU German Bonn Paris"
    assert [(ex.text[s:e], lab) for s, e, lab in ex.spans] == [
        ("Peter Blackburn", "PERSON"), ("EU", "ORG"), ("Bonn", "PLACE"), ("Paris", "PLACE")]


def test_held_out_is_the_last_tenth_by_order():
    items = [Example(str(i)) for i in range(20)]
    assert [e.text for e in held_out(items, True)] == ["18", "19"]
    assert len(held_out(items, False)) == 18


def test_gold_token_tags_bioes():
    ex = TRAIN[0]
    assert gold_token_tags(ex.text, ex.spans, tokenize(ex.text))[:5] == ["B-PERSON", "E-PERSON", "O", "B-PERSON",
                                                                        "E-PERSON"]


def test_trained_model_recovers_spans_and_survives_save_load(tmp_path):
    train(TRAIN * 5, TRAIN, tmp_path, dim=1 << 12, epochs=6, minutes=1.0)
    model = EnglishNER.load(tmp_path)
    assert model.lexicon is not None
    # the lexicon is counted 4-fold in training, on everything when saved: on 15 sentences that shift may
    # add a span, never lose one
    for ex, pred in zip(TRAIN, model.predict([ex.text for ex in TRAIN]), strict=True):
        assert set(ex.spans) <= set(pred)


def test_predictions_do_not_depend_on_the_batch():
    rng = np.random.default_rng(0)
    model = EnglishNER(rng.normal(size=(1 << 10, N_TAGS)).astype(np.float32),
                       rng.normal(size=(N_TAGS, N_TAGS)).astype(np.float32))
    texts = ["John Smith met Mary.", "", "Paid to HSBC Hong Kong\nBeneficiary Li Na", "word " * 400]
    together = model.predict(texts)
    assert together == [model.predict([t])[0] for t in texts]
    for text, spans in zip(texts, together, strict=True):
        assert all(0 <= s < e <= len(text) and text[s:e].strip() == text[s:e] for s, e, _ in spans)


def test_layout_breaks_pieces_at_sentence_ends_and_lines():
    words, where, starts, ends = layout(["A b. C d\nE"])
    assert [words[s:e] for s, e in zip(starts, ends, strict=True)] == [["A", "b", "."], ["C", "d"], ["E"]]


def test_latin_stretches_of_a_chinese_page():
    text = "张伟向John Smith的Barclays Bank账户转账，卡号6222"
    assert [text[s:e] for s, e in latin_stretches(text)] == ["John Smith", "Barclays Bank"]


needs_model = pytest.mark.skipif(not (MODEL_DIR / "weights.npz").is_file(), reason="English model not shipped")


@needs_model
def test_english_pipeline_finds_people_organisations_places():
    from nlp.extract import extract

    found = [(m["text"], m["label"]) for m in extract("John Smith met Mary Jones of Barclays Bank in London", "en")]
    assert found == [("John Smith", "PERSON"), ("Mary Jones", "PERSON"), ("Barclays Bank", "ORG"),
                     ("London", "PLACE")]


@needs_model
def test_mixed_chinese_page_with_english_names():
    from nlp.extract import extract

    found = {(m["text"], m["label"]) for m in extract("2021年3月5日，张伟向John Smith的Barclays Bank账户转账5000元。")}
    assert {("John Smith", "PERSON"), ("Barclays Bank", "ORG"), ("张伟", "PERSON"), ("5000元", "MONEY"),
            ("2021年3月5日", "DATE")} <= found


def test_partial_labels_keep_persons_and_free_other_characters():
    from devkit.ner.train_linear import latent_gold
    from nlp.ner.linear import LinearNER

    model = LinearNER(np.zeros((8, N_TAGS), np.float32), np.zeros((N_TAGS, N_TAGS), np.float32))
    scores = np.zeros((1, 6, N_TAGS), np.float32)
    scores[0, 3:5, TAGS.index("B-PLACE")] = 5.0
    scores[0, 4, TAGS.index("E-PLACE")] = 9.0
    scores[0, 0, TAGS.index("S-PERSON")] = 9.0       # the model wants a name where the corpus says none can be
    gold = np.zeros((1, 6), np.int64)
    gold[0, 1], gold[0, 2] = TAGS.index("B-PERSON"), TAGS.index("E-PERSON")
    free = np.array([[1, 0, 0, 1, 1, 1]], np.uint8)
    path = [TAGS[t] for t in latent_gold(model, scores, gold, free, np.array([6]))[0]]
    assert path == ["O", "B-PERSON", "E-PERSON", "B-PLACE", "E-PLACE", "O"]


def test_name_list_table_is_derived_and_small(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from nlp.ner import namelist

    (tmp_path / "ancient_names_25w.txt").write_text("\ufeffhead\n2020\n\n王小明\n李小红\n王大伟\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.append(["NameB", "TF"])
    wb.active.append(["王", 9000])
    wb.active.append(["李", 8000])
    wb.save(tmp_path / "family_names_1k.xlsx")
    cps, packed = namelist.build(tmp_path, ["王小明和李小红在大楼里见面。" * 3, "小明大伟"])
    table = namelist.dense(cps, packed)
    assert table[ord("王")] >> 4 >= 5 and table[ord("小")] & 15 > 0
    assert table[ord("和")] == namelist.UNSEEN * 16 + namelist.UNSEEN


def test_character_clusters_group_characters_of_like_contexts():
    pytest.importorskip("sklearn")
    from devkit.ner.charclusters_build import build
    from nlp.ner import charclusters

    texts = ["他在北京市和上海市工作", "她去广州市与深圳市开会", "我从北京市到广州市", "张三在上海市"] * 20
    cps, ids = build(texts, n_chars=40, n_context=40, dims=4, k=4)
    table = charclusters.dense(cps, ids)
    assert table[ord("北")] != charclusters.UNKNOWN and table[ord("喵")] == charclusters.UNKNOWN
    assert table[0] == charclusters.PAD_CLUSTER and len(cps) == len(ids) <= 40


def test_chinese_runs_average_into_one_model(tmp_path):
    from devkit.ner.train_linear import average_models
    from devkit.ner.train_linear import train as train_zh
    from nlp.ner.linear import LinearNER

    items = [Example("犯罪嫌疑人张伟在杭州市盗窃。", [(5, 7, "PERSON"), (8, 11, "PLACE")]),
             Example("被害人李娜向中国银行报案。", [(3, 5, "PERSON"), (6, 10, "ORG")])] * 4
    for seed in (0, 1):
        train_zh(items, items[:2], tmp_path / f"s{seed}", dim=1 << 12, epochs=3, minutes=1.0, seed=seed)
    average_models([tmp_path / "s0", tmp_path / "s1"], tmp_path / "avg", items[:2])
    model = LinearNER.load(tmp_path / "avg")
    assert model.predict([items[0].text]) == [items[0].spans]


@needs_model
def test_english_page_with_chinese_names():
    from nlp.extract import extract

    found = {(m["text"], m["label"]) for m in extract("Payee: 张伟, Account holder John Smith, Barclays Bank. 收款人李娜", "en")}
    assert {("张伟", "PERSON"), ("John Smith", "PERSON"), ("李娜", "PERSON")} <= found
