"""kill -9 in the middle of an import, then resume: every page exactly once, database intact."""

import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import make_text_pdf

PAGES = 400


def _run_import(pdf, case, kill_after=None):
    # Text stage only: page-level resume is what this proves; bench/bench_crash.py kills all stages.
    cmd = [sys.executable, "-m", "app", "import", str(pdf), "--case", str(case), "--workers", "1", "--text-only"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        return proc.wait(timeout=300)
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=60)


@pytest.mark.slow
def test_kill_mid_import_then_resume_keeps_every_page_once(tmp_path):
    pdf = make_text_pdf(tmp_path / "dossier.pdf", [f"第{i}页 被讯问人张伟 账号6222{i:012d}" for i in range(1, PAGES + 1)])
    rng = random.Random(7)
    for trial in range(3):
        case = tmp_path / f"t{trial}.case"
        _run_import(pdf, case, kill_after=rng.uniform(0.6, 1.6))
        assert _run_import(pdf, case) == 0
        conn = sqlite3.connect(case)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        numbers = [r[0] for r in conn.execute("SELECT number FROM pages ORDER BY number")]
        assert numbers == list(range(1, PAGES + 1))
        fts = conn.execute("SELECT count(*) FROM page_fts").fetchone()[0]
        assert fts == PAGES
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
