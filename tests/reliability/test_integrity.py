"""Integrity at the CLI: `caselens verify` catches changed/missing sources (E015), forged audit entries (E016),
a damaged case file (E014); a full import never modifies the originals."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest

from app.cli.main import main
from tests.conftest import make_text_pdf


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _verify(case, capsys) -> tuple[int, dict]:
    rc = main(["verify", "--case", str(case), "--json"])
    return rc, json.loads(capsys.readouterr().out)


@pytest.fixture
def imported(tmp_path, case_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    pdf = make_text_pdf(folder / "dossier.pdf", ["讯问笔录 张伟", "银行交易明细 王芳 6222021234567890"])
    (folder / "ledger.csv").write_text("交易日期,交易金额,余额,对方户名\n2021-03-01,100.00,100.00,李四\n",
                                       encoding="utf-8")
    before = {p.name: _sha(p) for p in folder.iterdir()}
    assert main(["import", str(folder), "--case", str(case_path)]) == 0
    capsys.readouterr()
    return folder, pdf, before


def test_full_import_leaves_originals_byte_identical(imported):
    folder, _, before = imported
    assert {p.name: _sha(p) for p in folder.iterdir()} == before


def test_verify_clean_case_exits_zero(imported, case_path, capsys):
    rc, report = _verify(case_path, capsys)
    assert rc == 0 and report["ok"] and report["integrity"] == "ok"
    assert report["sources_checked"] == report["sources_ok"] == 2 and report["audit_entries"] >= 2


def test_verify_reports_changed_and_missing_source_e015(imported, case_path, capsys):
    folder, pdf, _ = imported
    with pdf.open("ab") as fh:
        fh.write(b"\n% tampered\n")
    (folder / "ledger.csv").unlink()
    rc, report = _verify(case_path, capsys)
    assert rc == 1 and not report["ok"]
    found = {(i["code"], i["path"].rsplit("/", 1)[-1]) for i in report["issues"]}
    assert found == {("E015", "dossier.pdf"), ("E015", "ledger.csv")}
    assert any("missing" in i["message"] for i in report["issues"])


def test_verify_detects_forged_audit_entry_e016(imported, case_path, capsys):
    conn = sqlite3.connect(case_path)
    conn.execute("DROP TRIGGER audit_log_no_update")  # someone bypasses the append-only guard
    conn.execute("UPDATE audit_log SET details = '{\"path\": \"innocent.pdf\"}' WHERE id = 1")
    conn.commit()
    conn.close()
    rc, report = _verify(case_path, capsys)
    assert rc == 1 and [i["code"] for i in report["issues"]] == ["E016"]
    assert "entry 1" in report["issues"][0]["message"]


def test_verify_detects_deleted_audit_entry_e016(imported, case_path, capsys):
    conn = sqlite3.connect(case_path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)")
    conn.commit()
    conn.close()
    rc, report = _verify(case_path, capsys)
    assert rc == 1 and {i["code"] for i in report["issues"]} == {"E016"}


def test_verify_detects_damaged_case_file_e014(imported, tmp_path, case_path, capsys):
    conn = sqlite3.connect(case_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'pages_status'").fetchone()[0]
    conn.close()
    broken = tmp_path / "broken.case"
    shutil.copy(case_path, broken)
    with broken.open("r+b") as fh:  # scribble over one index page
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xff" * 64)
    rc = main(["verify", "--case", str(broken), "--no-sources"])
    out = capsys.readouterr()
    assert rc != 0 and "E014" in out.out + out.err


def test_verify_missing_case_is_coded(tmp_path, capsys):
    assert main(["verify", "--case", str(tmp_path / "none.case")]) == 2
    assert "E013" in capsys.readouterr().err
