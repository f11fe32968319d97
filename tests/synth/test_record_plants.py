"""`synth --plant-records`: planted findings in the truth, and nothing changed without the option."""

import json

from devkit.synth.dossier import write_dossier


def test_plant_records_leaves_the_plain_dossier_unchanged(tmp_path):
    plain = write_dossier(tmp_path / "a.pdf", pages=60, seed=5)
    write_dossier(tmp_path / "b.pdf", pages=60, seed=5)
    planted = write_dossier(tmp_path / "c.pdf", pages=60, seed=5, plant_records=True)
    assert "records" not in plain
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert [p["type"] for p in planted["pages"]].count("bank_statement") == \
        [p["type"] for p in plain["pages"]].count("bank_statement")
    assert planted["transactions"] == plain["transactions"] and planted["people"] == plain["people"]


def test_plant_records_truth_lists_records_and_findings(tmp_path):
    truth = write_dossier(tmp_path / "d.pdf", pages=200, seed=9, plant_records=True)
    rec = truth["records"]
    assert rec["records"] and all(r["pages"] and r["start"] < r["end"] for r in rec["records"])
    assert rec["copies"] and rec["boilerplate"]
    for c in rec["copies"]:
        assert c["a"]["page"] != c["b"]["page"] and len(c["a"]["text"]) >= 30
    for c in rec["contradictions"]:
        assert c["kind"] in ("amount", "place", "person", "day")
    assert {t["kind"] for t in rec["timing"]} <= {"officer_overlap", "person_overlap", "duration",
                                                  "before_registration"}
    json.dumps(truth)  # serialisable as written
