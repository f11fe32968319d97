"""OCR workers never outlive the process that started them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import make_text_pdf

ROOT = Path(__file__).resolve().parents[2]

PARENT = """
import os, sys
from app.ingest.ocr.pool import OcrPool
pool = OcrPool(2, engine="none-for-test")
ex = pool._pool()
for f in [ex.submit(os.getpid) for _ in range(4)]:
    f.result()
print(" ".join(str(p) for p in ex._processes), flush=True)
os._exit(0)  # die without shutting the pool down, as a killed or crashed app would
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state  # a zombie has exited; only its exit status is left


def test_workers_exit_when_their_parent_dies():
    out = subprocess.run([sys.executable, "-c", PARENT], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    pids = [int(p) for p in out.stdout.split()]
    assert pids, out.stderr
    deadline = time.monotonic() + 60  # a liveness bound, not a speed figure
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids), f"orphaned OCR workers still running: {pids}"


def test_workers_are_replaced_after_their_page_quota_and_every_page_comes_back(monkeypatch, tmp_path):
    from app.ingest.ocr import pool as ocr_pool
    from app.ingest.ocr.pool import OcrPool, PageTask

    monkeypatch.setattr(ocr_pool, "RECYCLE_PAGES", 2)
    pdf = make_text_pdf(tmp_path / "d.pdf", [f"第{i}页" for i in range(7)])
    tasks = [PageTask(page_id=i + 1, path=str(pdf), number=i + 1) for i in range(7)]
    with OcrPool(2, engine="none-for-test") as pool:
        outcomes = list(pool.run(tasks))
        assert pool.restarts == 0  # a recycled worker is not a crash
    assert sorted(o.task.page_id for o in outcomes) == list(range(1, 8))
    assert {o.error_code for o in outcomes} == {"E017"}  # the unknown engine, reported per page
