"""Precinct batch import on this machine: one case per dossier, summary, resume, bad files kept apart."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.core.progress import Progress
from app.services.batch import run_batch
from app.services.batch_state import STATE_FILE, SUMMARY_CSV, SUMMARY_JSON, find_dossiers
from tests.conftest import make_text_pdf

PAGES = ["讯问笔录\n被讯问人 张伟 男 身份证号 11010519491231002X\n问：你和李某是什么关系？\n答：朋友。",
         "银行交易明细\n户名 王芳 账号 6222021234567890\n2021-03-05 转账 30,000.00"]


@pytest.fixture
def precinct(tmp_path: Path) -> Path:
    root = tmp_path / "dossiers"
    (root / "2021-047").mkdir(parents=True)
    make_text_pdf(root / "2021-047" / "a.pdf", PAGES)
    (root / "2021-048" / "sub").mkdir(parents=True)
    make_text_pdf(root / "2021-048" / "sub" / "b.pdf", PAGES[:1])
    (root / "2021-048" / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    make_text_pdf(root / "2021-049.pdf", PAGES[1:])
    with zipfile.ZipFile(root / "2021-050.zip", "w") as zf:
        zf.write(root / "2021-047" / "a.pdf", "inside/a.pdf")
    (root / "notes.txt").write_text("not a dossier", encoding="utf-8")
    return root


def _pages(case: Path) -> int:
    conn = sqlite3.connect(case)
    try:
        return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    finally:
        conn.close()


def test_find_dossiers_takes_folders_pdfs_and_archives(precinct):
    assert [(d.name, d.source.name) for d in find_dossiers(precinct)] == [
        ("2021-047", "2021-047"), ("2021-048", "2021-048"), ("2021-049", "2021-049.pdf"),
        ("2021-050", "2021-050.zip")]


def test_batch_makes_one_case_per_dossier_and_a_summary(precinct, tmp_path):
    out = tmp_path / "cases"
    seen: list[Progress] = []
    report = run_batch(precinct, out, progress=seen.append)
    rows = {r.dossier: r for r in report.rows}
    assert {n: (r.status, r.pages) for n, r in rows.items()} == {
        "2021-047": ("done", 2), "2021-048": ("done", 1), "2021-049": ("done", 1), "2021-050": ("done", 2)}
    assert rows["2021-048"].problems >= 1 and rows["2021-047"].problems == 0  # the broken file stays there
    assert sorted(p.name for p in out.glob("*.case")) == [f"2021-04{i}.case" for i in (7, 8, 9)] + ["2021-050.case"]
    summary = json.loads((out / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert [s["dossier"] for s in summary] == list(rows)
    assert (out / SUMMARY_CSV).read_text(encoding="utf-8").splitlines()[0].startswith("dossier,pages,ocr_pages")
    whole = [p for p in seen if p.stage == "batch"]
    assert whole[-1].files_done == 4 and whole[-1].done == whole[-1].total == 6
    assert any(p.stage == "import" for p in seen)  # the current dossier's own progress comes too


def test_batch_run_again_doubles_nothing(precinct, tmp_path):
    out = tmp_path / "cases"
    run_batch(precinct, out)
    before = {p.name: _pages(p) for p in out.glob("*.case")}
    state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    again = run_batch(precinct, out)
    assert {p.name: _pages(p) for p in out.glob("*.case")} == before
    assert [r.minutes for r in again.rows] == [r["minutes"] for r in state["dossiers"]]  # finished: not run again


def test_batch_resumes_an_interrupted_dossier(precinct, tmp_path):
    from app.core.progress import CancelToken

    out = tmp_path / "cases"
    cancel = CancelToken()

    def stop_after_pages(p: Progress) -> None:  # the pages are in, the later stages are not
        if p.stage == "import" and p.done >= 2:
            cancel.cancel()

    first = run_batch(precinct, out, progress=stop_after_pages, cancel=cancel)
    assert first.cancelled and first.rows[0].status == "cancelled" and _pages(out / "2021-047.case") == 2
    report = run_batch(precinct, out)
    assert [r.status for r in report.rows] == ["done"] * 4
    assert _pages(out / "2021-047.case") == 2
    conn = sqlite3.connect(out / "2021-047.case")
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0  # the stages ran on resume
    conn.close()


def test_batch_cancelled_keeps_what_is_done(precinct, tmp_path):
    from app.core.progress import CancelToken

    out = tmp_path / "cases"
    cancel = CancelToken()

    def stop_at_second(p: Progress) -> None:
        if p.stage == "batch" and p.current == "2021-048":
            cancel.cancel()

    report = run_batch(precinct, out, progress=stop_at_second, cancel=cancel)
    assert report.cancelled and report.rows[0].status == "done" and report.rows[2].status == "pending"
    assert [r.status for r in run_batch(precinct, out).rows] == ["done"] * 4
