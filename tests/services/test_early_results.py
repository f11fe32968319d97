"""Early results: while OCR reads a scanned dossier, the stages that show people and transactions run on the
pages read so far; after OCR everything is read again and the case is the same as without them."""

from __future__ import annotations

import sqlite3

from app.services.imports import EARLY_GROWTH, import_paths
from app.services.stages.ocr import spread_order


def _rows(case) -> dict:
    conn = sqlite3.connect(case)
    try:
        return {
            "transactions": sorted(conn.execute(
                "SELECT time, amount, balance, cp_name, cp_account, holder_account, flags FROM transactions")),
            "entities": sorted(conn.execute("SELECT kind, name FROM entities")),
            "issues": sorted(r[0] for r in conn.execute("SELECT code FROM issues")),
            "rejected": conn.execute("SELECT count(*) FROM rejected_rows").fetchone()[0],
            "stale": conn.execute("SELECT count(*) FROM pages p LEFT JOIN jobs j ON j.page_id = p.id AND "
                                  "j.stage = 'statements' WHERE p.status = 'done' AND j.page_id IS NULL"
                                  ).fetchone()[0],
        }
    finally:
        conn.close()


def test_early_results_show_the_pages_read_so_far_then_the_same_case(scanned_dossiers, tmp_path, monkeypatch):
    monkeypatch.setenv("CASELENS_HOME", str(scanned_dossiers["home"]))  # OCR from the reference import's cache
    monkeypatch.setenv("CASELENS_EARLY_AFTER_S", "0")                   # first look after the first page
    case = tmp_path / "early.case"
    seen: list = []
    numbers: list = []

    def look(early) -> None:  # what an officer's views would read at that moment
        conn = sqlite3.connect(case)
        try:
            read = conn.execute("SELECT count(*) FROM pages WHERE status = 'done'").fetchone()[0]
            pending = conn.execute("SELECT count(*) FROM pages WHERE status = 'pending_ocr'").fetchone()[0]
            unread_mentions = conn.execute(
                "SELECT count(*) FROM mentions m JOIN pages p ON p.id = m.page_id WHERE p.status != 'done'"
            ).fetchone()[0]
            mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
            issues = conn.execute("SELECT count(*) FROM issues").fetchone()[0]
            numbers.append(sorted(r[0] for r in conn.execute("SELECT number FROM pages WHERE status = 'done'")))
        finally:
            conn.close()
        seen.append((early, read, pending, mentions, unread_mentions, issues))

    report = import_paths([scanned_dossiers["root"] / "big" / "scan.pdf"], case=case, on_results=look)
    assert [s[0] for s in seen] == report.early_results
    assert len(seen) >= 2, seen
    first = seen[0]
    assert first[0].pages_read == 1 and first[0].pages_total == 12
    assert seen[1][0].pages_read == EARLY_GROWTH
    for early, read, pending, _mentions, unread, issues in seen:
        assert early.pages_read < early.pages_total * 0.75
        assert pending > 0                      # OCR was still running
        assert read >= early.pages_read
        assert unread == 0                      # nothing from pages not yet read
        assert issues == 0                      # provisional: nothing reported before the full run
    assert seen[-1][3] > 0                      # mentions of the pages read were in the case
    # pages are read spread over the dossier, not front to back: the statements at its end show up early
    assert len(numbers[1]) == 4 and max(numbers[1]) > 6, numbers  # front to back would be 1, 2, 3, 4
    assert 0 < first[0].seconds <= report.seconds
    # after OCR every stage ran again on the whole dossier: the same case as the reference import
    assert _rows(case) == _rows(scanned_dossiers["big"])
    assert _rows(case)["stale"] == 0


def test_no_early_results_without_scans(tmp_path, text_pdf, monkeypatch):
    monkeypatch.setenv("CASELENS_EARLY_AFTER_S", "0")
    report = import_paths([text_pdf], case=tmp_path / "t.case", on_results=lambda e: None)
    assert report.early_results == []


def test_no_early_pass_without_someone_watching(scanned_dossiers, tmp_path, monkeypatch):
    monkeypatch.setenv("CASELENS_HOME", str(scanned_dossiers["home"]))
    monkeypatch.setenv("CASELENS_EARLY_AFTER_S", "0")
    report = import_paths([scanned_dossiers["root"] / "big" / "scan.pdf"], case=tmp_path / "cli.case")
    assert report.early_results == []  # a CLI or batch import pays nothing for early results


def test_spread_order_samples_the_whole_range_early():
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.integers(min_value=1, max_value=5000))
    def check(n: int) -> None:
        order = spread_order(n)
        assert sorted(order) == list(range(n))          # a permutation: every page once
        for k in (2, 4, 8, 16):
            if n >= 4 * k:                              # the first k pages fall in k different k-ths
                assert len({i * k // n for i in order[:k]}) >= k // 2 + 1, (n, k, order[:k])

    check()
    assert spread_order(12)[:4] == [0, 8, 4, 2]
