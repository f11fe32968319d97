"""`caselens analyze` and `import-transactions` from the command line."""

from __future__ import annotations

import json

from app.cli.main import main


def test_cli_import_and_analyze_json(case_path, tmp_path, capsys):
    csv = tmp_path / "e.csv"
    csv.write_text("s,d,a,t\nA,B,100000,2021-03-01 09:00\nB,C,95000,2021-03-02 09:00\nC,A,90000,2021-03-03 09:00\n",
                   encoding="utf-8")
    assert main(["import-transactions", str(csv), "--case", str(case_path), "--columns", "src=s,dst=d,amount=a,time=t"]) == 0
    capsys.readouterr()
    assert main(["analyze", "--case", str(case_path), "--rules", "cycles"]) == 0
    alerts = json.loads(capsys.readouterr().out)
    assert len(alerts) == 1 and set(alerts[0]) == {"rule", "accounts", "persons", "amount", "start", "end",
                                                   "transactions", "explanation"}


def test_cli_analyze_unknown_rule_is_coded_error(case_path, capsys):
    assert main(["analyze", "--case", str(case_path), "--rules", "nope"]) == 2
    assert "E017" in capsys.readouterr().err
