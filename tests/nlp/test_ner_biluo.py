"""BILUO tag decoding for the fast tagger model: valid and broken tag sequences become sensible spans."""

from __future__ import annotations

import spacy

from nlp.ner.biluo import TAGS, biluo_ents, tags_to_spans


def test_tags_to_spans_reads_valid_sequences():
    tags = ["O", "B-PERSON", "I-PERSON", "L-PERSON", "O", "U-PLACE", "B-ORG", "L-ORG"]
    assert tags_to_spans(tags) == [(1, 4, "PERSON"), (5, 6, "PLACE"), (6, 8, "ORG")]


def test_tags_to_spans_drops_broken_sequences():
    # a stray I/L, or a B never closed by an L of its label, is not an entity
    assert tags_to_spans(["O", "L-PERSON", "O"]) == []
    assert tags_to_spans(["B-PERSON", "I-PERSON", "B-ORG", "L-ORG"]) == [(2, 4, "ORG")]
    assert tags_to_spans(["B-PERSON", "I-ORG", "L-ORG", "U-PLACE"]) == [(3, 4, "PLACE")]
    assert tags_to_spans(["B-PERSON", "I-PERSON"]) == []
    assert tags_to_spans([]) == []


def test_tag_set_covers_every_label():
    assert "O" in TAGS and len(TAGS) == 13
    assert {t.split("-", 1)[1] for t in TAGS if t != "O"} == {"PERSON", "ORG", "PLACE"}


def test_biluo_pipe_sets_character_entities():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    doc = nlp.make_doc("被害人刘芳报案")
    for tok, tag in zip(doc, ["O", "O", "O", "B-PERSON", "L-PERSON", "O", "O"], strict=True):
        tok.tag_ = tag
    doc = biluo_ents(doc)
    assert [(e.text, e.label_, e.start_char) for e in doc.ents] == [("刘芳", "PERSON", 3)]


def test_biluo_pipe_with_no_tags_sets_no_entities():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    assert list(biluo_ents(nlp.make_doc("没有标注的文本")).ents) == []
