"""Faults of a real workstation end in a coded message, never a traceback, and the next run resumes:
a full disk, a read-only case folder, a file that is not a case, a case from a newer CaseLens, MuPDF's
complaints kept with their file and page."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import CaseLensError
from app.services.imports import import_paths
from app.store import db as store_db
from tests.conftest import make_text_pdf

ROOT = Path(__file__).resolve().parents[2]


def _dossier(tmp_path: Path, pages: int = 30) -> Path:
    return make_text_pdf(tmp_path / "卷宗.pdf", [f"第{i}页 询问笔录 张伟于2021年3月5日向李娜转账5000元" * 8
                                                 for i in range(pages)])


def _counts(case: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(case)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("pages", "mentions", "documents"))
    finally:
        conn.close()


def test_disk_full_mid_import_is_coded_then_resumes_with_nothing_lost(tmp_path, monkeypatch):
    pdf = _dossier(tmp_path)
    case = tmp_path / "c.case"
    real = store_db.open_case

    def small_disk(path, **kw):  # SQLite's own limit stands in for a full filesystem: SQLITE_FULL
        conn = real(path, **kw)
        if not kw.get("readonly"):
            used = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {used + 12}")
        return conn

    monkeypatch.setattr(store_db, "open_case", small_disk)
    monkeypatch.setattr("app.services.case.open_case", small_disk)
    with pytest.raises(CaseLensError) as full:
        import_paths([pdf], case=case, workers=1)
    assert full.value.code == "E022" and "free space" in full.value.message()
    monkeypatch.undo()
    report = import_paths([pdf], case=case, workers=1)
    pages, mentions, documents = _counts(case)
    assert pages == 30 and documents == 1 and mentions > 0
    again = import_paths([pdf], case=case, workers=1)
    assert _counts(case) == (pages, mentions, documents) and again.pages_added == 0
    conn = sqlite3.connect(case)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert report.resumed or report.imported or report.duplicates


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CASELENS_HOME": str(cwd / "home")}
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_not_a_case_and_newer_case_are_refused_untouched(tmp_path):
    notes = tmp_path / "notes.case"
    notes.write_text("会议记录", encoding="utf-8")
    out = _cli("info", "--case", str(notes), cwd=tmp_path)
    assert out.returncode == 2 and "E026" in out.stderr and "Traceback" not in out.stderr
    assert notes.read_text(encoding="utf-8") == "会议记录"
    other = tmp_path / "other.case"
    sqlite3.connect(other).execute("CREATE TABLE contacts (name TEXT)").connection.commit()
    assert "E026" in _cli("info", "--case", str(other), cwd=tmp_path).stderr
    newer = tmp_path / "newer.case"
    store_db.open_case(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    out = _cli("info", "--case", str(newer), cwd=tmp_path)
    assert out.returncode == 2 and "E027" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_read_only_case_folder_is_coded(tmp_path):
    pdf = _dossier(tmp_path, 2)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        out = _cli("import", str(pdf), "--case", str(folder / "c.case"), cwd=tmp_path)
        assert out.returncode == 2 and ("E024" in out.stderr or "E013" in out.stderr)
        assert "Traceback" not in out.stderr
    finally:
        folder.chmod(0o755)


def test_read_only_location_is_coded_for_root_too(tmp_path, monkeypatch):
    """As root (CI) permissions do not stop writes: the read-only answer SQLite gives is mapped the same."""
    from app.core.errors import case_fault

    err = sqlite3.OperationalError("attempt to write a readonly database")
    assert case_fault(err, "c.case").code == "E024"
    assert case_fault(OSError(5, "Input/output error"), "c.case").code == "E023"
    assert case_fault(OSError(28, "No space left on device"), "c.case").code == "E022"
    assert case_fault(ValueError("a bug"), "c.case") is None


def test_mupdf_complaints_are_kept_with_their_file_and_page_not_printed(tmp_path, capfd):
    from tests.conftest import make_statement_like_pdf

    good = make_statement_like_pdf(tmp_path / "good.pdf")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 3])  # a download that stopped at a third
    report = import_paths([cut], case=tmp_path / "c.case", workers=1, run_post_stages=False)
    codes = {(i.code, i.page) for i in report.issues}
    assert any(code == "E003" for code, _ in codes)  # repaired, with what MuPDF said
    assert any(code == "E028" and page for code, page in codes)  # a page's own complaints, with its number
    err = capfd.readouterr().err
    assert "MuPDF error" not in err and "format error" not in err
