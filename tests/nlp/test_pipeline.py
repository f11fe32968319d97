"""Pipeline assembly and merging: per-character Chinese, rules before merge, model spans never override rules."""

from __future__ import annotations

import pytest
from spacy.language import Language

from nlp.components.base import Candidate
from nlp.components.merge import resolve
from nlp.extract import mentions_of
from nlp.pipeline import RULE_COMPONENTS, build_pipeline, detect_language


def test_pipeline_zh_is_per_character_with_rules_then_merge_then_roles():
    nlp = build_pipeline("zh")
    assert nlp.config["nlp"]["tokenizer"]["segmenter"] == "char"
    assert [t.text for t in nlp.make_doc("张伟")] == ["张", "伟"]
    names = nlp.pipe_names
    assert names[:len(RULE_COMPONENTS)] == list(RULE_COMPONENTS) and names[-2:] == ["caselens_merge", "caselens_roles"]
    assert nlp.meta["caselens"]["version"].startswith("rules-")
    assert build_pipeline("zh") is nlp          # loaded once per process


def test_pipeline_spans_carry_value_and_role():
    doc = build_pipeline("zh")("被害人严某某于2021年3月5日被骗人民币3万元")
    spans = [(s.text, s.label_, s._.value, s._.role) for s in doc.spans["mentions"]]
    assert spans == [("严某某", "PERSON", "严某某", "victim"), ("2021年3月5日", "DATE", "2021-03-05", None),
                     ("人民币3万元", "MONEY", "30000.00 CNY", None)]
    assert [e.text for e in doc.ents] == ["严某某", "2021年3月5日", "人民币3万元"]


def test_resolve_rules_win_for_identifiers_and_longer_names_win():
    card = Candidate(5, 24, "BANK_CARD", "6222021234567890128", 1.0, "rules")
    model_over_card = Candidate(3, 10, "ORG", "x", 0.7, "caselens_ner")
    short_rule = Candidate(30, 33, "PERSON", "黄某某", 0.9, "rules")
    long_model = Candidate(30, 36, "ORG", "黄某某公司", 0.7, "caselens_ner")
    model_only = Candidate(40, 42, "PLACE", "杭州", 0.7, "caselens_ner")
    kept = resolve([card, short_rule], [model_over_card, long_model, model_only])
    assert kept == [card, long_model, model_only]


@Language.component("test_fake_statistical_ner")
def _fake_ner(doc):
    """Stands in for caselens_ner: a PERSON over a card number, and a place the rules miss."""
    over_card = doc.char_span(0, 6, label="PERSON", alignment_mode="expand")
    place = doc.char_span(len(doc.text) - 2, len(doc.text), label="LOC", alignment_mode="expand")
    doc.ents = [over_card, place]
    return doc


def test_statistical_spans_are_united_but_never_override_identifiers():
    nlp = build_pipeline("zh", statistical=False)
    text = "6222021234567890128转到杭州"
    plain = mentions_of(nlp(text))
    with nlp.select_pipes(enable=list(nlp.pipe_names)):
        nlp.add_pipe("test_fake_statistical_ner", before="caselens_merge")
        try:
            merged = mentions_of(nlp(text))
        finally:
            nlp.remove_pipe("test_fake_statistical_ner")
    assert [m["label"] for m in plain] == ["BANK_CARD"]
    assert [(m["label"], m["text"]) for m in merged] == [("BANK_CARD", "6222021234567890128"), ("PLACE", "杭州")]


def test_pipeline_en_and_language_detection():
    assert detect_language("犯罪嫌疑人张伟") == "zh" and detect_language("Witness statement of John") == "en"
    doc = build_pipeline("en")("On 5 March 2021 John paid $1,200.50 to 6222021234567890128.")
    # the English model (nlp/ner/english_component.py) finds John; identifiers, money and dates as before
    assert [s.label_ for s in doc.spans["mentions"]] == ["DATE", "PERSON", "MONEY", "BANK_CARD"]


def test_pipeline_rejects_unknown_language():
    with pytest.raises(ValueError):
        build_pipeline("fr")


def test_model_names_without_cjk_or_capital_are_dropped():
    from nlp.components.merge import _plausible_name

    assert _plausible_name("张伟") and _plausible_name("John") and _plausible_name("黄某某")
    assert not _plausible_name("paid") and not _plausible_name("transfer")


@pytest.mark.parametrize("text", ["", " ", "张伟 在\n\n 杭州  市。", "a b  c\t\u3000中\xa0文 ", "\r\n户名：王芳 卡号 6222 0212",
                                  "Mr John  Smith paid $1,200.50\n"])
def test_char_tokenizer_matches_spacy_char_segmenter(text):
    import spacy

    from nlp.components.base import CharTokenizer

    reference = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    ours = CharTokenizer(reference.vocab)(text)
    theirs = reference.tokenizer(text)
    assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in theirs]
    assert ours.text == text


def test_resolve_model_span_running_into_a_rule_person_is_dropped():
    person = Candidate(10, 13, "PERSON", "孙锋静", 0.9, "rules")
    swallowing = Candidate(8, 20, "ORG", "害人孙锋静通过手机银行", 0.7, "caselens_ner")
    starting_with_person = Candidate(10, 15, "ORG", "孙锋静公司", 0.7, "caselens_ner")
    assert resolve([person], [swallowing]) == [person]
    assert resolve([person], [starting_with_person]) == [starting_with_person]
