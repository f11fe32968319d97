"""Export service: every kind and format writes a file, audits it with its SHA-256, and honours a selection."""

from __future__ import annotations

import hashlib
import json

import pytest

from app.core.errors import CaseLensError
from app.services.export import FORMATS_BY_KIND, export
from app.services.export_data import Selection
from app.store import audit
from tests.report.conftest import build_case


@pytest.fixture
def case(tmp_path):
    path = tmp_path / "small.case"
    build_case(path)
    return path


def _audit_exports(case) -> list[dict]:
    from app.services.case import open_reader

    conn = open_reader(case)
    try:
        assert audit.verify_chain(conn) == []
        return [dict(r) | {"details": json.loads(r["details"])}
                for r in conn.execute("SELECT * FROM audit_log WHERE action = 'export' ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("kind, fmt", [(k, f) for k, fs in FORMATS_BY_KIND.items() for f in fs])
def test_export_writes_file_and_audits_its_hash(case, tmp_path, kind, fmt):
    out = tmp_path / f"out.{fmt}"
    result = export(kind, case, fmt, out)
    data = out.read_bytes()
    assert data
    assert result["sha256"] == hashlib.sha256(data).hexdigest()
    entries = _audit_exports(case)
    assert len(entries) == 1
    details = entries[0]["details"]
    assert (details["kind"], details["format"], details["sha256"]) == (kind, fmt, result["sha256"])
    assert details["bytes"] == len(data) and entries[0]["actor"] and entries[0]["ts"]


def test_export_selection_narrows_and_is_audited(case, tmp_path):
    whole = export("entities", case, "csv", tmp_path / "all.csv")
    only_li = export("entities", case, "csv", tmp_path / "li.csv", selection={"entity_ids": [2]})
    text = (tmp_path / "li.csv").read_text(encoding="utf-8-sig")
    assert "李娜" in text and "6222029876543210" in text and "张伟," not in text
    assert only_li["rows"] < whole["rows"]
    assert _audit_exports(case)[-1]["details"]["selection"] == {"entity_ids": [2], "start": None, "end": None}


def test_export_time_window_drops_alerts_and_transfers_outside(case, tmp_path):
    from app.services.case import open_reader
    from app.services.export_data import gather

    conn = open_reader(case)
    try:
        model = gather(conn, case, Selection(start="2021-04-01", end="2021-04-30"))
    finally:
        conn.close()
    assert model["alerts"] == []
    assert [t["id"] for t in model["transactions"]] == [2]
    transfer = [e for e in model["graph"]["edges"] if e["kind"] == "transfer"]
    assert transfer and transfer[0]["count"] == 1


def test_export_unknown_format_is_coded_error(case, tmp_path):
    with pytest.raises(CaseLensError) as err:
        export("graph", case, "dot", tmp_path / "g.dot")
    assert err.value.code == "E017"
    with pytest.raises(CaseLensError):
        export("nonsense", case, "csv", tmp_path / "x.csv")
    assert _audit_exports(case) == []


def test_export_cli_report_pdf(case, tmp_path, capsys):
    from app.cli.main import main

    out = tmp_path / "r.pdf"
    assert main(["export", "report", "--case", str(case), "--format", "pdf", "-o", str(out), "--entity", "1"]) == 0
    assert out.stat().st_size > 0 and "sha256" in capsys.readouterr().out


def test_export_selection_summary_counts_only_selected_ledger_rows(case):
    from app.services.case import open_reader
    from app.services.export_data import gather

    conn = open_reader(case)
    try:
        model = gather(conn, case, Selection(entity_ids=frozenset({2})))
    finally:
        conn.close()
    # 李娜's account 6222029876543210: her own row and the two rows of 张伟's ledger naming it
    assert model["case"]["transactions"] == len(model["transactions"]) == 3
