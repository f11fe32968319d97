"""Stage 'extract': mentions with boxes per page, resumable, re-run replaces only its own mentions."""

from __future__ import annotations

from app.core.progress import CancelToken
from app.services.case import open_writer
from app.services.imports import import_paths
from app.services.stages import extract as stage_extract


def _mentions(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute("SELECT page_id, label, text, value, role, x0 IS NOT NULL FROM mentions"
                                           " ORDER BY page_id, start")]


def test_stage_extract_writes_mentions_with_boxes(text_pdf, case_path):
    import_paths([text_pdf], case=case_path)
    conn = open_writer(case_path)
    rows = _mentions(conn)
    assert (1, "ID_NUMBER", "11010519491231002X", "11010519491231002X", None, 1) in rows
    assert (2, "PERSON", "王芳", "王芳", "account_holder", 1) in rows
    assert all(r[5] for r in rows)            # every mention has a box: page text is layout_text(words)
    versions = {r[0] for r in conn.execute("SELECT version FROM jobs WHERE stage = 'extract'")}
    assert versions == {stage_extract.stage_version()}


def test_stage_extract_resumes_and_replaces_only_its_own(text_pdf, case_path):
    import_paths([text_pdf], case=case_path, run_post_stages=False)
    conn = open_writer(case_path)
    conn.execute("INSERT INTO mentions (page_id, start, end, label, text, extractor, version)"
                 " VALUES (1, 0, 2, 'PERSON', 'x', 'manual', '1')")
    assert stage_extract.run(conn, case=case_path, cancel=CancelToken()) == []
    first = _mentions(conn)
    assert stage_extract.run(conn, case=case_path) == []          # nothing left to do
    conn.execute("DELETE FROM jobs WHERE stage = 'extract' AND page_id = 1")
    stage_extract.run(conn, case=case_path)                       # page 1 again: replaced, not duplicated
    assert _mentions(conn) == first
    assert conn.execute("SELECT count(*) FROM mentions WHERE extractor = 'manual'").fetchone()[0] == 1


def test_a_page_that_breaks_the_pipeline_fails_alone(tmp_path, monkeypatch):
    import sqlite3

    from app.services.imports import import_paths
    from app.services.stages import extract as stage_extract
    from tests.conftest import make_text_pdf

    pdf = make_text_pdf(tmp_path / "d.pdf", ["犯罪嫌疑人张伟的讯问笔录", "BOOM 被害人李强", "证人王芳"])
    case = tmp_path / "c.case"
    import_paths([pdf], case=case, run_post_stages=False)
    import nlp.extract as extract_mod

    real = extract_mod.mentions_of

    def fragile(doc):
        if "BOOM" in doc.text:
            raise RuntimeError("bad page")
        return real(doc)

    monkeypatch.setattr(extract_mod, "mentions_of", fragile)
    from app.store.db import open_case

    conn = open_case(case)
    issues = stage_extract.run(conn, case=case)
    assert [i.page for i in issues] == [2]
    done = sqlite3.connect(case).execute("SELECT count(*) FROM jobs WHERE stage='extract' AND status='done'")
    assert done.fetchone()[0] == 2


def test_the_case_keeps_its_ner_choice_and_a_change_reads_every_page_again(text_pdf, case_path):
    import_paths([text_pdf], case=case_path, ner="accurate")
    conn = open_writer(case_path)
    accurate = stage_extract.stage_version("accurate")
    assert accurate != stage_extract.stage_version("fast") and "accurate" in accurate
    assert {r[0] for r in conn.execute("SELECT version FROM jobs WHERE stage = 'extract'")} == {accurate}
    assert ("PERSON", "王芳") in {(r[1], r[2]) for r in _mentions(conn)}
    conn.close()
    import_paths([text_pdf], case=case_path)  # a later run without a choice keeps the case's
    conn = open_writer(case_path)
    assert {r[0] for r in conn.execute("SELECT version FROM jobs WHERE stage = 'extract'")} == {accurate}
    conn.close()
    import_paths([text_pdf], case=case_path, ner="fast")  # a new choice: every page extracted again
    conn = open_writer(case_path)
    assert {r[0] for r in conn.execute("SELECT version FROM jobs WHERE stage = 'extract'")} == {
        stage_extract.stage_version("fast")}
    assert {r[0] for r in conn.execute("SELECT DISTINCT version FROM mentions")} == {
        stage_extract.stage_version("fast")}
