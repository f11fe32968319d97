"""Span repairs: a cut transliterated name runs on over its syllables; Chinese names and other spans stay."""

from __future__ import annotations

from nlp.ner.spanfix import extend_transliterations


def test_cut_transliterated_name_takes_its_following_syllables():
    assert extend_transliterations("赫里斯托夫说", [(0, 4, "PERSON")]) == [(0, 5, "PERSON")]


def test_chinese_name_and_other_labels_are_not_extended():
    assert extend_transliterations("张伟斯说", [(0, 2, "PERSON")]) == [(0, 2, "PERSON")]
    assert extend_transliterations("尼德兰斯", [(0, 3, "PLACE")]) == [(0, 3, "PLACE")]


def test_extension_stops_at_the_next_span():
    spans = [(0, 2, "PERSON"), (2, 4, "PERSON")]
    assert extend_transliterations("斯尔克特", spans) == spans
