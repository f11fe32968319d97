"""`caselens records` and `caselens compare-records` on an imported synthetic dossier with planted findings."""

import json

import pytest

from app.cli.main import main


@pytest.fixture(scope="module")
def planted_case(tmp_path_factory):
    from app.services.imports import import_paths
    from devkit.synth.dossier import write_dossier

    tmp = tmp_path_factory.mktemp("records")
    truth = write_dossier(tmp / "d.pdf", pages=120, seed=21, plant_records=True)
    case = tmp / "d.case"
    import_paths([tmp / "d.pdf"], case=case)
    return case, truth


def test_records_json_lists_every_record(planted_case, capsys):
    case, truth = planted_case
    assert main(["records", "--case", str(case), "--format", "json"]) == 0
    recs = json.loads(capsys.readouterr().out)
    assert len(recs) == len(truth["records"]["records"])
    first = recs[0]
    assert {"kind", "round", "person", "entity_id", "start", "end", "place", "officers", "recorder",
            "pages"} <= set(first)
    assert first["kind"] in ("讯问", "询问") and first["officers"] and first["person"]


def test_compare_records_json_shape(planted_case, capsys):
    case, truth = planted_case
    assert main(["compare-records", "--case", str(case), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"copies", "contradictions", "timing"}
    assert len(out["copies"]) == len(truth["records"]["copies"])
    for findings in out.values():
        for f in findings:
            assert {"kind", "a", "b", "score", "explanation"} <= set(f)
            assert set(f["explanation"]) == {"zh", "en"}
            for side in (f["a"], f["b"]):
                assert {"document", "page", "text"} <= set(side) and side["page"] >= 1


def test_compare_records_table(planted_case, capsys):
    case, _ = planted_case
    assert main(["compare-records", "--case", str(case)]) == 0
    out = capsys.readouterr().out
    assert "records compared" in out and "copies (" in out and "timing (" in out
