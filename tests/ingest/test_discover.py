import os

from app.ingest.discover import discover, sniff_kind


def test_discover_walks_folders_in_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    found, issues = discover([tmp_path])
    assert [f.path.name for f in found] == ["a.pdf", "2.pdf"]
    assert [i.code for i in issues] == ["E002"]


def test_sniff_kind_trusts_content_over_extension(tmp_path):
    png_named_pdf = tmp_path / "scan.pdf"
    png_named_pdf.write_bytes(b"\x89PNG\r\n\x1a\n....")
    assert sniff_kind(png_named_pdf) == "image"
    pdf_named_jpg = tmp_path / "doc.jpg"
    pdf_named_jpg.write_bytes(b"%PDF-1.7")
    assert sniff_kind(pdf_named_jpg) == "pdf"


def test_links_outside_folder_and_loops_are_skipped_with_code(tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF-1.4")
    root = tmp_path / "root"
    root.mkdir()
    (root / "inside.pdf").write_bytes(b"%PDF-1.4")
    os.symlink(outside, root / "escape.pdf")
    os.symlink(root / "inside.pdf", root / "alias.pdf")
    os.symlink(root, root / "loop")
    os.symlink(root / "l2", root / "l1")
    os.symlink(root / "l1", root / "l2")
    found, issues = discover([root])
    assert [f.path.name for f in found] == ["alias.pdf"] or [f.path.name for f in found] == ["inside.pdf"]
    codes = sorted(i.code for i in issues)
    assert codes.count("E008") == 4  # escape, folder link, two looping links


def test_unreadable_file_is_reported(tmp_path):
    f = tmp_path / "secret.pdf"
    f.write_bytes(b"%PDF-1.4")
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):  # running as root: permissions do not apply
            return
        found, issues = discover([tmp_path])
        assert not found and issues[0].code == "E001"
    finally:
        f.chmod(0o600)


def test_missing_path_is_reported(tmp_path):
    found, issues = discover([tmp_path / "nope"])
    assert not found and issues[0].code == "E001"


def test_invalid_utf8_file_name_is_kept_displayable(tmp_path):
    raw = os.fsencode(tmp_path) + b"/\xff\xfe-scan.pdf"
    with open(raw, "wb") as fh:
        fh.write(b"%PDF-1.4")
    found, _ = discover([tmp_path])
    assert len(found) == 1
