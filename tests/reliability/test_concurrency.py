"""The GUI's reader connection stays usable while an import writes (WAL): no 'database is locked' reaches it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.services.case import open_reader, open_writer
from app.store.search import count_hits, search_pages
from tests.conftest import make_text_pdf

ROOT = Path(__file__).resolve().parents[2]
PAGES = 300


@pytest.mark.slow
def test_reader_queries_all_return_while_import_writes(tmp_path, case_path):
    pdf = make_text_pdf(tmp_path / "big.pdf", [f"第{i}页 被讯问人张伟 账号6222{i:012d} 王芳" for i in range(1, PAGES + 1)])
    open_writer(case_path).close()  # the GUI creates the case, then starts the import
    env = dict(os.environ, CASELENS_HOME=str(tmp_path / "home"))
    proc = subprocess.Popen([sys.executable, "-m", "app", "import", str(pdf), "--case", str(case_path),
                             "--workers", "2", "--text-only"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    errors: list[str] = []
    counts = {"queries": 0, "while_running": 0}
    seen_by_thread: list[list[int]] = []

    def reader_loop() -> None:
        seen_pages: list[int] = []
        seen_by_thread.append(seen_pages)
        conn = open_reader(case_path)  # one connection per reader thread, as the UI's workers do
        try:
            while True:
                running = proc.poll() is None
                try:
                    seen_pages.append(conn.execute("SELECT count(*) FROM pages").fetchone()[0])
                    count_hits(conn, "张伟")
                    search_pages(conn, "王芳 6222", limit=5)
                    conn.execute("SELECT count(*) FROM page_fts").fetchone()
                except Exception as exc:  # every query must return
                    errors.append(f"{type(exc).__name__}: {exc}")
                counts["queries"] += 1
                counts["while_running"] += running
                if not running:
                    return
                time.sleep(0.01)
        finally:
            conn.close()

    threads = [threading.Thread(target=reader_loop) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()[-2000:]
    assert not errors, errors[:5]
    assert counts["while_running"] > 0
    for seen in seen_by_thread:  # each reader sees pages only ever added, never a page going missing
        assert seen == sorted(seen) and seen[-1] == PAGES
    conn = open_reader(case_path)
    try:
        assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == PAGES
        assert count_hits(conn, "张伟") == PAGES
    finally:
        conn.close()
