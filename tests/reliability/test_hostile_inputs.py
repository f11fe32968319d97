"""Hostile and broken input in one batch beside a good PDF: each bad file or row gets a coded issue, nothing is lost."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.services.imports import import_paths
from tests.conftest import make_text_pdf
from tests.reliability.pdfbytes import break_xref, image_bomb_pdf, zero_page_pdf

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["交易日期", "交易金额", "余额", "对方户名", "对方账号", "摘要"]
INJECTIONS = ['=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
              "-2+3+cmd|' /C calc'!A0", "=1+1"]
# (row cells, what must become of it): each malformed row is flagged or rejected, never dropped.
MALFORMED = [
    (["2021-03-01", "", "100.00", "张三", "6222000011112222", "missing amount"], "missing_amount"),
    (["2021-03-02", "一百块", "100.00", "李四", "6222000011113333", "text amount"], "bad_amount"),
    (["2021-13-45", "50.00", "150.00", "王五", "6222000011114444", "bad date"], "bad_date"),
    (["2021-03-04", "20.00"], "short_row"),
    (["2021-03-05", "30.00", "180.00", "赵六", "6222000011115555", "too many", "x", "y", "z"], None),
]


def _tiff(path: Path, frames: int) -> Path:
    """A multi-page TIFF of `frames` white 2 x 2 grey frames, written directly (PIL's writer is slow)."""
    import struct

    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for i in range(frames):
        ifd = len(out)
        data = ifd + 2 + 9 * 12 + 4
        entries = [(256, 3, 1, 2), (257, 3, 1, 2), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
                   (273, 4, 1, data), (277, 3, 1, 1), (278, 3, 1, 2), (279, 4, 1, 4)]
        out += struct.pack("<H", len(entries))
        for tag, kind, count, value in entries:
            out += struct.pack("<HHII", tag, kind, count, value) if kind == 4 else \
                struct.pack("<HHIHH", tag, kind, count, value, 0)
        out += struct.pack("<I", 0 if i == frames - 1 else data + 4) + b"\xff" * 4
    path.write_bytes(bytes(out))
    return path


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("L", (300, 120), 255).save(path, format="PNG")
    return path


def _encrypted(src: Path, out: Path) -> Path:
    import pymupdf

    doc = pymupdf.open(src)
    doc.save(out, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="owner")
    doc.close()
    return out


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _build_batch(tmp: Path) -> tuple[Path, dict[str, str | None]]:
    """The folder to import and, per bad file name, the code it must get (None: imported anyway)."""
    folder = tmp / "in"
    folder.mkdir()
    outside = tmp / "outside"
    outside.mkdir()
    good = make_text_pdf(folder / "good.pdf", ["张伟的询问笔录 第一页", "王芳 账号 6222021234567890"])
    good_bytes = good.read_bytes()
    make_text_pdf(tmp / "plain.pdf", ["机密 材料 李明"])
    expected: dict[str, str | None] = {}

    def bad(name: str, data: bytes, code: str | None) -> None:
        (folder / name).write_bytes(data)
        expected[name] = code

    bad("empty.pdf", b"", "E003")
    bad("truncated.pdf", good_bytes[: len(good_bytes) // 3], "E003")
    bad("garbage.pdf", os.urandom(4096), "E003")
    bad("zero_pages.pdf", zero_page_pdf(), "E005")
    bad("bomb.pdf", image_bomb_pdf(), "E007")
    bad("notes.txt", b"hello", "E002")
    bad("pdf_named.jpg", make_text_pdf(tmp / "j.pdf", ["扫描件 其实是PDF 刘洋"]).read_bytes(), None)
    bad("png_named.pdf", _png(tmp / "p.png").read_bytes(), None)
    bad("broken_xref.pdf", break_xref(make_text_pdf(tmp / "x.pdf", ["修复后 第一页 陈静", "修复后 第二页"])
                                       .read_bytes()), None)
    bad("locked.pdf", _encrypted(tmp / "plain.pdf", tmp / "locked.pdf").read_bytes(), "E004")
    bad("frames.tif", _tiff(tmp / "f.tif", 5_001).read_bytes(), "E007")
    bad("new\nline.pdf", make_text_pdf(tmp / "n.pdf", ["换行文件名 周杰"]).read_bytes(), None)
    with open(os.fsencode(folder) + b"/bad\xff\xfe.pdf", "wb") as fh:
        fh.write(make_text_pdf(tmp / "u.pdf", ["无效文件名 吴敏"]).read_bytes())
    expected["bad\\xff\\xfe.pdf"] = "E010"  # imported, with a warning
    (outside / "secret.pdf").write_bytes(good_bytes + b"\n% outside\n")
    (folder / "link_outside.pdf").symlink_to(outside / "secret.pdf")
    expected["link_outside.pdf"] = "E008"
    (folder / "loop_a.pdf").symlink_to(folder / "loop_b.pdf")
    (folder / "loop_b.pdf").symlink_to(folder / "loop_a.pdf")
    expected["loop_a.pdf"] = expected["loop_b.pdf"] = "E008"
    (folder / "dir_link").symlink_to(outside, target_is_directory=True)
    expected["dir_link"] = "E008"
    _write_csv(folder / "injection.csv", [HEADER] + [
        [f"2021-04-0{i + 1}", f"{10 * (i + 1)}.00", "", cp, "6222000099990000", "转账"]
        for i, cp in enumerate(INJECTIONS)])
    expected["injection.csv"] = None
    _write_csv(folder / "malformed.csv", [HEADER] + [row for row, _ in MALFORMED])
    expected["malformed.csv"] = "E011"
    return folder, expected


def _q(case: Path, sql: str, args: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(case)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


@pytest.mark.slow
def test_hostile_batch_each_bad_input_coded_and_good_files_kept(tmp_path, case_path):
    folder, expected = _build_batch(tmp_path)
    report = import_paths([folder], case=case_path, workers=1)
    by_name = {}
    for issue in report.issues:
        by_name.setdefault((issue.path or "").rsplit("/", 1)[-1], set()).add(issue.code)
    for name, code in expected.items():
        if code is not None:
            assert code in by_name.get(name, set()), f"{name!r}: expected {code}, got {by_name.get(name)}"
    print(f"bad inputs tried: {len(expected)} files + {len(MALFORMED)} malformed rows + {len(INJECTIONS)} "
          "formula cells")
    imported = {p.rsplit("/", 1)[-1] for p in report.imported}
    for name in ("good.pdf", "pdf_named.jpg", "png_named.pdf", "broken_xref.pdf", "new\nline.pdf",
                 "bad\\xff\\xfe.pdf", "injection.csv", "malformed.csv"):
        assert name in imported, f"{name!r} not imported: {sorted(imported)}"
    # every page of every imported paged file is present exactly once
    docs = _q(case_path, "SELECT d.name, d.page_count, count(p.id), count(DISTINCT p.number) FROM documents d"
                         " LEFT JOIN pages p ON p.document_id = d.id GROUP BY d.id")
    for name, page_count, stored, distinct in docs:
        assert stored == distinct == page_count, name
    pages = dict(((n, num), t) for n, num, t in _q(
        case_path, "SELECT d.name, p.number, p.text FROM pages p JOIN documents d ON d.id = p.document_id"))
    assert "张伟" in pages[("good.pdf", 1)] and "6222021234567890" in pages[("good.pdf", 2)]
    assert "陈静" in pages[("broken_xref.pdf", 1)] and "第二页" in pages[("broken_xref.pdf", 2)]
    assert "刘洋" in pages[("pdf_named.jpg", 1)]
    assert ("png_named.pdf", 1) in pages
    # the outside file never got in; the encrypted one waits for its password; the bomb page is failed, not decoded
    names = {n for n, *_ in docs}
    assert not names & {"secret.pdf", "locked.pdf", "frames.tif", "zero_pages.pdf"}
    assert _q(case_path, "SELECT p.status, p.text FROM pages p JOIN documents d ON d.id = p.document_id"
                         " WHERE d.name = 'bomb.pdf'") == [("failed", "")]
    # every issue is stored in the case with a hint
    stored = _q(case_path, "SELECT code, message FROM issues")
    assert len(stored) >= len([c for c in expected.values() if c]) and all("What to do" in m for _, m in stored)


@pytest.mark.slow
def test_malformed_statement_rows_flagged_or_rejected_none_lost(tmp_path, case_path):
    path = _write_csv(tmp_path / "malformed.csv", [HEADER] + [row for row, _ in MALFORMED])
    report = import_paths([path], case=case_path, workers=1)
    assert "E011" in {i.code for i in report.issues}
    ledger = [f"{t} {m} {f}" for t, m, f in _q(case_path, "SELECT time, memo, flags FROM transactions")]
    rejected = [f"{r} {d}" for r, d in _q(case_path, "SELECT reason, data FROM rejected_rows")]
    assert len(ledger) + len(rejected) == len(MALFORMED), (ledger, rejected)  # no row lost
    for cells, flag in MALFORMED:
        witness = cells[5] if len(cells) > 5 else cells[0]
        kept = [r for r in ledger + rejected if witness in r]
        assert len(kept) == 1, (witness, ledger, rejected)
        if flag:
            assert flag in kept[0], (flag, kept[0])


@pytest.mark.slow
def test_formula_injection_neutralised_on_export(tmp_path, case_path):
    from app.services.export import export

    path = _write_csv(tmp_path / "injection.csv", [HEADER] + [
        [f"2021-04-0{i + 1}", f"{10 * (i + 1)}.00", "", cp, "6222000099990000", m]
        for i, (cp, m) in enumerate(zip(INJECTIONS, INJECTIONS[::-1], strict=True))])
    import_paths([path], case=case_path, workers=1)
    assert len(_q(case_path, "SELECT id FROM transactions")) == len(INJECTIONS)
    export("transactions", case_path, "csv", tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["cp_name"] for r in rows) == sorted("'" + s for s in INJECTIONS)
    assert all(r["memo"].startswith("'") for r in rows)
    export("transactions", case_path, "xlsx", tmp_path / "out.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    cells = [c for row in wb.active.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert not [t for t in texts if t[:1] in "=+-@"]


def test_encrypted_pdf_wrong_then_right_password(tmp_path, case_path):
    locked = _encrypted(make_text_pdf(tmp_path / "p.pdf", ["机密 李明"]), tmp_path / "locked.pdf")
    report = import_paths([locked], case=case_path, password="wrong", run_post_stages=False)
    assert [(i.code, "wrong password" in i.message) for i in report.issues] == [("E004", True)]
    report = import_paths([locked], case=case_path, password="s3cret", run_post_stages=False)
    assert report.pages_added == 1 and not report.issues


@pytest.mark.slow
def test_many_frame_tiff_under_limit_imports_every_frame(tmp_path, case_path):
    tif = _tiff(tmp_path / "stack.tif", 3_000)
    report = import_paths([tif], case=case_path, run_post_stages=False)
    assert not report.issues and report.pages_added == 3_000
    assert _q(case_path, "SELECT count(DISTINCT number), min(number), max(number) FROM pages") == [(3000, 1, 3000)]


def test_unreadable_file_gets_e001_and_the_rest_imports(tmp_path, case_path):
    folder = tmp_path / "in"
    folder.mkdir()
    make_text_pdf(folder / "good.pdf", ["张伟"])
    secret = make_text_pdf(folder / "secret.pdf", ["李四"])
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop root reading, and no unprivileged user can "
                        "reach this interpreter to run the import as another user")
        report = import_paths([folder], case=case_path, run_post_stages=False)
        assert [(i.code, i.path.rsplit("/", 1)[-1]) for i in report.issues] == [("E001", "secret.pdf")]
        assert [p.rsplit("/", 1)[-1] for p in report.imported] == ["good.pdf"]
    finally:
        secret.chmod(0o600)


@pytest.mark.slow
def test_image_bomb_refused_under_a_memory_limit(tmp_path):
    """The OCR stage must refuse a 30,000 x 30,000 page image (E007), not decode 900 MB, under a 3 GB address limit."""
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(image_bomb_pdf())
    case = tmp_path / "bomb.case"
    script = textwrap.dedent(f"""
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        from app.services.imports import import_paths
        report = import_paths([{str(pdf)!r}], case={str(case)!r}, workers=1)
        print(json.dumps([[i.code, i.page] for i in report.issues]))
    """)
    env = dict(os.environ, CASELENS_OCR_WORKERS="1")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    issues = json.loads(proc.stdout.strip().splitlines()[-1])
    assert ["E007", 1] in issues
    assert _q(case, "SELECT number, status FROM pages") == [(1, "failed")]
