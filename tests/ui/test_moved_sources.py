"""A case opened from another folder shows its pages; a moved source file is named, located, shown."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from app.core.errors import CaseLensError
from app.services.imports import import_paths
from app.services.sources import relocate, resolve
from tests.conftest import make_text_pdf


def _imported_relative(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    make_text_pdf(src / "卷宗.pdf", ["第一页 张伟", "第二页 李娜"])
    monkeypatch.chdir(tmp_path)
    case = tmp_path / "cases" / "c.case"
    case.parent.mkdir()
    import_paths(["in/卷宗.pdf"], case=case, run_post_stages=False)  # a relative path, as typed
    return case, src / "卷宗.pdf"


def test_case_imported_with_a_relative_path_opens_from_anywhere(tmp_path, monkeypatch):
    case, pdf = _imported_relative(tmp_path, monkeypatch)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    conn = sqlite3.connect(case)
    assert resolve(conn, case, 1) == str(pdf.resolve())


def test_a_moved_source_is_found_beside_the_case_by_its_hash(tmp_path, monkeypatch):
    case, pdf = _imported_relative(tmp_path, monkeypatch)
    moved = case.parent / pdf.name
    shutil.move(pdf, moved)
    conn = sqlite3.connect(case)
    assert resolve(conn, case, 1) == str(moved)


def test_a_moved_source_is_named_then_located(tmp_path, monkeypatch):
    case, pdf = _imported_relative(tmp_path, monkeypatch)
    away = tmp_path / "usb"
    away.mkdir()
    shutil.move(pdf, away / "renamed.pdf")
    conn = sqlite3.connect(case)
    with pytest.raises(CaseLensError) as err:
        resolve(conn, case, 1)
    assert err.value.code == "E021" and "卷宗.pdf" in err.value.message()
    other = tmp_path / "other.pdf"
    make_text_pdf(other, ["不是同一个文件"])
    with pytest.raises(CaseLensError) as wrong:
        relocate(case, 1, other)
    assert wrong.value.code == "E015"
    assert relocate(case, 1, away / "renamed.pdf") == 1
    assert resolve(sqlite3.connect(case), case, 1) == str((away / "renamed.pdf").resolve())
    audit = sqlite3.connect(case).execute("SELECT count(*) FROM audit_log WHERE action = 'relocate'").fetchone()[0]
    assert audit == 1


def test_reader_names_the_missing_file_and_shows_the_page_once_located(qtbot, tmp_path, monkeypatch):
    from app.ui.app import create_app
    from app.ui.main_window import MainWindow

    case, pdf = _imported_relative(tmp_path, monkeypatch)
    away = tmp_path / "usb"
    away.mkdir()
    shutil.move(pdf, away / pdf.name)
    os.chdir(away)
    create_app([])
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_case(case)
    page_id = sqlite3.connect(case).execute("SELECT min(id) FROM pages").fetchone()[0]
    win.selection.open_page(page_id)
    reader = win.reader
    assert reader.missing.isVisible() and "卷宗.pdf" in reader.missing_text.text()
    assert reader.locate_source(str(away / pdf.name))
    assert not reader.missing.isVisible()
    assert reader._pixmap_item is not None and not reader._pixmap_item.pixmap().isNull()  # noqa: SLF001
