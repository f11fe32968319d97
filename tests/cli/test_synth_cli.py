"""`caselens synth` is development code (devkit/synth): found from a checkout, refused clearly without one."""

from __future__ import annotations

import json
import sys

import pytest

from app.cli.main import main
from app.services import synth


def test_synth_runs_from_the_development_checkout(tmp_path, capsys):
    out = tmp_path / "d.pdf"
    assert main(["synth", str(out), "--pages", "12", "--seed", "3"]) == 0
    truth = json.loads(out.with_suffix(".truth.json").read_text(encoding="utf-8"))
    assert len(truth["pages"]) == 12
    assert "wrote" in capsys.readouterr().out


def test_synth_without_devkit_says_it_is_a_development_command(tmp_path, monkeypatch, capsys):
    for name in [m for m in sys.modules if m == "devkit" or m.startswith("devkit.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "devkit", None)  # import devkit -> ModuleNotFoundError
    monkeypatch.setattr(synth, "CHECKOUT", tmp_path)  # an installed app: no devkit/ beside it
    rc = main(["synth", str(tmp_path / "d.pdf"), "--pages", "12"])
    err = capsys.readouterr().err
    assert rc != 0
    assert "E017" in err and "development command" in err
    assert not (tmp_path / "d.pdf").exists()


def test_synth_finds_devkit_beside_app_when_not_on_the_path(monkeypatch):
    for name in [m for m in sys.modules if m == "devkit" or m.startswith("devkit.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", ".", str(synth.CHECKOUT))])
    generator = synth._generator()
    assert callable(generator.write_dossier)
    with pytest.raises(Exception, match="at least 12 pages"):
        synth.generate_dossier("x.pdf", pages=3)
