"""Docs as tests: every command has help text with an example, and the layer contracts hold."""

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_every_command_has_help_with_an_example():
    commands = _subcommands()
    assert {"import", "search", "info"} <= set(commands)
    for name, sub in commands.items():
        text = sub.format_help()
        assert "example:" in text, f"`caselens {name} --help` has no example"
        assert f"caselens {name}" in text.split("example:", 1)[1], f"example of {name} does not use it"


def test_help_exits_cleanly(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "caselens" in capsys.readouterr().out


def test_cli_reports_coded_error_not_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.case"
    bad.write_bytes(b"not a database" * 200)
    rc = main(["info", "--case", str(bad)])
    err = capsys.readouterr().err
    assert rc == 2 and "E026" in err and "Traceback" not in err  # not a case file (E014: a damaged case)


def test_import_exit_code_nonzero_only_on_failure(tmp_path, text_pdf, capsys):
    case = tmp_path / "c.case"
    assert main(["import", str(text_pdf), "--case", str(case), "--text-only"]) == 0
    (tmp_path / "junk.pdf").write_bytes(b"junk")
    assert main(["import", str(tmp_path / "junk.pdf"), "--case", str(case), "--text-only"]) == 1
    out = capsys.readouterr().out
    assert "E003" in out


def test_import_layers_contract_holds():
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_packages_import_without_qt():
    code = ("import sys; sys.modules['PySide6'] = None\n"
            "import app.core.models, app.store.db, app.ingest.textlayer, app.services.imports, app.cli.main\n"
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
