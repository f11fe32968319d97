import os
import sqlite3

import pytest

from app.core.progress import CancelToken
from app.services.imports import import_paths
from app.services.search import search
from tests.conftest import make_text_pdf


def _pages(case_path):
    conn = sqlite3.connect(case_path)
    rows = conn.execute("SELECT document_id, number FROM pages ORDER BY document_id, number").fetchall()
    conn.close()
    return rows


def test_import_text_pdf_then_search_finds_pages(text_pdf, case_path):
    report = import_paths([text_pdf], case=case_path)
    assert report.pages_added == 3 and not report.issues
    hits = search(case_path, "张伟")
    assert [h.page_number for h in hits] == [1]
    assert [h.page_number for h in search(case_path, "Smith")] == [3]


def test_reimport_adds_nothing(text_pdf, case_path):
    import_paths([text_pdf], case=case_path)
    again = import_paths([text_pdf.parent], case=case_path)
    assert again.pages_added == 0
    assert again.duplicates == [str(text_pdf)]
    assert len(_pages(case_path)) == 3


def test_import_keeps_originals_unchanged(text_pdf, case_path):
    before = text_pdf.read_bytes()
    import_paths([text_pdf], case=case_path)
    assert text_pdf.read_bytes() == before


def test_bad_files_are_reported_and_the_rest_imported(tmp_path, case_path):
    folder = tmp_path / "in"
    folder.mkdir()
    make_text_pdf(folder / "good.pdf", ["张伟的询问笔录"])
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "garbage.pdf").write_bytes(os.urandom(2048))
    good = (folder / "good.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (folder / "readme.txt").write_text("hello")
    report = import_paths([folder], case=case_path)
    assert "good.pdf" in " ".join(report.imported)
    codes = {i.path.rsplit("/", 1)[-1]: i.code for i in report.issues}
    assert codes["empty.pdf"] == "E003"
    assert codes["garbage.pdf"] == "E003"
    assert codes["readme.txt"] == "E002"
    assert report.failed
    assert [h.page_number for h in search(case_path, "张伟")] == [1]
    # each issue is recorded in the case too, with a hint of what to do
    conn = sqlite3.connect(case_path)
    messages = [r[0] for r in conn.execute("SELECT message FROM issues")]
    assert all("What to do" in m for m in messages) and len(messages) >= 3


def test_encrypted_pdf_needs_password(tmp_path, case_path):
    import pymupdf

    src = make_text_pdf(tmp_path / "plain.pdf", ["机密 张伟"])
    doc = pymupdf.open(src)
    enc = tmp_path / "locked.pdf"
    doc.save(enc, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="owner")
    doc.close()
    report = import_paths([enc], case=case_path)
    assert [i.code for i in report.issues] == ["E004"] and report.pages_added == 0
    report = import_paths([enc], case=case_path, password="s3cret")
    assert report.pages_added == 1 and not report.issues
    assert [h.page_number for h in search(case_path, "机密")] == [1]


def test_image_is_recorded_pending_ocr(tmp_path, case_path):
    import pymupdf

    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 100), 0)
    pix.clear_with(255)
    img = tmp_path / "scan.png"
    pix.save(img)
    report = import_paths([img], case=case_path, run_post_stages=False)
    assert report.pages_added == 1 and report.pages_pending_ocr == 1


def test_decompression_bomb_image_is_refused(tmp_path, case_path):
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100))
                     + chunk(b"IEND", b""))
    report = import_paths([bomb], case=case_path)
    assert [i.code for i in report.issues] == ["E007"]


def test_cancel_keeps_work_and_resume_completes(tmp_path, case_path):
    pdf = make_text_pdf(tmp_path / "long.pdf", [f"第{i}页 张伟" for i in range(1, 41)])
    token = CancelToken()
    seen = []

    def progress(p):
        seen.append(p.done)
        if p.done >= 10:
            token.cancel()

    report = import_paths([pdf], case=case_path, progress=progress, cancel=token)
    assert report.cancelled
    kept = len(_pages(case_path))
    assert 10 <= kept < 40
    report = import_paths([pdf], case=case_path)
    assert report.resumed and report.pages_added == 40 - kept
    assert _pages(case_path) == [(1, n) for n in range(1, 41)]


@pytest.mark.slow
def test_import_with_worker_pool_matches_single_process(tmp_path):
    pdf = make_text_pdf(tmp_path / "big.pdf", [f"第{i}页 账号6222{i:012d}" for i in range(1, 251)])
    one, two = tmp_path / "one.case", tmp_path / "two.case"
    import_paths([pdf], case=one, workers=1, run_post_stages=False)
    import_paths([pdf], case=two, workers=2, run_post_stages=False)
    q = "SELECT number, text FROM pages ORDER BY number"
    assert sqlite3.connect(one).execute(q).fetchall() == sqlite3.connect(two).execute(q).fetchall()


def test_truncated_pdf_is_reported_with_its_empty_pages(tmp_path, case_path):
    from tests.conftest import make_statement_like_pdf

    whole = make_statement_like_pdf(tmp_path / "whole.pdf")
    data = whole.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])  # a download that stopped at a third
    report = import_paths([cut], case=case_path, run_post_stages=False)
    [issue] = [i for i in report.issues if i.code == "E003"]
    assert "cut.pdf" in issue.path and "repaired" in issue.message and "6, " not in issue.message
    assert "page(s) 4, 5, 6 came out empty" in issue.message and issue.page == 4
    conn = sqlite3.connect(case_path)
    try:
        assert conn.execute("SELECT count(*) FROM issues WHERE code = 'E003'").fetchone()[0] == 1
    finally:
        conn.close()
    clean = import_paths([whole], case=case_path, run_post_stages=False)
    assert not [i for i in clean.issues if i.code == "E003"]
