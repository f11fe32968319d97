"""The shipped statistical NER: loads offline from resources, finds case-text names, aligns to characters."""

from __future__ import annotations

import re

import pytest
import spacy

import nlp.ner.component  # noqa: F401  (registers the factory)
from nlp.ner.biluo import TAGS
from nlp.ner.component import MODEL_DIR, load_model, predict_spans


@pytest.fixture(scope="module")
def pipe():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("caselens_ner")
    return nlp


def test_model_uses_char_segmenter_and_no_download():
    model = load_model()
    assert model.config["nlp"]["tokenizer"]["segmenter"] == "char"
    assert model.pipe_names == ["tagger", "caselens_biluo_ents"]
    assert set(model.get_pipe("tagger").labels) == set(TAGS)


@pytest.mark.parametrize("text", [
    "犯罪嫌疑人张伟于2021年3月5日在某某市盗窃被害人李某的手机一部。",
    "2021年3月5日，犯罪嫌疑人张伟伙同王某某将被害人的电动车盗走。",
])
def test_component_finds_zhang_wei(pipe, text):
    doc = pipe(text)
    assert ("张伟", "PERSON") in [(e.text, e.label_) for e in doc.ents]


def test_spans_align_to_characters():
    text = "被害人刘芳报案称，犯罪嫌疑人陈建国通过微信骗取其人民币5万元。\n" * 3
    spans = predict_spans(text)
    assert spans
    for s, e, label in spans:
        assert 0 <= s < e <= len(text) and label in ("PERSON", "ORG", "PLACE")
        assert text[s:e].strip() == text[s:e]


def test_long_text_is_split_at_lines_and_offsets_kept():
    line = "犯罪嫌疑人张伟于2021年在北京市盗窃。\n"
    text = line * 400  # > MAX_CHARS
    spans = predict_spans(text)
    starts = {s for s, e, lab in spans if text[s:e] == "张伟"}
    assert len(starts) >= 390 and all(text[s:s + 2] == "张伟" for s in starts)


def test_existing_entities_are_not_overridden(pipe):
    text = "犯罪嫌疑人张伟于2021年在北京市盗窃。"
    doc = pipe.make_doc(text)
    doc.ents = [doc.char_span(5, 8, label="RULE")]  # 张伟于, a deliberately odd rule span
    doc = pipe.get_pipe("caselens_ner")(doc)
    labels = [(e.text, e.label_) for e in doc.ents]
    assert ("张伟于", "RULE") in labels and ("张伟", "PERSON") not in labels


def test_model_card_states_scores_and_licences():
    card = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "CAIL2021" in card and "CLUENER" in card and "licence" in card.lower()
    assert re.search(r"PERSON[^\n]*0\.\d{2}", card), "card must state measured PERSON scores"


def test_model_is_small():
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 10 * 1024 * 1024


def test_batched_pipe_matches_one_by_one(pipe):
    texts = ["犯罪嫌疑人张伟于2021年3月5日在某某市盗窃。", "", "被害人刘芳报案称。\n" * 700, "证人王建国证实。"]
    one_by_one = [[(e.start_char, e.end_char, e.label_) for e in pipe(t).ents] for t in texts]
    batched = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in pipe.pipe(texts, batch_size=2)]
    assert batched == one_by_one
    assert any(len(spans) > 100 for spans in batched)  # the long text, split into pieces, is fully covered
