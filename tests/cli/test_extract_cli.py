"""`caselens extract`: plain text and JSONL in, one JSON object per line out; bad input is a coded error."""

from __future__ import annotations

import io
import json

from app.cli.main import main


def _run(monkeypatch, capsys, argv: list[str], stdin: str) -> tuple[int, list[dict], str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, [json.loads(line) for line in out.splitlines()], err


def test_extract_cli_plain_text(monkeypatch, capsys):
    rc, lines, _ = _run(monkeypatch, capsys, ["extract", "-"], "犯罪嫌疑人张伟转账人民币叁万伍仟元。")
    assert rc == 0
    assert lines == [{"start": 5, "end": 7, "label": "PERSON", "text": "张伟", "value": "张伟"},
                     {"start": 9, "end": 17, "label": "MONEY", "text": "人民币叁万伍仟元", "value": "35000.00 CNY"}]


def test_extract_cli_jsonl_and_details(monkeypatch, capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "被害人严某某"}\n\n{"id": 2, "text": "paid $5"}\n', encoding="utf-8")
    rc = main(["extract", str(src), "--jsonl", "--details"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rc == 0 and [r["id"] for r in lines] == ["a", 2]
    assert lines[0]["mentions"][0]["role"] == "victim" and lines[1]["mentions"][0]["value"] == "5.00 USD"


def test_extract_cli_bad_jsonl_is_e017(monkeypatch, capsys):
    rc, _, err = _run(monkeypatch, capsys, ["extract", "--jsonl"], "{not json\n")
    assert rc == 2 and "E017" in err and "line 1" in err


def test_extract_cli_help_lists_every_label(capsys):
    try:
        main(["extract", "--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    for label in ("PERSON", "ORG", "PLACE", "ID_NUMBER", "BANK_CARD", "ACCOUNT", "PHONE", "PLATE", "EMAIL", "MONEY",
                  "DATE", "TIME"):
        assert label in out
    assert "example:" in out
