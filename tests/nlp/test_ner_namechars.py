"""Name-character buckets: surnames score high as first characters, function words low, unseen apart."""

from __future__ import annotations

import numpy as np

from nlp.ner import namechars
from nlp.ner.data import Example
from nlp.ner.features import _runs

TEXTS = [Example("张伟说张伟在张家", [(0, 2, "PERSON"), (3, 5, "PERSON")]),
         Example("张伟的朋友的的的", [(0, 2, "PERSON")])]


def test_surname_and_given_buckets_follow_counts():
    table = namechars.table_from(TEXTS * 3)
    sur, giv = table >> 4, table & 15
    assert sur[ord("张")] > sur[ord("的")] and giv[ord("伟")] > giv[ord("的")]
    assert sur[ord("伟")] < sur[ord("张")]
    assert sur[ord("龘")] == namechars.UNSEEN and giv[ord("龘")] == namechars.UNSEEN


def test_sparse_table_round_trips_through_a_file(tmp_path):
    cps, packed = namechars.sparse(TEXTS)
    namechars.save(tmp_path, cps, packed)
    assert (namechars.load(tmp_path) == namechars.dense(cps, packed)).all()
    assert namechars.load(tmp_path / "none") is None


def test_runs_count_flagged_characters_on_each_side():
    left, right = _runs(np.array([1, 1, 0, 1, 1, 1, 0], dtype=bool))
    assert left.tolist() == [1, 2, 0, 1, 2, 3, 0] and right.tolist() == [2, 1, 0, 3, 2, 1, 0]
