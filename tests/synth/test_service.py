"""`caselens synth` goes through the service and rejects bad arguments with coded errors."""

import pytest

from app.cli.main import main
from app.core.errors import CaseLensError
from app.services.synth import generate_dossier


def test_cli_synth_writes_pdf_and_truth(tmp_path, capsys):
    out = tmp_path / "c.pdf"
    assert main(["synth", str(out), "--pages", "12", "--seed", "3", "--lang", "mixed"]) == 0
    assert out.exists() and (tmp_path / "c.truth.json").exists()
    assert "12 pages" in capsys.readouterr().out


def test_service_rejects_too_few_pages(tmp_path):
    with pytest.raises(CaseLensError) as err:
        generate_dossier(tmp_path / "x.pdf", pages=3)
    assert err.value.code == "E017"
