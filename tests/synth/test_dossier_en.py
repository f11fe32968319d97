"""The English (--lang en) dossier: English text on every page, truth entities on their pages, relations stated."""

from __future__ import annotations

import hashlib
import re

import pytest

from devkit.synth.dossier import write_dossier
from devkit.synth.truth import validate

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    import pymupdf

    out = tmp_path_factory.mktemp("synth_en") / "en.pdf"
    truth = write_dossier(out, pages=45, seed=5, lang="en")
    doc = pymupdf.open(out)
    texts = [doc[i].get_text() for i in range(doc.page_count)]
    doc.close()
    return truth, texts


def test_english_truth_validates(english):
    truth, texts = english
    assert validate(truth) == []
    assert len(truth["pages"]) == len(texts) == 45


def test_english_pages_have_no_chinese(english):
    truth, texts = english
    bad = [(p["number"], p["type"], CJK.findall(texts[p["number"] - 1])[:5]) for p in truth["pages"]
           if CJK.search(texts[p["number"] - 1])]
    assert bad == []


def test_english_page_kinds_all_present(english):
    truth, _ = english
    kinds = {p["type"] for p in truth["pages"]}
    assert {"cover", "contents", "form", "interrogation", "inquiry", "narrative", "id_record", "bank_statement"} <= kinds


def test_english_entities_on_their_pages(english):
    truth, texts = english
    checked = 0
    for p in truth["pages"]:
        flat = _flat(texts[p["number"] - 1])
        for e in p["entities"]:
            assert _flat(e["text"]) in flat, (p["number"], e)
            checked += 1
    assert checked > 200


def test_english_relations_stated_in_their_sentences(english):
    truth, texts = english
    stated = [r for r in truth["relations"] if r["stated_in_dossier"]]
    assert stated
    names = {p["id"]: p["name"] for p in truth["people"]}
    for r in stated:
        assert r["pages"]
        assert any(_flat(r["sentence"]) in _flat(texts[i - 1]) for i in r["pages"]), r
        assert not CJK.search(r["sentence"])
        aliases = [a for p in truth["people"] if p["id"] in (r["a"], r["b"]) for a in p["aliases"]]
        assert any(names[k].split()[0] in r["sentence"] for k in (r["a"], r["b"])) or any(
            a in r["sentence"] for a in aliases), r


def test_english_record_of_interview_has_caution_and_qa(english):
    truth, texts = english
    first = next(p for p in truth["pages"] if p["type"] == "interrogation")
    text = _flat(texts[first["number"] - 1])
    assert "RECORD OF INTERVIEW" in text and "not obliged to say anything" in text
    assert "Q: " in text and "A: " in text and "Time started" in text


def test_english_witness_statement_declaration(english):
    truth, texts = english
    pages = [p for p in truth["pages"] if p["type"] == "inquiry"]
    assert any("true to the best of my knowledge and belief" in _flat(texts[p["number"] - 1]) for p in pages)
    assert all(re.search(r"Page \d+ of \d+", texts[p["number"] - 1]) for p in pages)


def test_english_same_seed_same_bytes(tmp_path):
    digests = []
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        write_dossier(tmp_path / d / "x.pdf", pages=16, seed=12, lang="en")
        digests.append(hashlib.sha256((tmp_path / d / "x.pdf").read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_mixed_english_people_get_english_records(tmp_path):
    import pymupdf

    truth = write_dossier(tmp_path / "m.pdf", pages=60, seed=3, lang="mixed")
    assert validate(truth) == []
    english = {p["id"] for p in truth["people"] if p["english"]}
    doc = pymupdf.open(tmp_path / "m.pdf")
    recs = [p for p in truth["pages"] if p["type"] in ("interrogation", "inquiry") and p["meta"].get("person") in english]
    assert recs
    for p in recs:
        text = doc[p["number"] - 1].get_text()
        latin = sum(c.isascii() and c.isalpha() for c in text)
        assert latin > 5 * len(CJK.findall(text)), p["number"]
    assert any(p["type"] == "interrogation" and p["meta"].get("person") not in english for p in truth["pages"])


def test_english_truth_lists_every_phone_and_set_amount_on_its_page(english):
    truth, texts = english
    phones = {ph["number"] for ph in truth["phones"]}
    said = 0
    for p in truth["pages"]:
        if p["type"] == "bank_statement":
            continue
        flat = _flat(texts[p["number"] - 1])
        listed = [e["value"] for e in p["entities"] if e["label"] in ("phone", "money")]
        for ph in phones:
            assert flat.count(ph) <= listed.count(ph), (p["number"], ph)
        assert flat.count("five thousand") <= listed.count("5000.00"), p["number"]
        said += flat.count("My number is") + flat.count("five thousand")
    assert said
